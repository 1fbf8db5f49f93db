"""The MR a GitLab merge request pipeline runs for, from its ``CI_MERGE_REQUEST_*`` variables.

GitLab cuts ``CI_MERGE_REQUEST_DESCRIPTION`` at 2,700 characters and then sets
``CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED=true``; the document records that in
``extra["truncated"]`` so the command can say what it could not see.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from custlint.document.model import Document
from custlint.errors import UserError
from custlint.sources.pr_description import pr_document

TRUNCATED_AT = 2700
_DRAFT_TITLE = re.compile(r"\s*(?:\[draft\]|\(draft\)|draft:|draft -|\[wip\]|wip:)", re.IGNORECASE)


def is_mr_pipeline(env: Mapping[str, str]) -> bool:
    return bool(env.get("CI_MERGE_REQUEST_IID"))


def read_env(env: Mapping[str, str]) -> Document:
    if not is_mr_pipeline(env):
        raise UserError(
            "this GitLab pipeline is not a merge request pipeline (no CI_MERGE_REQUEST_IID); run the job with "
            '`rules: - if: $CI_PIPELINE_SOURCE == "merge_request_event"`, or pass --body-file and --title'
        )
    iid = env["CI_MERGE_REQUEST_IID"]
    title = env.get("CI_MERGE_REQUEST_TITLE", "")
    labels = [lab.strip() for lab in env.get("CI_MERGE_REQUEST_LABELS", "").split(",") if lab.strip()]
    draft_var = env.get("CI_MERGE_REQUEST_DRAFT", "")
    draft = draft_var.lower() == "true" if draft_var else bool(_DRAFT_TITLE.match(title))
    truncated = env.get("CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED", "").lower() == "true"
    return pr_document(
        title=title,
        body=env.get("CI_MERGE_REQUEST_DESCRIPTION", ""),
        subject=f"!{iid}",
        labels=labels,
        target=env.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", ""),
        draft=draft,
        extra={
            "number": iid,
            "repo": env.get("CI_PROJECT_PATH", ""),
            "event": "merge_request_event",
            "head_sha": env.get("CI_COMMIT_SHA", ""),
            "branch": env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", ""),  # ticket-from-branch reads it
            "url": env.get("CI_MERGE_REQUEST_PROJECT_URL", "")
            and f"{env['CI_MERGE_REQUEST_PROJECT_URL']}/-/merge_requests/{iid}",
            "origin": "gitlab",
            "truncated": truncated,
        },
    )

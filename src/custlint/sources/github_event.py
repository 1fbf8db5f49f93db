"""The PR a GitHub Actions job runs for: the event payload at ``$GITHUB_EVENT_PATH``.

Handles ``pull_request`` and ``pull_request_target`` (the PR is in the payload; ``body`` may be
null) and ``merge_group`` (the payload names the PR only in ``head_ref``, so its description is
read from the REST API with the job's token). Anything else is a clear error, never a guess.
"""

from __future__ import annotations

import json
import re

from custlint.core.files import read_regular, shown
from custlint.document.model import Document
from custlint.errors import UserError
from custlint.sources.pr_description import pr_document

PR_EVENTS = ("pull_request", "pull_request_target")
EVENTS = PR_EVENTS + ("merge_group",)
_QUEUE_REF = re.compile(r"/pr-(\d+)-[0-9a-f]+\Z")
WORKFLOW_HINT = (
    "trigger the workflow with `on: pull_request: types: [opened, edited, synchronize, reopened, labeled, unlabeled]`"
)


def load_payload(path: str | None) -> dict:
    if not path:
        raise UserError(
            "GITHUB_EVENT_PATH is not set, so there is no event payload to read; "
            "run inside GitHub Actions, pass --event FILE, or pass --body-file and --title"
        )
    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise UserError(f"the event payload {shown(path)} does not exist; check GITHUB_EVENT_PATH or --event") from None
    except OSError as exc:
        raise UserError(f"cannot read the event payload {shown(path)}: {exc.strerror or exc}") from None
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UserError(
            f"the event payload {path} is not valid JSON ({str(exc).splitlines()[0][:80]}); "
            "re-run the job, or pass --body-file and --title"
        ) from None
    if not isinstance(payload, dict):
        raise UserError(
            f"the event payload {path} is not a JSON object; pass the file GitHub wrote to GITHUB_EVENT_PATH"
        )
    return payload


def guess_event(payload: dict) -> str:
    if "pull_request" in payload:
        return "pull_request"
    if "merge_group" in payload:
        return "merge_group"
    return ""


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def pr_from_api_object(pr: dict, *, event: str, repo: str, source: str) -> Document:
    """A document from a pull request object, as in the payload and the REST API."""
    if not isinstance(pr, dict):
        raise UserError(f"{source}: 'pull_request' is not an object; pass the payload of a pull_request event")
    number = pr.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or not isinstance(pr.get("title"), str):
        raise UserError(f"{source}: the pull request has no number or title; pass the payload GitHub wrote, unmodified")
    body = pr.get("body")
    if body is not None and not isinstance(body, str):
        raise UserError(f"{source}: the pull request body is neither text nor null")
    raw_labels = pr.get("labels")
    if not isinstance(raw_labels, list):  # a hand-made payload may hold anything
        raw_labels = []
    labels = [lab["name"] for lab in raw_labels if isinstance(lab, dict) and isinstance(lab.get("name"), str)]
    base = _dict(pr.get("base"))
    head = _dict(pr.get("head"))
    user = _dict(pr.get("user"))
    return pr_document(
        title=pr["title"],
        body=body,
        subject=f"#{number}",
        labels=labels,
        target=_str(base.get("ref")),
        draft=pr.get("draft") is True,
        author=_str(user.get("login")),
        author_is_bot=user.get("type") == "Bot",
        extra={
            "number": number,
            "repo": repo,
            "event": event,
            "head_sha": _str(head.get("sha")),
            "branch": _str(head.get("ref")),  # the head branch (ticket-from-branch reads it)
            "url": _str(pr.get("html_url")),
            "origin": "github",
        },
    )


def read_event(event: str, path: str | None, *, fetch_pr=None, repository: str = "") -> Document:
    """The PR of a GitHub Actions event. ``fetch_pr(repo, number)`` reads a PR from the API (merge queues);
    ``repository`` (OWNER/NAME, the job's ``GITHUB_REPOSITORY``) is the repository when the payload names none."""
    payload = load_payload(path)
    event = event or guess_event(payload)
    if event not in EVENTS:
        raise UserError(
            f"custlint pr judges pull_request, pull_request_target and merge_group events, not "
            f"'{event or 'unknown'}'; {WORKFLOW_HINT}, or run `custlint commits` for pushes"
        )
    repo_obj = _dict(payload.get("repository"))
    repo = _str(repo_obj.get("full_name")) or repository
    if event in PR_EVENTS:
        if "pull_request" not in payload:
            raise UserError(
                f"the {event} payload {path} has no 'pull_request'; pass the file GitHub wrote to GITHUB_EVENT_PATH"
            )
        return pr_from_api_object(payload["pull_request"], event=event, repo=repo, source=str(path))
    group = payload.get("merge_group")
    if not isinstance(group, dict):
        raise UserError(
            f"the merge_group payload {shown(str(path))} has no 'merge_group' object; pass the file GitHub wrote"
        )
    m = _QUEUE_REF.search(_str(group.get("head_ref")))
    if not m:
        raise UserError(
            f"the merge_group payload {path} names no pull request in head_ref "
            f"({_str(group.get('head_ref'))[:80]!r}); run custlint pr on pull_request events instead"
        )
    number = int(m.group(1))
    if fetch_pr is None:
        raise UserError(
            f"a merge_group event carries no PR description; give the step a token (GITHUB_TOKEN with "
            f"pull-requests: read) so custlint can read PR #{number}, or judge PRs on pull_request events"
        )
    doc = pr_from_api_object(fetch_pr(repo, number), event=event, repo=repo, source=f"PR #{number} from the API")
    doc.extra["target_branch"] = _str(group.get("base_ref")).removeprefix("refs/heads/") or doc.extra["target_branch"]
    doc.extra["head_sha"] = _str(group.get("head_sha"))
    return doc

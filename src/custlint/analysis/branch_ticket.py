"""A ticket key read from the branch name (``feature/SHOP-12-reorder``), as jira-lint users ask.

Opt-in (``ticket-from-branch = true``). The branch of a PR/MR is its head branch (the GitHub
payload's ``pull_request.head.ref``, GitLab's ``CI_MERGE_REQUEST_SOURCE_BRANCH_NAME``); of a commit
being written, the branch the commit-msg hook runs on (``$GIT_DIR/HEAD``). Commits read from
history (``custlint commits``, ``custlint audit``) are judged by their own text: the branch they
were made on is not recorded in git, and the CI's branch is not theirs.

The key counts as a reference to that ticket and as nothing more, exactly as ``Refs SHOP-12`` in
the text would: with a ticket source the ticket must exist and hold a customer problem and a KPI
(TK101-TK103); without one the reference is the link, as the default policy says. A key written
in capitals (``feature/SHOP-12-x``) counts unless it is in ``not-ticket-keys`` (or outside
``ticket-projects`` when that is set); a lower-case one (``feature/shop-12-x``) counts only for a
project in ``ticket-projects``, since ``release-2024`` or ``bump-3`` are words, not keys.
"""

from __future__ import annotations

import os

from custlint.core.lazyre import lazy
from custlint.document.refs import Ref

_KEY = lazy(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9_]*)-(\d+)(?![A-Za-z0-9])")


def branch_of(doc) -> str:
    """The branch ``doc`` was made on, without ``refs/heads/``; '' when unknown."""
    branch = doc.extra.get("branch") or ""
    if not branch and doc.kind == "commit" and doc.extra.get("git_dir"):
        branch = _head_branch(doc.extra["git_dir"])  # the commit-msg hook: the branch being committed to
    return branch.removeprefix("refs/heads/") if isinstance(branch, str) else ""


def _head_branch(git_dir: str) -> str:
    try:
        with open(os.path.join(git_dir, "HEAD"), encoding="utf-8") as fh:
            head = fh.read(4096).strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return head[len("ref: refs/heads/") :] if head.startswith("ref: refs/heads/") else ""


def branch_keys(branch: str, projects: tuple[str, ...], not_keys: tuple[str, ...]) -> list[str]:
    """The ticket keys in a branch name, upper-cased, in order, each once."""
    allowed = {p.upper() for p in projects}
    denied = {k.upper() for k in not_keys}
    out: list[str] = []
    for m in _KEY.finditer(branch[:255]):
        proj, num = m.group(1), m.group(2)
        written_as_key = proj.isupper()
        project = proj.upper()
        if allowed:
            if project not in allowed:
                continue
        elif not written_as_key or project in denied:
            continue
        key = f"{project}-{num}"
        if key not in out:
            out.append(key)
    return out


def branch_refs(doc, settings) -> list[Ref]:
    """References to the tickets the branch of ``doc`` names (none unless ``ticket-from-branch``)."""
    config = settings.config
    if config is None or not config.ticket_from_branch or doc.kind not in ("commit", "pr"):
        return []
    branch = branch_of(doc)
    if not branch:
        return []
    return [
        Ref(f"branch {branch}", key, "jira", 1) for key in branch_keys(branch, settings.projects, settings.not_keys)
    ]

"""GitLab issues as tickets: the live API (``--from gitlab``) and an export of it (``--from gitlab-json``).

Live: ``GET /projects/:id/issues?scope=all`` on ``CI_API_V4_URL`` (default gitlab.com), every page
(``Link``/``X-Next-Page``), with ``CUSTLINT_GITLAB_TOKEN`` (read_api) or the job's ``CI_JOB_TOKEN``.
Export: the JSON the API returns: one page (an array of issues), the pages of
``glab api --paginate`` (arrays one after another), or ``{"issues": [...]}``.
A ticket's id is ``#IID``, as a commit in the project references it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from custlint.document.ticket import SourceError, Ticket, TicketError
from custlint.sources.tickets.exports import _label_names, issue_core, label_type, load_json
from custlint.sources.tickets.files import iso

EXPORT_HINT = "the JSON array GET /projects/:id/issues returns (e.g. `glab api --paginate projects/:id/issues`)"
ISSUE_TYPES = {"incident": "incident", "task": "task", "test_case": "task", "requirement": "story"}


def gitlab_ticket(item: Any, source: str) -> Ticket:
    iid, title, body = issue_core(item, "iid", "description")
    labels = _label_names(item.get("labels"), "")
    state = str(item.get("state") or "").lower()
    status = "open" if state in ("opened", "reopened") else state
    closed = item.get("closed_at") or ""
    kind = str(item.get("issue_type") or item.get("type") or "").lower()
    return Ticket(
        id=f"#{iid}",
        title=title,
        body=body,
        status=status,
        type=label_type(labels) or ISSUE_TYPES.get(kind, ""),
        labels=labels,
        done_at=iso(closed) if isinstance(closed, str) else "",
        source=source,
        extra={"url": item.get("web_url") or "", **_notes_count(item)},
    )


def _notes_count(item: dict) -> dict:
    """``{"comments": N}`` from the listing's ``user_notes_count`` (release skips reading an issue with none)."""
    n = item.get("user_notes_count")
    return {"comments": n} if isinstance(n, int) and not isinstance(n, bool) and n >= 0 else {}


def gitlab_items(items: list, where: str, source: str) -> Iterator[Ticket | TicketError]:
    for k, item in enumerate(items):
        try:
            yield gitlab_ticket(item, source)
        except ValueError as exc:
            iid = item.get("iid") if isinstance(item, dict) else None
            name = f"#{iid}" if isinstance(iid, int) and not isinstance(iid, bool) else f"entry {k + 1}"
            yield TicketError(f"{where}: issue {name}", str(exc))


def _pages(path: str) -> list:
    """The issues of an export: one array, ``{"issues": [...]}``, or arrays one after another."""
    try:
        data = load_json(path, "GitLab issues export")
    except SourceError as exc:
        if "not valid JSON" not in str(exc):
            raise
        from pathlib import Path

        from custlint.core.files import read_regular

        text = read_regular(Path(path)).decode("utf-8-sig", "replace")
        decoder, pos, pages = json.JSONDecoder(), 0, []
        try:
            while pos < len(text):
                while pos < len(text) and text[pos].isspace():
                    pos += 1
                if pos == len(text):
                    break
                page, pos = decoder.raw_decode(text, pos)
                pages.append(page)
        except ValueError:
            raise exc from None
        if not pages or not all(isinstance(p, list) for p in pages):
            raise exc from None
        return [i for p in pages for i in p]
    if isinstance(data, dict) and isinstance(data.get("issues"), list):
        data = data["issues"]
    if not isinstance(data, list):
        raise SourceError(f"{path}: not a GitLab issues export; expected {EXPORT_HINT}")
    return data


def read_gitlab_json(path: str) -> Iterator[Ticket | TicketError]:
    yield from gitlab_items(_pages(path), path, f"gitlab-json {path}")


def gitlab_tickets(project: str, config, ci=None) -> list[Ticket | TicketError]:
    from custlint.sources import ci_env
    from custlint.sources.gitlab_api import TOKEN_VAR, ApiError, GitLab, credentials, project_ref
    from custlint.sources.http import check_base_url

    env = (ci_env.current() if ci is None else ci).gitlab
    ref = project_ref(env, project)
    if not ref:
        raise SourceError(
            "--from gitlab needs --repo GROUP/PROJECT (or [tool.custlint.tickets] repo; in a GitLab job CI_PROJECT_ID)"
        )
    base = check_base_url(env.get("CI_API_V4_URL") or "https://gitlab.com/api/v4", "CI_API_V4_URL")
    token, kind = credentials(env)
    t = config.tickets
    client = GitLab(
        token, kind, base, timeout=float(t.timeout), retries=int(t.retries), max_wait=float(t.max_retry_wait)
    )
    shown = project or env.get("CI_PROJECT_PATH") or env.get("CI_PROJECT_ID", "")
    out: list[Ticket | TicketError] = []
    try:
        for page in client.issues(ref):
            out.extend(gitlab_items(page, f"GitLab {shown}", f"gitlab {shown}"))
    except ApiError as exc:
        need = (
            f"; {TOKEN_VAR} (scope read_api) reads a private project's issues"
            if exc.status in (401, 403, 404) and TOKEN_VAR not in str(exc)
            else ""
        )
        raise SourceError(f"cannot read the issues of GitLab project {shown}: {exc}{need}") from None
    return out

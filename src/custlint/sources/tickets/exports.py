"""Ticket exports: ``gh issue list --json ...`` output and a Jira REST search response.

Both readers also serve the live sources, which receive the same shapes from
the APIs. A document of the wrong shape is a :class:`SourceError` (exit 2) naming
the file; one malformed entry is a :class:`TicketError` and the others are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from custlint.core.files import read_regular
from custlint.document.ticket import PullRequest, SourceError, Ticket, TicketError
from custlint.sources.tickets.adf import to_text
from custlint.sources.tickets.files import iso

GH_FIELDS = "number,title,body,state,labels,closedAt"
NOT_DONE_RESOLUTIONS = {"won't do", "won't fix", "duplicate", "cannot reproduce", "declined", "obsolete", "not a bug"}
TYPE_LABELS = {
    "bug": "bug",
    "feature": "feature",
    "enhancement": "feature",
    "feature request": "feature",
    "story": "story",
    "task": "task",
    "epic": "epic",
    "incident": "incident",
    "chore": "chore",
}


def load_json(path: str, what: str) -> Any:
    p = Path(path)
    try:
        raw = read_regular(p)
    except FileNotFoundError:
        raise SourceError(f"{what} file not found: {path}") from None
    except IsADirectoryError:
        raise SourceError(f"{path} is a directory; pass the {what} JSON file") from None
    except OSError as exc:
        raise SourceError(f"cannot read {what} file {path}: {exc.strerror or exc}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8; save the {what} as UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"{path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); export it again"
        ) from None


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _label_names(labels: Any, where: str) -> list[str]:
    if labels is None:
        return []
    if not isinstance(labels, list):
        raise ValueError("'labels' must be a list")
    out = []
    for label in labels:
        if isinstance(label, str):
            out.append(label)
        elif isinstance(label, dict) and isinstance(label.get("name"), str):
            out.append(label["name"])
        else:
            raise ValueError("each label must be a name or an object with 'name'")
    return out


def issue_core(item: Any, number_key: str, body_key: str) -> tuple[int, str, str]:
    """``(number, title, body)`` of one issue object of a tracker's JSON, or ValueError saying what is wrong;
    the title on one line, the body with ``\n`` line ends."""
    if not isinstance(item, dict):
        raise ValueError(f"an issue must be an object, not {type(item).__name__}")
    number = item.get(number_key)
    if not isinstance(number, int) or isinstance(number, bool):
        raise ValueError(f"no issue '{number_key}'")
    title = item.get("title")
    if not isinstance(title, str):
        raise ValueError("no 'title'")
    body = item.get(body_key) or ""
    if not isinstance(body, str):
        raise ValueError(f"'{body_key}' must be text")
    return number, " ".join(title.split()), body.replace("\r\n", "\n")


def label_type(labels: list[str]) -> str:
    """The ticket type the first label of :data:`TYPE_LABELS` names ("enhancement" -> "feature"), or ""."""
    return next((TYPE_LABELS[lab.lower()] for lab in labels if lab.lower() in TYPE_LABELS), "")


def github_ticket(item: Any, where: str, source: str) -> Ticket:
    """One issue from ``gh issue list --json`` (camelCase) or the REST API (snake_case)."""
    number, title, body = issue_core(item, "number", "body")
    labels = _label_names(item.get("labels"), where)
    state = str(item.get("state") or "").lower()
    reason = str(item.get("stateReason") or item.get("state_reason") or "").lower().replace("_", " ")
    status = f"{state} ({reason})" if state == "closed" and reason == "not planned" else state
    closed = item.get("closedAt") or item.get("closed_at") or ""
    if isinstance(closed, str) and closed.startswith("0001-"):  # Go's zero time for an open issue
        closed = ""
    return Ticket(
        id=f"#{number}",
        title=title,
        body=body,
        status=status,
        type=label_type(labels),
        labels=labels,
        done_at=iso(closed),
        source=source,
        extra={
            "url": item.get("url") or item.get("html_url") or "",
            **({"comments": item["comments"]} if isinstance(item.get("comments"), int) else {}),
        },
    )


def read_github_json(path: str) -> Iterator[Ticket | TicketError | PullRequest]:
    data = load_json(path, "GitHub issues export")
    if isinstance(data, dict) and isinstance(data.get("issues"), list):
        data = data["issues"]
    if not isinstance(data, list):
        raise SourceError(
            f"{path}: not a GitHub issues export; expected the JSON array that "
            f"`gh issue list --state all --json {GH_FIELDS}` prints"
        )
    yield from github_items(data, path, f"github-json {path}")


def github_items(items: list, where: str, source: str) -> Iterator[Ticket | TicketError | PullRequest]:
    for k, item in enumerate(items):
        if isinstance(item, dict) and ("pull_request" in item):
            # the REST issues list includes pull requests: kept as such, so "#12" is told as a pull request
            num = item.get("number")
            if isinstance(num, int) and not isinstance(num, bool):
                yield PullRequest(f"#{num}")
            continue
        try:
            yield github_ticket(item, where, source)
        except ValueError as exc:
            num = item.get("number") if isinstance(item, dict) else None
            yield TicketError(
                f"{where}: issue {'#' + str(num) if num is not None else 'entry ' + str(k + 1)}", str(exc)
            )


def jira_ticket(item: Any, source: str) -> Ticket:
    """One issue of a Jira REST search response (v2 plain text or v3 ADF descriptions)."""
    if not isinstance(item, dict):
        raise ValueError(f"an issue must be an object, not {type(item).__name__}")
    key = item.get("key")
    if not isinstance(key, str) or not key:
        raise ValueError("no issue 'key'")
    fields = item.get("fields")
    if not isinstance(fields, dict):
        raise ValueError(f"{key} has no 'fields' object")
    summary = fields.get("summary")
    if not isinstance(summary, str):
        raise ValueError(f"{key} has no 'summary'")
    desc = fields.get("description")
    if desc is not None and not isinstance(desc, (str, dict)):
        raise ValueError(f"{key}: 'description' must be text or an Atlassian Document Format object")
    status = _dict(fields.get("status"))
    category = _dict(status.get("statusCategory"))
    cat_key = category.get("key")
    itype = _dict(fields.get("issuetype"))
    resolution = _dict(fields.get("resolution"))
    res_name = str(resolution.get("name") or "")
    labels = fields.get("labels") or []
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ValueError(f"{key}: 'labels' must be a list of names")
    done = (cat_key == "done") if isinstance(cat_key, str) else None
    status_name = str(status.get("name") or "")
    if done and res_name.lower() in NOT_DONE_RESOLUTIONS:  # closed without shipping anything
        done, status_name = False, f"{status_name} ({res_name})"
    return Ticket(
        id=key,
        title=" ".join(summary.split()),
        body=to_text(desc).replace("\r\n", "\n"),
        status=status_name,
        type=str(itype.get("name") or "").lower(),
        labels=list(labels),
        done_at=iso(fields.get("resolutiondate")),
        done_category=done,
        source=source,
        extra={"status_category": cat_key or ""},
    )


def read_jira_json(path: str) -> Iterator[Ticket | TicketError]:
    data = load_json(path, "Jira search export")
    if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
        raise SourceError(
            f"{path}: not a Jira search response; expected an object with an 'issues' array "
            "(the body of GET /rest/api/3/search/jql or /rest/api/2/search)"
        )
    yield from jira_items(data["issues"], path, f"jira-json {path}")


def jira_items(items: list, where: str, source: str) -> Iterator[Ticket | TicketError]:
    for k, item in enumerate(items):
        try:
            yield jira_ticket(item, source)
        except ValueError as exc:
            key = item.get("key") if isinstance(item, dict) else None
            yield TicketError(f"{where}: issue {key or 'entry ' + str(k + 1)}", str(exc))

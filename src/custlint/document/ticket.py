"""Tickets: the backlog as custlint reads it.

Every source (ticket files, a GitHub or Jira export, the live APIs) produces
:class:`Ticket` objects; :func:`to_document` turns one into the
:class:`~custlint.document.model.Document` the engine judges. Sources raise
:class:`SourceError` for a broken source (exit 2) and report a single broken
ticket as a :class:`TicketError` so the rest are still judged.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from custlint.document.model import Document
from custlint.errors import UserError

DEFAULT_DONE = ("done", "closed", "resolved", "shipped")


class SourceError(UserError):
    """The whole source is unusable: a missing file, wrong-shape JSON, an API that refuses."""


@dataclass
class TicketError:
    """One ticket could not be read; the others still are."""

    where: str  # the file, or "FILE: issue #3"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class PullRequest:
    """A number the source holds as a pull request, not an issue: a reference to it links no ticket."""

    id: str  # "#41"


@dataclass
class Ticket:
    id: str  # "SHOP-2", "#41"
    title: str
    body: str = ""
    status: str = ""
    type: str = ""
    labels: list[str] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)  # listed by the ticket itself
    released: str = ""  # a release tag or deployment id named by the ticket
    done_at: str = ""  # ISO 8601, when it was closed/resolved, if known
    done_category: bool | None = None  # the source's own verdict (Jira statusCategory); None: use the status
    path: str = ""  # the file findings point at
    body_line: int = 1  # line of the body's first line in ``path``
    title_line: int = 1
    source: str = ""  # "files", "github-json FILE", "jira", ...
    extra: dict[str, Any] = field(default_factory=dict)

    def is_done(self, done_statuses) -> bool:
        if self.done_category is not None:
            return self.done_category
        return norm_status(self.status) in {norm_status(s) for s in done_statuses}


def norm_status(status: str) -> str:
    return " ".join(str(status).lower().replace("_", " ").replace("-", " ").split())


def parse_time(text: str) -> _dt.datetime | None:
    """An ISO 8601 time from a ticket source, the cache or git (``Z`` allowed; no zone: UTC), or None."""
    try:
        t = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=_dt.timezone.utc)


def done_statuses(config) -> tuple[str, ...]:
    return tuple((config.tickets.done_statuses if config is not None else ()) or DEFAULT_DONE)


def to_document(t: Ticket, done: bool | None = None) -> Document:
    """The document the engine judges. Its text is ``title\\n\\nbody``; lines map back to the file."""
    body_lines = t.body.count("\n") + 1 if t.body else 0
    line_map = [t.title_line, t.title_line] + [t.body_line + k for k in range(body_lines)]
    doc = Document(
        kind="ticket",
        subject=t.id,
        title=t.title,
        body=t.body,
        labels=list(t.labels),
        type=(t.type or "").lower(),
        status=t.status,
        path=t.path,
        line_map=line_map if t.path else None,
    )
    doc.extra["ticket"] = t
    if done is not None:
        doc.extra["done"] = done
    return doc


_GH_NUM = re.compile(r"#?(\d+)\Z")
_ISSUE_URL = re.compile(r"/(?:issues|-/issues|pull|merge_requests|-/merge_requests)/(\d+)\Z")
_BROWSE_URL = re.compile(r"/browse/([A-Z][A-Z0-9_]+-\d+)\Z")


def ref_ticket_id(ref, repo: str = "") -> str | None:
    """The ticket id a :class:`~custlint.document.refs.Ref` points at: ``SHOP-2``, ``#41``.

    ``owner/repo#41`` and issue URLs count as ``#41`` only when they name ``repo`` (OWNER/NAME, the
    repository whose issues are the tickets); another repository's issue is not one of our tickets."""
    if ref.kind in ("jira", "issue"):
        return ref.id
    if ref.kind == "repo-issue":
        name, num = ref.id.rsplit("#", 1)
        return f"#{num}" if repo and name.lower() == repo.lower() else None
    if ref.kind == "url":
        m = _BROWSE_URL.search(ref.id)
        if m:
            return m.group(1)
        m = _ISSUE_URL.search(ref.id)
        if m and repo and f"/{repo.lower()}/" in ref.id.lower():
            return "#" + m.group(1)
    return None


def tickets_repo(config) -> str:
    """OWNER/NAME whose issues are the tickets (``tickets.repo``), or ""."""
    return config.tickets.repo if config is not None else ""


def norm_id(value: Any) -> str:
    """A ticket id as written in front matter: ``41`` and ``#41`` are ``#41``; keys keep their case."""
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return f"#{value}"
    text = str(value).strip()
    m = _GH_NUM.match(text)
    return f"#{m.group(1)}" if m else text

"""Ticket checks: links from commits and PRs to tickets, and "done" proven in production.

Imported on the commit-msg hook path: without a ticket source (and outside the rule examples,
which bring their own) nothing of :mod:`custlint.document.ticket` is imported.
"""

from __future__ import annotations

import sys

from custlint.core.config import ticket_source
from custlint.engine.registry import Hit, check

# The ticket source the rule examples are judged against (see the rules' `what`).
EXAMPLE_TICKETS = {
    "SHOP-1": {
        "title": "Shoppers cannot see delivery windows",
        "status": "In Progress",
        "done": False,
        "problem": True,
        "kpi": True,
    },
    "SHOP-2": {"title": "Faster checkout", "status": "To Do", "done": False, "problem": True, "kpi": False},
    "SHOP-3": {"title": "Raise checkout completion", "status": "To Do", "done": False, "problem": False, "kpi": True},
}


# Numbers the rule examples' source holds as pull requests.
EXAMPLE_PULLS = ("#8",)


def _example_fixture():
    from custlint.analysis.ticket_links import example_index

    return example_index(EXAMPLE_TICKETS, EXAMPLE_PULLS)


def _no_ticket_source(config) -> bool:
    """The link rules find nothing under ``config`` whatever the text: no ticket source, and no rule
    examples' index installed (what :func:`_known_refs` tests per document, decided once per run)."""
    if ticket_source(config):
        return False
    links = sys.modules.get("custlint.analysis.ticket_links")
    return links is None or not links.example_installed()


def _known_refs(doc, a):
    """``(index, [(ref, ticket id, entry or None)])`` for references the ticket source covers."""
    if not ticket_source(a.settings.config) and "custlint.analysis.ticket_links" not in sys.modules:
        return None, []  # no ticket source, and no rule examples' index (that lives in the links module)
    from custlint.analysis.ticket_links import index_for
    from custlint.document.ticket import ref_ticket_id, tickets_repo

    index = index_for(a.settings.config)
    if index is None:
        return None, []
    out, seen = [], set()
    repo = tickets_repo(a.settings.config)
    for ref in a.refs:
        tid = ref_ticket_id(ref, repo)
        if tid is None or tid in seen or not index.covers(tid):
            continue
        seen.add(tid)
        out.append((ref, tid, index.tickets.get(tid)))
    return index, out


def _refs_detail(entries) -> str:
    return ", ".join(f"{tid} ('{_short(e.get('title', ''))}')" for _, tid, e in entries)


def _short(text: str, limit: int = 50) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@check("ticket-exists", inert=_no_ticket_source)
def ticket_exists(doc, a, params):
    index, refs = _known_refs(doc, a)
    for ref, tid, entry in refs:
        if entry is None and tid not in index.pulls:
            yield Hit(
                line=doc.file_line(ref.line), detail={"ticket": tid, "source": index.source or "the ticket source"}
            )


@check("reference-is-pull-request", inert=_no_ticket_source)
def reference_is_pull_request(doc, a, params):
    """The text's only links are pull requests of the ticket source, and it states no problem itself."""
    index, refs = _known_refs(doc, a)
    pulls = [(ref, tid) for ref, tid, entry in refs if entry is None and tid in index.pulls]
    if not pulls or a.problem is not None:
        return
    if len(a.refs) > len(pulls):
        return  # another reference (a ticket, a tracker URL) links the problem
    ref, tid = pulls[0]
    yield Hit(
        line=doc.file_line(ref.line),
        detail={"ticket": ", ".join(t for _, t in pulls), "source": index.source or "the ticket source"},
    )


def _ticket_lacks(field: str):
    def fn(doc, a, params):
        _, refs = _known_refs(doc, a)  # first: without a ticket source this is cheap and ends it
        found = [r for r in refs if r[2] is not None]
        if not found or any(e.get(field) for _, _, e in found):
            return
        if (a.problem if field == "problem" else a.kpi) is not None:
            return  # the commit or PR states it itself
        yield Hit(line=doc.file_line(found[0][0].line), detail={"tickets": _refs_detail(found)})

    return fn


ticket_has_problem = check("ticket-has-customer-problem", inert=_no_ticket_source)(_ticket_lacks("problem"))
ticket_has_kpi = check("ticket-has-kpi", inert=_no_ticket_source)(_ticket_lacks("kpi"))
for _fn in (ticket_exists, reference_is_pull_request, ticket_has_problem, ticket_has_kpi):
    _fn.example_fixture = _example_fixture  # type: ignore[attr-defined]


def is_done(doc, config) -> bool:
    from custlint.document.ticket import done_statuses, norm_status

    if "done" in doc.extra:
        return bool(doc.extra["done"])
    return norm_status(doc.status) in {norm_status(s) for s in done_statuses(config)}


@check("ticket-done-in-production")
def ticket_done_in_production(doc, a, params):
    if not is_done(doc, a.settings.config):
        return
    from custlint.analysis.evidence import DEPLOYED, UNKNOWN, Verdict, since

    ticket = doc.extra.get("ticket")
    v = doc.extra.get("verdict") or Verdict(
        UNKNOWN, "production evidence was not looked up (custlint tickets does that with the repository's history)"
    )
    if v.state == DEPLOYED:
        return
    when = since(ticket) if ticket is not None else "marked done"
    yield Hit(
        detail={
            "ticket": doc.subject,
            "since": when,
            "verdict": v.state,
            "reason": v.reason,
            "missing": ", ".join(c[:10] for c in v.missing),
        }
    )


# The rule examples of kpi-review-due are judged as if they reached production on the first date
# and were looked at on the second (documented in the rule's `what`).
EXAMPLE_PRODUCTION = ("2026-01-05T00:00:00Z", "2026-06-01T00:00:00Z")
_EXAMPLE_CLOCK: list[tuple[str, str]] = []


class _example_clock:
    def __enter__(self) -> None:
        _EXAMPLE_CLOCK.append(EXAMPLE_PRODUCTION)

    def __exit__(self, *exc) -> None:
        _EXAMPLE_CLOCK.pop()


@check("kpi-review-due")
def kpi_review_due(doc, a, params):
    """A done ticket in production whose KPI window has ended since, and no result recorded."""
    if not is_done(doc, a.settings.config):
        return
    import datetime as _dt

    from custlint.analysis.evidence import DEPLOYED
    from custlint.analysis.kpi_window import has_result, review
    from custlint.document.ticket import parse_time

    verdict = doc.extra.get("verdict")
    if _EXAMPLE_CLOCK:
        released, now = (parse_time(x) for x in _EXAMPLE_CLOCK[-1])
    elif verdict is not None and verdict.state == DEPLOYED and verdict.time:
        released, now = parse_time(verdict.time), _dt.datetime.now(_dt.timezone.utc)
    else:
        return
    kv = a.kpi_verdict
    if released is None or now is None or kv is None:
        return
    got = review(kv.text, released, now)
    if got is None or has_result(doc.body) or doc.extra.get("kpi_result_comment"):
        return
    window, end = got
    days = (now - end).days
    yield Hit(
        line=kv.field.line or None,
        detail={
            "ticket": doc.subject,
            "window": window,
            "ended": end.strftime("%Y-%m-%d"),
            "ago": f"{days} day{'s' if days != 1 else ''} ago" if days > 0 else "today",
            "released": released.strftime("%Y-%m-%d"),
            "kpi": _short(kv.field.text, 80),
        },
    )


kpi_review_due.example_fixture = _example_clock  # type: ignore[attr-defined]

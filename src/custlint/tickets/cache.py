"""Building the link index (what the cache holds) from tickets: judged once with the analysis."""

from __future__ import annotations

from custlint.tickets import Ticket, done_statuses, to_document
from custlint.tickets.links import Index, now_utc


def build_index(tickets: list[Ticket], config, settings, source: str) -> Index:
    from custlint.analysis import analyze

    done = done_statuses(config)
    out: dict[str, dict] = {}
    for t in tickets:
        a = analyze(to_document(t), settings)
        out[t.id] = {"title": t.title, "status": t.status, "done": t.is_done(done),
                     "problem": a.problem is not None, "kpi": a.kpi is not None}
    return Index.of(out, source, now_utc())

"""Tickets marked done before production: the audit's view of the ticket source.

When ``[tool.custlint.tickets] source`` is set, the audit reads the tickets the way ``custlint
tickets`` does, takes the done ones, and finds when each really reached production with the same
evidence as rule TK301 (:func:`custlint.analysis.evidence.judge_done`: release tags matching
``production.release-tags``, the deploy log, GitHub deployments, a ticket's own ``released``).
A ticket was marked done before production when its done date comes before the first
production point that holds all its commits (the lag is the difference), or when no production
point holds them yet. The done date is the ticket's own (``closed_at``, ``resolutiondate``,
``done_at``), else, for ticket files, when git last changed the file.
"""

from __future__ import annotations

import datetime as _dt

from custlint.audit import leadtime

MAX_ROWS = 100  # tickets listed in the report, longest lag first (the counts cover them all)


def _time(iso: str) -> float | None:
    from custlint.document.ticket import parse_time

    t = parse_time(iso)
    return None if t is None else t.timestamp()


def _month(ts: float) -> str:
    return _dt.datetime.fromtimestamp(ts, _dt.timezone.utc).strftime("%Y-%m")


def kpi_reviews(done: list, verdicts: dict, settings, grace_days: float, now: _dt.datetime | None = None) -> dict:
    """KPI reviews (TK302) of done tickets in production: ``due`` (the window has passed since
    production and no result is recorded) and, of those, ``overdue`` (by more than ``grace_days``)."""
    from custlint.analysis.kpi_window import reviews_due

    now = now or _dt.datetime.now(_dt.timezone.utc)
    due = overdue = 0
    for _t, got in reviews_due(done, verdicts, settings, now):
        due += 1
        if (now - got[1]).total_seconds() > grace_days * 86400:
            overdue += 1
    return {"kpi_reviews_due": due, "kpi_reviews_overdue": overdue}


def summarise(done: list, verdicts: dict, source: str) -> dict:
    """The ``done_tickets`` part of the audit's JSON from the done tickets and their verdicts."""
    from custlint.analysis.evidence import DEPLOYED, NOT_DEPLOYED

    counts = {"done": len(done), "deployed": 0, "before_production": 0, "not_deployed": 0, "unknown": 0, "undated": 0}
    periods: dict[str, dict] = {}
    lags: list[float] = []
    rows: list[dict] = []
    for t in done:
        v = verdicts.get(t.id)
        when_text = t.done_at or t.extra.get("file_changed") or ""
        when = _time(when_text) if when_text else None
        per = None
        if when is not None:  # the month it was marked done
            per = periods.setdefault(_month(when), {"done": 0, "before_production": 0, "not_deployed": 0})
            per["done"] += 1
        if v is None or v.state not in (DEPLOYED, NOT_DEPLOYED):
            counts["unknown"] += 1
            continue
        counts["deployed" if v.state == DEPLOYED else "not_deployed"] += 1
        if per is None or when is None:  # no time it was marked done, so no month
            counts["undated"] += 1
            continue
        lag = None
        if v.state == NOT_DEPLOYED:
            per["before_production"] += 1
            per["not_deployed"] += 1
            counts["before_production"] += 1
        else:
            released = _time(v.time) if v.time else None
            if released is not None and released > when:
                lag = (released - when) / 3600.0
                lags.append(lag)
                per["before_production"] += 1
                counts["before_production"] += 1
            else:
                continue  # in production before (or when) it was marked done: as it should be
        rows.append(
            {
                "ticket": t.id,
                "title": t.title,
                "done_at": when_text,
                "done_date_from": "ticket" if t.done_at else "file change",
                "production": v.evidence if v.state == DEPLOYED else None,
                "lag_hours": round(lag, 2) if lag is not None else None,
                "reason": v.reason,
            }
        )
    lags.sort()
    # not in production yet first (the lag is still growing), then the longest lags
    rows.sort(key=lambda r: (r["lag_hours"] is not None, -(r["lag_hours"] or 0.0), r["ticket"]))
    return {
        "source": source,
        **counts,
        "median_lag_hours": leadtime.q(lags, 0.5),
        "p90_lag_hours": leadtime.q(lags, 0.9),
        "lag_histogram": leadtime.histogram(lags),
        "lag_sketch": leadtime.sketch(lags),
        "periods": [{"period": m, **periods[m]} for m in sorted(periods)],
        "tickets": rows[:MAX_ROWS],
    }


def done_tickets(ctx, repo) -> tuple[dict | None, list[str]]:
    """``(done_tickets, warnings)``: None without a ticket source. A source that cannot be read
    is a :class:`~custlint.errors.UserError` (exit 2), as in ``custlint tickets``."""
    from custlint.core.config import ticket_source

    cfg = ctx.config
    if not ticket_source(cfg):  # (analysis.ticket_links.configured, without importing the ticket readers)
        return None, []
    from custlint.analysis.evidence import judge_done
    from custlint.document.ticket import Ticket, TicketError, done_statuses
    from custlint.errors import UserError
    from custlint.sources.tickets.read import read_source

    source, items, gh_repo = read_source(cfg)
    tickets = [i for i in items if isinstance(i, Ticket)]
    unread = [str(i) for i in items if isinstance(i, TicketError)]
    statuses = done_statuses(cfg)
    done = [t for t in tickets if t.is_done(statuses)]
    verdicts, problems, broken = judge_done(
        done, repo, cfg, analysis_settings=ctx.engine.settings, gh_repo=gh_repo or ""
    )
    if broken:
        raise UserError(f"{broken[0]}; fix the production evidence or run the audit with --no-tickets")
    warnings = [f"ticket not read: {u}" for u in unread] + problems
    out = summarise(done, verdicts, source)
    out.update(kpi_reviews(done, verdicts, ctx.engine.settings, float(cfg.tickets.kpi_review_grace_days)))
    return out, warnings

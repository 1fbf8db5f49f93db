"""When a KPI's window ends, counted from the day the work reached production, and whether the
ticket records the result ("measure like you are trying to prove yourself wrong").

The window is read from the KPI text the KPI judgement reads (:mod:`custlint.analysis.kpi`): a
span ("within 8 weeks", "over the first 30 days", "a 6-week window", "90 days after launch")
ends that long after production; a date ("by 2027-03-31", "before March 2027") ends on it; a
quarter or half ("in Q3", "by H1 2027", "by the end of the year") at its end, in production's
year or the first one after it. A recurring rate ("per week", "monthly") sets no end. The first
window in the text counts. A result is a "KPI result", "Result(s)", "Outcome" or "Measured"
section or label with something other than a placeholder in it.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

_NUMS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_N = r"(\d{1,4}|" + "|".join(_NUMS) + r")"
_U = r"(day|week|wk|month|quarter|year)s?"
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}"
_SPAN = re.compile(
    r"\b(?:within|in|over|after|during|for|across|throughout|inside)\s+(?:the\s+)?(?:first\s+|next\s+|coming\s+|following\s+)?"
    + _N
    + r"[ -]"
    + _U
    + r"\b|\b"
    + _N
    + r"[ -]"
    + _U
    + r"\s+(?:window|period|after|post|following|of (?:launch|release|rollout))\b"
)
_DATE = re.compile(
    r"\b(?:by|before|until|till|through|no later than|deadline|due|end of|on)\s*:?\s+(?:the\s+)?(\d{4})-(\d{1,2})-(\d{1,2})\b"
)
_MONTH_YEAR = re.compile(
    r"\b(by|before|until|till|through|end of|by the end of|in)\s+(?:the end of\s+)?(?:(?:early|mid|late)[ -])?"
    + _MON
    + r"\b(?:\s+(\d{4})\b)?"
)
_PERIOD = re.compile(
    r"\b(?:in|by|before|until|end of|during|through)\s+(?:the end of\s+)?(q[1-4]|h[12])(?:\s*'?(\d{2,4}))?\b"
)
_END_OF = re.compile(r"\b(?:by|before|until|at) the end of (?:the |this )?(month|quarter|year)\b")
_RESULT_HEAD = re.compile(
    r"^\s{0,3}(?:#{1,6}\s*|\*\*|__)?\s*(?:kpi results?|kpi outcomes?|results?|outcomes?|measured(?: results?)?|"
    r"what we measured)\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def _add_months(t: _dt.datetime, months: int) -> _dt.datetime:
    y, m = divmod(t.month - 1 + months, 12)
    year, month = t.year + y, m + 1
    return t.replace(year=year, month=month, day=min(t.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> _dt.datetime:
    return _dt.datetime(year, month, calendar.monthrange(year, month)[1], 23, 59, 59, tzinfo=_dt.timezone.utc)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    y = int(text)
    return y + 2000 if y < 100 else y


def window_end(kpi_text: str, start: _dt.datetime) -> tuple[str, _dt.datetime] | None:
    """``(the window as written, when it ends)`` for a KPI that reached production at ``start``, or None."""
    low = " ".join(kpi_text.lower().split())
    found: list[tuple[int, str, _dt.datetime]] = []
    m = _SPAN.search(low)
    if m:
        num, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        n = int(num) if num.isdigit() else _NUMS[num]
        if unit in ("day",):
            end = start + _dt.timedelta(days=n)
        elif unit in ("week", "wk"):
            end = start + _dt.timedelta(weeks=n)
        else:
            end = _add_months(start, n * {"month": 1, "quarter": 3, "year": 12}[unit])
        found.append((m.start(), m.group(0), end))
    m = _DATE.search(low)
    if m:
        try:
            end = _dt.datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), 23, 59, 59, tzinfo=_dt.timezone.utc)
            found.append((m.start(), m.group(0), end))
        except ValueError:
            pass
    for m in _MONTH_YEAR.finditer(low):
        word, mon, year = m.group(1), m.group(2), m.group(3)
        if not year and word == "in" and m.group(0).endswith("may"):
            continue  # "in may" without a year is a verb more often than a month
        month = next((i for name, i in _MONTHS.items() if name.startswith(mon)), 0)
        if month:
            end = _month_end(int(year), month) if year else _month_end(start.year, month)
            if not year and end < start:  # "by June" after June: next year's
                end = _month_end(start.year + 1, month)
            found.append((m.start(), m.group(0), end))
            break
    m = _PERIOD.search(low)
    if m:
        kind, idx = m.group(1)[0], int(m.group(1)[1])
        last_month = idx * 3 if kind == "q" else idx * 6
        year = _year(m.group(2)) or start.year
        end = _month_end(year, last_month)
        if not m.group(2) and end < start:
            end = _month_end(year + 1, last_month)
        found.append((m.start(), m.group(0), end))
    m = _END_OF.search(low)
    if m:
        unit = m.group(1)
        last = {"month": start.month, "quarter": ((start.month - 1) // 3 + 1) * 3, "year": 12}[unit]
        found.append((m.start(), m.group(0), _month_end(start.year, last)))
    if not found:
        return None
    _, words, end = min(found, key=lambda f: f[0])
    return words, end


def has_result(text: str) -> bool:
    """The text records a KPI result: a result section or label with a real answer in it."""
    from custlint.analysis.placeholders import is_placeholder

    lines = text.replace("\r\n", "\n").split("\n")
    for i, line in enumerate(lines):
        m = _RESULT_HEAD.match(line)
        if not m:
            continue
        is_heading = bool(_HEADING.match(line)) or line.strip().startswith(("**", "__"))
        inline = m.group(1).strip()
        if not is_heading and not inline:
            continue  # "Results" alone in a sentence-less line is no label
        if not is_heading and ":" not in line:
            continue  # a label needs its colon ("Outcome: ...")
        parts = [inline] if inline else []
        if is_heading:
            for nxt in lines[i + 1 :]:
                if _HEADING.match(nxt):
                    break
                parts.append(nxt)
        answer = " ".join(" ".join(parts).split())
        if answer and not is_placeholder(answer):
            return True
    return False


def review(kpi_text: str, production: _dt.datetime, now: _dt.datetime) -> tuple[str, _dt.datetime] | None:
    """``(window, end)`` when the window has ended by ``now``, else None."""
    got = window_end(kpi_text, production)
    if got is None or got[1] > now:
        return None
    return got


def reviews_due(tickets, verdicts: dict, settings, now: _dt.datetime):
    """``(ticket, (window, end))`` for each ticket in production (its verdict in ``verdicts`` says
    deployed, and when) whose KPI window has ended by ``now`` while its body records no result: the
    KPI reviews that are due (the audit's counts, and the tickets whose comments are read for one)."""
    from custlint.analysis.analyzer import analyze
    from custlint.analysis.evidence import DEPLOYED
    from custlint.document.ticket import parse_time, to_document

    for t in tickets:
        v = verdicts.get(t.id)
        released = parse_time(v.time) if v is not None and v.state == DEPLOYED and v.time else None
        if released is None or has_result(t.body):
            continue
        kv = analyze(to_document(t), settings).kpi_verdict
        got = review(kv.text, released, now) if kv is not None else None
        if got is not None:
            yield t, got

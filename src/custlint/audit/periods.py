"""The audit's periods: it counts per calendar month (UTC, by commit date) and reports per month,
quarter or year. ``--period`` picks one; by default the finest that gives at most
:data:`MAX_POINTS` points over the range, so sixteen years are sixteen points, not 193.

Periods without a commit between the first and the last are listed with zero commits (a gap in a
chart, not a line drawn across it). A period with fewer than :data:`SMALL` checked commits is
*small*: its shares are shown as counts and marked in the charts, never drawn as a 0% or 100% spike.
"""

from __future__ import annotations

UNITS = ("month", "quarter", "year")
MAX_POINTS = 40
SMALL = 5  # checked commits below which a period's shares are not drawn as a line point


def of(month: str, unit: str) -> str:
    """The period of a ``YYYY-MM`` month: ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``."""
    if unit == "month" or len(month) < 7:
        return month
    if unit == "quarter":
        return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"
    return month[:4]


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def span(first: str, last: str, unit: str) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last`` (``YYYY-MM`` months)."""
    out: list[str] = []
    for i in range(_index(first), _index(last) + 1):
        p = of(f"{i // 12:04d}-{i % 12 + 1:02d}", unit)
        if not out or out[-1] != p:
            out.append(p)
    return out


def pick(months: list[str], unit: str | None, checked: dict[str, int] | None = None) -> str:
    """``unit``, or the finest unit with at most :data:`MAX_POINTS` periods over ``months`` in
    which a typical period is not small: when the median period holding commits has fewer than
    :data:`SMALL` checked commits (``checked``: month -> checked commits), a coarser unit that
    still gives two points or more is taken (a small repository's trend by quarter, not a row of
    marks for months of three commits)."""
    if unit:
        return unit
    good = [m for m in months if len(m) == 7 and m[:4].isdigit() and m[5:].isdigit()]
    if not good:
        return "month"
    first, last = min(good), max(good)
    fits = [u for u in UNITS if len(span(first, last, u)) <= MAX_POINTS] or ["year"]
    if checked is None:
        return fits[0]
    for k, u in enumerate(fits):
        per: dict[str, int] = {}
        for m, n in checked.items():
            if n:
                per[of(m, u)] = per.get(of(m, u), 0) + n
        values = sorted(per.values())
        typical = values[len(values) // 2] if values else 0
        coarser = fits[k + 1] if k + 1 < len(fits) else None
        if typical >= SMALL or coarser is None or len(span(first, last, coarser)) < 2:
            return u
    return fits[-1]


def coarser(a: str, b: str) -> str:
    """The coarser of two units (what two audits can both be read in)."""
    return a if UNITS.index(a) >= UNITS.index(b) else b


def regroup(label: str, unit: str) -> str:
    """A period label of any unit in ``unit`` (coarser or the same): ``2024-05`` -> ``2024-Q2``."""
    if unit == "year":
        return label[:4]
    if unit == "quarter" and len(label) == 7 and "Q" not in label:
        return of(label, "quarter")
    return label

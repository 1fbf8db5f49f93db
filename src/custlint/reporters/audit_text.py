"""``custlint audit --format text``: the summary, findings by rule, the trend per period, the
commits behind the numbers and the groups (authors, paths or teams), from the JSON shape."""

from __future__ import annotations

from custlint.engine.findings import PRINCIPLES
from custlint.reporters.text import clean

HTML_ROWS = 500  # rows of a group table the HTML report lists (the JSON has them all)
SMALL = 5  # checked commits below which a period's shares are marked (custlint.audit.periods.SMALL)
ITEM_ROWS = 10  # rows of each list of commits in the text (the JSON and HTML have 25)


def hours(h: float | None) -> str:
    if h is None:
        return "-"
    if h < 1:
        return f"{h * 60:.0f}m"
    if h < 48:
        return f"{h:.1f}h"
    return f"{h / 24:.1f}d"


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def count(n: int, word: str, many: str | None = None) -> str:
    """``1 commit``, ``2 commits``, ``1,204 commits``."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def tickets_line(dt: dict) -> str:
    """One line on the tickets marked done before production (``done_tickets`` of the JSON)."""
    line = (
        f"done tickets ({clean(str(dt['source']))}): {dt['done']:,} done, {dt['before_production']:,} marked done "
        f"before production"
    )
    if dt["median_lag_hours"] is not None:
        line += f" (median lag {hours(dt['median_lag_hours'])}, p90 {hours(dt['p90_lag_hours'])})"
    line += f", {dt['not_deployed']:,} of them not in production yet; {dt['unknown']:,} without production evidence"
    if dt["undated"]:
        line += f", {dt['undated']:,} without a done date"
    if "kpi_reviews_due" in dt:
        line += f"; KPI reviews: {dt['kpi_reviews_due']:,} due, {dt['kpi_reviews_overdue']:,} overdue"
    return line


# the lists of commits behind the numbers: JSON key, heading
ITEMS = (
    ("lags", "worst done-before-production lags (marked done, released later)"),
    ("unreleased_done", "marked done, not released yet (most recent)"),
    ("unlinked", "most recent work that links no customer problem"),
    ("remediation", "most recent bug fixes without a customer remediation"),
)


def lead_lines(data: dict) -> list[str]:
    lt = data.get("lead_time")
    note = data.get("release_tags_note")
    out = []
    if lt:
        out.append(
            f"lead time to production: median {hours(lt['median_hours'])}, p90 {hours(lt['p90_hours'])} "
            f"over {count(lt['released'], 'released commit')} ({count(lt['release_tags'], 'release tag')}); "
            f"{lt['unreleased']:,} not released yet"
        )
        d = lt["done_before_production"]
        out.append(
            f"done before production: {count(d['claims'], 'commit')} marked work done, {d['before_production']:,} "
            f"before the release that carried them (median lag {hours(d['median_lag_hours'])}, "
            f"p90 {hours(d['p90_lag_hours'])}); {d['unreleased']:,} not released yet"
        )
    elif not note:
        out.append(
            "lead time to production: no release tag matches the configured pattern "
            "([tool.custlint.production] release-tags, or --release-tags)"
        )
    if note:
        out.append(f"release tags: {clean(note)}")
    return out


def render(data: dict, *, top: int = 15) -> str:
    out: list[str] = []
    unit = data.get("period", "month")
    out.append(
        f"custlint audit {clean(str(data['range']))}: {count(data['commits'], 'commit')}, "
        f"{data['exempt']:,} exempt, {data['checked']:,} checked"
    )
    out.append("")
    out.append(f"{'principle':<22} {'ok':>9} {'findings':>9} {'ok %':>6}")
    for p in PRINCIPLES:
        v = data["principles"].get(p, {"ok": 0, "findings": 0})
        out.append(f"{p:<22} {v['ok']:>9,} {v['findings']:>9,} {pct(v['ok'], data['checked']):>6}")
    out.append("")
    out.extend(lead_lines(data))
    dt = data.get("done_tickets")
    if dt:
        out.append(tickets_line(dt))
    rules = data.get("rules") or []
    if rules:
        out.append("")
        out.append("findings by rule (checked commits each rule fired on; `custlint rule CODE` explains one)")
        out.append(f"{'rule':<6} {'name':<34} {'principle':<21} {'commits':>8} {'share':>6}")
        for r in rules[:top]:
            share = f"{r['share']:.0f}%" if r.get("share") is not None else "-"
            out.append(
                f"{clean(str(r['code'])):<6} {clean(str(r['name']))[:34]:<34} {clean(str(r['principle']))[:21]:<21} "
                f"{r['commits']:>8,} {share:>6}"
            )
        if len(rules) > top:
            out.append(f"... and {count(len(rules) - top, 'more rule')} (--format json or --html has them all)")
    out.append("")
    lead_by = {p["period"]: p for p in (data.get("lead_time") or {}).get("periods", [])}
    small = False
    out.append(
        f"{unit:<8} {'commits':>8} {'exempt':>7} {'checked':>8} {'problem':>8} {'kpi':>6} "
        f"{'lead p50':>9} {'lead p90':>9} {'done early':>10}"
    )
    for per in data["periods"]:
        ps = per["principles"]
        lm = lead_by.get(per["period"])
        few = 0 < per["checked"] < SMALL
        small = small or few
        mark = "*" if few else ""
        out.append(
            f"{per['period']:<8} {per['commits']:>8,} {per['exempt']:>7,} {per['checked']:>8,} "
            f"{pct(ps['customer-problem']['ok'], per['checked']) + mark:>8} "
            f"{pct(ps['measurable-kpi']['ok'], per['checked']) + mark:>6} "
            f"{hours(lm['median_hours']) if lm and lm['released'] else '-':>9} "
            f"{hours(lm['p90_hours']) if lm and lm['released'] else '-':>9} "
            f"{(lm['done_before_production'] if lm else 0):>10,}"
        )
    if small:
        out.append(f"* fewer than {SMALL} checked commits in the {unit}: a share of so few is no trend")
    for key, title in ITEMS:
        rows = (data.get("items") or {}).get(key) or []
        if not rows:
            continue
        out.append("")
        out.append(f"{title}:")
        for r in rows[:ITEM_ROWS]:
            lag = f" {hours(r['lag_hours']):>7}" if r.get("lag_hours") is not None else ""
            where = f"{clean(str(r['repository']))}:" if r.get("repository") else ""
            out.append(
                f"  {where}{clean(str(r['sha']))[:10]} {clean(str(r['date']))}{lag}  {clean(str(r['author']))[:24]:<24} "
                f"{clean(str(r['subject']))[:72]}  [{', '.join(clean(str(c)) for c in r.get('rules', []))}]"
            )
        if len(rows) > ITEM_ROWS:
            out.append(f"  ... and {count(len(rows) - ITEM_ROWS, 'more commit')} (--format json or --html)")
    if data.get("repositories"):
        out.append("")
        out.append(f"{'repository':<32} {'commits':>8} {'checked':>8} {'problem':>8} {'kpi':>6}")
        for r in data["repositories"]:
            ps = r["principles"]
            out.append(
                f"{clean(str(r['repository']))[:32]:<32} {r['commits']:>8,} {r['checked']:>8,} "
                f"{pct(ps['customer-problem']['ok'], r['checked']):>8} {pct(ps['measurable-kpi']['ok'], r['checked']):>6}"
            )
    for key in ("teams", "paths", "authors"):
        rows = data.get(key)
        if not rows:
            continue
        name = key[:-1]
        out.append("")
        out.append(f"{name:<32} {'commits':>8} {'checked':>8} {'problem':>8} {'kpi':>6}")
        for r in rows[:top]:
            ps = r["principles"]
            out.append(
                f"{clean(str(r[name]))[:32]:<32} {r['commits']:>8,} {r['checked']:>8,} "
                f"{pct(ps['customer-problem']['ok'], r['checked']):>8} {pct(ps['measurable-kpi']['ok'], r['checked']):>6}"
            )
        if len(rows) > top:
            html = f"all {len(rows):,}" if len(rows) <= HTML_ROWS else f"the first {HTML_ROWS:,}"
            out.append(
                f"... and {len(rows) - top:,} more {key if len(rows) - top != 1 else name} "
                f"(--format json has all {len(rows):,}; --html lists {html})"
            )
        break  # one table: teams or paths when grouped by them, else authors
    return "\n".join(out) + "\n"

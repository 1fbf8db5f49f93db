"""``custlint audit --format text``: a summary table and a per-month trend, from the JSON shape."""

from __future__ import annotations

from custlint.engine.findings import PRINCIPLES
from custlint.reporters.text import clean


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


def render(data: dict, *, top: int = 15) -> str:
    out: list[str] = []
    out.append(
        f"custlint audit {clean(str(data['range']))}: {data['commits']:,} commits, "
        f"{data['exempt']:,} exempt, {data['checked']:,} checked"
    )
    out.append("")
    out.append(f"{'principle':<22} {'ok':>9} {'findings':>9} {'ok %':>6}")
    for p in PRINCIPLES:
        v = data["principles"].get(p, {"ok": 0, "findings": 0})
        out.append(f"{p:<22} {v['ok']:>9,} {v['findings']:>9,} {pct(v['ok'], data['checked']):>6}")
    lt = data.get("lead_time")
    out.append("")
    lead_by_month: dict = {}
    if lt:
        out.append(
            f"lead time to production: median {hours(lt['median_hours'])}, p90 {hours(lt['p90_hours'])} "
            f"over {lt['released']:,} released commits ({lt['release_tags']:,} release tags); "
            f"{lt['unreleased']:,} not released yet"
        )
        d = lt["done_before_production"]
        out.append(
            f"done before production: {d['claims']:,} commits marked work done, {d['before_production']:,} before "
            f"the release that carried them (median lag {hours(d['median_lag_hours'])}, "
            f"p90 {hours(d['p90_lag_hours'])}); {d['unreleased']:,} not released yet"
        )
        lead_by_month = {p["period"]: p for p in lt["periods"]}
    else:
        out.append(
            "lead time to production: no release tag matches the configured pattern "
            "([tool.custlint.production] release-tags, or --release-tags)"
        )
    dt = data.get("done_tickets")
    if dt:
        out.append(tickets_line(dt))
    out.append("")
    out.append(
        f"{'month':<8} {'commits':>8} {'exempt':>7} {'checked':>8} {'problem':>8} {'kpi':>6} "
        f"{'lead p50':>9} {'lead p90':>9} {'done early':>10}"
    )
    for per in data["periods"]:
        ps = per["principles"]
        lm = lead_by_month.get(per["period"])
        out.append(
            f"{per['period']:<8} {per['commits']:>8,} {per['exempt']:>7,} {per['checked']:>8,} "
            f"{pct(ps['customer-problem']['ok'], per['checked']):>8} {pct(ps['measurable-kpi']['ok'], per['checked']):>6} "
            f"{hours(lm['median_hours']) if lm and lm['released'] else '-':>9} "
            f"{hours(lm['p90_hours']) if lm and lm['released'] else '-':>9} "
            f"{(lm['done_before_production'] if lm else 0):>10,}"
        )
    if data.get("repositories"):
        out.append("")
        out.append(f"{'repository':<32} {'commits':>8} {'checked':>8} {'problem':>8} {'kpi':>6}")
        for r in data["repositories"]:
            ps = r["principles"]
            out.append(
                f"{clean(str(r['repository']))[:32]:<32} {r['commits']:>8,} {r['checked']:>8,} "
                f"{pct(ps['customer-problem']['ok'], r['checked']):>8} {pct(ps['measurable-kpi']['ok'], r['checked']):>6}"
            )
    for key in ("paths", "authors"):
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
            out.append(f"... and {len(rows) - top:,} more {key} (--format json or --html has them all)")
        break  # one table: paths when grouped by path, else authors
    return "\n".join(out) + "\n"

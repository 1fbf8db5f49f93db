"""One self-contained HTML page for an audit (or a merged org audit): inline SVG charts, inline
styles and one small inline script (table sorting). No fonts, images or scripts are fetched: a
Content-Security-Policy of ``default-src 'none'`` makes sure of it. Every string from history
(author names, paths, tag names) is escaped."""

from __future__ import annotations

from html import escape

from custlint.audit.leadtime import LABELS
from custlint.reporters.audit_text import hours, pct

W, H = 880, 240  # chart size in SVG units
PAD_L, PAD_R, PAD_T, PAD_B = 48, 16, 14, 34
COLORS = ("#2563eb", "#d97706", "#059669", "#dc2626")
MAX_ROWS = 500

_CSS = """
:root { color-scheme: light dark; --fg:#1f2937; --muted:#6b7280; --bg:#ffffff; --card:#f8fafc; --line:#e5e7eb; }
@media (prefers-color-scheme: dark) { :root { --fg:#e5e7eb; --muted:#9ca3af; --bg:#111827; --card:#1f2937; --line:#374151; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 28px 0 8px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile b { display: block; font-size: 20px; } .tile span { color: var(--muted); font-size: 12px; }
figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { fill: var(--muted); font-size: 11px; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; white-space: normal; word-break: break-word; }
th { cursor: pointer; user-select: none; position: sticky; top: 0; background: var(--bg); }
th[aria-sort="ascending"]::after { content: " \\25B2"; } th[aria-sort="descending"]::after { content: " \\25BC"; }
.empty { color: var(--muted); padding: 24px; text-align: center; }
"""

_JS = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("th").forEach(function (th, col) {
    th.addEventListener("click", function () {
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      var asc = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
        var nx = parseFloat(x), ny = parseFloat(y), r;
        if (!isNaN(nx) && !isNaN(ny)) { r = nx - ny; } else { r = String(x).localeCompare(String(y)); }
        return asc ? r : -r;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def _nice(top: float) -> float:
    """A round axis maximum at or above ``top`` (1, 2, 2.5, 5 times a power of ten)."""
    import math

    if top <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(top))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= top:
            return m * mag
    return 10 * mag


def _ticks(labels: list[str], n: int = 12) -> list[int]:
    if len(labels) <= n:
        return list(range(len(labels)))
    step = -(-len(labels) // n)
    return list(range(0, len(labels), step))


def _frame(ymax: float, yfmt, labels: list[str], kind: str) -> list[str]:
    parts = []
    ih = H - PAD_T - PAD_B
    for k in range(5):
        v = ymax * k / 4
        y = PAD_T + ih - ih * k / 4
        parts.append(f'<line class="grid" x1="{PAD_L}" x2="{W - PAD_R}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(yfmt(v))}</text>')
    for i in _ticks(labels):
        x = _x(i, len(labels), kind)
        anchor = "end" if kind == "line" and i == len(labels) - 1 and i else "middle"
        parts.append(f'<text x="{x:.1f}" y="{H - PAD_B + 16}" text-anchor="{anchor}">{escape(labels[i])}</text>')
    return parts


def _x(i: int, n: int, kind: str) -> float:
    iw = W - PAD_L - PAD_R
    if kind == "bar":
        return PAD_L + iw * (i + 0.5) / max(n, 1)
    return PAD_L + (iw * i / (n - 1) if n > 1 else iw / 2)


def _svg(label: str, parts: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">' + "".join(parts) + "</svg>"
    )


def line_chart(
    label: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    ymax: float | None = None,
    yfmt=lambda v: f"{v:.0f}",
    vfmt=None,
) -> str:
    vfmt = vfmt or yfmt
    if not labels:
        return '<div class="empty">no data in this range</div>'
    top = ymax or _nice(max([v for _, vs in series for v in vs if v is not None] + [1.0]) * 1.05)
    ih = H - PAD_T - PAD_B
    parts = _frame(top, yfmt, labels, "line")
    for k, (name, values) in enumerate(series):
        color = COLORS[k % len(COLORS)]
        pts = [
            (_x(i, len(labels), "line"), PAD_T + ih - ih * min(v, top) / top, v, labels[i])
            for i, v in enumerate(values)
            if v is not None
        ]
        if len(pts) > 1:
            d = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in pts)
            dash = ' stroke-dasharray="7 4"' if k else ""  # a later series stays visible where it overlaps
            parts.append(
                f'<polyline class="series" fill="none" stroke="{color}" stroke-width="{3 if k == 0 else 2}"'
                f'{dash} points="{d}"/>'
            )
        for x, y, v, lab in pts:
            parts.append(
                f'<circle class="series" cx="{x:.1f}" cy="{y:.1f}" r="{2.5 if len(pts) > 60 else 3.5}" fill="{color}">'
                f"<title>{escape(name)} {escape(lab)}: {escape(vfmt(v))}</title></circle>"
            )
    return _legend(series) + _svg(label, parts)


def bar_chart(
    label: str, labels: list[str], series: list[tuple[str, list[float]]], *, yfmt=lambda v: f"{v:.0f}"
) -> str:
    """Stacked bars."""
    if not labels:
        return '<div class="empty">no data in this range</div>'
    sums = [sum(vs[i] for _, vs in series) for i in range(len(labels))]
    top = _nice(max(sums + [1.0]) * 1.05)
    ih = H - PAD_T - PAD_B
    iw = W - PAD_L - PAD_R
    bw = max(1.0, iw / len(labels) * 0.8)
    parts = _frame(top, yfmt, labels, "bar")
    for i, lab in enumerate(labels):
        base = 0.0
        x = _x(i, len(labels), "bar") - bw / 2
        for k, (name, vs) in enumerate(series):
            v = vs[i]
            if v <= 0:
                continue
            h = ih * v / top
            y = PAD_T + ih - ih * base / top - h
            parts.append(
                f'<rect class="series" x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{max(h, 0.5):.1f}" '
                f'fill="{COLORS[k % len(COLORS)]}"><title>{escape(lab)}: {escape(name)} {v:,.0f}</title></rect>'
            )
            base += v
    return (_legend(series) if len(series) > 1 else "") + _svg(label, parts)


def _legend(series) -> str:
    items = "".join(
        f'<span><i style="background:{COLORS[k % len(COLORS)]}"></i>{escape(name)}</span>'
        for k, (name, _) in enumerate(series)
    )
    return f'<div class="legend">{items}</div>'


def _share(t: dict, principle: str) -> float | None:
    return 100.0 * t["principles"][principle]["ok"] / t["checked"] if t["checked"] else None


def _table(rows: list[dict], key: str, title: str) -> str:
    head = (
        f"<tr><th>{escape(title)}</th><th>commits</th><th>checked</th><th>exempt</th><th>customer problem</th>"
        "<th>KPI</th><th>problem findings</th><th>KPI findings</th></tr>"
    )
    body = []
    for r in rows[:MAX_ROWS]:
        ps = r["principles"]
        p, k = _share(r, "customer-problem"), _share(r, "measurable-kpi")
        name = escape(str(r[key]))
        body.append(
            f'<tr><td data-v="{name}">{name}</td><td data-v="{r["commits"]}">{r["commits"]:,}</td>'
            f'<td data-v="{r["checked"]}">{r["checked"]:,}</td><td data-v="{r["exempt"]}">{r["exempt"]:,}</td>'
            f'<td data-v="{-1 if p is None else round(p, 2)}">{pct(ps["customer-problem"]["ok"], r["checked"])}</td>'
            f'<td data-v="{-1 if k is None else round(k, 2)}">{pct(ps["measurable-kpi"]["ok"], r["checked"])}</td>'
            f'<td data-v="{ps["customer-problem"]["findings"]}">{ps["customer-problem"]["findings"]:,}</td>'
            f'<td data-v="{ps["measurable-kpi"]["findings"]}">{ps["measurable-kpi"]["findings"]:,}</td></tr>'
        )
    more = (
        f'<p class="sub">showing the first {MAX_ROWS} of {len(rows):,} rows (the JSON has them all)</p>'
        if len(rows) > MAX_ROWS
        else ""
    )
    return f'<table class="sortable"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>{more}'


def render(data: dict, *, by: str = "author", title: str = "custlint audit") -> str:
    periods = data["periods"]
    months = [p["period"] for p in periods]
    lt = data.get("lead_time")
    checked = data["checked"]
    ps = data["principles"]
    tiles = [
        (f"{data['commits']:,}", "commits"),
        (f"{checked:,}", f"checked ({data['exempt']:,} exempt)"),
        (pct(ps["customer-problem"]["ok"], checked), "link a customer problem"),
        (pct(ps["measurable-kpi"]["ok"], checked), "name a measurable KPI"),
    ]
    if lt:
        tiles.append(
            (hours(lt["median_hours"]) if lt["released"] else "-", f"median lead time (p90 {hours(lt['p90_hours'])})")
        )
        tiles.append((f"{lt['done_before_production']['before_production']:,}", "marked done before production"))
    if data.get("done_tickets"):
        tiles.append((f"{data['done_tickets']['before_production']:,}", "tickets done before production"))
    tile_html = "".join(f'<div class="tile"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for v, k in tiles)

    share = line_chart(
        "share of commits linking a customer problem and a KPI per month",
        months,
        [
            ("customer problem", [_share(p, "customer-problem") for p in periods]),
            ("measurable KPI", [_share(p, "measurable-kpi") for p in periods]),
        ],
        ymax=100.0,
        yfmt=lambda v: f"{v:.0f}%",
        vfmt=lambda v: f"{v:.1f}%",
    )
    sections = [
        f"<h2>Customer problem and KPI links per month</h2><figure>{share}"
        "<figcaption>Share of checked (non-exempt) commits each month that link a customer problem or a KPI."
        "</figcaption></figure>"
    ]
    if lt:
        lp = [p for p in lt["periods"]]
        lmonths = [p["period"] for p in lp]
        done = bar_chart(
            "done-before-production events per month",
            lmonths,
            [
                ("released later", [p["done_before_production"] - _unrel_done(p) for p in lp]),
                ("not released yet", [_unrel_done(p) for p in lp]),
            ],
        )
        sections.append(
            f"<h2>Done before production</h2><figure>{done}<figcaption>Commits that mark work done "
            "(closing keywords such as <code>Fixes #12</code>, Jira <code>#done</code>) before the release "
            f"that carried them. Median lag {escape(hours(lt['done_before_production']['median_lag_hours']))}, "
            f"p90 {escape(hours(lt['done_before_production']['p90_lag_hours']))}.</figcaption></figure>"
        )
        trend = line_chart(
            "lead time to production per month (days)",
            lmonths,
            [
                ("median", [p["median_hours"] / 24 if p["released"] else None for p in lp]),
                ("p90", [p["p90_hours"] / 24 if p["released"] else None for p in lp]),
            ],
            yfmt=lambda v: f"{v:.0f}d",
            vfmt=lambda v: f"{v:.1f} days",
        )
        dist = bar_chart(
            "lead-time distribution",
            list(LABELS),
            [("commits", [float(c) for c in lt["histogram"]])],
            yfmt=lambda v: f"{v:,.0f}",
        )
        sections.append(
            f"<h2>Lead time to production</h2><figure>{trend}<figcaption>Time from commit to the first "
            f"release tag that contains it ({lt['release_tags']:,} release tags, "
            f"{escape(str(lt['first_release']))} to {escape(str(lt['last_release']))}); "
            f"{lt['unreleased']:,} commits not released yet.</figcaption></figure>"
            f"<h2>Lead-time distribution</h2><figure>{dist}<figcaption>{lt['released']:,} released commits."
            "</figcaption></figure>"
        )
    else:
        sections.append(
            '<h2>Lead time to production</h2><p class="sub">No release tag matches the configured pattern '
            "(<code>[tool.custlint.production] release-tags</code>), so lead time and done-before-production "
            "are not measured.</p>"
        )
    dt = data.get("done_tickets")
    if dt:
        sections.append(_tickets_section(dt))
    if data.get("repositories"):
        sections.append("<h2>Repositories</h2>" + _table(data["repositories"], "repository", "repository"))
    if by == "path" and data.get("paths"):
        sections.append("<h2>By path</h2>" + _table(data["paths"], "path", "path"))
    else:
        sections.append("<h2>By author</h2>" + _table(data.get("authors", []), "author", "author"))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: {escape(str(data['range']))}</title><style>{_CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="sub">{escape(str(data["range"]))}'
        f"{' &middot; ' + escape(months[0]) + ' to ' + escape(months[-1]) if months else ''}</p>"
        f'<div class="tiles">{tile_html}</div>{"".join(sections)}'
        f"<script>{_JS}</script></body></html>\n"
    )


def _tickets_section(dt: dict) -> str:
    """Tickets marked done before production: a chart per month and the worst tickets."""
    per = dt["periods"]
    chart = bar_chart(
        "tickets marked done before production per month",
        [p["period"] for p in per],
        [
            ("released later", [float(p["before_production"] - p["not_deployed"]) for p in per]),
            ("not in production yet", [float(p["not_deployed"]) for p in per]),
        ],
    )
    rows = "".join(
        f"<tr><td>{escape(str(r['ticket']))}</td><td>{escape(str(r['title']))}</td><td>{escape(str(r['done_at']))}</td>"
        f"<td>{escape(hours(r['lag_hours'])) if r['lag_hours'] is not None else 'not in production yet'}</td>"
        f"<td>{escape(str(r['production'] or r['reason']))}</td></tr>"
        for r in dt["tickets"][:20]
    )
    table = (
        (
            "<table><thead><tr><th>ticket</th><th>title</th><th>marked done</th><th>lag</th><th>production</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
        )
        if rows
        else ""
    )
    lag = ""
    if dt["median_lag_hours"] is not None:
        lag = f" Median lag {escape(hours(dt['median_lag_hours']))}, p90 {escape(hours(dt['p90_lag_hours']))}."
    return (
        f"<h2>Tickets done before production</h2><figure>{chart}<figcaption>Tickets of "
        f"{escape(str(dt['source']))} marked done before a production release held their commits: "
        f"{dt['before_production']:,} of {dt['done']:,} done tickets, {dt['not_deployed']:,} not in production yet; "
        f"{dt['unknown']:,} without production evidence.{lag}</figcaption></figure>{table}"
        + (
            f'<p class="sub" id="kpi-reviews">KPI reviews: {dt["kpi_reviews_due"]:,} due (the KPI window has passed '
            f"since production and no result is recorded), {dt['kpi_reviews_overdue']:,} overdue.</p>"
            if "kpi_reviews_due" in dt
            else ""
        )
    )


def _unrel_done(p: dict) -> int:
    return int(p.get("done_unreleased", 0))

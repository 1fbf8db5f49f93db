"""One self-contained HTML page for an audit (or a merged org audit): inline SVG charts, inline
styles and one small inline script (table sorting). No fonts, images or scripts are fetched: a
Content-Security-Policy of ``default-src 'none'`` makes sure of it. Every string from history
(author names, paths, tag names) is escaped."""

from __future__ import annotations

from html import escape

from custlint.audit.leadtime import LABELS
from custlint.reporters import audit_sections as sec
from custlint.reporters.audit_svg import bar_chart, line_chart
from custlint.reporters.audit_text import SMALL, count, hours, pct

_CSS = """
:root { color-scheme: light dark; --fg:#1f2937; --muted:#6b7280; --bg:#ffffff; --card:#f8fafc; --line:#e5e7eb;
        --few:#9ca3af; --link:#0b5cad; --bar:#93c5fd; }
@media (prefers-color-scheme: dark) { :root { --fg:#e5e7eb; --muted:#9ca3af; --bg:#111827; --card:#1f2937;
        --line:#374151; --few:#6b7280; --link:#93c5fd; --bar:#1e40af; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--fg); background: var(--bg); }
@media (max-width: 600px) { body { padding: 12px; } svg.chart { min-width: 720px; } }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 30px 0 8px; } h3 { font-size: 14px; margin: 18px 0 6px; }
a { color: var(--link); }
.sub { color: var(--muted); margin: 4px 0 12px; }
.note, td.text { overflow-wrap: anywhere; }
.note { background: var(--card); border-left: 4px solid #d55e00; padding: 8px 12px; margin: 16px 0; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; }
.tile { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.tile b { display: block; font-size: 20px; } .tile span { color: var(--muted); font-size: 12px; }
figure { overflow-x: auto; margin: 0 0 8px; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 11px; } svg.chart text.axis { fill: var(--muted); }
svg.chart text.direct { font-size: 11.5px; font-weight: 600; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; } svg .few { stroke: var(--few); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; margin-bottom: 4px; }
.legend svg.key { vertical-align: -2px; margin-right: 4px; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; vertical-align: top; }
th:first-child, td:first-child, td.text { text-align: left; white-space: normal; overflow-wrap: anywhere; }
td:first-child { min-width: 5em; }
table.items td:first-child { min-width: 16em; } td.few { color: var(--few); font-style: italic; }
table.sortable th { cursor: pointer; user-select: none; }
th { position: sticky; top: 0; background: var(--bg); }
th[aria-sort="ascending"]::after { content: " \\25B2"; } th[aria-sort="descending"]::after { content: " \\25BC"; }
td.share { min-width: 7em; } .bar { display: block; height: 4px; background: var(--bar); margin-top: 2px; }
details summary { cursor: pointer; } details p { margin: 4px 0; color: var(--fg); white-space: normal; max-width: 60em; }
small { color: var(--muted); } code { white-space: nowrap; overflow-wrap: normal; }
th.text { text-align: left; } table.items th, table.items td { text-align: left; }
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


def render(data: dict, *, by: str = "author", title: str = "custlint audit") -> str:
    periods = data["periods"]
    unit = data.get("period", "month")
    labels = [p["period"] for p in periods]
    lt = data.get("lead_time")
    checked = data["checked"]
    ps = data["principles"]
    tiles = [
        (f"{data['commits']:,}", "commit" if data["commits"] == 1 else "commits"),
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
    checked_per = [p["checked"] for p in periods]
    share = line_chart(
        f"share of checked commits linking a customer problem and a KPI per {unit}",
        labels,
        [
            ("customer problem", [sec.share(p, "customer-problem") for p in periods]),
            ("measurable KPI", [sec.share(p, "measurable-kpi") for p in periods]),
        ],
        counts=checked_per,
        small=SMALL,
        unit="checked commit",
        ymax=100.0,
        yfmt=lambda v: f"{v:.0f}%",
        vfmt=lambda v: f"{v:.1f}%",
    )
    sections = []
    note = data.get("release_tags_note")
    if note:
        sections.append(f'<p class="note">Release tags: {escape(str(note))}</p>')
    sections.append(
        f"<h2>Customer problem and KPI links per {escape(unit)}</h2><figure>{share}"
        f"<figcaption>Share of checked (non-exempt) commits each {escape(unit)} that link a customer problem or "
        f"name a KPI; hover a point for its commit count. {escape(unit.title())}s with fewer than {SMALL} checked "
        "commits are marked on the axis, not drawn.</figcaption></figure>" + sec.period_table(data)
    )
    sections.append(sec.rules_section(data))
    sections.append(sec.items_section(data))
    if lt:
        lp = lt["periods"]
        lmonths = [p["period"] for p in lp]
        done = bar_chart(
            f"done-before-production events per {unit}",
            lmonths,
            [
                ("released later", [p["done_before_production"] - _unrel_done(p) for p in lp]),
                ("not released yet", [_unrel_done(p) for p in lp]),
            ],
        )
        d = lt["done_before_production"]
        sections.append(
            f"<h2>Done before production</h2><figure>{done}<figcaption>{escape(count(d['before_production'], 'commit'))} "
            "marked work done (closing keywords such as <code>Fixes #12</code>, Jira <code>#done</code>) before the "
            f"release that carried them, {d['unreleased']:,} of them not released yet. Median lag "
            f"{escape(hours(d['median_lag_hours']))}, p90 {escape(hours(d['p90_lag_hours']))}.</figcaption></figure>"
        )
        trend = line_chart(
            f"lead time to production per {unit} (days)",
            lmonths,
            [
                ("median", [p["median_hours"] / 24 if p["released"] else None for p in lp]),
                ("p90", [p["p90_hours"] / 24 if p["released"] else None for p in lp]),
            ],
            counts=[p["released"] for p in lp],
            small=1,
            unit="released commit",
            yfmt=lambda v: f"{v:.0f}d",
            vfmt=lambda v: f"{v:.1f} days",
        )
        dist = bar_chart(
            "lead-time distribution",
            list(LABELS),
            [("commits", [float(c) for c in lt["histogram"]])],
            yfmt=lambda v: f"{v:,.0f}",
        )
        first = (
            f"{escape(str(lt['first_release']))} to {escape(str(lt['last_release']))}"
            if lt.get("first_release")
            else ""
        )
        sections.append(
            f"<h2>Lead time to production</h2><figure>{trend}<figcaption>Time from commit to the first "
            f"release tag that contains it ({escape(count(lt['release_tags'], 'release tag'))}{', ' + first if first else ''}); "
            f"{escape(count(lt['unreleased'], 'commit'))} not released yet.</figcaption></figure>"
            f"<h2>Lead-time distribution</h2><figure>{dist}<figcaption>{escape(count(lt['released'], 'released commit'))}."
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
        sections.append("<h2>Repositories</h2>" + sec.group_table(data["repositories"], "repository", "repository"))
    if by == "team" and data.get("teams"):
        src = f" (owners from <code>{escape(str(data['codeowners']))}</code>)" if data.get("codeowners") else ""
        sections.append(f"<h2>By team{src}</h2>" + sec.group_table(data["teams"], "team", "team"))
    elif by == "path" and data.get("paths"):
        sections.append("<h2>By path</h2>" + sec.group_table(data["paths"], "path", "path"))
    else:
        sections.append("<h2>By author</h2>" + sec.group_table(data.get("authors", []), "author", "author"))
    span = f" &middot; {escape(labels[0])} to {escape(labels[-1])} by {escape(unit)}" if labels else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}: {escape(str(data['range']))}</title><style>{_CSS}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="sub">{escape(str(data["range"]))}{span}</p>'
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
        sec.wrap(
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

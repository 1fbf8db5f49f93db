"""Tables of the audit's HTML report: the trend per period, findings by rule (with each rule's
explanation), the commits behind the numbers (linked to the forge) and the groups. Every string
from history, a rule pack or a config is escaped; links are only the forge URLs the audit built."""

from __future__ import annotations

from html import escape

from custlint.reporters.audit_text import HTML_ROWS, ITEMS, SMALL, count, hours, pct

RULE_COLUMNS = 6  # rules shown per period


def wrap(table: str) -> str:
    """A wide table scrolls inside its box, never the page."""
    return f'<div class="scroll">{table}</div>'


def share(t: dict, principle: str) -> float | None:
    return 100.0 * t["principles"][principle]["ok"] / t["checked"] if t["checked"] else None


def _num_cell(n: int) -> str:
    """A sortable cell of a count."""
    return f'<td data-v="{n}">{n:,}</td>'


def _text_cell(text: str) -> str:
    """A sortable cell of a name (sorted by itself)."""
    e = escape(text)
    return f'<td data-v="{e}">{e}</td>'


def _pct_cell(ok: int, checked: int) -> str:
    few = 0 < checked < SMALL
    v = -1 if not checked else round(100.0 * ok / checked, 2)
    text = f"{ok:,}/{checked:,}" if few else pct(ok, checked)
    cls = ' class="few"' if few else ""
    return f'<td data-v="{v}"{cls} title="{ok:,} of {count(checked, "checked commit")}">{escape(text)}</td>'


def period_table(data: dict) -> str:
    unit = data.get("period", "month")
    lead = {p["period"]: p for p in (data.get("lead_time") or {}).get("periods", [])}
    head = (
        f"<tr><th>{escape(unit)}</th><th>commits</th><th>checked</th><th>customer problem</th><th>KPI</th>"
        "<th>done early</th><th>lead p50</th></tr>"
    )
    body = []
    for p in data["periods"]:
        ps = p["principles"]
        lm = lead.get(p["period"])
        early = lm["done_before_production"] if lm else 0
        p50 = lm["median_hours"] if lm and lm["released"] else None
        body.append(
            f"<tr>{_text_cell(p['period'])}{_num_cell(p['commits'])}{_num_cell(p['checked'])}"
            + _pct_cell(ps["customer-problem"]["ok"], p["checked"])
            + _pct_cell(ps["measurable-kpi"]["ok"], p["checked"])
            + f'{_num_cell(early)}<td data-v="{-1 if p50 is None else p50}">{escape(hours(p50))}</td></tr>'
        )
    note = (
        f'<p class="sub">Shares of periods with fewer than {SMALL} checked commits are shown as counts '
        "(ok/checked) and are not drawn in the chart.</p>"
    )
    return wrap(f'<table class="sortable"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>') + note


def rules_section(data: dict) -> str:
    rules = data.get("rules") or []
    if not rules:
        return '<h2 id="rules">Findings by rule</h2><p class="sub">No rule fired on a checked commit.</p>'
    rows = []
    for r in rules:
        s = r.get("share")
        bar = f'<span class="bar" style="width:{min(100.0, s or 0):.1f}%"></span>' if s is not None else ""
        expl = (
            f"<details><summary>{escape(str(r['name']))}</summary>"
            f"<p><b>What it checks.</b> {escape(str(r.get('what', '')))}</p>"
            f"<p><b>Why it matters to a customer.</b> {escape(str(r.get('why', '')))}</p>"
            + (f"<p><b>Fix.</b> {escape(str(r['fix']))}</p>" if r.get("fix") else "")
            + f"<p><code>custlint rule {escape(str(r['code']))}</code> prints it with examples.</p></details>"
        )
        rows.append(
            f'<tr><td data-v="{escape(str(r["code"]))}"><code>{escape(str(r["code"]))}</code></td>'
            f'<td class="text" data-v="{escape(str(r["name"]))}">{expl}</td>'
            f"{_text_cell(str(r['principle']))}{_num_cell(r['commits'])}"
            f'<td data-v="{-1 if s is None else s}" class="share">{escape("-" if s is None else f"{s:.0f}%")}{bar}</td></tr>'
        )
    table = wrap(
        '<table class="sortable rules"><thead><tr><th>rule</th><th class="text">name (click for why)</th><th>principle</th>'
        f"<th>commits</th><th>share of checked</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        '<h2 id="rules">Findings by rule</h2><p class="sub">Checked commits each rule fired on over the range '
        "(a commit can break several rules).</p>" + table + _rules_per_period(data, rules[:RULE_COLUMNS])
    )


def _rules_per_period(data: dict, top: list[dict]) -> str:
    unit = data.get("period", "month")
    head = f"<tr><th>{escape(unit)}</th><th>checked</th>" + "".join(
        f'<th title="{escape(str(r["name"]))}">{escape(str(r["code"]))}</th>' for r in top
    )
    body = []
    for p in data["periods"]:
        counts = p.get("rules") or {}
        cells = []
        for r in top:
            n = int(counts.get(r["code"], 0))
            title = f"{r['code']} in {p['period']}: {n:,} of {count(p['checked'], 'checked commit')}"
            cells.append(f'<td data-v="{n}" title="{escape(title)}">{n:,} <small>{pct(n, p["checked"])}</small></td>')
        body.append(f"<tr>{_text_cell(p['period'])}{_num_cell(p['checked'])}{''.join(cells)}</tr>")
    return f"<h3>The {len(top)} most frequent rules per {escape(unit)}</h3>" + wrap(
        f'<table class="sortable"><thead>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )


def _link(text: str, url: str | None) -> str:
    if not url or not url.startswith("https://"):
        return escape(text)
    return f'<a href="{escape(url)}" rel="noreferrer">{escape(text)}</a>'


def items_section(data: dict) -> str:
    items = data.get("items") or {}
    parts = []
    for key, title in ITEMS:
        rows = items.get(key) or []
        if not rows:
            continue
        lag = key == "lags"
        body = []
        for r in rows:
            where = f"{r['repository']}:" if r.get("repository") else ""
            sha = _link(where + str(r["sha"])[:10], r.get("url"))
            pr = f" ({_link('#' + str(r['pr']), r.get('pr_url'))})" if r.get("pr") is not None else ""
            rules = " ".join(f"<code>{escape(str(c))}</code>" for c in r.get("rules", []))
            body.append(
                f'<tr><td class="text">{escape(str(r["subject"]))}{pr}</td><td>{sha}</td>'
                f"<td>{escape(str(r['author']))}</td><td>{escape(str(r['date']))}</td>"
                + (f"<td>{escape(hours(r.get('lag_hours')))}</td>" if lag else "")
                + f'<td class="text">{rules}</td></tr>'
            )
        head = (
            "<tr><th>subject</th><th>commit</th><th>author</th><th>date</th>"
            + ("<th>lag</th>" if lag else "")
            + "<th>rules</th></tr>"
        )
        parts.append(
            f"<h3>{escape(title[0].upper() + title[1:])}</h3>"
            + wrap(f'<table class="items"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>')
        )
    if not parts:
        return ""
    return (
        '<h2 id="items">The commits behind the numbers</h2><p class="sub">Where to start: each list keeps '
        "the 25 worst or most recent; links go to the forge of the repository's <code>origin</code>.</p>"
        + "".join(parts)
    )


def group_table(rows: list[dict], key: str, title: str) -> str:
    head = (
        f"<tr><th>{escape(title)}</th><th>commits</th><th>checked</th><th>exempt</th><th>customer problem</th>"
        "<th>KPI</th><th>problem findings</th><th>KPI findings</th></tr>"
    )
    body = []
    for r in rows[:HTML_ROWS]:
        ps = r["principles"]
        body.append(
            f"<tr>{_text_cell(str(r[key]))}{_num_cell(r['commits'])}{_num_cell(r['checked'])}{_num_cell(r['exempt'])}"
            + _pct_cell(ps["customer-problem"]["ok"], r["checked"])
            + _pct_cell(ps["measurable-kpi"]["ok"], r["checked"])
            + _num_cell(ps["customer-problem"]["findings"])
            + _num_cell(ps["measurable-kpi"]["findings"])
            + "</tr>"
        )
    more = (
        f'<p class="sub">showing the first {HTML_ROWS:,} of {len(rows):,} rows (the JSON has them all)</p>'
        if len(rows) > HTML_ROWS
        else ""
    )
    table = f'<table class="sortable" data-table="{escape(key)}"><thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'
    return wrap(table) + more

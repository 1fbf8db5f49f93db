"""The audit's HTML report in a real headless Chromium: it renders, the charts are visible, nothing
is fetched, nothing is logged as an error. CI installs Debian's `chromium` (apt-get install -y chromium)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chromium import chromium_binary, load, png_pixels
from conftest import BAD, GOOD, GitRepo, clean_env, custlint

BINARY = chromium_binary()  # missing: the tests fail, they never skip
pytestmark = pytest.mark.slow

# what the page measures about itself once loaded (run through the DevTools protocol)
PROBE = """(() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  const charts = [...document.querySelectorAll('svg.chart')].map(s => ({
    label: s.getAttribute('aria-label'), size: box(s),
    marks: [...s.querySelectorAll('.series, .few')].filter(m => { const [w, h] = box(m); return w > 0 && h > 0; }).length,
    hidden: getComputedStyle(s).visibility !== 'visible' || getComputedStyle(s).display === 'none'}));
  const table = document.querySelector('table[data-table]');  // the first table of groups
  const first = () => table.tBodies[0].rows[0].cells[0].textContent;
  const before = first();
  table.querySelectorAll('th')[0].click();
  const asc = first();
  return {title: document.title, charts, rows: table.tBodies[0].rows.length, before, asc,
          external: [...document.querySelectorAll('[src],[href],link')].map(e => e.getAttribute('src') || e.getAttribute('href'))};
})()"""


ANN = 'Ann "<i>x</i>" & Co'  # git drops the angle brackets: Ann "ix/i" & Co


def history(repo: GitRepo) -> None:
    months = ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]
    for i, m in enumerate(months):
        repo.commit(GOOD, author=ANN, date=f"{m}-02T10:00:00Z")
        repo.commit(BAD + "\nFixes #1\n", author="Zed", date=f"{m}-03T10:00:00Z")
        repo.commit(BAD, author="Bob", date=f"{m}-04T10:00:00Z")
        repo.git("tag", "-a", f"v1.{i}", "-m", "release", env=clean_env(GIT_COMMITTER_DATE=f"{m}-10T00:00:00Z"))
    repo.commit(BAD + "\nCloses #2\n", author="Bob", date="2026-03-25T10:00:00Z")


def check_page(page: Path, n_charts: int) -> dict:
    if BINARY is None:
        pytest.fail("chromium is not installed; CI must apt-get install -y chromium")
    res = load(BINARY, page, PROBE)
    assert res["errors"] == []
    assert res["requests"] == [page.resolve().as_uri()]  # the page itself, nothing else
    v = res["value"]
    assert len(v["charts"]) == n_charts
    for c in v["charts"]:
        assert c["size"][0] > 300 and c["size"][1] > 80, c
        assert c["marks"] > 0 and not c["hidden"], c
    assert v["external"] == []
    width, height, rows = png_pixels(res["png"])
    assert width >= 900 and height > 1000
    colours = {rows[y][x * 4:x * 4 + 3] for y in range(0, height, 7) for x in range(0, width, 7)}
    assert len(colours) > 20  # a blank page has one colour
    blue = bytes((0x00, 0x72, 0xB2))  # the first series colour is painted somewhere
    assert any(blue in r for r in rows)
    return v


def test_audit_html_renders_in_chromium(repo: GitRepo, tmp_path: Path):
    history(repo)
    out = tmp_path / "audit.html"
    run = custlint("audit", "--html", str(out), "--format", "json", cwd=repo.path)
    assert run.code == 0, run.err
    html = out.read_text()
    assert "<script src" not in html and "@import" not in html and "url(" not in html
    stored = repo.git("log", "-1", "--format=%an", "HEAD~3")
    assert stored == 'Ann "ix/i" & Co'
    assert "Ann &quot;ix/i&quot; &amp; Co" in html and stored not in html  # history is data, escaped
    v = check_page(out, 4)  # links per month, done before production, lead time trend, distribution
    assert {c["label"] for c in v["charts"]} >= {
        "share of checked commits linking a customer problem and a KPI per quarter", "lead-time distribution"}
    assert v["rows"] == 3
    assert v["before"] == "Bob" and v["asc"] == stored  # the sort script ran (Bob has most commits)


def test_html_without_releases_and_by_path(repo: GitRepo, tmp_path: Path):
    repo.commit(GOOD, file="a.txt")
    repo.commit(BAD, file="b.txt")
    out = tmp_path / "p.html"
    assert custlint("audit", "--by", "path", "--html", str(out), cwd=repo.path).code == 0
    assert "No release tag matches" in out.read_text()
    v = check_page(out, 1)
    assert v["rows"] == 1  # "(top level)"


def test_merged_org_html(repo: GitRepo, tmp_path: Path):
    history(repo)
    other = GitRepo(tmp_path / "other")
    other.commit(GOOD, date="2026-01-09T00:00:00Z")
    a, b = tmp_path / "shop.json", tmp_path / "billing.json"
    assert custlint("audit", "--format", "json", "-o", str(a), cwd=repo.path).code == 0
    assert custlint("audit", "--format", "json", "-o", str(b), cwd=other.path).code == 0
    out = tmp_path / "org.html"
    run = custlint("report", "merge", str(a), str(b), "--html", str(out), "--format", "json")
    assert run.code == 0, run.err
    merged = run.json()
    assert merged["commits"] == 17 and [r["repository"] for r in merged["repositories"]] == ["shop", "billing"]
    v = check_page(out, 4)
    assert v["rows"] == 2  # the first table is per repository
    assert re.search(r"2 repositories", out.read_text())
    assert json.loads(a.read_text())["commits"] == 16


# what a reader sees at a width: the page's own horizontal scroll, and the text boxes of each chart
# that intersect (direct labels, axis labels); the charts' shown marks
LAYOUT = """(() => {
  const overlaps = [];
  document.querySelectorAll('svg.chart').forEach(svg => {
    const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()])
      .filter(([, r]) => r.width > 0 && r.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i][1], b = boxes[j][1];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
        overlaps.push([svg.getAttribute('aria-label'), boxes[i][0], boxes[j][0]]);
    }
    const box = svg.getBoundingClientRect();
    boxes.forEach(([t, r]) => { if (r.right > box.right + 1 || r.left < box.left - 1) overlaps.push(['outside', t]); });
  });
  return {scroll: document.scrollingElement.scrollWidth, width: innerWidth, overlaps,
          charts: document.querySelectorAll('svg.chart').length,
          lines: [...document.querySelector('svg.chart').querySelectorAll('polyline')].map(p => [p.getAttribute('stroke'),
                  p.getAttribute('stroke-dasharray'), p.getAttribute('stroke-width')]),
          direct: [...document.querySelectorAll('svg.chart text.direct')].map(t => t.textContent),
          few: document.querySelectorAll('svg.chart .few').length,
          details: document.querySelectorAll('table.rules details').length,
          links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))};
})()"""


def rich_history(repo: GitRepo) -> None:
    """Two years of work: a busy month, quiet ones, releases, closing keywords, fixes, PR numbers."""
    repo.git("remote", "add", "origin", "git@gitlab.example.com:shop/web.git")
    for m in range(1, 13):
        n = 12 if m % 4 else 2  # every fourth month is small
        for k in range(n):
            body = [GOOD, BAD, f"{BAD}\nFixes #{k}\n", f"fix: totals are wrong (#{100 + k})\n\nRounding.\n"][k % 4]
            repo.commit(body, author=["Ann", "Bob", "Zed <b>"][k % 3], date=f"2025-{m:02d}-{k + 1:02d}T10:00:00Z")
        if m % 3 == 0:
            repo.git("tag", "-a", f"v1.{m}", "-m", "r", env=clean_env(GIT_COMMITTER_DATE=f"2025-{m:02d}-27T00:00:00Z"))


@pytest.mark.parametrize("width", [1400, 390])
def test_report_reads_at_desktop_and_phone_width(repo: GitRepo, tmp_path: Path, width: int):
    if BINARY is None:
        pytest.fail("chromium is not installed; CI must apt-get install -y chromium")
    rich_history(repo)
    page = tmp_path / "audit.html"
    run = custlint("audit", "--period", "month", "--html", str(page), cwd=repo.path)
    assert run.code == 0, run.err
    res = load(BINARY, page, LAYOUT, width=width)
    (tmp_path / f"audit-{width}.png").write_bytes(res["png"])  # looked at: the screenshot is kept with the test's files
    assert res["errors"] == [] and res["requests"] == [page.resolve().as_uri()]
    v = res["value"]
    assert v["width"] == width and v["scroll"] <= width, v["scroll"]  # no horizontal scroll of the page
    assert v["overlaps"] == [], v["overlaps"]
    assert v["charts"] == 4 and v["few"] >= 3  # three small months marked on the axis (and the legend's key)
    styles = {tuple(x) for x in v["lines"]}  # the share chart's lines: two series, each its colour, dash and width
    assert len(styles) == 2 and len({s for s, _, _ in styles}) == 2 and len({d for _, d, _ in styles}) == 2
    # the customer-problem line is the wider one under the dashed KPI line: where they agree, both show
    problem = next(x for x in styles if x[0] == "#0072b2")
    kpi = next(x for x in styles if x[0] != "#0072b2")
    assert float(problem[2]) >= 2 * float(kpi[2]) and problem[1] is None and kpi[1]
    assert any(t.startswith("customer problem") for t in v["direct"]) and any(t.startswith("measurable KPI")
                                                                               for t in v["direct"])
    assert v["details"] >= 3  # each rule's explanation
    assert any(h.startswith("https://gitlab.example.com/shop/web/-/commit/") for h in v["links"])
    assert any(h.startswith("https://gitlab.example.com/shop/web/-/merge_requests/10") for h in v["links"])
    width_px, height_px, _ = png_pixels(res["png"])
    assert width - 20 <= width_px <= width and height_px > 1500  # less a vertical scroll bar


def test_the_browser_check_sees_errors_and_requests(tmp_path: Path):
    """The checks above would fail on a page that logs an error or fetches something."""
    if BINARY is None:
        pytest.fail("chromium is not installed; CI must apt-get install -y chromium")
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><body><img src="http://127.0.0.1:9/x.png">'
                    '<script>console.error("boom"); undefinedFunction();</script></body></html>')
    res = load(BINARY, page, "document.images.length")
    assert res["value"] == 1
    assert any("boom" in e for e in res["errors"]) and any("undefinedFunction" in e for e in res["errors"])
    assert "http://127.0.0.1:9/x.png" in res["requests"]

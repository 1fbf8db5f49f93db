"""Issue 17: the audit as a report a tech lead acts on -- findings by rule, the commits behind the
numbers with forge links, periods, teams from CODEOWNERS, people counted once, release tags found,
numbers that agree, and a progress bar that behaves on a real pseudo-terminal."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint
from custlint.audit import forge, owners
from custlint.audit.items import pr_number
from custlint.reporters import audit_html, audit_text
from test_audit import run_on_tty

FIX_NO_REMEDY = "fix: checkout crashes on empty carts\n\nThe cart total divided by zero.\n"


def audit(repo: GitRepo, *args: str, env=None) -> dict:
    run = custlint("audit", "--format", "json", "--no-progress", *args, cwd=repo.path, env=env)
    assert run.code == 0, run.err
    return run.json()


def test_findings_by_rule_match_the_commits_command(repo: GitRepo):
    repo.commit(GOOD, author="Ann", date="2026-01-05T10:00:00Z")
    repo.commit(BAD, author="Bob", date="2026-01-20T10:00:00Z")
    repo.commit(FIX_NO_REMEDY, author="Bob", date="2026-02-03T10:00:00Z")
    repo.commit("Speed up checkout\n\nFixes #12\n", author="Cid", date="2026-02-04T10:00:00Z")
    repo.commit("Cache the search index\n\nKPI: p95 search latency under 300 ms within 2 weeks\n",
                author="Bob", date="2026-03-10T10:00:00Z")
    data = audit(repo, "--period", "month")
    run = custlint("commits", "HEAD", "--format", "json", "--exit-zero", cwd=repo.path)
    per_rule: dict[str, set] = {}
    for f in run.json()["findings"]:
        per_rule.setdefault(f["rule"], set()).add(f["subject"])
    got = {r["code"]: r["commits"] for r in data["rules"]}
    assert got == {code: len(s) for code, s in per_rule.items()}  # every rule, commits counted once each
    for r in data["rules"]:
        assert r["name"] and r["principle"] and r["what"] and r["why"]  # `custlint rule CODE`'s text
        assert r["share"] == round(100.0 * r["commits"] / data["checked"], 2)
    # per period: the same counts, split by month, adding up to the range's
    summed: dict[str, int] = {}
    for p in data["periods"]:
        for code, n in p["rules"].items():
            summed[code] = summed.get(code, 0) + n
    assert summed == got
    month = dict(ln.split() for ln in repo.git("log", "--format=%H %cd", "--date=format:%Y-%m").splitlines())
    for p in data["periods"]:
        want = {code: sum(1 for sha in shas if month.get(sha, "")[:7] == p["period"]) for code, shas in per_rule.items()}
        assert p["rules"] == {c: n for c, n in want.items() if n}, p["period"]


def test_commits_behind_the_numbers_with_forge_links(repo: GitRepo):
    repo.git("remote", "add", "origin", "git@github.example.com:shop/checkout.git")  # GitHub Enterprise, scp-like
    repo.commit(GOOD, author="Ann", date="2025-01-05T10:00:00Z")
    late = repo.commit("Show the delivery date (#41)\n\nFixes #7\n", author="Bob", date="2025-01-06T10:00:00Z")
    repo.git("tag", "-a", "v1.0", "-m", "r", env=clean_env(GIT_COMMITTER_DATE="2025-03-01T00:00:00Z"))
    fix = repo.commit(FIX_NO_REMEDY, author="Cid", date="2025-04-01T10:00:00Z")
    repo.commit('Add <script>alert(1)</script> "x" & y\n', author="Dee", date="2025-04-02T10:00:00Z")
    data = audit(repo)
    assert data["forge"] == {"kind": "github", "url": "https://github.example.com/shop/checkout"}
    lag = data["items"]["lags"][0]
    assert (lag["sha"], lag["subject"], lag["author"], lag["date"]) == (late, "Show the delivery date (#41)", "Bob",
                                                                       "2025-01-06")
    assert lag["lag_hours"] == pytest.approx((31 + 23) * 24 - 10, abs=0.01) and "DP301" in lag["rules"]
    assert lag["url"] == f"https://github.example.com/shop/checkout/commit/{late}"
    assert (lag["pr"], lag["pr_url"]) == (41, "https://github.example.com/shop/checkout/pull/41")
    unlinked = data["items"]["unlinked"]
    assert [r["date"] for r in unlinked] == sorted((r["date"] for r in unlinked), reverse=True)  # most recent first
    assert unlinked[0]["subject"].startswith("Add <script>") and "CP101" in unlinked[0]["rules"]
    assert [r["sha"] for r in data["items"]["remediation"]] == [fix]
    html_file = repo.path.parent / "a.html"
    assert custlint("audit", "--html", str(html_file), cwd=repo.path).code == 0
    html = html_file.read_text()
    assert "<script>alert(1)" not in html and "Add &lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; y" in html
    assert f'href="https://github.example.com/shop/checkout/commit/{late}"' in html
    assert 'href="https://github.example.com/shop/checkout/pull/41"' in html
    text = custlint("audit", cwd=repo.path).out
    assert "worst done-before-production lags" in text and late[:10] in text


@pytest.mark.parametrize(("url", "kind", "want"), [
    ("https://github.com/pallets/flask.git", "auto", ("github", "https://github.com/pallets/flask")),
    ("git@github.com:pallets/flask.git", "auto", ("github", "https://github.com/pallets/flask")),
    ("ssh://git@github.example.com:2222/org/repo.git", "auto", ("github", "https://github.example.com/org/repo")),
    ("https://gitlab.com/group/sub/project.git", "auto", ("gitlab", "https://gitlab.com/group/sub/project")),
    ("git@gitlab.example.org:platform/api.git", "auto", ("gitlab", "https://gitlab.example.org/platform/api")),
    ("https://git.example.com/team/app.git", "gitlab", ("gitlab", "https://git.example.com/team/app")),
    ("https://user:token@github.com/o/r", "auto", ("github", "https://github.com/o/r")),  # no credentials in links
    ("/srv/git/repo.git", "auto", None),
    ("file:///srv/git/repo.git", "auto", None),
    ("https://github.com/only-owner", "auto", None),
    ("https://github.com/o/r", "none", None),
    ('https://github.com/o/r"><script>', "auto", None),
])
def test_forge_from_remote_url(url, kind, want):
    f = forge.parse(url, kind)
    assert (None if f is None else (f.kind, f.base)) == want
    if f is not None and f.kind == "gitlab":
        assert f.commit_url("abc") == f"{f.base}/-/commit/abc" and f.pr_url(3) == f"{f.base}/-/merge_requests/3"


def test_pr_numbers_from_subjects():
    assert pr_number("Fix the cart (#123)") == 123
    assert pr_number("Merge pull request #77 from a/b") == 77
    assert pr_number("Fix #12 in the cart") is None and pr_number("Bump (#12) deps") is None


def _years(repo: GitRepo, first: int, last: int, per_year: int = 1) -> None:
    for y in range(first, last + 1):
        for k in range(per_year):
            repo.commit(GOOD if k % 2 == 0 else BAD, date=f"{y}-0{1 + k % 9}-03T10:00:00Z")


def test_period_default_fits_about_40_points(repo: GitRepo):
    _years(repo, 2010, 2025)  # 16 years: 192 months, 64 quarters
    data = audit(repo)
    assert data["period"] == "year" and [p["period"] for p in data["periods"]] == [str(y) for y in range(2010, 2026)]
    assert audit(repo, "--since", "2019-01-01")["period"] == "year"  # 7 years of 1 commit: quarters would be marks
    busy = GitRepo(repo.path.parent / "busy")
    for y in range(2019, 2026):
        for q in range(4):
            for k in range(5):
                busy.commit(GOOD if k % 2 else BAD, date=f"{y}-{3 * q + 1:02d}-{k + 2:02d}T10:00:00Z")
    q = audit(busy)  # 7 years, 5 commits a quarter: 28 quarters
    assert q["period"] == "quarter" and q["periods"][0]["period"] == "2019-Q1" and len(q["periods"]) == 28
    m = audit(repo, "--period", "month", "--since", "2024-01-01")
    assert m["period"] == "month" and len(m["periods"]) == 13  # gaps filled: months without a commit count 0
    assert sum(p["commits"] for p in m["periods"]) == m["commits"] and m["periods"][1]["commits"] == 0
    bad = custlint("audit", "--period", "week", cwd=repo.path)
    assert bad.code == 2 and "Traceback" not in bad.err


def test_small_periods_are_marked_not_drawn(repo: GitRepo):
    for d in range(1, 9):
        repo.commit(GOOD if d % 2 else BAD, date=f"2026-01-{d:02d}T10:00:00Z")
    repo.commit(GOOD, date="2026-02-03T10:00:00Z")  # one commit: 100% of one is no trend
    text = custlint("audit", "--period", "month", cwd=repo.path).out
    row = next(ln for ln in text.splitlines() if ln.startswith("2026-02"))
    assert "100%*" in row and "fewer than 5 checked commits" in text
    out = repo.path.parent / "s.html"
    assert custlint("audit", "--period", "month", "--html", str(out), cwd=repo.path).code == 0
    html = out.read_text()
    start = html.index('<svg class="chart"')
    chart = html[start:html.index("</svg>", start)]
    assert "2026-02: 1 checked commit, too few for a share" in chart
    assert "2026-01: 50.0% of 8 checked commits" in chart  # each point's count on hover
    assert 'class="few"' in html and "1/1" in html  # the table shows the count, not 100%


CODEOWNERS_GH = """\
# GitHub: the last matching pattern wins
*            @acme/everyone
/api/        @acme/api
*.md         @acme/docs
api/legacy/  @acme/legacy
docs/*       @acme/docs-top
/vendor/
"""


def test_codeowners_github_reading():
    o = owners.Owners(CODEOWNERS_GH)
    assert o.of("src/app.py") == ("@acme/everyone",)
    assert o.of("api/handlers.py") == ("@acme/api",)
    assert o.of("api/README.md") == ("@acme/docs",)  # later line wins
    assert o.of("api/legacy/old.py") == ("@acme/legacy",)
    assert o.of("docs/intro.txt") == ("@acme/docs-top",)
    assert o.of("docs/deep/intro.txt") == ("@acme/everyone",)  # docs/* is not recursive
    assert o.of("vendor/lib.c") == ()  # a pattern without owners unowns
    assert o.teams([b"vendor/lib.c", b"api/x.py"]) == ("(no owner)", "@acme/api")


def test_codeowners_gitlab_sections():
    o = owners.Owners("""\
* @all
[Backend] @backend-leads
app/
app/payments/ @payments
^[Docs][2]
*.md @tech-writers
\\#notes.txt @hash
""")
    assert o.of("app/models.rb") == ("@all", "@backend-leads")  # a section's default owners
    assert o.of("app/payments/refund.rb") == ("@all", "@payments")
    assert o.of("app/README.md") == ("@all", "@backend-leads", "@tech-writers")  # every section's last match
    assert o.of("#notes.txt") == ("@all", "@hash")


def test_by_team_from_codeowners(repo: GitRepo):
    (repo.path / ".gitlab").mkdir()
    (repo.path / ".gitlab" / "CODEOWNERS").write_text("[Web] @web\nweb/\n[Api]\napi/ @api\n")
    repo.git("add", ".gitlab")
    repo.commit(GOOD, file="web.txt")  # not owned
    (repo.path / "web").mkdir()
    (repo.path / "api").mkdir()
    repo.commit(GOOD, file="web/a.txt")
    repo.commit(BAD, file="api/b.txt")
    repo.commit(BAD, file="api/c.txt")
    data = audit(repo, "--by", "team")
    teams = {r["team"]: r["commits"] for r in data["teams"]}
    assert teams == {"@api": 2, "@web": 1, "(no owner)": 1}  # the first commit: CODEOWNERS and web.txt, unowned
    assert data["codeowners"] == ".gitlab/CODEOWNERS" and {r["author"] for r in data["authors"]}
    page = repo.path.parent / "teams.html"
    run = custlint("audit", "--by", "team", "--html", str(page), cwd=repo.path)
    assert run.code == 0 and "team " in run.out and "@api" in run.out
    html = page.read_text()
    assert "<h2>By team (owners from <code>.gitlab/CODEOWNERS</code>)</h2>" in html
    assert 'data-table="team"' in html and ">@api<" in html
    none = GitRepo(repo.path.parent / "none")
    none.commit(GOOD)
    run = custlint("audit", "--by", "team", cwd=none.path)
    assert run.code == 2 and "CODEOWNERS" in run.err and len(run.err.strip().splitlines()) == 1


def test_people_counted_once_through_mailmap_and_nfc(repo: GitRepo):
    nfc = "Daniel Neuhäuser"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    repo.commit(BAD, author=nfc, email="dn@example.com", date="2026-01-02T10:00:00Z")
    repo.commit(BAD, author=nfd, email="dn@example.com", date="2026-01-03T10:00:00Z")
    repo.commit(GOOD, author="dneuhaeuser", email="old@example.org", date="2026-01-04T10:00:00Z")
    before = audit(repo)
    assert len(before["authors"]) == 2 and before["authors"][0] == {**before["authors"][0], "author": nfc}
    (repo.path / ".mailmap").write_text(f"{nfc} <dn@example.com> dneuhaeuser <old@example.org>\n")
    repo.git("add", ".mailmap")
    repo.commit(GOOD, author="dneuhaeuser", email="old@example.org", date="2026-01-05T10:00:00Z")
    after = audit(repo)
    assert [(r["author"], r["commits"]) for r in after["authors"]] == [(nfc, 4)]
    # mailmap changes names only: the verdicts are the commits command's (which reads %an as recorded)
    findings = custlint("commits", "HEAD", "--format", "json", "--exit-zero", cwd=repo.path).json()["findings"]
    broken = {f["subject"] for f in findings if f["principle"] == "customer-problem"}
    assert after["principles"]["customer-problem"]["findings"] == len(broken) == 2
    assert {k: v for k, v in after.items() if k not in ("authors", "items")} == {
        k: v for k, v in audit(repo, "--no-cache").items() if k not in ("authors", "items")}


def _tagged(repo: GitRepo, names: list[str]) -> None:
    for i, name in enumerate(names):
        repo.commit(GOOD, date=f"2025-0{i + 1}-02T10:00:00Z")
        repo.git("tag", "-a", name, "-m", "r", env=clean_env(GIT_COMMITTER_DATE=f"2025-0{i + 1}-09T00:00:00Z"))


@pytest.mark.parametrize(("tags", "glob"), [
    (["1.0.0", "1.1.0", "2.0.0", "nightly"], "[0-9]*"),
    (["curl-8_1_0", "curl-8_2_0", "tiny-curl-8_0_0"], "curl-[0-9]*"),
    (["release-1.2", "release-1.3", "release-1.4"], "release-[0-9]*"),
])
def test_release_tags_found_with_the_default_config(repo: GitRepo, tags, glob):
    _tagged(repo, tags)
    run = custlint("audit", "--format", "json", "--no-progress", cwd=repo.path)
    data = run.json()
    assert data["release_tag_patterns"] == [glob] and data["lead_time"] is not None
    assert data["lead_time"]["release_tags"] == sum(1 for t in tags if re.match(glob.replace("[0-9]*", r"\d"), t))
    assert f"using {glob}" in data["release_tags_note"] and f"{len(tags)} tags" in data["release_tags_note"]
    assert f"using {glob}" in run.err
    assert f"using {glob}" in custlint("audit", cwd=repo.path).out  # the report says it too


def test_release_tags_chosen_by_the_user_are_not_replaced(repo: GitRepo):
    _tagged(repo, ["1.0.0", "1.1.0"])
    data = audit(repo, "--release-tags", "prod-*")
    assert data["lead_time"] is None and data["release_tag_patterns"] == ["prod-*"]
    assert "matches none of the repository's 2 tags" in data["release_tags_note"]
    assert "[0-9]* would match 2 of them" in data["release_tags_note"]
    text = custlint("audit", "--release-tags", "prod-*", cwd=repo.path).out
    assert "[0-9]* would match 2" in text  # never skipped in silence


def test_done_early_per_period_adds_up_to_the_summary(repo: GitRepo):
    for m in range(1, 7):
        repo.commit(f"Speed up checkout {m}\n\nFixes #{m}\n", date=f"2025-0{m}-02T10:00:00Z")
        if m % 2 == 0:
            repo.git("tag", "-a", f"v1.{m}", "-m", "r", env=clean_env(GIT_COMMITTER_DATE=f"2025-0{m}-20T00:00:00Z"))
    repo.commit("Close it\n\nCloses #9\n", date="2025-07-02T10:00:00Z")  # not released yet
    for period in ("month", "quarter", "year"):
        data = audit(repo, "--period", period)
        d = data["lead_time"]["done_before_production"]
        assert sum(p["done_before_production"] for p in data["lead_time"]["periods"]) == d["before_production"] == 7
        text = custlint("audit", "--period", period, cwd=repo.path).out
        rows = [ln for ln in text.splitlines() if ln[:4] == "2025"]
        assert sum(int(ln.split()[-1]) for ln in rows) == d["before_production"]


def _fake_audit(n_authors: int) -> dict:
    tally = {"commits": 1, "exempt": 0, "checked": 1,
             "principles": {p: {"ok": 1, "findings": 0} for p in audit_text.PRINCIPLES}}
    return {"range": "HEAD", **tally, "period": "month", "periods": [{"period": "2026-01", **tally, "rules": {}}],
            "rules": [], "authors": [{"author": f"a{i:04d}", **tally} for i in range(n_authors)],
            "lead_time": None, "items": {}, "release_tags_note": None}


def test_row_limits_agree_between_text_and_html():
    data = _fake_audit(856)
    text = audit_text.render(data)
    html = audit_html.render(data)
    assert "... and 841 more authors (--format json has all 856; --html lists the first 500)" in text
    assert "showing the first 500 of 856 rows" in html and html.count("<tr><td data-v=\"a0") == 500
    one = audit_text.render(_fake_audit(16))
    assert "... and 1 more author (--format json has all 16; --html lists all 16)" in one
    assert "1 commit, 0 exempt" in one and "1 commits" not in one


def test_progress_bar_fits_a_narrow_terminal_and_stays_out_of_ci(tmp_path: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from gen_history import generate

    path = tmp_path / "gen"
    generate(3000, path, seed=5)
    code, out, err = run_on_tty(["audit", "--format", "json", "--jobs", "0", "--no-cache"], path, clean_env(),
                                columns=50)
    assert code == 0 and b'"commits": 3000' in out
    text = err.decode()
    assert text.startswith("\r\x1b[Kreading history ...")  # at once, before git's first commit
    frames = [f for f in text.split("\r\x1b[K") if f]
    assert len(frames) >= 2 and all(len(f) <= 49 for f in frames), frames  # never wraps into stacked lines
    assert "\n" not in text
    assert any("ETA" in f for f in frames) or any("commits" in f for f in frames)
    wide = run_on_tty(["audit", "--format", "json", "--jobs", "0", "--no-cache"], path, clean_env(), columns=120)[2]
    assert any("ETA" in f and "/3,000 commits" in f for f in wide.decode().split("\r\x1b[K"))
    _, _, ci = run_on_tty(["audit", "--format", "json", "--jobs", "0"], path, clean_env(CI="true"), columns=120)
    assert ci == b""


def test_bad_values_are_one_line(repo: GitRepo):
    repo.commit(GOOD)
    for args in (["--forge", "bitbucket"], ["--by", "org"], ["--period", "0"]):
        run = custlint("audit", *args, cwd=repo.path)
        assert run.code == 2 and "Traceback" not in run.err, args


def test_merge_carries_every_new_section(repo: GitRepo, tmp_path: Path):
    repo.git("remote", "add", "origin", "https://gitlab.com/acme/shop.git")
    repo.commit(BAD, author="Ann", date="2024-01-05T10:00:00Z")
    repo.commit(FIX_NO_REMEDY, author="Bob", date="2024-05-05T10:00:00Z")
    other = GitRepo(tmp_path / "billing")
    other.git("remote", "add", "origin", "git@github.com:acme/billing.git")
    other.commit(BAD, author="Cid", date="2024-02-05T10:00:00Z")
    a, b = tmp_path / "shop.json", tmp_path / "billing.json"
    assert custlint("audit", "--format", "json", "--period", "month", "-o", str(a), cwd=repo.path).code == 0
    assert custlint("audit", "--format", "json", "--period", "quarter", "-o", str(b), cwd=other.path).code == 0
    run = custlint("report", "merge", str(a), str(b), "--format", "json")
    assert run.code == 0, run.err
    m = run.json()
    assert m["period"] == "quarter" and [p["period"] for p in m["periods"]] == ["2024-Q1", "2024-Q2"]
    assert [p["commits"] for p in m["periods"]] == [2, 1]
    shop, billing = json.loads(a.read_text()), json.loads(b.read_text())
    codes = {r["code"]: r["commits"] for r in shop["rules"]}
    for r in billing["rules"]:
        codes[r["code"]] = codes.get(r["code"], 0) + r["commits"]
    assert {r["code"]: r["commits"] for r in m["rules"]} == codes
    assert sum(p["rules"].get("CP101", 0) for p in m["periods"]) == codes["CP101"]
    unlinked = m["items"]["unlinked"]
    assert [(r["repository"], r["author"]) for r in unlinked] == [("shop", "Bob"), ("billing", "Cid"), ("shop", "Ann")]
    assert unlinked[1]["url"].startswith("https://github.com/acme/billing/commit/")
    assert unlinked[0]["url"].startswith("https://gitlab.com/acme/shop/-/commit/")
    assert m["items"]["remediation"][0]["repository"] == "shop"
    text = custlint("report", "merge", str(a), str(b)).out
    assert "shop:" in text and "findings by rule" in text

"""`custlint audit` with a ticket source: tickets marked done before the release that carried them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GitRepo, clean_env, custlint
from tickets_helpers import config, ticket


def tag(repo: GitRepo, name: str, date: str) -> None:
    repo.git("tag", "-a", name, "-m", f"release {name}", env=clean_env(GIT_COMMITTER_DATE=date))


def backlog(repo: GitRepo) -> None:
    """v1.0 on 2026-01-10 holds SHOP-1, SHOP-2 and SHOP-6; SHOP-3 comes after it, SHOP-4 has no commit."""
    t = repo.path / "tickets"
    ticket(t, "SHOP-1", status="Done", title="Delivery <b>windows</b> & more", extra="done-at: 2026-01-08T00:00:00Z\n")
    ticket(t, "SHOP-2", status="closed", extra="closed: 2026-01-12T00:00:00Z\n")
    ticket(t, "SHOP-3", status="resolved", extra="resolved: 2026-01-15T00:00:00Z\n")
    ticket(t, "SHOP-4", status="done", extra="done-at: 2026-01-16T00:00:00Z\n")
    ticket(t, "SHOP-5", status="In Progress")
    ticket(t, "SHOP-6", status="done")  # no date, and its file is never committed
    config(repo.path, 'source = "files"')
    repo.commit("Show delivery windows\n\nRefs SHOP-1\n", date="2026-01-05T10:00:00Z")
    repo.commit("Retry the payment\n\nRefs SHOP-2 and SHOP-6\nFixes #7\n", date="2026-01-06T10:00:00Z")
    tag(repo, "v1.0", "2026-01-10T00:00:00Z")
    repo.commit("Cache the cart\n\nRefs SHOP-3\n", date="2026-01-14T10:00:00Z")


def audit(repo: GitRepo, *args: str):
    run = custlint("audit", "--format", "json", *args, cwd=repo.path)
    assert run.code == 0, run.err
    return run


def test_done_tickets_before_production(repo: GitRepo):
    backlog(repo)
    dt = audit(repo).json()["done_tickets"]
    assert dt["source"] == "ticket files (tickets)"
    counts = {k: dt[k] for k in ("done", "deployed", "before_production", "not_deployed", "unknown", "undated")}
    # SHOP-1 done 2 days before v1.0; SHOP-2 done after it (fine); SHOP-3 not released; SHOP-4 no commit;
    # SHOP-6 released but without a done date; SHOP-5 is open
    assert counts == {"done": 5, "deployed": 3, "before_production": 2, "not_deployed": 1, "unknown": 1, "undated": 1}
    assert (dt["median_lag_hours"], dt["p90_lag_hours"]) == (48.0, 48.0)
    assert [(r["ticket"], r["lag_hours"]) for r in dt["tickets"]] == [("SHOP-3", None), ("SHOP-1", 48.0)]
    assert dt["tickets"][1]["production"].startswith("tag v1.0 (2026-01-10")
    assert dt["tickets"][0]["done_date_from"] == "ticket" and "not in any production release" in dt["tickets"][0]["reason"]
    assert dt["periods"] == [{"period": "2026-01", "done": 4, "before_production": 2, "not_deployed": 1}]
    assert sum(dt["lag_histogram"]) == 1


def test_a_later_release_and_the_file_date(repo: GitRepo):
    backlog(repo)
    repo.git("add", "tickets")  # now git knows when SHOP-6's file last changed
    repo.commit("docs: tickets\n", date="2026-01-09T00:00:00Z")
    tag(repo, "v1.1", "2026-01-20T00:00:00Z")  # carries SHOP-3, five days after it was marked done
    dt = audit(repo).json()["done_tickets"]
    assert (dt["deployed"], dt["not_deployed"], dt["undated"], dt["before_production"]) == (4, 0, 0, 3)
    rows = {r["ticket"]: r for r in dt["tickets"]}
    assert rows["SHOP-3"]["lag_hours"] == 120.0 and rows["SHOP-6"]["done_date_from"] == "file change"
    assert rows["SHOP-6"]["lag_hours"] == 24.0  # file changed 2026-01-09, released 2026-01-10


@pytest.mark.slow
def test_text_and_html_say_it(repo: GitRepo, tmp_path: Path):
    from test_audit_html import check_page

    backlog(repo)
    page = tmp_path / "a.html"
    run = custlint("audit", "--html", str(page), cwd=repo.path)
    assert run.code == 0, run.err
    assert ("done tickets (ticket files (tickets)): 5 done, 2 marked done before production (median lag 2.0d, "
            "p90 2.0d), 1 of them not in production yet; 1 without production evidence, 1 without a done date") in run.out
    html = page.read_text()
    assert "Delivery &lt;b&gt;windows&lt;/b&gt; &amp; more" in html and "<b>windows</b>" not in html
    v = check_page(page, 5)  # links, done-before-production, lead time, distribution, and the tickets' chart
    assert "tickets marked done before production per month" in {c["label"] for c in v["charts"]}


def test_no_ticket_source_or_no_tickets_flag_leaves_it_out(repo: GitRepo):
    repo.commit("Show delivery windows\n\nRefs SHOP-1\n")
    assert "done_tickets" not in audit(repo).json()
    backlog(repo)
    run = audit(repo, "--no-tickets")
    assert "done_tickets" not in run.json() and "done tickets" not in run.err


def test_a_source_that_cannot_be_read_stops_the_audit_in_one_line(repo: GitRepo):
    repo.commit("Show delivery windows\n")
    config(repo.path, 'source = "github-json"\nexport = "missing.json"')
    run = custlint("audit", "--format", "json", cwd=repo.path)
    assert run.code == 2 and run.out == ""
    assert run.err.count("\n") == 1 and "missing.json" in run.err
    assert custlint("audit", "--format", "json", "--no-tickets", cwd=repo.path).code == 0


def test_broken_production_evidence_stops_the_audit_in_one_line(repo: GitRepo):
    backlog(repo)
    config(repo.path, 'source = "files"', top='[production]\ndeploy-log = "missing.jsonl"')
    run = custlint("audit", "--format", "json", cwd=repo.path)
    assert run.code == 2 and run.out == "" and run.err.count("\n") == 1
    assert "deployment log not found:" in run.err and "missing.jsonl" in run.err and "--no-tickets" in run.err
    assert custlint("audit", "--format", "json", "--no-tickets", cwd=repo.path).code == 0


def test_unreadable_ticket_files_are_warnings(repo: GitRepo):
    backlog(repo)
    (repo.path / "tickets" / "BROKEN.md").write_text("---\nid: SHOP-9\ntitle: [unclosed\n---\nbody\n")
    run = audit(repo)
    assert "custlint: warning: ticket not read:" in run.err and "BROKEN.md" in run.err
    assert run.json()["done_tickets"]["done"] == 5


def test_report_merge_adds_done_tickets(repo: GitRepo, tmp_path: Path):
    backlog(repo)
    other = GitRepo(tmp_path / "other")
    other.commit("Show delivery windows\n")
    a, b, c = tmp_path / "shop.json", tmp_path / "billing.json", tmp_path / "shop2.json"
    for path, where in ((a, repo.path), (b, other.path), (c, repo.path)):
        assert custlint("audit", "--format", "json", "-o", str(path), cwd=where).code == 0
    run = custlint("report", "merge", str(a), str(b), str(c), "--format", "json")
    assert run.code == 0, run.err
    dt = run.json()["done_tickets"]
    assert (dt["done"], dt["before_production"], dt["unknown"]) == (10, 4, 2)
    assert dt["median_lag_hours"] == pytest.approx(48.0, rel=0.06) and dt["approximate"] is True
    assert [(r["ticket"], r["lag_hours"]) for r in dt["tickets"]] == [
        ("shop2:SHOP-3", None), ("shop:SHOP-3", None), ("shop2:SHOP-1", 48.0), ("shop:SHOP-1", 48.0)]
    assert json.loads(b.read_text()).get("done_tickets") is None

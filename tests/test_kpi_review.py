"""TK302 kpi-review-due: the KPI window read from the ticket, counted from its production time;
a result in the ticket (or, for live sources, in a comment) ends it. Real git repos and tags."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import GitRepo, clean_env, custlint
from custlint.analysis.kpi_window import has_result, window_end
from fake_tracker import TOKEN, FakeTracker
from tickets_helpers import PROBLEM_KPI, ticket

START = dt.datetime(2026, 8, 1, 12, tzinfo=dt.timezone.utc)


def day(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


@pytest.mark.parametrize("text,window,end", [
    ("Checkout completion from 61% to 65% within 8 weeks", "within 8 weeks", day(2026, 9, 26)),
    ("Repeat orders from 12% to 20% by 2027-03-31", "by 2027-03-31", day(2027, 3, 31)),
    ("Missed pickups from 4% to 1% in Q3", "in q3", day(2026, 9, 30)),
    ("Missed pickups from 4% to 1% in Q2", "in q2", day(2027, 6, 30)),  # Q2 of 2026 was over: the next one
    ("Missed pickups from 4% to 1% by Q1 2027", "by q1 2027", day(2027, 3, 31)),
    ("Churn under 2% over the first 30 days", "over the first 30 days", day(2026, 8, 31)),
    ("Errors down 50%, measured in a 6-week window", "6-week window", day(2026, 9, 12)),
    ("Support tickets from 40 to 10 before March 2027", "before march 2027", day(2027, 3, 31)),
    ("Refunds under 1% within three months", "within three months", day(2026, 11, 1)),
    ("NPS above 40 by the end of the year", "by the end of the year", day(2026, 12, 31)),
    ("Activation from 20% to 30% by H1 2027", "by h1 2027", day(2027, 6, 30)),
    ("Activation from 20% to 30% by end of October", "end of october", day(2026, 10, 31)),
    ("Activation from 20% to 30% by June", "by june", day(2027, 6, 30)),  # June 2026 was over

])
def test_window_end(text, window, end):
    words, when = window_end(text, START)
    assert (words, when.strftime("%Y-%m-%d")) == (window, end)


def test_recurring_rate_sets_no_end():
    assert window_end("Three orders per week per shopper, up from one", START) is None


@pytest.mark.parametrize("body,recorded", [
    ("## KPI result\nCompletion reached 64.1% (dashboard funnel), short of 65%.", True),
    ("## Outcome\n\nTBD\n", False),
    ("Outcome: met, 66% after six weeks", True),
    ("## Results\n<what you measured>\n## Notes\nlater", False),
    ("We will look at the results later.", False),
])
def test_has_result(body, recorded):
    assert has_result(body) is recorded


def released_repo(repo: GitRepo, tag_date: str) -> None:
    repo.commit("Show delivery windows at checkout\n\nRefs SHOP-1", date="2026-01-01T10:00:00Z")
    repo.git("tag", "-a", "v1.0.0", "-m", "release", env=clean_env(GIT_COMMITTER_DATE=tag_date))


def ago(days: int) -> str:
    return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def findings(run) -> list[dict]:
    return [f for f in run.json()["findings"] if f["rule"] == "TK302"]


def test_files_due_after_the_window_not_before_and_not_with_a_result(repo):
    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\n')
    ticket(repo.path / "tickets", "SHOP-1", status="done")
    released_repo(repo, ago(60))  # 6 weeks ended 18 days ago
    r = custlint("tickets", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.err  # a warning
    [f] = findings(r)
    assert f["severity"] == "warning" and f["principle"] == "measurable-kpi"
    ended = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=60) + dt.timedelta(weeks=6)).strftime("%Y-%m-%d")
    assert "within 6 weeks" in f["message"] and f"ended {ended}" in f["message"] and "18 days ago" in f["message"]
    assert "KPI result" in f["fix"]
    ticket(repo.path / "tickets", "SHOP-1", status="done",
           body=PROBLEM_KPI + "\n## KPI result\nCompletion reached 64.1% by week six (funnel dashboard).\n")
    assert findings(custlint("tickets", "--format", "json", cwd=repo.path)) == []


def test_files_window_still_open(tmp_path):
    repo = GitRepo(tmp_path / "r")
    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\n')
    ticket(repo.path / "tickets", "SHOP-1", status="done")
    released_repo(repo, ago(10))
    assert findings(custlint("tickets", "--format", "json", cwd=repo.path)) == []


def test_not_in_production_is_tk301_not_a_review(repo):
    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\n')
    ticket(repo.path / "tickets", "SHOP-1", status="done")
    repo.commit("Show delivery windows at checkout\n\nRefs SHOP-1", date="2026-01-01T10:00:00Z")
    r = custlint("tickets", "--format", "json", cwd=repo.path)
    assert findings(r) == [] and any(f["rule"] == "TK301" for f in r.json()["findings"])


def test_github_a_result_in_a_comment_counts(repo):
    with FakeTracker() as fake:
        (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "github"\nrepo = "acme/shop"\n')
        fake.issue(1, state="closed", closed_at=ago(70))
        fake.issue(2, state="closed", closed_at=ago(70))
        fake.comments["#2"] = [{"id": 1, "body": "## KPI result\nCompletion 65.3% at week six: met."}]
        fake.issues[2]["comments"] = 1
        repo.commit("Show delivery windows\n\nRefs #1", date="2026-01-01T10:00:00Z")
        repo.commit("Pickups\n\nRefs #2", date="2026-01-02T10:00:00Z")
        repo.git("tag", "-a", "v1.0.0", "-m", "release", env=clean_env(GIT_COMMITTER_DATE=ago(60)))
        r = custlint("tickets", "--format", "json", cwd=repo.path,
                     env=clean_env(GITHUB_API_URL=fake.url, GITHUB_TOKEN=TOKEN))
        assert [f["message"].split(" ")[0] for f in findings(r)] == ["#1"], r.err
        asked = [p for m, p, _, _ in fake.requests if p.endswith("/comments")]
        assert sorted(asked) == ["/repos/acme/shop/issues/1/comments", "/repos/acme/shop/issues/2/comments"]


def test_audit_counts_kpi_reviews_due_and_overdue_in_json_text_and_html(repo, tmp_path):
    from chromium import chromium_binary, load

    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\nkpi-review-grace-days = 28\n')
    t = repo.path / "tickets"
    ticket(t, "SHOP-1", status="done")  # released 60 days ago: 6 weeks ended 18 days ago: due
    ticket(t, "SHOP-2", status="done")  # released 200 days ago: overdue
    ticket(t, "SHOP-3", status="done", body=PROBLEM_KPI + "\n## Outcome\nCompletion 65.2% at week six: met.\n")
    ticket(t, "SHOP-4", status="open")
    repo.commit("Pickups\n\nRefs SHOP-2", date="2026-01-01T10:00:00Z")
    repo.commit("Drafts\n\nRefs SHOP-3", date="2026-01-01T11:00:00Z")
    repo.git("tag", "-a", "v1.0.0", "-m", "release", env=clean_env(GIT_COMMITTER_DATE=ago(200)))
    repo.commit("Windows\n\nRefs SHOP-1", date="2026-01-02T10:00:00Z")
    repo.git("tag", "-a", "v1.1.0", "-m", "release", env=clean_env(GIT_COMMITTER_DATE=ago(60)))
    page = tmp_path / "audit.html"
    run = custlint("audit", "--format", "json", "--html", str(page), cwd=repo.path)
    assert run.code == 0, run.err
    dt_ = run.json()["done_tickets"]
    assert (dt_["kpi_reviews_due"], dt_["kpi_reviews_overdue"]) == (2, 1)
    text = custlint("audit", cwd=repo.path)
    assert "KPI reviews: 2 due, 1 overdue" in text.out
    binary = chromium_binary()
    assert binary, "chromium is not installed"
    res = load(binary, page, "document.getElementById('kpi-reviews').innerText")
    assert res["errors"] == [] and res["value"].startswith("KPI reviews: 2 due")
    assert "1 overdue" in res["value"]

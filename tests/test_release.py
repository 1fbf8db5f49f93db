"""custlint release: real git repositories with tags and deploy logs, ticket files, and a fake
GitHub and Jira on 127.0.0.1 that record every request (tests/fake_tracker.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GitRepo, clean_env, custlint
from fake_tracker import JIRA_EMAIL, JIRA_TOKEN, TOKEN, FakeTracker
from tickets_helpers import ticket

MARK = "<!-- custlint:release "


def setup_files(repo: GitRepo, top: str = "") -> dict[str, str]:
    """v1.0.0, then SHOP-1 (one commit), SHOP-2 (one on main, one on a branch), SHOP-3 (listed commit missing)."""
    ticket(repo.path / "tickets", "SHOP-1")
    ticket(repo.path / "tickets", "SHOP-2", title="Riders miss pickups")
    ticket(repo.path / "tickets", "SHOP-3", title="Sellers lose drafts", extra="commits: [deadbeefdeadbeef]\n")
    (repo.path / ".custlint.toml").write_text(f'{top}\n[tickets]\nsource = "files"\n')
    shas = {"base": repo.commit("Set up the shop\n\nNo ticket yet.")}
    repo.git("tag", "v1.0.0")
    shas["one"] = repo.commit("Show delivery windows at checkout\n\nRefs SHOP-1")
    shas["two-a"] = repo.commit("Pickup address, part one\n\nRefs SHOP-2")
    shas["three"] = repo.commit("Keep seller drafts\n\nRefs SHOP-3")
    repo.git("checkout", "-q", "-b", "side")
    shas["two-b"] = repo.commit("Pickup address, part two\n\nRefs SHOP-2")
    repo.git("checkout", "-q", "main")
    repo.git("tag", "v1.1.0")
    return shas


def by_id(run) -> dict[str, dict]:
    return {t["id"]: t for t in run.json()["tickets"]}


def test_files_plan_close_partial_unknown_and_json_shape(repo):
    shas = setup_files(repo)
    r = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.err
    data = r.json()
    assert data["release"] == {"rev": "v1.1.0", "sha": repo.git("rev-parse", "v1.1.0"),
                               "since": shas["base"], "time": data["release"]["time"]}
    assert data["commits"] == 3 and data["prs"] == []
    t = by_id(r)
    assert (t["SHOP-1"]["action"], t["SHOP-1"]["commits"], t["SHOP-1"]["in_production"]) == ("close", 1, 1)
    # one of its two commits is only on a branch: commented on, never closed
    assert (t["SHOP-2"]["action"], t["SHOP-2"]["commits"], t["SHOP-2"]["in_production"]) == ("comment", 2, 1)
    # its listed commit is not in the repository: unknown, never closed
    assert t["SHOP-3"]["action"] == "none" and "unknown" in t["SHOP-3"]["reason"]
    assert t["SHOP-1"]["result"] == "not written"  # files are written with --write only
    assert "status: open" in (repo.path / "tickets/SHOP-1.md").read_text()


def test_files_write_keeps_every_other_byte_and_rerun_does_nothing(repo):
    setup_files(repo)
    path = repo.path / "tickets/SHOP-1.md"
    original = ("---\r\nid: SHOP-1\r\ntitle: Shoppers cannot see delivery windows\r\nstatus: open    # board column\r\n"
                "owner: ana\r\n---\r\n## Customer problem\r\nShoppers abandon checkout.\r\n")
    path.write_bytes(original.encode())
    r = custlint("release", "v1.1.0", "--write", "--time", "2026-12-01T10:00:00Z", cwd=repo.path)
    assert r.code == 0, r.err
    expected = original.replace("status: open    # board column", "status: done    # board column").replace(
        "owner: ana\r\n---", "owner: ana\r\nreleased: v1.1.0\r\ndone-at: 2026-12-01T10:00:00Z\r\n---")
    assert path.read_bytes() == expected.encode()
    again = custlint("release", "v1.1.0", "--write", "--format", "json", cwd=repo.path)
    assert by_id(again)["SHOP-1"]["action"] == "none"
    assert path.read_bytes() == expected.encode()
    # the done ticket now has production evidence for TK301
    tk = custlint("tickets", "--select", "TK301", "--format", "json", cwd=repo.path)
    assert not [f for f in json.loads(tk.out)["findings"] if f["rule"] == "TK301" and "SHOP-1" in f["message"]]


def test_toml_front_matter_is_changed_in_place(repo):
    setup_files(repo)
    ticket(repo.path / "tickets", "SHOP-1", toml=True, extra='owner = "ana"\n')
    before = (repo.path / "tickets/SHOP-1.md").read_text()
    r = custlint("release", "v1.1.0", "--write", "--time", "2026-12-01T10:00:00Z", cwd=repo.path)
    assert r.code == 0, r.err
    after = (repo.path / "tickets/SHOP-1.md").read_text()
    assert after == before.replace('status = "open"', 'status = "done"').replace(
        'owner = "ana"\n', 'owner = "ana"\nreleased = "v1.1.0"\ndone-at = "2026-12-01T10:00:00Z"\n')


def test_since_from_deploy_log_and_record(repo):
    shas = setup_files(repo, top='[production]\ndeploy-log = "deploys.jsonl"\nrelease-tags = []\n')
    log = repo.path / "deploys.jsonl"
    log.write_text(json.dumps({"sha": shas["one"], "environment": "production", "time": "2026-11-01T00:00:00Z",
                               "id": "41"}) + "\n" + json.dumps({"sha": shas["two-a"], "environment": "staging",
                                                                  "time": "2026-11-02T00:00:00Z", "id": "s1"}) + "\n")
    r = custlint("release", "HEAD", "--record", "--deploy-id", "42", "--write", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.err
    data = r.json()
    assert data["release"]["since"] == shas["one"] and data["commits"] == 2  # two-a and three; staging ignored
    assert "SHOP-1" not in by_id(r)  # released before: not in this release
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    assert lines[-1] == {"sha": shas["three"], "environment": "production", "time": data["release"]["time"], "id": "42"}
    again = custlint("release", "HEAD", "--record", "--deploy-id", "42", "--format", "json", cwd=repo.path)
    assert again.json()["release"]["since"] == shas["one"]  # its own record is not its previous point
    assert len(log.read_text().splitlines()) == 3  # recorded once
    # the reader accepts the record: SHOP-2 stays not deployed, the record counts as evidence for the rest
    tk = custlint("tickets", "--format", "json", cwd=repo.path)
    assert "deploys.jsonl" not in tk.err


def test_first_release_takes_all_history(repo):
    ticket(repo.path / "tickets", "SHOP-1")
    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\n[production]\nrelease-tags = []\n')
    repo.commit("Show delivery windows at checkout\n\nRefs SHOP-1")
    repo.commit("Polish\n\nNo reference here.")
    r = custlint("release", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.err
    assert r.json()["release"]["since"] is None and r.json()["commits"] == 2
    assert by_id(r)["SHOP-1"]["action"] == "close"
    assert "no release tag and --record is not given" in r.err


def test_bad_rev_is_one_line(repo):
    setup_files(repo)
    r = custlint("release", "v9.9.9", cwd=repo.path)
    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "v9.9.9" in r.err


# -- GitHub -------------------------------------------------------------------------------------------
def gh_setup(repo: GitRepo, fake: FakeTracker, extra_top: str = "") -> dict[str, str]:
    (repo.path / ".custlint.toml").write_text(f'{extra_top}\n[tickets]\nsource = "github"\nrepo = "acme/shop"\n')
    fake.issue(1)
    fake.issue(2)
    fake.issue(3, state="closed", closed_at="2026-11-20T00:00:00Z")
    fake.issue(4)
    shas = {"base": repo.commit("Set up\n\nnothing")}
    repo.git("tag", "v1.0.0")
    shas["1"] = repo.commit("Show delivery windows\n\nRefs #1")
    shas["2a"] = repo.commit("Pickups, part one\n\nRefs #2")
    shas["3"] = repo.commit("Seller drafts\n\nRefs #3")
    shas["9"] = repo.commit("Mystery\n\nRefs #9")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("Pickups, part two\n\nRefs #2")
    repo.git("checkout", "-q", "main")
    repo.git("tag", "v1.1.0")
    return shas


def gh_env(fake: FakeTracker, **extra) -> dict[str, str]:
    return clean_env(GITHUB_API_URL=fake.url, GITHUB_TOKEN=TOKEN, **extra)


def test_github_close_comment_exactly_then_rerun_writes_nothing(repo):
    with FakeTracker() as fake:
        gh_setup(repo, fake)
        r = custlint("release", "v1.1.0", "--time", "2026-12-01T10:00:00Z", "--format", "json",
                     cwd=repo.path, env=gh_env(fake))
        assert r.code == 0, r.err
        t = by_id(r)
        assert [t[i]["action"] for i in ("#1", "#2", "#3", "#9")] == ["close", "comment", "comment", "none"]
        assert "not in the ticket source" in t["#9"]["reason"]
        writes = fake.writes()
        assert [(m, p) for m, p, _ in writes] == [
            ("POST", "/repos/acme/shop/issues/1/comments"),
            ("PATCH", "/repos/acme/shop/issues/1"),
            ("POST", "/repos/acme/shop/issues/2/comments"),
            ("POST", "/repos/acme/shop/issues/3/comments"),
        ]
        assert writes[1][2] == {"state": "closed", "state_reason": "completed"}
        sha = repo.git("rev-parse", "v1.1.0")
        body1 = writes[0][2]["body"]
        assert body1.startswith(f"Released to production in v1.1.0 ({sha[:12]}, 2026-12-01T10:00:00Z)")
        assert f"{MARK}{sha} -->" in body1
        assert "1 of 2 commits of #2 are in production" in writes[2][2]["body"]
        assert "#3 has now reached production" in writes[3][2]["body"] and "11 days after" in writes[3][2]["body"]
        assert fake.issues[1]["state"] == "closed" and fake.issues[2]["state"] == "open"
        # issues with no comments are not asked for them: one read of the list, the rest writes
        assert not [p for m, p, _, _ in fake.requests if m == "GET" and p.endswith("/comments")]
        before = len(fake.writes())
        again = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert again.code == 0, again.err
        assert len(fake.writes()) == before  # nothing twice: no second comment, no second close
        assert {i: x["result"] for i, x in by_id(again).items()} == {
            "#1": "already done", "#2": "already done", "#3": "already done", "#9": "nothing to do"}


def test_github_500_halfway_then_rerun_finishes_without_duplicates(repo):
    with FakeTracker() as fake:
        gh_setup(repo, fake)
        fake.faults[("PATCH", "/repos/acme/shop/issues/1")] = [500]
        r = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert r.code == 2
        assert "#1" in r.err and "left open with its release comment posted" in r.err
        assert r.err.count("\n") == 1 and "Traceback" not in r.err
        t = by_id(r)  # the plan is printed, with what happened to each
        assert t["#1"]["result"] == "failed" and t["#2"]["result"] == "not attempted"
        assert [(m, p) for m, p, _ in fake.writes()] == [("POST", "/repos/acme/shop/issues/1/comments"),
                                                          ("PATCH", "/repos/acme/shop/issues/1")]
        assert fake.issues[1]["state"] == "open"
        again = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert again.code == 0, again.err
        posts = [p for m, p, _ in fake.writes() if m == "POST"]
        assert posts.count("/repos/acme/shop/issues/1/comments") == 1  # no duplicate comment
        assert [p for m, p, _ in fake.writes() if m == "PATCH"] == ["/repos/acme/shop/issues/1"] * 2  # the failed one, then once
        assert fake.issues[1]["state"] == "closed" and len(fake.comments["#1"]) == 1
        assert len(fake.comments["#2"]) == 1 and len(fake.comments["#3"]) == 1


def test_github_read_only_token_is_one_line_exit_2_with_the_plan(repo):
    with FakeTracker(read_only=True) as fake:
        gh_setup(repo, fake)
        r = custlint("release", "v1.1.0", cwd=repo.path, env=gh_env(fake))
        assert r.code == 2
        assert len(r.err.strip().splitlines()) == 1
        assert "403" in r.err and "issues: write" in r.err and "#1" in r.err and TOKEN not in r.err + r.out
        assert "#1" in r.out and "close" in r.out and "failed" in r.out and "not attempted" in r.out
        assert fake.issues[1]["state"] == "open"


def test_github_dry_run_writes_nothing(repo):
    with FakeTracker() as fake:
        gh_setup(repo, fake)
        r = custlint("release", "v1.1.0", "--dry-run", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert r.code == 0, r.err
        assert fake.writes() == [] and r.json()["dry_run"] is True
        assert by_id(r)["#1"] == {"id": "#1", "action": "close", "commits": 1, "in_production": 1,
                                  "reason": "its one commit is in production", "result": "dry run"}


def test_bug_ticket_gets_its_remediation_plan_as_a_checklist(repo):
    with FakeTracker() as fake:
        (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "github"\nrepo = "acme/shop"\n')
        fake.issue(5, labels=("bug",), body=(
            "## Customer impact\n1,200 shoppers since 2026-11-02 were charged twice.\n\n"
            "## Remediation\n- refund every double charge\n- email the 1,200 affected shoppers\n"))
        repo.commit("Set up\n\nnothing")
        repo.git("tag", "v1.0.0")
        repo.commit("fix: charge once\n\nFixes #5")
        repo.git("tag", "v1.0.1")
        r = custlint("release", "v1.0.1", cwd=repo.path, env=gh_env(fake))
        assert r.code == 0, r.err
        body = fake.comments["#5"][0]["body"]
        assert "Released. Now make it right:\n- [ ] refund every double charge\n- [ ] email the 1,200 affected shoppers" in body


def test_comment_prs_once_each(repo):
    with FakeTracker() as fake:
        gh_setup(repo, fake)
        repo.git("checkout", "-q", "-b", "feature", "v1.1.0")
        repo.commit("Tidy\n\nRefs #4")
        repo.git("checkout", "-q", "main")
        env = clean_env(GIT_AUTHOR_DATE="2026-02-01T00:00:00Z", GIT_COMMITTER_DATE="2026-02-01T00:00:00Z")
        repo.git("merge", "--no-ff", "-q", "-m", "Merge pull request #77 from acme/feature", "feature", env=env)
        merge = repo.git("rev-parse", "HEAD")
        squash = repo.commit("Faster search (#78)\n\nRefs #4")
        repo.git("tag", "v1.2.0")
        fake.pulls[77] = {"number": 77, "merged_at": "2026-02-01T00:00:00Z", "merge_commit_sha": merge,
                          "title": "Tidy", "body": "", "labels": [], "comments": 0}
        fake.pulls[78] = {"number": 78, "merged_at": "2026-02-01T00:00:00Z", "merge_commit_sha": squash,
                          "title": "Faster search", "body": "", "labels": [], "comments": 0}
        r = custlint("release", "v1.2.0", "--comment-prs", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert r.code == 0, r.err
        assert [(p["number"], p["action"], p["result"]) for p in r.json()["prs"]] == [
            (77, "comment", "done"), (78, "comment", "done")]
        assert [p for m, p, _ in fake.writes() if "/issues/7" in p] == [
            "/repos/acme/shop/issues/77/comments", "/repos/acme/shop/issues/78/comments"]
        assert fake.comments["#77"][0]["body"].startswith("Released to production in v1.2.0")
        again = custlint("release", "v1.2.0", "--comment-prs", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert [p["result"] for p in again.json()["prs"]] == ["already done", "already done"]
        assert len(fake.comments["#77"]) == 1 and len(fake.comments["#78"]) == 1


# -- Jira ---------------------------------------------------------------------------------------------
def jira_env(fake: FakeTracker) -> dict[str, str]:
    return clean_env(JIRA_BASE_URL=fake.url, JIRA_EMAIL=JIRA_EMAIL, JIRA_API_TOKEN=JIRA_TOKEN)


def jira_setup(repo: GitRepo, fake: FakeTracker) -> None:
    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "jira"\njql = "project = SHOP"\n')
    for key in ("SHOP-1", "SHOP-2"):
        fake.jira_issue(key)
    repo.commit("Set up\n\nnothing")
    repo.git("tag", "v1.0.0")
    repo.commit("Show delivery windows\n\nRefs SHOP-1")
    repo.commit("Pickups, part one\n\nRefs SHOP-2")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("Pickups, part two\n\nRefs SHOP-2")
    repo.git("checkout", "-q", "main")
    repo.git("tag", "v1.1.0")


def test_jira_transition_and_comment_exactly_then_rerun_writes_nothing(repo):
    with FakeTracker() as fake:
        jira_setup(repo, fake)
        r = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=jira_env(fake))
        assert r.code == 0, r.err
        writes = fake.writes()
        assert [(m, p) for m, p, _ in writes] == [
            ("POST", "/rest/api/3/issue/SHOP-1/comment"),
            ("POST", "/rest/api/3/issue/SHOP-1/transitions"),
            ("POST", "/rest/api/3/issue/SHOP-2/comment"),
        ]
        assert writes[1][2] == {"transition": {"id": "31"}}  # "Done", named in done-statuses
        sha = repo.git("rev-parse", "v1.1.0")
        assert writes[0][2]["properties"] == [{"key": "custlint.release", "value": {"sha": sha, "release": "v1.1.0"}}]
        text = json.dumps(writes[0][2]["body"])
        assert "Released to production in v1.1.0" in text
        assert fake.jira["SHOP-1"]["fields"]["status"]["name"] == "Done"
        assert fake.jira["SHOP-2"]["fields"]["status"]["name"] == "To Do"
        again = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=jira_env(fake))
        assert again.code == 0, again.err
        assert len(fake.writes()) == 3


def test_jira_done_by_status_category_when_no_name_matches(repo):
    with FakeTracker() as fake:
        jira_setup(repo, fake)
        fake.transitions = [{"id": "7", "name": "Finish", "to": {"name": "Shipped to prod", "statusCategory": {"key": "done"}}},
                            {"id": "3", "name": "Back", "to": {"name": "Backlog", "statusCategory": {"key": "new"}}}]
        r = custlint("release", "v1.1.0", cwd=repo.path, env=jira_env(fake))
        assert r.code == 0, r.err
        assert ("POST", "/rest/api/3/issue/SHOP-1/transitions", {"transition": {"id": "7"}}) in fake.writes()


def test_jira_without_a_done_transition_says_so(repo):
    with FakeTracker() as fake:
        jira_setup(repo, fake)
        fake.transitions = [{"id": "3", "name": "Back", "to": {"name": "Backlog", "statusCategory": {"key": "new"}}}]
        r = custlint("release", "v1.1.0", cwd=repo.path, env=jira_env(fake))
        assert r.code == 2 and "no transition to a done status" in r.err and "SHOP-1" in r.err


# -- GitHub Actions events ---------------------------------------------------------------------------
@pytest.mark.parametrize("state,env_name,acts", [("success", "production", True), ("failure", "production", False),
                                                 ("success", "staging", False)])
def test_deployment_status_event_gives_rev(repo, tmp_path: Path, state, env_name, acts):
    shas = setup_files(repo)
    payload = json.loads((Path(__file__).parent / "data/github-events/deployment_status.payload.json").read_text())
    payload["deployment_status"].update(state=state, environment=env_name, created_at="2026-12-01T09:00:00Z")
    payload["deployment"].update(sha=shas["three"], environment=env_name, id=145)
    event = tmp_path / "event.json"
    event.write_text(json.dumps(payload))
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="deployment_status", GITHUB_EVENT_PATH=str(event))
    r = custlint("release", "--format", "json", cwd=repo.path, env=env)
    assert r.code == 0, r.err
    if acts:
        assert r.json()["release"]["sha"] == shas["three"] and r.json()["release"]["time"] == "2026-12-01T09:00:00Z"
    else:
        assert r.out == "" and "nothing to do" in r.err


def test_jira_500_on_the_transition_then_rerun_transitions_once_without_a_second_comment(repo):
    with FakeTracker() as fake:
        jira_setup(repo, fake)
        fake.faults[("POST", "/rest/api/3/issue/SHOP-1/transitions")] = [500]
        r = custlint("release", "v1.1.0", cwd=repo.path, env=jira_env(fake))
        assert r.code == 2 and "SHOP-1" in r.err and "left open with its release comment posted" in r.err
        assert fake.jira["SHOP-1"]["fields"]["status"]["name"] == "To Do"
        again = custlint("release", "v1.1.0", cwd=repo.path, env=jira_env(fake))
        assert again.code == 0, again.err
        assert len(fake.comments["SHOP-1"]) == 1 and len(fake.comments["SHOP-2"]) == 1
        moves = [p for m, p, _ in fake.writes() if p.endswith("/transitions")]
        assert moves == ["/rest/api/3/issue/SHOP-1/transitions"] * 2  # the failed one, then once
        assert fake.jira["SHOP-1"]["fields"]["status"]["name"] == "Done"


def test_fix_pr_gets_its_remediation_plan(repo):
    with FakeTracker() as fake:
        gh_setup(repo, fake)
        sha = repo.commit("fix: charge once (#80)\n\nRefs #4")
        repo.git("tag", "v1.2.0")
        fake.pulls[80] = {"number": 80, "merged_at": "2026-02-01T00:00:00Z", "merge_commit_sha": sha,
                          "title": "fix: charge once", "labels": [], "comments": 0,
                          "body": "Customer impact: 300 shoppers since 2026-01-20 were charged twice.\n\n"
                                  "Remediation:\n- refund the 300 double charges\n- email each of them\n"}
        repo.commit("Tidy the cart (#81)\n\nRefs #4")  # 81 is no pull request: GitHub answers 404
        repo.git("tag", "-f", "v1.2.0")
        r = custlint("release", "v1.2.0", "--comment-prs", "--format", "json", cwd=repo.path, env=gh_env(fake))
        assert r.code == 0, r.err
        assert [(p["number"], p["action"]) for p in r.json()["prs"]] == [(80, "comment"), (81, "none")]
        body = fake.comments["#80"][0]["body"]
        assert "Released. Now make it right:\n- [ ] refund the 300 double charges\n- [ ] email each of them" in body


def test_files_ticket_done_before_production_gets_released_only(repo):
    setup_files(repo)
    ticket(repo.path / "tickets", "SHOP-1", status="done", extra="done-at: 2026-11-20T00:00:00Z\n")
    before = (repo.path / "tickets/SHOP-1.md").read_text()
    r = custlint("release", "v1.1.0", "--write", "--time", "2026-12-01T00:00:00Z", "--format", "json", cwd=repo.path)
    t = by_id(r)["SHOP-1"]
    assert (t["action"], t["result"]) == ("comment", "done") and "11 days" in t["reason"]
    assert (repo.path / "tickets/SHOP-1.md").read_text() == before.replace("---\n## Customer", "released: v1.1.0\n---\n## Customer")


@pytest.mark.parametrize("before,changes,after", [
    ('+++\nid = "SHOP-1"\nstatus = "open"  # board\n+++\nbody\n', {"status": "done"},
     '+++\nid = "SHOP-1"\nstatus = "done"  # board\n+++\nbody\n'),
    ('\ufeff---\nid: SHOP-1\nStatus: "open" # q\n---\nbody', {"status": "done", "released": "v1.2"},
     '\ufeff---\nid: SHOP-1\nStatus: done # q\nreleased: v1.2\n---\nbody'),
    ("---\nid: SHOP-1\nstatus: >\n  still\n  open\nlabels:\n  - a\n---\n", {"status": "done"},
     "---\nid: SHOP-1\nstatus: done\nlabels:\n  - a\n---\n"),
    ("---\nid: SHOP-1\nstatus: open\n---\n", {"released": "2026.1", "done-at": "2026-12-01T10:00:00Z"},
     '---\nid: SHOP-1\nstatus: open\nreleased: "2026.1"\ndone-at: 2026-12-01T10:00:00Z\n---\n'),
])
def test_front_matter_edit_keeps_the_rest(before, changes, after):
    from custlint.release.files import edit

    assert edit(before, changes) == after

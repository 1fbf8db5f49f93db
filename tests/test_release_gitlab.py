"""custlint release --from gitlab: real git repositories with tags, and a local GitLab (tests/fake_gitlab.py)
that records every request: the note and close calls checked exactly, reruns, a 500 halfway, a read-only token."""

from __future__ import annotations

import pytest

from conftest import GitRepo, clean_env, custlint
from fake_gitlab import FakeGitLab
from test_tickets_gitlab import issue

TOKEN = "glpat-writer"
WRITER = {"username": "project_42_bot_release", "id": 902}
READ_ONLY = "glpat-read-api"
MARK = "<!-- custlint:release "
ISSUES = "/api/v4/projects/acme%2Fshop/issues"


def setup(repo: GitRepo, gl: FakeGitLab, extra: str = "") -> dict[str, str]:
    """v1.0.0, then #1 (one commit), #2 (one on main, one on a branch), #3 (closed before production),
    #4 (as acme/shop#4), #9 (not in the project), other/lib#5 (another project's)."""
    (repo.path / ".custlint.toml").write_text(
        f'[tickets]\nsource = "gitlab"\nrepo = "acme/shop"\nretries = 1\ntimeout = 2\nmax-retry-wait = 1\n{extra}'
    )
    gl.issues["acme/shop"] = [
        dict(issue(1), user_notes_count=0),
        dict(issue(2), user_notes_count=0),
        dict(issue(3, state="closed", closed_at="2026-11-20T00:00:00.000Z"), user_notes_count=0),
        issue(4),  # no user_notes_count: its notes are read
        issue(5),
    ]
    shas = {"base": repo.commit("Set up\n\nnothing")}
    repo.git("tag", "v1.0.0")
    shas["1"] = repo.commit("Show delivery windows\n\nRefs #1")
    shas["2a"] = repo.commit("Pickups, part one\n\nRefs #2")
    shas["3"] = repo.commit("Seller drafts\n\nRefs #3")
    shas["4"] = repo.commit("Search by postcode\n\nRefs acme/shop#4")
    shas["5"] = repo.commit("Bump the lib\n\nRefs other/lib#5 and #9")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("Pickups, part two\n\nRefs #2")
    repo.git("checkout", "-q", "main")
    repo.git("tag", "v1.1.0")
    return shas


def env(gl: FakeGitLab, token: str = TOKEN, **extra: str) -> dict[str, str]:
    return clean_env(CI_API_V4_URL=gl.url, CUSTLINT_GITLAB_TOKEN=token, **extra)


def by_id(run) -> dict[str, dict]:
    return {t["id"]: t for t in run.json()["tickets"]}


def test_close_and_notes_exactly_then_a_rerun_writes_nothing(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        setup(repo, gl)
        r = custlint("release", "v1.1.0", "--time", "2026-12-01T10:00:00Z", "--format", "json",
                     cwd=repo.path, env=env(gl))
        assert r.code == 0, r.err
        t = by_id(r)
        assert {i: t[i]["action"] for i in t} == {"#1": "close", "#2": "comment", "#3": "comment", "#4": "close",
                                                  "#9": "none"}  # other/lib#5 is no ticket of acme/shop
        assert "not in the ticket source" in t["#9"]["reason"]
        assert gl.writes() == [
            ("POST", f"{ISSUES}/1/notes"), ("PUT", f"{ISSUES}/1"),
            ("POST", f"{ISSUES}/2/notes"),
            ("POST", f"{ISSUES}/3/notes"),
            ("POST", f"{ISSUES}/4/notes"), ("PUT", f"{ISSUES}/4"),
        ]
        bodies = gl.bodies()
        assert bodies[1][2] == {"state_event": "close"} and bodies[5][2] == {"state_event": "close"}
        sha = repo.git("rev-parse", "v1.1.0")
        note1 = bodies[0][2]["body"]
        assert note1.startswith(f"Released to production in v1.1.0 ({sha[:12]}, 2026-12-01T10:00:00Z).")
        assert note1.endswith(f"\n\n{MARK}{sha} -->\n")
        assert "1 of 2 commits of #2 are in production" in bodies[2][2]["body"]
        assert "#3 has now reached production" in bodies[3][2]["body"] and "11 days after" in bodies[3][2]["body"]
        state = {i["iid"]: i["state"] for i in gl.issues["acme/shop"]}
        assert state == {1: "closed", 2: "opened", 3: "closed", 4: "closed", 5: "opened"}
        # notes are read only for #4, whose listing does not count them; every request carried the token
        assert [p for m, p, _, _ in gl.requests if m == "GET" and "/notes" in p] == [
            f"{ISSUES}/4/notes?per_page=100&sort=asc&order_by=created_at"]
        assert all(h in ({"Private-Token": TOKEN}, {"PRIVATE-TOKEN": TOKEN}) for _, _, h, _ in gl.requests)
        assert TOKEN not in r.out + r.err
        before = len(gl.writes())
        again = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=env(gl))
        assert again.code == 0, again.err
        assert len(gl.writes()) == before  # no second note, no second close
        assert {i: x["result"] for i, x in by_id(again).items()} == {
            "#1": "already done", "#2": "already done", "#3": "already done", "#4": "already done",
            "#9": "nothing to do"}
        assert all(len(n) == 1 for n in gl.issue_notes.values())


def test_a_500_halfway_then_a_rerun_finishes_without_duplicates(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        setup(repo, gl)
        gl.faults[("POST", f"{ISSUES}/2/notes")] = [500]  # a POST is not repeated: it may have been carried out
        r = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=env(gl))
        assert r.code == 2 and "Traceback" not in r.err
        assert r.err.count("\n") == 1 and "#2" in r.err and "2 ticket(s) after it were not attempted" in r.err
        t = by_id(r)  # the plan is printed, with what happened to each
        assert (t["#1"]["result"], t["#2"]["result"], t["#3"]["result"]) == ("done", "failed", "not attempted")
        assert gl.writes() == [("POST", f"{ISSUES}/1/notes"), ("PUT", f"{ISSUES}/1"), ("POST", f"{ISSUES}/2/notes")]
        again = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=env(gl))
        assert again.code == 0, again.err
        assert gl.writes()[3:] == [("POST", f"{ISSUES}/2/notes"), ("POST", f"{ISSUES}/3/notes"),
                                   ("POST", f"{ISSUES}/4/notes"), ("PUT", f"{ISSUES}/4")]
        assert {k[1]: len(v) for k, v in gl.issue_notes.items()} == {1: 1, 2: 1, 3: 1, 4: 1}
        assert by_id(again)["#1"]["result"] == "already done"


def test_a_close_that_keeps_failing_leaves_the_issue_open_with_its_note(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        setup(repo, gl)
        gl.faults[("PUT", f"{ISSUES}/1")] = [500, 500]  # a PUT is repeated (retries = 1), then given up
        r = custlint("release", "v1.1.0", cwd=repo.path, env=env(gl))
        assert r.code == 2 and "left open with its release comment posted" in r.err and "#1" in r.err
        assert gl.issues["acme/shop"][0]["state"] == "opened"
        again = custlint("release", "v1.1.0", cwd=repo.path, env=env(gl))
        assert again.code == 0, again.err
        assert [p for m, p in gl.writes()].count(f"{ISSUES}/1/notes") == 1  # no second note
        assert gl.issues["acme/shop"][0]["state"] == "closed"


def test_a_read_only_token_is_one_line_exit_2_with_the_plan(repo):
    with FakeGitLab(tokens={READ_ONLY: WRITER}, read_only=(READ_ONLY,)) as gl:
        setup(repo, gl)
        r = custlint("release", "v1.1.0", cwd=repo.path, env=env(gl, READ_ONLY))
        assert r.code == 2
        lines = r.err.strip().splitlines()
        assert len(lines) == 1 and "HTTP 403" in lines[0] and "scope api" in lines[0] and "read_api token can only run --dry-run" in lines[0]
        assert "#1" in lines[0] and "left as it was" in lines[0] and READ_ONLY not in r.err + r.out
        assert "#1" in r.out and "close" in r.out and "failed" in r.out and "not attempted" in r.out
        assert gl.issues["acme/shop"][0]["state"] == "opened" and not gl.issue_notes.get(("acme/shop", 1))
        assert gl.writes() == [("POST", f"{ISSUES}/1/notes")]  # the one refused write, nothing after it
        dry = custlint("release", "v1.1.0", "--dry-run", "--format", "json", cwd=repo.path, env=env(gl, READ_ONLY))
        assert dry.code == 0 and by_id(dry)["#1"]["result"] == "dry run" and len(gl.writes()) == 1


def test_the_job_token_refused_says_to_set_the_project_token(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}, job_token="job-abc") as gl:
        setup(repo, gl)
        # this GitLab, like most, does not let CI_JOB_TOKEN read or write issues: said once, with what to set
        r = custlint("release", "v1.1.0", cwd=repo.path,
                     env=clean_env(CI_API_V4_URL=gl.url, CI_JOB_TOKEN="job-abc", GITLAB_CI="true"))
        assert r.code == 2 and len(r.err.strip().splitlines()) == 1
        assert "HTTP 403" in r.err and "CUSTLINT_GITLAB_TOKEN" in r.err and "job-abc" not in r.err
        assert gl.writes() == []


def test_partly_released_is_never_closed_even_after_reruns(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        setup(repo, gl)
        for _ in range(2):
            r = custlint("release", "v1.1.0", "--format", "json", cwd=repo.path, env=env(gl))
            assert r.code == 0, r.err
            assert by_id(r)["#2"]["action"] == "comment" and by_id(r)["#2"]["in_production"] == 1
        assert ("PUT", f"{ISSUES}/2") not in gl.writes()
        assert gl.issues["acme/shop"][1]["state"] == "opened" and len(gl.issue_notes[("acme/shop", 2)]) == 1


def test_in_a_gitlab_job_the_project_is_the_jobs_and_quick_actions_are_escaped(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "gitlab"\nretries = 1\n')
        body = ("## Customer impact\n1,200 shoppers since 2026-11-02 were charged twice.\n\n"
                "## Remediation\n- refund every double charge\n- email the 1,200 affected shoppers\n")
        gl.issues["42"] = [issue(5, labels=["bug"], body=body)]
        repo.commit("Set up\n\nnothing")
        repo.git("tag", "v1.0.0")
        repo.commit("fix: charge once\n\nFixes acme/shop#5")
        repo.git("tag", "v1.0.1")
        r = custlint("release", "v1.0.1", "--format", "json", cwd=repo.path,
                     env=env(gl, CI_PROJECT_ID="42", CI_PROJECT_PATH="acme/shop"))
        assert r.code == 0, r.err
        assert gl.writes() == [("POST", "/api/v4/projects/42/issues/5/notes"), ("PUT", "/api/v4/projects/42/issues/5")]
        note = gl.issue_notes[("42", 5)][0]["body"]
        assert "Released. Now make it right:\n- [ ] refund every double charge\n- [ ] email the 1,200" in note

    from custlint.release.gitlab import no_quick_actions

    assert no_quick_actions("Released.\n/close\n  /label ~bug\n- [ ] /x") == "Released.\n\\/close\n\\  /label ~bug\n- [ ] /x"


def test_write_is_for_files_and_unknown_sources_are_refused(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        setup(repo, gl)
        r = custlint("release", "v1.1.0", "--write", cwd=repo.path, env=env(gl))
        assert r.code == 2 and "GitLab" in r.err and len(r.err.strip().splitlines()) == 1
        r = custlint("release", "v1.1.0", "--from", "gitlab-json", cwd=repo.path, env=env(gl))
        assert r.code == 2 and "gitlab" in r.err


# -- merge requests (--comment-prs) ---------------------------------------------------------------
def mr(iid: int, state: str = "merged", merge: str | None = None, squash: str | None = None, **extra) -> dict:
    """One MR as GET /projects/:id/merge_requests/:iid answers it."""
    return {"id": 7000 + iid, "iid": iid, "project_id": 42, "state": state, "title": f"MR {iid}", "description": "",
            "labels": [], "merge_commit_sha": merge, "squash_commit_sha": squash, "user_notes_count": 0, **extra}


def test_comment_prs_notes_each_merged_mr_once(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        setup(repo, gl)
        repo.git("checkout", "-q", "-b", "feature", "v1.1.0")
        repo.commit("Tidy the cart\n\nRefs #4")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "--no-ff", "-q", "-m",
                 "Merge branch 'feature' into 'main'\n\nTidy the cart\n\nSee merge request acme/shop!7", "feature")
        merge = repo.git("rev-parse", "HEAD")
        squash = repo.commit("fix: charge once (!8)\n\nRefs #4")
        repo.commit("Docs\n\nFollows other/lib!3 and !9")
        repo.git("tag", "v1.2.0")
        gl.merge_requests[("acme/shop", 7)] = mr(7, merge=merge)
        gl.merge_requests[("acme/shop", 8)] = mr(8, squash=squash, title="fix: charge once", labels=["bug"],
                                                 user_notes_count=1, description=(
            "Customer impact: 300 shoppers since 2026-01-20 were charged twice.\n\n"
            "Remediation:\n- refund the 300 double charges\n- email each of them\n"))
        gl.notes[("acme/shop", "8")] = [{"id": 1, "body": "LGTM", "system": False, "author": {"username": "ana"}}]
        gl.merge_requests[("acme/shop", 9)] = mr(9, state="opened")
        r = custlint("release", "v1.2.0", "--since", "v1.1.0", "--comment-prs", "--format", "json",
                     cwd=repo.path, env=env(gl))
        assert r.code == 0, r.err
        assert [(p["ref"], p["action"], p["result"]) for p in r.json()["prs"]] == [
            ("!7", "comment", "done"), ("!8", "comment", "done"), ("!9", "none", "nothing to do")]
        mr_writes = [w for w in gl.writes() if "/merge_requests/" in w[1]]
        assert mr_writes == [("POST", "/api/v4/projects/acme%2Fshop/merge_requests/7/notes"),
                             ("POST", "/api/v4/projects/acme%2Fshop/merge_requests/8/notes")]
        gets = [p for m, p, _, _ in gl.requests if m == "GET" and "/merge_requests/" in p]
        assert "/api/v4/projects/acme%2Fshop/merge_requests/3" not in gets  # another project's MR is not asked
        assert [p for p in gets if p.endswith("created_at")] == [  # only !8 has notes to read
            "/api/v4/projects/acme%2Fshop/merge_requests/8/notes?per_page=100&sort=asc&order_by=created_at"]
        sha = repo.git("rev-parse", "v1.2.0")
        note7 = gl.notes[("acme/shop", "7")][0]["body"]
        assert note7.startswith("Released to production in v1.2.0") and f"{MARK}{sha} -->" in note7
        note8 = gl.notes[("acme/shop", "8")][1]["body"]
        assert "Released. Now make it right:\n- [ ] refund the 300 double charges\n- [ ] email each of them" in note8
        assert "  !7: comment, done" in custlint("release", "v1.2.0", "--since", "v1.1.0", "--comment-prs",
                                                 "--dry-run", cwd=repo.path, env=env(gl)).out.replace("dry run", "done")
        again = custlint("release", "v1.2.0", "--since", "v1.1.0", "--comment-prs", "--format", "json",
                         cwd=repo.path, env=env(gl))
        assert again.code == 0, again.err
        assert [p["result"] for p in again.json()["prs"]] == ["already done", "already done", "nothing to do"]
        assert len(gl.notes[("acme/shop", "7")]) == 1 and len(gl.notes[("acme/shop", "8")]) == 2


@pytest.mark.parametrize("token", [TOKEN, READ_ONLY])
def test_comment_prs_in_a_gitlab_job_with_ticket_files(repo, token):
    from tickets_helpers import ticket

    with FakeGitLab(tokens={TOKEN: WRITER, READ_ONLY: WRITER}, read_only=(READ_ONLY,)) as gl:
        ticket(repo.path / "tickets", "SHOP-1")
        (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\nretries = 1\n')
        repo.commit("Set up\n\nnothing")
        repo.git("tag", "v1.0.0")
        repo.git("checkout", "-q", "-b", "feature")
        repo.commit("Show delivery windows\n\nRefs SHOP-1")
        repo.git("checkout", "-q", "main")
        repo.git("merge", "--no-ff", "-q", "-m", "Merge branch 'feature' into 'main'\n\nSee merge request acme/shop!4",
                 "feature")
        gl.merge_requests[("42", 4)] = mr(4, merge=repo.git("rev-parse", "HEAD"))
        repo.git("tag", "v1.1.0")
        r = custlint("release", "v1.1.0", "--comment-prs", "--write", "--format", "json", cwd=repo.path,
                     env=env(gl, token, GITLAB_CI="true", CI_PROJECT_ID="42", CI_PROJECT_PATH="acme/shop"))
        if token == READ_ONLY:  # the ticket file is written; the MR note is refused, in one line, exit 2
            assert r.code == 2 and len(r.err.strip().splitlines()) == 1, r.err
            assert "MR !4" in r.err and "HTTP 403" in r.err and "read_api token can only run --dry-run" in r.err
            assert [(p["ref"], p["result"]) for p in r.json()["prs"]] == [("!4", "failed")]
            assert "status: done" in (repo.path / "tickets/SHOP-1.md").read_text() and not gl.notes.get(("42", "4"))
            return
        assert r.code == 0, r.err
        assert by_id(r)["SHOP-1"]["result"] == "done" and "status: done" in (repo.path / "tickets/SHOP-1.md").read_text()
        assert [(p["ref"], p["result"]) for p in r.json()["prs"]] == [("!4", "done")]
        assert gl.writes() == [("POST", "/api/v4/projects/42/merge_requests/4/notes")]


def test_an_issue_url_of_the_project_is_its_ticket_and_another_projects_is_not(repo):
    with FakeGitLab(tokens={TOKEN: WRITER}) as gl:
        (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "gitlab"\nrepo = "acme/shop"\nretries = 1\n')
        gl.issues["acme/shop"] = [issue(5), issue(6)]
        repo.commit("Set up\n\nnothing")
        repo.git("tag", "v1.0.0")
        repo.commit("Faster search\n\nRefs https://gitlab.example/acme/shop/-/issues/5")
        repo.commit("Bump\n\nRefs https://gitlab.example/acme/other/-/issues/6")
        repo.git("tag", "v1.0.1")
        r = custlint("release", "v1.0.1", "--format", "json", cwd=repo.path, env=env(gl))
        assert r.code == 0, r.err
        assert {i: t["action"] for i, t in by_id(r).items()} == {"#5": "close"}
        assert gl.writes() == [("POST", f"{ISSUES}/5/notes"), ("PUT", f"{ISSUES}/5")]

"""custlint release --from gitlab: real git repositories with tags, and a local GitLab (tests/fake_gitlab.py)
that records every request: the note and close calls checked exactly, reruns, a 500 halfway, a read-only token."""

from __future__ import annotations

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

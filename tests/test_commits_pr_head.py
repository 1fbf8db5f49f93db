"""Issue 15 item 5: `custlint commits` in a PR event judges the PR head's commits (real repositories),
whatever is checked out, and never passes on zero commits."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import clean_env, custlint
from test_commits_ci import clone, make_upstream

EVENTS = Path(__file__).parent / "data" / "github-events"


def payload(tmp_path: Path, up, head: str, number: int = 7, base: str = "develop") -> Path:
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    pr = data["pull_request"]
    pr["number"] = number
    pr["head"]["sha"] = head
    pr["base"]["ref"] = base
    pr["base"]["sha"] = up.git("rev-parse", base)
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return p


def pr_env(event: Path, name: str = "pull_request_target", base: str = "develop") -> dict:
    return clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME=name, GITHUB_EVENT_PATH=str(event), GITHUB_BASE_REF=base)


def state(c) -> tuple[str, str, str, bool]:
    """What custlint must leave as it was: HEAD, the refs, the work tree, and no FETCH_HEAD."""
    return (c.git("rev-parse", "HEAD"), c.git("for-each-ref"), c.git("status", "--porcelain"),
            (c.path / ".git" / "FETCH_HEAD").exists())


def test_pull_request_target_with_the_base_checked_out_judges_the_head(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--no-single-branch")
    c.git("checkout", "-q", "develop")  # what SECURITY.md recommends under pull_request_target
    before = state(c)
    r = custlint("commits", "--format", "json", cwd=c.path, env=pr_env(payload(tmp_path, up, pr[1])))
    assert r.code == 1, r.err
    data = r.json()
    assert data["summary"]["checked"] == 2
    assert {f["subject"] for f in data["findings"]} == {pr[1]}
    assert any("from the event payload" in n and pr[1][:10] in n for n in data["notes"])
    assert state(c) == before


def test_head_missing_from_the_clone_is_fetched_by_sha_without_a_checkout(tmp_path):
    up, pr = make_upstream(tmp_path)
    up.git("update-ref", "refs/pull/7/head", pr[1])
    up.git("branch", "-D", "feature")  # a fork's PR: only refs/pull/7/head holds its commits
    c = clone(up, tmp_path / "ci")
    c.git("checkout", "-q", "develop")
    assert c.git("cat-file", "-t", pr[1], check=False) == ""  # really not there
    before = state(c)
    r = custlint("commits", "--format", "json", cwd=c.path, env=pr_env(payload(tmp_path, up, pr[1])))
    assert r.code == 1, r.err
    assert r.json()["summary"]["checked"] == 2
    assert any("fetched from origin" in n for n in r.json()["notes"])
    assert state(c) == before  # objects only: HEAD, refs, work tree and FETCH_HEAD as they were


def test_head_fetched_through_refs_pull_when_the_sha_cannot_be_asked_for(tmp_path):
    """The PR was pushed again since the event: its head is no ref's tip, which a protocol v0 server
    will not send by SHA; refs/pull/7/head still holds it."""
    up, pr = make_upstream(tmp_path)
    up.git("update-ref", "refs/pull/7/head", pr[1])
    up.git("branch", "-D", "feature")
    c = clone(up, tmp_path / "ci")
    c.git("checkout", "-q", "develop")
    c.git("config", "protocol.version", "0")
    c.git("fetch", "-q", "--no-write-fetch-head", "origin", pr[0], check=False)
    assert c.git("cat-file", "-t", pr[0], check=False) == ""  # refused by SHA
    before = state(c)
    r = custlint("commits", "--format", "json", cwd=c.path, env=pr_env(payload(tmp_path, up, pr[0])))
    assert r.code == 0, r.err
    assert r.json()["summary"]["checked"] == 1  # the event's head (GOOD), not the newer push
    assert any("fetched from origin" in n for n in r.json()["notes"])
    assert state(c) == before


def test_head_that_cannot_be_had_is_exit_2_saying_how_to_fetch_it(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci")
    c.git("checkout", "-q", "develop")
    missing = "0123456789abcdef0123456789abcdef01234567"
    r = custlint("commits", cwd=c.path, env=pr_env(payload(tmp_path, up, missing)))
    assert r.code == 2 and r.err.count("\n") == 1 and r.err.startswith("custlint: error:")
    assert missing[:12] in r.err and "git fetch origin pull/7/head" in r.err and "fetch-depth: 0" in r.err
    assert "all clear" not in r.out
    # the head only in refs/pull/7/head upstream, and no remote to fetch it from: the same
    up.git("update-ref", "refs/pull/7/head", pr[1])
    up.git("branch", "-D", "feature")
    c2 = clone(up, tmp_path / "ci2")
    c2.git("checkout", "-q", "develop")
    c2.git("remote", "remove", "origin")
    r = custlint("commits", cwd=c2.path, env=pr_env(payload(tmp_path, up, pr[1])))
    assert r.code == 2 and "git fetch origin pull/7/head" in r.err


def test_pull_request_merge_commit_checked_out_judges_the_head_only(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--no-single-branch")
    c.git("checkout", "-q", "--detach", "origin/develop")  # GitHub's refs/pull/N/merge: the head merged into the base
    c.git("merge", "-q", "--no-ff", "-m", "Merge " + pr[1] + " into develop", pr[1])
    r = custlint("commits", "--format", "json", cwd=c.path, env=pr_env(payload(tmp_path, up, pr[1]), "pull_request"))
    assert r.code == 1, r.err
    data = r.json()
    assert data["summary"]["checked"] == 2  # the PR's two commits, not GitHub's synthetic merge commit
    assert {f["subject"] for f in data["findings"]} == {pr[1]}


def test_zero_commits_in_a_pr_event_is_never_all_clear(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--no-single-branch")
    c.git("checkout", "-q", "develop")
    develop = c.git("rev-parse", "HEAD")
    # the payload's head is the base itself: the PR adds nothing
    r = custlint("commits", cwd=c.path, env=pr_env(payload(tmp_path, up, develop)))
    assert r.code == 2 and "no commits in" in r.err and "all clear" not in r.out and r.err.count("\n") == 1
    # no payload at all (GITHUB_EVENT_PATH unset), the base checked out
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request_target", GITHUB_BASE_REF="develop")
    r = custlint("commits", cwd=c.path, env=env)
    assert r.code == 2 and "no commits in" in r.err and "git fetch origin pull/N/head" in r.err
    # an explicit empty range in a PR event: the same
    r = custlint("commits", "HEAD..HEAD", cwd=c.path, env=env)
    assert r.code == 2 and "no commits in" in r.err
    # GitLab merge request pipeline
    r = custlint("commits", cwd=c.path, env=clean_env(GITLAB_CI="true", CI_MERGE_REQUEST_IID="3",
                                                      CI_MERGE_REQUEST_TARGET_BRANCH_NAME="develop"))
    assert r.code == 2 and "no commits in" in r.err
    # outside a PR event an empty range stays what it was: a note, exit 0
    r = custlint("commits", "HEAD..HEAD", cwd=c.path)
    assert r.code == 0


def test_a_hostile_head_sha_is_never_passed_to_git(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--no-single-branch")
    c.git("checkout", "-q", "develop")
    canary = tmp_path / "pwned"
    for head in (f"--upload-pack=touch {canary}", "HEAD~1", "origin/feature", pr[1][:12], pr[1].upper()):
        r = custlint("commits", cwd=c.path, env=pr_env(payload(tmp_path, up, head)))
        assert r.code == 2 and "no commits in" in r.err, (head, r.err)  # not a head: HEAD is the base, nothing judged
        assert not canary.exists()

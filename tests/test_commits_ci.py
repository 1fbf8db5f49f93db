"""`custlint commits` in CI: the PR's own commits, and a shallow clone is exit 2, never a silent pass."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import BAD, GOOD, GitRepo, clean_env, custlint

EVENTS = Path(__file__).parent / "data" / "github-events"


def clone(src: GitRepo, dest: Path, *args: str) -> GitRepo:
    subprocess.run(["git", "clone", "-q", *args, f"file://{src.path}", str(dest)], check=True, env=clean_env(), capture_output=True)
    r = GitRepo.__new__(GitRepo)
    r.path, r.tick = dest, 100
    return r


def make_upstream(tmp_path: Path) -> tuple[GitRepo, list[str]]:
    up = GitRepo(tmp_path / "up")
    up.commit(BAD)  # old history on main, judged by nobody
    up.git("checkout", "-q", "-b", "develop")
    up.commit(BAD)  # on the target branch, not the PR's
    up.git("checkout", "-q", "-b", "feature")
    pr = [up.commit(GOOD), up.commit(BAD)]
    up.git("checkout", "-q", "main")
    up.commit(GOOD)
    return up, pr


def test_github_pr_defaults_to_its_own_commits(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--no-single-branch")
    c.git("checkout", "-q", "feature")
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_BASE_REF="develop")
    r = custlint("commits", "--format", "json", cwd=c.path, env=env)
    assert r.code == 1
    data = r.json()
    assert data["summary"]["checked"] == 2
    assert {f["subject"] for f in data["findings"]} == {pr[1]}
    assert any("target branch develop" in n for n in data["notes"])


def test_gitlab_mr_target_and_merge_group_base(tmp_path):
    up, pr = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--no-single-branch")
    c.git("checkout", "-q", "feature")
    r = custlint("commits", "--format", "json", cwd=c.path,
                 env=clean_env(GITLAB_CI="true", CI_MERGE_REQUEST_TARGET_BRANCH_NAME="develop"))
    assert r.json()["summary"]["checked"] == 2
    data = json.loads((EVENTS / "merge_group.checks_requested.payload.json").read_text())
    data["merge_group"]["base_ref"] = "refs/heads/develop"
    p = tmp_path / "mg.json"
    p.write_text(json.dumps(data))
    r = custlint("commits", "--format", "json", cwd=c.path,
                 env=clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="merge_group", GITHUB_EVENT_PATH=str(p)))
    assert r.json()["summary"]["checked"] == 2


def test_shallow_clone_says_fetch_depth_0(tmp_path):
    up, _ = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--depth", "1", "--branch", "feature")  # what actions/checkout does by default
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_BASE_REF="develop")
    r = custlint("commits", cwd=c.path, env=env)
    assert r.code == 2 and "fetch-depth: 0" in r.err and r.err.count("\n") == 1
    assert "shallow" in r.err
    # the target branch fetched, but shallow too: still no common history, still exit 2
    c.git("fetch", "-q", "--depth", "1", "origin", "develop:refs/remotes/origin/develop")
    r = custlint("commits", cwd=c.path, env=env)
    assert r.code == 2 and "fetch-depth: 0" in r.err
    # outside a PR pipeline too
    r = custlint("commits", cwd=c.path)
    assert r.code == 2 and "fetch-depth: 0" in r.err
    # fetching everything fixes it
    c.git("fetch", "-q", "--unshallow")
    c.git("fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*")
    r = custlint("commits", "--format", "json", cwd=c.path, env=env)
    assert r.code == 1 and r.json()["summary"]["checked"] == 2


def test_target_branch_missing_from_a_full_clone(tmp_path):
    up, _ = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--branch", "feature", "--single-branch")
    r = custlint("commits", cwd=c.path, env=clean_env(GITHUB_ACTIONS="true", GITHUB_BASE_REF="release"))
    assert r.code == 2 and "target branch 'release' is not in this clone" in r.err


def test_explicit_range_in_a_shallow_clone(tmp_path):
    up, _ = make_upstream(tmp_path)
    c = clone(up, tmp_path / "ci", "--depth", "1", "--no-single-branch")
    c.git("checkout", "-q", "feature")
    r = custlint("commits", "origin/develop..HEAD", cwd=c.path)
    assert r.code == 2 and "lacks the history between origin/develop and HEAD" in r.err and "fetch-depth: 0" in r.err
    r = custlint("commits", "HEAD", "--format", "json", cwd=c.path)  # a single revision is what the user asked for
    assert r.json()["summary"]["checked"] == 1

"""The custlint-commits hook: a real pre-commit installs it as a pre-push hook, and real `git push`es
to a local bare repository are refused while a pushed commit links no customer problem or KPI.
Also `custlint commits --pushed` with the variables pre-commit (or another tool) sets by hand."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint
from test_precommit import _snapshot_of_this_repo

pytestmark = pytest.mark.slow

GOOD_2 = GOOD.replace("Show delivery windows at checkout", "Show delivery windows on the order page")


def _push(work: GitRepo, env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "push", "-q", "origin", *args], cwd=work.path, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.fixture(scope="module")
def pushing(tmp_path_factory):
    base = tmp_path_factory.mktemp("prepush")
    rev = _snapshot_of_this_repo(base / "custlint")
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(base / "remote.git")], check=True,
                   env=clean_env())
    work = GitRepo(base / "work")
    work.git("remote", "add", "origin", str(base / "remote.git"))
    (work.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {base / 'custlint'}\n    rev: {rev}\n    hooks:\n      - id: custlint-commits\n")
    (work.path / "pyproject.toml").write_text("[tool.custlint]\n")
    work.git("add", ".pre-commit-config.yaml", "pyproject.toml")
    work.commit(GOOD)
    env = clean_env(PRE_COMMIT_HOME=str(base / "cache"))
    p = subprocess.run([sys.executable, "-m", "pre_commit", "install", "--hook-type", "pre-push"], cwd=work.path,
                       env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    return work, env, base / "remote.git"


def _remote_head(remote, branch: str) -> str:
    p = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"], cwd=remote,
                       capture_output=True, text=True, env=clean_env())
    return p.stdout.strip()


def test_pushes_to_an_existing_branch_are_gated(pushing):
    work, env, remote = pushing
    first = _push(work, env, "main")  # an empty remote: pre-commit names no range; nothing old is judged
    assert first.returncode == 0, first.stdout + first.stderr
    pushed = work.git("rev-parse", "HEAD")
    assert _remote_head(remote, "main") == pushed

    work.commit(BAD)
    refused = _push(work, env, "main")
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0, out
    assert "CP101" in out and "KP201" in out and "custlint commits" in out
    assert _remote_head(remote, "main") == pushed  # the remote did not get the commit

    subprocess.run(["git", "commit", "-q", "--amend", "-F", "-"], cwd=work.path, env=clean_env(), input=GOOD_2,
                   check=True, capture_output=True, text=True)
    fixed = _push(work, env, "main")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert _remote_head(remote, "main") == work.git("rev-parse", "HEAD")


def test_a_new_branch_is_judged_by_its_own_commits(pushing):
    work, env, remote = pushing
    work.git("checkout", "-q", "-b", "feature/reorder")
    work.commit(GOOD_2)
    bad = work.commit(BAD)
    refused = _push(work, env, "feature/reorder")
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "CP101" in out, out
    assert _remote_head(remote, "feature/reorder") == ""
    assert bad[:10] in out  # the finding names the commit being pushed
    work.git("reset", "-q", "--hard", "HEAD~1")
    ok = _push(work, env, "feature/reorder")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    work.git("checkout", "-q", "main")


def test_manual_stage_with_refs(pushing):
    work, env, _remote = pushing
    work.git("checkout", "-q", "-b", "manual")
    work.commit(BAD)
    p = subprocess.run([sys.executable, "-m", "pre_commit", "run", "custlint-commits", "--hook-stage", "manual",
                        "--from-ref", "main", "--to-ref", "HEAD"], cwd=work.path, env=env, capture_output=True,
                       text=True, timeout=900)
    assert p.returncode == 1 and "CP101" in p.stdout, p.stdout + p.stderr
    work.git("checkout", "-q", "main")


@pytest.fixture
def branched(repo):
    (repo.path / "pyproject.toml").write_text("[tool.custlint]\n")
    repo.commit(BAD)  # old history on main that never followed the policy
    main = repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    good = repo.commit(GOOD_2)
    repo.git("checkout", "-q", "main")  # the push names the branch; HEAD is elsewhere
    return repo, main, good


@pytest.mark.parametrize("from_ref", ["", "0" * 40])
def test_pushed_without_a_from_ref_starts_at_the_merge_base(branched, from_ref):
    repo, main, good = branched
    env = clean_env(PRE_COMMIT_TO_REF=good, PRE_COMMIT_REMOTE_BRANCH="refs/heads/feature")
    if from_ref:
        env["PRE_COMMIT_FROM_REF"] = from_ref
    r = custlint("commits", "--pushed", "--format", "json", cwd=repo.path, env=env)
    assert r.code == 0, r.out + r.err
    doc = r.json()
    assert doc["summary"]["checked"] == 1  # the feature's one commit, not main's old BAD one
    assert any("merge-base with main" in n for n in doc["notes"])


def test_pushed_with_a_from_ref_is_that_range(branched):
    repo, main, good = branched
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    env = clean_env(PRE_COMMIT_FROM_REF=first, PRE_COMMIT_TO_REF=good)
    r = custlint("commits", "--pushed", "--format", "json", cwd=repo.path, env=env)
    assert r.code == 0 and r.json()["summary"]["checked"] == 2


def test_pushed_errors_are_one_line(branched):
    repo, _main, good = branched
    both = custlint("commits", "HEAD", "--pushed", cwd=repo.path)
    assert both.code == 2 and both.err.count("\n") == 1
    unknown = custlint("commits", "--pushed", cwd=repo.path, env=clean_env(PRE_COMMIT_TO_REF="f" * 40))
    assert unknown.code == 2 and unknown.err.count("\n") == 1 and "not in this repository" in unknown.err
    stale = custlint("commits", "--pushed", cwd=repo.path,
                     env=clean_env(PRE_COMMIT_FROM_REF="e" * 40, PRE_COMMIT_TO_REF=good))
    assert stale.code == 2 and stale.err.count("\n") == 1


def test_pushing_the_default_branch_alone_judges_nothing_old(branched):
    repo, main, _good = branched
    r = custlint("commits", "--pushed", "--format", "json", cwd=repo.path,
                 env=clean_env(PRE_COMMIT_LOCAL_BRANCH="refs/heads/main"))
    assert r.code == 0 and r.json()["summary"]["checked"] == 0
    assert any("custlint commits HEAD" in n for n in r.json()["notes"])

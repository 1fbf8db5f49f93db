"""The custlint-commits hook: a real pre-commit, installed for pre-push, lints the commits being pushed
to a real bare remote (teams without a CI gate still get the range check), and `commits --pushed`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint
from test_precommit import _snapshot_of_this_repo


@pytest.fixture(scope="module")
def pushing(tmp_path_factory):
    base = tmp_path_factory.mktemp("prepush")
    rev = _snapshot_of_this_repo(base / "custlint")
    remote = base / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True, env=clean_env())
    work = GitRepo(base / "work")
    (work.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {base / 'custlint'}\n    rev: {rev}\n    hooks:\n      - id: custlint-commits\n")
    env = clean_env(PRE_COMMIT_HOME=str(base / "cache"))
    p = subprocess.run([sys.executable, "-m", "pre_commit", "install", "--hook-type", "pre-push"], cwd=work.path,
                       env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    work.git("remote", "add", "origin", str(remote))
    return work, env


def _push(work: GitRepo, env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "push", "-q", "origin", *args], cwd=work.path, env=env, capture_output=True,
                          text=True, timeout=900)


@pytest.mark.slow
def test_pre_push_lints_only_the_commits_being_pushed(pushing):
    work, env = pushing
    work.commit(GOOD)
    work.git("add", ".pre-commit-config.yaml")
    work.commit(GOOD.replace("Show delivery windows", "Show delivery windows in the cart"))
    first = _push(work, env, "main")  # a new history: every commit, all good
    assert first.returncode == 0, first.stdout + first.stderr

    work.git("checkout", "-q", "-b", "feature")
    work.commit(GOOD.replace("Show delivery windows", "Show delivery windows on mobile"))
    bad_sha = work.commit(BAD)
    refused = _push(work, env, "feature")
    out = refused.stdout + refused.stderr
    assert refused.returncode != 0 and "CP101" in out and bad_sha[:10] in out, out
    assert "Found 2 errors, 0 warnings: 2 commits checked." in out, out
    assert work.git("ls-remote", "origin", "refs/heads/feature") == ""  # nothing was pushed

    work.git("commit", "-q", "--amend", "-m", GOOD.replace("Show delivery windows", "Show delivery windows twice"))
    ok = _push(work, env, "feature")
    assert ok.returncode == 0, ok.stdout + ok.stderr


def test_commits_pushed_reads_pre_commits_range(tmp_path):
    repo = GitRepo(tmp_path / "r")
    base = repo.commit(GOOD)
    bad = repo.commit(BAD)
    env = clean_env(PRE_COMMIT_FROM_REF=base, PRE_COMMIT_TO_REF=bad)
    r = custlint("commits", "--pushed", "--format", "json", cwd=repo.path, env=env)
    assert r.code == 1 and r.json()["summary"]["checked"] == 1
    assert "the commits being pushed" in " ".join(r.json()["notes"])
    # bad values: one line, exit 2, and never an option or a range handed to git
    for extra in (dict(PRE_COMMIT_TO_REF="--output=/tmp/x"), dict(PRE_COMMIT_TO_REF=bad, PRE_COMMIT_FROM_REF="1" * 40),
                  dict(PRE_COMMIT_TO_REF="a..b"), dict(PRE_COMMIT_TO_REF=bad, PRE_COMMIT_FROM_REF="-x")):
        r = custlint("commits", "--pushed", cwd=repo.path, env=clean_env(**extra))
        assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and "Traceback" not in r.err, (extra, r.err)
    assert not Path("/tmp/x").exists() or Path("/tmp/x").stat().st_size == 0
    r = custlint("commits", "--pushed", "HEAD", cwd=repo.path, env=env)
    assert r.code == 2 and "not both" in r.err

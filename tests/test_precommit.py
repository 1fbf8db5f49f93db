"""A real `pre-commit` installs this repository's hook into a temp repository and gates real commits."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, GOOD, ROOT, GitRepo, clean_env

pytestmark = pytest.mark.slow


def _snapshot_of_this_repo(dest: Path) -> str:
    """This working tree (tracked and untracked, not ignored) committed into ``dest``; its SHA."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file():
            target = dest / name.decode()
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    snap = GitRepo(dest)
    snap.git("add", "-A")
    snap.git("commit", "-q", "-m", "snapshot")
    return snap.git("rev-parse", "HEAD")


@pytest.fixture(scope="module")
def hooked_repo(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit")
    rev = _snapshot_of_this_repo(base / "custlint")
    work = GitRepo(base / "work")
    (work.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {base / 'custlint'}\n    rev: {rev}\n    hooks:\n      - id: custlint-commit-msg\n")
    env = clean_env(PRE_COMMIT_HOME=str(base / "cache"))
    p = subprocess.run([sys.executable, "-m", "pre_commit", "install", "--hook-type", "commit-msg"], cwd=work.path, env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    work.git("add", ".pre-commit-config.yaml")
    return work, env


def _commit(work: GitRepo, env, message: str) -> subprocess.CompletedProcess:
    (work.path / "app.txt").write_text(message)
    work.git("add", "app.txt", env=env)
    return subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=work.path, env=env, input=message,
                          capture_output=True, text=True, timeout=600)


def test_bad_commit_refused_good_commit_accepted(hooked_repo):
    work, env = hooked_repo
    bad = _commit(work, env, BAD)
    assert bad.returncode != 0, bad.stdout + bad.stderr
    out = bad.stdout + bad.stderr
    assert "CP101" in out and "KP201" in out
    assert "git commit -e -F" in out
    assert work.git("rev-list", "--all", check=False) == ""  # nothing was committed

    good = _commit(work, env, GOOD)
    assert good.returncode == 0, good.stdout + good.stderr
    assert work.git("log", "-1", "--format=%s") == "Show delivery windows at checkout"


def test_merge_and_fixup_pass_the_hook(hooked_repo):
    work, env = hooked_repo
    fix = _commit(work, env, "fixup! Show delivery windows at checkout\n")
    assert fix.returncode == 0, fix.stdout + fix.stderr

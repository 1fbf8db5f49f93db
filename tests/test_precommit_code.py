"""A real `pre-commit` runs the custlint-code hook on staged Python files of a temp repository."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GitRepo, clean_env
from test_precommit import _snapshot_of_this_repo

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hooked(tmp_path_factory):
    base = tmp_path_factory.mktemp("precommit-code")
    rev = _snapshot_of_this_repo(base / "custlint")
    work = GitRepo(base / "work")
    (work.path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {base / 'custlint'}\n    rev: {rev}\n    hooks:\n      - id: custlint-code\n")
    env = clean_env(PRE_COMMIT_HOME=str(base / "cache"))
    p = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=work.path, env=env, capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    work.git("add", ".pre-commit-config.yaml")
    return work, env


def _commit(work: GitRepo, env, files: dict[str, str]) -> subprocess.CompletedProcess:
    for name, text in files.items():
        (work.path / name).write_text(text)
        work.git("add", name, env=env)
    return subprocess.run(["git", "commit", "-q", "-m", "Change"], cwd=work.path, env=env, capture_output=True,
                          text=True, timeout=900)


def test_untracked_todo_is_refused_and_tracked_todo_passes(hooked):
    work, env = hooked
    bad = _commit(work, env, {"refund.py": "def refund(order):\n    # TODO: refund the delivery fee\n    return 0\n",
                              "NOTES.md": "TODO: not Python, not checked\n"})
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0, out
    assert "refund.py:2: error CD102" in out
    assert "NOTES.md" not in out.split("custlint code")[-1]  # types: [python]
    assert work.git("rev-list", "--all", check=False) == ""

    good = _commit(work, env, {"refund.py": "def refund(order):\n    # TODO(SHOP-12): refund the delivery fee\n    return 0\n"})
    assert good.returncode == 0, good.stdout + good.stderr
    assert work.git("log", "-1", "--format=%s") == "Change"


def test_warnings_do_not_block_a_commit(hooked):
    work, env = hooked
    r = _commit(work, env, {"app.py": 'from flask import Flask\napp = Flask(__name__)\n\n\n@app.get("/cart")\ndef cart():\n    return "ok"\n'})
    assert r.returncode == 0, r.stdout + r.stderr

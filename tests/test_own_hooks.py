"""custlint's own development habits (issue 13): the repository's .pre-commit-config.yaml is valid,
pins the official ruff hooks, and its commit-msg hook (this checkout's custlint, configured by
[tool.custlint] in pyproject.toml) passes a message that references its issue and refuses one that
does not, run by a real pre-commit and by a real `git commit`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, GitRepo, clean_env
from test_precommit import _snapshot_of_this_repo

pytestmark = pytest.mark.slow

CONFIG = ROOT / ".pre-commit-config.yaml"
RUFF_REPO = "https://github.com/astral-sh/ruff-pre-commit"
RUFF_HOOKS = ("ruff-check", "ruff-format")
REFERENCED = "Make the hook faster (Refs #13)\n"
UNREFERENCED = "Make the hook faster\n"


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


def test_the_config_is_valid_and_pins_the_official_ruff_hooks():
    p = _pre_commit("validate-config", str(CONFIG), cwd=ROOT, env=clean_env())
    assert p.returncode == 0, p.stdout + p.stderr
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert config["default_stages"] == ["pre-commit"]  # ruff before a commit, not on its message
    ruff, local = config["repos"]
    assert ruff["repo"] == RUFF_REPO and tuple(h["id"] for h in ruff["hooks"]) == RUFF_HOOKS
    # the same files as `make lint`: ruff check over src, bench and tests, the format over src
    assert [h["files"] for h in ruff["hooks"]] == ["^(src|bench|tests)/", "^src/"]
    make_lint = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check src bench tests" in make_lint and "ruff format --check src" in make_lint
    # a tag, not a branch; and no older than the ruff the test extra installs for `make lint`
    tag = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)", ruff["rev"])
    assert tag, ruff["rev"]
    extra = re.search(r'"ruff>=(\d+)\.(\d+)', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert extra and tuple(map(int, tag.groups()[:2])) >= tuple(map(int, extra.groups())), (ruff["rev"], extra)
    assert local["repo"] == "local"
    (hook,) = local["hooks"]
    assert hook["entry"] == ".venv/bin/custlint commit-msg" and hook["stages"] == ["commit-msg"]


def test_this_repository_refuses_a_commit_message_without_an_issue_reference(tmp_path):
    """The policy itself, under the checkout's own config (custlint run in it, no pre-commit)."""
    for name, message, code in (("referenced", REFERENCED, 0), ("two", "Make it faster (Refs #13, #14)\n", 0),
                                ("unreferenced", UNREFERENCED, 1)):
        path = tmp_path / name
        path.write_text(message)
        p = subprocess.run([sys.executable, "-m", "custlint", "commit-msg", str(path)], cwd=ROOT, env=clean_env(),
                           capture_output=True, text=True)
        assert p.returncode == code, (message, p.stdout + p.stderr)
    assert "CP101" in p.stdout and "KP201" in p.stdout  # no customer problem, no KPI: no issue that holds them
    shown = subprocess.run([sys.executable, "-m", "custlint", "config", "--show"], cwd=ROOT, env=clean_env(),
                           capture_output=True, text=True, check=True).stdout
    assert f'"file": "{ROOT / "pyproject.toml"}"' in shown  # the repository's own [tool.custlint]


def _ruff_stand_in(path: Path, rev: str) -> Path:
    """A local repository with ruff-pre-commit's hook ids at ``rev``. pre-commit clones every remote
    repository of a config to read its hook list, even for hooks it then skips, and these tests have
    no network to GitHub: so the ruff hooks are skipped (SKIP) and their repository is this stand-in."""
    repo = GitRepo(path)
    (path / ".pre-commit-hooks.yaml").write_text("".join(
        f"- id: {hid}\n  name: {hid}\n  entry: {hid.replace('-', ' ')}\n  language: python\n"
        f"  types_or: [python, pyi]\n" for hid in RUFF_HOOKS))
    repo.git("add", ".pre-commit-hooks.yaml")
    repo.git("commit", "-q", "-m", "stand-in")
    repo.git("tag", rev)
    return path


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """This checkout as a repository of its own (its .venv linked in: the hook runs .venv/bin/custlint),
    with the ruff repository of its config pointed at a local stand-in."""
    custlint_bin = Path(sys.prefix) / "bin" / "custlint"
    if not custlint_bin.exists():
        pytest.skip(f"custlint is not installed in {sys.prefix} (run the tests from the .venv of `make install`)")
    base = tmp_path_factory.mktemp("own-hooks")
    dest = base / "custlint"
    _snapshot_of_this_repo(dest)
    (dest / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    text = (dest / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    rev = yaml.safe_load(text)["repos"][0]["rev"]
    stand_in = _ruff_stand_in(base / "ruff-pre-commit", rev)
    assert text.count(f"repo: {RUFF_REPO}\n") == 1
    (dest / ".pre-commit-config.yaml").write_text(text.replace(f"repo: {RUFF_REPO}\n", f"repo: {stand_in}\n"))
    repo = GitRepo.__new__(GitRepo)  # the snapshot is a repository already
    repo.path, repo.tick = dest, 0
    repo.git("add", ".pre-commit-config.yaml")
    repo.git("commit", "-q", "-m", "ruff hooks from a local stand-in (Refs #13)")
    env = clean_env(PRE_COMMIT_HOME=str(base / "pre-commit-home"), SKIP=",".join(RUFF_HOOKS))
    return repo, env


def test_pre_commit_runs_the_commit_msg_hook_of_this_repository(checkout):
    repo, env = checkout
    msg = repo.path.parent / "COMMIT_EDITMSG"
    msg.write_text(REFERENCED)
    ok = _pre_commit("run", "--hook-stage", "commit-msg", "--commit-msg-filename", str(msg), cwd=repo.path, env=env)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert re.search(r"custlint \(the commit references its issue\)\.+Passed", ok.stdout), ok.stdout
    msg.write_text(UNREFERENCED)
    bad = _pre_commit("run", "--hook-stage", "commit-msg", "--commit-msg-filename", str(msg), cwd=repo.path, env=env)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert re.search(r"custlint \(the commit references its issue\)\.+Failed", bad.stdout), bad.stdout
    assert "CP101" in bad.stdout and "KP201" in bad.stdout
    assert msg.read_text() == UNREFERENCED  # the hook never changes the message


def test_git_commit_goes_through_the_installed_hooks(checkout):
    repo, env = checkout
    p = _pre_commit("install", "--hook-type", "commit-msg", "--hook-type", "pre-commit", cwd=repo.path, env=env)
    assert p.returncode == 0, p.stdout + p.stderr
    head = repo.git("rev-parse", "HEAD")
    (repo.path / "NOTES.txt").write_text("a change\n")
    repo.git("add", "NOTES.txt")

    def commit(message: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=repo.path, env=env, input=message,
                              capture_output=True, text=True, timeout=600)

    refused = commit(UNREFERENCED)
    assert refused.returncode != 0, refused.stdout + refused.stderr
    assert "CP101" in refused.stdout + refused.stderr and repo.git("rev-parse", "HEAD") == head
    accepted = commit(REFERENCED)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert repo.git("log", "-1", "--format=%s") == REFERENCED.strip()

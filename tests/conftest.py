"""Shared test helpers: run the real CLI in a subprocess, and make real git repositories."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# the tests that judge in this process run the plain Python (custlint/accel.py), the reference: a
# compiled module cannot be patched, and its speed would move the time-scaling tests' sizes; every
# command a test runs in a subprocess (clean_env) runs the compiled modules where they are built,
# and tests/test_accel.py requires the two to agree
os.environ["CUSTLINT_ACCEL"] = "0"

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Dev One",
    "GIT_AUTHOR_EMAIL": "dev1@example.com",
    "GIT_COMMITTER_NAME": "Dev One",
    "GIT_COMMITTER_EMAIL": "dev1@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


# custlint's user cache (usercache.cache_dir) for the whole test session: a temporary folder, so
# that no test reads a result a developer's own runs left, or writes into their home
CACHE_DIR = tempfile.mkdtemp(prefix="custlint-test-cache-")
atexit.register(shutil.rmtree, CACHE_DIR, True)
os.environ["CUSTLINT_CACHE_DIR"] = CACHE_DIR  # for the tests that run custlint in this process


def clean_env(**extra: str) -> dict[str, str]:
    """The environment a user's shell would have: no CI variables leaking in from the test run,
    and the session's own cache folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "GITLAB_", "CUSTLINT_"))}
    env.pop("CI", None)
    env["HOME"] = env.get("HOME", "/tmp")
    env["CUSTLINT_CACHE_DIR"] = CACHE_DIR
    env.update(GIT_ENV)
    env.update(extra)
    return env


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def custlint(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None, stdin: str | None = None) -> Run:
    """Run ``python -m custlint ARGS`` as a user would, and capture everything."""
    p = subprocess.run([sys.executable, "-m", "custlint", *args], cwd=cwd, env=env or clean_env(),
                       input=stdin, capture_output=True, text=True, timeout=300,
                       stdin=None if stdin is not None else subprocess.DEVNULL)
    assert "Traceback" not in p.stderr, p.stderr
    return Run(p.returncode, p.stdout, p.stderr)


class GitRepo:
    """A real git repository in a temp dir, with deterministic authors and dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tick = 0
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
        p = subprocess.run(["git", *args], cwd=self.path, env=env or clean_env(), capture_output=True, text=True)
        if check and p.returncode:
            raise AssertionError(f"git {' '.join(args)} failed: {p.stderr}")
        return p.stdout.strip()

    def commit(self, message: str, *, author: str | None = None, email: str | None = None,
               file: str | None = None, date: str | None = None) -> str:
        self.tick += 1
        name = file or f"file{self.tick}.txt"
        (self.path / name).write_text(f"change {self.tick}\n")
        self.git("add", name)
        stamp = date or f"2026-01-{1 + self.tick % 28:02d}T12:00:{self.tick % 60:02d}Z"
        extra = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        if author:
            extra["GIT_AUTHOR_NAME"] = author
        if email:
            extra["GIT_AUTHOR_EMAIL"] = email
        p = subprocess.run(["git", "commit", "-q", "--cleanup=verbatim", "-F", "-"], cwd=self.path,
                           env=clean_env(**extra), input=message, capture_output=True, text=True)
        assert p.returncode == 0, p.stderr
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


GOOD = """Show delivery windows at checkout

Customer-Problem: shoppers abandon checkout because they cannot see when an order arrives
KPI: checkout completion rises from 61% to 65% within 6 weeks
"""
BAD = "Add the delivery window component\n\nWires it to the API.\n"

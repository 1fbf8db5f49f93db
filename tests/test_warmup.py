"""The audit's warm-up before its workers are forked (custlint.audit.warmup): it runs only while git
has printed nothing, leaves the workers' state as it was and changes no result."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def pipe():
    r, w = os.pipe()
    reader, writer = os.fdopen(r, "rb"), os.fdopen(w, "wb")
    yield reader, writer
    reader.close()
    if not writer.closed:
        writer.close()


def test_idle_while_git_has_printed_nothing(pipe):
    from custlint.audit.warmup import idle

    reader, writer = pipe
    assert idle(reader)
    writer.write(b"x")
    writer.flush()
    assert not idle(reader)


def test_idle_is_false_for_a_stream_it_cannot_ask():
    from custlint.audit.warmup import idle

    class NoFileno:
        def fileno(self):
            raise ValueError("closed")

    assert not idle(NoFileno())


def test_warm_does_nothing_once_git_has_printed(pipe):
    from custlint.audit import warmup
    from custlint.core import lazyre

    reader, writer = pipe
    writer.write(b"0" * 40)
    writer.flush()
    before = len(lazyre.pending())
    assert warmup.warm(reader) == 0
    assert len(lazyre.pending()) == before


@pytest.mark.parametrize("by", ["author", "path", "team"])
def test_warm_judges_and_compiles_and_leaves_the_workers_state(pipe, by):
    import argparse

    from custlint.audit import warmup, worker
    from custlint.commands._common import Context
    from custlint.core import lazyre

    ctx = Context(argparse.Namespace(config=None, select=None, extend_select=None, ignore=None))
    worker.set_state(ctx.engine, by, [2e9])  # --by path and team read records with file names
    state = dict(worker._STATE)
    reader, _ = pipe  # nothing written: git still walking
    waiting = len(lazyre.pending())
    steps = warmup.warm(reader)
    # the samples judged (compiling the patterns they meet), then each pattern still not compiled
    assert 1 <= steps <= 1 + waiting  # (a fresh process compiles some: test_a_warmed_process_...)
    assert lazyre.pending() == []  # every pattern compiled while git walked
    assert worker._STATE == state and all(worker._STATE[k] is v for k, v in state.items())


_JUDGE = """
import argparse, dataclasses, os, sys
from array import array
from custlint.audit import warmup, worker
from custlint.commands._common import Context
from custlint.sources import git_log
data = sys.stdin.buffer.read()
ctx = Context(argparse.Namespace(config=None, select=None, extend_select=None, ignore=None))
worker.set_state(ctx.engine, "author", [2e9])
if sys.argv[1] == "warm":
    r, w = os.pipe()
    assert warmup.warm(os.fdopen(r, "rb")) > 1
part = worker.judge_chunk(data, array("i", [0] * len(git_log.records(data, False))).tobytes())
part.peak_kb = 0
print(repr(sorted((f.name, getattr(part, f.name)) for f in dataclasses.fields(part))))  # compiled: no vars()
"""


def test_a_warmed_process_judges_a_history_as_a_cold_one(repo: GitRepo):
    """The same real history judged in a fresh process with and without the warm-up: the same partial."""
    texts = [GOOD, BAD, "Update README\n", "fix: crash on login\n\nFixes #12\n", "Revert \"x\"\n\nThis reverts commit 1.\n",
             "feat: export\n\n## Customer problem\n\nAccountants cannot export invoices.\n\n- [x] done\n"]
    for i in range(18):
        repo.commit(texts[i % len(texts)], author=f"Dev {i % 3}")
    from custlint.sources.git_log import FIELDS

    log = subprocess.run(["git", "log", "-z", f"--format={FIELDS}"], cwd=repo.path, capture_output=True, check=True).stdout
    env = clean_env(PYTHONPATH=str(ROOT / "src"))
    out = {}
    for mode in ("cold", "warm"):
        p = subprocess.run([sys.executable, "-c", _JUDGE, mode], input=log, capture_output=True, env=env, cwd=repo.path)
        assert p.returncode == 0, p.stderr.decode()
        out[mode] = p.stdout
    assert out["warm"] == out["cold"] and b"Tally" in out["cold"]


_PARSER_SCRIPT = r"""
import fcntl, os, sys
from custlint.audit import warmup
from custlint.sources.git_log import widen_pipe

r, w = os.pipe()
widen_pipe(w)
if fcntl.fcntl(w, 1032) < warmup._LONG:  # F_GETPIPE_SZ: this system keeps pipes smaller
    print("small")
    sys.exit(0)
reader = os.fdopen(r, "rb")
os.write(w, b"0" * int(sys.argv[1]))
git = None
if sys.argv[2] == "running":  # a git still printing, as a process that has not ended
    import subprocess
    git = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
elif sys.argv[2] == "done":
    import subprocess
    git = subprocess.Popen([sys.executable, "-c", "pass"])
    git.wait()
print(warmup.warm(reader, git), warmup.waiting(reader), "markdown_it" in sys.modules)
if git is not None:
    git.kill()
"""


@pytest.mark.skipif(sys.platform != "linux", reason="F_GETPIPE_SZ is Linux's")
def test_a_long_history_waiting_in_git_s_pipe_has_the_parser_imported_once():
    """Where git has printed a long history before the workers are forked, or is still printing, the
    CommonMark parser is imported in the main process (once, not in every worker); where it has printed
    little and ended (a short history), it is not imported at all."""

    def run(n: int, git: str = "none") -> str:
        r = subprocess.run([sys.executable, "-c", _PARSER_SCRIPT, str(n), git], capture_output=True, text=True,
                           env=clean_env(PYTHONPATH=str(ROOT / "src")), check=True)
        return r.stdout.strip()

    from custlint.audit.warmup import _LONG

    long = run(_LONG, "done")
    if long == "small":
        pytest.skip("pipes here hold less than a long history's first bytes")
    assert long == f"1 {_LONG} True"
    assert run(4096, "running") == "1 4096 True"
    assert run(4096, "done") == "0 4096 False"
    assert run(4096) == "0 4096 False"

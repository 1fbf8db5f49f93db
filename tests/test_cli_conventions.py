"""The command-line conventions of ruff, flake8 and commitlint, the same on every linting command:
``commit-msg -``, --quiet, --statistics, --strict, --color (NO_COLOR, FORCE_COLOR, TERM=dumb),
the formats --help lists, ``rules`` by code, and code-exclude for the files pre-commit names."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, GOOD, clean_env, custlint

ESC = "\x1b["
LINTING = ("commit-msg", "commits", "pr", "tickets", "code", "prfaq")
WARN_ONLY = '[tool.custlint]\nselect = ["CP101"]\nseverity = { CP101 = "warning" }\n'


def _project(tmp_path: Path, config: str = "[tool.custlint]\n") -> Path:
    (tmp_path / "pyproject.toml").write_text(config)
    return tmp_path


def test_commit_msg_reads_stdin(tmp_path):
    cwd = _project(tmp_path)
    bad = custlint("commit-msg", "-", stdin=BAD, cwd=cwd)
    assert bad.code == 1
    assert "CP101" in bad.out and "commit stdin" in bad.out
    assert "read from stdin" in bad.err and "-F -" not in bad.err  # no file to reuse: the hint says so
    good = custlint("commit-msg", "-", stdin=GOOD, cwd=cwd)
    assert good.code == 0, good.out + good.err
    assert "1 commit message checked" in good.out
    doc = custlint("commit-msg", "-", "--format", "json", stdin=BAD, cwd=cwd).json()
    assert {f["subject"] for f in doc["findings"]} == {"stdin"} and {f["path"] for f in doc["findings"]} == {None}


def test_commit_msg_stdin_is_not_judged_as_the_merge_in_progress(repo):
    (repo.path / "pyproject.toml").write_text("[tool.custlint]\n")
    repo.commit(GOOD)
    (repo.path / ".git" / "MERGE_HEAD").write_text(repo.git("rev-parse", "HEAD") + "\n")
    piped = custlint("commit-msg", "-", stdin=BAD, cwd=repo.path)
    assert piped.code == 1 and "CP101" in piped.out  # the hook's own file would be exempt as a merge
    (repo.path / ".git" / "COMMIT_EDITMSG").write_text(BAD)
    hook = custlint("commit-msg", ".git/COMMIT_EDITMSG", cwd=repo.path)
    assert hook.code == 0 and "merge commit" in hook.out


def test_commit_msg_stdin_over_the_cap_is_one_line(tmp_path):
    big = "Subject\n\n" + "x" * (16 * 1024 * 1024 + 10)
    r = custlint("commit-msg", "-", stdin=big, cwd=_project(tmp_path))
    assert r.code == 2 and r.err.count("\n") == 1 and "stdin" in r.err and "16 MB" in r.err


def test_quiet_prints_nothing_on_success_and_only_findings_on_failure(tmp_path):
    cwd = _project(tmp_path)
    ok = custlint("commit-msg", "-", "--quiet", stdin=GOOD, cwd=cwd)
    assert (ok.code, ok.out, ok.err) == (0, "", "")
    empty = custlint("commit-msg", "-", "-q", stdin="# only a comment\n", cwd=cwd)
    assert (empty.code, empty.out, empty.err) == (0, "", "")
    loud = custlint("commit-msg", "-", stdin=BAD, cwd=cwd)
    bad = custlint("commit-msg", "-", "-q", stdin=BAD, cwd=cwd)
    assert bad.code == 1
    assert "CP101" in bad.out and "Found" not in bad.out and "Found 2 errors" in loud.out
    assert bad.out.strip() and loud.out.startswith(bad.out.rstrip("\n"))  # the same findings, nothing added
    machine = custlint("commit-msg", "-", "-q", "--format", "json", stdin=GOOD, cwd=cwd)
    assert machine.json()["summary"]["checked"] == 1  # a machine format is complete under --quiet


def test_quiet_silences_warnings_on_stderr(repo):
    (repo.path / "pyproject.toml").write_text("[tool.custlint]\n")
    repo.commit(GOOD)
    loud = custlint("commits", "HEAD", cwd=repo.path)
    quiet = custlint("commits", "HEAD", "-q", cwd=repo.path)
    assert loud.code == quiet.code == 0
    assert "All clear" in loud.out and quiet.out == "" and quiet.err == ""


def test_statistics_counts_per_rule(repo):
    (repo.path / "pyproject.toml").write_text("[tool.custlint]\n")
    for i in range(3):
        repo.commit(f"Change number {i}\n\nDoes things.\n")
    repo.commit(GOOD)
    full = custlint("commits", "HEAD", "--format", "json", cwd=repo.path).json()["findings"]
    expected: dict[str, int] = {}
    for f in full:
        expected[f["rule"]] = expected.get(f["rule"], 0) + 1
    r = custlint("commits", "HEAD", "--statistics", cwd=repo.path)
    assert r.code == 1
    rows = [line.split() for line in r.out.splitlines() if line[:1].strip() or line.startswith(" ")]
    table = {row[1]: int(row[0]) for row in rows if row and row[0].isdigit()}
    assert table == expected
    assert "4 commits checked" in r.out and "fix:" not in r.out
    js = custlint("commits", "HEAD", "--statistics", "--format", "json", cwd=repo.path).json()
    assert {row["code"]: row["count"] for row in js} == expected
    counts = [row["count"] for row in js]
    assert counts == sorted(counts, reverse=True)
    wrong = custlint("commits", "HEAD", "--statistics", "--format", "sarif", cwd=repo.path)
    assert wrong.code == 2 and wrong.err.count("\n") == 1 and "--statistics" in wrong.err


def test_strict_fails_on_warnings(tmp_path):
    cwd = _project(tmp_path, WARN_ONLY)
    normal = custlint("commit-msg", "-", stdin=BAD, cwd=cwd)
    assert normal.code == 0 and "warning CP101" in normal.out
    strict = custlint("commit-msg", "-", "--strict", stdin=BAD, cwd=cwd)
    assert strict.code == 1
    assert custlint("commit-msg", "-", "--strict", "--exit-zero", stdin=BAD, cwd=cwd).code == 0
    assert custlint("commit-msg", "-", "--strict", stdin=GOOD, cwd=cwd).code == 0


def _env(**extra: str) -> dict[str, str]:
    """A user's environment with none of the colour variables the test run may have, plus ``extra``."""
    env = {k: v for k, v in clean_env().items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    return {**env, **extra}


def _tty_run(args: list[str], cwd: Path, env: dict[str, str], stdin: str) -> str:
    """custlint with its stdout on a pseudo-terminal, as in a developer's shell; what it printed there."""
    leader, follower = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "custlint", *args], cwd=cwd, env=env, stdin=subprocess.PIPE,
                         stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    p.stdin.write(stdin.encode())
    p.stdin.close()
    chunks = []
    while True:
        try:
            block = os.read(leader, 65536)
        except OSError:  # the terminal closes with the process
            break
        if not block:
            break
        chunks.append(block)
    p.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode()


@pytest.mark.parametrize(
    ("flag", "env", "coloured"),
    [
        ([], {}, True),  # a terminal: colour
        ([], {"NO_COLOR": "1"}, False),
        ([], {"TERM": "dumb"}, False),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),  # NO_COLOR wins over FORCE_COLOR
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the flag wins over the environment
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        (["--color", "never"], {}, False),
    ],
)
def test_color_on_a_terminal(tmp_path, flag, env, coloured):
    out = _tty_run(["commit-msg", "-", *flag], _project(tmp_path), _env(**{"TERM": "xterm", **env}), BAD)
    assert "CP101" in out
    assert (ESC in out) is coloured


@pytest.mark.parametrize(
    ("flag", "env", "coloured"),
    [
        ([], {}, False),  # a pipe: no colour
        ([], {"FORCE_COLOR": "1"}, True),  # CI logs that render colour
        ([], {"FORCE_COLOR": "1", "TERM": "dumb"}, True),
        ([], {"FORCE_COLOR": "0"}, False),
        (["--color", "always"], {}, True),
        (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
        (["--color", "always", "--format", "json"], {}, False),  # machine output is never coloured
    ],
)
def test_color_on_a_pipe(tmp_path, flag, env, coloured):
    r = custlint("commit-msg", "-", *flag, stdin=BAD, cwd=_project(tmp_path), env=_env(**env))
    assert r.code == 1
    assert (ESC in r.out) is coloured


def test_color_into_a_file_only_when_always(tmp_path):
    cwd = _project(tmp_path)
    custlint("commit-msg", "-", "-o", "auto.txt", stdin=BAD, cwd=cwd, env=_env(FORCE_COLOR="1"))
    custlint("commit-msg", "-", "-o", "always.txt", "--color", "always", stdin=BAD, cwd=cwd, env=_env())
    assert ESC not in (cwd / "auto.txt").read_text() and ESC in (cwd / "always.txt").read_text()


@pytest.mark.parametrize("command", LINTING)
def test_every_linting_command_has_the_flags_and_formats_in_help(command):
    from custlint.reporters import FORMATS

    r = custlint(command, "--help")
    assert r.code == 0
    for flag in ("--quiet", "--statistics", "--strict", "--color", "--exit-zero", "--format"):
        assert flag in r.out, (command, flag)
    listed = r.out.replace("\n", " ")
    assert all(f" {fmt}," in listed or f" {fmt} " in listed for fmt in FORMATS), r.out


@pytest.mark.parametrize(
    "args",
    [
        ["--color", "rainbow"],
        ["--format", "safe-stream"],  # a helper module of the reporters, never a format
        ["--format", "audit-html"],
        ["--format", "yaml"],
    ],
)
def test_bad_values_are_one_line_exit_2(tmp_path, args):
    r = custlint("commit-msg", "-", *args, stdin=BAD, cwd=_project(tmp_path))
    assert r.code == 2 and r.out == "" and r.err.count("\n") == 1 and r.err.startswith("custlint: error:")


def test_formats_are_the_reporters_with_a_render():
    import importlib
    import pkgutil

    from custlint import reporters

    renderers = set()
    for m in pkgutil.iter_modules(reporters.__path__):
        module = importlib.import_module(f"custlint.reporters.{m.name}")
        if not m.name.startswith(("_", "audit")) and callable(getattr(module, "render", None)):
            renderers.add(m.name)
    assert renderers == set(reporters.FORMATS)


def test_rules_are_listed_by_code():
    text = custlint("rules")
    codes = [line.split()[0] for line in text.out.splitlines()[1:] if line[:2].isalpha() and line[2:5].isdigit()]
    assert len(codes) > 20 and codes == sorted(codes)
    js = [row["code"] for row in custlint("rules", "--format", "json").json()]
    assert js == sorted(js) == sorted(codes)


def test_code_exclude_applies_to_files_named_on_the_command_line(tmp_path):
    cwd = _project(tmp_path, '[tool.custlint]\ncode-exclude = ["migrations", "app/legacy", "*_pb2.py"]\n')
    for rel in ("migrations/0001_initial.py", "app/legacy/old.py", "app/api_pb2.py", "app/new.py",
                "app/migrations/0002.py"):
        (cwd / rel).parent.mkdir(parents=True, exist_ok=True)
        (cwd / rel).write_text("# TODO clean this up\n")
    named = ["migrations/0001_initial.py", "app/legacy/old.py", "app/api_pb2.py", "app/new.py"]
    r = custlint("code", *named, "--format", "json", cwd=cwd)  # as pre-commit calls the custlint-code hook
    doc = r.json()
    assert {f["path"] for f in doc["findings"]} == {"app/new.py"} and doc["summary"]["checked"] == 1
    folder = custlint("code", "app", "--format", "json", cwd=cwd).json()  # a folder inside the root: same globs
    assert {f["path"] for f in folder["findings"]} == {"app/new.py", "app/migrations/0002.py"}
    only_excluded = custlint("code", "migrations/0001_initial.py", cwd=cwd)
    assert only_excluded.code == 0 and "0 files checked" in only_excluded.out
    assert "skipped by code-exclude: migrations/0001_initial.py" in only_excluded.out


def test_code_exclude_is_relative_to_the_code_root(tmp_path):
    cwd = _project(tmp_path, '[tool.custlint]\ncode-root = "src"\ncode-exclude = ["gen"]\n')
    for rel in ("src/gen/a.py", "src/b.py", "gen/c.py"):
        (cwd / rel).parent.mkdir(parents=True, exist_ok=True)
        (cwd / rel).write_text("# TODO clean this up\n")
    doc = custlint("code", "src/gen/a.py", "src/b.py", "gen/c.py", "--format", "json", cwd=cwd).json()
    assert {f["path"] for f in doc["findings"]} == {"src/b.py", "gen/c.py"}  # gen/c.py is outside the code root


def test_statistics_under_github_actions_is_a_table_not_an_error(tmp_path):
    from runner_sim import commands

    cwd = _project(tmp_path)
    r = custlint("commit-msg", "-", "--statistics", stdin=BAD, cwd=cwd, env=clean_env(GITHUB_ACTIONS="true"))
    assert r.code == 1, r.err
    assert "CP101" in r.out and "Found 2 errors" in r.out
    # the runner takes nothing in it as a command: only the stop-commands pair custlint wraps the text in
    cmds = commands(r.out)
    assert [c.name for c in cmds] == ["stop-commands", cmds[0].data.lower()]
    explicit = custlint("commit-msg", "-", "--statistics", "--format", "github", stdin=BAD, cwd=cwd,
                        env=clean_env(GITHUB_ACTIONS="true"))
    assert explicit.code == 2 and "--statistics" in explicit.err

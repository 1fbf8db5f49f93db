"""custlint.sources.git, the one module that runs git: opening a repository, a command to text,
a streamed process, a fed stdin, and ending a process nobody reads; on real repositories."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, GitRepo, clean_env
from custlint.errors import UserError
from custlint.sources import git


@pytest.fixture
def two(repo: GitRepo) -> tuple[GitRepo, str, str]:
    first = repo.commit("First\n\nRefs SHOP-1\n")
    second = repo.commit("Second\n")
    repo.git("tag", "v1", first)
    return repo, first, second


def test_open_repo_finds_the_work_tree_from_a_subfolder(two):
    repo, _, _ = two
    sub = repo.path / "a" / "b"
    sub.mkdir(parents=True)
    r = git.open_repo(str(sub))
    assert Path(git.work_tree(r)).resolve() == repo.path.resolve()
    assert Path(git.git_dir(r)).resolve() == (repo.path / ".git").resolve()
    assert git.is_shallow(r) is False


def test_open_repo_outside_a_repository_says_so(tmp_path):
    with pytest.raises(UserError) as e:
        git.open_repo(str(tmp_path))
    assert str(e.value) == (f"not a git repository: {tmp_path}; run custlint inside a git work tree or pass --repo")
    with pytest.raises(UserError, match="not a git repository: .*missing"):
        git.open_repo(str(tmp_path / "missing"))


def test_git_finds_what_gitpython_finds_or_leaves_it_to_gitpython(two, tmp_path):
    """A work tree (from its top or a subfolder), a linked work tree and a bare repository are found by
    ``git rev-parse`` with the folders GitPython's Repo gives; a folder inside a git folder is left to
    GitPython (git.find is None there), which open_repo then asks."""
    import git as gitpython

    repo, _, _ = two
    sub = repo.path / "a" / "b"
    sub.mkdir(parents=True)
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "--detach", str(linked))
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo.path), str(bare)], check=True, env=clean_env())
    for where in (repo.path, sub, linked, bare):
        found = git.find(str(where))
        assert isinstance(found, git.Found), where
        theirs = gitpython.Repo(str(where), search_parent_directories=True)
        assert Path(found.git_dir).resolve() == Path(theirs.git_dir).resolve(), where
        assert (found.working_tree_dir is None) == (theirs.working_tree_dir is None), where
        if found.working_tree_dir is not None:
            assert Path(found.working_tree_dir).resolve() == Path(theirs.working_tree_dir).resolve(), where
        assert Path(found.working_dir).resolve() == Path(theirs.working_dir).resolve(), where
        assert git.open_repo(str(where)).__class__ is git.Found
        assert git.run(found, "rev-parse", "HEAD") == theirs.head.commit.hexsha + "\n"
    inside = repo.path / ".git" / "objects"
    assert git.find(str(inside)) is None and git.find(str(tmp_path / "missing")) is None
    assert not isinstance(git.open_repo(str(inside)), git.Found)  # GitPython's answer


def test_run_returns_text_and_failures_carry_gits_last_line(two):
    repo, first, second = two
    r = git.open_repo(str(repo.path))
    assert git.run(r, "rev-parse", "HEAD") == second + "\n"  # stdout as git wrote it
    assert git.run(r, "rev-parse", "v1") == first + "\n"
    with pytest.raises(git.GitFailed) as e:
        git.run(r, "rev-parse", "--verify", "no-such-rev")
    assert e.value.status != 0 and str(e.value) == "fatal: Needed a single revision"
    with pytest.raises(git.GitFailed) as e:
        git.run(r, "rev-parse", "--verify", "--quiet", "no-such-rev")
    assert str(e.value) == f"exit {e.value.status}"  # nothing on stderr: the exit code
    assert git.run(r, "rev-parse", "--verify", "--quiet", "no-such-rev", check=False) == ""


def test_run_feeds_stdin(two):
    repo, first, _ = two
    out = git.run(git.open_repo(str(repo.path)), "cat-file", "--batch-check=%(objectname) %(objecttype)",
                  input="v1^{commit}\nnope\n")
    assert out.splitlines() == [f"{first} commit", "nope missing"]


def test_the_runner_of_one_repository(two):
    repo, first, second = two
    g = git.Git(git.open_repo(str(repo.path)))
    assert g.run("rev-list", "HEAD").split() == [second, first]
    p = g.start("rev-list", "--stdin", stdin=True)
    p.stdin.write(f"{second}\n^{first}\n".encode())
    p.stdin.close()
    assert p.stdout.read().split() == [second.encode()]
    p.stdout.close()
    assert git.last_error(p) == (0, "")


def test_start_streams_stdout_and_reports_how_git_ended(two):
    repo, first, second = two
    r = git.open_repo(str(repo.path))
    p = git.start(r, "log", "-z", "--format=%H", "HEAD")
    assert p.proc is p  # the process itself, for callers written against GitPython's wrapper
    records = p.stdout.read().split(b"\x00")
    p.stdout.close()
    assert [x.strip() for x in records if x.strip()] == [second.encode(), first.encode()]
    assert git.last_error(p) == (0, "")
    bad = git.start(r, "log", "no-such-rev", "--")
    bad.stdout.read()
    bad.stdout.close()
    assert git.last_error(bad) == (128, "fatal: bad revision 'no-such-rev'")


def test_stop_ends_a_process_nobody_reads(two):
    repo, _, _ = two
    p = git.start(git.open_repo(str(repo.path)), "cat-file", "--batch", stdin=True)  # waits for stdin forever
    git.stop(p)
    assert p.returncode is not None and p.stdout.closed and p.stderr.closed
    p.stdin.close()


def test_a_dropped_process_is_ended_not_left_running(two):
    repo, _, _ = two
    p = git.start(git.open_repo(str(repo.path)), "cat-file", "--batch", stdin=True)
    pid = p.pid
    del p  # as an iterator that stops reading drops it
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already ended and reaped


def test_git_runs_in_the_work_tree_in_plain_english_with_the_configured_binary(two, tmp_path):
    """GIT_PYTHON_GIT_EXECUTABLE names the binary (a wrapper here) and LC_ALL=C its language, for
    every shape: text, a stream, a fed stdin."""
    repo, _, _ = two
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "git-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho "$LC_ALL|$LANGUAGE|$(pwd)|$@" >> "{log}"\nexec git "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    code = ("import sys\nfrom custlint.sources import git\nr = git.open_repo(sys.argv[1])\n"
            "git.run(r, 'rev-parse', 'HEAD')\np = git.start(r, 'log', '-1')\np.stdout.read(); p.stdout.close(); p.wait()\n"
            "git.run(r, 'cat-file', '--batch-check', input='HEAD\\n')\n")
    sub = repo.path / "sub"
    sub.mkdir()
    p = subprocess.run([sys.executable, "-c", code, str(sub)], cwd=tmp_path, capture_output=True, text=True,
                       env=clean_env(GIT_PYTHON_GIT_EXECUTABLE=str(wrapper), LC_ALL="de_DE.UTF-8"))
    assert p.returncode == 0, p.stderr
    calls = log.read_text().splitlines()
    # the first finds the repository (from the folder given), the others run in its work tree
    assert [c.split("|")[3].split()[0] for c in calls] == ["rev-parse", "rev-parse", "log", "cat-file"]
    assert calls[0].split("|")[3].split()[1:] == ["--absolute-git-dir", "--is-bare-repository", "--show-toplevel"]
    for i, c in enumerate(calls):
        lc_all, language, cwd, _ = c.split("|")
        assert (lc_all, language) == ("C", "C") and Path(cwd).resolve() == (sub if i == 0 else repo.path).resolve()


def test_no_module_but_sources_git_starts_git():
    """One way to run git: no subprocess, GitPython runner or git binary lookup anywhere else. The one
    other subprocess is accel.py's, which runs mypyc (``custlint compile``) and never git."""
    src = ROOT / "src" / "custlint"
    pattern = re.compile(r"\bsubprocess\b|\.git\.execute\b|GIT_PYTHON_GIT_EXECUTABLE|\b_exe\(|^\s*import git\b|os\.system|os\.popen",
                         re.MULTILINE)
    offenders = sorted(str(f.relative_to(src)) for f in src.rglob("*.py")
                       if f not in (src / "sources" / "git.py", src / "accel.py")
                       and pattern.search(f.read_text(encoding="utf-8")))
    assert offenders == []
    accel = (src / "accel.py").read_text(encoding="utf-8")
    assert accel.count("subprocess.run(") == 1
    assert re.search(r'subprocess\.run\(\s*(?:#[^\n]*\n\s*)*\[sys\.executable, "-m", "mypyc", [^\]]*\*files\]', accel)

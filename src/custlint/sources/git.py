"""Running git: the one module that opens a repository and starts git processes.

Everything custlint asks git goes through here, in one of three shapes:

- :func:`run`: a command whose output is text (``rev-parse``, ``for-each-ref``, a ``cat-file
  --batch-check`` fed on stdin), raising :class:`GitFailed` when git exits non-zero;
- :func:`start`: a process whose stdout is a pipe to stream (``git log -z`` into the audit's
  workers, the ``rev-list`` walks), optionally with a stdin pipe to feed it;
- :func:`stop`: end a started process that will not be read.

The repository is found by git itself where it is a work tree or a bare repository (``git
rev-parse``, :class:`Found`: a few milliseconds, where importing GitPython took 35-45 before an
audit's ``git log`` could start), and with GitPython (imported only then) in any other layout, or
to say there is none. Either way custlint knows the work tree, the git folder and the git binary
(``GIT_PYTHON_GIT_EXECUTABLE``, else ``git``). The processes themselves are started the way
GitPython starts them, so their output is the same: in the work tree, stdin from /dev/null unless
fed, ``LANGUAGE=C LC_ALL=C`` so git speaks plain English, stderr captured.
"""

from __future__ import annotations

import os
import subprocess


class GitFailed(Exception):
    """git exited non-zero; ``str()`` is the last line git wrote on stderr (else ``exit N``)."""

    def __init__(self, args: tuple[str, ...], status: int, stderr: str) -> None:
        lines = stderr.strip().splitlines()
        super().__init__(lines[-1] if lines else f"exit {status}")
        self.command = args
        self.status = status
        self.stderr = stderr


def absolute_git_dir(cwd: str | None = None) -> str | None:
    """``git rev-parse --absolute-git-dir`` without opening the repository (no GitPython): the
    commit-msg hook's last resort when neither the message file's folder nor ``GIT_DIR`` tells."""
    try:
        p = subprocess.run(
            ["git", "rev-parse", "--absolute-git-dir"],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=10,
            cwd=cwd,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    out = p.stdout.strip()
    return out if p.returncode == 0 and out and "\n" not in out else None


class Found:
    """A repository as ``git rev-parse`` finds it: what custlint reads of a GitPython ``Repo`` (its
    git folder, its work tree, the folder git runs in) and the git binary."""

    __slots__ = ("git_dir", "working_tree_dir", "working_dir", "exe")

    def __init__(self, git_dir: str, working_tree_dir: str | None, exe: str) -> None:
        self.git_dir = git_dir
        self.working_tree_dir = working_tree_dir
        self.working_dir = working_tree_dir or git_dir  # as GitPython's: a bare repository runs in its folder
        self.exe = exe


def _executable() -> str:
    """The git binary, as GitPython picks it: ``GIT_PYTHON_GIT_EXECUTABLE``, else ``git``."""
    return os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git"


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment git runs in: this one, but for the language of its messages (plain English)."""
    env = os.environ.copy()
    env["LANGUAGE"] = "C"
    env["LC_ALL"] = "C"
    env.update(extra or {})
    return env


def find(path: str) -> Found | None:
    """The work tree or bare repository at or above ``path``, as git finds it; None for anything
    else (no repository, a folder inside a git folder, an answer of an unusual shape)."""
    exe = _executable()
    try:
        p = subprocess.run(
            [exe, "rev-parse", "--absolute-git-dir", "--is-bare-repository", "--show-toplevel"],
            cwd=path,
            env=_env(),
            capture_output=True,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
    lines = p.stdout.decode("utf-8", "surrogateescape").split("\n")
    if p.returncode == 0 and len(lines) == 4 and lines[1] == "false" and lines[0] and lines[2] and not lines[3]:
        return Found(lines[0], lines[2], exe)  # a work tree
    if len(lines) == 3 and lines[1] == "true" and lines[0] and not lines[2]:
        return Found(lines[0], None, exe)  # bare: git refused --show-toplevel, having printed the rest
    return None


def open_repo(path: str | None = None):
    """The repository at or above ``path`` (default: the working directory); a UserError when there is none."""
    found = find(path or os.getcwd())
    if found is not None:
        return found
    import git  # GitPython: only where git's own answer was not a plain work tree or bare repository

    from custlint.errors import UserError

    try:
        return git.Repo(path or os.getcwd(), search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise UserError(
            f"not a git repository: {path or os.getcwd()}; run custlint inside a git work tree or pass --repo"
        ) from None


def git_dir(repo) -> str:
    """The repository's git folder (``.git``, or ``.git/worktrees/NAME`` in a linked work tree)."""
    return repo.git_dir


def work_tree(repo) -> str | None:
    """The repository's work tree, None for a bare repository."""
    return repo.working_tree_dir


def is_shallow(repo) -> bool:
    return os.path.exists(os.path.join(repo.git_dir, "shallow"))


class Process(subprocess.Popen):
    """A started git process. Dropped unread, it is ended (as GitPython's processes are), so an
    iterator that stops reading leaves no git behind. ``.proc`` is the process itself, for the
    callers that were written against GitPython's wrapper."""

    _owner = 0

    @property
    def proc(self) -> Process:
        return self

    def __del__(self) -> None:
        try:
            if self._owner == os.getpid():  # never from a forked worker: the process is its parent's
                running = True
                try:
                    if self.stdin:
                        self.stdin.close()
                    running = self.poll() is None
                    if running:
                        self.terminate()
                finally:
                    for s in (self.stdout, self.stderr):
                        if s is not None:
                            s.close()
                if running:
                    self.wait()
        except Exception:  # noqa: BLE001 - a finaliser (maybe at interpreter exit) must not raise
            pass
        super().__del__()


class Git:
    """The git of one repository: its binary, run in its work tree. Every git process starts here."""

    __slots__ = ("repo", "exe", "cwd")

    def __init__(self, repo) -> None:
        self.repo = repo
        self.exe = repo.exe if isinstance(repo, Found) else (repo.git.GIT_PYTHON_GIT_EXECUTABLE or "git")
        cwd = repo.working_dir or os.getcwd()
        self.cwd = cwd if os.access(str(cwd), os.X_OK) else None

    def _spawn(self, args: tuple[str, ...], stdin, cls=subprocess.Popen, extra_env: dict[str, str] | None = None):
        return cls(
            [self.exe, *args],
            cwd=self.cwd,
            env=_env(extra_env),
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def run(
        self,
        *args: str,
        input: str | None = None,
        check: bool = True,
        errors: str = "surrogateescape",
        env: dict[str, str] | None = None,
    ) -> str:
        """git's stdout as text (UTF-8, bad bytes per ``errors``); ``input`` is written to its stdin;
        ``env`` adds variables (``GIT_TERMINAL_PROMPT=0`` for a fetch). A non-zero exit raises
        :class:`GitFailed`, unless ``check`` is false."""
        p = self._spawn(args, subprocess.PIPE if input is not None else subprocess.DEVNULL, extra_env=env)
        return output(p, args, input.encode("utf-8", errors) if input is not None else None, check=check, errors=errors)

    def start(self, *args: str, stdin: bool = False) -> Process:
        """A running git whose stdout (and stderr) are pipes of bytes; ``stdin=True`` gives it a
        stdin pipe to feed (close it to let git finish)."""
        p = self._spawn(args, subprocess.PIPE if stdin else subprocess.DEVNULL, Process)
        p._owner = os.getpid()
        return p


def output(
    p: subprocess.Popen,
    args: tuple[str, ...],
    input: bytes | None = None,
    *,
    check: bool = True,
    errors: str = "surrogateescape",
) -> str:
    """What the git ``p`` (started with ``args``) printed, once it has ended: its stdout as text (UTF-8,
    bad bytes per ``errors``), ``input`` written to its stdin first. A non-zero exit raises
    :class:`GitFailed`, unless ``check`` is false (:meth:`Git.run`, and a git started ahead of reading it)."""
    out, err = p.communicate(input)
    if check and p.returncode:
        raise GitFailed(args, p.returncode, err.decode("utf-8", "replace"))
    return out.decode("utf-8", errors)


def run(
    repo,
    *args: str,
    input: str | None = None,
    check: bool = True,
    errors: str = "surrogateescape",
    env: dict[str, str] | None = None,
) -> str:
    """:meth:`Git.run` in ``repo``."""
    return Git(repo).run(*args, input=input, check=check, errors=errors, env=env)


def fetch_commit(repo, remote: str, what: str) -> bool:
    """``git fetch`` of one commit or ref from ``remote`` into the object store only: no checkout,
    no ref, no FETCH_HEAD, no tags, never a prompt for credentials. True when git succeeded."""
    try:
        run(
            repo,
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            "--no-recurse-submodules",
            "--end-of-options",
            remote,
            what,
            env={"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"},
        )
        return True
    except GitFailed:
        return False


def start(repo, *args: str, stdin: bool = False) -> Process:
    """:meth:`Git.start` in ``repo``."""
    return Git(repo).start(*args, stdin=stdin)


def stop(proc: Process) -> None:
    """End a git from :func:`start` that will not be read (an error before its output was wanted)."""
    try:
        proc.kill()
        proc.wait()
    except OSError:
        pass
    for s in (proc.stdout, proc.stderr):
        if s is not None:
            s.close()


def last_error(proc: Process) -> tuple[int, str]:
    """Wait for a started git whose stdout has been read and closed: its exit code and the last
    line it wrote on stderr ('' when none)."""
    code = proc.wait()
    err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
    return code, (err.splitlines()[-1] if err else "")

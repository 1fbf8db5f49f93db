"""The commit message file git hands the commit-msg hook, and the state git is in as it runs it.

git runs the hook with ``$GIT_DIR/COMMIT_EDITMSG`` (``git commit``) or ``$GIT_DIR/MERGE_MSG``
(``git merge``, ``git pull``); a worktree's git dir is ``.git/worktrees/<name>``. While a merge is
being committed -- ``git merge --no-ff``, ``git pull --no-rebase``, or a conflicted merge finished
with ``git commit`` -- that git dir holds ``MERGE_HEAD``, and the commit being made is a merge.
The git dir is found without starting git: the message file's folder when it holds ``HEAD``,
else ``$GIT_DIR``; only a message file outside any git dir, with no ``$GIT_DIR``, asks
``git rev-parse`` (a file passed by hand, never the hook's own).
"""

from __future__ import annotations

import os
from pathlib import Path

from custlint.core.files import read_regular, shown
from custlint.document.message import commit_document
from custlint.document.model import Document
from custlint.errors import UserError


def read_text(path: str) -> tuple[str, list[str]]:
    """The file's text (``-``: standard input), decoded leniently, and notes on what had to be
    repaired. Never writes."""
    if path == "-":
        import sys

        from custlint.core.files import read_stream

        try:
            data = read_stream(sys.stdin.buffer)
        except OSError as exc:
            raise UserError(f"cannot read the commit message from stdin: {exc.strerror or exc}") from None
        path = "stdin"
        return _decode(data, path)
    p = Path(path)
    try:
        data = read_regular(p)
    except FileNotFoundError:
        raise UserError(
            f"message file not found: {shown(path)}; git passes it as the hook's one argument (.git/COMMIT_EDITMSG)"
        ) from None
    except IsADirectoryError:
        raise UserError(f"{shown(path)} is a directory; pass the commit message file") from None
    except OSError as exc:
        raise UserError(f"cannot read message file {shown(path)}: {exc.strerror or exc}") from None
    return _decode(data, path)


def _decode(data: bytes, path: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
        notes.append(f"{shown(path)}: NUL bytes in the message were ignored")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        notes.append(f"{shown(path)}: the message is not valid UTF-8; undecodable bytes were read as U+FFFD")
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def _is_git_dir(folder: str) -> bool:
    """``folder`` is a git dir: it holds HEAD, and objects (a repository's) or commondir (a worktree's)."""
    return os.path.isfile(os.path.join(folder, "HEAD")) and (
        os.path.isdir(os.path.join(folder, "objects")) or os.path.isfile(os.path.join(folder, "commondir"))
    )


def git_dir_of(path: str) -> str | None:
    """The git dir the commit being written belongs to, or None outside any repository."""
    folder = os.path.dirname(os.path.abspath(path))
    if _is_git_dir(folder):
        return folder
    from custlint.sources.ci_env import current

    env = current().git_dir
    if env:
        return env if os.path.isdir(env) else None
    from custlint.sources.git import absolute_git_dir  # the last resort, never reached from git's own hook call

    return absolute_git_dir()


def git_state(git_dir: str | None) -> str:
    """``"merge"`` while git is committing a merge (``MERGE_HEAD`` exists), else ``""``.

    A revert (``REVERT_HEAD``) is told by its ``Revert "..."`` subject like any other; a
    cherry-pick (``CHERRY_PICK_HEAD``), ``--amend`` or a ``rebase -i`` reword writes a new commit
    message, judged as any commit's."""
    if git_dir and os.path.isfile(os.path.join(git_dir, "MERGE_HEAD")):
        return "merge"
    return ""


def read_message(path: str, comment_char: str = "#") -> tuple[Document, list[str]]:
    """The message file as a commit document. ``-`` reads standard input: a message piped in by
    hand or by an editor is no commit git is making, so git's state (a merge in progress) is not
    asked, and the document is named ``stdin``."""
    text, notes = read_text(path)
    if path == "-":
        return commit_document(text, subject="stdin", path="", comment_char=comment_char), notes
    doc = commit_document(text, subject=path, path=path, comment_char=comment_char)
    git_dir = git_dir_of(path)
    state = git_state(git_dir)
    if state:
        doc.extra["git_state"] = state
    if git_dir:
        doc.extra["git_dir"] = git_dir  # its HEAD names the branch (read only for ticket-from-branch)
    return doc, notes

"""The commit message file git hands the commit-msg hook."""

from __future__ import annotations

from pathlib import Path

from custlint.document.message import commit_document
from custlint.document.model import Document
from custlint.errors import UserError


def read_text(path: str) -> tuple[str, list[str]]:
    """The file's text, decoded leniently, and notes on what had to be repaired. Never writes."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise UserError(f"message file not found: {path}; git passes it as the hook's one argument (.git/COMMIT_EDITMSG)") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a directory; pass the commit message file") from None
    except OSError as exc:
        raise UserError(f"cannot read message file {path}: {exc.strerror or exc}") from None
    notes: list[str] = []
    if b"\x00" in data:
        data = data.replace(b"\x00", b"")
        notes.append(f"{path}: NUL bytes in the message were ignored")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        notes.append(f"{path}: the message is not valid UTF-8; undecodable bytes were read as U+FFFD")
    return text.replace("\r\n", "\n").replace("\r", "\n"), notes


def read_message(path: str, comment_char: str = "#") -> tuple[Document, list[str]]:
    text, notes = read_text(path)
    return commit_document(text, subject=path, path=path, comment_char=comment_char), notes

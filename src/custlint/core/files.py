"""Reading an input file safely: a regular file only, and never more than a cap.

A FIFO, a device or a socket (``/dev/zero`` behind a committed symlink, a named pipe given as
the message file) would hang a read or exhaust memory; a file over the cap is no commit message,
description, payload, ticket or pack anyone wrote. Both are an :class:`OSError` whose
``strerror`` says so in words, which the callers' existing "cannot read ..." messages show; a
folder is :class:`IsADirectoryError`, as a plain ``open`` gives it.
"""

from __future__ import annotations

import errno
import os
import stat

MAX_BYTES = 16 * 1024 * 1024  # the largest input file read: far above GitHub's 64 KB PR body and any ticket


def read_regular(path: str | os.PathLike, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)  # O_NONBLOCK: opening a FIFO with no writer returns at once
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", str(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, a FIFO or a socket); pass a file", str(path))
        chunks: list[bytes] = []
        total = 0
        while True:
            block = os.read(fd, min(1 << 20, limit + 1 - total))
            if not block:
                return b"".join(chunks)
            chunks.append(block)
            total += len(block)
            if total > limit:
                raise OSError(
                    errno.EFBIG,
                    f"larger than {limit // (1024 * 1024)} MB, more than any text custlint reads",
                    str(path),
                )
    finally:
        os.close(fd)


def read_stream(stream, limit: int = MAX_BYTES) -> bytes:
    """At most ``limit`` bytes of an open binary stream (stdin for ``--body-file -``)."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise OSError(errno.EFBIG, f"larger than {limit // (1024 * 1024)} MB, more than any text custlint reads")
    return data


# -- file names as custlint prints them ---------------------------------------------------------

_QUOTE = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}


def shown(path: str | os.PathLike) -> str:
    """A file name as custlint prints it: as it is when every character is printable, else in
    double quotes with C escapes (``"a\\nb.md"``, like git's ``core.quotePath``). git allows a line
    feed in a file name; printed raw it would start a line of its own, which reads as another
    warning or finding. A byte that is no UTF-8 (``surrogateescape``) is shown as ``\\xff``."""
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    if text.isprintable() and '"' not in text[:1]:
        return text
    out = []
    for c in text:
        if c in _QUOTE:
            out.append(_QUOTE[c])
        elif "\udc80" <= c <= "\udcff":
            out.append(f"\\x{ord(c) - 0xDC00:02x}")
        elif c.isprintable() or c == " ":
            out.append(c)
        else:
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
    return '"' + "".join(out) + '"'

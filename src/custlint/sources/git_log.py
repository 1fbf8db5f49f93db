"""The history audit's ``git log -z`` stream, read as bytes: the command, chunks cut at record
boundaries, the records and their fields. (:mod:`custlint.sources.git_history` reads commits for
the other commands, decoded one by one.)

A record is one commit: the fields of :data:`FIELDS` separated by US (0x1f), the message last,
ended by NUL (``-z``). With ``names`` (``--name-only``) a record starts with RS (0x1e), and the
names of the files it touches follow its message, each ended by NUL. Fields stay bytes until one
is needed: 0x1f is ASCII, so cutting a record there decodes each field exactly as the whole
record would decode, and a commit whose result is known needs none of its text decoded.
"""

from __future__ import annotations

from custlint.sources.git_history import RawCommit, history_document

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO

    from custlint.document.model import Document

CHUNK = 1 << 18  # bytes of git output per chunk
# %ct first so that SHA, parents and commit time are read without decoding the message; the author
# as recorded (%an, %ae: what the rules judge, as every other command reads it) and as .mailmap maps
# it (%aN, %aE: whom the audit counts)
FIELDS = "%H%x1f%P%x1f%ct%x1f%an%x1f%ae%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%B"
# the same records with the two dates empty: no rule of custlint's reads a commit's dates, and git spends
# a fifth of a plain log's instructions writing them as ISO 8601 (2.88 against 2.38 billion for curl)
NO_DATES = FIELDS.replace("%aI%x1f%cI", "%x1f")


def log_args(
    revs: list[str], *, since: str | None, paths: list[str], names: bool, topo: bool, dates: bool = True
) -> list[str]:
    """``git log`` arguments for :data:`FIELDS` records of ``revs`` (``--name-only`` with ``names``);
    without ``dates``, :data:`NO_DATES` records (the author and commit dates empty)."""
    fmt = ("%x1e" if names else "") + (FIELDS if dates else NO_DATES)
    args = ["log", "-z", f"--format={fmt}", "--encoding=UTF-8"]
    if topo:
        args.append("--topo-order")
    if names:
        args.append("--name-only")
    if since:
        args.append(f"--since={since}")
    return [*args, "--end-of-options", *revs, "--", *paths]


def start(repo, args: list[str]):
    """Start ``git log`` (:func:`log_args`): it may walk the whole history before its first line
    (``--topo-order`` without a commit-graph), so the audit starts it before it imports the judgement,
    builds the engine and forks the workers."""
    from custlint.sources import git

    proc = git.start(repo, *args)
    out = proc.proc.stdout
    assert out is not None  # git.start always pipes stdout
    widen_pipe(out.fileno())  # git writes ahead while the audit cuts and dispatches a chunk
    return proc


def stop(proc) -> None:
    """End a git started by :func:`start` that will not be read (an error before the audit)."""
    from custlint.sources import git

    git.stop(proc)


def widen_pipe(fd: int) -> None:
    """Let the pipe ``fd`` hold 1 MB: it holds 64 KB by default, so its writer would wait for every
    read. Linux only; elsewhere (or when refused) no matter."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def chunks(stream: BinaryIO, names: bool) -> Iterator[bytes]:
    """Git's output in chunks of about :data:`CHUNK` bytes, each ending on a record boundary."""
    sep = b"\x00\x1e" if names else b"\x00"
    buf = b""
    while True:
        block = stream.read(CHUNK)
        if not block:
            break
        buf += block
        cut = buf.rfind(sep)
        if cut < 0:
            continue
        yield buf[: cut + 1]
        buf = buf[cut + 1 :]
    if buf.strip(b"\x00\n\x1e"):
        yield buf


def records(chunk: bytes, names: bool) -> list[bytes]:
    """The commit records of a chunk (whoever reads a chunk cuts it the same way)."""
    if names:
        return [r for r in chunk.lstrip(b"\x1e").split(b"\x00\x1e") if r.strip(b"\n\x00")]
    # a record that starts with a byte other than a newline holds more than newlines: kept without the
    # copy strip() makes of it (every record starts with its SHA)
    return [r for r in chunk.split(b"\x00") if r and (r[0] != 10 or r.strip(b"\n"))]


def head(rec: bytes, names: bool) -> tuple[bytes, list[bytes], bytes]:
    """``(sha, parent shas, commit time)`` of a record, as bytes (hex SHAs, unix seconds), without
    copying the rest of it. In a SHA-1 repository the fields are cut at their known widths (40 hex
    digits each, then a space or US), byte by byte: the audit's main process reads every record's
    head, and three ``bytes.index`` calls and a ``split`` cost ten times as much."""
    if names or rec[:1] == b"\n":
        rec = rec.lstrip(b"\n")
    n = len(rec)
    sha = rec[:40]
    if n > 41 and rec[40] == 31 and sha.isalnum():  # 40 hex digits, then US: a SHA-1 (a SHA-256 has 64)
        parents: list[bytes] = []
        at = 41
        while at < n and rec[at] != 31:
            end = at + 40
            part = rec[at:end]
            if end >= n or (rec[end] != 32 and rec[end] != 31) or not part.isalnum():
                break  # not a parent of 40 digits and letters: cut as below
            parents.append(part)
            at = end + 1 if rec[end] == 32 else end
        else:
            stop = at + 1
            while stop < n and rec[stop] != 31:
                stop += 1
            if stop < n:
                return sha, parents, rec[at + 1 : stop]
    first = rec.index(b"\x1f")
    end = rec.index(b"\x1f", first + 1)
    return rec[:first], rec[first + 1 : end].split(), rec[end + 1 : rec.index(b"\x1f", end + 1)]


def heads(recs: list[bytes], names: bool) -> list[tuple[bytes, list[bytes], bytes]]:
    """:func:`head` of each record (compiled, a call to it costs next to nothing)."""
    return [head(rec, names) for rec in recs]


def fields(rec: bytes, names: bool) -> tuple[bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes, list[bytes]]:
    """``(sha, parents, commit time, author name, author email, mailmapped name, mailmapped email,
    rest, files)`` of a record, as bytes: ``parents`` space-separated, ``rest`` the dates and the
    message (:func:`details`), ``files`` the names ``--name-only`` listed (empty without ``names``)."""
    files: list[bytes] = []
    if names:
        rec, _, listed = rec.partition(b"\x00")
        files = [f for f in listed.lstrip(b"\n").split(b"\x00") if f]
    if rec[:1] == b"\n":
        rec = rec[1:]
    sha, parents, stamp, author, email, mapped, mapped_email, rest = rec.split(b"\x1f", 7)
    return sha, parents, stamp, author, email, mapped, mapped_email, rest, files


def details(rest: bytes) -> tuple[bytes, bytes, bytes]:
    """``(author date, commit date, message)`` of a record's ``rest`` (ISO 8601 dates)."""
    authored, committed, message = rest.split(b"\x1f", 2)
    return authored, committed, message


def text(field: bytes) -> str:
    """A field as text: UTF-8 (git re-encodes to it), undecodable bytes replaced."""
    return field.decode("utf-8", "replace")


def raw_commit(
    sha: bytes, parents: bytes, author: str, email: str, authored: bytes, committed: bytes, message: bytes
) -> RawCommit:
    """The commit of a record's fields (``author`` and ``email`` already as :func:`text`)."""
    return RawCommit(
        sha.decode("utf-8", "replace"),
        parents.decode("utf-8", "replace").split(),
        author,
        email,
        authored.decode("utf-8", "replace"),
        committed.decode("utf-8", "replace"),
        message.decode("utf-8", "replace"),
    )


def document(sha: bytes, parents: bytes, author: str, email: str, rest: bytes) -> Document:
    """``to_document(raw_commit(sha, parents, author, email, *details(rest)))`` of a record's fields,
    without the :class:`RawCommit`: ``rest`` is decoded at once and cut at 0x1f, the same text as its
    three fields decoded one by one (0x1f is ASCII), and the parents (hex SHAs and spaces) are
    counted as bytes: as many as decoded."""
    authored, committed, message = rest.decode("utf-8", "replace").split("\x1f", 2)
    return history_document(
        sha.decode("utf-8", "replace"), len(parents.split()), author, email, authored, committed, message
    )

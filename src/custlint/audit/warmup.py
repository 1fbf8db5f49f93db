"""What every worker would do once, done once in the main process before the workers are forked.

A worker's first commits cost it the lazy imports of the judging path (the checks, markdown-it and
what it imports) and the compiling of the patterns it meets: 50-100 ms of CPU per worker, paid
again in every one of them. Forked after the main process has done it, they inherit the modules and
the compiled patterns.

The main process does it only while it would wait anyway: ``git log --topo-order`` walks the whole
history before its first line, half a second for 100,000 commits (an audit with release tags of a
range, dates or paths; a whole history is read in git's own order, :mod:`custlint.audit.reorder`,
and git prints at once).
Between steps it asks whether git has printed anything; once it has, it stops, and the workers do
the rest as they always did. The warm-up changes no verdict: it judges a few commit messages of
its own with the audit's own judgement (filling only the caches that judgement keeps, which hold
the same for any text) and throws the result away.
"""

from __future__ import annotations

import select
from array import array

from custlint.audit import worker
from custlint.core import lazyre

# commits of the kinds a history holds, so that the judgement's lazy imports and patterns are met:
# a bare subject, a fix with a body and trailers, a body with Markdown structure, a done claim
SAMPLES = (
    "Update README",
    "fix: checkout times out for shoppers on slow networks\n\nShoppers on mobile networks saw the pay "
    "button spin for 30 seconds.\nCustomer impact: 2,300 orders failed last week.\n\nFixes #12\n"
    "Signed-off-by: Ann <ann@example.com>\n",
    "feat: export invoices\n\n## Customer problem\n\nAccountants cannot export invoices.\n\n## KPI\n\n"
    "- Exports per week from 0 to 500 within 8 weeks\n- [x] done\n\nCloses ACME-42\n",
    'Revert "Add the cache"\n\nThis reverts commit 0123456789abcdef0123456789abcdef01234567.\n',
)


def _chunk() -> tuple[bytes, bytes]:
    """The samples as the audit's ``git log`` records (:data:`custlint.sources.git_log.FIELDS`), and their annotations."""
    recs = []
    for i, text in enumerate(SAMPLES):
        sha, parent = b"%040x" % (i + 1), b"%040x" % (i + 2)
        recs.append(
            b"\x1f".join(
                (
                    sha,
                    parent,
                    b"1700000000",
                    b"Ann",
                    b"ann@example.com",
                    b"Ann",
                    b"ann@example.com",
                    b"2023-11-14T22:13:20Z",
                    b"2023-11-14T22:13:20Z",
                    text.encode(),
                )
            )
        )
    return b"\x00".join(recs) + b"\x00", array("i", [worker.UNRELEASED] * len(recs)).tobytes()


def idle(stream) -> bool:
    """Nothing to read yet from ``stream`` (git's output): the main process would only wait."""
    try:
        ready, _, _ = select.select([stream], [], [], 0)
    except (OSError, ValueError, TypeError):
        return False
    return not ready


def waiting(stream) -> int:
    """The bytes git has printed that wait in its pipe (0 where the system does not say)."""
    try:
        import fcntl
        import termios

        got = array("i", [0])
        fcntl.ioctl(stream.fileno(), termios.FIONREAD, got)
        return got[0]
    except (ImportError, OSError, ValueError, AttributeError):
        return 0


# the history is long where git has printed this much before the workers are forked: about 700 commits
# of curl, which has a commit whose body only the CommonMark parser reads in every 220 or so
_LONG = 1 << 18


def warm(stream, git=None) -> int:
    """Judge the samples, then compile every pattern not compiled yet, while git has printed nothing
    (:func:`idle`). Returns the number of steps done (0: git was ready at once). Where git has printed a
    long history already (:data:`_LONG` bytes), or is still printing (``git``, its process, has not
    ended), the CommonMark parser is imported (30 ms), which each worker would import for itself at its
    first body with Markdown structure; a short history, printed and done, goes without."""
    done = 0
    if not idle(stream):
        if waiting(stream) >= _LONG or (git is not None and git.poll() is None):
            from custlint.document import markdown

            markdown.parser()
            done += 1
        return done
    saved = dict(worker._STATE)  # the worker's own memory of messages and items seen: left as it was
    try:
        worker._STATE["by"] = "author"  # the samples are records without file names, whatever the grouping
        worker.judge_chunk(*_chunk())
    finally:
        worker._STATE.clear()
        worker._STATE.update(saved)
    done += 1
    for pattern in lazyre.pending():
        if not idle(stream):
            break
        pattern.compiled()
        done += 1
    return done

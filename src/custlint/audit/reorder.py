"""Children before parents, from ``git log`` in its own order, without ``--topo-order``.

The audit's :class:`~custlint.audit.collect.Annotator` carries "in the range" and "first release"
from each commit to its parents, so it must see every commit after all of its children. ``git log
--topo-order`` promises that, but walks the whole history before its first line (half a second for
100,000 commits without a commit-graph file), and every worker waits. git's own order (newest
commit date first) streams at once and puts children first too, except where a child's date is
older than its parent's (a clock that was off, a rebase): then the parent comes first. That is
rare and near: in 60 public repositories, a third had such pairs, a handful each (one had 265), the
child at most 5,580 commits after its parent and most within 50.

:class:`Reorder` holds the last :data:`WINDOW` records back and lets each one go only once every
child that has come is gone: a parent whose child came after it waits for that child, and its own
parents wait for it. A child more than a window late is not put right here; the annotator is left
holding what that child carried to a parent it had already passed (:meth:`Annotator.complete
<custlint.audit.collect.Annotator.complete>` is false), and the audit runs again with
``--topo-order``. Either way every record gets the mark ``--topo-order`` would give it.
"""

from __future__ import annotations

from collections import deque

from custlint.sources.git_log import CHUNK, heads

WINDOW = 10_000  # records held back: about twice the latest child seen in 60 repositories (5,580)


class Reorder:
    """Records in, the same records out with every commit after the children that came with it.

    In git's order a parent nearly always comes after its children, and nothing is counted: a record
    is kept by its SHA until its turn. Only a child that comes while its parent is still held (late)
    blocks that parent, and a parent that waits at its turn blocks its own parents in turn; each
    goes once nothing blocks it."""

    def __init__(self, window: int | None = None) -> None:
        self.window = WINDOW if window is None else window
        self._queue: deque[tuple[tuple, bytes]] = deque()  # (head, record), as they came
        self._held: set[bytes] = set()  # the SHAs in the queue
        self._waiting: dict[bytes, tuple[tuple, bytes]] = {}  # sha -> (head, record): its turn came, it waits
        self._blocks: dict[bytes, int] = {}  # sha -> the children it waits for (late, or waiting themselves)
        self._blocked: dict[bytes, list[bytes]] = {}  # sha -> the parents it blocks, to free as it goes

    def add(self, recs: list[bytes]) -> tuple[list[bytes], list[tuple]]:
        """Take ``recs`` (the next records of git's output); return the records let go, and their
        :func:`~custlint.sources.git_log.head` (read here, so the annotator need not read them again)."""
        queue, held, waiting = self._queue, self._held, self._waiting
        for rec, h in zip(recs, heads(recs, False), strict=True):
            for p in h[1]:
                if p in held or p in waiting:  # a late child: its parent came first and waits for it
                    self._block(h[0], p)
            held.add(h[0])
            queue.append((h, rec))
        return self._let_go(len(queue) - self.window)

    def flush(self) -> tuple[list[bytes], list[tuple]]:
        """Every record still held (git has finished), and their heads."""
        return self._let_go(len(self._queue))

    def _block(self, child: bytes, parent: bytes) -> None:
        self._blocks[parent] = self._blocks.get(parent, 0) + 1
        self._blocked.setdefault(child, []).append(parent)

    def _let_go(self, n: int) -> tuple[list[bytes], list[tuple]]:
        """The oldest ``n`` records' turns: each goes, unless a child it waits for is still held."""
        out: list[bytes] = []
        hs: list[tuple] = []  # their heads
        queue, held, blocks = self._queue, self._held, self._blocks
        for _ in range(n):
            h, rec = queue.popleft()
            sha = h[0]
            held.discard(sha)
            if blocks and blocks.get(sha):  # it goes after that child, and its parents after it
                self._waiting[sha] = (h, rec)
                for p in h[1]:
                    self._block(sha, p)
                continue
            out.append(rec)
            hs.append(h)
            if self._blocked:
                self._free(sha, out, hs)
        return out, hs

    def _free(self, sha: bytes, out: list[bytes], hs: list[tuple]) -> None:
        """``sha`` has gone: every parent it blocked, that nothing else blocks now, goes too (and so on)."""
        blocks, blocked, waiting = self._blocks, self._blocked, self._waiting
        todo = [sha]
        while todo:
            for p in blocked.pop(todo.pop(), ()):
                k = blocks[p] - 1
                if k:
                    blocks[p] = k
                    continue
                del blocks[p]
                w = waiting.pop(p, None)
                if w is not None:
                    out.append(w[1])
                    hs.append(w[0])
                    todo.append(p)


def pieces(recs: list[bytes], heads: list[tuple]) -> list[tuple[bytes, list[bytes], list[tuple]]]:
    """``recs`` as ``(chunk, records, heads)`` pieces of about :data:`~custlint.sources.git_log.CHUNK`
    bytes each (a window let go at once is as many chunks as came in)."""
    out: list[tuple[bytes, list[bytes], list[tuple]]] = []
    start = size = 0
    for i, rec in enumerate(recs):
        size += len(rec) + 1
        if size >= CHUNK:
            part = recs[start : i + 1]
            out.append((b"\x00".join(part) + b"\x00", part, heads[start : i + 1]))
            start, size = i + 1, 0
    if start < len(recs):
        part = recs[start:]
        out.append((b"\x00".join(part) + b"\x00", part, heads[start:]))
    return out

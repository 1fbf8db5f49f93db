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

from custlint.sources.git_log import CHUNK, head

WINDOW = 10_000  # records held back: twice the latest child seen in 60 repositories


class Reorder:
    """Records in, the same records out with every commit after the children that came with it."""

    def __init__(self, window: int | None = None) -> None:
        self.window = WINDOW if window is None else window
        self._queue: deque[tuple[tuple, bytes]] = deque()  # (head, record), as they came
        self._kids: dict[bytes, int] = {}  # sha -> its children that came and are not let go yet
        self._waiting: dict[bytes, tuple[tuple, bytes]] = {}  # sha -> (head, record): waits for a child

    def add(self, recs: list[bytes]) -> tuple[list[bytes], list[tuple]]:
        """Take ``recs`` (the next records of git's output); return the records let go, and their
        :func:`~custlint.sources.git_log.head` (read here, so the annotator need not read them again)."""
        queue, kids = self._queue, self._kids
        for rec in recs:
            h = head(rec, False)
            for p in h[1]:
                kids[p] = kids.get(p, 0) + 1
            queue.append((h, rec))
        return self._let_go(len(queue) - self.window)

    def flush(self) -> tuple[list[bytes], list[tuple]]:
        """Every record still held (git has finished), and their heads."""
        return self._let_go(len(self._queue))

    def _let_go(self, n: int) -> tuple[list[bytes], list[tuple]]:
        """The oldest ``n`` records' turns: each goes, unless a child that came after it is still held."""
        out: list[bytes] = []
        heads: list[tuple] = []
        queue, kids, waiting = self._queue, self._kids, self._waiting
        pop, get = queue.popleft, kids.get
        for _ in range(n):
            h, rec = pop()
            sha = h[0]
            if get(sha):  # a child came after it and is still held: it goes after that child
                waiting[sha] = (h, rec)
                continue
            out.append(rec)
            heads.append(h)
            kids.pop(sha, None)
            for p in h[1]:
                k = kids[p] - 1
                if k:
                    kids[p] = k
                else:
                    del kids[p]
                    if p in waiting:
                        self._freed(p, out, heads)
        return out, heads

    def _freed(self, sha: bytes, out: list[bytes], heads: list[tuple]) -> None:
        """``sha`` waited for a child that has gone now: it goes, then every parent that waited only for it."""
        kids, waiting = self._kids, self._waiting
        todo = [sha]
        while todo:
            h, rec = waiting.pop(todo.pop())
            out.append(rec)
            heads.append(h)
            for p in h[1]:
                k = kids[p] - 1
                if k:
                    kids[p] = k
                else:
                    del kids[p]
                    if p in waiting:
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

"""The commits behind an audit's numbers, a few of each kind: the worst done-before-production lags,
the most recent work that links no customer problem, the most recent bug fixes without a
remediation, the most recent commits marked done that no release holds yet.

Each worker keeps at most :data:`KEEP` of each kind per chunk in a small heap (a commit that cannot
make the list costs one comparison; only those still on it when the chunk ends have their SHA and
subject decoded); the main process merges the heaps and keeps the best :data:`KEEP`. Rows carry the
SHA, subject, author, date and the codes of the rules that fired; :mod:`custlint.audit.forge` adds
links to the commit and its PR.
"""

from __future__ import annotations

import heapq
import re
import time

KEEP = 25  # rows of each kind
KINDS = ("lags", "unreleased_done", "unlinked", "remediation")
_SUBJECT_MAX = 200


class Keeper:
    """Bounded heaps of one chunk's candidates: ``into[kind]`` is a heap of row tuples
    ``(key, sha, time, author bytes, subject, verdict, lag hours)``, the largest keys kept (while the
    chunk is read, the SHA and the record's ``rest`` as bytes in place of the text: :meth:`finish`).

    ``best`` (kind -> a heap of the :data:`KEEP` largest keys this process has kept, over all its
    chunks) sets the bar: a row that does not beat them cannot be among the :data:`KEEP` best
    the main process keeps, since this process has already sent that many better ones."""

    __slots__ = ("into", "best")

    def __init__(self, into: dict[str, list], best: dict[str, list] | None = None) -> None:
        self.into = into
        self.best = best if best is not None else {}

    def beat(self, kind: str) -> float:
        """The key a row of ``kind`` must beat to be kept."""
        b = self.best.get(kind)
        return b[0] if b is not None and len(b) >= KEEP else float("-inf")

    def wants(self, kind: str, key: float) -> bool:
        return key >= self.beat(kind)  # a tie may still win on its SHA

    def add(self, kind: str, key: float, sha: bytes, ts: float, who: bytes, rest: bytes, v: int, hours=None) -> float:
        """Keep the row; returns the key a row must now beat to be kept (a caller's cheap test). The
        row holds the SHA and the record's ``rest`` as bytes until :meth:`finish` decodes the rows kept."""
        row = (key, sha, ts, who, rest, v, hours)
        h = self.into.setdefault(kind, [])
        if len(h) < KEEP:
            heapq.heappush(h, row)
        elif row > h[0]:
            heapq.heapreplace(h, row)
        b = self.best.setdefault(kind, [])
        if len(b) < KEEP:
            heapq.heappush(b, key)
        elif key > b[0]:
            heapq.heapreplace(b, key)
        return b[0] if len(b) >= KEEP else float("-inf")

    def finish(self) -> None:
        """The rows kept, as the main process reads them: the SHA as text, the subject decoded (only for
        the rows that stayed). Each heap keeps its order: hex SHAs compare as bytes as they do as text,
        and no two rows of a chunk share a SHA, so no comparison reaches the subject."""
        for h in self.into.values():
            h[:] = [
                (key, sha.decode("ascii", "replace"), ts, who, _subject(rest), v, hours)
                for key, sha, ts, who, rest, v, hours in h
            ]


def _subject(rest: bytes) -> str:
    """The subject of a record's ``rest`` (the dates, then the message), at most :data:`_SUBJECT_MAX` bytes."""
    message = rest.split(b"\x1f", 2)[-1]
    return message.split(b"\n", 1)[0][:_SUBJECT_MAX].decode("utf-8", "replace").strip()


def merge(into: dict[str, list], other: dict[str, list]) -> None:
    """``other``'s rows into ``into``, keeping the best :data:`KEEP` of each kind."""
    for kind, rows in other.items():
        h = into.get(kind)
        if h is None:
            into[kind] = rows
            continue
        for row in rows:
            if len(h) < KEEP:
                heapq.heappush(h, row)
            elif row > h[0]:  # by key, then SHA: the same rows whatever the chunks and workers
                heapq.heapreplace(h, row)


_PR = (
    re.compile(r"\(#(\d+)\)\s*$"),  # GitHub's squash merge: "Subject (#123)"
    re.compile(r"^Merge pull request #(\d+)\b"),  # GitHub's merge commit
)


def pr_number(subject: str) -> int | None:
    """The pull request a subject names: ``Subject (#123)`` or ``Merge pull request #123 ...``."""
    for rx in _PR:
        m = rx.search(subject)
        if m:
            return int(m.group(1))
    return None


def to_json(rows_by_kind: dict[str, list], rules: list, forge=None) -> dict[str, list[dict]]:
    """The kept rows as JSON, best first: ``sha``, ``subject``, ``author``, ``date``, ``rules``,
    ``lag_hours`` (the lags only), ``url`` and ``pr``/``pr_url`` where a forge is known."""
    from custlint.audit.verdict import codes
    from custlint.audit.worker import person

    out: dict[str, list[dict]] = {}
    for kind in KINDS:
        rows = sorted(rows_by_kind.get(kind, ()), key=lambda r: (-r[0], r[1]))
        got = []
        for _key, sha, ts, who, subject, v, hours in rows:
            row: dict = {
                "sha": sha,
                "subject": subject,
                "author": person(who) if isinstance(who, bytes) else str(who),
                "date": time.strftime("%Y-%m-%d", time.gmtime(ts)),
                "rules": codes(v, rules),
            }
            if hours is not None:
                row["lag_hours"] = round(hours, 2)
            pr = pr_number(subject)
            if pr is not None:
                row["pr"] = pr
            if forge is not None:
                row["url"] = forge.commit_url(sha)
                if pr is not None:
                    row["pr_url"] = forge.pr_url(pr)
            got.append(row)
        out[kind] = got
    return out

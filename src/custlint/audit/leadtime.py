"""Lead time to production (DORA's "lead time for changes") from release tags.

For every commit: the first release tag (by tag date) that contains it. Worked out in one
``git for-each-ref`` and one streamed ``git rev-list --topo-order --parents`` walk from all the
release tags together: children come before parents, so each commit's first release is the
earliest of its own tags and its children's first releases. Only the walk's frontier is held
while it runs; the answer is a map from 20-byte SHA to release index (~100 bytes a commit).
"""

from __future__ import annotations

import fnmatch
import re
from array import array
from collections import namedtuple

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

# lead-time histogram edges in hours: 1h, 4h, 1d, 2d, 1w, 2w, 30d, 90d, 180d, 1y
EDGES = (1, 4, 24, 48, 168, 336, 720, 2160, 4320, 8760)
LABELS = ("<1h", "1-4h", "4h-1d", "1-2d", "2d-1w", "1-2w", "2w-30d", "30-90d", "90-180d", "180d-1y", ">1y")


# a release tag: its name, the commit it tags, and its time in unix seconds (the tagger date, or the
# commit date of a lightweight tag). A named tuple: read before the audit's git log starts, where
# importing dataclasses (and what it imports) took 6 ms
Release = namedtuple("Release", ("name", "sha", "time"))


_TAGS = (
    "for-each-ref",
    "--format=%(refname:short)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:unix)",
    "refs/tags",
)


def start_tags(repo):
    """The git that lists every tag for :func:`read_tags`, started (the caller does other work meanwhile)."""
    from custlint.sources import git

    return git.start(repo, *_TAGS)


def read_tags(repo, started=None) -> list[list[str]]:
    """Every tag as git's ``for-each-ref`` lists it: name, object type and name, the type and name it
    peels to, creator date (one git process, ``started`` by :func:`start_tags` or run here;
    :func:`release_tags` and :func:`tag_names` read these)."""
    from custlint.sources import git

    text = git.run(repo, *_TAGS) if started is None else git.output(started, _TAGS)
    return [line.split("\x00") for line in text.splitlines()]


def release_tags(repo, patterns: list[str], tags: list[list[str]] | None = None) -> list[Release]:
    """Tags whose short name matches one of ``patterns`` (globs), oldest first, of ``tags``
    (:func:`read_tags`, read here when not given)."""
    if not patterns:
        return []
    rels: list[Release] = []
    for parts in read_tags(repo) if tags is None else tags:
        if len(parts) != 6:
            continue
        name, otype, sha, ptype, psha, stamp = parts
        if not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        commit = sha if otype == "commit" else (psha if ptype == "commit" else "")
        if not commit or not stamp.isdigit():
            continue
        rels.append(Release(name, commit, float(stamp)))
    rels.sort(key=lambda r: (r.time, r.name))
    return rels


def first_release(repo, releases: list[Release], exclude: Sequence[str] = ()) -> dict[bytes, int]:
    """20-byte SHA -> index in ``releases`` of the first release containing the commit."""
    from custlint.sources import git

    if not releases:
        return {}
    own: dict[str, int] = {}
    for i, r in enumerate(releases):  # releases are oldest first: keep the first tag on a commit
        own.setdefault(r.sha, i)
    idx = list(range(len(releases)))  # shared int objects, not one per commit
    proc = git.start(repo, "rev-list", "--topo-order", "--parents", *sorted(own), *(f"^{e}" for e in exclude))
    out = proc.stdout
    assert out is not None  # git.start always pipes stdout
    pending: dict[str, int] = {}
    result: dict[bytes, int] = {}
    fromhex = bytes.fromhex
    try:
        for raw in out:
            line = raw.split()
            if not line:
                continue
            sha = line[0].decode()
            best = pending.pop(sha, None)
            mine = own.get(sha)
            if mine is not None and (best is None or mine < best):
                best = mine
            if best is None:  # cannot happen in topo order from the tags; be safe
                continue
            result[fromhex(sha)] = idx[best]
            for p in line[1:]:
                ps = p.decode()
                cur = pending.get(ps)
                if cur is None or best < cur:
                    pending[ps] = idx[best]
    finally:
        out.close()
        proc.wait()
    return result


def quantile(sorted_values, q: float) -> float:
    """Nearest-rank-with-interpolation quantile of an already sorted sequence."""
    n = len(sorted_values)
    if not n:
        return 0.0
    pos = (n - 1) * q
    lo = int(pos)
    hi = min(lo + 1, n - 1)
    return float(sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo))


def histogram(values) -> list[int]:
    from bisect import bisect_right

    counts = [0] * (len(EDGES) + 1)
    for v in values:
        counts[bisect_right(EDGES, v)] += 1
    return counts


SKETCH_STEPS = 8  # sketch buckets per doubling of (1 + hours): quantiles within ~5% after a merge


def sketch(values) -> dict[str, int]:
    """A sparse log-bucket histogram of lead times, from which merged audits read quantiles."""
    import math

    out: dict[str, int] = {}
    for v in values:
        k = str(int(SKETCH_STEPS * math.log2(1.0 + max(v, 0.0))))
        out[k] = out.get(k, 0) + 1
    return out


def sketch_quantile(sk: dict[str, int], q: float) -> float:
    """Quantile (hours) of a (merged) sketch, linear inside a bucket."""
    items = sorted((int(k), n) for k, n in sk.items())
    total = sum(n for _, n in items)
    if not total:
        return 0.0
    want = q * (total - 1)
    seen = 0
    for k, n in items:
        if seen + n > want:
            frac = (want - seen + 0.5) / n
            lo, hi = 2 ** (k / SKETCH_STEPS) - 1, 2 ** ((k + 1) / SKETCH_STEPS) - 1
            return lo + (hi - lo) * frac
        seen += n
    k = items[-1][0]
    return 2 ** ((k + 1) / SKETCH_STEPS) - 1


def merge_sketches(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    out = dict(a)
    for k, n in b.items():
        out[k] = out.get(k, 0) + n
    return out


def histogram_sorted(s) -> list[int]:
    """:func:`histogram` of values sorted ascending: one binary search per edge."""
    from bisect import bisect_left

    counts = []
    prev = 0
    for e in EDGES:
        x = bisect_left(s, e)  # values below the edge
        counts.append(x - prev)
        prev = x
    counts.append(len(s) - prev)
    return counts


def sketch_sorted(s) -> dict[str, int]:
    """:func:`sketch` of values sorted ascending, bucket by bucket rather than value by value.

    The bucket formula is monotonic, so each bucket is one run of the sorted values: its end is
    found by binary search at the formula's inverse, then settled by the formula itself (the
    inverse may be off by a rounding), so the counts are exactly :func:`sketch`'s.
    """
    import math
    from bisect import bisect_left

    def bucket(v: float) -> int:
        return int(SKETCH_STEPS * math.log2(1.0 + max(v, 0.0)))

    out: dict[str, int] = {}
    i, n = 0, len(s)
    while i < n:
        k = bucket(s[i])
        j = bisect_left(s, 2 ** ((k + 1) / SKETCH_STEPS) - 1, i + 1)
        while j < n and bucket(s[j]) == k:
            j += 1
        while j > i + 1 and bucket(s[j - 1]) != k:
            j -= 1
        out[str(k)] = out.get(str(k), 0) + j - i
        i = j
    return out


def summary(values: array) -> dict:
    """median and p90 (hours), the histogram and the sketch of lead times."""
    s = sorted(values)
    return {
        "released": len(s),
        "median_hours": q(s, 0.5),
        "p90_hours": q(s, 0.9),
        "histogram": histogram_sorted(s),
        "sketch": sketch_sorted(s),
    }


def q(sorted_values, p: float) -> float | None:
    """A rounded quantile, or None (JSON null) when there are no values."""
    return round(quantile(sorted_values, p), 2) if len(sorted_values) else None


# -- when the configured pattern matches no tag -------------------------------------------------

# a tag that names a version: an optional prefix of letters (v, release-, curl-), then at least two
# numbers (1.2, 8_1_0, 2024.05.1), then anything (-rc1, +build)
_VERSION = re.compile(r"(?P<prefix>[A-Za-z][A-Za-z0-9]*(?:[-_/][A-Za-z][A-Za-z0-9]*)*[-_/]?)?\d+(?:[._]\d+)+")


def tag_names(repo, tags: list[list[str]] | None = None) -> list[str]:
    """Every tag's short name, of ``tags`` (:func:`read_tags`, read here when not given)."""
    return [parts[0] for parts in (read_tags(repo) if tags is None else tags) if parts[0]]


def suggest(names: list[str]) -> tuple[str, int] | None:
    """The glob that covers the most version-like tags of ``names`` (``[0-9]*``, ``v[0-9]*``,
    ``release-[0-9]*``, ``curl-[0-9]*`` ...), and how many it covers; None when no tag looks like one."""
    versions = [n for n in names if _VERSION.match(n)]
    if not versions:
        return None
    globs = set()
    for n in versions:
        m = _VERSION.match(n)
        globs.add(f"{(m.group('prefix') if m else '') or ''}[0-9]*")
    counted = [(sum(fnmatch.fnmatchcase(n, g) for n in versions), g) for g in globs]
    counted.sort(key=lambda c: (-c[0], len(c[1]), c[1]))
    return counted[0][1], counted[0][0]

"""Counts an audit keeps: per principle, per month, per author or path. Small and mergeable.

Nothing here is kept per commit except lead times (4 bytes each, in an ``array``) and the
results to cache (28 bytes per commit judged afresh), so the memory of an audit is flat in the
number of months and authors, and a few dozen bytes per commit.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from custlint.engine.findings import PRINCIPLES

NP = len(PRINCIPLES)


@dataclass
class Tally:
    commits: int = 0
    exempt: int = 0
    checked: int = 0
    broken: list[int] = field(default_factory=lambda: [0] * NP)  # checked commits with a finding of principle i

    def add(self, exempt: bool, mask: int, n: int = 1) -> None:
        """``n`` commits, exempt or checked with findings of the principles in ``mask``."""
        self.commits += n
        if exempt:
            self.exempt += n
            return
        self.checked += n
        if mask:
            b = self.broken
            for i in range(NP):
                if mask >> i & 1:
                    b[i] += n

    def merge(self, other: Tally) -> None:
        self.commits += other.commits
        self.exempt += other.exempt
        self.checked += other.checked
        for i in range(NP):
            self.broken[i] += other.broken[i]

    def principles(self) -> dict:
        return {p: {"ok": self.checked - self.broken[i], "findings": self.broken[i]} for i, p in enumerate(PRINCIPLES)}

    def to_dict(self) -> dict:
        return {
            "commits": self.commits,
            "exempt": self.exempt,
            "checked": self.checked,
            "principles": self.principles(),
        }

    @classmethod
    def from_dict(cls, d: dict) -> Tally:
        t = cls(int(d.get("commits", 0)), int(d.get("exempt", 0)), int(d.get("checked", 0)))
        ps = d.get("principles") or {}
        for i, p in enumerate(PRINCIPLES):
            t.broken[i] = int((ps.get(p) or {}).get("findings", 0))
        return t


@dataclass
class Partial:
    """What one chunk of history adds up to; partials merge in any order."""

    total: Tally = field(default_factory=Tally)
    periods: dict[str, Tally] = field(default_factory=dict)
    groups: dict[str, Tally] = field(default_factory=dict)  # author (or path) -> tally
    authors: dict[str, Tally] = field(default_factory=dict)  # only when grouping by path
    lead: dict[str, array] = field(default_factory=dict)  # month -> lead times (hours) of released commits
    unreleased: dict[str, int] = field(default_factory=dict)  # month -> commits no release contains yet
    # month -> [commits marking work done, of them before production, not released yet, lags (hours)]
    done: dict[str, list] = field(default_factory=dict)
    # month -> checked commits each rule fired on (index: :func:`custlint.audit.verdict.commit_rules`)
    rules: dict[str, list[int]] = field(default_factory=dict)
    items: dict[str, list] = field(default_factory=dict)  # the commits behind the numbers (audit/items.py)
    peak_kb: int = 0  # peak memory of the process that judged the chunk
    # results judged afresh, for the result cache: 20-byte key + 2-byte value each (audit/cache.py)
    fresh: bytearray = field(default_factory=bytearray)

    def merge(self, other: Partial) -> None:
        self.total.merge(other.total)
        self.peak_kb = max(self.peak_kb, other.peak_kb)
        self.fresh += other.fresh
        for mine, theirs in ((self.periods, other.periods), (self.groups, other.groups), (self.authors, other.authors)):
            for k, t in theirs.items():
                cur = mine.get(k)
                if cur is None:
                    mine[k] = t
                else:
                    cur.merge(t)
        for k, a in other.lead.items():
            times = self.lead.get(k)
            if times is None:
                self.lead[k] = a
            else:
                times.extend(a)
        for k, fired in other.rules.items():
            mine_fired = self.rules.get(k)
            if mine_fired is None:
                self.rules[k] = fired
            else:
                for i, n in enumerate(fired):
                    mine_fired[i] += n
        if other.items:
            from custlint.audit.items import merge as merge_items

            merge_items(self.items, other.items)
        for k, n in other.unreleased.items():
            self.unreleased[k] = self.unreleased.get(k, 0) + n
        for k, d in other.done.items():
            row = self.done.get(k)
            if row is None:
                self.done[k] = d
            else:
                row[0] += d[0]
                row[1] += d[1]
                row[2] += d[2]
                row[3].extend(d[3])

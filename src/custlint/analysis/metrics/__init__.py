"""Metrics the code emits: where a KPI's metric key is really produced.

``keys`` reads metric keys out of KPI text (no heavy imports). ``emissions`` finds
emission sites in one Python module with libcst; ``inventory`` walks a code root
(text pre-filter, then a process pool) and answers "is this key emitted, and where".
Only ``emissions`` imports libcst, and only the code paths that need it import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Emission:
    """One place the code emits a metric."""

    key: str  # the key as the code emits it; dynamic parts are '*'
    kind: str  # statsd | dogstatsd | prometheus | opentelemetry | custom
    call: str  # the call as written: 'statsd.incr', 'Counter', 'meter.create_counter'
    path: str
    line: int
    dynamic: bool = False  # part of the key is computed at run time
    names: tuple[str, ...] = field(default=())  # every name the metric is exposed under

    def matches(self, key: str) -> bool:
        if self.dynamic:
            from fnmatch import fnmatchcase

            if not self.key.strip("*._:-/"):  # a pass-through wrapper (statsd.incr(name)) names no metric
                return False
            return any(fnmatchcase(key, n) for n in (self.names or (self.key,)))
        return key in (self.names or (self.key,))

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "call": self.call,
            "path": self.path,
            "line": self.line,
            "dynamic": self.dynamic,
            "exposed_as": list(self.names or (self.key,)),
        }

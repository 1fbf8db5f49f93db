"""Regular expressions compiled on first use.

The commit-msg hook starts a fresh process per commit, and compiling every module-level pattern
at import was a fifth of its time, most of it for patterns a given message never reaches (fix
remediation, PR-FAQ links, done claims). ``lazy(pattern, flags)`` stands in for ``re.compile``:
the first method call compiles it and binds the compiled pattern's methods on the instance, so
later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re

_BOUND = (
    "search",
    "match",
    "fullmatch",
    "finditer",
    "findall",
    "sub",
    "subn",
    "split",
    "pattern",
    "flags",
    "groups",
    "groupindex",
    "scanner",
)


_ALL: list[LazyPattern] = []  # every lazy pattern made, for :func:`pending`


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        _ALL.append(self)

    def compiled(self) -> re.Pattern:
        p = re.compile(*self._source)
        for name in _BOUND:
            setattr(self, name, getattr(p, name))
        self.compiled = lambda: p  # type: ignore[method-assign]
        return p

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


def pending() -> list[LazyPattern]:
    """The lazy patterns not compiled yet (the audit compiles them before forking its workers, while
    it waits for git: :mod:`custlint.audit.warmup`)."""
    return [p for p in _ALL if "search" not in p.__dict__]

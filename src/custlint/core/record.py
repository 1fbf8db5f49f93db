"""Plain records: a base class for the small value classes on the commit-msg hook's path.

A subclass lists its fields in ``__slots__`` and writes its own ``__init__``; the base gives a
readable ``repr``, field-wise equality and hashing, and :meth:`replace`. This is the part of
``@dataclass`` these classes use, without what it costs at start-up: importing
:mod:`dataclasses` (and :mod:`inspect` with it) and generating each class's methods take about
20 ms, a quarter of the hook's time before this change (bench/README.md, issue 2).
"""

from __future__ import annotations


class Record:
    __slots__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__ if not k.startswith("_"))
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__ if not k.startswith("_"))

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, k) for k in self.__slots__ if not k.startswith("_")))

    def replace(self, **changes):
        """A copy with ``changes`` applied (``dataclasses.replace``)."""
        new = object.__new__(type(self))
        for k in self.__slots__:
            object.__setattr__(new, k, changes.pop(k) if k in changes else getattr(self, k))
        if changes:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(changes))!r}")
        return new

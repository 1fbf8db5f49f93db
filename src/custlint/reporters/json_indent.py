"""Indented JSON, the bytes ``json.dumps(obj, indent=N, ensure_ascii=...)`` writes, two to three
times faster.

With an indent, the standard library leaves its C encoder aside and walks the data with nested
Python generators, a few yields per value: 70-90 ms for the 750 KB report of curl's 39,000 commits,
all of it after the audit has finished (the last thing a CI job waits for). Here each container is
one ``join`` over its encoded items, the strings go through the same C escaping the standard
library uses, and every key is escaped once however often it repeats. Compiled (custlint.accel),
the writer's methods call each other directly: 7 ms for that report, 15 ms as plain Python.

Only the types an audit or a report holds take this path: ``dict`` with ``str`` keys, ``list`` and
``tuple``, ``str``, ``int``, ``float``, ``bool`` and ``None``, exactly those types (no subclass).
Anything else (an ``IntEnum``, a key that is a number, a value with no JSON form, a cycle) is
handed to ``json.dumps`` itself, which gives its own output or its own error; so the result is
always the standard library's.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring, encode_basestring_ascii

_INF = float("inf")


class _Unusual(Exception):
    """A value outside the types this module writes: ``json.dumps`` writes the whole object instead."""


def _float(o: float) -> str:
    """``json``'s own spelling of a float (``allow_nan``: NaN and the infinities as JavaScript names them)."""
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


# deeper than this, json.dumps writes the value (its own recursion check and error, where the compiled
# writer would have none)
_DEPTH = 200


def dumps(obj, *, indent: int, ensure_ascii: bool = False) -> str:
    """``json.dumps(obj, indent=indent, ensure_ascii=ensure_ascii)``, the same text."""
    try:
        return _Writer(indent, ensure_ascii).value(obj, 0)
    except (_Unusual, RecursionError):
        return json.dumps(obj, indent=indent, ensure_ascii=ensure_ascii)


class _Writer:
    """One report's writer: its indent, its escaping, the pads and the escaped keys it has met
    (compiled, custlint.accel: a native class's methods call each other directly)."""

    def __init__(self, indent: int, ensure_ascii: bool) -> None:
        self.enc = encode_basestring_ascii if ensure_ascii else encode_basestring
        self.step = " " * indent
        self.pads: list[str] = ["\n"]  # level -> a newline and that level's indent
        self.keys: dict[str, str] = {}  # key -> its escaped form and ": "

    def pad(self, level: int) -> str:
        pads = self.pads
        while len(pads) <= level:
            pads.append(pads[-1] + self.step)
        return pads[level]

    def key(self, k: object) -> str:
        if type(k) is not str:
            raise _Unusual
        out = self.keys.get(k)
        if out is None:
            out = self.keys[k] = self.enc(k) + ": "
        return out

    def value(self, o: object, level: int) -> str:
        t = type(o)
        if t is str:
            return self.enc(o)  # type: ignore[arg-type]  # (exactly a str: tested)
        if t is int:
            return int.__repr__(o)
        if t is float:
            return _float(o)  # type: ignore[arg-type]
        if o is None:
            return "null"
        if o is True:
            return "true"
        if o is False:
            return "false"
        if level >= _DEPTH:
            raise _Unusual
        deeper = level + 1
        if t is dict:
            d: dict = o  # type: ignore[assignment]  # (exactly a dict: tested above)
            if not d:
                return "{}"
            inner = self.pad(deeper)
            items = ("," + inner).join([self.key(k) + self.value(v, deeper) for k, v in d.items()])
            return "{" + inner + items + self.pad(level) + "}"
        if t is list or t is tuple:
            seq: list | tuple = o  # type: ignore[assignment]
            if not seq:
                return "[]"
            inner = self.pad(deeper)
            return "[" + inner + ("," + inner).join([self.value(v, deeper) for v in seq]) + self.pad(level) + "]"
        raise _Unusual

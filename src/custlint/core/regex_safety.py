"""Is a user's regular expression safe to run on untrusted text?

Python's ``re`` backtracks, so some patterns take exponential or high polynomial time on a
crafted text: a PR author could then stall the CI job of a repository whose rule pack holds such a
pattern. Rule packs are checked when they load (:func:`unsafe_reason`), and every pattern runs on at
most :data:`custlint.engine.packs.MAX_PATTERN_TEXT` characters. Refused shapes:

* a quantifier inside a repeated group, ``(a+)+``, ``(\\w+\\s?)*``, ``(?:x{1,9})+``: exponential;
* a repeated group whose alternatives can start with the same character, ``(a|ab)+``, ``(\\w|\\d)*``;
* two unbounded quantifiers in a row over overlapping characters, with nothing between them
  that must match a character the first cannot take, ``\\w+\\w+``, ``.*\\s*.*``, ``\\d+0*\\d+``:
  cubic or worse when searched.

Possessive quantifiers (``a++``) and atomic groups (``(?>...)``, Python 3.11+) do not backtrack and
are the usual rewrite. A single unbounded quantifier (``\\bTODO\\b.*``) stays allowed: at worst it is
quadratic, which the length cap bounds. The check is structural and conservative: it may refuse a
pattern that is in fact fast, never the reverse for the shapes above.
"""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    from re import _constants as C  # noqa: N812
    from re import _parser as P  # noqa: N812
else:  # pragma: no cover - Python 3.10
    import sre_constants as C  # noqa: N812
    import sre_parse as P  # noqa: N812

_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT}
_POSSESSIVE = getattr(C, "POSSESSIVE_REPEAT", None)
_ATOMIC = getattr(C, "ATOMIC_GROUP", None)
WIDE = None  # a first-character set we do not enumerate: overlaps everything


class Unsafe(Exception):
    pass


def unsafe_reason(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or None when its shape is safe.

    Raises ``re.error`` for a pattern that does not compile (the caller reports it)."""
    parsed = P.parse(pattern, flags)
    global _UNIVERSE
    _UNIVERSE = frozenset(_SAMPLE) | {c for ch in pattern for c in _cases(ch)}
    try:
        _seq(list(parsed.data), pattern, in_repeat=False)
    except Unsafe as exc:
        return str(exc)
    return None


# Character sets are compared on a sample alphabet (ASCII, a few non-ASCII letters, digits and
# spaces) plus every character the pattern names: enough to tell \w from \s, @ or a literal.
_SAMPLE = [chr(i) for i in range(128)] + list("\u00e9\u00df\u00a0\u0663\u4e2d\u2028\u0436")
_UNIVERSE: frozenset = frozenset(_SAMPLE)
_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W",
}


def _cases(c: str) -> set[str]:
    return {c} | {x for x in (c.lower(), c.upper()) if len(x) == 1}


def _category(cat) -> frozenset | None:
    import re

    rx = _CATEGORY.get(cat)
    if rx is None:
        return WIDE
    return frozenset(c for c in _UNIVERSE if re.fullmatch(rx, c))


def _chars(items) -> frozenset | None:
    out: set[str] = set()
    negate = False
    for op, av in items:
        if op == C.NEGATE:
            negate = True
        elif op == C.LITERAL:
            out |= _cases(chr(av))
        elif op == C.RANGE:
            lo, hi = av
            out |= {c for c in _UNIVERSE if any(lo <= ord(x) <= hi for x in _cases(c))}
        elif op == C.CATEGORY:
            cat = _category(av)
            if cat is WIDE:
                return WIDE
            out |= cat
        else:
            return WIDE
    return frozenset(_UNIVERSE - out) if negate else frozenset(out)


def _overlap(a, b) -> bool:
    if a is WIDE or b is WIDE:
        return True
    return bool(a & b)


def _union(a, b):
    if a is WIDE or b is WIDE:
        return WIDE
    return a | b


def _first(seq) -> tuple[frozenset | None, bool]:
    """(characters a match of ``seq`` can start with, whether ``seq`` can match the empty string)."""
    acc: frozenset | None = frozenset()
    for op, av in seq:
        s, nullable = _item_first(op, av)
        acc = _union(acc, s)
        if not nullable:
            return acc, False
    return acc, True


def _item_first(op, av) -> tuple[frozenset | None, bool]:
    if op == C.LITERAL:
        return frozenset(_cases(chr(av))), False
    if op == C.NOT_LITERAL:
        return frozenset(_UNIVERSE - {chr(av)}), False
    if op == C.ANY:
        return frozenset(_UNIVERSE), False
    if op == C.IN:
        return _chars(av), False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return frozenset(), True
    if op == C.SUBPATTERN:
        return _first(av[-1])
    if op == _ATOMIC:
        return _first(av)
    if op == C.BRANCH:
        acc: frozenset | None = frozenset()
        nullable = False
        for alt in av[1]:
            s, n = _first(alt)
            acc, nullable = _union(acc, s), nullable or n
        return acc, nullable
    if op in _REPEATS or op == _POSSESSIVE:
        lo, _hi, item = av
        s, n = _first(item)
        return s, n or lo == 0
    return WIDE, True  # group references, conditionals: assume anything


def _show(pattern: str) -> str:
    return pattern if len(pattern) <= 60 else pattern[:57] + "..."


def _seq(seq, pattern: str, *, in_repeat: bool) -> None:
    open_sets: list = []  # first sets of unbounded quantifiers not yet closed by a character they cannot take
    for op, av in seq:
        if op in _REPEATS:
            lo, hi, item = av
            unbounded = hi == C.MAXREPEAT or hi > 16
            if in_repeat and lo != hi:
                raise Unsafe(f"a quantifier inside a repeated group in {_show(pattern)!r} can take exponential time "
                             "on some text; remove the nesting, or make it possessive (a++) or atomic (?>...)")
            s, _ = _first(item)
            if unbounded:
                if any(_overlap(s, o) for o in open_sets):
                    raise Unsafe(f"two quantifiers in a row over the same characters in {_show(pattern)!r} "
                                 "(like \\w+\\w+ or .*.*) can take cubic time or worse on some text; merge them into one")
                _alternatives(item, pattern)
                _seq(list(item), pattern, in_repeat=hi > 1)
                if lo > 0 and open_sets and all(not _overlap(s, o) for o in open_sets):
                    open_sets = []
                open_sets.append(s)
                continue
            _seq(list(item), pattern, in_repeat=in_repeat or (hi > 1 and lo != hi))
            if lo > 0:
                open_sets = _close(open_sets, s)
            continue
        if op == _POSSESSIVE:
            open_sets = []  # never backtracked into
            continue
        if op == C.SUBPATTERN:
            _seq(list(av[-1]), pattern, in_repeat=in_repeat)
        elif op == _ATOMIC:
            _seq(list(av), pattern, in_repeat=False)  # never backtracked into
            open_sets = []
            continue
        elif op == C.BRANCH:
            for alt in av[1]:
                _seq(list(alt), pattern, in_repeat=in_repeat)
        elif op in (C.ASSERT, C.ASSERT_NOT):
            _seq(list(av[1]), pattern, in_repeat=False)
            continue
        s, nullable = _item_first(op, av)
        if not nullable:
            open_sets = _close(open_sets, s)


def _close(open_sets: list, s) -> list:
    """A character that must match here ends every open quantifier that cannot take it."""
    if not open_sets:
        return open_sets
    return open_sets if any(_overlap(s, o) for o in open_sets) else []


def _alternatives(item, pattern: str) -> None:
    """In a repeated group, alternatives that can start alike make the repeat ambiguous."""
    for op, av in item:
        if op == C.SUBPATTERN:
            _alternatives(av[-1], pattern)
        elif op == C.BRANCH:
            firsts = [_first(alt) for alt in av[1]]
            for i in range(len(firsts)):
                for j in range(i + 1, len(firsts)):
                    if _overlap(firsts[i][0], firsts[j][0]) or firsts[i][1] or firsts[j][1]:
                        raise Unsafe(f"alternatives that can match the same text inside a repeated group in "
                                     f"{_show(pattern)!r} can take exponential time on some text; make the "
                                     "alternatives start differently, or use a character class")

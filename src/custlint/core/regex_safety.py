"""Is a user's regular expression safe to run on untrusted text?

Python's ``re`` backtracks, so some patterns take exponential or high polynomial time on a
crafted text: a PR author could then stall the CI job of a repository whose rule pack holds such a
pattern. Rule packs are checked when they load (:func:`unsafe_reason`), and every pattern runs on at
most :data:`custlint.engine.packs.MAX_PATTERN_TEXT` characters. Refused shapes:

* a quantifier inside a repeated group, ``(a+)+``, ``(\\w+\\s?)*``, ``(?:x{1,9})+``: exponential;
* a repeated group whose alternatives can start with the same character, ``(a|ab)+``, ``(\\w|\\d)*``;
* two unbounded quantifiers in a row over overlapping characters, with nothing between them
  that must match a character the first cannot take, ``\\w+\\w+``, ``.*\\s*.*``, ``\\d+0*\\d+``:
  cubic or worse when searched;
* a counted repeat (``{m}``, ``{m,n}`` with n > 1) of a group, at any depth, whose unbounded
  quantifier can still be running at the group's end and also take what the next round starts
  with, ``(.*a){12}x``, ``(a.*){10}b``, ``(.+,){8}z``: the text splits between the rounds in about
  length**count ways, so 30 characters take minutes. A round that ends on a character its
  quantifier cannot take, ``([^,]+,){8}``, ``(\\w+\\s){4}``, splits one way and stays allowed.

Patterns that pass still run bounded by time as well as by length
(:mod:`custlint.core.user_pattern`). The check itself is linear in the pattern (every node is
summarised once; ``tests/test_regex_safety.py`` doubles patterns and times it; only the standard
parser is slower on deep nesting, which the recursion limit bounds).

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
    return _check(P.parse(pattern, flags), pattern)


def _check(parsed, pattern: str) -> str | None:
    """:func:`unsafe_reason` on a parsed pattern (the part whose time is custlint's own)."""
    global _UNIVERSE, _KEYS, _OWNERS
    _UNIVERSE = frozenset(_SAMPLE) | {c for ch in pattern for c in _cases(ch)}
    owners: dict[int, set[str]] = {}  # a code point -> the characters of the universe that match it ignoring case
    for c in _UNIVERSE:
        for x in _cases(c):
            owners.setdefault(ord(x), set()).add(c)
    _KEYS = sorted(owners)
    _OWNERS = [owners[k] for k in _KEYS]
    _MEMO.clear()
    try:
        _seq(list(parsed.data), pattern, in_repeat=False)
    except Unsafe as exc:
        return str(exc)
    finally:
        _MEMO.clear()
    return None


_KEYS: list = []
_OWNERS: list = []
_MEMO: dict = {}  # (what, id(node)) -> its summary, for one call: every node is summarised once


def _in_range(lo: int, hi: int) -> set[str]:
    """The characters of the universe that match ``[lo-hi]`` ignoring case, found by bisection."""
    from bisect import bisect_left, bisect_right

    out: set[str] = set()
    for owners in _OWNERS[bisect_left(_KEYS, lo) : bisect_right(_KEYS, hi)]:
        out |= owners
    return out


# Character sets are compared on a sample alphabet (ASCII, a few non-ASCII letters, digits and
# spaces) plus every character the pattern names: enough to tell \w from \s, @ or a literal.
_SAMPLE = [chr(i) for i in range(128)] + list("\u00e9\u00df\u00a0\u0663\u4e2d\u2028\u0436")
_UNIVERSE: frozenset = frozenset(_SAMPLE)
_CATEGORY = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
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
            out |= _in_range(lo, hi)
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
    key = ("first", id(seq))
    if key not in _MEMO:
        _MEMO[key] = (seq, _first_of(seq))  # the node is kept so that its id is not reused
    return _MEMO[key][1]


def _first_of(seq) -> tuple[frozenset | None, bool]:
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
                raise Unsafe(
                    f"a quantifier inside a repeated group in {_show(pattern)!r} can take exponential time "
                    "on some text; remove the nesting, or make it possessive (a++) or atomic (?>...)"
                )
            s, _ = _first(item)
            if unbounded:
                if any(_overlap(s, o) for o in open_sets):
                    raise Unsafe(
                        f"two quantifiers in a row over the same characters in {_show(pattern)!r} "
                        "(like \\w+\\w+ or .*.*) can take cubic time or worse on some text; merge them into one"
                    )
                _alternatives(item, pattern)
                _seq(list(item), pattern, in_repeat=hi > 1)
                if lo > 0 and open_sets and all(not _overlap(s, o) for o in open_sets):
                    open_sets = []
                open_sets.append(s)
                continue
            _seq(list(item), pattern, in_repeat=in_repeat or (hi > 1 and lo != hi))
            if hi > 1:
                _counted(item, s, pattern)
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


def _counted(item, first, pattern: str) -> None:
    """A counted repeat (``{m}``, ``{m,n}``) of a group whose unbounded quantifier is still open at the
    group's end and can also take what the next round starts with, ``(.*a){12}``, ``(a.*){10}``,
    ``(.+,){8}``: the text splits between the rounds in about len**count ways before a failing
    match gives up. A quantifier ended by a character it cannot take (``([^,]+,){8}``,
    ``(\\w+\\s){4}``) splits the text one way only and stays allowed."""
    left = _open_inside(item)
    if left and any(_overlap(first, o) for o in left):
        raise Unsafe(
            f"a counted repeat of a group holding an unbounded quantifier in {_show(pattern)!r} "
            "(like (.*a){12} or (.+,){8}) can take time that grows with the text to the power of the "
            "count; end the quantifier on a character it cannot take ([^a]*a instead of .*a, [^,]+, "
            "instead of .+,), or make it possessive (.*+) or atomic (?>...)"
        )


def _open_inside(item) -> list:
    key = ("open", id(item))
    if key not in _MEMO:
        _MEMO[key] = (item, _open_at_end(item, []))
    return _MEMO[key][1]


def _open_at_end(seq, open_sets: list) -> list:
    """The first sets of the unbounded quantifiers (at any depth) that a match of ``seq`` can end
    inside of: nothing after them in ``seq`` must match a character they cannot take."""
    for op, av in seq:
        if op in _REPEATS:
            lo, hi, item = av
            s, _ = _first(item)
            inner = _open_inside(item)
            if hi == C.MAXREPEAT or hi > 16:
                open_sets = _close(open_sets, s) if lo > 0 else list(open_sets)
                open_sets = open_sets + [s] + inner
            elif hi > 0:
                open_sets = (_close(open_sets, s) if lo > 0 else list(open_sets)) + inner
            continue
        if op == _POSSESSIVE or op == _ATOMIC:
            open_sets = []  # never backtracked into
            continue
        if op == C.SUBPATTERN:
            open_sets = _open_at_end(av[-1], open_sets)
            continue
        if op == C.BRANCH:
            out: list = []
            for alt in av[1]:
                out.extend(_open_at_end(alt, list(open_sets)))
            open_sets = out
            continue
        s, nullable = _item_first(op, av)
        if not nullable:
            open_sets = _close(open_sets, s)
    return open_sets


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
                        raise Unsafe(
                            f"alternatives that can match the same text inside a repeated group in "
                            f"{_show(pattern)!r} can take exponential time on some text; make the "
                            "alternatives start differently, or use a character class"
                        )

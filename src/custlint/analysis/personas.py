"""Does a text name a customer: a person or organisation who uses what the team builds?

The persona list (built in, plus the config's ``personas``) names them; a word that also names a
software part ("client library", "user agent", "JDBC driver") counts only where no technical word
stands beside it; people the list does not know are told by grammar (``words.UNLISTED_PERSONA``);
URLs and e-mail addresses name nobody.
"""

from __future__ import annotations

import re

from custlint.analysis import prescan
from custlint.analysis import words as _words
from custlint.core.lazyre import lazy

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Iterator

    from custlint.analysis.settings import Settings


def has_persona(settings: Settings, text_lower: str, ws: set[str] | frozenset[str] | None = None) -> bool:
    """The text names a person or organisation who uses what the team builds. A word that also
    names a software part counts only where no technical word stands beside it; the config's own
    ``personas`` always count. ``ws``: the word set of ``text_lower`` (``words.words``), where the
    caller has it."""
    singles, multi = settings.persona_words
    if "@" in text_lower or "://" in text_lower:  # "users.noreply.github.com", ".../customers/..." name nobody
        text_lower = without_urls(text_lower)
        # the words of the text without its URLs and addresses are words of the text (whole runs of
        # non-space go): where none of the text's is a persona, theirs are not worked out (lean path)
        ws = _NO_WORDS if ws is not None and prescan.ENABLED and ws.isdisjoint(singles) else None
    if ws is None:
        ws = _words.words(text_lower)
    found = ws & singles
    if found:
        if not found <= _words.AMBIGUOUS_PERSONAS or found & settings.own_personas:
            return True
        if any(_names_a_person(text_lower, w) for w in found):
            return True
    for phrase in multi:
        if phrase in text_lower:
            return True
    if " " in text_lower and "s " in text_lower and not _no_unlisted_verb(text_lower, ws):
        for m in unlisted_personas(text_lower[:2000]):
            if m.group(1) not in _words.TECH_AGENTS and m.group(1) not in _words.INTERNAL:
                return True
    return False


def unlisted_personas(text: str) -> Iterator[re.Match[str]]:
    """``UNLISTED_PERSONA.finditer(text)``, match for match, each searched for from a little before the
    next place one can end (a space and one of its verbs, ``UNLISTED_VERB``) rather than from the end of
    the last: the pattern's optional words and clause make trying it at every word cost 40% more. A
    match starting at or after ``pos`` holds a verb at or after the first one from ``pos``, and is at
    most the pattern's widest match long, so it starts no earlier than that verb less that width: the
    search from there finds the same leftmost match."""
    rx = _words.UNLISTED_PERSONA.compiled()
    reach = _widest(rx)
    if reach < 0:  # an unbounded pattern: no window
        yield from rx.finditer(text)
        return
    verb = _words.UNLISTED_VERB
    pos = 0
    while True:
        v = verb.search(text, pos)
        if v is None:
            return
        m = rx.search(text, max(pos, v.start() - reach))
        if m is None:
            return
        yield m
        pos = m.end()


_WIDEST: dict[str, int] = {}


def _widest(rx: re.Pattern[str]) -> int:
    """The length of the longest text ``rx`` can match, from the regular expression parser; -1 where
    that is unbounded or cannot be told."""
    width = _WIDEST.get(rx.pattern)
    if width is None:
        try:
            try:
                from re import _parser as parser  # type: ignore[attr-defined]
            except ImportError:  # pragma: no cover - Python < 3.11
                import sre_parse as parser
            width = int(parser.parse(rx.pattern, rx.flags).getwidth()[1])
            if width >= parser.MAXREPEAT:
                width = -1
        except Exception:  # noqa: BLE001 - a parser that changed: no window, the plain search
            width = -1
        _WIDEST[rx.pattern] = width
    return width


def _no_unlisted_verb(text_lower: str, ws: set[str] | frozenset[str]) -> bool:
    """The text cannot match ``UNLISTED_PERSONA``: no word of it starts one of its verbs. The verb
    follows a space and ends at a word boundary, where ``words`` cuts the text too (at white space
    and its marks, and its parts at "-" and "'"), in an ASCII text without control characters; in
    any other text (and under the full judgement) nothing is told."""
    return (
        prescan.ENABLED
        and ws is not _NO_WORDS  # a stand-in for "no persona word", not the text's words
        and ws.isdisjoint(_words.UNLISTED_VERB_WORDS)
        and text_lower.isascii()
        and _CONTROL.search(text_lower) is None
    )


_CONTROL = lazy(r"[\x00-\x08\x0e-\x1b\x7f]")  # ASCII that is neither a word, white space nor a mark words() knows
_PERSONA_CONTEXT: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {}
_NO_WORDS: frozenset[str] = frozenset()
# a run of non-space holding "://" or "@", replaced whole: every match starts where a run does (a match
# starting inside one could start earlier), so the lookbehind changes no match, and spares trying the
# pattern (to the run's end and back) at every character of the text. without_urls() does what its
# sub(" ", text) does, and the tests hold it to this
_URL_OR_MAIL = lazy(r"(?<!\S)\S*(?:://|@)\S*")


def without_urls(text: str) -> str:
    """``_URL_OR_MAIL.sub(" ", text)``: every run of non-space holding "://" or "@" replaced by a space.
    Each such run is found from its "@" or "://" (``str.find``) and widened to the white space on either
    side, where the pattern is tried at the start of every run of the text (a quarter of
    :func:`has_persona`'s time). The pattern's lookbehind starts a match only where a run starts, and
    its greedy ``\\S*`` ends it only where the run ends: a match is a whole run, and a run matches when
    it holds either mark; ``str.isspace`` is the pattern's ``\\s`` (both Python's Unicode white space)."""
    n = len(text)
    at, slashes = text.find("@"), text.find("://")
    if at < 0 and slashes < 0:
        return text
    out: list[str] = []
    done = 0  # text[:done] is in out
    while at >= 0 or slashes >= 0:
        i = at if slashes < 0 or 0 <= at < slashes else slashes
        start = i
        while start > done and not text[start - 1].isspace():
            start -= 1
        end = i + 1
        while end < n and not text[end].isspace():
            end += 1
        out.append(text[done:start])
        out.append(" ")
        done = end
        if at >= 0 and at < end:
            at = text.find("@", end)
        if slashes >= 0 and slashes < end:
            slashes = text.find("://", end)
    out.append(text[done:])
    return "".join(out)


def _names_a_person(text_lower: str, word: str) -> bool:
    """Some use of ``word`` in the text has no technical word right before or after it."""
    rxs = _PERSONA_CONTEXT.get(word)
    if rxs is None:
        w = re.escape(word)
        bare = r"(?<![\w'-])(?<!\w\.)" + w + r"(?![\w'])(?!\.\w)"  # the word, not inside a dotted name ("admin.mfa")
        # two words before, the word, the word after
        rxs = _PERSONA_CONTEXT[word] = (
            re.compile(r"(?:(?:([\w'-]+)[ \t/]+)?([\w'-]+)[ \t/]+)?" + bare + r"(?:[ \t/-]+([\w'-]+))?"),
            re.compile(bare),
        )
    role = word in _words.SOFTWARE_ROLES
    for k, m in enumerate(_uses(text_lower, word, *rxs)):
        if k >= 20:  # enough uses looked at: a long text naming a part twenty times names no person by it
            return False
        before2, before, after = m.group(1), m.group(2), m.group(3)
        if after is not None and (
            after in _words.TECH_AFTER
            or (role and after in _words.MACHINE_VERBS)
            or (word in _words.VERB_PERSONAS and after in _words.DETERMINERS)  # "stores the result"
        ):
            continue
        if before is not None and before in _words.TECH_BEFORE:
            if not (word in _words.PLATFORM_PEOPLE and before in _words.PLATFORM_WORDS):
                continue
        if role and (
            (before is not None and before in _words.VERSION_BEFORE)
            or (before2 is not None and before2 in _words.TECH_BEFORE)  # "the async httpx client"
            or _called_it(text_lower, m.end(0) if after is None else m.start(3))
        ):
            continue
        return True
    return False


def _uses(text: str, word: str, rx: re.Pattern[str], bare: re.Pattern[str]):
    """``rx.finditer(text)``, match for match, without trying ``rx`` at every position of the text
    (its optional words before the word make that cost ~20 us a text): the next use of the word
    is found by ``str.find`` and ``bare`` (the word and its lookarounds), and ``rx`` is searched
    from two words before it. No match can start earlier: one that did would hold a third word
    (or a character outside words and separators) before the word, or put the word at an earlier
    use than the first from where the last match ended. Linear: each step back stops at that end."""
    pos, n = 0, len(text)
    while pos <= n:
        p = text.find(word, pos)
        while p >= 0 and bare.match(text, p) is None:
            p = text.find(word, p + 1)
        if p < 0:
            return
        m = rx.search(text, _two_words_back(text, p, pos))
        if m is None:  # pragma: no cover - the word alone matches at p
            return
        yield m
        pos = m.end()


def _two_words_back(text: str, p: int, floor: int) -> int:
    r"""The start of the second ``[\w'-]+`` word before ``p``, each followed by ``[ \t/]+``, not before ``floor``."""
    s = p
    for _ in range(2):
        i = s
        while i > floor and text[i - 1] in " \t/":
            i -= 1
        if i == s:
            break
        j = i
        while j > floor and (text[j - 1].isalnum() or text[j - 1] in "_'-"):
            j -= 1
        if j == i:
            break
        s = j
    return s


def _called_it(text_lower: str, pos: int) -> bool:
    """The clause after a role word refers back to it as a thing: "the reader writes its payload", "an older
    reader should skip what it does not know" (a person is "they", "he", "she" or "who")."""
    m = _words.THING_PRONOUN.match(text_lower, pos)
    return m is not None and m.group(1) in ("it", "its")

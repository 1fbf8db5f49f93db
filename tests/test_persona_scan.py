"""The persona context scan (:func:`custlint.analysis.personas._uses`) finds exactly the matches
``finditer`` of the context pattern finds (the same spans and the same words before and after),
on random texts made of words, the persona words themselves, separators and the characters
the pattern's lookarounds test, and on hostile ones; and it stays linear."""

from __future__ import annotations

import random
import time

import pytest

from custlint.analysis import personas as P

WORDS = ["user", "users", "client", "admin", "x"]
PIECES = ["user", "users", "client", "admin", "superuser", "the", "a", "api", "x1", "_", "'", "-", "’", ".", "..",
          " ", " ", "  ", "\t", "/", " / ", ",", "\n", "é", "ü", "2", "user.mfa", "a.user", "user-s", "users'"]


def _pair(word: str):
    P._names_a_person("", word)  # compiles and keeps the two patterns
    return P._PERSONA_CONTEXT[word]


def _both(text: str, word: str):
    rx, bare = _pair(word)
    want = [(m.span(), m.groups()) for m in rx.finditer(text)]
    got = [(m.span(), m.groups()) for m in P._uses(text, word, rx, bare)]
    return want, got


@pytest.mark.parametrize("seed", range(6))
def test_the_scan_finds_what_finditer_finds(seed: int):
    r = random.Random(seed)
    for _ in range(1500):
        text = "".join(r.choice(PIECES) for _ in range(r.randint(0, 40)))
        for word in WORDS:
            want, got = _both(text, word)
            assert got == want, (text, word)


def test_plain_sentences():
    for text in ("the user cannot pay", "user user user", "xuser user", "the http client user agent",
                 "users / admins / user", "a.user.b user", "user", "", "the api client's user", "end-user user"):
        for word in WORDS:
            want, got = _both(text, word)
            assert got == want, (text, word)


def test_the_scan_is_linear_on_hostile_text():
    """A long run of one word and of near misses: twice the text, about twice the time."""
    rx, bare = _pair("user")
    for unit in ("user ", "xuser ", "a" * 50 + " "):
        times = []
        for n in (4000, 8000):
            text = unit * n
            t = time.perf_counter()
            for _ in P._uses(text, "user", rx, bare):
                pass
            times.append(time.perf_counter() - t)
        assert times[1] < 4 * times[0] + 0.01, (unit, times)


VERB_PIECES = ["growers", "inspectors", "users", "admins", "cannot", "can't", "can", "not", "could", "lose", "lost",
               "wait", "waiting", "wait_", "wait2", "wait-list", "keep", "having", "are", "stuck", "never", "at", "who",
               " ", " ", ",", ".", "'", "-", "_", "\t", "\n", "§", "→", "\x07", "’", "é"]


@pytest.mark.parametrize("seed", range(4))
def test_the_verb_gate_never_hides_an_unlisted_persona(seed: int):
    """Where the word set has no first word of UNLISTED_PERSONA's verbs (and the gate answers), the
    pattern finds nothing: random texts of agent nouns, the verbs, near misses and odd characters."""
    from custlint.analysis import words as W

    r = random.Random(seed)
    told = matched = 0
    for _ in range(4000):
        text = "".join(r.choice(VERB_PIECES) + (" " if r.random() < 0.6 else "") for _ in range(r.randint(1, 12)))
        ws = W.words(text)
        matched += W.UNLISTED_PERSONA.search(text) is not None
        if P._no_unlisted_verb(text, ws):
            told += 1
            assert W.UNLISTED_PERSONA.search(text) is None, text
    assert told > 100 and matched > 100  # the gate answered, and the pattern matched, often enough to be tested


def test_personas_of_several_words_are_looked_for_without_their_longer_forms():
    """"end users" holds "end user": a text holds the longer one only where it holds the shorter,
    so only the shorter is looked for, and the answer is the same."""
    from custlint.analysis.settings import _persona_words

    personas = frozenset({"end user", "end users", "support agent", "support agents", "those who", "shopper"})
    singles, multi = _persona_words(personas)
    assert singles == {"shopper"} and multi == ("end user", "support agent", "those who")
    for text in ("our end users wait", "support agents cannot", "for those who pay", "an end-user", "append users"):
        assert any(m in text for m in multi) == any(m in text for m in personas if " " in m), text


# what UNLISTED_PERSONA's matches are made of: agent nouns (some tech), its connectors and verbs, marks that
# end its clause, and the white space and letters around them
AGENTS = ["growers", "inspectors", "servers", "users", "regulars", "ers", "developers", "accountants", "xers"]
JOINS = [",", ", who", " who", " at", " in", " with a", " from the", " using", " across", ";", ".", ":", " and"]
VERBS = [" cannot", " can't", " can not", " lose", " lost", " want", " wanted", " never", " are stuck",
         " get stuck", " keep having", " end up", " give up", " do not", " don't", " must", " mustard"]
FILL = [" ", "  ", "\n", " the", " remote farms", " a very long clause of words that runs on and on", "é", "2"]


@pytest.mark.parametrize("seed", range(4))
def test_unlisted_personas_finds_what_finditer_finds(seed: int):
    """The windowed search (from a little before each verb) gives finditer's matches, span for span."""
    from custlint.analysis import words as W

    rx = W.UNLISTED_PERSONA.compiled()
    assert P._widest(rx) > 40  # bounded: the window is used, not the plain finditer
    r = random.Random(seed)
    for _ in range(2500):
        text = "".join(r.choice(r.choice((AGENTS, JOINS, VERBS, FILL))) for _ in range(r.randint(0, 30))).lower()
        want = [(m.span(), m.group(1)) for m in rx.finditer(text)]
        assert [(m.span(), m.group(1)) for m in P.unlisted_personas(text)] == want, text


def test_without_urls_is_the_url_pattern_s_substitution():
    """Every run of non-space holding "@" or "://" becomes one space, as the pattern's sub does, on random
    texts of marks, letters and every kind of white space, and with each code point as the separator."""
    rx = P._URL_OR_MAIL.compiled()
    r = random.Random(3)
    alphabet = [*"ab c:/@ \t\n", "\u2028", "\x1c", "\xa0", "\u3000", "é", "://", "@x", " http://x.y/z ", "a@b.c"]
    for _ in range(20000):
        text = "".join(r.choice(alphabet) for _ in range(r.randint(0, 30)))
        assert P.without_urls(text) == rx.sub(" ", text), text
    for cp in range(0x110000):
        text = "x@y" + chr(cp) + "z://w" + chr(cp) + "q"
        assert P.without_urls(text) == rx.sub(" ", text), hex(cp)

"""The parts of the config the analysis reads, fixed once per run: ticket keys, personas, section
names and the patterns derived from them."""

from __future__ import annotations

import re
from functools import lru_cache

from custlint.analysis import vocab
from custlint.core.lazyre import lazy


class Settings:
    """The parts of the config that the analysis reads, fixed once per run."""

    def __init__(
        self,
        projects: tuple[str, ...] = (),
        not_keys: tuple[str, ...] = (),
        personas: frozenset[str] = frozenset(vocab.DEFAULT_PERSONAS),
        problem_names: frozenset[str] = vocab.PROBLEM_SET,
        kpi_names: frozenset[str] = vocab.KPI_SET,
        config=None,
        impact_names: frozenset[str] = vocab.IMPACT_SET,
        remediation_names: frozenset[str] = vocab.REMEDIATION_SET,
        prfaq_names: frozenset[str] = vocab.PRFAQ_SET,
        url_patterns: tuple = (),
        own_personas: frozenset[str] = frozenset(),
    ) -> None:
        self.projects = projects
        self.url_patterns = url_patterns  # compiled ``ticket-url-patterns``
        self.not_keys = not_keys
        self.personas = personas
        self.problem_names = problem_names
        self.kpi_names = kpi_names
        self.config = config  # the whole Config, for checks that need more
        self.impact_names = impact_names
        self.remediation_names = remediation_names
        self.prfaq_names = prfaq_names
        # derived once per run: the hot path reads these as plain attributes
        self.groups = _groups(problem_names, kpi_names, impact_names, remediation_names, prfaq_names)
        self.all_names = _all_names(tuple(self.groups.values()))
        self.label_hint = _label_hint(self.all_names)
        self.persona_words = _persona_words(personas)
        self.own_personas = own_personas  # the config's ``personas``: never read as software parts

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(
            config=config,
            projects=config.ticket_projects,
            not_keys=config.not_ticket_keys,
            personas=frozenset(vocab.DEFAULT_PERSONAS) | {p.lower() for p in config.personas},
            own_personas=frozenset(p.lower() for p in config.personas),
            url_patterns=_url_patterns(tuple(config.ticket_url_patterns)),
        )


@lru_cache(maxsize=8)
def _url_patterns(patterns: tuple[str, ...]) -> tuple:
    """``ticket-url-patterns`` compiled, each checked like a rule pack's pattern (untrusted text runs them)."""
    if not patterns:
        return ()
    from custlint.core.regex_safety import unsafe_reason
    from custlint.core.user_pattern import QuietPattern
    from custlint.errors import UserError

    out = []
    for p in patterns:
        try:
            rx = re.compile(p)
        except re.error as exc:
            raise UserError(
                f"ticket-url-patterns: {p!r} is not a valid regular expression ({exc}); fix it in the config"
            ) from None
        why = unsafe_reason(p)
        if why:
            raise UserError(f"ticket-url-patterns: {p!r} {why}; rewrite it in the config") from None
        out.append(QuietPattern(rx.pattern, rx.flags))  # searched bounded by time (a timeout is a finding)
    return tuple(out)


@lru_cache(maxsize=16)
def _groups(problem, kpi, impact, remediation, prfaq) -> dict[str, frozenset[str]]:
    return {"problem": problem, "kpi": kpi, "impact": impact, "remediation": remediation, "prfaq": prfaq}


@lru_cache(maxsize=16)
def _persona_words(personas: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The one-word personas as a set, and the personas of several words that a text holds as
    substrings: without those that hold a shorter one ("end users" is in every text "end user" is)."""
    multi = [p for p in personas if " " in p]
    return (
        frozenset(p for p in personas if " " not in p),
        tuple(sorted(p for p in multi if not any(o != p and o in p for o in multi))),
    )


@lru_cache(maxsize=16)
def _label_hint(names: frozenset[str]) -> LabelHint:
    return LabelHint(names)


_LABEL_HEAD = lazy(r"[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?(?:\[[ x]\][ \t]+)?[*_]{0,2}")
_LABEL_COLON = lazy(r"[ \t]*(?:[*_]{1,2}[ \t]*)?:")
_SEPARATORS = lazy(r"[\W_]{1,3}")
_FIRST_RUN = lazy(r"[a-z0-9]+")


class LabelHint:
    """A ``Name:`` label at a line start: the fast path's pre-filter (one pass over the body).

    Without Markdown structure a field can only be such a label (or a setext heading, checked
    apart): bold-only lines, ATX headings and tables send a text to the CommonMark reader. The
    answer is that of one regular expression of every name (``[\\W_]{1,3}`` between a name's
    words, ``who's`` also as ``whos``), found without compiling that pattern of some 300
    alternatives in every hook process: a line holding a ``:`` is looked up by the word it starts
    with, and the names of that word are walked as a tree of their words, so that "customer
    problem:" spells "customer" once, not once for each of the fourteen names it starts.
    ``search(text)`` takes the body (lower-cased or not: it lower-cases the lines it reads).
    """

    __slots__ = ("by_first", "prefixes", "short_firsts")

    def __init__(self, names: frozenset[str]) -> None:
        # first run of letters and digits -> a tree of words: word -> (a name ends here, next words)
        by_first: dict[str, dict[str, tuple[bool, dict]]] = {}
        for n in sorted(names):
            words = tuple(w for w in re.split(r"[ -]+", n) if w)
            if not words:
                continue
            keys: tuple[str, ...]
            if words[0] == "whos":
                words = ("who's",) + words[1:]
                keys = ("who", "whos")
            else:
                keys = (_FIRST_RUN.match(words[0]).group(0) if _FIRST_RUN.match(words[0]) else words[0],)
            for k in keys:
                node = by_first.setdefault(k, {})
                for i, w in enumerate(words):
                    final, kids = node.get(w, (False, {}))
                    node[w] = (final or i == len(words) - 1, kids)
                    node = kids
        self.by_first = {k: _by_char(tree) for k, tree in by_first.items()}
        # a line is looked up only when the three characters after its head can start a first run,
        # or the first of them a run shorter than three ("pr" of "pr faq")
        self.prefixes = frozenset(k[:3] for k in by_first if len(k) > 2)
        self.short_firsts = frozenset(k[:1] for k in by_first if len(k) < 3)

    def search(self, text: str):
        """True when a line of ``text`` starts with a label of a name, else None. Only the lines
        holding a ``:`` are read (found from one ``:`` to the next line's), each once, and only they
        are lower-cased: the answer is the pattern's on the lower-cased text (a line lower-cases
        alone as in the whole text: no case mapping reads across a line break), and a text that is
        lower-cased already reads the same."""
        colon = text.find(":")
        by_first, prefixes, short_firsts = self.by_first, self.prefixes, self.short_firsts
        while colon >= 0:
            start = text.rfind("\n", 0, colon) + 1
            end = text.find("\n", colon)
            if end < 0:
                end = len(text)
            line = text[start:end].lower()
            # before a letter _LABEL_HEAD matches nothing; the line holds its ':', so a head of fewer
            # than three characters is in no prefix, as the pattern's three from the text were not
            pos = 0 if "a" <= line[:1] <= "z" else _LABEL_HEAD.match(line).end()
            head = line[pos : pos + 3]
            if head in prefixes or head[:1] in short_firsts:
                run = _FIRST_RUN.match(line, pos)
                if run is not None:
                    tree = by_first.get(run.group(0))
                    if tree is not None and _spelled_at(line, pos, tree):
                        return True
            colon = text.find(":", end)
        return None


Tree = dict[str, tuple[tuple[str, bool, "Tree"], ...]]  # first character -> (word, a name ends here, next words)


def _by_char(tree: dict[str, tuple[bool, dict]]) -> Tree:
    """A tree of words (word -> (a name ends there, next words)) indexed by each word's first
    character, so that a walk tries only the words that can start where it stands."""
    out: dict[str, list[tuple[str, bool, Tree]]] = {}
    for w, (final, kids) in tree.items():
        out.setdefault(w[0], []).append((w, final, _by_char(kids)))
    return {c: tuple(ws) for c, ws in out.items()}


def _spelled_at(text: str, pos: int, tree: Tree) -> bool:
    """Some path of ``tree`` (its words joined by one to three separators) starts at ``pos`` and
    ends a name where a label's colon follows.

    The two patterns are matched only where their first character allows: ``_LABEL_COLON`` when
    the name is followed by ``[ \\t*_]`` (a ``:`` right after it is a match), ``_SEPARATORS``
    unless the separator is one character followed by a letter or digit (``[\\W_]`` is what is
    not ``str.isalnum``)."""
    for w, final, kids in tree.get(text[pos : pos + 1], ()):
        if w == "who's":
            if text.startswith("who's", pos):
                end = pos + 5
            elif text.startswith("whos", pos):
                end = pos + 4
            else:
                continue
        elif text.startswith(w, pos):
            end = pos + len(w)
        else:
            continue
        after = text[end : end + 1]
        if final and (after == ":" or (after in (" ", "\t", "*", "_") and _LABEL_COLON.match(text, end))):
            return True
        if kids and after and not after.isalnum():
            if text[end + 1 : end + 2].isalnum():
                nxt = end + 1
            else:
                m = _SEPARATORS.match(text, end)
                if m is None:
                    continue
                nxt = m.end()
            if _spelled_at(text, nxt, kids):
                return True
    return False


@lru_cache(maxsize=16)
def _all_names(groups: tuple[frozenset[str], ...]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for g in groups:
        out |= g
    return out


DEFAULT_SETTINGS = Settings()

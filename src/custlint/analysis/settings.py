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
    with. ``search(text)`` takes the lower-cased body with a leading newline, as the pattern did.
    """

    __slots__ = ("by_first",)

    def __init__(self, names: frozenset[str]) -> None:
        by_first: dict[str, list[tuple[str, ...]]] = {}
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
                by_first.setdefault(k, []).append(words)
        self.by_first = by_first

    def search(self, text: str):
        if ":" not in text:
            return None
        for line in text.split("\n"):
            if ":" not in line:
                continue
            pos = _LABEL_HEAD.match(line).end()
            run = _FIRST_RUN.match(line, pos)
            if run is None:
                continue
            for words in self.by_first.get(run.group(0), ()):
                end = _spelled_at(line, pos, words)
                if end >= 0 and _LABEL_COLON.match(line, end):
                    return True
        return None


def _spelled_at(text: str, pos: int, words: tuple[str, ...]) -> int:
    """Where ``words`` joined by one to three separators end when they start at ``pos``, else -1."""
    for k, w in enumerate(words):
        if k:
            m = _SEPARATORS.match(text, pos)
            if m is None:
                return -1
            pos = m.end()
        if w == "who's":
            if text.startswith("who's", pos):
                pos += 5
            elif text.startswith("whos", pos):
                pos += 4
            else:
                return -1
        elif text.startswith(w, pos):
            pos += len(w)
        else:
            return -1
    return pos


@lru_cache(maxsize=16)
def _all_names(groups: tuple[frozenset[str], ...]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for g in groups:
        out |= g
    return out


DEFAULT_SETTINGS = Settings()

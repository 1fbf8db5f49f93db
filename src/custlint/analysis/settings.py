"""The parts of the config the analysis reads, fixed once per run: ticket keys, personas, section
names and the patterns derived from them."""

from __future__ import annotations

import re
from functools import lru_cache

from custlint.analysis import vocab


class Settings:
    """The parts of the config that the analysis reads, fixed once per run."""

    def __init__(self, projects: tuple[str, ...] = (), not_keys: tuple[str, ...] = (),
                 personas: frozenset[str] = frozenset(vocab.DEFAULT_PERSONAS),
                 problem_names: frozenset[str] = vocab.PROBLEM_SET, kpi_names: frozenset[str] = vocab.KPI_SET,
                 config=None, impact_names: frozenset[str] = vocab.IMPACT_SET,
                 remediation_names: frozenset[str] = vocab.REMEDIATION_SET,
                 prfaq_names: frozenset[str] = vocab.PRFAQ_SET, url_patterns: tuple = (),
                 own_personas: frozenset[str] = frozenset()) -> None:
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
    from custlint.errors import UserError

    out = []
    for p in patterns:
        try:
            rx = re.compile(p)
        except re.error as exc:
            raise UserError(f"ticket-url-patterns: {p!r} is not a valid regular expression ({exc}); fix it in the config") from None
        why = unsafe_reason(p)
        if why:
            raise UserError(f"ticket-url-patterns: {p!r} {why}; rewrite it in the config") from None
        out.append(rx)
    return tuple(out)


@lru_cache(maxsize=16)
def _groups(problem, kpi, impact, remediation, prfaq) -> dict[str, frozenset[str]]:
    return {"problem": problem, "kpi": kpi, "impact": impact, "remediation": remediation, "prfaq": prfaq}


@lru_cache(maxsize=16)
def _persona_words(personas: frozenset[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    return (frozenset(p for p in personas if " " not in p),
            tuple(sorted(p for p in personas if " " in p)))


@lru_cache(maxsize=16)
def _label_hint(names: frozenset[str]) -> re.Pattern[str]:
    """A ``Name:`` label at a line start: the fast path's pre-filter (one scan of the body).

    Without Markdown structure a field can only be such a label (or a setext heading, checked
    apart): bold-only lines, ATX headings and tables send a text to the CommonMark reader.
    """
    alts = []
    for n in sorted(names, key=len, reverse=True):
        words = [re.escape(w) for w in re.split(r"[ -]+", n) if w]
        alt = r"[\W_]{1,3}".join(words).replace("whos", "who'?s")
        alts.append(alt)
    # a literal "\n" first lets the regex engine jump from line start to line start
    # matched against the lower-cased body: IGNORECASE makes this scan three times slower
    # concatenated, not formatted: the {m,n} quantifiers would need doubled braces in a format string
    return re.compile(r"\n[ \t]*(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+)?(?:\[[ x]\][ \t]+)?[*_]{0,2}(?:"
                      + "|".join(alts) + r")[ \t]*(?:[*_]{1,2}[ \t]*)?:")


@lru_cache(maxsize=16)
def _all_names(groups: tuple[frozenset[str], ...]) -> frozenset[str]:
    out: frozenset[str] = frozenset()
    for g in groups:
        out |= g
    return out


DEFAULT_SETTINGS = Settings()

"""Is the KPI measurable, and does it measure customers rather than applause?

A KPI is measurable when it names a **metric**, a **numeric target** (a number,
a percentage, a from-to change, a bound such as "under 200 ms" or "more than 3
times a month") and a **time window** ("within 6 weeks", "by 2027-03-31", "per
week", "in Q3"). Numbers inside the window, dates, versions, ticket keys and
``p95`` are not targets. All stated KPI fields (and table rows) are judged as
one: a window on one bullet and the target on the next is fine.
"""

from __future__ import annotations

from custlint.analysis import placeholders as _an
from custlint.analysis import prescan
from custlint.analysis import words as W
from custlint.core.record import Record
from custlint.document.sections import Field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from custlint.analysis.analyzer import Analysis

# Words one of which each of the VANITY / BASELINE / RELATIVE patterns needs: cheap set tests first.
_VANITY_HINT = frozenset(
    """impression impressions pageviews views view downloads download installs install installations
sign-ups sign-up signups signup registrations followers follower likes clicks click-throughs click-through ctr visits
visitors hits traffic opens shares retweets mentions new total registered waitlist""".split()
)
_BASELINE_HINT = frozenset(
    "from baseline currently today now up down vs vs. versus compared was were last before current starting".split()
)
_RELATIVE_HINT = frozenset("double doubles halve halves triple triples".split())
_CUES = frozenset("kpi kpis metric metrics measure measured measuring success target goal aim know okr".split())


class KpiVerdict(Record):
    __slots__ = ("field", "text", "number", "window", "metric", "vanity", "baseline", "relative")

    def __init__(
        self,
        field: Field,
        text: str,
        number: bool,
        window: bool,
        metric: bool,
        vanity: str,
        baseline: bool,
        relative: bool,
    ) -> None:
        self.field = field  # the first stated KPI (where findings point)
        self.text = text  # all stated KPI text, normalised
        self.number = number
        self.window = window
        self.metric = metric
        self.vanity = vanity  # the vanity phrase, or ""
        self.baseline = baseline
        self.relative = relative

    @property
    def measurable(self) -> bool:
        return self.number and self.window


def _window(low: str) -> tuple[bool, str]:
    """Whether a normalised KPI text names a time window, and the text without its windows."""
    if W.DIGIT.search(low) or " a " in low or "ly" in low or "per " in low or "q" in low:
        spans = [(m.start(), m.end()) for m in W.WINDOW.finditer(low)]
        if spans:
            parts, pos = [], 0
            for a, b in spans:
                parts.append(low[pos:a])
                pos = b
            parts.append(low[pos:])
            return True, " ".join(parts)
    return False, low


def _number(rest: str) -> bool:
    """A target number in ``rest`` (a KPI text without its windows): none that is a date, a version ..."""
    rest = W.NOT_TARGET.sub(" ", rest) if W.DIGIT.search(rest) else rest
    return bool(W.DIGIT.search(rest)) or bool(W.NUMBER_WORD.search(rest))


def facts(low: str) -> tuple[bool, bool, bool, str, bool, bool]:
    """``(number, window, metric, vanity, baseline, relative)`` of a normalised KPI text."""
    window, rest = _window(low)
    number = _number(rest)
    ws = W.words(low)
    metric = not ws.isdisjoint(W.METRIC) or "%" in low
    vanity = ""
    if not ws.isdisjoint(_VANITY_HINT) or "reach" in low or "page view" in low:
        vm = W.VANITY.search(low)
        if vm and ws.isdisjoint(W.ADOPTION):
            vanity = vm.group(0)
    baseline = (
        bool(W.BASELINE.search(low))
        if (not ws.isdisjoint(_BASELINE_HINT) or "→" in low or "->" in low or ":" in low)
        else False
    )
    relative = (
        bool(W.RELATIVE.search(low))
        if (
            "by " in low
            or "%" in low
            or "up " in low
            or "down " in low
            or "x" in low
            or not ws.isdisjoint(_RELATIVE_HINT)
        )
        else False
    )
    return number, window, metric, vanity, baseline, relative


def judge(a: Analysis) -> KpiVerdict | None:
    fields = a.kpi_fields
    if fields:
        fields = [f for f in fields if not _an.is_placeholder(f.text) and not _an.is_deferred(f.text)]
    if not fields:
        f = a.kpi
        if f is None or f.how != "prose":
            return None
        fields = [f]
    text = W.norm(" ; ".join(f.text for f in fields).replace(":", " ").replace("|", " "))
    number, window, metric, vanity, baseline, relative = facts(text)
    return KpiVerdict(fields[0], text, number, window, metric, vanity, baseline, relative)


def prose_kpi(a: Analysis) -> Field | None:
    """A sentence of the prose that states a measurable KPI: a cue word (KPI, metric, success, target,
    "we will know", ...) with a numeric target and a time window."""
    # Every sentence below needs a cue word or an _AHEAD word of its own, and a sentence's words are
    # words of the whole prose (the same text cut at spaces and the same marks; a sentence is cut at
    # MAX_JUDGED characters, which could shorten a word, only in a longer prose), so without one the
    # prose states no KPI. Tested first on the text (a word of the prose is a part of it), before
    # the prose's word set is built; then on the word set.
    # Without a cue word, the lean test below needs "from" or an arrow in the prose too: tested here,
    # before the word set is built (most prose that has an _AHEAD word, "will", "should", has no cue word).
    lean = prescan.ENABLED and len(a.prose) <= W.MAX_JUDGED
    if lean:
        low = a.lower
        built = a.words_if_built()  # the prose's word set, where another analysis built it
        if built is not None:
            if built.isdisjoint(_CUES) and (built.isdisjoint(_AHEAD) or not _transition_mark(low)):
                return None
        elif not prescan.holds_any(low, _CUE_PARTS) and (
            not _transition_mark(low) or not prescan.holds_any(low, _AHEAD_PARTS)
        ):
            return None
    ws = a.words
    cued = not ws.isdisjoint(_CUES)
    if not cued and "to " not in a.lower and ">" not in a.lower and "→" not in a.lower:
        return None
    if lean and not cued:
        # no sentence has a cue word: one is a KPI only with an _AHEAD word, a metric (or "%") and a
        # _TRANSITION, which needs "from" or an arrow; a sentence's text, normalised, holds those only
        # where the prose does (normalising lower-cases and turns marks and runs of spaces into one space)
        if ws.isdisjoint(_AHEAD) or (ws.isdisjoint(W.METRIC) and "%" not in low) or not _transition_mark(low):
            return None
    if not W.DIGIT.search(a.prose) and not W.NUMBER_WORD.search(a.lower):
        return None
    # the cue parts the prose holds, the only ones a sentence can hold: a sentence is a stretch of the
    # prose's lines joined at spaces, and normalising it only turns marks and white space into spaces,
    # so a run of letters in it is a run of letters of the prose (so each sentence tests one or two, not ten)
    held = tuple([p for p in _CUE_PARTS if p in a.lower]) if lean else _CUE_PARTS
    for sentence, line in a.memo("prose_sentences", W.prose_sentences):
        low = W.norm(sentence)
        if lean and not _transition_mark(low) and not prescan.holds_any(low, held):
            # a word of the sentence is a part of its text: without a cue part it has no cue word, and
            # without "from" or an arrow no _TRANSITION either, so it is no KPI (its word set not built)
            continue
        sws = W.words(low)
        if sws.isdisjoint(_CUES):
            # no cue word, but a metric expected to move from one number to another ("we expect
            # click-through 0.3% -> 2%"): a KPI as stated, judged like one (here: no window, KP205) rather
            # than read as none; a measured result ("binary size from 20 MB to 15 MB") is no target
            if not sws.isdisjoint(_AHEAD) and _TRANSITION.search(low) and (not sws.isdisjoint(W.METRIC) or "%" in low):
                return Field("prose", sentence.strip(), a.doc.file_line(line), "prose")
            continue
        # facts(low)'s number, window and metric, without its vanity, baseline and relative (not read
        # here), each only where what comes before holds
        window, rest = _window(low)
        if window and (not sws.isdisjoint(W.METRIC) or "%" in low or not sws.isdisjoint(_CUES)) and _number(rest):
            return Field("prose", sentence.strip(), a.doc.file_line(line), "prose")
    return None


_AHEAD = frozenset(
    "expected expect expects expecting should will aim aims hope hoping want wants goal target "
    "projected estimate estimated forecast".split()
)


def _parts(ws: frozenset[str]) -> tuple[str, ...]:
    """Text to look for, one part of which every word of ``ws`` holds: a word that holds another
    ("kpis", "kpi") is found by the shorter one."""
    return tuple(sorted(w for w in ws if not any(o != w and o in w for o in ws)))


# the words one of which prose_kpi's sentences need: a cue word, or an _AHEAD word (with "from" or an arrow)
_CUE_PARTS = _parts(_CUES)
_AHEAD_PARTS = _parts(_AHEAD)


def _transition_mark(low: str) -> bool:
    """``low`` holds what every _TRANSITION match holds: "from" or an arrow."""
    return "from" in low or "->" in low or "→" in low or "=>" in low


_TRANSITION = W.lazy(
    r"\bfrom (?:about |around |~)?\d[\d.,]{0,12} ?(?:%|[a-z]{1,8})? to (?:about |around |~|under |below |over )?\d"
    r"|\d[\d.,]{0,12} ?(?:%|[a-z]{1,8})? ?(?:->|→|=>) ?~?\d"
)


def example_window(text: str) -> str:
    return f"'{W.plain(text, 50)} within 8 weeks of launch'"


def example_target(text: str, window: bool = False) -> str:
    """'<their words>: from <baseline> to <target>' (plus 'by <date>' when they gave no window)."""
    return f"'{W.plain(text, 40)}: from <baseline> to <target>{'' if window else ' by <date>'}'"

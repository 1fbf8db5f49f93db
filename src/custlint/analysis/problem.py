"""Is the customer problem a problem, and is there a customer in it?

A substantive customer problem says **who** is affected (a persona: customer,
seller, driver, ... plus the config's ``personas``) and **what goes wrong for
them**. The ways a filled-in problem field still fails a product lead:

- ``solution`` (CP103): a solution stated as the problem ("Add a Buy again
  button ..."): it starts with a change someone makes and says nothing that goes wrong;
- ``internal`` (CP104): no customer in it: only the inside of the system ("the
  cache layer is slow and the code is hard to maintain"), what competitors have,
  what a stakeholder asked for, a metric that is low, or a few words with no one
  and nothing going wrong ("coupons could be better");
- ``no-pain`` (CP105): a few words that name who but not what goes wrong for them
  ("sellers and their accountants").

Longer statements get the benefit of the doubt: precision comes first.
"""

from __future__ import annotations

from custlint.analysis import personas as _personas
from custlint.analysis import placeholders as _an
from custlint.analysis import vocab
from custlint.analysis import words as W
from custlint.core.record import Record
from custlint.document.refs import find_refs, may_hold_ref
from custlint.document.sections import Field, label_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from custlint.analysis.analyzer import Analysis


class ProblemVerdict(Record):
    __slots__ = ("field", "kind", "persona", "pain")

    def __init__(self, field: Field, kind: str, persona: bool, pain: bool) -> None:
        self.field = field
        self.kind = kind  # ok | solution | internal | no-pain
        self.persona = persona
        self.pain = pain


def judge_text(a: Analysis, text: str) -> tuple[str, bool, bool]:
    """``(kind, persona, pain)`` of one problem text."""
    low = W.norm(text)
    ws = W.words(low)
    persona = _personas.has_persona(a.settings, low, ws)  # (a.has_persona, one call less)
    m = W.SOLUTION_START.match(low)
    rest_ws = W.words(low[m.end() :]) if m else ws
    # broad words ("needs", "only", "no", "without") are no pain on their own: "the page needs work" hurts nobody
    phrase: bool | None = None  # W.PAIN_PHRASE is in low: searched once, where first asked
    pain = not rest_ws.isdisjoint(W.PAIN_STRONG)
    if not pain:
        phrase = W.PAIN_PHRASE.search(low) is not None
        pain = phrase or W.user_story(low)
    if m and not pain and not (persona and not ws.isdisjoint(W.PAIN_STRONG)):
        return "solution", persona, pain
    if (
        persona
        and not pain
        and len(low.split()) <= 8
        and not W.DIGIT.search(low)
        and ws.isdisjoint(W.PAIN_STRONG)  # (no user story either: "not pain" said so)
    ):
        return "no-pain", persona, pain  # "sellers and their accountants": who, but nothing goes wrong
    if (
        ws.isdisjoint(W.PAIN_STRONG)
        and not (W.PAIN_PHRASE.search(low) if phrase is None else phrase)
        and W.NOT_A_CUSTOMER.search(low)
    ):
        return "internal", persona, pain  # a competitor, a stakeholder's wish, a metric: nobody here is hurt
    if not persona:
        # nobody named: a customer is implied only where the text says something goes wrong at a place
        # customers meet (checkout, orders, search, ...) and nothing about the inside of the system
        if not any(_implied_customer(c) for c in _CLAUSES.split(low)):
            return "internal", persona, pain
    return "ok", persona, pain


_CLAUSES = W.lazy(r"[,;:]|\b(?:and|but|when|because|so|while|which|whereas|if|since)\b")


def _implied_customer(clause: str) -> bool:
    """One clause says something goes wrong at a place customers meet, and names nothing of the inside
    of the system: "checkout fails for 2% of orders" (not "the code is hard to extend")."""
    cws = W.words(clause)
    return (
        not cws.isdisjoint(W.SURFACE)
        and cws.isdisjoint(W.INTERNAL)
        and (not cws.isdisjoint(W.PAIN_STRONG) or bool(W.PAIN_PHRASE.search(clause)))
    )


def judge_fields(a: Analysis) -> ProblemVerdict | None:
    """The verdict on the stated problem fields: ok when any of them is ok, else the first one's flaw."""
    fields = a.problem_fields
    if not fields:
        return None
    first: ProblemVerdict | None = None
    for f in fields:
        if _an.is_placeholder(f.text) or _an.is_deferred(f.text):
            continue
        if _cites_ticket(a, f.text):
            # "Part of the checkout investigation in acme/shop#12": the field hands the problem to a ticket,
            # which holds the customer (as a reference does for CP101); its own words are not the statement
            return ProblemVerdict(f, "ok", False, False)
        kind, persona, pain = judge_text(a, f.text)
        v = ProblemVerdict(f, kind, persona, pain)
        if kind == "ok":
            return v
        first = first or v
    return first


def _cites_ticket(a: Analysis, text: str) -> bool:
    """The field's text references a ticket (key, #N, owner/repo#N or tracker URL) the document links."""
    if not a.has_refs:  # bool(a.refs), without the list where the lean path can tell
        return False
    s = a.settings
    if not s.url_patterns and not may_hold_ref(text):
        return False  # no reference form in the field (the prose's own gate): the list is not needed
    own = {r.id for r in a.refs}
    return any(
        r.id in own for r in find_refs(text, projects=s.projects, not_keys=s.not_keys, url_patterns=s.url_patterns)
    )


def prose_problem(a: Analysis) -> Field | None:
    """A sentence of the prose (title included) that names a persona and something going wrong for them."""
    ws = a.words
    low_all = a.lower
    settings = a.settings
    has_persona = _personas.has_persona  # a.has_persona, one call less each time
    if not has_persona(settings, low_all, ws) or (ws.isdisjoint(W.PAIN_STRONG) and not _pain_phrase(low_all)):
        return None
    # the sentence before: text, block, persona (None: not asked yet), pain, its normalised text and words
    prev: tuple[str, int, bool | None, bool, str, set[str]] | None = None
    skipping = 0  # the level of a heading whose section tells the solution's own costs, while inside it
    for sentence, line in a.memo("prose_sentences", W.prose_sentences):
        if sentence.startswith(("#", "|")):
            prev = None
            if sentence.startswith("#"):
                level = len(sentence) - len(sentence.lstrip("#"))
                if skipping and level <= skipping:
                    skipping = 0
                if not skipping and vocab.norm_name(sentence) in vocab.SOLUTION_COST_SET:
                    skipping = level
            continue
        if skipping:
            continue
        lab = label_of(sentence)
        if lab is not None and ":" in sentence[:60]:
            sentence = lab[1]  # judge what follows a label, not the label ("Customer problem:")
        if _an.is_placeholder(sentence):
            prev = None
            continue
        low = W.norm(sentence)
        sws = W.words(low)
        verb, _, rest = low.partition(" ")
        # "reject tokens of banned users": the change's own verb, not a pain; the rest is read for one
        said, pws = (rest, W.words(rest)) if rest and verb in W.CHANGE_VERBS else (low, sws)
        pain = bool(not pws.isdisjoint(W.PAIN_STRONG) or W.PAIN_PHRASE.search(said) or W.user_story(low))
        # who is named is asked only where the answer counts: in a sentence with pain, or beside one of its
        # paragraph (the sentence before, or the next one when it comes); most sentences have neither
        persona: bool | None = None
        if pain:
            persona = has_persona(settings, low, sws)
            if persona:
                return Field("prose", sentence.strip(), a.doc.file_line(line), "prose")
        if prev is not None and prev[1] == line:
            if pain:
                two = prev[2] if prev[2] is not None else has_persona(settings, prev[4], prev[5])
            else:
                two = prev[3] and has_persona(settings, low, sws)
            if two:
                # one thought in two sentences of a paragraph: "It is confusing in real deployments. This lets
                # operators set their own name." (sentences of one block share its first line)
                return Field("prose", f"{prev[0].strip()} {sentence.strip()}", a.doc.file_line(line), "prose")
        prev = (sentence, line, persona, pain, low, sws)
    return None


def _pain_phrase(low: str) -> bool:
    """A pain phrase or user story anywhere, also where the author wrapped it ("didn't\\ncommunicate").
    Where the text has line breaks, tabs or runs of spaces only its one-line form is searched: both patterns
    spell white space as one space between other characters, so a match in the text is one in that form too."""
    if "\n" not in low and "\t" not in low and "  " not in low:
        return bool(W.PAIN_PHRASE.search(low) or W.user_story(low))
    one_line = " ".join(low.split())
    return bool(W.PAIN_PHRASE.search(one_line) or W.user_story(one_line))


def rewrite_hint(a: Analysis, text: str) -> str:
    """A short rewrite of a solution-shaped problem into a customer problem."""
    low = W.norm(text)
    singles, multi = a.settings.persona_words
    who = next((w for w in W.WORD.findall(low) if w in singles), None) or "<who>"
    m = W.SOLUTION_START.match(low)
    what = W.plain(low[m.end() :], 40) if m else "<what they try to do>"
    return f"'{who} cannot <do what> today without {what}, so <what it costs them>'"

"""Checks of rules/prfaq.toml: a press release / PR-FAQ document has a headline, a customer problem, a solution, a quote and an FAQ (`custlint prfaq FILE`, or a ticket labelled prfaq)."""

from __future__ import annotations

from custlint.analysis import problem as P
from custlint.analysis.words import plain
from custlint.engine.registry import Hit, check


def _prfaq(a):
    from custlint.analysis import prfaq

    return a.memo("prfaq_doc", prfaq.read)


def _filled(a, kind):
    from custlint.analysis.placeholders import is_placeholder

    return [s for s in _prfaq(a).sections.get(kind, []) if not is_placeholder(s[2])]


@check("prfaq-headline")
def prfaq_headline(doc, a, params):
    d = _prfaq(a)
    if not d.headline or len(d.headline.split()) < 3:
        yield Hit(line=doc.file_line(1), detail={"value": plain(d.headline or doc.title, 60)})


@check("prfaq-problem")
def prfaq_problem(doc, a, params):
    sections = _prfaq(a).sections.get("problem", [])
    filled = _filled(a, "problem")
    if not filled:
        line = sections[0][1] if sections else None
        yield Hit(
            line=line,
            detail={
                "what": "has no customer problem section" if not sections else "has an empty customer problem section"
            },
        )
        return
    verdicts = [(s, P.judge_text(a, s[2])) for s in filled]
    if any(kind == "ok" and persona for s, (kind, persona, pain) in verdicts):
        return
    s, (kind, persona, pain) = verdicts[0]
    what = {
        "solution": "states a solution as the customer problem",
        "internal": "has a customer problem with no customer in it",
        "no-pain": "names who is affected but not what goes wrong for them",
    }.get(kind, "does not say who is affected")
    yield Hit(line=s[1], detail={"what": what})


@check("prfaq-solution")
def prfaq_solution(doc, a, params):
    if not _filled(a, "solution"):
        sections = _prfaq(a).sections.get("solution", [])
        yield Hit(line=sections[0][1] if sections else None)


@check("prfaq-quote")
def prfaq_quote(doc, a, params):
    d = _prfaq(a)
    if _filled(a, "quote") or d.has_blockquote or d.quoted:
        return
    sections = d.sections.get("quote", [])
    yield Hit(line=sections[0][1] if sections else None)


@check("prfaq-faq")
def prfaq_faq(doc, a, params):
    from custlint.analysis import prfaq

    sections = _prfaq(a).sections.get("faq", [])
    if any(prfaq.has_question(s[2]) for s in sections):
        return
    yield Hit(
        line=sections[0][1] if sections else None,
        detail={"what": "has no FAQ section" if not sections else "has an FAQ section with no question in it"},
    )

"""Checks of a product lead's judgement: is the problem a customer's, is the KPI measurable and not
vanity, does a fix make it right for the customers it hurt, does a feature work backwards."""

from __future__ import annotations

from custlint import kpi as K
from custlint import problem as P
from custlint.checks import Hit, check
from custlint.words import plain


@check("customer-problem-solution")
def customer_problem_solution(doc, a, params):
    v = a.problem_verdict
    if v is not None and v.kind == "solution":
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": P.rewrite_hint(a, v.field.text)})


@check("customer-problem-internal")
def customer_problem_internal(doc, a, params):
    v = a.problem_verdict
    if v is not None and v.kind == "internal":
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)})


@check("customer-problem-no-pain")
def customer_problem_no_pain(doc, a, params):
    v = a.problem_verdict
    if v is not None and v.kind == "no-pain":
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)})


@check("kpi-vague")
def kpi_vague(doc, a, params):
    v = a.kpi_verdict
    if v is not None and not v.number and not v.metric:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text, v.window)})


@check("kpi-no-number")
def kpi_no_number(doc, a, params):
    v = a.kpi_verdict
    if v is not None and not v.number and v.metric:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text, v.window)})


@check("kpi-no-window")
def kpi_no_window(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.number and not v.window:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_window(v.field.text)})


@check("vanity-metric")
def vanity_metric(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.vanity:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "vanity": v.vanity})


@check("kpi-no-baseline")
def kpi_no_baseline(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.number and v.relative and not v.baseline:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)})


@check("fix-impact-missing")
def fix_impact_missing(doc, a, params):
    r = a.remediation
    if not r.no_impact and r.impact is None:
        yield Hit()


@check("fix-impact-scope")
def fix_impact_scope(doc, a, params):
    r = a.remediation
    if r.no_impact or r.impact is None or (r.how_many and r.since):
        return
    missing = " and ".join(w for w, ok in (("how many", r.how_many), ("since when", r.since)) if not ok)
    yield Hit(line=r.impact.line, detail={"missing": missing, "value": plain(r.impact.text, 60)})


@check("fix-remediation-missing")
def fix_remediation_missing(doc, a, params):
    r = a.remediation
    if not r.no_impact and r.remedy is None:
        yield Hit()


@check("remediation-complainers-only")
def remediation_complainers_only(doc, a, params):
    r = a.remediation
    if r.remedy is not None and r.complainers_only and not r.no_impact:
        yield Hit(line=r.remedy.line, detail={"value": plain(r.remedy.text, 60)})


@check("prfaq-missing")
def prfaq_missing(doc, a, params):
    p = a.prfaq
    if not p.link and p.named_line is None:
        yield Hit()


@check("prfaq-not-linked")
def prfaq_not_linked(doc, a, params):
    p = a.prfaq
    if not p.link and p.named_line is not None:
        yield Hit(line=p.named_line)


# -- the PR-FAQ document itself (`custlint prfaq FILE`, or a ticket labelled prfaq) ----------------

def _prfaq(a):
    from custlint import prfaq

    return a.memo("prfaq_doc", prfaq.read)


def _filled(a, kind):
    from custlint.analysis import is_placeholder

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
        yield Hit(line=line, detail={"what": "has no customer problem section" if not sections else "has an empty customer problem section"})
        return
    verdicts = [(s, P.judge_text(a, s[2])) for s in filled]
    if any(kind == "ok" and persona for s, (kind, persona, pain) in verdicts):
        return
    s, (kind, persona, pain) = verdicts[0]
    what = {"solution": "states a solution as the customer problem",
            "internal": "has a customer problem with no customer in it",
            "no-pain": "names who is affected but not what goes wrong for them"}.get(kind, "does not say who is affected")
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
    from custlint import prfaq

    sections = _prfaq(a).sections.get("faq", [])
    if any(prfaq.has_question(s[2]) for s in sections):
        return
    yield Hit(line=sections[0][1] if sections else None,
              detail={"what": "has no FAQ section" if not sections else "has an FAQ section with no question in it"})

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


def _kpi(a):
    v = a.kpi_verdict
    return v


@check("kpi-vague")
def kpi_vague(doc, a, params):
    v = _kpi(a)
    if v is not None and not v.number and not v.metric:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text)})


@check("kpi-no-number")
def kpi_no_number(doc, a, params):
    v = _kpi(a)
    if v is not None and not v.number and v.metric:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text)})


@check("kpi-no-window")
def kpi_no_window(doc, a, params):
    v = _kpi(a)
    if v is not None and v.number and not v.window:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_window(v.field.text)})


@check("vanity-metric")
def vanity_metric(doc, a, params):
    v = _kpi(a)
    if v is not None and v.vanity:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "vanity": v.vanity})


@check("kpi-no-baseline")
def kpi_no_baseline(doc, a, params):
    v = _kpi(a)
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
        yield Hit(line=p.named_line, detail={"value": plain(p.named_text, 60)})

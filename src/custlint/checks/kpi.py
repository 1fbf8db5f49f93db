"""Checks of rules/kpi.toml: the stated KPI is measurable (a metric, a number, a window), not vanity, and a relative target has a baseline."""

from __future__ import annotations

from operator import attrgetter

from custlint.analysis import kpi as K
from custlint.analysis.words import plain
from custlint.engine.registry import Hit, check

_VERDICT = attrgetter("kpi_verdict")  # what each check reads first: None (no KPI stated), no hit


@check("kpi-vague", needs=_VERDICT)
def kpi_vague(doc, a, params):
    v = a.kpi_verdict
    if v is not None and not v.number and not v.metric:
        yield Hit(
            line=v.field.line,
            detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text, v.window)},
        )


@check("kpi-no-number", needs=_VERDICT)
def kpi_no_number(doc, a, params):
    v = a.kpi_verdict
    if v is not None and not v.number and v.metric:
        yield Hit(
            line=v.field.line,
            detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text, v.window)},
        )


@check("kpi-no-window", needs=_VERDICT)
def kpi_no_window(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.number and not v.window:
        yield Hit(
            line=v.field.line, detail={"value": plain(v.field.text, 60), "rewrite": K.example_window(v.field.text)}
        )


@check("vanity-metric", needs=_VERDICT)
def vanity_metric(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.vanity:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "vanity": v.vanity})


@check("kpi-no-baseline", needs=_VERDICT)
def kpi_no_baseline(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.number and v.relative and not v.baseline:
        yield Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)})

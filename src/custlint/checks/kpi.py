"""Checks of rules/kpi.toml: the stated KPI is measurable (a metric, a number, a window), not vanity, and a relative target has a baseline."""

from __future__ import annotations

from operator import attrgetter

from custlint.analysis import kpi as K
from custlint.analysis.words import plain
from custlint.engine.registry import NO_HITS, Hit, check

_VERDICT = attrgetter("kpi_verdict")  # what each check reads first: None (no KPI stated), no hit


@check("kpi-vague", needs=_VERDICT)
def kpi_vague(doc, a, params):
    v = a.kpi_verdict
    if v is not None and not v.number and not v.metric:
        return (
            Hit(
                line=v.field.line,
                detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text, v.window)},
            ),
        )
    return NO_HITS


@check("kpi-no-number", needs=_VERDICT)
def kpi_no_number(doc, a, params):
    v = a.kpi_verdict
    if v is not None and not v.number and v.metric:
        return (
            Hit(
                line=v.field.line,
                detail={"value": plain(v.field.text, 60), "rewrite": K.example_target(v.field.text, v.window)},
            ),
        )
    return NO_HITS


@check("kpi-no-window", needs=_VERDICT)
def kpi_no_window(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.number and not v.window:
        return (
            Hit(
                line=v.field.line,
                detail={"value": plain(v.field.text, 60), "rewrite": K.example_window(v.field.text)},
            ),
        )
    return NO_HITS


@check("vanity-metric", needs=_VERDICT)
def vanity_metric(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.vanity:
        return (Hit(line=v.field.line, detail={"value": plain(v.field.text, 60), "vanity": v.vanity}),)
    return NO_HITS


@check("kpi-no-baseline", needs=_VERDICT)
def kpi_no_baseline(doc, a, params):
    v = a.kpi_verdict
    if v is not None and v.number and v.relative and not v.baseline:
        return (Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)}),)
    return NO_HITS

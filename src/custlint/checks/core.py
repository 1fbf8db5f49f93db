"""The foundation checks: a commit, PR or ticket links a customer problem and a KPI."""

from __future__ import annotations

from custlint.engine.registry import Hit, check


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@check("customer-problem-linked")
def customer_problem_linked(doc, a, params):
    if a.problem_linked or a.problem_placeholder is not None:
        return
    yield Hit()


@check("customer-problem-placeholder")
def customer_problem_placeholder(doc, a, params):
    f = a.problem_placeholder
    if f is None or a.refs:
        return
    yield Hit(line=f.line, detail={"value": _shorten(f.text) or "(empty)"})


@check("kpi-linked")
def kpi_linked(doc, a, params):
    if a.kpi_linked or a.kpi_placeholder is not None:
        return
    yield Hit()


@check("kpi-placeholder")
def kpi_placeholder(doc, a, params):
    f = a.kpi_placeholder
    if f is None or a.refs:
        return
    yield Hit(line=f.line, detail={"value": _shorten(f.text) or "(empty)"})


@check("skip-reason")
def skip_reason(doc, a, params):
    skip = a.skip
    if skip is not None and not skip[1]:
        t = doc.trailer("custlint-skip")
        yield Hit(line=t.line if t else None)

"""Checks of rules/problem.toml: the stated customer problem is a customer's (not a solution, not the inside of the system) and says what goes wrong for them."""

from __future__ import annotations

from operator import attrgetter

from custlint.analysis import problem as P
from custlint.analysis.words import plain
from custlint.engine.registry import NO_HITS, Hit, check

_VERDICT = attrgetter("problem_verdict")  # what each check reads first: None (no problem stated), no hit


@check("customer-problem-solution", needs=_VERDICT)
def customer_problem_solution(doc, a, params):
    v = a.problem_verdict
    if v is not None and v.kind == "solution":
        return (
            Hit(
                line=v.field.line,
                detail={"value": plain(v.field.text, 60), "rewrite": P.rewrite_hint(a, v.field.text)},
            ),
        )
    return NO_HITS


@check("customer-problem-internal", needs=_VERDICT)
def customer_problem_internal(doc, a, params):
    v = a.problem_verdict
    if v is not None and v.kind == "internal":
        return (Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)}),)
    return NO_HITS


@check("customer-problem-no-pain", needs=_VERDICT)
def customer_problem_no_pain(doc, a, params):
    v = a.problem_verdict
    if v is not None and v.kind == "no-pain":
        return (Hit(line=v.field.line, detail={"value": plain(v.field.text, 60)}),)
    return NO_HITS

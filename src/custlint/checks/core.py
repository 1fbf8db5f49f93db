"""The foundation checks: a commit, PR or ticket links a customer problem and a KPI."""

from __future__ import annotations

from operator import attrgetter

from custlint.engine.registry import NO_HITS, Hit, check

_SKIPS = attrgetter("skips")  # no Custlint-Skip trailer: neither skip rule fires


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@check("customer-problem-linked")
def customer_problem_linked(doc, a, params):
    if a.problem_linked or a.problem_placeholder is not None:
        return NO_HITS
    return (Hit(),)


@check("customer-problem-placeholder", needs=attrgetter("problem_placeholder"))
def customer_problem_placeholder(doc, a, params):
    f = a.problem_placeholder
    if f is None or a.has_refs:
        return NO_HITS
    return (Hit(line=f.line, detail={"value": _shorten(f.text) or "(empty)"}),)


@check("kpi-linked")
def kpi_linked(doc, a, params):
    if a.kpi_linked or a.kpi_placeholder is not None:
        return NO_HITS
    return (Hit(),)


@check("kpi-placeholder", needs=attrgetter("kpi_placeholder"))
def kpi_placeholder(doc, a, params):
    f = a.kpi_placeholder
    if f is None or a.has_refs:
        return NO_HITS
    return (Hit(line=f.line, detail={"value": _shorten(f.text) or "(empty)"}),)


@check("skip-reason", needs=_SKIPS)
def skip_reason(doc, a, params):
    for codes, reason, line in a.skips:
        if reason:
            continue
        if not codes:
            yield Hit(line=line or None)
        else:
            named = ", ".join(codes)
            yield Hit(
                line=line or None,
                message=f"Custlint-Skip: {named} has no reason, so {named} is not skipped.",
                fix=f"Say why {named} does not apply here: 'Custlint-Skip: {named} <reason>'.",
            )


@check("rule-skipped", needs=_SKIPS)
def rule_skipped(doc, a, params):
    for codes, reason, line in a.skips:
        if codes and reason:
            yield Hit(line=line or None, detail={"rules": ", ".join(codes), "reason": reason})


@check("skip-label-reason")
def skip_label_missing_reason(doc, a, params):
    config = a.settings.config
    if config is None or doc.kind != "pr" or not config.exempt.skip_labels:
        return
    from custlint.analysis.exemptions import skip_label, skip_label_reason, skip_labels

    label = skip_label(doc, skip_labels(config))
    if label is not None and not skip_label_reason(doc, a.skip):
        yield Hit(detail={"label": label})

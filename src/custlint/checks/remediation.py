"""Checks of rules/remediation.toml: a bug fix says whom it hurt, how many and since when, and how they are made whole."""

from __future__ import annotations

from custlint.analysis import prescan
from custlint.analysis.words import plain
from custlint.engine.registry import NO_HITS, Hit, check


def _may_fire(a) -> bool:
    """False where none of these rules can fire, so that the fix's verdict is not worked out: a commit
    or PR that references its ticket (``in_ticket``) leaves CR301/CR303 to the ticket, holds only an
    impact *field* to CR302 and only a remediation *field* to CR304; without impact, problem and
    remediation fields nothing is left. The lean path's gate (:mod:`custlint.analysis.prescan`)."""
    if not prescan.ENABLED or a.doc.kind == "ticket" or not a.has_refs:
        return True
    return bool(a.fields("impact") or a.problem_fields or a.fields("remediation"))


@check("fix-impact-missing", needs=_may_fire)
def fix_impact_missing(doc, a, params):
    r = a.remediation
    if not r.no_impact and r.impact is None and not r.in_ticket:
        return (Hit(),)
    return NO_HITS


@check("fix-impact-scope", needs=_may_fire)
def fix_impact_scope(doc, a, params):
    r = a.remediation
    if r.no_impact or r.impact is None or (r.how_many and r.since):
        return NO_HITS
    if r.in_ticket and (r.impact.how == "prose" or r.impact.name not in a.settings.impact_names):
        return NO_HITS  # with its ticket referenced, only an impact the text states as such is held to who, how many, since
    missing = " and ".join(w for w, ok in (("how many", r.how_many), ("since when", r.since)) if not ok)
    return (Hit(line=r.impact.line, detail={"missing": missing, "value": plain(r.impact.text, 60)}),)


@check("fix-remediation-missing", needs=_may_fire)
def fix_remediation_missing(doc, a, params):
    r = a.remediation
    if not r.no_impact and r.remedy is None and not r.in_ticket:
        return (Hit(),)
    return NO_HITS


@check("remediation-complainers-only", needs=_may_fire)
def remediation_complainers_only(doc, a, params):
    r = a.remediation
    if (
        r.remedy is not None
        and r.complainers_only
        and not r.no_impact
        and not (r.in_ticket and r.remedy.how == "prose")
    ):
        return (Hit(line=r.remedy.line, detail={"value": plain(r.remedy.text, 60)}),)
    return NO_HITS

"""Checks of rules/working-backwards.toml: a feature links its press release / PR-FAQ."""

from __future__ import annotations

from custlint.engine.registry import NO_HITS, Hit, check


def _inherits(doc, a) -> bool:
    """A commit or PR that references its ticket inherits the ticket's PR-FAQ: working backwards
    belongs where the feature is planned (the ticket, or a PR without one)."""
    return doc.kind != "ticket" and a.has_refs


@check("prfaq-missing")
def prfaq_missing(doc, a, params):
    p = a.prfaq
    if not p.link and p.named_line is None and not _inherits(doc, a):
        return (Hit(),)
    return NO_HITS


@check("prfaq-not-linked")
def prfaq_not_linked(doc, a, params):
    p = a.prfaq
    if not p.link and p.named_line is not None and not _inherits(doc, a):
        return (Hit(line=p.named_line),)
    return NO_HITS

"""Checks of rules/working-backwards.toml: a feature links its press release / PR-FAQ."""

from __future__ import annotations

from custlint.engine.registry import Hit, check


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

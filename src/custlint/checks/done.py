"""Done in production: a commit or PR must not mark work done when merging only reaches a branch."""

from __future__ import annotations

from custlint.analysis.done import claims as _claims
from custlint.analysis.done import claims_of_kind, target_deploys
from custlint.engine.registry import NO_HITS, Hit, check
from custlint.sources import ci_env


def target_branch(doc, config) -> str:
    """The branch the work merges into: the document's (a PR/MR's base, where commits land), the
    CI's target branch (read once per run, :mod:`custlint.sources.ci_env`), or the configured default."""
    target = doc.extra.get("target_branch") or ""
    if not target:
        target = ci_env.current().target_branch
    if not target and config is not None:
        target = config.default_branch
    return target.removeprefix("refs/heads/")


# no done claim of any kind: none of the done rules fires; none of its kind: not this rule
@check("done-claim", needs=_claims, wants=claims_of_kind)
def done_claim(doc, a, params):
    """Claims of one kind (``params.claim``: closing, transition, label, checkbox, status)."""
    claims = claims_of_kind(a, params)
    if not claims:
        return NO_HITS
    config = a.settings.config
    target = target_branch(doc, config)
    if target_deploys(config, target):
        return NO_HITS  # allowed, and the command says so in its notes
    into = f" into '{target}'" if target else ""
    if len(claims) == 1:  # most often one: its hit without a generator's frame
        return (_hit(doc, claims[0], into, target),)
    return (_hit(doc, c, into, target) for c in claims)  # lazily: the engine lists a rule's first few


def _hit(doc, c, into: str, target: str) -> Hit:
    # positional: a class called with keywords builds a dict of them (a third of the Hit's cost)
    return Hit(
        doc.file_line(c.line) if c.line else None,
        {"claim": c.text, "ref": c.ref or "the issue", "into": into, "target": target or "the target branch"},
    )

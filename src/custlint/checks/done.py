"""Done in production: a commit or PR must not mark work done when merging only reaches a branch."""

from __future__ import annotations

from custlint.analysis.done import find_done_claims, target_deploys
from custlint.engine.registry import Hit, check
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


def _by_kind(a) -> dict:
    """The document's done claims by kind (each of the five done rules reads one kind)."""
    out: dict = {}
    for c in a.memo("done_claims", find_done_claims):
        out.setdefault(c.kind, []).append(c)
    return out


def _claims(a) -> dict:
    return a.memo("done_claims_by_kind", _by_kind)


def _claims_of_kind(a, params) -> list | None:
    return _claims(a).get(params.get("claim"))


# no done claim of any kind: none of the done rules fires; none of its kind: not this rule
@check("done-claim", needs=_claims, wants=_claims_of_kind)
def done_claim(doc, a, params):
    """Claims of one kind (``params.claim``: closing, transition, label, checkbox, status)."""
    claims = _claims(a).get(params.get("claim"))
    if not claims:
        return
    config = a.settings.config
    target = target_branch(doc, config)
    if target_deploys(config, target):
        return  # allowed, and the command says so in its notes
    into = f" into '{target}'" if target else ""
    for c in claims:
        yield Hit(
            line=doc.file_line(c.line) if c.line else None,
            detail={
                "claim": c.text,
                "ref": c.ref or "the issue",
                "into": into,
                "target": target or "the target branch",
            },
        )

"""One commit's verdict for the audit: which principles its findings break (the bits
:meth:`Engine.principles` gives) and which rules fire (so the report can count findings per rule).

:func:`judge` walks the same steps (:meth:`Engine.steps`: the plan without the rules that cannot
fire under the config) and calls the same ``step.check(doc, analysis, step.arg)`` when the check's
``needs`` holds, as :meth:`Engine.judge` and :meth:`Engine.principles`; it only does not stop at a principle's first
rule, so the principle mask is the one ``principles`` returns, bit for bit, and the rule bits say
which rules ``judge`` would list findings of (a rule a ``Custlint-Skip: CODE <reason>`` trailer
skips is not run, as in both). A user pattern that times out counts as its rule
firing, as ``judge`` lists a finding for it.
"""

from __future__ import annotations

from custlint.analysis.analyzer import analyze
from custlint.audit.cache import MAX_RULES, RULE_SHIFT
from custlint.core import user_pattern


def commit_rules(engine) -> list:
    """The selected rules that can fire on a commit, in the engine's order: bit ``RULE_SHIFT + i``
    of a verdict is ``commit_rules(engine)[i]``."""
    return [r for r in engine.rules if "commit" in r.applies_to]


def rule_bits(engine) -> dict[str, int] | None:
    """Rule code -> its bit in a verdict; None when there are more commit rules than a verdict holds."""
    rules = commit_rules(engine)
    if len(rules) > MAX_RULES:
        return None
    return {r.code: 1 << (RULE_SHIFT + i) for i, r in enumerate(rules)}


def judge(engine, doc, bits: dict[str, int]) -> tuple[int, str | None]:
    """``(principle mask | rule bits, None)`` of ``doc``, or ``(0, reason)`` when it is exempt."""
    timeouts = user_pattern.TIMEOUTS
    del timeouts[:]
    why = engine.exemption(doc)
    if why is not None:
        return 0, why
    a = analyze(doc, engine.settings)
    v = 0
    get = bits.get
    # Custlint-Skip: CODE <reason> skips the rule, as in Engine.judge and Engine.principles
    skipped = a.skipped_rules if a.skips else None
    for shared, run in engine.runs(doc):
        # a run whose shared needs is empty calls none of its checks (Engine.runs), tested where its
        # first rule would test it, and only where no pattern timed out doing so
        if shared is not None and not (skipped and run[0].rule.code in skipped) and not shared(a) and not timeouts:
            continue
        for rule, bit, check, arg, needs in run:
            if skipped and rule.code in skipped:
                continue
            fired = (needs is None or needs(a)) and next(iter(check(doc, a, arg)), None) is not None
            if timeouts:  # unknown is not a pass: the principle counts as broken
                del timeouts[:]
                fired = True
            if fired:
                v |= bit | get(rule.code, 0)
    return v, None


def codes(v: int, rules: list) -> list[str]:
    """The codes of the rules whose bits are set in verdict ``v``."""
    out = []
    r = v >> RULE_SHIFT
    i = 0
    while r:
        if r & 1 and i < len(rules):
            out.append(rules[i].code)
        r >>= 1
        i += 1
    return out

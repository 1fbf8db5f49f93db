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


# engine.runs(doc) -> its rules as the verdict reads them, per bits: (runs, bits, prepared)
_PREPARED: dict[tuple[int, int], tuple] = {}


def _prepared(runs: tuple, bits: dict[str, int]) -> tuple:
    """``runs`` (:meth:`Engine.runs`) as ``(shared, first rule's code, ((code, verdict bits, check,
    arg, needs), ...))`` runs: a rule's principle bit and rule bit joined once, not per commit."""
    got = _PREPARED.get((id(runs), id(bits)))
    if got is not None and got[0] is runs and got[1] is bits:
        return got[2]
    if len(_PREPARED) >= 4096:
        _PREPARED.clear()
    prepared = tuple(
        (
            shared,
            run[0].rule.code,
            tuple((s.rule.code, s.bit | bits.get(s.rule.code, 0), s.check, s.arg, s.needs) for s in run),
        )
        for shared, run in runs
    )
    _PREPARED[(id(runs), id(bits))] = (runs, bits, prepared)  # runs and bits kept: their ids stay theirs
    return prepared


def judge(engine, doc, bits: dict[str, int]) -> tuple[int, str | None]:
    """``(principle mask | rule bits, None)`` of ``doc``, or ``(0, reason)`` when it is exempt."""
    timeouts = user_pattern.TIMEOUTS
    del timeouts[:]
    why = engine.exemption(doc)
    if why is not None:
        return 0, why
    a = analyze(doc, engine.settings)
    v = 0
    # Custlint-Skip: CODE <reason> skips the rule, as in Engine.judge and Engine.principles
    skipped = a.skipped_rules if a.skips else None
    for shared, first, run in _prepared(engine.runs(doc), bits):
        # a run whose shared needs is empty calls none of its checks (Engine.runs), tested where its
        # first rule would test it, and only where no pattern timed out doing so
        if shared is not None and not (skipped and first in skipped) and not shared(a) and not timeouts:
            continue
        for code, mask, check, arg, needs in run:
            if skipped and code in skipped:
                continue
            fired = False
            if needs is None or needs(a):
                for hit in check(doc, a, arg):  # the first hit decides (next(iter(...)), no more asked)
                    fired = hit is not None
                    break
            if timeouts:  # unknown is not a pass: the principle counts as broken
                del timeouts[:]
                fired = True
            if fired:
                v |= mask
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

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

from custlint.analysis import prescan
from custlint.analysis.analyzer import analyze
from custlint.audit.cache import MAX_RULES, RULE_SHIFT
from custlint.core import user_pattern
from custlint.engine import registry

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from typing import Any


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


class _Plans:
    """:func:`judge`'s runs of one engine and one ``bits``, by a document's kind, type and labels as
    they are (what :meth:`Engine.runs` is worked out from), while the engine's runs hold: the rule
    examples' fixture epoch (:func:`custlint.engine.registry.fixture_changed`) and the lean switch
    unchanged, as :meth:`Engine.steps` tests."""

    __slots__ = ("engine", "bits", "epoch", "lean", "by_key", "by_runs")

    def __init__(self, engine=None, bits=None) -> None:
        self.engine, self.bits = engine, bits  # kept, not their ids: an id could be another's later
        self.epoch, self.lean = registry.epoch, prescan.ENABLED
        self.by_key: dict[tuple, tuple] = {}
        # id(engine.runs(doc)) -> (those runs, prepared): the types no rule names share their runs
        # (Engine._key), so a new one of those ("tool_operate: ...") is prepared once for all
        self.by_runs: dict[int, tuple] = {}


_PLANS = _Plans()  # the last engine's: a run judges every commit under one


def _prepared(runs: tuple, bits: dict[str, int]) -> tuple:
    """``runs`` (:meth:`Engine.runs`) as ``(shared, first rule's code, ((code, verdict bits, check,
    arg, needs), ...))`` runs: a rule's principle bit and rule bit joined once, not per commit.

    A rule of its own with a ``needs`` is a run whose shared needs is its own: :func:`judge` skips it
    at the run's test, where the rule's own test would skip it (the needs falsy, no pattern timed
    out), without walking its steps; otherwise the rule tests its needs again (what needs reads is
    kept on the analysis: the same answer, and no timeout that was not there already)."""
    return tuple(
        (
            run[0].needs if shared is None and len(run) == 1 else shared,
            run[0].rule.code,
            tuple((s.rule.code, s.bit | bits.get(s.rule.code, 0), s.check, s.arg, s.needs) for s in run),
        )
        for shared, run in runs
    )


def _runs(engine, doc, bits: dict[str, int]) -> tuple:
    """:func:`_prepared` ``(engine.runs(doc), bits)``, worked out once per kind, type and labels."""
    global _PLANS
    plans = _PLANS
    if (
        plans.engine is not engine
        or plans.bits is not bits
        or plans.epoch != registry.epoch
        or plans.lean is not prescan.ENABLED
    ):
        plans = _PLANS = _Plans(engine, bits)
    labels = doc.labels
    key = (doc.kind, doc.type, tuple(labels)) if labels else (doc.kind, doc.type)
    got = plans.by_key.get(key)
    if got is None:
        if len(plans.by_key) >= 4096:
            plans.by_key.clear()
            plans.by_runs.clear()
        runs = engine.runs(doc)
        known = plans.by_runs.get(id(runs))
        if known is None or known[0] is not runs:  # runs kept with it: their id stays theirs
            known = plans.by_runs[id(runs)] = (runs, _prepared(runs, bits))
        got = plans.by_key[key] = known[1]
    return got


def judge(engine, doc, bits: dict[str, int]) -> tuple[int, str | None]:
    """``(principle mask | rule bits, None)`` of ``doc``, or ``(0, reason)`` when it is exempt."""
    timeouts = user_pattern.TIMEOUTS
    del timeouts[:]
    a = analyze(doc, engine.settings)
    why = engine.policy.why(doc, a)  # engine.exemption(doc), with the analysis at hand
    if why is not None:
        return 0, why
    v = 0
    # Custlint-Skip: CODE <reason> skips the rule, as in Engine.judge and Engine.principles
    skipped = a.skipped_rules if a.skips else None
    # typed, so that compiled the runs and their steps are walked by index and unpacked natively
    plan: tuple[tuple[Any, str, tuple[tuple[str, int, Any, Any, Any], ...]], ...] = _runs(engine, doc, bits)
    for shared, first, run in plan:
        # a run whose shared needs is empty calls none of its checks (Engine.runs), tested where its
        # first rule would test it, and only where no pattern timed out doing so
        if shared is not None and not (skipped and first in skipped) and not shared(a) and not timeouts:
            continue
        for code, mask, check, arg, needs in run:
            if skipped and code in skipped:
                continue
            if needs is None or needs(a):
                for hit in check(doc, a, arg):  # the first hit decides (next(iter(...)), no more asked)
                    if hit is not None:
                        v |= mask
                    break
            if timeouts:  # unknown is not a pass: the principle counts as broken
                del timeouts[:]
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

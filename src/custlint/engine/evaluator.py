"""Runs the selected rules over documents: every command's findings, and the audit's principles.

The public interface, one evaluator for every command:

- :meth:`Engine.plan` -- the rules that apply to a document, as :class:`Step` s, worked out once
  per kind, type and labels (what ``when`` reads) and kept in the engine;
- :meth:`Engine.steps` -- the plan without the rules that cannot fire under the run's config (a
  check's ``inert``: the ticket rules without a ticket source ...), each with its check's ``needs``;
  what ``judge``, ``principles`` and the audit's verdict run;
- :meth:`Engine.judge` -- a document's findings, or why it is exempt (``custlint commits``, ``pr``,
  ``tickets``, the hook ...);
- :meth:`Engine.principles` -- which principles a document's findings would break, as bits
  (:data:`PRINCIPLE_BITS`), without building findings (``custlint audit``);
- :meth:`Engine.exemption` -- why a document is exempt, or None.

``judge`` and ``principles`` read the same steps and call the same ``step.check(doc, analysis,
step.arg)`` for each rule (when its ``needs`` holds), so they cannot disagree on which rules apply
or whether one fires. On the lean path (:mod:`custlint.analysis.prescan`) they walk the steps as
:meth:`Engine.runs`: rules whose checks share a ``needs`` are tested once for the run, and a
check's per-rule ``wants`` stands in for its ``needs``; with the switch off, rule by rule.
"""

from __future__ import annotations

from collections import namedtuple
from itertools import islice

from custlint.analysis import prescan
from custlint.analysis.analyzer import Settings, analyze
from custlint.analysis.exemptions import Policy, exempt_patterns, skip_labels
from custlint.analysis.placeholders import is_placeholder
from custlint.analysis.vocab import norm_name
from custlint.core import user_pattern as _url_patterns
from custlint.core.config import Config
from custlint.core.user_pattern import PatternTimeout
from custlint.document.model import Document
from custlint.document.sections import read_fields
from custlint.engine import registry as checks
from custlint.engine.findings import PRINCIPLES, Exemption, Finding, Result, fill
from custlint.engine.packs import MAX_PATTERN_TEXT, Rule
from custlint.engine.registry import Hit

# hits of one rule on one document beyond this are not listed: a hostile text with a million
# "Fixes #1" must not become a million findings (and a report of hundreds of megabytes)
MAX_HITS_PER_RULE = 50
# bit i of a principle mask: a finding of PRINCIPLES[i] (the audit's tallies and its result cache keep these bits)
PRINCIPLE_BITS = {p: 1 << i for i, p in enumerate(PRINCIPLES)}
MAX_PLANS = 4096  # plans kept per engine: labels could make many combinations

Step = namedtuple("Step", "rule bit check arg")
Step.__doc__ = """One rule of a plan (:meth:`Engine.plan`).

``rule``: the :class:`~custlint.engine.packs.Rule`; ``bit``: its principle's bit in
:data:`PRINCIPLE_BITS` (0 for a principle outside them); ``check(doc, analysis, arg)``: the rule's
hits on a document, lazily -- the named check with ``arg`` the rule's params for an ``analysis``
rule, :func:`builtin_hits` with ``arg`` the rule itself for the other kinds. A rule fires on a
document when that yields a hit.
"""

Live = namedtuple("Live", "rule bit check arg needs")
Live.__doc__ = """One rule of :meth:`Engine.steps`: a :class:`Step` and ``needs``, the check's
``needs(analysis)`` (None: none). When ``needs`` is falsy the check would yield nothing: it is not
called (:func:`custlint.engine.registry.check`)."""


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Iterable


class Engine:
    """The selected rules over a config: built once per run, then asked per document."""

    def __init__(self, config: Config, rules: list[Rule], settings: Settings | None = None) -> None:
        self.config = config
        self.rules = rules
        self.settings = Settings.from_config(config) if settings is None else settings
        self.bots = frozenset(b.lower() for b in config.bot_authors)
        self.policy = Policy(  # what exemption() asks, worked out once
            exempt_types=frozenset(t.lower() for t in config.exempt_types),
            bots=self.bots,
            exempt_drafts=config.draft_prs == "exempt",
            patterns=exempt_patterns(config),  # exempt.title/body/author, checked now: a bad one is exit 2
            labels=skip_labels(config),
        )
        self._by_kind: dict[str, list[Rule]] = {}
        for r in self.rules:
            for k in r.applies_to:
                self._by_kind.setdefault(k, []).append(r)
        self._plans: dict[tuple, tuple[Step, ...]] = {}
        self._steps: dict[tuple, tuple[Live, ...]] = {}
        self._runs: dict[tuple, tuple] = {}
        self._epoch = checks.epoch
        self._lean = prescan.ENABLED
        # the types some rule's `when` names (lower case): every other type is judged by the same rules
        self._named_types = frozenset(
            t for r in self.rules for k in ("types", "not-types") for t in (r.when or {}).get(k, ())
        )
        self._type_keys: dict[str, str] = {}  # a document's type -> its type in plan keys

    def _key(self, doc: Document) -> tuple:
        """What :meth:`Rule.applies` reads of a document, as a key of the plans: its kind, its labels,
        and its type where a rule names it (lower case). A type no ``when`` names ("cmake: ...",
        "tool_operate: ..." in a history of hundreds of such scopes) applies exactly the rules
        the empty type does, so one plan serves them all instead of one plan per type."""
        t = self._type_keys.get(doc.type)
        if t is None:
            low = (doc.type or "").lower()
            t = low if low in self._named_types else "\x00"  # no rule's type, nor a type of its own
            if len(self._type_keys) >= MAX_PLANS:
                self._type_keys.clear()
            self._type_keys[doc.type] = t
        return (doc.kind, t, tuple(doc.labels)) if doc.labels else (doc.kind, t)

    def plan(self, doc: Document) -> tuple[Step, ...]:
        """The selected rules that apply to ``doc`` (its kind, and ``when``), in the engine's order.

        Which rules apply depends only on the document's kind, type and labels
        (:meth:`Rule.applies`), so a plan is worked out once per such combination (a history has
        a handful: its commit types) and kept in the engine; the check functions are looked up then
        too (importing only the modules of the checks the plan needs).
        """
        key = self._key(doc)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= MAX_PLANS:
                self._plans.clear()
            plan = self._plans[key] = tuple(
                Step(
                    rule, PRINCIPLE_BITS.get(rule.principle, 0), checks.get(rule.check, rule.check_module), rule.params
                )
                if rule.kind == "analysis"
                else Step(rule, PRINCIPLE_BITS.get(rule.principle, 0), builtin_hits, rule)
                for rule in self._by_kind.get(doc.kind, ())
                if rule.applies(doc)
            )
        return plan

    def steps(self, doc: Document) -> tuple[Live, ...]:
        """:meth:`plan` without the rules whose check is ``inert`` under this run's config (they
        cannot fire on any document: the ticket rules without a ticket source, the metric rules
        without a code root), each with its check's ``needs``. Worked out once per plan, not per
        document; again after a fixture changed what checks can find (the rule examples' ticket
        index, :func:`custlint.engine.registry.fixture_changed`)."""
        if self._epoch != checks.epoch or self._lean is not prescan.ENABLED:
            self._steps.clear()
            self._runs.clear()
            self._epoch = checks.epoch
            self._lean = prescan.ENABLED  # the lean path's switch (only the exactness proof turns it)
        key = self._key(doc)
        steps = self._steps.get(key)
        if steps is None:
            if len(self._steps) >= MAX_PLANS:
                self._steps.clear()
                self._runs.clear()
            config = self.settings.config  # what the checks read (a.settings.config)
            steps = self._steps[key] = tuple(
                Live(*s, _needs(s.check, s.arg))
                for s in self.plan(doc)
                if not (getattr(s.check, "inert", None) is not None and s.check.inert(config))
            )
        return steps

    def runs(self, doc: Document) -> tuple[tuple, ...]:
        """:meth:`steps` as ``(needs, steps)`` runs: consecutive steps whose checks share one ``needs``
        (the five KPI rules read ``a.kpi_verdict`` first, the done rules the done claims) form one run
        with that ``needs``, which the lean path tests once for the run (falsy: none of them is
        called); any other step is a run of its own with None. With the lean path off, every step is
        a run of its own. Worked out with the steps."""
        key = self._key(doc)
        runs = self._runs.get(key)
        if (
            runs is not None
            and self._epoch == checks.epoch
            and self._lean is prescan.ENABLED
            and runs[0] is self._steps.get(key)
        ):
            return runs[1]  # what steps(doc) would return is what they were worked out with
        steps = self.steps(doc)
        if runs is None or runs[0] is not steps:
            out: list[tuple] = []
            for s in steps:
                shared = getattr(s.check, "needs", None) if prescan.ENABLED else None
                if shared is not None and out and out[-1][0] is shared:
                    out[-1][1].append(s)
                else:
                    out.append((shared, [s]))
            runs = self._runs[key] = (steps, tuple((n if len(g) > 1 else None, tuple(g)) for n, g in out))
        return runs[1]

    def exemption(self, doc: Document) -> str | None:
        """Why ``doc`` is exempt under the policy (merge, revert, exempt type, bot, skip marker,
        draft ...), or None: it is judged."""
        a = doc._analysis  # analyze(doc, self.settings), without the call where it is cached
        if a is None or a.settings is not self.settings:
            a = analyze(doc, self.settings)
        return self.policy.why(doc, a)

    def judge(self, doc: Document) -> tuple[list[Finding], str | None]:
        """Findings for one document, or the reason it is exempt."""
        del _url_patterns.TIMEOUTS[:]  # only this document's are reported
        why = self.exemption(doc)
        if why is not None:
            return [], why
        a = analyze(doc, self.settings)
        findings: list[Finding] = []
        skipped = a.skipped_rules if a.skips else None  # Custlint-Skip: CODE <reason> (CP107 reports each)
        timeouts = _url_patterns.TIMEOUTS
        for shared, run in self.runs(doc):
            # a run whose shared needs is empty calls none of its checks; tested where its first rule
            # would test it, and only where no pattern timed out doing so (that is reported as before)
            if shared is not None and not (skipped and run[0].rule.code in skipped) and not shared(a) and not timeouts:
                continue
            findings.extend(self._findings(doc, a, run, skipped))
        return findings, None

    def _findings(self, doc: Document, a, run: tuple, skipped) -> list[Finding]:
        findings: list[Finding] = []
        for rule, _bit, check, arg, needs in run:
            if skipped and rule.code in skipped:
                continue
            hits = list(islice(check(doc, a, arg), MAX_HITS_PER_RULE + 1)) if needs is None or needs(a) else []
            if _url_patterns.TIMEOUTS:  # a ticket-url-pattern took too long while this rule read the references
                hits[:0] = _url_timeouts(rule.code)
            more = len(hits) > MAX_HITS_PER_RULE
            for k, hit in enumerate(hits[:MAX_HITS_PER_RULE]):
                line = hit.line if hit.line is not None else doc.file_line(1)
                message = hit.message or fill(rule.messages.get(doc.kind, rule.message), hit.detail)
                if more and k == MAX_HITS_PER_RULE - 1:
                    message += f" (only the first {MAX_HITS_PER_RULE} hits of {rule.code} in this document are listed)"
                findings.append(
                    Finding(
                        rule=rule.code,
                        name=rule.name,
                        principle=rule.principle,
                        severity=rule.severity,
                        message=message,
                        source=doc.kind,
                        subject=doc.subject,
                        line=line,
                        fix=hit.fix if hit.fix is not None else fill(rule.fixes.get(doc.kind, rule.fix), hit.detail),
                        path=doc.path,
                        title=doc.title,
                    )
                )
        return findings

    def principles(self, doc: Document) -> tuple[int, str | None]:
        """``(mask, None)``: the principles :meth:`judge`'s findings on ``doc`` would break, as
        :data:`PRINCIPLE_BITS` (whatever the findings' severity, as ``judge`` lists them); or
        ``(0, reason)`` when ``doc`` is exempt.

        The same steps and checks as ``judge``, without building Finding objects: a rule counts
        once it yields its first hit, and the remaining rules of a principle whose bit is set are
        not run (the bit is set either way).
        """
        del _url_patterns.TIMEOUTS[:]
        why = self.exemption(doc)
        if why is not None:
            return 0, why
        a = analyze(doc, self.settings)
        mask = 0
        skipped = a.skipped_rules if a.skips else None
        timeouts = _url_patterns.TIMEOUTS
        for shared, run in self.runs(doc):
            if shared is not None:  # as in judge: the run's shared needs, where its first rule would test it
                first = run[0]
                if (
                    not (mask & first.bit or (skipped and first.rule.code in skipped))
                    and not shared(a)
                    and not timeouts
                ):
                    continue
            for rule, bit, check, arg, needs in run:
                if mask & bit or (skipped and rule.code in skipped):
                    continue
                if (needs is None or needs(a)) and next(iter(check(doc, a, arg)), None) is not None:
                    mask |= bit
                if timeouts:  # unknown is not a pass: the principle counts as broken
                    del timeouts[:]
                    mask |= bit
        return mask, None

    def run(self, docs: Iterable[Document], result: Result | None = None) -> Result:
        result = result or Result()
        for doc in docs:
            findings, why = self.judge(doc)
            if why is not None:
                result.exempt.append(Exemption(doc.kind, doc.subject, why, doc.title))
            else:
                result.checked += 1
                result.findings.extend(findings)
        return result

    def judge_code(self, paths: list[str], *, code_root=None, jobs: int | None = None) -> Result:
        """The selected code rules (``kind = "code"``, libcst) over Python files or folders. Their
        file-level runner (:mod:`custlint.coderules._engine`: pre-filter, parse once, suppressions,
        a process pool) is the code rules' own; every command still asks this engine."""
        from custlint.coderules._engine import lint_paths

        rules = [r for r in self.rules if r.kind == "code"]
        if not rules:
            return lint_paths([], [], self.config)
        return lint_paths(paths, rules, self.config, code_root=code_root, jobs=jobs)


def _needs(check, arg):
    """What a step tests before calling its check: the check's ``wants`` bound to the rule's params,
    else its ``needs``, else None (:func:`custlint.engine.registry.check`)."""
    wants = getattr(check, "wants", None)
    if wants is not None and prescan.ENABLED:
        return prescan.Bound(wants, arg)
    return getattr(check, "needs", None)


def evaluate(rule: Rule, doc: Document, a) -> Iterable:
    """The hits of one rule on one document (what its :class:`Step`'s check yields)."""
    if rule.kind == "analysis":
        return checks.get(rule.check, rule.check_module)(doc, a, rule.params)
    return builtin_hits(doc, a, rule)


def builtin_hits(doc: Document, a, rule: Rule) -> Iterable:
    """The hits of a rule of the built-in kinds (required-section, forbidden-pattern,
    required-pattern) on ``doc``: a check with the rule as its argument."""
    if rule.kind == "required-section":
        values = [t.value for t in doc.trailers if norm_name(t.key.replace("-", " ")) in rule.sections]
        values += [f.text for f in read_fields(doc.body, rule.sections, first_line=3)]
        if any(not is_placeholder(v) and len(v.split()) >= rule.min_words for v in values):
            return []
        return [Hit()]
    full = {"title": doc.title, "body": doc.body}.get(rule.scope, doc.text)
    text = full[:MAX_PATTERN_TEXT]
    try:
        m = rule.pattern.search(text)
    except PatternTimeout as exc:  # unknown is not a pass: neither rule kind passes a text it could not search
        return [_slow_hit(rule.code, f"the pattern of {rule.code}", exc, f"the {rule.scope}")]
    if rule.kind == "forbidden-pattern":
        if m is None:
            if len(full) > MAX_PATTERN_TEXT:  # unknown is not a pass: the rest was not searched
                return [
                    Hit(
                        message=f"the {rule.scope} is {len(full):,} characters long; {rule.code} searches only the "
                        f"first {MAX_PATTERN_TEXT:,} for its pattern, so the rest is unchecked",
                        fix="shorten the text (move long logs or data into a file or a link)",
                    )
                ]
            return []
        line = text.count("\n", 0, m.start()) + 1
        if rule.scope == "body":
            line += 2
        return [Hit(line=doc.file_line(line), detail={"match": m.group(0)[:80]})]
    return [] if m is not None else [Hit()]


def _slow_hit(code: str, what: str, exc, where: str) -> Hit:
    """A pattern that took too long: a hit that says the text is unchecked (never a pass)."""
    from custlint.core.user_pattern import seconds_text

    return Hit(
        message=f"{what} took too long (over {seconds_text(exc.seconds)}) on {where} and was stopped, so "
        f"the rest is unchecked by {code}",
        fix="simplify the pattern (see the README's Rule packs), or shorten the text",
    )


def _url_timeouts(code: str) -> list:
    """Hits for the ``ticket-url-patterns`` searches that took too long since the last call."""
    from custlint.core import user_pattern

    slow, user_pattern.TIMEOUTS[:] = list(user_pattern.TIMEOUTS), []
    seen: list[str] = []
    for exc in slow:
        if exc.pattern not in seen:
            seen.append(exc.pattern)
    return [_slow_hit(code, f"ticket-url-patterns {p!r}", slow[0], "a URL in this document") for p in seen]

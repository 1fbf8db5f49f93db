"""CD101 suppression-without-reason: ``# custlint: ignore[CODE] reason`` must name the rule and say why."""

from __future__ import annotations

from custlint.coderules import CodeHit, CodeRule, Invalid, Valid


class SuppressionWithoutReason(CodeRule):
    CODE = "CD101"
    NAME = "suppression-without-reason"
    PRINCIPLE = "customer-problem"
    SEVERITY = "error"
    MESSAGE = "This custlint suppression {problem}, so it suppresses nothing."
    FIX = "Write '# custlint: ignore[CODE] <why this is fine for customers>', e.g. '# custlint: ignore[CD103] health check, not a customer path'."
    WHAT = """
    A `# custlint: ignore[CODE] reason` comment switches a code rule off for its own line (or,
    on a line of its own, for the statement below it, decorators included). It must name the
    rule (code or name) in brackets and give a reason after them. A suppression without a
    reason or without a rule, or naming a rule that does not exist, is reported and suppresses
    nothing.
    """
    WHY = """
    A suppression is a decision that a customer path needs no metric or a TODO needs no ticket.
    Writing the reason keeps that decision reviewable, instead of a silent bypass.
    """
    VALID = (
        Valid("import os  # custlint: ignore[CD102] vendored file, tracked upstream\n"),
        Valid("# custlint: ignore[todo-without-ticket] spike branch, deleted after the demo\n# TODO: tidy up\n"),
    )
    INVALID = (
        Invalid("# TODO: tidy up  # custlint: ignore[CD102]\n", line=1),
        Invalid("x = 1  # custlint: ignore because reasons\n", line=1, note="No rule named."),
        Invalid("x = 1  # custlint: ignore[CD999] no such rule\n", line=1),
    )

    def wants(self, src) -> bool:
        return "custlint" in src.text.lower()

    def check(self, src):
        from custlint.coderules import rule_classes
        from custlint.sources.python.comments import suppressions

        known = {c.CODE for c in rule_classes()} | {c.NAME for c in rule_classes()}
        for s in suppressions(src.comments):
            if not s.codes:
                problem = "names no rule in brackets"
            elif not s.reason:
                problem = "gives no reason"
            else:
                unknown = [c for c in s.codes if c not in known]
                if not unknown:
                    continue
                problem = f"names no known code rule ({', '.join(unknown)})"
            yield CodeHit(s.line, {"problem": problem})

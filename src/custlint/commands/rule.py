"""custlint rule CODE: a rule's documentation, with its examples."""

from __future__ import annotations

import json
import sys

from custlint.commands._common import Context, add_common
from custlint.engine.rule_docs import document

HELP = "explain one rule: what it checks, why it matters to a customer, examples"


def add_arguments(parser) -> None:
    parser.add_argument("code", metavar="CODE", help="rule code (CP101) or name (customer-problem-missing)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_common(parser, formats=False)


def run(args) -> int:
    from custlint.errors import UserError

    ctx = Context(args)
    wanted = args.code.strip()
    rule = next((r for r in ctx.all_rules if wanted.upper() == r.code or wanted.lower() == r.name), None)
    if rule is None:
        raise UserError(f"no rule {wanted!r}; `custlint rules` lists them")
    if args.format == "json":
        from custlint.reporters.safe_stream import json_text

        sys.stdout.write(
            json_text(
                json.dumps(
                    {
                        "code": rule.code,
                        "name": rule.name,
                        "principle": rule.principle,
                        "severity": rule.severity,
                        "applies_to": list(rule.applies_to),
                        "what": rule.what,
                        "why": rule.why,
                        "message": rule.message,
                        "fix": rule.fix,
                        **({"fixes": rule.fixes} if rule.fixes else {}),
                        **({"messages": rule.messages} if rule.messages else {}),
                        "examples": [
                            {
                                "valid": e.valid,
                                "kind": e.kind,
                                "text": e.text,
                                **({"code": e.code} if getattr(e, "code", "") else {}),
                            }
                            for e in rule.examples
                        ],
                    },
                    indent=2,
                    ensure_ascii=False,
                )
            )
            + "\n"
        )
        return 0
    sys.stdout.write(document(rule))
    return 0

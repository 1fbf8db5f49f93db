"""``--format sarif``: SARIF 2.1.0, as GitHub code scanning accepts it.

``runs[0].tool.driver.rules`` describes every selected rule (id, name, short and full
description, help in text and Markdown, default level, principle as a tag); every result has a
rule, a message and a physical location in a real file. Each rule's ``helpUri`` is its page
(:func:`custlint.engine.rule_docs.help_uri`: ``rule-docs-url``, else the shipped rule's page in the
repository at this version's tag). A PR description or commit message is not
a file, so those results point at the PR template or the config file, line 1, and the message says
which PR or commit it is about.
"""

from __future__ import annotations

from custlint import __version__
from custlint.engine.findings import Result
from custlint.engine.rule_docs import help_uri
from custlint.reporters._where import location, where_words
from custlint.reporters.json_indent import dumps

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rule(r, docs_url: str = "") -> dict:
    what = " ".join(r.what.split())
    why = " ".join(r.why.split())
    page = help_uri(r, docs_url) if getattr(r, "pack", "") or docs_url else ""
    return {
        "id": r.code,
        **({"helpUri": page} if page else {}),
        "name": "".join(part.capitalize() for part in r.name.split("-")),
        "shortDescription": {"text": r.name.replace("-", " ").capitalize()},
        "fullDescription": {"text": what},
        "help": {
            "text": f"{what}\n\nWhy: {why}\n\nFix: {r.fix}",
            "markdown": f"**What it checks.** {what}\n\n**Why it matters to a customer.** {why}\n\n**Fix.** {r.fix}",
        },
        "defaultConfiguration": {"level": LEVEL.get(r.severity, "warning")},
        "properties": {"tags": [r.principle, r.name], "principle": r.principle},
    }


def render(result: Result, info) -> str:
    rules = list(info.rules)
    index = {r.code: i for i, r in enumerate(rules)}
    from custlint.reporters.fingerprints import fingerprints

    results = []
    for f, fingerprint in zip(result.findings, fingerprints(result.findings), strict=True):
        if f.rule not in index:  # a finding of a rule that is not in the selection (cannot happen, but never drop it)
            index[f.rule] = len(rules)
            rules.append(
                type(
                    "R",
                    (),
                    {
                        "code": f.rule,
                        "name": f.name,
                        "what": f.message,
                        "why": f.principle,
                        "fix": f.fix,
                        "message": f.message,
                        "severity": f.severity,
                        "principle": f.principle,
                    },
                )()
            )
        path, line = location(f, info)
        results.append(
            {
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": LEVEL.get(f.severity, "warning"),
                "message": {"text": f"{where_words(f)}: {f.message}" + (f" Fix: {f.fix}" if f.fix else "")},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": line},
                        }
                    }
                ],
                # what the finding is, not its line: stable when lines move, distinct per finding
                "partialFingerprints": {"custlintFinding/v2": fingerprint},
                "properties": {"principle": f.principle, "source": f.source, "subject": f.subject},
            }
        )
    doc = {
        "version": "2.1.0",
        "$schema": SCHEMA,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "custlint",
                        "version": __version__,
                        "informationUri": "https://github.com/custlint/custlint",
                        "rules": [_rule(r, info.extra.get("rule_docs_url", "")) for r in rules],
                    }
                },
                "automationDetails": {"id": f"custlint/{info.command}/"},
                "results": results,
            }
        ],
    }
    from custlint.reporters.safe_stream import json_text

    return json_text(dumps(doc, indent=2)) + "\n"

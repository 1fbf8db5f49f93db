"""Runs a rule's documented examples: a passing one must give no finding of the rule, a failing one must."""

from __future__ import annotations

from custlint.core.config import default_config
from custlint.document.message import commit_document
from custlint.document.model import Document
from custlint.engine.findings import Finding
from custlint.engine.packs import Example, Rule


def example_document(ex: Example, subject: str) -> Document:
    doc = commit_document(ex.text, subject=subject, strip_comments=ex.kind == "commit")
    doc.kind = ex.kind
    doc.labels = list(ex.labels)
    if ex.author:
        doc.author = ex.author
    if ex.type:
        doc.type = ex.type.lower()
    if ex.status:
        doc.status = ex.status
    return doc


def run_example(rule: Rule, ex: Example, config=None) -> tuple[bool, list[Finding]]:
    """``(behaves as documented, findings of this rule)``, judged under the default config."""

    if config is None:
        config = default_config()  # examples are judged under the defaults, never the user's config
    if ex.code:  # the example's code root: one module holding ex.code
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory(prefix="custlint-example-") as tmp:
            (Path(tmp) / "app.py").write_text(ex.code, encoding="utf-8")
            return _judge(rule, ex, config.replace(code_root=tmp))
    return _judge(rule, ex, config)


def _judge(rule: Rule, ex: Example, config) -> tuple[bool, list[Finding]]:
    from custlint.engine.evaluator import Engine

    engine = Engine(config, [rule])
    # a check may name the fixture its examples are judged against (e.g. the ticket source of link rules)
    fixture = None
    if rule.kind == "analysis":
        from custlint.engine.registry import registry

        fixture = getattr(registry()[rule.check], "example_fixture", None)
    if fixture is None:
        findings, _ = engine.judge(example_document(ex, f"{rule.code}-example"))
    else:
        with fixture():
            findings, _ = engine.judge(example_document(ex, f"{rule.code}-example"))
    mine = [f for f in findings if f.rule == rule.code]
    return (not mine) if ex.valid else bool(mine), mine

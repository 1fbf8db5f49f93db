"""Runs a code rule's VALID/INVALID examples in a temporary project, through the real engine."""

from __future__ import annotations

import tempfile
from pathlib import Path


def run_code_example(rule, ex) -> tuple[bool, list]:
    """``(behaves as documented, findings of the rule)`` for a :class:`Valid` or :class:`Invalid` example
    of ``rule`` (a Rule record of kind ``code``), judged under the default config."""
    from custlint.coderules import Invalid
    from custlint.coderules._engine import lint_paths
    from custlint.core.config import default_config

    with tempfile.TemporaryDirectory(prefix="custlint-example-") as tmp:
        root = Path(tmp)
        for rel, code in {**ex.files, ex.path: ex.code}.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")
        result = lint_paths(
            [root / ex.path],
            [rule],
            default_config(),
            code_root=root,
            jobs=1,
            display=lambda p: Path(p).resolve().relative_to(root.resolve()).as_posix(),
        )
    mine = [f for f in result.findings if f.rule == rule.code]
    if isinstance(ex, Invalid):
        return bool(mine) and (ex.line is None or any(f.line == ex.line for f in mine)), mine
    return not mine, mine

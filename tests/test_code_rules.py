"""Every VALID and INVALID example of every code rule runs as its own test (Fixit-style)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import clean_env
from custlint.coderules import as_rules, rule_classes
from custlint.coderules._examples import run_code_example

RULES = {r.code: r for r in as_rules()}
CASES = [
    pytest.param(cls.CODE, ex, id=f"{cls.CODE}-{kind}_{i}")
    for cls in rule_classes()
    for kind, examples in (("VALID", cls.VALID), ("INVALID", cls.INVALID))
    for i, ex in enumerate(examples)
]


@pytest.mark.parametrize(("code", "example"), CASES)
def test_code_rule_example(code, example):
    ok, findings = run_code_example(RULES[code], example)
    assert ok, (f"{code} example misbehaves: got {[(f.line, f.message) for f in findings]} for\n"
                f"{example.code}")


def test_every_code_rule_is_documented_with_examples():
    assert len(rule_classes()) >= 4
    for cls in rule_classes():
        r = RULES[cls.CODE]
        assert r.what and r.why and r.message and r.fix, cls.CODE
        assert r.principle in ("customer-problem", "measurable-kpi", "done-in-production",
                               "customer-remediation", "working-backwards")
        assert cls.VALID and cls.INVALID, cls.CODE
        assert all(e.line is None or e.line >= 1 for e in cls.INVALID)


def test_listing_and_explaining_code_rules_never_imports_libcst():
    code = ("import sys\nfrom custlint.cli import main\n"
            "assert main(['rules']) == 0\nassert main(['rule', 'CD103']) == 0\nassert main(['rule', 'todo-without-ticket']) == 0\n"
            "print('LIBCST=' + str('libcst' in sys.modules))\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=clean_env())
    assert p.returncode == 0, p.stderr
    assert "LIBCST=False" in p.stdout
    assert "CD102  todo-without-ticket" in p.stdout
    assert "## Fails (code)" in p.stdout and "TODO: refund the delivery fee too" in p.stdout


def test_rules_json_lists_code_rules_beside_data_rules():
    from conftest import custlint

    rows = custlint("rules", "--format", "json").json()
    kinds = {r["code"]: r["applies_to"] for r in rows}
    assert kinds["CD103"] == ["code"] and kinds["CP101"] == ["commit", "pr", "ticket"]
    assert {"CD100", "CD101", "CD102", "CD103", "KP220", "KP221"} <= set(kinds)

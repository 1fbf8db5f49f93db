"""Every example of every shipped rule runs as its own test (Fixit-style), so a failure names the case."""

from __future__ import annotations

import pytest

from custlint.engine.examples import run_example
from custlint.engine.packs import load_rules

CASES = [
    pytest.param(rule, ex, id=f"{rule.code}-{'valid' if ex.valid else 'invalid'}-{i}")
    for rule in load_rules()
    for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_rule_example(rule, example):
    ok, findings = run_example(rule, example)
    if example.valid:
        assert ok, f"{rule.code} fired on its passing example: {[f.message for f in findings]}"
    else:
        assert ok, f"{rule.code} did not fire on its failing example:\n{example.text}"


def test_every_rule_is_documented():
    for rule in load_rules():
        assert rule.what.strip() and rule.why.strip() and rule.message.strip(), rule.code
        assert any(e.valid for e in rule.examples) and any(not e.valid for e in rule.examples), rule.code

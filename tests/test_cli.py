from conftest import custlint


def test_help_lists_commands():
    r = custlint("--help")
    assert r.code == 0
    for name in ("commit-msg", "commits", "rules", "rule", "config"):
        assert f"  {name}" in r.out


def test_no_command_is_usage_error():
    assert custlint().code == 2


def test_unknown_command():
    r = custlint("lint")
    assert r.code == 2 and r.err.startswith("custlint: error: unknown command 'lint'")


def test_version():
    r = custlint("--version")
    assert r.code == 0 and r.out.startswith("custlint ")


def test_rules_lists_every_rule_and_rule_explains():
    r = custlint("rules", "--format", "json")
    rows = r.json()
    codes = {x["code"] for x in rows}
    assert {"CP101", "KP201"} <= codes
    for row in rows:
        assert row["principle"] in ("customer-problem", "measurable-kpi", "done-in-production",
                                    "customer-remediation", "working-backwards")
    doc = custlint("rule", "customer-problem-missing")
    assert doc.code == 0
    assert "## What it checks" in doc.out and "## Why it matters to a customer" in doc.out
    assert "## Passes" in doc.out and "## Fails" in doc.out
    assert custlint("rule", "ZZ999").code == 2


def test_config_lists_every_key():
    r = custlint("config", "--format", "json")
    keys = {row["key"] for row in r.json()}
    assert {"select", "ignore", "exempt-types", "bot-authors", "rule-paths"} <= keys
    assert all(row["doc"] for row in r.json())

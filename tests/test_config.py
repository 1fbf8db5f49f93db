"""Config discovery and validation, through the real CLI."""

from __future__ import annotations

from conftest import BAD, custlint


def msg(tmp_path):
    p = tmp_path / "MSG"
    p.write_text(BAD)
    return str(p)


def test_pyproject_found_by_walking_up(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.custlint]\nignore = ["KP"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    r = custlint("commit-msg", msg(tmp_path), "--format", "json", cwd=sub)
    assert [f["rule"] for f in r.json()["findings"]] == ["CP101"]


def test_pyproject_without_table_is_passed_over(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ignore = ["CP"]\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    r = custlint("commit-msg", msg(tmp_path), "--format", "json", cwd=inner)
    assert [f["rule"] for f in r.json()["findings"]] == ["KP201"]


def test_unknown_key_names_file_and_key(tmp_path):
    (tmp_path / ".custlint.toml").write_text('selct = ["CP"]\n')
    r = custlint("commit-msg", msg(tmp_path), cwd=tmp_path)
    assert r.code == 2
    assert ".custlint.toml: unknown key 'selct'" in r.err


def test_wrong_type_names_the_key(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.custlint]\nignore = "CP"\n')
    r = custlint("commit-msg", msg(tmp_path), cwd=tmp_path)
    assert r.code == 2 and "'ignore' must be list of strings" in r.err


def test_invalid_toml(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ignore = [\n')
    r = custlint("commit-msg", msg(tmp_path), cwd=tmp_path)
    assert r.code == 2 and "invalid TOML" in r.err


def test_explicit_config_missing(tmp_path):
    r = custlint("commit-msg", msg(tmp_path), "--config", str(tmp_path / "none.toml"), cwd=tmp_path)
    assert r.code == 2 and "config file not found" in r.err


def test_unknown_selector_is_an_error(tmp_path):
    (tmp_path / ".custlint.toml").write_text('select = ["ZZ9"]\n')
    r = custlint("commit-msg", msg(tmp_path), cwd=tmp_path)
    assert r.code == 2 and "unknown rule or prefix 'ZZ9'" in r.err


def test_severity_override_makes_warning_not_fail(tmp_path):
    (tmp_path / ".custlint.toml").write_text('[severity]\nCP101 = "warning"\nKP = "warning"\n')
    r = custlint("commit-msg", msg(tmp_path), "--format", "json", cwd=tmp_path)
    assert r.code == 0
    assert {f["severity"] for f in r.json()["findings"]} == {"warning"}


def test_user_rule_pack(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "team.toml").write_text('''
[[rule]]
code = "TM901"
name = "no-wip"
principle = "done-in-production"
severity = "warning"
kind = "forbidden-pattern"
pattern = "\\\\bWIP\\\\b"
scope = "title"
message = "Work in progress in the title: '{match}'."
fix = "Finish the work or open a draft PR instead."
what = "The title says WIP."
why = "Half-done work reaches nobody."
[[rule.examples]]
valid = true
text = "Add reorder\\n\\nRefs SHOP-1\\n"
[[rule.examples]]
valid = false
text = "WIP add reorder\\n\\nRefs SHOP-1\\n"
''')
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["packs"]\n')
    f = tmp_path / "M"
    f.write_text("WIP add reorder\n\nRefs SHOP-1\n")
    r = custlint("commit-msg", str(f), "--format", "json", cwd=tmp_path)
    assert r.code == 0
    assert [(x["rule"], x["message"]) for x in r.json()["findings"]] == [("TM901", "Work in progress in the title: 'WIP'.")]
    check = custlint("rules", "--check", str(tmp_path / "packs"))
    assert check.code == 0 and "2 of 2 examples behave as documented" in check.out


def test_rules_check_reports_a_lying_example(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('''
[[rule]]
code = "TM902"
name = "needs-why"
principle = "working-backwards"
kind = "required-pattern"
pattern = "because"
message = "Say why."
what = "The body says why."
why = "Reasons help."
[[rule.examples]]
valid = true
text = "Add x\\n\\nno reason given\\n"
[[rule.examples]]
valid = false
text = "Add x\\n\\nno reason\\n"
''')
    r = custlint("rules", "--check", str(pack))
    assert r.code == 1
    assert "FAIL TM902 passing example #1" in r.out


def test_bad_rule_pack_is_exit_2(tmp_path):
    pack = tmp_path / "p.toml"
    pack.write_text('[[rule]]\ncode = "bad"\n')
    r = custlint("rules", "--check", str(pack))
    assert r.code == 2 and "'code' must be" in r.err
    pack.write_text('[[rule]]\ncode = "TM903"\nname = "x"\nprinciple = "customer-problem"\nkind = "forbidden-pattern"\npattern = "(unclosed"\nmessage = "m"\nwhat = "w"\nwhy = "y"\n')
    r = custlint("rules", "--check", str(pack))
    assert r.code == 2 and "invalid pattern" in r.err


def test_a_choice_key_names_its_choices_for_every_command(tmp_path):
    (tmp_path / ".custlint.toml").write_text('draft-prs = "sometimes"\n')
    r = custlint("commit-msg", msg(tmp_path), cwd=tmp_path)
    assert r.code == 2
    assert "'draft-prs' must be one of \"check\", \"exempt\", not 'sometimes'" in r.err

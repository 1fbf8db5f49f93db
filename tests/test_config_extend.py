"""Config inheritance (issue 19): ``extend = "base.toml"`` as ruff's ``extend``, through the real CLI
and the loader: relative to the file that names it, chains, cycles, merge rules, origins."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BAD, custlint
from custlint.core.config import load_config


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def _rules(r) -> list[str]:
    return sorted({f["rule"] for f in r.json()["findings"]})


def test_a_repository_inherits_the_organisation_base(tmp_path):
    _write(tmp_path / "org" / "custlint-base.toml", 'ignore = ["KP"]\n[severity]\nCP101 = "warning"\n')
    repo = tmp_path / "repo"
    _write(repo / "pyproject.toml", '[tool.custlint]\nextend = "../org/custlint-base.toml"\n')
    (repo / "MSG").write_text(BAD)
    r = custlint("commit-msg", "MSG", "--format", "json", cwd=repo)
    findings = r.json()["findings"]
    assert [(f["rule"], f["severity"]) for f in findings] == [("CP101", "warning")]
    assert r.code == 0  # a warning only: the base's severity holds


def test_local_keys_override_and_tables_merge_key_by_key(tmp_path):
    base = _write(
        tmp_path / "base" / ".custlint.toml",
        'ticket-projects = ["SHOP"]\npersonas = ["rider"]\n'
        '[severity]\nKP201 = "warning"\nCP101 = "info"\n'
        '[production]\nbranches = ["main"]\nrelease-tags = ["release-*"]\n',
    )
    leaf = _write(
        tmp_path / "repo" / ".custlint.toml",
        f'extend = "{base}"\npersonas = ["merchant"]\n[severity]\nCP101 = "error"\n[production]\nbranches = ["prod"]\n',
    )
    cfg = load_config(leaf)
    assert cfg.personas == ("merchant",)  # a list replaces the base's
    assert cfg.ticket_projects == ("SHOP",)  # untouched keys come from the base
    assert dict(cfg.severity) == {"KP201": "warning", "CP101": "error"}
    assert cfg.production.branches == ("prod",) and cfg.production.release_tags == ("release-*",)
    assert cfg.extends == (base.resolve(),)
    assert cfg.origins["severity.KP201"] == (str(base.resolve()),)
    assert cfg.origins["severity.CP101"] == (str(leaf),)
    assert cfg.origins["production.release-tags"] == (str(base.resolve()),)


def test_rule_selection_composes_as_ruffs(tmp_path):
    base = _write(tmp_path / "base.toml", 'select = ["CP", "KP"]\nignore = ["KP202"]\nextend-select = ["KP207"]\n')
    adds = _write(tmp_path / "adds.toml", 'extend = "base.toml"\nignore = ["CP102"]\n')
    cfg = load_config(adds)
    assert cfg.select == ("CP", "KP") and cfg.ignore == ("KP202", "CP102") and cfg.extend_select == ("KP207",)
    assert cfg.origins["ignore"] == (str(base.resolve()), str(adds))
    fresh = _write(tmp_path / "fresh.toml", 'extend = "adds.toml"\nselect = ["KP"]\nignore = ["KP203"]\n')
    cfg = load_config(fresh)  # a new select starts afresh: the bases' ignore and extend-select are dropped
    assert cfg.select == ("KP",) and cfg.ignore == ("KP203",) and cfg.extend_select == ()


def test_chains_resolve_each_path_relative_to_the_file_that_names_it(tmp_path):
    top = _write(tmp_path / "a" / "top.toml", 'rule-paths = ["packs"]\n[tickets]\ncache = "cache/t.json"\n')
    (tmp_path / "a" / "packs").mkdir()
    _write(tmp_path / "a" / "b" / "mid.toml", 'extend = "../top.toml"\ndefault-branch = "trunk"\n')
    leaf = _write(tmp_path / "c" / "pyproject.toml", '[tool.custlint]\nextend = "../a/b/mid.toml"\ncode-root = "src"\n')
    cfg = load_config(leaf)
    assert cfg.default_branch == "trunk"
    assert cfg.rule_paths == (str(top.parent.resolve() / "packs"),)  # relative to the base, not the repository
    assert cfg.tickets.cache == str(top.parent.resolve() / "cache" / "t.json")
    assert cfg.code_root == "src" and cfg.root == leaf.parent.resolve()  # the leaf's own paths stay relative to it
    assert [p.name for p in cfg.extends] == ["mid.toml", "top.toml"]


def test_a_base_in_a_pyproject_is_read_from_its_tool_table(tmp_path):
    _write(tmp_path / "shared" / "pyproject.toml", '[project]\nname = "x"\n[tool.custlint]\nignore = ["KP"]\n')
    leaf = _write(tmp_path / "repo" / ".custlint.toml", 'extend = "../shared/pyproject.toml"\n')
    assert load_config(leaf).ignore == ("KP",)


def test_home_and_variables_are_expanded(tmp_path):
    _write(tmp_path / "home" / "custlint.toml", 'personas = ["rider"]\n')
    repo = tmp_path / "repo"
    _write(repo / ".custlint.toml", 'extend = "~/custlint.toml"\n')
    (repo / "MSG").write_text(BAD)
    from conftest import clean_env

    r = custlint("config", "--show", cwd=repo, env=clean_env(HOME=str(tmp_path / "home")))
    assert r.code == 0, r.err
    assert json.loads(r.out)["values"]["personas"] == ["rider"]


def test_a_cycle_is_one_line_exit_2(tmp_path):
    _write(tmp_path / "a.toml", 'extend = "b.toml"\n')
    _write(tmp_path / "b.toml", 'extend = "a.toml"\n')
    _write(tmp_path / ".custlint.toml", 'extend = "a.toml"\n')
    (tmp_path / "MSG").write_text(BAD)
    r = custlint("commit-msg", "MSG", cwd=tmp_path)
    assert r.code == 2 and r.out == ""
    assert r.err.count("\n") == 1 and "extend cycle" in r.err and "Traceback" not in r.err
    assert "a.toml -> " in r.err and "b.toml" in r.err


def test_a_file_that_extends_itself_is_a_cycle(tmp_path):
    _write(tmp_path / ".custlint.toml", 'extend = ".custlint.toml"\n')
    r = custlint("config", "--show", cwd=tmp_path)
    assert r.code == 2 and "extend cycle" in r.err


def test_bad_bases_are_one_line_exit_2_naming_the_file(tmp_path):
    (tmp_path / "MSG").write_text(BAD)
    cases = {
        'extend = "missing.toml"\n': "missing.toml not found",
        "extend = 3\n": "'extend' must be a string",
        'extend = "folder"\n': "is not a regular file",
        'extend = "bad.toml"\n': "bad.toml: unknown key 'selct'",  # the mistake is blamed on the base
        'extend = "plain/pyproject.toml"\n': "has no [tool.custlint] table",
        'extend = "broken.toml"\n': "broken.toml: invalid TOML",
    }
    (tmp_path / "folder").mkdir()
    _write(tmp_path / "bad.toml", 'selct = ["CP"]\n')
    _write(tmp_path / "plain" / "pyproject.toml", '[project]\nname = "x"\n')
    _write(tmp_path / "broken.toml", "ignore = [\n")
    for text, said in cases.items():
        (tmp_path / ".custlint.toml").write_text(text)
        r = custlint("commit-msg", "MSG", cwd=tmp_path)
        assert r.code == 2, text
        assert r.err.count("\n") == 1 and said in r.err and "Traceback" not in r.err, (text, r.err)


def test_config_show_says_where_each_value_came_from(tmp_path):
    base = _write(tmp_path / "base.toml", 'ignore = ["KP202"]\n[production]\nbranches = ["main"]\n')
    _write(tmp_path / "repo" / "pyproject.toml", '[tool.custlint]\nextend = "../base.toml"\nignore = ["CP102"]\n')
    shown = custlint("config", "--show", cwd=tmp_path / "repo").json()
    leaf = str((tmp_path / "repo" / "pyproject.toml").resolve())
    assert shown["file"] == leaf and shown["extends"] == [str(base.resolve())]
    assert shown["values"]["ignore"] == ["KP202", "CP102"] and shown["values"]["production"]["branches"] == ["main"]
    assert shown["origins"] == {
        "ignore": [str(base.resolve()), leaf],
        "production.branches": [str(base.resolve())],
        "extend": [leaf],
    }


def test_config_show_without_extend_names_the_one_file(tmp_path):
    _write(tmp_path / ".custlint.toml", 'ignore = ["KP202"]\n[tickets]\ntimeout = 5\n')
    shown = custlint("config", "--show", cwd=tmp_path).json()
    path = str(tmp_path.resolve() / ".custlint.toml")
    assert shown["extends"] == [] and shown["origins"] == {"ignore": [path], "tickets.timeout": [path]}


def test_a_base_shares_its_rule_packs_with_every_repository(tmp_path):
    org = tmp_path / "org"
    _write(org / "packs" / "house.toml", '''
[pack]
name = "house"
[[rule]]
code = "HS101"
name = "house-no-wip"
principle = "done-in-production"
applies-to = ["commit"]
kind = "forbidden-pattern"
pattern = "\\\\bWIP\\\\b"
scope = "title"
message = "WIP in the title."
what = "The title says WIP."
why = "Half-done work reaches nobody."
[[rule.examples]]
valid = true
text = "Add reorder\\n\\nRefs SHOP-1\\n"
[[rule.examples]]
valid = false
text = "WIP add reorder\\n\\nRefs SHOP-1\\n"
''')
    _write(org / "base.toml", 'rule-paths = ["packs"]\n')
    for name in ("shop", "payments"):
        repo = tmp_path / name
        _write(repo / ".custlint.toml", 'extend = "../org/base.toml"\n')
        (repo / "MSG").write_text("WIP add reorder\n\nRefs SHOP-1\n")
        r = custlint("commit-msg", "MSG", "--format", "json", cwd=repo)
        assert _rules(r) == ["HS101"], r.err

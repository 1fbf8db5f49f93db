"""The config as a typed, read-only object built once at load (issue 13): every SCHEMA key is an
attribute, nothing can be changed after load, and an override is a new object."""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env, custlint
from custlint.core.config import SCHEMA, Config, Production, Tickets, default_config, describe, load_config
from custlint.errors import UserError


def _attr(cfg, dotted: str):
    """``production.release-tags`` -> ``cfg.production.release_tags``."""
    obj = cfg
    for part in dotted.split("."):
        obj = getattr(obj, part.replace("-", "_"))
    return obj


def _plain(value):
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "items"):
        return dict(value)
    return value


def test_every_schema_key_is_an_attribute_equal_to_its_default():
    cfg = default_config()
    rows = describe()
    assert len(rows) == sum(len(s) if isinstance(s, dict) else 1 for s in SCHEMA.values())
    for key, _type, default, _doc in rows:
        value = _attr(cfg, key)
        assert _plain(value) == default, key
        assert type(value) is not list and type(value) is not dict, key  # frozen: tuples and a read-only mapping


def test_tables_are_typed_sub_objects_and_root_stays():
    cfg = default_config()
    assert isinstance(cfg.production, Production) and isinstance(cfg.tickets, Tickets)
    assert cfg.production.release_tags == ("v*",) and cfg.tickets.cache_max_age_hours == 24
    assert cfg.root == Path.cwd() and cfg.path is None and cfg.display_path == "(defaults)"


def test_loaded_values_are_attributes(tmp_path):
    (tmp_path / ".custlint.toml").write_text(
        'ticket-projects = ["SHOP"]\ncode-root = "src"\n[severity]\nKP201 = "warning"\n'
        '[production]\ndeploy-log = "deploys.jsonl"\n[tickets]\ntimeout = 5\n')
    cfg = load_config(start=tmp_path)
    assert cfg.ticket_projects == ("SHOP",) and cfg.code_root == "src" and dict(cfg.severity) == {"KP201": "warning"}
    assert cfg.production.deploy_log == "deploys.jsonl" and cfg.tickets.timeout == 5
    assert cfg.root == tmp_path.resolve() and cfg.path == tmp_path / ".custlint.toml"


def test_config_show_prints_the_file_over_the_defaults_in_schema_order(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ignore = ["KP202"]\n[production]\nbranches = ["main"]\n[tickets]\ntimeout = 5\n')
    rows = json.loads(custlint("config", "--format", "json").out)
    values: dict = {}
    for row in rows:
        *tables, key = row["key"].split(".")
        d = values
        for t in tables:
            d = d.setdefault(t, {})
        d[key] = row["default"]
    values["ignore"] = ["KP202"]
    values["production"]["branches"] = ["main"]
    values["tickets"]["timeout"] = 5  # an int stays an int
    path = str(tmp_path / ".custlint.toml")
    origins = {"ignore": [path], "production.branches": [path], "tickets.timeout": [path]}
    want = json.dumps({"file": path, "values": values, "extends": [], "origins": origins}, indent=2) + "\n"
    assert custlint("config", "--show", cwd=tmp_path).out == want


@pytest.mark.parametrize("attr", ["select", "code_root", "root", "path", "no_such_key"])
def test_a_config_cannot_be_set_or_deleted(attr):
    cfg = default_config()
    with pytest.raises(AttributeError):
        setattr(cfg, attr, "x")
    with pytest.raises(AttributeError):
        delattr(cfg, attr)
    with pytest.raises(AttributeError):
        cfg.production.branches = ("main",)
    with pytest.raises(AttributeError):
        cfg.tickets.timeout = 1


def test_a_config_has_no_item_access_and_its_values_cannot_change():
    cfg = default_config()
    with pytest.raises(TypeError):
        cfg["ignore"] = ["CP"]
    with pytest.raises(TypeError):
        cfg["ignore"]  # noqa: B018 - attributes only
    assert not hasattr(cfg, "values") and not hasattr(cfg, "get")
    with pytest.raises(AttributeError):
        cfg.ignore.append("CP")  # a tuple
    with pytest.raises(TypeError):
        cfg.severity["CP101"] = "info"  # a read-only mapping
    assert cfg == default_config()


def test_replace_makes_a_validated_copy():
    cfg = default_config()
    new = cfg.replace(code_root="/src", production=cfg.production.replace(branches=["main"]))
    assert new.code_root == "/src" and new.production.branches == ("main",) and new.root == cfg.root
    assert cfg.code_root == "" and cfg.production.branches == () and new != cfg
    with pytest.raises(TypeError, match="'code-root' must be a string, not 3"):
        cfg.replace(code_root=3)
    with pytest.raises(TypeError, match="'production.branches' must be list of strings"):
        cfg.production.replace(branches="main")
    with pytest.raises(TypeError, match="no field 'code-root'"):
        cfg.replace(**{"code-root": "x"})


def test_building_a_config_says_the_same_errors_as_loading_one(tmp_path):
    where = tmp_path / ".custlint.toml"
    with pytest.raises(UserError, match=f"^{where}: unknown key 'selct'; known keys: "):
        Config({"selct": ["CP"]}, where)
    with pytest.raises(UserError, match=f"^{where}: 'production.done-labels' must be list of strings, not 'done'$"):
        Config({"production": {"done-labels": "done"}}, where)
    with pytest.raises(UserError, match=f"^{where}: unknown key 'tickets.nope'"):
        Config({"tickets": {"nope": 1}}, where)


def test_a_config_survives_pickle_and_compares_by_value():
    cfg = Config({"ignore": ["KP"], "severity": {"CP101": "info"}, "tickets": {"retries": 1}}, Path("x.toml"), Path("/r"))
    again = pickle.loads(pickle.dumps(cfg))
    assert again == cfg and hash(again) == hash(cfg) and again.tickets.retries == 1 and again.path == Path("x.toml")
    assert pickle.loads(pickle.dumps(cfg.tickets)) == cfg.tickets


def test_code_root_override_does_not_mutate_the_loaded_config(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "other").mkdir()
    (tmp_path / ".custlint.toml").write_text('code-root = "app"\n')
    loaded = load_config(start=tmp_path)
    before = loaded.as_dict()
    from custlint.commands._common import Context

    args = argparse.Namespace(config=None, select=None, extend_select=None, ignore=None,
                              code_root=str(tmp_path / "other"), verbose=False)
    ctx = Context(args, loaded)
    assert ctx.config.code_root == str((tmp_path / "other").resolve()) and ctx.code_root == (tmp_path / "other").resolve()
    assert ctx.engine.config is ctx.config and ctx.engine.settings.config is ctx.config
    assert loaded.code_root == "app" and loaded.as_dict() == before and ctx.config is not loaded
    args.code_root = None  # the config's own code-root, made absolute in the Context's copy only
    ctx = Context(args, loaded)
    assert ctx.config.code_root == str((tmp_path / "app").resolve()) and loaded.code_root == "app"


def test_no_code_root_keeps_the_loaded_config(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ignore = ["KP"]\n')
    loaded = load_config(start=tmp_path)
    from custlint.commands._common import Context

    ctx = Context(argparse.Namespace(config=None, select=None, extend_select=None, ignore=None, code_root=None), loaded)
    assert ctx.config is loaded and ctx.code_root is None


def test_building_the_config_from_the_cache_imports_neither_dataclasses_nor_typing(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ignore = ["KP"]\n[production]\nbranches = ["main"]\n')
    code = ("import sys\nfrom custlint.core.config import load_config\nc = load_config()\n"
            "c = c.replace(code_root='x')\nprint(c.production.branches, sorted(m for m in ('dataclasses', 'typing') if m in sys.modules))\n")
    env = clean_env(CUSTLINT_CACHE_DIR=str(tmp_path / "cache"))
    for _ in range(2):  # the first run parses the TOML (tomllib imports typing), the second reads the cache as the hook does
        p = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert p.stdout == "('main',) []\n", p.stdout + p.stderr


def _stub_type(spec) -> str:
    """The annotation the type checker's view of the config gives a SCHEMA key (see _freeze)."""
    if isinstance(spec, dict):
        return ""  # a table: its class, checked by name below
    kind = spec[0]
    if isinstance(kind, tuple):
        return "Literal[" + ", ".join(repr(k) for k in kind) + "]"
    return {"list of strings": "tuple[str, ...]", "table of rule = severity": "Mapping[str, str]",
            str: "str", bool: "bool", int: "int", float: "float"}[kind]


def test_the_type_checkers_view_of_the_config_names_every_schema_key_with_its_type():
    """core/config.py declares the generated attributes for mypy in an `if TYPE_CHECKING:` block
    that never runs; this keeps it equal to SCHEMA, key for key and in order (issue 13)."""
    import ast

    import custlint.core.config as config_module

    tree = ast.parse(Path(config_module.__file__).read_text(encoding="utf-8"))
    stubs = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for cls in node.body:
                if isinstance(cls, ast.ClassDef):
                    stubs[cls.name] = [(a.target.id, ast.unparse(a.annotation)) for a in cls.body
                                       if isinstance(a, ast.AnnAssign) and isinstance(a.target, ast.Name)]
    assert set(stubs) == {"ConfigValues", "Production", "Tickets", "Exempt"}

    def want(schema):
        return [(key.replace("-", "_"), key.title().replace("-", "") if isinstance(spec, dict) else _stub_type(spec))
                for key, spec in schema.items()]

    assert stubs["ConfigValues"] == want(SCHEMA)
    assert stubs["Production"] == want(SCHEMA["production"])
    assert stubs["Tickets"] == want(SCHEMA["tickets"])
    assert stubs["Exempt"] == want(SCHEMA["exempt"])
    # and the values really have those types
    cfg = default_config()
    for table, schema in ((cfg, SCHEMA), (cfg.production, SCHEMA["production"]), (cfg.tickets, SCHEMA["tickets"]), (cfg.exempt, SCHEMA["exempt"])):
        for key, spec in schema.items():
            value = getattr(table, key.replace("-", "_"))
            kind = _stub_type(spec)
            if kind == "tuple[str, ...]":
                assert isinstance(value, tuple) and all(isinstance(v, str) for v in value), key
            elif kind == "float":
                assert isinstance(value, (int, float)) and not isinstance(value, bool), key
            elif kind in ("str", "bool", "int"):
                assert type(value).__name__ == kind, key

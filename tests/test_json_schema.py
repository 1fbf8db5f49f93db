"""The config's JSON Schema (issue 19): made from SCHEMA, checked in at docs/custlint.schema.json
and current, draft-07 as SchemaStore asks, and the README's TOML examples valid under it."""

from __future__ import annotations

import re
import sys

import jsonschema
import pytest

from conftest import ROOT, custlint
from custlint.core.json_schema import DRAFT, config_schema, schema_text
from custlint.core.schema import SCHEMA

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CHECKED_IN = ROOT / "docs" / "custlint.schema.json"


def test_the_checked_in_schema_is_current():
    assert CHECKED_IN.read_text(encoding="utf-8") == schema_text(), (
        "docs/custlint.schema.json is out of date: run `make schema` (custlint config --schema > docs/custlint.schema.json)"
    )


def test_config_schema_prints_it():
    r = custlint("config", "--schema")
    assert r.code == 0 and r.out == schema_text()


def test_it_is_a_valid_draft_07_schema_with_every_key_documented():
    schema = config_schema()
    assert schema["$schema"] == DRAFT
    jsonschema.Draft7Validator.check_schema(schema)

    def walk(spec: dict, node: dict, where: str) -> None:
        assert node["type"] == "object" and node["additionalProperties"] is False, where
        assert list(node["properties"]) == list(spec), where  # every key, in SCHEMA order
        for key, sub in spec.items():
            prop = node["properties"][key]
            assert prop["description"], where + key
            if isinstance(sub, dict):
                walk(sub, prop, f"{where}{key}.")
            else:
                assert prop["default"] == sub[1], where + key
                jsonschema.Draft7Validator(prop).validate(sub[1])  # the default is a valid value

    walk(SCHEMA, schema, "")


def _readme_configs() -> list[tuple[int, dict]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^```toml\n(.*?)^```", text, re.S | re.M):
        line = text.count("\n", 0, m.start()) + 1
        data = tomllib.loads(m.group(1))  # a README example that is not TOML is a failure too
        if "rule" in data or "pack" in data:
            continue  # a rule pack, not a config
        if "tool" in data:
            table = data["tool"].get("custlint")
            if table is None:
                continue
        elif "project" in data or "build-system" in data:
            continue  # a package's own pyproject.toml (a rule pack's entry point)
        else:
            table = data
        out.append((line, table))
    return out


def test_the_readme_has_config_examples():
    assert len(_readme_configs()) >= 3


@pytest.mark.parametrize("line,table", _readme_configs(), ids=lambda v: f"README line {v}" if isinstance(v, int) else "")
def test_readme_toml_examples_are_valid_under_the_schema(line, table):
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in jsonschema.Draft7Validator(config_schema()).iter_errors(table)]
    assert errors == [], f"README.md line {line}"


@pytest.mark.parametrize(
    "toml,where",
    [
        ('selct = ["CP"]', ""),
        ('ignore = "CP"', "ignore"),
        ('severity = { KP201 = "loud" }', "severity.KP201"),
        ('draft-prs = "skip"', "draft-prs"),
        ('production = { deploy-on-merge = "yes" }', "production.deploy-on-merge"),
        ("tickets = { retries = 1.5 }", "tickets.retries"),
        ("extend = 1", "extend"),
    ],
)
def test_the_schema_rejects_what_the_loader_rejects(tmp_path, toml, where):
    errors = list(jsonschema.Draft7Validator(config_schema()).iter_errors(tomllib.loads(toml)))
    assert errors and ".".join(map(str, errors[0].path)) == where
    (tmp_path / ".custlint.toml").write_text(toml + "\n")
    r = custlint("config", "--show", cwd=tmp_path)
    assert r.code == 2 and r.err.count("\n") == 1

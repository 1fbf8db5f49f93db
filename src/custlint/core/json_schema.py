"""The JSON Schema of the config, made from :data:`~custlint.core.schema.SCHEMA`.

It describes the ``[tool.custlint]`` table of a ``pyproject.toml`` and the top level of a
``.custlint.toml`` (the same keys), in JSON Schema draft-07: the draft SchemaStore asks for ("the
best supported version is draft-07"), named as SchemaStore names a schema of a tool's table in
``pyproject.toml`` (``partial-<tool>.json``). Editors that read SchemaStore (VS Code's Even Better
TOML through taplo, PyCharm) then complete and validate the keys. Every key carries its type, its
default and its documentation; a table allows no key SCHEMA does not know, as the config loader.

``custlint config --schema`` prints it; ``docs/custlint.schema.json`` is its checked-in copy
(``make schema`` writes it again, tests/test_json_schema.py fails when it is out of date).
"""

from __future__ import annotations

import json

from custlint.core.schema import SCHEMA, SEVERITY_TABLE, STR_LIST

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = "https://json.schemastore.org/partial-custlint.json"
_SEVERITIES = ["error", "warning", "info"]


def _value_schema(kind: Any) -> dict[str, Any]:
    if isinstance(kind, tuple):
        return {"type": "string", "enum": list(kind)}
    if kind == STR_LIST:
        return {"type": "array", "items": {"type": "string"}}
    if kind == SEVERITY_TABLE:
        return {
            "type": "object",
            "propertyNames": {"pattern": "^[A-Za-z0-9-]+$"},
            "additionalProperties": {"type": "string", "enum": _SEVERITIES},
        }
    simple = {str: "string", bool: "boolean", int: "integer", float: "number"}
    if kind not in simple:
        raise TypeError(f"no JSON Schema type for the config type {kind!r}")
    return {"type": simple[kind]}


def _table(schema: dict[str, Any], title: str, description: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key, spec in schema.items():
        if isinstance(spec, dict):
            props[key] = _table(spec, key, f"The [{key}] table.")
        else:
            kind, default, doc = spec[0], spec[1], spec[2]
            props[key] = {"title": key, "description": doc, **_value_schema(kind), "default": default}
    return {
        "title": title,
        "description": description,
        "type": "object",
        "properties": props,
        "additionalProperties": False,
    }


def config_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the ``[tool.custlint]`` table."""
    body = _table(
        SCHEMA,
        "custlint configuration",
        "custlint's [tool.custlint] table in pyproject.toml, or the top level of a .custlint.toml."
        "\nhttps://github.com/custlint/custlint#configuration",
    )
    return {"$schema": DRAFT, "$id": SCHEMA_ID, **body}


def schema_text() -> str:
    """The schema as the checked-in file holds it: two-space indents, keys in SCHEMA order, a final newline."""
    return json.dumps(config_schema(), indent=2, ensure_ascii=False) + "\n"

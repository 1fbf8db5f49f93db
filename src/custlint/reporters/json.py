"""``--format json``: the whole result as one JSON document (schema version 1)."""

from __future__ import annotations

from custlint.engine.findings import Result
from custlint.reporters.json_indent import dumps


def render(result: Result, info) -> str:
    doc = {
        "version": 1,
        "command": info.command,
        "findings": [f.to_dict() for f in result.findings],
        "exempt": [e.to_dict() for e in result.exempt],
        "notes": list(result.notes),
        "summary": result.summary(),
    }
    from custlint.reporters.safe_stream import json_text

    return json_text(dumps(doc, indent=2)) + "\n"

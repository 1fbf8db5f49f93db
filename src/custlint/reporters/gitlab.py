"""``--format gitlab``: a GitLab Code Quality report (``artifacts: reports: codequality``).

A JSON array of issues: ``description``, ``check_name``, ``fingerprint`` (stable across runs and
line shifts, distinct per finding, so GitLab can tell new findings from old), ``severity`` (info, minor, major, critical, blocker) and
``location.path`` / ``location.lines.begin``. A description or commit message is not a file, so
those findings point at the MR template or the config file, line 1, and say where they are.
"""

from __future__ import annotations

from custlint.engine.findings import Result
from custlint.reporters._where import location, where_words
from custlint.reporters.json_indent import dumps

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(result: Result, info) -> str:
    from custlint.reporters.fingerprints import fingerprints

    issues = []
    for f, fingerprint in zip(result.findings, fingerprints(result.findings), strict=True):
        path, line = location(f, info)
        issues.append(
            {
                "type": "issue",
                "description": f"{f.rule} {where_words(f)}: {f.message}",
                "check_name": f"{f.rule} {f.name}",
                "categories": ["Style"],
                "content": {
                    "body": f"{f.fix}\n\nPrinciple: {f.principle}. Run `custlint rule {f.rule}` for why it matters."
                },
                "fingerprint": fingerprint,  # stable when lines move (reporters/fingerprints.py)
                "severity": SEVERITY.get(f.severity, "minor"),
                "location": {"path": path, "lines": {"begin": line}},
            }
        )
    from custlint.reporters.safe_stream import json_text

    return json_text(dumps(issues, indent=2)) + "\n"

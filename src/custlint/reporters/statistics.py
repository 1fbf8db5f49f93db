"""``--statistics``: how many findings each rule has, instead of the findings (ruff's and flake8's flag).

Text: one row per rule, the most frequent first (then by code), with the severity in force and the
rule's name, then the summary line (not under ``--quiet``). JSON: a list of
``{"code", "name", "severity", "principle", "count"}`` in the same order. The other formats
describe each finding for a machine (annotations, SARIF, JUnit), so counting them is an error.
"""

from __future__ import annotations

from custlint.engine.findings import Result
from custlint.errors import UserError
from custlint.reporters.json_indent import dumps


def rows(result: Result) -> list[dict]:
    counts: dict[str, dict] = {}
    for f in result.findings:
        row = counts.setdefault(
            f.rule, {"code": f.rule, "name": f.name, "severity": f.severity, "principle": f.principle, "count": 0}
        )
        row["count"] += 1
    return sorted(counts.values(), key=lambda r: (-r["count"], r["code"]))


def render_statistics(fmt: str, result: Result, info) -> str:
    if fmt == "json":
        from custlint.reporters.safe_stream import json_text

        return json_text(dumps(rows(result), indent=2, ensure_ascii=True)) + "\n"
    if fmt != "text":
        raise UserError(f"--statistics prints text or json, not {fmt}; drop --statistics or use --format json")
    from custlint.reporters.text import _COLORS, _RESET, summary_line

    table = rows(result)
    width = max((len(str(r["count"])) for r in table), default=1)
    out = []
    for r in table:
        sev = f"{r['severity']:<7}"
        if info.color:
            sev = f"{_COLORS.get(r['severity'], '')}{sev}{_RESET}"
        out.append(f"{r['count']:>{width}}  {r['code']:<6} {sev} {r['name']}")
    if info.quiet:
        return "\n".join(out) + "\n" if out else ""
    summary = summary_line(result, info.command)
    return "\n".join([*out, "", summary] if out else [summary]) + "\n"

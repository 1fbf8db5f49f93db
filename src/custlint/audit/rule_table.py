"""Findings by rule: how many checked commits each commit rule fired on, over the range and per
period, with the rule's name, principle and its explanation (what ``custlint rule CODE`` prints),
so the report can say which rule to talk about and why it matters to a customer."""

from __future__ import annotations


def _text(s: str) -> str:
    return " ".join((s or "").split())


def rows(per_month: dict[str, list[int]], rules: list, checked: int) -> list[dict]:
    """One row per commit rule that fired at least once, most findings first (``per_month``:
    month -> commits per rule, in ``rules`` order). ``share`` is of the checked commits, in %."""
    totals = [0] * len(rules)
    for row in per_month.values():
        for i, n in enumerate(row[: len(rules)]):
            totals[i] += n
    out = []
    for r, n in zip(rules, totals, strict=True):
        if not n:
            continue
        out.append(
            {
                "code": r.code,
                "name": r.name,
                "principle": r.principle,
                "severity": r.severity,
                "commits": n,
                "share": round(100.0 * n / checked, 2) if checked else None,
                "what": _text(r.what),
                "why": _text(r.why),
                "fix": _text(r.fix),
            }
        )
    out.sort(key=lambda d: (-d["commits"], d["code"]))
    return out


def period_counts(row: list[int] | None, rules: list) -> dict[str, int]:
    """``{code: commits}`` of one period, the rules that fired only."""
    if not row:
        return {}
    return {r.code: n for r, n in zip(rules, row, strict=False) if n}


def merge_rows(parts: list[list[dict]], checked: int) -> list[dict]:
    """The ``rules`` rows of several audits added up (``report merge``); shares of ``checked``."""
    by_code: dict[str, dict] = {}
    for rows_ in parts:
        for r in rows_:
            cur = by_code.get(r["code"])
            if cur is None:
                by_code[r["code"]] = {**r}
            else:
                cur["commits"] += r["commits"]
    out = list(by_code.values())
    for r in out:
        r["share"] = round(100.0 * r["commits"] / checked, 2) if checked else None
    out.sort(key=lambda d: (-d["commits"], d["code"]))
    return out

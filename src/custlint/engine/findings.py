"""Findings and the fixed vocabularies they are built from."""

from __future__ import annotations

import re

from custlint.core.record import Record

PRINCIPLES = (
    "customer-problem",
    "measurable-kpi",
    "done-in-production",
    "customer-remediation",
    "working-backwards",
)

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

SOURCES = ("commit", "pr", "ticket", "code")


class Finding(Record):
    __slots__ = (
        "rule",
        "name",
        "principle",
        "severity",
        "message",
        "source",
        "subject",
        "line",
        "fix",
        "path",
        "column",
        "title",
    )

    def __init__(
        self,
        rule: str,
        name: str,
        principle: str,
        severity: str,
        message: str,
        source: str,
        subject: str,
        line: int = 1,
        fix: str = "",
        path: str = "",
        column: int = 0,
        title: str = "",
    ) -> None:
        self.rule = rule  # code, e.g. CP101
        self.name = name  # kebab-case name
        self.principle = principle
        self.severity = severity
        self.message = message
        self.source = source  # commit | pr | ticket | code
        self.subject = subject  # SHA, PR number, ticket id, file
        self.line = line
        self.fix = fix
        self.path = path  # a real file the finding can point at, where there is one
        self.column = column
        self.title = title  # the commit title, PR title or ticket title the finding is about

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "name": self.name,
            "principle": self.principle,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "source": self.source,
            "subject": self.subject,
            "path": self.path or None,
            "line": self.line,
        }


class Exemption(Record):
    __slots__ = ("source", "subject", "reason", "title")

    def __init__(self, source: str, subject: str, reason: str, title: str = "") -> None:
        self.source = source
        self.subject = subject
        self.reason = reason
        self.title = title

    def to_dict(self) -> dict:
        return {"source": self.source, "subject": self.subject, "reason": self.reason, "title": self.title}


class Result:
    """What one run produced: findings, exemptions and how many documents were judged."""

    def __init__(
        self,
        findings: list[Finding] | None = None,
        exempt: list[Exemption] | None = None,
        checked: int = 0,
        notes: list[str] | None = None,
    ) -> None:
        self.findings = [] if findings is None else findings
        self.exempt = [] if exempt is None else exempt
        self.checked = checked
        self.notes = [] if notes is None else notes  # said to the user, e.g. "production branch: main"

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def summary(self) -> dict:
        return {
            "checked": self.checked,
            "exempt": len(self.exempt),
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
        }


_SLOT = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, detail: dict) -> str:
    """``{name}`` slots filled from ``detail``; unknown slots stay as they are."""
    if "{" not in template:
        return template
    return _SLOT.sub(lambda m: str(detail[m.group(1)]) if m.group(1) in detail else m.group(0), template)

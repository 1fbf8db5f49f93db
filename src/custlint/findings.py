"""Findings and the fixed vocabularies they are built from."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Finding:
    rule: str  # code, e.g. CP101
    name: str  # kebab-case name
    principle: str
    severity: str
    message: str
    source: str  # commit | pr | ticket | code
    subject: str  # SHA, PR number, ticket id, file
    line: int = 1
    fix: str = ""
    path: str = ""  # a real file the finding can point at, where there is one
    column: int = 0
    title: str = ""  # the commit title, PR title or ticket title the finding is about

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


@dataclass(frozen=True)
class Exemption:
    source: str
    subject: str
    reason: str
    title: str = ""

    def to_dict(self) -> dict:
        return {"source": self.source, "subject": self.subject, "reason": self.reason, "title": self.title}


@dataclass
class Result:
    """What one run produced: findings, exemptions and how many documents were judged."""

    findings: list[Finding] = field(default_factory=list)
    exempt: list[Exemption] = field(default_factory=list)
    checked: int = 0
    notes: list[str] = field(default_factory=list)  # said to the user, e.g. "production branch: main"

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

"""What a release tells a ticket or a pull request, and the hidden marker that makes it say it once.

Each comment ends with ``<!-- custlint:release SHA -->`` (one marker per release): before writing,
the ticket's comments are read, and a comment holding the marker means this release already
spoke there, so a rerun, or a run after a failure halfway, never posts it twice.
"""

from __future__ import annotations

import re

MARKER_PREFIX = "<!-- custlint:release "
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s*)?")


def marker(sha: str) -> str:
    return f"{MARKER_PREFIX}{sha} -->"


def has_marker(bodies, sha: str) -> bool:
    m = marker(sha)
    return any(isinstance(b, str) and m in b for b in bodies)


def headline(release) -> str:
    return f"Released to production in {release.name} ({release.sha[:12]}, {release.time})"


def ticket_text(plan, release) -> str:
    """The comment for a ticket's action (Markdown; the marker is added by :func:`with_marker`)."""
    from custlint.release.plan import lag_words

    head = headline(release)
    n, k = len(plan.commits), len(plan.in_production)
    if plan.kind == "close":
        lines = [
            f"{head}.",
            "",
            (
                f"All {n} commits of {plan.id} are in production"
                if n != 1
                else f"The commit of {plan.id} is in production"
            )
            + "; custlint closes it as done.",
        ]
    elif plan.kind == "partial":
        lines = [
            f"{head}: {k} of {n} commits of {plan.id} are in production.",
            "",
            f"It stays open until the other {n - k} ship.",
        ]
    else:  # reached: it was closed before production
        lag = f", {lag_words(plan.lag_hours)} after it was marked done" if plan.lag_hours else ""
        lines = [f"{plan.id} has now reached production: {head[0].lower()}{head[1:]}{lag}."]
    checklist = remediation_checklist(plan.ticket) if plan.ticket is not None and plan.kind != "partial" else []
    if checklist:
        lines += ["", "Released. Now make it right:", *(f"- [ ] {item}" for item in checklist)]
    return "\n".join(lines)


def pr_text(release, checklist: list[str]) -> str:
    lines = [f"{headline(release)}."]
    if checklist:
        lines += ["", "Released. Now make it right:", *(f"- [ ] {item}" for item in checklist)]
    return "\n".join(lines)


def with_marker(text: str, sha: str) -> str:
    return f"{text}\n\n{marker(sha)}\n"


def is_bug(ticket) -> bool:
    labels = {lab.lower() for lab in ticket.labels}
    return ticket.type in ("bug", "defect", "incident") or bool(labels & {"bug", "defect", "incident", "type: bug"})


def remediation_checklist(ticket, settings=None) -> list[str]:
    """A bug ticket's remediation plan (the analysis of rules/remediation.toml), as checklist items."""
    if ticket is None or not is_bug(ticket):
        return []
    from custlint.document.ticket import to_document

    return _checklist(to_document(ticket), settings)


def pr_checklist(pr: dict, settings=None) -> list[str]:
    """A fix PR's remediation plan as checklist items ("fix" type, or a bug label)."""
    from custlint.document.message import conventional_type
    from custlint.document.model import Document

    raw_title, raw_body = pr.get("title"), pr.get("body")
    title = raw_title if isinstance(raw_title, str) else ""
    body = raw_body if isinstance(raw_body, str) else ""
    labels = [lab.get("name", "") for lab in pr.get("labels") or [] if isinstance(lab, dict)]
    kind, _ = conventional_type(title)
    if (
        kind != "fix"
        and not title.lower().startswith(("fix", "bug"))
        and not {"bug", "fix"} & {lab.lower() for lab in labels}
    ):
        return []
    return _checklist(Document(kind="pr", subject="PR", title=title, body=body, labels=labels, type="fix"), settings)


def _checklist(doc, settings) -> list[str]:
    from custlint.analysis.analyzer import Settings, analyze
    from custlint.core.config import default_config

    a = analyze(doc, settings or Settings.from_config(default_config()))
    remedy = a.remediation.remedy
    if remedy is None:
        return []
    return checklist_items(remedy.text)


def checklist_items(text: str, limit: int = 20) -> list[str]:
    """The steps of a remediation text: its list items, else its lines, else its sentences."""
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    items = [_ITEM.sub("", ln).strip() for ln in lines if _ITEM.match(ln)]
    if not items:
        items = [ln.strip() for ln in lines] if len(lines) > 1 else re.split(r"(?<=[.!?;])\s+", text.strip())
    out = [" ".join(i.split()).rstrip(";") for i in items if i.strip()]
    return out[:limit]

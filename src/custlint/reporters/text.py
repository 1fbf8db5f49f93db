"""``--format text``: findings grouped by what they are about, each with how to fix it."""

from __future__ import annotations

import re

from custlint.core.files import shown
from custlint.engine.findings import Result

_SHA = re.compile(r"[0-9a-f]{40}\Z")
_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "dim": "\033[2m", "bold": "\033[1m"}
_RESET = "\033[0m"
# every control character but tab and line feed (ESC and C1's CSI U+009B among them), and lone surrogates
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """Untrusted text on a terminal: no escape sequences or control characters, each replaced by
    U+FFFD as the writer would (``safe_stream.printable``; this also takes ESC, which the writer
    lets through for the colours this reporter adds)."""
    return _CONTROL.sub("\ufffd", text)


def short(subject: str) -> str:
    """A commit's SHA cut to 10; any other subject (a file, a ticket id) quoted if it holds a line feed."""
    return subject[:10] if _SHA.match(subject) else shown(subject)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def render(result: Result, info) -> str:
    def c(key: str, text: str) -> str:
        return f"{_COLORS[key]}{text}{_RESET}" if info.color else text

    out: list[str] = []
    groups: dict[tuple[str, str], list] = {}
    for f in result.findings:
        groups.setdefault((f.source, f.subject), []).append(f)
    for (source, subject), findings in groups.items():
        first = findings[0]
        if first.path != subject:  # one file judged as a whole needs no header
            title = f" {clean(first.title)[:72]}" if first.title else ""
            out.append(c("bold", f"{source} {short(subject)}") + title)
        for f in sorted(findings, key=lambda f: (f.line, f.rule)):
            loc = f"{shown(f.path)}:{f.line}" if f.path else f"line {f.line}"
            out.append(f"  {loc}: {c(f.severity, f.severity)} {f.rule} {clean(f.message)} [{f.principle}]")
            if f.fix:
                out.append(f"      {c('dim', 'fix:')} {clean(f.fix)}")
        out.append("")
    if getattr(info, "quiet", False):  # --quiet: the findings, and nothing at all on a clean run
        return "\n".join(out[:-1]) + "\n" if out else ""
    if result.exempt and (info.verbose or len(result.exempt) <= 20):
        for e in result.exempt:
            title = f" {clean(e.title)[:60]}" if e.title else ""
            out.append(f"{c('dim', 'exempt')} {e.source} {short(e.subject)}{title} ({clean(e.reason)})")
        out.append("")
    for note in result.notes:
        out.append(clean(note))
    out.append(summary_line(result, info.command))
    return "\n".join(out) + "\n"


def summary_line(result: Result, command: str) -> str:
    """``Found 2 errors, 1 warning: 3 commits checked (1 exempt).`` or ``All clear: ...``."""
    s = result.summary()
    noun = {
        "commit-msg": "commit message",
        "commits": "commit",
        "pr": "description",
        "tickets": "ticket",
        "code": "file",
    }.get(command, "document")
    parts = [plural(s["errors"], "error"), plural(s["warnings"], "warning")]
    if s["infos"]:
        parts.append(plural(s["infos"], "info"))
    tail = f" ({s['exempt']} exempt)" if s["exempt"] else ""
    status = "All clear" if not result.findings else "Found " + ", ".join(parts)
    return f"{status}: {plural(s['checked'], noun)} checked{tail}."

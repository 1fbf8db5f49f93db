"""``--format github``: GitHub Actions annotations, and a Markdown job summary.

Every value is escaped the way the runner unescapes it (``%25 %0D %0A``, and ``%3A %2C`` in
properties), so a PR body or commit message can never end the annotation and start a workflow
command of its own (``::add-mask::``, ``::set-output``, an indented ``::error``, ``%0A::warning::``,
legacy ``##[error]``). Anything else that carries untrusted text is printed between
``::stop-commands::<random token>`` and ``::<token>::``, where the runner runs no command at all.
The summary is appended to ``$GITHUB_STEP_SUMMARY`` when the runner provides one.
"""

from __future__ import annotations

import html
import secrets
import sys

from custlint.engine.findings import Result
from custlint.reporters._where import where_words

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_ZWJ = "\u2060"  # word joiner: invisible, breaks the legacy '##[' command prefix


_OTHER_BREAKS = str.maketrans({c: " " for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})


def defuse(text: str) -> str:
    """Break the legacy ``##[command]`` prefix, which the runner finds anywhere in a line, and turn
    the rarer line separators into spaces so that no reader of the log can split a line there."""
    return text.translate(_OTHER_BREAKS).replace("##[", f"#{_ZWJ}#[")


def escape_data(text: str) -> str:
    return defuse(str(text)).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props) -> str:
    """One workflow command line, with every value escaped."""
    p = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v not in (None, ""))
    return f"::{name}{' ' + p if p else ''}::{escape_data(message)}"


def no_commands(text: str) -> str:
    """``text`` wrapped so that no line of it is run as a workflow command: a
    :class:`~custlint.reporters.safe_stream.Report` whose fence lines are marked as custlint's own."""
    if not text:
        return text
    from custlint.reporters.safe_stream import Report

    token = secrets.token_hex(16)
    body = defuse(text if text.endswith("\n") else text + "\n")
    return Report([(True, f"::stop-commands::{token}"), (False, body), (True, f"::{token}::")])


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _status(result: Result, info) -> str:
    s = result.summary()
    noun = {"commits": "commit", "pr": "description", "commit-msg": "commit message", "tickets": "ticket"}.get(
        info.command, "document"
    )
    parts = [_plural(s["errors"], "error"), _plural(s["warnings"], "warning")]
    if s["infos"]:
        parts.append(_plural(s["infos"], "notice"))
    head = "all clear" if not result.findings else ", ".join(parts)
    tail = f", {s['exempt']} exempt" if s["exempt"] else ""
    return f"custlint {info.command}: {head} ({_plural(s['checked'], noun)} checked{tail})"


def render(result: Result, info) -> str:
    out: list[str] = []
    for f in result.findings:
        props = {"title": f"{f.rule} {f.name} [{f.principle}]"}
        if f.path and f.source not in ("pr", "commit"):
            props = {"file": f.path, "line": str(f.line), **props}
        message = f"{where_words(f)}: {f.message}" + (f"\nFix: {f.fix}" if f.fix else "")
        out.append(command(LEVEL.get(f.severity, "warning"), message, **props))
    plain: list[str] = []
    if result.exempt and (info.verbose or len(result.exempt) <= 20):
        plain += [f"exempt {e.source} {e.subject[:10]} {e.title[:60]} ({e.reason})" for e in result.exempt]
    plain += list(result.notes)
    # the annotations are custlint's own commands: marked so, for the writer under Actions (safe_stream)
    parts: list[tuple[bool, str]] = [(True, line) for line in out]
    if plain:
        fenced = no_commands("\n".join(" ".join(p.split()) for p in plain))
        parts += getattr(fenced, "parts", None) or [(False, fenced)]  # a Report unless the text was empty
    parts.append((False, _status(result, info) + "\n"))
    from custlint.sources.ci_env import current

    summary_file = current().step_summary
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as fh:
                fh.write(markdown(result, info) + "\n")
        except OSError as exc:
            sys.stderr.write(
                f"custlint: warning: cannot append the job summary to GITHUB_STEP_SUMMARY: {exc.strerror or exc}\n"
            )
    from custlint.reporters.safe_stream import Report

    return Report(parts)


# -- Markdown (job summary and the sticky PR comment) -------------------------------------------

MAX_ROWS = 300  # a job summary holds at most 1 MiB
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|#<>!~"})


_AUTOLINK = None  # compiled on first use


def md(text: str) -> str:
    """Untrusted text inside Markdown: one line, no HTML, links, images, tables, @mentions or
    references. GitHub (cmark-gfm) turns ``https://...``, ``www....`` and ``a@b.c`` into links even
    without brackets, ``@name`` into a mention that notifies, and ``#12``, ``o/r#12`` into a
    reference that shows up on that issue (``GH-12`` too): a word joiner after the ``:`` of ``://``,
    after ``www``, after every ``@``, after ``#`` before a digit and after ``GH`` before ``-12`` breaks each (it is invisible when shown), and
    the Markdown and HTML specials, and a list marker at the start, are escaped."""
    global _AUTOLINK
    if _AUTOLINK is None:
        import re

        _AUTOLINK = re.compile(r"(://)|(?i:www)(?=\.)|#(?=\d)|(?i:\bgh)(?=-\d)")
    text = " ".join(str(text).split())
    text = html.escape(text, quote=False)
    text = _AUTOLINK.sub(lambda m: m.group(1)[:1] + _ZWJ + "//" if m.group(1) else m.group() + _ZWJ, text)
    text = text.translate(_MD_SPECIAL).replace("@", "@" + _ZWJ)
    # a list marker where the text starts a line ('- x', '+ x', '1. x', '2) x' after '> ' in a note)
    if text[:1] in "-+":
        return "\\" + text
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits and text[digits : digits + 1] in (".", ")"):
        return f"{text[:digits]}\\{text[digits:]}"
    return text


def markdown(result: Result, info, *, heading: str = "") -> str:
    """The job summary and the sticky comment's body: nothing unprintable in it (``printable``)."""
    from custlint.reporters.safe_stream import printable

    return printable(_markdown(result, info, heading=heading))


def _markdown(result: Result, info, *, heading: str = "") -> str:
    icon = "❌" if result.has_errors else ("⚠️" if result.findings else "✅")
    lines = [
        heading or f"### {icon} custlint {info.command}",
        "",
        f"{md(_status(result, info).split(': ', 1)[1])}.",
        "",
    ]
    if result.findings:
        lines += ["| | Rule | Where | Finding | How to fix |", "|---|---|---|---|---|"]
        for f in result.findings[:MAX_ROWS]:
            mark = {"error": "❌", "warning": "⚠️"}.get(f.severity, "ℹ️")
            lines.append(f"| {mark} | `{f.rule}` {md(f.name)} | {md(where_words(f))} | {md(f.message)} | {md(f.fix)} |")
        lines.append("")
        if len(result.findings) > MAX_ROWS:
            lines += [
                f"… and {len(result.findings) - MAX_ROWS} more: run `custlint {info.command}` locally for all of them.",
                "",
            ]
        principles = sorted({f.principle for f in result.findings})
        lines += [f"Principles: {', '.join(principles)}. `custlint rule CODE` explains a rule.", ""]
    if result.exempt:
        lines += [f"<details><summary>{len(result.exempt)} exempt</summary>", ""]
        lines += [
            f"- {md(e.source)} {md(e.subject[:10])} {md(e.title[:60])}: {md(e.reason)}" for e in result.exempt[:200]
        ]
        lines += ["", "</details>", ""]
    for note in result.notes:
        lines.append(f"> {md(note)}")
    return "\n".join(lines).rstrip() + "\n"

"""Writing an audit (or a merged org audit): the HTML file, and the json or text report."""

from __future__ import annotations

import sys

from custlint.core.files import shown
from custlint.errors import UserError


def write_file(path: str, text: str, *, printable_text: bool = False) -> None:
    """``text`` (the HTML report, a json or text report) to ``path``, as the writer would print it:
    nothing unprintable (a lone surrogate, a control character), never a UnicodeEncodeError.
    ``printable_text``: ``text`` is so already (the JSON report, which json_text escaped)."""
    from custlint.reporters.safe_stream import printable

    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text if printable_text else printable(text))
    except OSError as exc:
        raise UserError(f"cannot write {shown(path)}: {exc.strerror or exc}") from None


def json_text(data) -> str:
    """The JSON report: ``json.dumps`` with one space of indent, non-ASCII kept as it is (the same
    text, written faster: :mod:`custlint.reporters.json_indent`)."""
    from custlint.reporters.json_indent import dumps

    return dumps(data, indent=1)


def emit(data: dict, fmt: str, output: str | None) -> None:
    """``data`` as json or the text table, to ``output`` or stdout."""
    if fmt == "json":
        from custlint.reporters.safe_stream import json_text as no_commands

        # the same values, with ##[ and raw line separators escaped: no workflow command (SECURITY.md 2),
        # nothing unprintable (json escapes the C0 controls, no_commands the rest)
        text = no_commands(json_text(data)) + "\n"
    else:
        from custlint.reporters import audit_text as text_report

        text = text_report.render(data)
    if output:
        write_file(output, text, printable_text=fmt == "json")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()

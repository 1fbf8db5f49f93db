"""``--report FORMAT:FILE`` (repeatable): more reports of the same run, each written to its file.

CI jobs want the log, a machine report and a widget's report of one check (the GitLab job: the text
in the log and a Code Quality file; the GitHub Action: the annotations and a JSON file its outputs
are read from). Judging twice to get two formats doubles the work and can disagree when the
network or the clock does: one run, several files.
"""

from __future__ import annotations

from custlint.errors import UserError

# the report formats of a judged result (github's annotations and job summary are the run's stdout
# and a side effect, never a file; the audit formats are the audit's own)
FORMATS = ("text", "json", "gitlab", "sarif", "junit")


def parse(specs: list[str] | None) -> list[tuple[str, str]]:
    """``[(format, file)]`` from the ``--report`` values; a bad value is a one-line UserError."""
    out: list[tuple[str, str]] = []
    for spec in specs or []:
        fmt, sep, path = spec.partition(":")
        fmt = fmt.strip().lower()
        if not sep or not fmt or not path.strip():
            raise UserError(f"--report {spec!r}: give FORMAT:FILE, e.g. --report json:custlint.json")
        if fmt not in FORMATS:
            raise UserError(f"--report {spec!r}: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        if any(p == path for _, p in out):
            raise UserError(f"--report {spec!r}: {path} is already written by another --report")
        out.append((fmt, path))
    return out


def write(specs: list[tuple[str, str]], result, info) -> None:
    from pathlib import Path

    from custlint.reporters import render

    for fmt, path in specs:
        text = render(fmt, result, info.replace(color=False))
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"--report {fmt}:{path}: cannot write it: {exc.strerror or exc}") from None

"""Output formats. ``--format NAME`` imports ``custlint.reporters.NAME`` and calls its ``render``.

A reporter decides nothing: it turns a :class:`~custlint.engine.findings.Result` into
text. Adding a format is adding a module with ``render(result, info) -> str`` and its name to
:data:`FORMATS` (the other modules here are helpers and the audit's own formats, never a
``--format`` of the linting commands).
"""

from __future__ import annotations

import importlib

from custlint.core.record import Record
from custlint.engine.findings import Result
from custlint.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Any


# the --format values of the linting commands, as `--help` lists them (tests/test_cli_conventions.py
# keeps the tuple equal to the modules that have a render(result, info))
FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")


class ReportInfo(Record):
    __slots__ = ("command", "rules", "config_path", "color", "verbose", "extra", "quiet")

    def __init__(
        self,
        command: str,
        rules: list[Any] | None = None,
        config_path: str = "",
        color: bool = False,
        verbose: bool = False,
        extra: dict[str, Any] | None = None,
        quiet: bool = False,
    ) -> None:
        self.command = command  # commit-msg, commits, pr, tickets, ...
        self.rules = [] if rules is None else rules  # the selected rules, for formats that describe them
        self.config_path = config_path  # a real file findings without one can point at
        self.color = color
        self.verbose = verbose
        self.extra = {} if extra is None else extra
        self.quiet = quiet  # --quiet: the findings only (no exempt list, notes or summary line)


def names() -> list[str]:
    return list(FORMATS)


def render(fmt: str, result: Result, info: ReportInfo) -> str:
    if fmt not in FORMATS:
        raise UserError(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return importlib.import_module(f"{__name__}.{fmt}").render(result, info)

"""Output formats. ``--format NAME`` imports ``custlint.reporters.NAME`` and calls its ``render``.

A reporter decides nothing: it turns a :class:`~custlint.engine.findings.Result` into
text. Adding a format is adding a module with ``render(result, info) -> str``.
"""

from __future__ import annotations

import importlib

from custlint.core.record import Record
from custlint.engine.findings import Result
from custlint.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Any


class ReportInfo(Record):
    __slots__ = ("command", "rules", "config_path", "color", "verbose", "extra")

    def __init__(
        self,
        command: str,
        rules: list[Any] | None = None,
        config_path: str = "",
        color: bool = False,
        verbose: bool = False,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.command = command  # commit-msg, commits, pr, tickets, ...
        self.rules = [] if rules is None else rules  # the selected rules, for formats that describe them
        self.config_path = config_path  # a real file findings without one can point at
        self.color = color
        self.verbose = verbose
        self.extra = {} if extra is None else extra


def names() -> list[str]:
    import pkgutil

    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def render(fmt: str, result: Result, info: ReportInfo) -> str:
    module = None
    if fmt and not fmt.startswith("_") and fmt.replace("-", "").isalnum():
        try:
            module = importlib.import_module(f"{__name__}.{fmt.replace('-', '_')}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{fmt.replace('-', '_')}":
                raise
    if module is None:
        raise UserError(f"unknown --format {fmt!r}; choose one of {', '.join(names())}")
    return module.render(result, info)

"""Output formats. ``--format NAME`` imports ``custlint.reporters.NAME`` and calls its ``render``.

A reporter decides nothing: it turns a :class:`~custlint.findings.Result` into
text. Adding a format is adding a module with ``render(result, info) -> str``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from custlint.errors import UserError
from custlint.findings import Result


@dataclass
class ReportInfo:
    command: str  # commit-msg, commits, pr, tickets, ...
    rules: list[Any] = field(default_factory=list)  # the selected rules, for formats that describe them
    config_path: str = ""  # a real file findings without one can point at
    color: bool = False
    verbose: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


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

"""Named checks: the analysis-backed rule kind.

A rule of ``kind = "analysis"`` names a check here (``check = "kpi-linked"``).
A check is a function ``(doc, analysis, params) -> iterable of Hit``, registered
with :func:`check`. Every module in this package is a family of checks and is
imported when the registry is first read, so adding a module is all it takes.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from custlint.analysis import Analysis
from custlint.document import Document


@dataclass
class Hit:
    """One place a rule fires. ``line`` is a line of the document's file (None: the title)."""

    line: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)  # fills {placeholders} in the rule's message
    message: str | None = None  # replaces the rule's message outright
    fix: str | None = None  # replaces the rule's fix


CheckFn = Callable[[Document, Analysis, dict], Iterable[Hit]]
_REGISTRY: dict[str, CheckFn] = {}
_LOADED = False


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        if name in _REGISTRY:
            raise RuntimeError(f"check {name!r} registered twice")
        _REGISTRY[name] = fn
        fn.check_name = name  # type: ignore[attr-defined]
        return fn

    return register


def registry() -> dict[str, CheckFn]:
    global _LOADED
    if not _LOADED:
        for info in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{info.name}")
        _LOADED = True
    return _REGISTRY

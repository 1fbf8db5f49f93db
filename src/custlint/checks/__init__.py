"""Named checks: the analysis-backed rule kind.

A rule of ``kind = "analysis"`` names a check here (``check = "kpi-linked"``).
A check is a function ``(doc, analysis, params) -> iterable of Hit``, registered
with :func:`check`. Every module in this package is a family of checks.
:data:`MODULES` says which module holds which check, so running a rule imports
only its module (the commit-msg hook never imports the ticket or code checks);
a test keeps it equal to what the modules register.
"""

from __future__ import annotations

import importlib

from custlint.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable

    from custlint.analysis import Analysis
    from custlint.document import Document

    CheckFn = Callable[[Document, Analysis, dict], Iterable["Hit"]]

MODULES = {
    "done": ("done-claim",),
    "instrumentation": ("kpi-metric-not-emitted", "kpi-metric-emitted"),
    "judgement": ("customer-problem-solution", "customer-problem-internal", "customer-problem-no-pain",
                  "kpi-vague", "kpi-no-number", "kpi-no-window", "vanity-metric", "kpi-no-baseline",
                  "fix-impact-missing", "fix-impact-scope", "fix-remediation-missing", "remediation-complainers-only",
                  "prfaq-missing", "prfaq-not-linked", "prfaq-headline", "prfaq-problem", "prfaq-solution",
                  "prfaq-quote", "prfaq-faq"),
    "links": ("customer-problem-linked", "customer-problem-placeholder", "kpi-linked", "kpi-placeholder",
              "skip-reason"),
    "tickets": ("ticket-exists", "ticket-has-customer-problem", "ticket-has-kpi", "ticket-done-in-production"),
}
MODULE_OF = {name: module for module, names in MODULES.items() for name in names}


class Hit(Record):
    """One place a rule fires. ``line`` is a line of the document's file (None: the title)."""

    __slots__ = ("line", "detail", "message", "fix")

    def __init__(self, line: int | None = None, detail: dict[str, Any] | None = None, message: str | None = None,
                 fix: str | None = None) -> None:
        self.line = line
        self.detail = {} if detail is None else detail  # fills {placeholders} in the rule's message
        self.message = message  # replaces the rule's message outright
        self.fix = fix  # replaces the rule's fix


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


def get(name: str) -> CheckFn:
    """The check called ``name``, importing only the module that holds it."""
    fn = _REGISTRY.get(name)
    if fn is None:
        importlib.import_module(f"{__name__}.{MODULE_OF[name]}")
        fn = _REGISTRY[name]
    return fn


def registry() -> dict[str, CheckFn]:
    """Every check (imports every module of checks)."""
    global _LOADED
    if not _LOADED:
        for module in MODULES:
            importlib.import_module(f"{__name__}.{module}")
        _LOADED = True
    return _REGISTRY

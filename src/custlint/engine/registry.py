"""Named checks: the analysis-backed rule kind, registered by the check functions themselves.

A rule of ``kind = "analysis"`` names a check (``check = "kpi-linked"``). A check is a function
``(doc, analysis, params) -> iterable of Hit`` in a module of :mod:`custlint.checks`, one module per
shipped rule pack (``rules/kpi.toml`` -> ``custlint.checks.kpi``), registered with :func:`check`.
There is no table to keep in step: a pack is validated against every registered check once, when it
is loaded (:func:`registry` imports the modules of ``custlint.checks``), and the rule keeps the
module of its check (``Rule.check_module``), so a run imports only the modules its rules need (the
commit-msg hook never imports the ticket or code checks).
"""

from __future__ import annotations

import importlib
import os

from custlint.core.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from custlint.analysis.analyzer import Analysis
    from custlint.document.model import Document

    CheckFn = Callable[[Document, Analysis, dict], Iterable["Hit"]]

CHECKS_PACKAGE = "custlint.checks"


class Hit(Record):
    """One place a rule fires. ``line`` is a line of the document's file (None: the title)."""

    __slots__ = ("line", "detail", "message", "fix")

    def __init__(
        self,
        line: int | None = None,
        detail: dict[str, Any] | None = None,
        message: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.line = line
        self.detail = {} if detail is None else detail  # fills {placeholders} in the rule's message
        self.message = message  # replaces the rule's message outright
        self.fix = fix  # replaces the rule's fix


# A check of one hit at most returns a tuple of it, or NO_HITS: a plain call, where a generator
# costs a frame to start, resume and close on every document (the commit checks run on every
# commit). A check of many hits yields them: the engine asks for a rule's first MAX_HITS_PER_RULE + 1.
NO_HITS: tuple = ()

_REGISTRY: dict[str, CheckFn] = {}
_LOADED = False
# bumped when a fixture that changes what checks can find is entered or left (the rule examples'
# ticket index): an engine works out again which of its rules can fire (Engine.steps)
epoch = 0


def check(
    name: str,
    *,
    needs: Callable[[Analysis], Any] | None = None,
    wants: Callable[[Analysis, dict], Any] | None = None,
    inert: Callable[[Any], bool] | None = None,
) -> Callable[[CheckFn], CheckFn]:
    """Register a check as ``name``. Two optional promises let the engine skip work:

    - ``needs(analysis)``: what the check reads first, and returns without a hit when it is falsy
      (``a.kpi_verdict`` is None: no KPI rule fires). The engine calls ``needs`` and calls the check
      only when it is truthy; it must be the first thing the check reads of the analysis, so that it
      costs nothing the check would not have spent, and a ticket-url-pattern that times out while it
      is worked out still counts for the same rule.
    - ``wants(analysis, params)``: the same promise for one rule of the check (its params), where
      rules of one check read different parts (each done rule one kind of claim); the engine calls
      it instead of ``needs`` (which, when given too, must be falsy only where every rule's is).
    - ``inert(config)``: True when the check yields nothing under that config whatever the document
      (the ticket rules without a ticket source, the metric rules without a code root): the engine
      leaves its rules out of the run's steps, once per run (:meth:`Engine.steps`).

    ``tests/test_engine_steps.py`` holds every check to both promises over the corpus and the rule
    examples.
    """

    def register(fn: CheckFn) -> CheckFn:
        if name in _REGISTRY:
            raise RuntimeError(f"check {name!r} registered twice")
        _REGISTRY[name] = fn
        fn.check_name = name  # type: ignore[attr-defined]
        fn.needs = needs  # type: ignore[attr-defined]
        fn.wants = wants  # type: ignore[attr-defined]
        fn.inert = inert  # type: ignore[attr-defined]
        return fn

    return register


def fixture_changed() -> None:
    """A fixture that changes what checks can find was entered or left: engines work out their steps again."""
    global epoch
    epoch += 1


def get(name: str, module: str = "") -> CheckFn:
    """The check called ``name``, importing only ``module`` (its home) when it is not loaded yet."""
    fn = _REGISTRY.get(name)
    if fn is None:
        if module:
            importlib.import_module(module)
            fn = _REGISTRY.get(name)
        if fn is None:
            fn = registry()[name]
    return fn


def module_files() -> list[str]:
    """The files of :mod:`custlint.checks`, found on disk (no import)."""
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "checks")
    return sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".py") and n != "__init__.py")


def registry() -> dict[str, CheckFn]:
    """Every check (imports every module of :mod:`custlint.checks`)."""
    global _LOADED
    if not _LOADED:
        for path in module_files():
            importlib.import_module(f"{CHECKS_PACKAGE}.{os.path.basename(path)[:-3]}")
        _LOADED = True
    return _REGISTRY

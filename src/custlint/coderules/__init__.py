"""Code rules: Python classes, one per module, run by ``custlint code FILES``.

Like Fixit 2, each rule module holds one :class:`CodeRule` subclass that documents itself
(``WHAT``, ``WHY``, ``FIX``) and carries ``VALID`` and ``INVALID`` examples; every example runs as
its own test (``tests/test_code_rules.py``). The metadata are plain class attributes and the rule
modules import libcst only inside ``check``, so listing the rules (``custlint rules``, and the
selection every command does) costs a few small imports and never libcst.

A rule sees a :class:`~custlint.coderules._engine.SourceFile` (text, comments, the libcst module on
demand) and yields :class:`CodeHit`. ``wants(src)`` is its cheap text pre-filter: a file no
selected rule wants is never parsed.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Valid:
    """Code the rule must accept. ``files`` adds other files of the example project (path -> code);
    ``code`` is the file the rule is run on (``path``, default ``example.py``)."""

    code: str
    path: str = "example.py"
    files: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Invalid:
    """Code the rule must report; ``line`` is where (checked when given)."""

    code: str
    line: int | None = None
    path: str = "example.py"
    files: dict[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass
class CodeHit:
    line: int
    detail: dict[str, Any] = field(default_factory=dict)  # fills {slots} of MESSAGE and FIX
    message: str | None = None
    anchor: int | None = None  # first line of the node (decorators): a suppression above it counts


class CodeRule:
    CODE = ""
    NAME = ""
    PRINCIPLE = ""
    SEVERITY = "warning"
    ENABLED = True
    MESSAGE = ""
    FIX = ""
    WHAT = ""
    WHY = ""
    VALID: tuple[Valid, ...] = ()
    INVALID: tuple[Invalid, ...] = ()

    def wants(self, src) -> bool:
        """Cheap text test: could this file hold a finding? (Only then is it tokenized or parsed.)"""
        return True

    def check(self, src) -> Iterable[CodeHit]:
        return ()


def rule_classes() -> list[type[CodeRule]]:
    """Every code rule class, by code (imports the small rule modules, not libcst)."""
    found: list[type[CodeRule]] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(mod).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, CodeRule)
                and obj is not CodeRule
                and obj.__module__ == mod.__name__
            ):
                found.append(obj)
    return sorted(found, key=lambda c: c.CODE)


def example_text(ex: Valid | Invalid) -> str:
    """An example as one text, other files first with a ``# file:`` header each."""
    if not ex.files:
        return ex.code
    chunks = [f"# file: {p}\n{c.rstrip()}\n" for p, c in ex.files.items()]
    chunks.append(f"# file: {ex.path}\n{ex.code.rstrip()}\n")
    return "\n".join(chunks)


def _prose(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines())


def as_rules() -> list:
    """The code rules as :class:`~custlint.engine.packs.Rule` records, so selection, ``custlint rules``
    and ``custlint rule`` treat them like the data rules (kind ``code``, applies to ``code``)."""
    import sys

    from custlint.engine.packs import Example, Rule

    out = []
    for cls in rule_classes():
        examples = [Example(True, example_text(e), "code", note=e.note) for e in cls.VALID]
        examples += [Example(False, example_text(e), "code", note=e.note) for e in cls.INVALID]
        out.append(
            Rule(
                code=cls.CODE,
                name=cls.NAME,
                principle=cls.PRINCIPLE,
                severity=cls.SEVERITY,
                applies_to=("code",),
                kind="code",
                message=cls.MESSAGE,
                fix=cls.FIX,
                what=_prose(cls.WHAT),
                why=_prose(cls.WHY),
                examples=examples,
                pack=getattr(sys.modules[cls.__module__], "__file__", cls.__module__),
                enabled=cls.ENABLED,
                check=cls.__module__ + "." + cls.__name__,
            )
        )
    return out

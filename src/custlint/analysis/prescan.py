"""The lean path's switch: cheap tests that tell, per document, which analyses cannot find anything.

Each gate sits where the analysis it spares starts (``kpi.prose_kpi`` ...), is worked out from the
same word lists and patterns that analysis reads (never a copy of them), and only ever answers
"this cannot find anything": when in doubt the full analysis runs. So every command (``commit-msg``,
``commits``, ``pr``, ``tickets``, ``audit``) gets the same findings with the gates on or off.

``ENABLED = False`` (or ``CUSTLINT_FULL_JUDGEMENT=1`` in the environment, read at import) turns
every gate off: the full judgement, kept only to prove the lean path exact
(``tests/test_lean_exact.py``, ``bench/lean_exact.py``).
"""

from __future__ import annotations

import os

ENABLED = os.environ.get("CUSTLINT_FULL_JUDGEMENT", "") in ("", "0")


def holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """One of ``needles`` is part of ``text`` (a plain loop: cheaper than any() over a generator)."""
    for n in needles:
        if n in text:
            return True
    return False


class Bound:
    """A check's ``wants(analysis, params)`` bound to one rule's params, called as that rule's
    ``needs(analysis)`` (compiled: a compiled ``wants`` runs without a Python frame, where a lambda
    or a partial with a keyword would add one, or a dict a call)."""

    def __init__(self, wants, params: dict) -> None:
        self.wants = wants
        self.params = params

    def __call__(self, a) -> object:
        return self.wants(a, self.params)

"""User patterns (rule packs' ``pattern``, the config's ``ticket-url-patterns``) bounded by time.

Their shape is checked when they load (:mod:`custlint.core.regex_safety`), and they run on a
bounded text (``MAX_PATTERN_TEXT`` characters of a scope, 2,000 of a URL). On top of that each
search is bounded by time: with the `regex <https://pypi.org/project/regex/>`_ package (a
dependency of custlint) a search that takes longer than :func:`timeout` seconds stops and raises
:class:`PatternTimeout`; the caller reports that the text is unchecked, never a pass. ``regex`` is
imported only when a user pattern first runs (about 7 ms; the commit-msg hook without user patterns
never imports it). Without ``regex`` (or for a pattern it does not compile) the search runs in
``re`` on the bounded text alone.

``CUSTLINT_PATTERN_TIMEOUT`` (seconds, a number > 0) changes the bound: for tests, and for a slow
machine.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEFAULT_TIMEOUT = 1.0  # seconds per search: an accepted pattern takes at most about 1.3 s on 10,000 hostile characters
_TIMEOUT: list = []  # the bound read from the environment, once


class PatternTimeout(Exception):
    """A user pattern took longer than :func:`timeout` seconds on a text: the text is unchecked."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(pattern, seconds)
        self.pattern = pattern
        self.seconds = seconds


def timeout() -> float:
    """Seconds a user pattern may search one text: ``CUSTLINT_PATTERN_TIMEOUT`` or :data:`DEFAULT_TIMEOUT`."""
    if not _TIMEOUT:
        import os

        raw = os.environ.get("CUSTLINT_PATTERN_TIMEOUT", "").strip()
        try:
            value = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            value = DEFAULT_TIMEOUT
        _TIMEOUT.append(value if 0 < value < 1e6 else DEFAULT_TIMEOUT)
    return _TIMEOUT[0]


def seconds_text(seconds: float) -> str:
    return f"{seconds:g} s"


class UserPattern:
    """A user's pattern: ``search`` like a compiled ``re`` pattern's, bounded by time.

    ``pattern`` and ``flags`` are those of the ``re`` pattern it stands for."""

    __slots__ = ("pattern", "flags", "_rx", "_timed")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._rx: Any = None  # a ``regex`` pattern, or an ``re`` one
        self._timed = False  # whether _rx is a ``regex`` pattern (takes ``timeout=``)

    def _compiled(self):
        if self._rx is None:
            try:
                import regex
            except ImportError:  # pragma: no cover - regex is a dependency; the bounded text still holds
                regex = None
            if regex is not None:
                try:
                    self._rx, self._timed = regex.compile(self.pattern, self.flags), True
                except Exception:  # a pattern only ``re`` reads: the bounded text still holds
                    self._rx = None
            if self._rx is None:
                self._rx, self._timed = re.compile(self.pattern, self.flags), False
        return self._rx

    def search(self, text: str):
        """The first match in ``text``, or None; :class:`PatternTimeout` when it takes too long."""
        rx = self._compiled()
        if not self._timed:
            return rx.search(text)
        limit = timeout()
        try:
            return rx.search(text, timeout=limit)
        except TimeoutError:
            raise PatternTimeout(self.pattern, limit) from None

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r})"


class QuietPattern(UserPattern):
    """A ``ticket-url-patterns`` pattern: read deep inside the analysis, so a search that takes too
    long is no match, and is noted in :data:`TIMEOUTS` for the engine to report as a finding.
    A text it already took too long on is not searched again."""

    __slots__ = ("_slow",)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        super().__init__(pattern, flags)
        self._slow: list[str] = []

    def search(self, text: str):
        if text in self._slow:
            TIMEOUTS.append(PatternTimeout(self.pattern, timeout()))
            return None
        try:
            return super().search(text)
        except PatternTimeout as exc:
            del self._slow[:-7]
            self._slow.append(text)
            TIMEOUTS.append(exc)
            return None


# ticket-url-patterns searches that took too long, in order: the engine reads and clears it
TIMEOUTS: list[PatternTimeout] = []

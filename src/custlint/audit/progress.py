"""The audit's one-line progress bar on stderr: only on a terminal that is not dumb, never in CI.

It says "reading history ..." as soon as it is made (git's topological walk can take a second
before its first commit), then commits done of the total (``git rev-list --count``, read when it
is ready), the rate and the time left. Each redraw returns to the start of the line and clears it
(``ESC [ K``), and the line is cut to the terminal's width, so a narrow terminal never wraps it
into a stack of lines.
"""

from __future__ import annotations

import sys
import time

_CLEAR = "\r\x1b[K"


def _width(stream) -> int:
    import os

    try:
        cols = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80
    return max(10, cols) if cols else 80  # 0: a terminal that does not say


def _eta(seconds: float) -> str:
    s = int(seconds + 0.5)
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


class Progress:
    """A one-line progress bar on stderr; only on a terminal and never in CI (:meth:`wanted`)."""

    def __init__(self, stream=None, total_proc=None) -> None:
        self.stream = stream or sys.stderr
        self.done = 0
        self.total: int | None = None
        self.total_proc = total_proc
        self.start = time.monotonic()
        self.last = self.start - 1.0  # the first update draws
        self.first: tuple[float, int] | None = None  # (time, commits) of the first results: the rate's start
        self._draw("reading history ...")

    @staticmethod
    def wanted(stream=None, ci=None) -> bool:
        """On a terminal that is not dumb, and not in CI (``ci``: the run's CI environment,
        :mod:`custlint.sources.ci_env`)."""
        if ci is None:
            from custlint.sources.ci_env import current

            ci = current()
        stream = stream or sys.stderr
        return not ci.in_ci and hasattr(stream, "isatty") and stream.isatty() and ci.term != "dumb"

    def _poll_total(self) -> None:
        p = self.total_proc
        if p is not None and p.proc.poll() is not None:
            try:
                self.total = int(p.proc.stdout.read().strip() or 0)
            except ValueError:
                self.total = None
            self.total_proc = None

    def _draw(self, line: str) -> None:
        width = _width(self.stream)
        self.stream.write(_CLEAR + line[: width - 1])
        self.stream.flush()

    def line(self, now: float, width: int) -> str:
        """The text of the bar at ``now`` for a terminal ``width`` columns wide (before cutting)."""
        rate = self.done / max(now - self.start, 1e-6)
        eta = "..."
        if self.first is not None and now - self.first[0] > 0.5:
            # the time left from the rate since the first results (not since start-up: git's walk and the
            # workers' start would make the first estimates minutes too long)
            rate = (self.done - self.first[1]) / (now - self.first[0])
        if self.total:
            frac = min(1.0, self.done / self.total)
            if rate > 0 and self.first is not None and now - self.first[0] > 0.5:
                eta = _eta(max(0, self.total - self.done) / rate)
            tail = f" {self.done:,}/{self.total:,} commits {rate:,.0f}/s ETA {eta}"
            room = min(40, width - 1 - len("auditing [] ") - len(tail))
            bar = f"[{'#' * int(frac * room):<{room}}] " if room >= 8 else ""
            return f"auditing {bar}{tail.lstrip()}"
        return f"auditing {self.done:,} commits {rate:,.0f}/s"

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if self.first is None:
            self.first = (now, self.done)
        if now - self.last < 0.1:
            return
        self.last = now
        self._poll_total()
        self._draw(self.line(now, _width(self.stream)))

    def clear(self) -> None:
        """Clear the line (before something else is written to stderr)."""
        self.stream.write(_CLEAR)
        self.stream.flush()

    def close(self) -> None:
        if self.total_proc is not None:
            try:
                self.total_proc.proc.kill()
                self.total_proc.proc.wait()
            except OSError:
                pass
        self.stream.write(_CLEAR)
        self.stream.flush()

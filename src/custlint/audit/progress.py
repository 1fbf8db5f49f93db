"""The audit's one-line progress bar on stderr."""

from __future__ import annotations

import sys
import time


class Progress:
    """A one-line progress bar on stderr; only on a terminal and never in CI."""

    def __init__(self, stream=None, total_proc=None) -> None:
        self.stream = stream or sys.stderr
        self.done = 0
        self.total: int | None = None
        self.total_proc = total_proc
        self.start = time.monotonic()
        self.last = self.start - 1.0  # draw on the first update

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

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        self._poll_total()
        rate = self.done / max(now - self.start, 1e-6)
        if self.total:
            frac = min(1.0, self.done / self.total)
            bar = "#" * int(frac * 30)
            line = f"\rauditing [{bar:<30}] {self.done:,}/{self.total:,} commits  {rate:,.0f}/s "
        else:
            line = f"\rauditing {self.done:,} commits  {rate:,.0f}/s "
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.total_proc is not None:
            try:
                self.total_proc.proc.kill()
                self.total_proc.proc.wait()
            except OSError:
                pass
        self.stream.write("\r" + " " * 70 + "\r")
        self.stream.flush()

"""Issues 8 and 15: the fuzz job. Runs the property tests of tests/test_fuzz_entry_points.py and
tests/test_fuzz_hostile.py with many generated inputs each (in this process: parsers and
`custlint.cli.main`, no subprocesses) and prints how many inputs ran, how long it took and which
property tests broke (hypothesis stops a test at its first failing input, and shows it shrunk).

    .venv/bin/python bench/fuzz.py                   # 6,000 examples per test, 25 tests: >= 150,000 inputs
    .venv/bin/python bench/fuzz.py --examples 500    # a shorter run
    .venv/bin/python bench/fuzz.py --only hostile    # issue 15's classes only (tests/test_fuzz_hostile.py)
    make fuzz                                        # FUZZ_ARGS="--examples 500" for a shorter one

To count what an older version breaks, run the same tests against its source (the tests import
`custlint` from the first entry of PYTHONPATH):

    git archive <commit> src | tar -x -C /tmp/old && PYTHONPATH=/tmp/old/src .venv/bin/python bench/fuzz.py --only hostile
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = {"entry-points": "test_fuzz_entry_points.py", "hostile": "test_fuzz_hostile.py"}


class _Failures:
    """A pytest plugin that keeps the names of the failing tests."""

    def __init__(self) -> None:
        self.failed: list[str] = []
        self.passed: list[str] = []

    def pytest_runtest_logreport(self, report) -> None:
        if report.when == "call":
            (self.failed if report.failed else self.passed).append(report.nodeid.split("::")[-1])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=6000, help="generated inputs per property test")
    ap.add_argument("--only", choices=sorted(FILES), help="one of the two test files (default: both)")
    opts = ap.parse_args()
    os.environ["CUSTLINT_FUZZ_EXAMPLES"] = str(opts.examples)
    import pytest

    import custlint

    files = [FILES[opts.only]] if opts.only else list(FILES.values())
    plugin = _Failures()
    start = time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", *(str(ROOT / "tests" / f) for f in files)], plugins=[plugin])
    elapsed = time.monotonic() - start
    module = next(m for name, m in sys.modules.items() if name.endswith("test_fuzz_entry_points"))
    counts = module.COUNTS
    for name, n in sorted(counts.items()):
        print(f"{name:28} {n:8,}")
    total = sum(counts.values())
    print(f"custlint from {Path(custlint.__file__).parent}")
    print(f"total: {total:,} generated inputs in {elapsed:.0f} s ({total / max(elapsed, 1e-9):.0f}/s); "
          f"{len(plugin.failed)} of {len(plugin.failed) + len(plugin.passed)} property tests broken"
          + (f": {', '.join(plugin.failed)}" if plugin.failed else "")
          + f"; pytest exit {int(code)}")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())

"""Issue 8: the fuzz job. Runs the property tests of tests/test_fuzz_entry_points.py with many
generated inputs each (in this process: parsers and `custlint.cli.main`, no subprocesses) and
prints how many inputs ran, how long it took and whether any test failed.

    .venv/bin/python bench/fuzz.py                   # 6,000 examples per test, 17 tests: >= 100,000 inputs
    .venv/bin/python bench/fuzz.py --examples 500    # a shorter run
    make fuzz
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=6000, help="generated inputs per property test")
    opts = ap.parse_args()
    os.environ["CUSTLINT_FUZZ_EXAMPLES"] = str(opts.examples)
    import pytest

    start = time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_fuzz_entry_points.py")])
    elapsed = time.monotonic() - start
    module = next(m for name, m in sys.modules.items() if name.endswith("test_fuzz_entry_points"))
    counts = module.COUNTS
    for name, n in sorted(counts.items()):
        print(f"{name:24} {n:8,}")
    total = sum(counts.values())
    print(f"total: {total:,} generated inputs in {elapsed:.0f} s ({total / max(elapsed, 1e-9):.0f}/s); "
          f"pytest exit {int(code)} ({'no failure' if code == 0 else 'FAILURES above'})")
    return int(code)


if __name__ == "__main__":
    sys.exit(main())

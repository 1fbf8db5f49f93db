"""Issue 8: the worst time of an *accepted* user pattern on crafted text of MAX_PATTERN_TEXT characters.

Patterns that regex_safety accepts have at most one unbounded quantifier over a run of text, which
Python's backtracking `re` can still scan from every start position: quadratic. This measures the
worst of a few such patterns on runs that make them fail late, at the length the engine caps to.

    .venv/bin/python bench/user_patterns.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from custlint.core.regex_safety import unsafe_reason  # noqa: E402
from custlint.engine.packs import MAX_PATTERN_TEXT  # noqa: E402

PATTERNS = [r"\s+\w+", r"\w+@", r".*x", r"[^x]+y", r"a[a\s]+b", r"\bTODO\b.*", r"\w+@\w+\.com"]
TEXTS = {"newlines": "\n", "letters": "a", "spaces": " ", "digits": "1"}


def main() -> int:
    worst = (0.0, "")
    for p in PATTERNS:
        assert unsafe_reason(p) is None, p
        rx = re.compile(p, re.IGNORECASE | re.MULTILINE)
        for name, ch in TEXTS.items():
            text = ch * MAX_PATTERN_TEXT
            start = time.perf_counter()
            rx.search(text)
            dt = time.perf_counter() - start
            worst = max(worst, (dt, f"{p!r} on {MAX_PATTERN_TEXT:,} {name}"))
            print(f"{p!r:20} {name:9} {dt:6.3f} s")
    print(f"worst: {worst[0]:.2f} s ({worst[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

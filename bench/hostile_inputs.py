"""Issue 8: every input up to 5 MB is judged in at most 5 s.

Each shape is written to a file of about --mb megabytes and judged in-process by the real CLI
(`custlint.cli.main`): `commit-msg FILE`, `pr --body-file FILE` and `tickets FILE` (the same text
as a ticket body). Prints one line per shape and command, and the worst time.

    .venv/bin/python bench/hostile_inputs.py            # 5 MB, every shape
    .venv/bin/python bench/hostile_inputs.py --mb 1 --only fixes,http
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from custlint.cli import main  # noqa: E402


def shapes(n: int):
    yield "digits", "1" * n
    yield "one-long-line", "Show windows " + "a" * n
    yield "fixes", "Fix\n\n" + "Fixes #1 " * (n // 9)
    yield "closes-list", "Fix\n\nCloses #1" + ", #2" * (n // 4)
    yield "jira-keys", "Fix\n\n" + "SHOP-1 " * (n // 7)
    yield "smart-commits", "Fix\n\nSHOP-1" + " #done" * (n // 6)
    yield "urls", "Fix\n\n" + "http://" * (n // 7)
    yield "url-path", "Fix\n\nhttp://" + "a/" * (n // 2)
    yield "dotted-name", "Fix\n\n" + "a." * (n // 2) + "/b"
    yield "nested-lists", "Fix\n\n" + "".join("  " * (i % 500) + "- item\n" for i in range(n // 600))
    yield "quotes", "Fix\n\n" + ">" * n
    yield "headings", "Fix\n\n" + "## KPI\n" * (n // 7)
    yield "labels", "Fix\n\n" + "KPI: x\n" * (n // 7)
    yield "colons", "Fix\n\n" + "a" * 30 + ":" * n
    yield "backticks", "Fix\n\n" + "`" * n
    yield "fences", "Fix\n\n" + "```\n" * (n // 4)
    yield "html-comments", "Fix\n\n" + "<!--" * (n // 4)
    yield "status-lines", "Fix\n\n" + "status:" * (n // 7)
    yield "checkboxes", "Fix\n\n" + "- [x] " * (n // 6)
    yield "hashes", "Fix\n\n" + "#" * n
    yield "persona-words", "Fix\n\n" + "customer " * (n // 9)
    yield "trailers", "Fix\n\n" + "Key: v\n" * (n // 7)
    yield "spaces", "Fix\n\n" + " " * n + "x"
    yield "crs", "Fix\n\n" + "\r" * n
    yield "nul-bytes", "Fix\n\n" + "\x00" * n
    yield "line-separators", "Fix\n\n" + "é\u2028" * (n // 3)
    yield "cc-scope", "feat(" + "a" * n
    yield "trailer-continuations", "Fix\n\nKey: v\n" + " x\n" * (n // 3)
    # issue 15: the closing list was a regex with a repeated group, quadratic in the spaces after a reference
    yield "fixes-spaces", "Fix\n\nFixes #1" + " " * n + "x"
    yield "fixes-code-span", "Fix\n\nFixes #1 `" + "a" * n + "` x"
    yield "status-spaces", "Fix\n\nStatus:" + " " * n + "x"
    yield "closes-brackets", "Fix\n\n" + "Closes [" * (n // 8)
    yield "fixes-list", "Fix\n\nFixes:\n" + "- https://github.com/o/r/issues/1\n" * (n // 34)


def judge(argv: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main(argv)
    return time.perf_counter() - start, code


def main_() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=5.0)
    ap.add_argument("--only", default="")
    opts = ap.parse_args()
    n = int(opts.mb * 1024 * 1024)
    only = set(filter(None, opts.only.split(",")))
    worst = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        Path(".custlint.toml").write_text("")
        for name, text in shapes(n):
            if only and name not in only:
                continue
            msg = Path(tmp, "msg.txt")
            msg.write_text(text, encoding="utf-8")
            Path(tmp, "tickets").mkdir(exist_ok=True)
            Path(tmp, "tickets", "T-1.md").write_text(f"---\nid: T-1\ntitle: A ticket\nstatus: open\n---\n{text}", encoding="utf-8")
            for argv in (["commit-msg", str(msg)], ["pr", "--body-file", str(msg), "--title", "t"], ["tickets", "tickets"]):
                dt, code = judge(argv + ["--format", "json"])
                worst = max(worst, (dt, f"{name} {argv[0]}"))
                flag = "  OVER 5 s" if dt > 5 else ""
                print(f"{name:22} {argv[0]:10} {len(text.encode()) / 1e6:5.2f} MB {dt:6.2f} s exit {code}{flag}", flush=True)
    print(f"worst: {worst[0]:.2f} s ({worst[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main_())

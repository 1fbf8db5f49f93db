"""The done-claim scan is linear in its input (issue 15, item 1; issue 18).

A closing list was one regex with a repeated group (``(?:[ \\t]*(?:sep)?[ \\t]*REF)*``): ``Fixes #1``
and 30,000 spaces before a word took 76 s in ``commit-msg``. Now a keyword is found by one scan of
the lower-cased line and the references after it are read by a loop, one anchored, bounded
reference at a time. Each shape below is judged at N and 2N characters (N large enough that one run
takes at least 20 ms): doubling N may take at most 2.5 times as long, where a quadratic scan takes 4.
Times (``time.perf_counter``, and ``time.process_time``, which a process waiting for a core does not
advance) are the best of a few runs, taken alternately, and the pair is measured up to three times
before failing, so that a busy CI machine does not fail a linear scan.
"""

from __future__ import annotations

import gc
import time

import pytest

from conftest import custlint
from custlint.analysis.analyzer import Settings, analyze
from custlint.analysis.done import find_done_claims
from custlint.core.config import default_config
from custlint.document.message import commit_document
from custlint.sources.pr_description import pr_document

SETTINGS = Settings.from_config(default_config())
MIN_SECONDS = 0.05  # the smaller input is timed past the memory caches: a cache boundary between the two sizes looks superlinear
MAX_RATIO = 2.5
REPEATS = 5
ATTEMPTS = 5  # a quadratic scan fails every one; a linear scan fails one only on a busy machine

SHAPES = {
    "spaces after a reference": lambda n: "Fixes #1" + " " * n + "x",
    "spaces after a keyword": lambda n: "Fixes" + " " * n + "x",
    "spaces after a colon": lambda n: "Fixes:" + " " * n + "x",
    "tabs after a reference": lambda n: "Fixes #1" + "\t" * n + "x",
    "a long closing list": lambda n: "Fixes #1" + ", #2" * (n // 4) + " x",
    "references without separators": lambda n: "Fixes" + " #2" * (n // 3) + " x",
    "separators without references": lambda n: "Fixes #1" + " and , &" * (n // 8) + " x",
    "closing keywords": lambda n: "fix " * (n // 4),
    "closing keywords and colons": lambda n: "fix:" * (n // 4),
    "closing keywords run together": lambda n: "fix" * (n // 3),
    "backticks": lambda n: "Fixes #1 " + "`" * n,
    "a long code span": lambda n: "Fixes #1 `" + "a" * n + "` x",
    "unclosed link brackets": lambda n: "Closes [" * (n // 8),
    "an unclosed link text": lambda n: "Closes [" + "a" * n,
    "unclosed link URLs": lambda n: "Closes [a](" * (n // 11),
    "a link URL of many segments": lambda n: "Closes [a](https://x/" + "a/" * (n // 2),
    "checked boxes on one line": lambda n: "- [x] " * (n // 6),
    "checked boxes": lambda n: "- [x] Done\n" * (n // 11),
    "keys that are no tickets": lambda n: "Fix COVID-19 banner " * (n // 20),
    "a run of capitals": lambda n: "Fixes " + "A" * n,
    "a key with many dashes": lambda n: "Fixes SHOP-" + "1-" * (n // 2),
    "a path of many segments": lambda n: "Fixes " + "a/" * (n // 2) + "#1",
    "a dotted name": lambda n: "Fixes " + "a." * (n // 2) + "/b#1",
    "a URL of many segments": lambda n: "Fixes https://" + "a/" * (n // 2),
    "a URL of many tracker words": lambda n: "Fixes https://x" + "/issues" * (n // 7),
    "keywords between URL heads": lambda n: "fix:" + "https://a,fix:" * (n // 14),
    "Fixes: lines": lambda n: "Fixes:\n" * (n // 7),
    "a list below Fixes:": lambda n: "Fixes:\n" + "- #1\n" * (n // 5),
    "list items ending in Fixes:": lambda n: "Fixes:\n" + "- #1 fixes:\n" * (n // 12),
    "smart commits": lambda n: "SHOP-1" + " #done" * (n // 6),
    "keys before a transition": lambda n: "SHOP-1 " * (n // 7) + "#done",
    "hashes after a key": lambda n: "SHOP-1 " + "#" * n,
    "a status line of spaces": lambda n: "Status:" + " " * n + "x",
    "dotless i": lambda n: "İ fixes #1 " * (n // 11),
}
PR_SHAPES = ["spaces after a reference", "a long closing list", "backticks", "unclosed link brackets",
             "a list below Fixes:", "a status line of spaces"]


def _document(text: str, kind: str):
    if kind == "commit":
        return commit_document("Title\n\n" + text, subject="x", strip_comments=False)
    return pr_document(title="Title", body=text, subject="#1")


def _seconds(doc) -> float:
    return _clocks(doc)[0]


def _clocks(doc) -> tuple[float, float]:
    """Wall time (``perf_counter``) and CPU time (``process_time``) of one scan of ``doc``."""
    a = analyze(doc, SETTINGS)
    wall, cpu = time.perf_counter(), time.process_time()
    find_done_claims(a)
    return time.perf_counter() - wall, time.process_time() - cpu


def _ratio(small, big) -> float:
    """How many times as long ``big`` takes as ``small``: the best of REPEATS runs of each, taken
    alternately, by the wall clock or by the CPU clock (which a process waiting for a core does not
    advance), whichever is less. A quadratic scan takes four times as long by both."""
    best = [float("inf")] * 4
    gc.collect()
    gc.disable()
    try:
        for _ in range(REPEATS):
            for k, t in enumerate(_clocks(small) + _clocks(big)):
                best[k] = min(best[k], t)
    finally:
        gc.enable()
    return min(best[2] / best[0], best[3] / max(best[1], 1e-9))


@pytest.mark.parametrize("kind, name", [("commit", name) for name in SHAPES] + [("pr", name) for name in PR_SHAPES])
def test_doubling_the_input_at_most_doubles_the_time(name, kind):
    shape = SHAPES[name]
    n = 4_000
    small = _document(shape(n), kind)
    while _seconds(small) < MIN_SECONDS:
        n *= 2
        assert n <= 64_000_000, "too fast to measure"
        small = _document(shape(n), kind)
    big = _document(shape(2 * n), kind)
    ratios = []
    for _ in range(ATTEMPTS):
        ratios.append(_ratio(small, big))
        if ratios[-1] <= MAX_RATIO:
            return
    pytest.fail(f"{name} ({kind}): {n:,} characters to {2 * n:,} took {min(ratios):.2f} times as long")


def test_the_scan_still_finds_the_claims_of_the_hostile_shapes():
    def refs(text: str) -> list[str]:
        return [c.ref for c in find_done_claims(analyze(_document(text, "commit"), SETTINGS)) if c.kind == "closing"]

    assert refs("Fixes #1" + " " * 30_000 + "x") == ["#1"]
    assert refs("Fixes #1" + ", #2" * 3) == ["#1", "#2", "#2", "#2"]
    assert refs("Fixes:\n" + "- #1\n" * 3) == ["#1"] * 3
    assert refs("Closes [" * 100 + "#3](https://github.com/o/r/issues/3)") == ["#3"]


def test_a_hostile_64_kb_pr_body_is_judged(tmp_path):
    """GitHub's largest PR body (65,536 characters), every hostile shape at once, through the CLI."""
    parts = [
        "Fixes #1" + " " * 12_000 + "x",
        "Fixes #1" + ", #2" * 2_000,
        "fix " * 1_500,
        "`" * 5_000,
        "Closes [" * 1_000,
        "- [x] " * 1_000,
        "Fixes:\n" + "- https://github.com/o/r/issues/1\n" * 200,
        "Status:" + " " * 5_000 + "x",
        "SHOP-1" + " #done" * 500,
    ]
    body = "\n".join(parts)
    body = (body + "\n" + "Fixes #1 " * 10_000)[:65_536]
    path = tmp_path / "body.md"
    path.write_text(body)
    r = custlint("pr", "--body-file", str(path), "--title", "Login loop", "--base", "develop", "--format", "json",
                 cwd=tmp_path)
    assert r.code == 1, r.err
    assert "DP301" in {f["rule"] for f in r.json()["findings"]}

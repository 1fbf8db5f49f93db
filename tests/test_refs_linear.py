"""Issue 14's reference, label and persona readers stay linear: doubling an adversarial input takes
at most ~2.5x the time (the method of tests/test_done_linear.py: best of several alternating runs,
wall or CPU clock, a few attempts)."""

from __future__ import annotations

import gc
import time

import pytest

from custlint.analysis import personas, problem, remediation
from custlint.analysis import words as words_module
from custlint.analysis.analyzer import analyze
from custlint.analysis.done import find_done_claims
from custlint.analysis.settings import DEFAULT_SETTINGS
from custlint.analysis.vocab import PROBLEM_SET
from custlint.analysis.words import words
from custlint.document.message import commit_document
from custlint.document.refs import find_refs, has_ref
from custlint.document.sections import read_fields
from custlint.sources import git_log


def _prose_problem(text: str):
    """This session's sentence-pair and wrapped-phrase reading of a commit's prose."""
    return problem.prose_problem(analyze(commit_document(text, subject="t")))


def _reading(text: str):
    return analyze(commit_document(text, subject="t", strip_comments=False)).reading


def _done_claims(text: str):
    return find_done_claims(analyze(commit_document(text, subject="t", strip_comments=False)))


def _history(text: str):
    d = commit_document(text, subject="t", strip_comments=False)
    d.extra["history"] = True
    return analyze(d)


MIN_SECONDS, MAX_RATIO, REPEATS, ATTEMPTS = 0.02, 2.5, 5, 5

SHAPES = {
    "keys in a row": (find_refs, lambda n: "SHOP-1 " * (n // 7)),
    "look-alike keys": (find_refs, lambda n: "Fix COVID-19 banner " * (n // 20)),
    "a long reference list": (find_refs, lambda n: "Refs " + "SHOP-1, " * (n // 8)),
    "pull request numbers": (find_refs, lambda n: "PR #1 " * (n // 6)),
    "links to pull requests": (find_refs, lambda n: "[#1](https://github.com/o/r/pull/1) " * (n // 36)),
    "tracker words in a URL": (find_refs, lambda n: "https://x" + "/issue" * (n // 6)),
    "keys with second numbers": (find_refs, lambda n: "GO-2026-" * (n // 8)),
    "a label line of keys": (find_refs, lambda n: "Jira: " + "SHOP-1 " * (n // 7)),
    "lines of colons": (DEFAULT_SETTINGS.label_hint.search, lambda n: "\nnote:" * (n // 6)),
    "label-like lines": (DEFAULT_SETTINGS.label_hint.search, lambda n: "\nkpi x:" * (n // 7)),
    "names spelled nearly": (
        DEFAULT_SETTINGS.label_hint.search,
        lambda n: "\n- [x] **customer problems x:" * (n // 29),
    ),
    "a software word many times": (
        lambda t: personas.has_persona(DEFAULT_SETTINGS, t),
        lambda n: "the client " * (n // 11),
    ),
    "agent nouns without a verb": (
        lambda t: personas.has_persona(DEFAULT_SETTINGS, t),
        lambda n: "servers at " * (n // 11),
    ),
    # who in one paragraph, what goes wrong in the next: no pair ever matches, every sentence is read
    "who and pain in separate paragraphs": (
        _prose_problem,
        lambda n: "Fix it\n\n" + "Users open it.\n\nIt fails.\n\n" * (n // 29),
    ),
    "a wrapped pain phrase": (_prose_problem, lambda n: "Fix it\n\n" + "the panel didn't\nshow. " * (n // 22)),
    # a label alone on its line heads paragraphs up to the next label: one pass, however many paragraphs
    "a label heading many paragraphs": (
        lambda t: read_fields(t, PROBLEM_SET),
        lambda n: "Why:\n" + "a line of text\n\n" * (n // 16),
    ),
    # this session's readers: the context of software roles, board posts, a squash merge's squashed
    # subjects (each line's references filtered, the prose split once), sections of a decision's costs
    "roles with words around them": (
        lambda t: personas.has_persona(DEFAULT_SETTINGS, t),
        lambda n: "an older async client that serializes " * (n // 38),
    ),
    "roles never called it": (
        lambda t: personas.has_persona(DEFAULT_SETTINGS, t),
        lambda n: "the reader " + "writes " * (n // 7),
    ),
    "board posts": (find_refs, lambda n: "https://acme.canny.io" + "/b/p/x" * (n // 6)),
    "squashed subjects in history": (
        lambda t: _history(t).has_refs,
        lambda n: "fix: x (#5)\n\n" + "* fix: y (#1)\n\n" * (n // 15),
    ),
    "drawbacks sections": (
        _prose_problem,
        lambda n: "Fix it\n\n" + "## Drawbacks\n\nUsers lose data.\n\n" * (n // 33),
    ),
    "environment variables in a fix": (
        lambda t: remediation._internal_only("fix: the test env var", t, words(t)),
        lambda n: "the env var test " * (n // 17),
    ),
    # issue 18's rewritten readers: a commit body read by the line reader (inline code blanked by one
    # pattern, setext candidates found by one pattern), a persona text of addresses, lines of one
    # keyword and a number, the line test of has_refs
    "inline code in a body": (_reading, lambda n: "Fix it\n\n" + "a `b` c `d\n" * (n // 11)),
    "setext-like lines in a body": (_reading, lambda n: "Fix it\n\nProblem\n" + "-x\n=\n- y\n" * (n // 10)),
    "addresses in a persona text": (
        lambda t: personas.has_persona(DEFAULT_SETTINGS, t),
        lambda n: "users a@b.c http://x/y " * (n // 23),
    ),
    "lines of one keyword and a number": (_done_claims, lambda n: "Fix it\n\n" + "Closes #12\n" * (n // 11)),
    "a line of hashes no number follows": (has_ref, lambda n: "x #a " * (n // 5)),
    # the history commit's Document as git stored it (stored_document: trailers tried where ':' or ' #'
    # stands) and the fences-only test of a body asking _plain_line of the lines that are not prose
    "trailer lines of a history commit": (
        lambda t: commit_document(t, subject="t", strip_comments=False).trailers,
        lambda n: "Fix it\n\nbody\n\n" + "Signed-off-by: A <a@b.c>\nRefs #12\n" * (n // 34),
    ),
    "a fenced body with lines of marks": (_reading, lambda n: "Fix it\n\n```\nx\n```\n" + "- a: b_c\n" * (n // 9)),
    # only_fences with fences indented under list items (issue 18, sixth part), and git_log.head
    "fences indented under list items": (_reading, lambda n: "Fix it\n\n" + "- a:\n  ```\n  x\n  ```\n" * (n // 21)),
    "one long indented fence": (_reading, lambda n: "Fix it\n\n- a:\n  ```\n" + "  code x\n" * (n // 9)),
    "a record of many parents": (
        lambda t: git_log.head(t.encode(), False),
        lambda n: "a" * 40 + "\x1f" + " ".join(["b" * 40] * max(1, n // 41)) + "\x1f1700000000\x1fmsg",
    ),
    # issue 18's fifth part: URLs cut from each mark and widened to their run, the unlisted-persona
    # grammar searched from before each verb, and the patterns whose alternatives share a boundary
    "addresses cut from a text": (personas.without_urls, lambda n: "a@b.c " * (n // 6)),
    "one run of many URL marks": (personas.without_urls, lambda n: "x://" * (n // 4)),
    "a long run before a mark": (personas.without_urls, lambda n: "x" * n + "@"),
    "unlisted personas with their verbs": (
        lambda t: list(personas.unlisted_personas(t)),
        lambda n: "growers cannot " * (n // 15),
    ),
    "verbs without an agent noun": (lambda t: list(personas.unlisted_personas(t)), lambda n: "cannot " * (n // 7)),
    "agent nouns far before a verb": (
        lambda t: list(personas.unlisted_personas(t)),
        lambda n: "servers " * (n // 8) + "cannot",
    ),
    "remediations negated": (lambda t: list(remediation._REMEDY.finditer(t)), lambda n: "not contacted " * (n // 14)),
    "versions that are no targets": (lambda t: list(words_module.NOT_TARGET.finditer(t)), lambda n: "v1.2.3 " * (n // 7)),
    "baselines in a row": (lambda t: list(words_module.BASELINE.finditer(t)), lambda n: "from 1 -> " * (n // 10)),
}


def _clocks(fn, text: str) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def _ratio(fn, small: str, big: str) -> float:
    best = [float("inf")] * 4
    gc.collect()
    gc.disable()
    try:
        for _ in range(REPEATS):
            for k, t in enumerate(_clocks(fn, small) + _clocks(fn, big)):
                best[k] = min(best[k], t)
    finally:
        gc.enable()
    return min(best[2] / best[0], best[3] / max(best[1], 1e-9))


@pytest.mark.parametrize("name", SHAPES)
def test_doubling_the_input_at_most_doubles_the_time(name):
    fn, shape = SHAPES[name]
    n = 4_000
    while _clocks(fn, shape(n))[0] < MIN_SECONDS:
        n *= 2
        if n > 16_000_000:
            return  # 16 million characters read in under MIN_SECONDS: no reader that is quadratic is that fast
    ratios = []
    for _ in range(ATTEMPTS):
        ratios.append(_ratio(fn, shape(n), shape(2 * n)))
        if ratios[-1] <= MAX_RATIO:
            return
    pytest.fail(f"{name}: {n:,} characters to {2 * n:,} took {min(ratios):.2f} times as long")

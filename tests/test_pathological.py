"""Pathological text is judged in bounded, linear time: no regex with catastrophic backtracking.

Each case must finish; the limit is a loose sanity bound for a shared CI machine, not a speed
figure (those are in bench/). A catastrophic pattern would take minutes or hours on these inputs.
"""

from __future__ import annotations

import re
import time

import pytest

from custlint.analysis import words as W
from custlint.analysis.analyzer import MAX_BODY, analyze
from custlint.analysis.vocab import KPI_SET, PLACEHOLDERS, PROBLEM_SET, TEMPLATE_HINT
from custlint.core.config import default_config
from custlint.document.message import commit_document
from custlint.document.sections import read_fields, strip_comments
from custlint.engine.evaluator import Engine
from custlint.engine.packs import load_rules

SANITY_SECONDS = 30
ENGINE = Engine(default_config(), load_rules())

BODIES = {
    "5 MB body": "Customers cannot pay at checkout. KPI: checkout up 5% within 6 weeks.\n" * 72_000,
    "50,000 digits": "KPI: " + "1" * 50_000,
    "50,000 digits, no label": "1" * 50_000,
    "digits and dashes": "SHOP-" + "1-" * 25_000,
    "repeated keywords": "customer problem kpi within by from to reach installs refunded since " * 10_000,
    "repeated labels": "Customer problem: a\nKPI: b\n" * 20_000,
    "unclosed comments": "<!--" * 50_000,
    "hashes": "# " + "#" * 100_000 + "x",
    "pipes": "|" * 100_000,
    "nested quotes": ">" * 50_000 + " hi",
    "backticks": "`" * 100_000,
    "bold markers": "**" * 50_000,
    "brackets": "[" * 30_000 + "press release",
    "long word": "a" * 200_000 + ".md",
    "sentence ends": "a. " * 50_000,
    "spaces after a window word": "KPI: within" + " " * 100_000 + "x",
    "setext underlines": "Customer problem\n" + "-" * 100_000,
    "template hint": "Describe " + ": " * 50_000 + "x",
    "a done claim on every line": "Closes #1, status: done, - [x] done, SHOP-1 #done\n" * 40_000,
    "many fences": "```\ncode\n" * 50_000,
    # this session's readers: software roles and their context, boards' /p/ posts, squashed subjects
    "role words with long words around": ("x" * 5_000 + " client " + "y" * 5_000 + " ") * 40,
    "role words, never a pronoun": "the reader " + "writes " * 50_000,
    "dotted names": "admin." * 50_000 + "users cannot",
    "board posts": "https://acme.canny.io" + "/b/p/x" * 30_000,
    "suggestions": "https://acme.uservoice.com/forums/1/suggestions/1" + "-a" * 50_000,
    "squashed subjects": "* fix: x (#1)\n\n" * 20_000,
    "drawbacks headings": "## Drawbacks\n\nUsers lose data.\n\n### More\n\n" * 20_000,
}


@pytest.mark.parametrize("kind", ["commit", "pr"])
@pytest.mark.parametrize("labels", [[], ["bug"], ["feature"]], ids=["plain", "bug", "feature"])
@pytest.mark.parametrize("name", list(BODIES))
def test_pathological_bodies_finish(name, labels, kind):
    d = commit_document("Title\n\n" + BODIES[name], subject="p", strip_comments=kind == "commit")
    d.kind = kind
    d.labels = labels
    start = time.perf_counter()
    findings, _ = ENGINE.judge(d)
    assert time.perf_counter() - start < SANITY_SECONDS
    assert isinstance(findings, list)


def test_only_a_bounded_prefix_of_a_huge_body_is_read():
    d = commit_document("Title\n\n" + "x " * 2_000_000 + "\nKPI: p95 under 1 s within 4 weeks\n", subject="p", strip_comments=False)
    a = analyze(d)
    assert len(a.prose) <= MAX_BODY + len(d.title) + 2
    assert a.kpi_fields == []  # beyond the bound


@pytest.mark.parametrize("pattern", [
    W.WINDOW, W.NOT_TARGET, W.BASELINE, W.RELATIVE, W.VANITY, W.NUMBER_WORD, W.SOLUTION_START,
    W.USER_STORY, W.PAIN_PHRASE, PLACEHOLDERS, TEMPLATE_HINT,
])
@pytest.mark.parametrize("text", [
    "1" * 20_000, "a" * 20_000, " " * 20_000, "within " * 3_000, "from 1 " * 3_000, "by " * 5_000,
    "-" * 20_000, "/" * 20_000, "as a " * 4_000, "reach 1 " * 3_000, "describe " + ": " * 5_000,
])
def test_patterns_are_linear_on_adversarial_text(pattern, text):
    start = time.perf_counter()
    list(pattern.finditer(text)) if pattern is not W.SOLUTION_START else pattern.match(text)
    assert time.perf_counter() - start < SANITY_SECONDS


def test_comment_stripping_is_a_find_loop():
    text = "<!--" * 100_000
    assert strip_comments(text) == ""
    assert strip_comments("a<!-- x\ny -->b") == "a\nb"


def test_field_reader_on_many_labels():
    text = "Customer problem: a\n" * 50_000
    got = read_fields(text, PROBLEM_SET | KPI_SET)
    assert len(got) == 50_000


def test_no_nested_unbounded_quantifiers_in_judgement_patterns():
    """A cheap structural guard: '(...+)+' / '(...*)*' shapes are the classic catastrophic ones."""
    nested = re.compile(r"\((?:[^()]|\\\(|\\\))*[+*]\)[+*]")
    for p in (W.WINDOW, W.NOT_TARGET, W.BASELINE, W.RELATIVE, W.VANITY, W.SOLUTION_START, W.PAIN_PHRASE):
        assert not nested.search(p.pattern), p.pattern[:80]


def test_reference_scan_is_linear_and_still_finds_references():
    from custlint.document.refs import find_refs

    start = time.perf_counter()
    find_refs("SHOP-" + "1-" * 25_000)
    find_refs("a." * 50_000 + "/b#1")
    assert time.perf_counter() - start < SANITY_SECONDS
    assert [r.id for r in find_refs("see acme/shop#2291 and\nSHOP-12")] == ["acme/shop#2291", "SHOP-12"]
    assert [r.line for r in find_refs("a\nSHOP-1\n\nSHOP-2 SHOP-3")] == [2, 4, 4]

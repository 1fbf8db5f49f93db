"""The shortcuts of the done-claim scan give what the general scan gives (issue 18).

find_done_claims answers most lines without the general closing scan: a "Closes #12" line
(lone_closing), a keyword line that can close nothing (may_close), a line whose prose is its own
(_own_prose), and the rows a needle stands in (_rows_with). Each is checked here against the path
it stands in for, on the shapes at its edges.
"""

from __future__ import annotations

import pytest

from custlint.analysis import closing, done
from custlint.analysis.analyzer import Settings, analyze
from custlint.core.config import default_config
from custlint.document.message import commit_document

SETTINGS = Settings.from_config(default_config())
KEYS = (frozenset(), frozenset())


def _general(line: str) -> list[tuple[str, str, str, int]]:
    low = closing._aligned_lower(line)
    return [(c.kind, c.text, c.ref, c.line) for c in closing.closing_claims([line], 0, line, low, KEYS, (), 1000, [0])]


@pytest.mark.parametrize(
    "line",
    [
        "Closes #12",
        "closes #12",
        "Fixes  #1\t",
        "fixed\t#7 ",
        "Fİxes #3",  # a capital dotted I lower-cases to two characters: the line is lower-cased aligned
        "Resolving #99999999999",
        "Implements #1",
        "Closes #١٢",  # digits of another script are digits to the pattern, as to the general scan
        "Closes " + "#" + "1" * 90,  # a claim longer than 80 characters is shortened alike
    ],
)
def test_a_lone_closing_line_gives_the_claim_of_the_general_scan(line):
    low = closing._aligned_lower(line)
    lone = closing.lone_closing(line, low, 1)
    assert lone is not None
    assert [(lone.kind, lone.text, lone.ref, lone.line)] == _general(line)


@pytest.mark.parametrize(
    "line",
    ["Closes #12 and #13", "Closes #12.", "Closes#12", "Closes: #12", " Closes #12", "Closes #12\r", "Closes #x", "prefix #1"],
)
def test_other_lines_are_left_to_the_general_scan(line):
    assert closing.lone_closing(line, closing._aligned_lower(line), 1) is None


@pytest.mark.parametrize(
    "line",
    [
        "lib: fix a leak",
        "fix Content-Length in test 2064",
        "- fix range check",
        "fix `code` spans",
        "fixes: nothing here but words",
        "Fix the thing   ",
    ],
)
def test_a_line_that_may_close_nothing_closes_nothing(line):
    assert not closing.may_close(line)
    assert _general(line) == []


@pytest.mark.parametrize(
    "line",
    ["Fixes SHOP-12", "Fixes o/r#3", "Fixes https://github.com/o/r/issues/7", "Fixes [EM-2](https://x/browse/EM-2)", "Fixes:", "Fixes: ", "**Fixes**:"],
)
def test_a_line_that_may_close_is_scanned(line):
    assert closing.may_close(line)


def _refs_from(line: str, pos: int, limit: int):
    return closing._refs_from(line, pos, KEYS, (), limit, line.rfind("#"))


def test_refs_from_answers_a_lone_number_and_a_word_as_its_loop_does():
    assert _refs_from("Fixes #12", 6, 5) == (["#12"], 9)
    assert _refs_from("Fixes #12 \t", 6, 5) == (["#12"], 9)
    assert _refs_from("Fixes #12", 6, 0) == ([], 6)
    assert _refs_from("fix building", 4, 5) == ([], 4)
    assert _refs_from("fix a/b#3", 4, 5) == (["a/b#3"], 9)
    assert _refs_from("fix #x", 4, 5) == ([], 4)
    # the line's last "#" before the list: a word there starts no group/project#N
    assert _refs_from("see #1, fix building", 12, 5) == ([], 12)
    # a lone number followed by more than spaces and tabs is read by the loop
    assert _refs_from("Fixes #12 and #13", 6, 5) == (["#12", "#13"], 17)


@pytest.mark.parametrize(
    "text",
    [
        "Fix it\n\nSee `Closes #1`\n\nCloses #2",
        "Fix it\n\n> Closes #1\n  > fixes #3\n\nCloses #2",
        "Fix it\n\n    Closes #1\n\n- item\n\n    Closes #4\n",
        "Fix it\n\n```\nCloses #1\n```\nCloses #2",
        "Fix it\n\nFixes: `x`\n- #5\n",
        "Fix it\n\nFixes:\n\n- #1\n- https://github.com/o/r/issues/2\n\nCloses #3",
        "Fix it\n\nfi<!-- x -->xes #1\n",
        "Fix it\n\nSHOP-12 #done\n\t#close SHOP-1\n- [x] Done\nStatus: done",
    ],
)
def test_a_line_read_on_its_own_is_its_line_of_the_prose(text):
    prose = done.prose_lines(text)
    if "<!--" in text or "```" in text:
        return  # those texts are read through prose_lines whole
    for line, want in zip(text.split("\n"), prose, strict=True):
        got = done._own_prose(line)
        assert got is None or got == want, line


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no needle at all\n\nReported-by: A",
        "a\nCloses #1\nb\nfix\n[x]\nstatus\n#done\n#1",
        "closes closes\nfixfix\n#a#b",
        "\n\n\nImplemented\nresolved",
    ],
)
def test_the_rows_of_needles_are_the_lines_that_hold_one(text):
    low = text.lower()
    want = [
        i
        for i, line in enumerate(low.split("\n"))
        if any(n in line for n in ("clos", "fix", "resolv", "implement", "status", "[x]")) or done._COMMAND.search(line)
    ]
    assert done._rows_with(low, True) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Fix a leak\n\nCloses #12", [("#12", 3)]),
        ("Fix a leak\n\n`Closes #12`", []),
        ("Fix a leak\n\n> Closes #12", []),
        ("Fix a leak\n\n```\nCloses #12\n```", []),
        ("Fix a leak\n\nFixes:\n- #1\n- #2\nCloses #3", [("#1", 4), ("#2", 5), ("#3", 6)]),
        ("Fix a leak\n\n    Closes #12", []),
        ("Fix a leak\n\n- item\n\n    Closes #12", [("#12", 5)]),
        ("Fix a leak\n\nCloses #12 `x`", [("#12", 3)]),
    ],
)
def test_claims_are_found_whichever_way_the_line_is_read(text, want):
    a = analyze(commit_document(text, subject="x"), SETTINGS)
    assert [(c.ref, c.line) for c in done.find_done_claims(a) if c.kind == "closing"] == want

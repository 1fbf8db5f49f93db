"""Fields as people write them: the CommonMark reader and the fast line reader agree, and code,
quotes and HTML comments never count."""

from __future__ import annotations

import pytest

from custlint.analysis.analyzer import analyze
from custlint.analysis.vocab import KPI_SET, PROBLEM_SET, norm_name
from custlint.document import markdown
from custlint.document.message import commit_document
from custlint.document.sections import collect, line_stream, read_fields

NAMES = PROBLEM_SET | KPI_SET


def doc(text: str, kind: str = "pr", labels=()):
    d = commit_document(text, subject="t", strip_comments=kind == "commit")
    d.kind = kind
    d.labels = list(labels)
    return d


def fields(text: str, kind: str = "pr"):
    a = analyze(doc(text, kind))
    return [(f.name, f.text, f.line, f.how) for f in a.problem_fields + a.kpi_fields]


def test_atx_headings_and_line_numbers():
    got = fields("Title\n\n## Customer problem\nSellers wait.\n\n## KPI\nWait under 2 s by 2027-01-31.\n")
    assert got == [("customer problem", "Sellers wait.", 3, "heading"), ("kpi", "Wait under 2 s by 2027-01-31.", 6, "heading")]


def test_setext_headings():
    got = fields("Title\n\nCustomer problem\n================\nSellers wait.\n\nKPI\n---\nUnder 2 s by Q3.\n")
    assert [(n, t) for n, t, _, _ in got] == [("customer problem", "Sellers wait."), ("kpi", "Under 2 s by Q3.")]


@pytest.mark.parametrize("line", [
    "**Customer problem:** sellers wait",
    "**Customer problem**: sellers wait",
    "__Customer problem:__ sellers wait",
    "*Customer problem:* sellers wait",
    "Customer problem: sellers wait",
    "- Customer problem: sellers wait",
    "- [x] Customer problem: sellers wait",
    "1. Customer problem: sellers wait",
])
def test_label_styles(line):
    got = fields(f"Title\n\n{line}\n")
    assert got and got[0][0] == "customer problem" and got[0][1] == "sellers wait", got


def test_bold_pseudo_heading_takes_the_next_paragraph():
    got = fields("Title\n\n**Customer problem**\n\nSellers wait 9 s.\n\n**KPI**\n\nUnder 2 s by Q3.\n")
    assert [(n, t) for n, t, _, _ in got] == [("customer problem", "Sellers wait 9 s."), ("kpi", "Under 2 s by Q3.")]


def test_jira_wiki_heading():
    got = fields("Title\n\nh2. Customer problem\nSellers wait.\n", kind="ticket")
    assert got[0][:2] == ("customer problem", "Sellers wait.")


def test_numbered_and_emoji_headings():
    assert norm_name("2. Why?") == "why"
    got = fields("Title\n\n## 1. Problem\nSellers wait.\n\n### 📈 KPI\nUnder 2 s by Q3.\n")
    assert [n for n, *_ in got] == ["problem", "kpi"]


def test_kpi_table_rows_are_kpi_fields():
    got = fields("Title\n\n| Metric | Baseline | Target | By |\n|---|---|---|---|\n| checkout completion | 61% | 65% | 2027-03-31 |\n")
    assert got == [("metric", "checkout completion; Baseline: 61%; Target: 65%; By: 2027-03-31", 5, "table")]


def test_key_value_table():
    got = fields("Title\n\n| Field | Value |\n|---|---|\n| Customer problem | Sellers wait 9 s |\n| KPI | under 2 s by Q3 |\n")
    assert [(n, t) for n, t, _, _ in got] == [("customer problem", "Sellers wait 9 s"), ("kpi", "under 2 s by Q3")]


def test_list_under_label_belongs_to_it_until_the_next_item_at_its_level():
    text = "Title\n\n- **Problem:** sellers wait\n- **KPI:**\n  - wait under 2 s\n  - within 6 weeks\n- Tests added\n"
    got = fields(text)
    assert got[0][:2] == ("problem", "sellers wait")
    assert got[1][0] == "kpi" and "under 2 s" in got[1][1] and "within 6 weeks" in got[1][1] and "Tests" not in got[1][1]


def test_subsection_belongs_to_its_section_but_a_field_heading_does_not():
    got = fields("Title\n\n# Customer problem\nSellers wait.\n## Details\nMostly on Mondays.\n## KPI\nUnder 2 s by Q3.\n")
    assert got[0][0] == "customer problem" and "Mondays" in got[0][1] and "Under 2 s" not in got[0][1]
    assert got[1][:2] == ("kpi", "Under 2 s by Q3.")


def test_html_comment_hints_are_not_content():
    got = fields("Title\n\n## Customer problem\n<!-- who is affected? -->\n\n## KPI\n<!-- metric, target, date -->\n")
    assert [(n, t) for n, t, _, _ in got] == [("customer problem", ""), ("kpi", "")]


def test_unclosed_comment_hides_the_rest():
    got = fields("Title\n\n<!-- template\n## Customer problem\nSellers wait.\n")
    assert got == []


def test_code_blocks_and_quotes_are_not_fields_or_prose():
    text = ("Title\n\n```\nCustomer problem: in a fence\n```\n\n    KPI: indented code\n\n"
            "> Customer problem: quoted\n> Refs SHOP-1\n\nPlain words.\n")
    d = doc(text)
    a = analyze(d)
    assert a.problem_fields == [] and a.kpi_fields == []
    assert "fence" not in a.prose and "quoted" not in a.prose and "indented" not in a.prose
    assert a.refs == []
    assert "Plain words." in a.prose


def test_inline_code_is_not_a_reference():
    a = analyze(doc("Title\n\nThe constant `SHOP-12` moved.\n", kind="commit"))
    assert a.refs == []


def test_trailers_are_fields_once():
    a = analyze(doc("Title\n\nCustomer-Problem: sellers wait 9 s\nKPI: under 2 s within 4 weeks\n", kind="commit"))
    assert [(f.name, f.how, f.line) for f in a.problem_fields + a.kpi_fields] == [
        ("customer problem", "trailer", 3), ("kpi", "trailer", 4)]


def test_commit_without_structure_takes_the_fast_path():
    a = analyze(doc("Title\n\nProblem: sellers wait 9 s\nMore words.\n\nKPI: under 2 s within 4 weeks\n", kind="commit"))
    assert a.markdown is False
    assert [f.name for f in a.problem_fields + a.kpi_fields] == ["problem", "kpi"]
    b = analyze(doc("Title\n\n**Problem:** sellers wait 9 s\n", kind="commit"))
    assert b.markdown is True and b.problem_fields[0].text == "sellers wait 9 s"


@pytest.mark.parametrize("body", [
    "Problem: sellers wait 9 s\nKPI: under 2 s within 4 weeks",
    "Customer problem: shoppers lose the cart\nwhen the session expires\n\nKPI: cart recovery 80% by Q3",
    "- Problem: riders get 12 pushes\n- KPI: mutes under 4% within 8 weeks\n- Tests",
    "Why: buyers retype addresses\n\nSuccess metric:\nentry time from 40 s to 10 s by 2027-01-31",
    "Customer problem\n----------------\nDrivers call dispatch.\n\nKPI\n---\nCalls under 500 a month by Q2.",
    "Intro line.\n\nMotivation: hosts block dates by hand\nHow we will know: double bookings under 20 per month in H1",
])
def test_fast_reader_agrees_with_the_commonmark_reader(body):
    fast = [(f.name, f.text, f.line) for f in read_fields(body, NAMES)]
    stream, _ = markdown.parse(body, NAMES)
    full = [(f.name, f.text, f.line) for f in collect(stream, NAMES)]
    assert fast == full
    assert fast, "each case has fields"


def test_has_structure_ignores_email_brackets_and_dunders():
    assert not markdown.has_structure("Fix __init__ order\n\nCo-authored-by: A <a@example.com>")
    assert markdown.has_structure("```\ncode\n```")
    assert markdown.has_structure("text\n| a | b |")
    assert markdown.has_structure("text <!-- hint -->")
    assert markdown.has_structure("**Problem:** x")


def test_line_stream_is_plain_data():
    s = line_stream("## KPI\nx\n\n- item", first_line=3)
    assert s[0] == ("h", "KPI", 3, 2) and ("i", "- item", 6, 0) in s


def test_plain_commit_analysis_does_not_import_markdown_it_but_a_structured_one_does():
    import subprocess
    import sys

    code = ("import sys\nfrom custlint.document.message import commit_document\nfrom custlint.analysis.analyzer import analyze\n"
            "a = analyze(commit_document(sys.argv[1], 't'))\na.problem_linked; a.kpi_verdict; a.problem_verdict\n"
            "print('MD=' + str('markdown_it' in sys.modules))\n")
    plain = subprocess.run([sys.executable, "-c", code, "Title\n\nProblem: sellers wait 9 s\nKPI: under 2 s by Q3\n"],
                           capture_output=True, text=True)
    assert "MD=False" in plain.stdout, plain.stderr
    fenced = subprocess.run([sys.executable, "-c", code, "Title\n\n```\ncode\n```\n"], capture_output=True, text=True)
    assert "MD=False" in fenced.stdout, fenced.stderr  # fenced code only: the line reader reads it alike
    table = subprocess.run([sys.executable, "-c", code, "Title\n\n| KPI | target |\n|---|---|\n| wait | 2 s |\n"],
                           capture_output=True, text=True)
    assert "MD=True" in table.stdout, table.stderr


def _both_readers(body: str):
    """The commit's reading as routed, and the CommonMark reading of the same text."""
    from custlint.analysis.analyzer import DEFAULT_SETTINGS, read_document

    d = doc("Title\n\n" + body, kind="commit")
    routed = read_document(d, DEFAULT_SETTINGS)
    d.kind = "pr"  # PR text always takes the parser
    full = read_document(d, DEFAULT_SETTINGS)
    as_tuples = lambda r: ({g: [(f.name, f.text, f.line, f.how) for f in fs] for g, fs in r.fields.items()}, r.prose)  # noqa: E731
    return routed, as_tuples(routed), as_tuples(full)


@pytest.mark.parametrize("body", [
    "Explain the bug.\n\n```\ncurl -v https://example.com/ SHOP-12\n```\n\nCloses #12",
    "Before:\n```c\nint x = 1; # not a heading\n| not a table |\n```\nAfter the fence.\n",
    "Run:\n~~~\n> not a quote\n```\nstill code\n~~~\n- item one\n- item two\n\nReported-by: A <a@example.com>",
    "Unclosed fence runs to the end:\n````\ncode\nmore code `x`\n",
    "Fence closed by a longer, indented line:\n```\ncode\n   `````  \ntext with `inline` code\n\nCloses SHOP-7",
    "```\nonly code\n```",
    # a fence in a list item, as commit bodies list build errors (indented as far as the item's text)
    "Fix or silence issues found:\n- conncache: silence a warning.\n  ```\n  lib/conncache.c:564:18: warning\n  ```\n"
    "- lib: drop unused includes.\n\nCloses #123",
    "Steps:\n1. build\n   ~~~\n   make\n\n     make install\n   ~~~~\n2. run it",
    "Text\n  ```\n  indented fence\n  ```",  # the same indent, outside a list
    "Text\n - item\n   ```diff\n   -a\n   +b",  # an indented fence left open: code to the end
])
def test_commit_with_only_fenced_code_skips_the_parser_and_reads_the_same(body):
    routed, fast, full = _both_readers(body)
    assert routed.markdown is False
    assert fast == full


@pytest.mark.parametrize("body", [
    "Text\n  ```\nindented fence\n  ```",  # an indented opener, a line of its code less indented
    "Text\n- item\n  ```\n  code\n```\nnew fence in CommonMark",  # a closer less indented: the item ends
    "Text\n- item\n  ```\n  code\n    ```\n  still code in the item",  # a closer indented by four
    "Text\n\t```\ncode\n```",  # a tab before the opener
    "Text\n- ```\n  code in a list item\n  ```",  # fence in a list item
    "Text\n````\ncode\n```\nstill code for CommonMark",  # closer shorter than the opener
    "Text\n```\ncode\n    ```\nstill code for CommonMark",  # closer indented by four
    "Text\n```\ncode\n``` trailing\nstill code for CommonMark",  # text after the closer
    "Text\n```js`x\nnot a fence\n```",  # backtick in a backtick fence's info string
    "Why\n===\n* buyers retype addresses\n\n```\ncode\n```",  # a setext heading
    "Problem: sellers wait 9 s\n```\ncode\n```",  # a field label
    "Text\n```\ncode\n```\n---\nafter a rule",  # a thematic break after the fence
    "Text\n```\ncode\n```\n    indented code after the fence",
    "Text\n```\ncode\n```\n - > a quote in a list",
    "Text\n```\ncode\n```\n <div>html</div>",
    "Text\n```\ncode\n```\nh2. Customer problem",
    "Text\n```\ncode\n```\nKPI: under 2 s within 4 weeks",  # a field after the fence
])
def test_other_structure_next_to_fences_takes_the_parser(body):
    routed, fast, full = _both_readers(body)
    assert routed.markdown is True
    assert fast == full


def test_fences_indented_or_not_read_as_commonmark_reads_them():
    """Random commit bodies of list items, prose and fences (opened and closed at indents 0-4, code
    lines at any indent, fences left open): wherever the line reader is used, it reads what the
    CommonMark parse reads."""
    import random

    r = random.Random(18)
    pieces = ["Fix the build.", "- item one", "- item two: a detail", "1. step", "10. step ten", "", "",
              "  continued text", "more prose", "* star item", "   - nested"]
    skipped = 0
    for _ in range(4000):
        lines = []
        for _ in range(r.randint(1, 7)):
            if r.random() < 0.45:
                fence = r.choice(["```", "~~~", "````", "```c"])
                lines.append(" " * r.choice([0, 0, 1, 2, 2, 3, 4]) + fence)
                for _ in range(r.randint(0, 3)):
                    lines.append(" " * r.choice([0, 1, 2, 2, 3, 4, 6]) + r.choice(["code x", "", "- not an item", "# nope"]))
                if r.random() < 0.85:
                    close = fence[:3] + r.choice(["", "", "`"[: fence[0] == "`"], "~"[: fence[0] == "~"]])
                    lines.append(" " * r.choice([0, 1, 2, 2, 3, 4]) + close + r.choice(["", "", " ", " x"]))
            else:
                lines.append(r.choice(pieces))
        body = "\n".join(lines)
        routed, fast, full = _both_readers(body)
        assert fast == full, body
        skipped += not routed.markdown
    assert skipped > 400  # the line reader took a good share of them

"""Issue 15 (low): untrusted text in the job summary and the sticky PR comment is never a link, an
image, a mention, an issue reference or HTML when GitHub renders it.

GitHub renders both with cmark-gfm (tables, strikethrough, autolink, tagfilter); ``cmarkgfm`` is
the same C library, so these tests look at the HTML GitHub would show. Issue references and
mentions are linked by GitHub after cmark-gfm, from the text: no ``@name``, ``#12`` or ``o/r#12``
may reach the rendered text unbroken.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import clean_env, custlint
from custlint.reporters.github import md

cmarkgfm = pytest.importorskip("cmarkgfm")
from cmarkgfm.cmark import Options  # noqa: E402

HOSTILE = [
    "https://evil.example/x?a=1", "http://evil.example", "HTTPS://EVIL.EXAMPLE", "ftp://f.example/x",
    "www.evil.example/login", "WWW.EVIL.EXAMPLE", "_www.evil.example", "*www.e.example*", "(www.e.example)", "mallory@evil.example", "mailto:m@evil.example",
    "xmpp:m@evil.example", "@octocat", "@org/team", "#12", "owner/repo#12", "GH-12 fixes", "<https://evil.example>",
    "[click](https://evil.example)", "![pixel](https://evil.example/p.png)", "[a]: https://evil.example",
    "<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "<a href='https://e.example'>x</a>",
    "<details open>", "&lt;b&gt;", "`code`", "**bold** _it_ ~~s~~", "| a | b |", "\\| pipe", "x\n|---|\n| y |",
    "> quote", "# heading", "1. list", "- [x] task", "<!-- comment", "javascript:alert(1)", ":+1:", "&#64;octocat",
]
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
STRUCTURE = {"p", "table", "thead", "tbody", "tr", "th", "td", "h3", "blockquote", "details", "summary", "ul", "li",
             "code", "br"}


def render(markdown: str) -> str:
    """What GitHub shows for ``markdown`` (its extensions; raw HTML allowed, as GitHub allows a safe part)."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def assert_inert(html: str, markdown: str) -> None:
    tags = {m.group(2).lower() for m in TAG.finditer(html)}
    assert tags <= STRUCTURE, (tags - STRUCTURE, markdown, html)  # no a, img, script, em, strong, h1 ...
    text = re.sub(r"<[^>]*>", "", html)
    assert not re.search(r"(?<![\w\u2060])@[A-Za-z0-9]", text), text  # a mention GitHub would link
    assert not re.search(r"(?<![\w&])#\d|\w/\w+#\d|\b[gG][hH]-\d", text), text  # an issue reference GitHub would link
    assert not re.search(r"(?i)\b(?:https?|ftp)://|\bwww\.", text), text


@pytest.mark.parametrize("payload", HOSTILE)
def test_each_hostile_shape_renders_as_plain_text(payload):
    cell = md(payload)
    assert "\n" not in cell
    assert_inert(render(f"| a | b |\n|---|---|\n| x | {cell} |\n"), cell)
    assert_inert(render(f"> {cell}\n"), cell)
    assert_inert(render(f"- x {cell}\n"), cell)


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(parts=st.lists(st.sampled_from(HOSTILE) | st.text(max_size=8), max_size=8))
def test_any_mix_renders_as_plain_text(parts):
    cell = md(" ".join(parts))
    assert_inert(render(f"| a | b |\n|---|---|\n| x | {cell} |\n"), cell)
    assert_inert(render(f"> {cell}\n"), cell)


def test_the_job_summary_of_a_hostile_pr_links_nothing(tmp_path):
    data = json.loads((Path(__file__).parent / "data" / "github-events" / "pull_request.opened.payload.json").read_text())
    body = "\n".join(f"Status: done {p}" for p in HOSTILE if "\n" not in p) + "\nFixes #1 https://evil.example\n"
    data["pull_request"].update(body=body, title=" ".join(HOSTILE[:6]))
    data["pull_request"]["labels"] = [{"name": p} for p in HOSTILE[:5]]
    event = tmp_path / "event.json"
    event.write_text(json.dumps(data))
    (tmp_path / ".custlint.toml").write_text("")
    summary = tmp_path / "summary.md"
    r = custlint("pr", "--event", str(event), "--format", "github", "--verbose", cwd=tmp_path,
                 env=clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request",
                               GITHUB_EVENT_PATH=str(event), GITHUB_STEP_SUMMARY=str(summary)))
    assert r.code in (0, 1) and "warning" in r.out, r.err
    markdown = summary.read_text()
    assert "evil" in markdown and "octocat" in markdown  # the payloads are shown, as text
    html = render(markdown)
    assert "<table>" in html
    assert_inert(html, markdown)

"""What counts as marking work done in a commit message: the audit counts the claims the DP rules judge."""

from __future__ import annotations

import pytest

from custlint.analysis.analyzer import analyze
from custlint.analysis.done import find_done_claims
from custlint.document.message import commit_document


def done_claim(text: str) -> str:
    """The first claim's kind as the audit reads it: closing keyword, smart-commit transition, or none."""
    a = analyze(commit_document(text, "x", strip_comments=False))
    kinds = [c.kind for c in a.memo("done_claims", find_done_claims)]
    return {"closing": "closing-keyword", "transition": "smart-commit"}.get(next(iter(kinds), ""), "")


@pytest.mark.parametrize("text, how", [
    ("Fixes #12", "closing-keyword"),
    ("fix: handle empty cart\n\ncloses: acme/shop#3", "closing-keyword"),
    ("Resolving SHOP-3 in the new flow", "closing-keyword"),  # GitLab -ing form with a Jira key
    ("Implemented https://gitlab.com/a/b/-/issues/4", "closing-keyword"),
    ("Closed https://github.com/a/b/issues/9", "closing-keyword"),
    ("SHOP-12 #done", "smart-commit"),
    ("SHOP-12 #comment looks good #resolve", "smart-commit"),
    ("SHOP-12 #finish-work", "smart-commit"),
    ("(fixes #3)", "closing-keyword"),
    ("İstanbul office: Fixes #3", "closing-keyword"),  # "İ" lower-cases to two characters
])
def test_done(text: str, how: str):
    assert done_claim(text) == how


@pytest.mark.parametrize("text", [
    "fix: typo in the README",
    "Refs #12",
    "closed the door on the old API",
    "shop-12 #done",  # Jira keys are upper case
    "SHOP-12 #comment done soon",
    "prefixes #12 are fine",
    "See #12; a fix follows",
    "prefix-fixes #3",
    "x_fixes #3",
    "İstanbul office: prefixes #3",
])
def test_not_done(text: str):
    assert done_claim(text) == ""


# -- the closing-claim scanner (issues 14 and 15) ------------------------------------------------

def closing(text: str, kind: str = "commit", config=None) -> list[tuple[str, int]]:
    """(reference, line) of each closing claim, under the default config."""
    from custlint.analysis.analyzer import Settings
    from custlint.core.config import default_config
    from custlint.sources.pr_description import pr_document

    if kind == "commit":
        doc = commit_document(text, "x", strip_comments=False)
    else:
        title, _, body = text.partition("\n")
        doc = pr_document(title=title, body=body, subject="#1")
    a = analyze(doc, Settings.from_config(config or default_config()))
    return [(c.ref, c.line) for c in a.memo("done_claims", find_done_claims) if c.kind == "closing"]


@pytest.mark.parametrize("text, ref", [
    ("Fix login\n\nResolves [EM-250](https://acme.atlassian.net/browse/EM-250)", "EM-250"),
    ("Fix login\n\nCloses [ADO-45](https://linear.app/acme/issue/ADO-45)", "ADO-45"),
    ("Fix login\n\nFixes [#12](https://github.com/acme/shop/issues/12)", "#12"),
    ("Fix login\n\nFixes [the login loop](https://github.com/acme/shop/issues/12)", "https://github.com/acme/shop/issues/12"),
    ("Fix login\n\ncloses [acme/shop#3](https://github.com/acme/shop/issues/3).", "acme/shop#3"),
])
def test_a_keyword_before_a_markdown_link_closes(text, ref):
    assert closing(text) == [(ref, 3)]


def test_a_link_to_a_pull_request_closes_nothing():
    assert closing("Fix login\n\nCloses [#12](https://github.com/acme/shop/pull/12)") == []


@pytest.mark.parametrize("text", [
    "Fix login\n\nFixes:\n- https://github.com/acme/shop/issues/1\n- https://github.com/acme/shop/issues/2\n\nMore text",
    "Fix login\n\nFixes:\n\n* https://github.com/acme/shop/issues/1\n* https://github.com/acme/shop/issues/2 (the cart)\n",
    "Fix login\n\n**Fixes:**\n1. https://github.com/acme/shop/issues/1\n2. https://github.com/acme/shop/issues/2\nThanks",
])
def test_fixes_colon_then_a_list_of_issue_urls_closes_each(text):
    first = text.split("\n").index(next(line for line in text.split("\n") if "issues/1" in line)) + 1
    assert closing(text) == [("https://github.com/acme/shop/issues/1", first), ("https://github.com/acme/shop/issues/2", first + 1)]


def test_fixes_colon_then_comma_separated_urls():
    text = "Fix login\n\nFixes:\nhttps://github.com/acme/shop/issues/1, https://linear.app/acme/issue/ADO-2\n"
    assert closing(text) == [("https://github.com/acme/shop/issues/1", 4), ("https://linear.app/acme/issue/ADO-2", 4)]


def test_the_list_below_fixes_ends_at_the_first_other_line():
    text = "Fix login\n\nFixes:\n- #1\n- SHOP-2\n- COVID-19 banner\n- #3\n\nFixes:\nnot a reference #4\n"
    assert closing(text) == [("#1", 4), ("SHOP-2", 5)]


@pytest.mark.parametrize("text", [
    "Fix login\n\nFixes:\n```\n- #1\n```",
    "Fix login\n\nFixes:\n> - #1",
    "Fix login\n\nFixes:\n<!-- - #1 -->",
    "Fix login\n\nRun `Fixes:` then\n- #1",
    "Fix login\n\n`Fixes [#1](https://github.com/acme/shop/issues/1)`",
])
def test_no_list_or_link_claim_in_code_comments_or_quotes(text):
    assert closing(text) == []


def test_the_list_below_fixes_is_bounded_by_max_claims():
    from custlint.analysis.done import MAX_CLAIMS

    got = closing("Fix login\n\nFixes:\n" + "- #1\n" * (MAX_CLAIMS + 50))
    assert len(got) == MAX_CLAIMS and got[0] == ("#1", 4) and got[-1] == ("#1", MAX_CLAIMS + 3)


def test_claims_below_fixes_keep_the_order_of_lines():
    a = analyze(commit_document("Fix\n\nFixes:\n- SHOP-1 #done\n- #2\n", "x", strip_comments=False))
    got = [(c.kind, c.ref, c.line) for c in a.memo("done_claims", find_done_claims)]
    assert got == [("closing", "SHOP-1", 4), ("transition", "SHOP-1", 4), ("closing", "#2", 5)]


@pytest.mark.parametrize("text", [
    "Fix COVID-19 banner on the home page",
    "Fix login\n\nFix COVID-19 banner on the home page",
    "Fix login\n\nThis fixes ARM-64 runners for good",
    "Fix login\n\nResolve SSO-2 customers' login loop",
    "Fix login\n\nFixes #1 and COVID-19 in the banner",  # #1 only
])
def test_a_key_that_is_no_reference_closes_nothing(text):
    assert [ref for ref, _ in closing(text) if ref != "#1"] == []
    assert [ref for ref, _ in closing("T\n" + text, kind="pr") if ref != "#1"] == []


@pytest.mark.parametrize("text, refs", [
    ("Fix login\n\nFixes SHOP-12", ["SHOP-12"]),
    ("Fix login\n\nFixes SHOP-12.", ["SHOP-12"]),
    ("Fix login\n\nFixes SHOP-12 by retrying the token refresh", ["SHOP-12"]),
    ("Fix login\n\nCloses SHOP-1, SHOP-2 and SHOP-3", ["SHOP-1", "SHOP-2", "SHOP-3"]),
    ("Fix login\n\nCloses #1, SHOP-2", ["#1", "SHOP-2"]),
    ("fix LANG-1816 (#1589)", ["LANG-1816"]),  # a squash merge's subject
    ("Fix login\n\nImplements SHOP-9 delivery windows", ["SHOP-9"]),  # "implements" introduces a reference
])
def test_a_key_used_as_a_reference_closes(text, refs):
    assert [ref for ref, _ in closing(text)] == refs


def test_ticket_projects_decide_which_keys_close():
    from custlint.core.config import default_config

    cfg = default_config().replace(ticket_projects=("COVID",))
    assert closing("Fix login\n\nFix COVID-19 banner", config=cfg) == [("COVID-19", 3)]
    assert closing("Fix login\n\nFixes SHOP-12", config=cfg) == []


@pytest.mark.parametrize("url", [
    "https://bugzilla.mozilla.org/show_bug.cgi?id=1234",
    "https://linear.app/acme/issue/ADO-45",
    "https://acme.youtrack.cloud/issue/SHOP-12",
    "https://dev.azure.com/acme/shop/_workitems/edit/42",
    "https://trac.example.org/ticket/42",
    "https://phabricator.wikimedia.org/T1234",
    "https://app.shortcut.com/acme/story/42",
    "https://github.com/acme/shop/issues/12",
])
def test_issue_urls_of_the_trackers_refs_knows_close(url):
    assert closing(f"Fix login\n\nCloses {url}") == [(url, 3)]
    assert closing(f"Fix login\n\nCloses {url}#comment-3, #4") == [(url, 3), ("#4", 3)]


def test_a_url_that_names_no_issue_closes_nothing():
    assert closing("Fix login\n\nFixes https://github.com/acme/shop/pull/12") == []
    assert closing("Fix login\n\nFixes https://example.com/docs/fixes/page") == []

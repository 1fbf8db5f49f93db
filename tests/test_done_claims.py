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

"""Small scans the judgement shares (analysis/words.py): a digit test that is str.isdigit's, in one
C scan where the text is ASCII, and the prose's sentences cut once per analysis."""

from __future__ import annotations

import random

from custlint.analysis import words as W
from custlint.analysis.analyzer import analyze
from custlint.document.message import commit_document


def test_has_digit_is_isdigit_on_every_character():
    r = random.Random(3)
    alphabet = "ab 0123456789x²³¹٣߁₂①.\u0660\U0001d7ce-"
    for _ in range(5000):
        text = "".join(r.choice(alphabet) for _ in range(r.randint(0, 12)))
        assert W.has_digit(text) == any(c.isdigit() for c in text), text
    assert W.has_digit("page 2") and not W.has_digit("no number") and W.has_digit("x²")


def test_the_prose_is_cut_into_sentences_once():
    d = commit_document("Fix the export\n\nShoppers cannot export. Orders fail.\n\n- one item\n", subject="x")
    a = analyze(d)
    first = a.memo("prose_sentences", W.prose_sentences)
    assert first == W.sentences(a.prose) and len(first) >= 3
    assert a.memo("prose_sentences", W.prose_sentences) is first

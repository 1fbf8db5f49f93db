"""The comment lexer agrees with Python's tokenizer, including the strings that fool a naive '#' search."""

from __future__ import annotations

import sys

import pytest

from custlint.sources.python.comments import comments, suppressions, tokenized_comments

SAMPLES = [
    "x = 1  # a comment\n",
    "s = '# not a comment'  # but this is\n",
    's = "it\'s # not"\n# real\n',
    'doc = """\n# inside a docstring\n"""  # after\n',
    "doc = '''\n# inside\n''' ; y = 2 # tail\n",
    'r = r"\\"# still string"  # comment\n',
    "b = b'#' + rb'\\\\'  # c\n",
    "s = 'line \\\n# continued string'\n# c\n",
    'f = f"{x!r:>{width}} # text"  # c\n',
    "f = f'{{literal}} # text'  # c\n",
    "u = U'#' # c\n",
    "def f():\n    '''\n    # doc\n    '''\n    return 1  # TODO: x\n",
    "x = '\"#\"'  # c\n",
    "",
    "no comments here\n",
]


@pytest.mark.parametrize("src", SAMPLES)
def test_lexer_matches_tokenizer(src):
    assert comments(src) == tokenized_comments(src)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="PEP 701 f-strings need Python 3.12 to tokenize")
def test_pep701_fstrings_fall_back_to_the_tokenizer():
    src = 'v = f"{d["#k"]}"  # real\n'
    assert [c.text for c in comments(src)] == ["# real"]


def test_pep701_piece_is_detected_as_unbalanced():
    # on any Python: the lexer sees f"{d[" as a piece with an open brace and hands over to the tokenizer
    from custlint.sources.python import comments as mod

    assert not mod._balanced('"{d["')
    assert mod._balanced('"{x:{w}} {{lit}}"')


def test_suppressions_parse_codes_names_and_reasons():
    src = ("a = 1  # custlint: ignore[CD102] vendored\n"
           "# custlint: ignore[CD103, todo-without-ticket] - health check\n"
           "b = 2  # custlint: ignore[CD102]\n"
           "c = 3  # custlint: ignore\n")
    got = [(s.line, s.codes, s.reason, s.own_line) for s in suppressions(comments(src))]
    assert got == [(1, ("CD102",), "vendored", False), (2, ("CD103", "todo-without-ticket"), "health check", True),
                   (3, ("CD102",), "", False), (4, (), "", False)]

from custlint.document.message import clean, commit_document, conventional_type, parse_trailers


def test_comments_and_scissors_are_dropped():
    raw = ("Fix login\n\nBody line\n# Please enter the commit message\n#\n"
           "# ------------------------ >8 ------------------------\n"
           "diff --git a/x b/x\n+Customer-Problem: not part of the message\n")
    lines, numbers = clean(raw)
    assert lines == ["Fix login", "", "Body line"]
    assert numbers == [1, 2, 3]


def test_custom_comment_char():
    lines, _ = clean("Title\n\n; a comment\n# Heading kept\n", comment_char=";")
    assert lines == ["Title", "", "# Heading kept"]


def test_trailers_in_last_paragraph_with_continuation():
    doc = commit_document("Title\n\nBody text.\n\nCustomer-Problem: buyers wait\n  for refunds\nKPI: refunds in 2 days within Q3\n", "x")
    assert [(t.key, t.value, t.line) for t in doc.trailers] == [
        ("Customer-Problem", "buyers wait for refunds", 5),
        ("KPI", "refunds in 2 days within Q3", 7),
    ]


def test_url_value_is_not_a_trailer_and_mixed_paragraph_is_not_a_block():
    assert parse_trailers(["T", "", "https://example.com/x"]) == []
    assert parse_trailers(["T", "", "Some prose here", "KPI: x"]) == []


def test_git_trailer_makes_mixed_block_count():
    ts = parse_trailers(["T", "", "prose line", "Signed-off-by: A <a@x>", "KPI: x"])
    assert [t.key for t in ts] == ["Signed-off-by", "KPI"]


def test_conventional_footer_refs():
    ts = parse_trailers(["feat: x", "", "Refs #133"])
    assert [(t.key, t.value) for t in ts] == [("Refs", "#133")]


def test_title_alone_has_no_trailers():
    assert commit_document("KPI: in the title only", "x").trailers == []


def test_conventional_type():
    assert conventional_type("feat(api)!: drop v1") == ("feat", True)
    assert conventional_type("Docs: typo") == ("docs", False)
    assert conventional_type("Add thing") == ("", False)


def test_line_map_points_into_the_file():
    doc = commit_document("# c\nTitle\n\n# c2\nBody\nKPI: x\n", "f")
    assert doc.title == "Title"
    assert doc.file_line(1) == 2
    assert doc.file_line(3) == 5  # "Body" is line 5 of the raw file

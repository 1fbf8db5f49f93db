from custlint.document.refs import find_refs

NOT_KEYS = ("UTF", "SHA")


def ids(text, **kw):
    return [r.id for r in find_refs(text, not_keys=NOT_KEYS, **kw)]


def test_all_reference_forms():
    text = ("Refs SHOP-12 and #41, acme/shop#7, https://github.com/acme/shop/issues/9 and "
            "https://acme.atlassian.net/browse/PAY-3.")
    assert ids(text) == ["SHOP-12", "#41", "acme/shop#7", "https://github.com/acme/shop/issues/9",
                         "https://acme.atlassian.net/browse/PAY-3"]


def test_lookalikes_are_not_tickets():
    assert ids("Encode as UTF-8, hash with SHA-256, colour #fff, C#10, a&#39;b, x-1") == []


def test_projects_restrict_keys():
    assert ids("SHOP-1 and ABC-2", projects=("ABC",)) == ["ABC-2"]


def test_line_numbers():
    refs = find_refs("title\n\nbody\nRefs #5")
    assert refs[0].line == 4

"""Property tests: odd input never crashes the ticket readers; it is read or refused with a message."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from custlint.document.ticket import Ticket, TicketError
from custlint.sources.tickets.adf import to_text
from custlint.sources.tickets.exports import github_items, jira_items
from custlint.sources.tickets.files import _Bad, parse_ticket

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "content", "text", "attrs", "marks", "level", "key", "fields", "number", "title",
                         "body", "labels", "name", "summary", "description", "status", "statusCategory"]),
        children, max_size=5),
    max_leaves=25)
adf_types = st.sampled_from(["doc", "paragraph", "heading", "text", "bulletList", "listItem", "orderedList",
                             "codeBlock", "table", "tableRow", "tableCell", "mention", "hardBreak", "panel", "blockquote"])
adf_nodes = st.recursive(
    st.builds(lambda t, x: {"type": "text", "text": x} if t == "text" else {"type": t}, adf_types, st.text(max_size=10)),
    lambda children: st.builds(lambda t, c, lvl: {"type": t, "content": c, "attrs": {"level": lvl}},
                               adf_types, st.lists(children, max_size=4), st.integers(-2, 9)),
    max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(adf_nodes)
def test_adf_never_raises_and_keeps_text(node):
    text = to_text(node)
    assert isinstance(text, str)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_adf_accepts_any_json(value):
    assert isinstance(to_text(value), str)


@settings(max_examples=400, deadline=None)
@given(st.lists(json_values, max_size=4))
def test_export_entries_are_tickets_or_named_errors(items):
    for item in list(github_items(items, "x.json", "gh")) + list(jira_items(items, "x.json", "jira")):
        assert isinstance(item, (Ticket, TicketError))
        if isinstance(item, TicketError):
            assert item.where.startswith("x.json: issue ") and item.message


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["---", "+++"]), st.text(max_size=80), st.text(max_size=40))
def test_front_matter_is_read_or_refused(fence, front, body):
    try:
        t = parse_ticket(f"{fence}\n{front}\n{fence}\n{body}", "t/X-1.md")
    except _Bad as exc:
        assert str(exc)
    else:
        assert t.id and t.title and "\n" not in t.title

"""The reports' indented JSON (custlint/reporters/json_indent.py) is the text ``json.dumps`` writes,
for any value, and ``json.dumps``'s own error where it refuses one."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GitRepo, custlint
from custlint.reporters.json_indent import dumps

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([0.0, -0.0, 1e16, 1e-7, 123456789.125, math.inf, -math.inf])
    | st.text()
    | st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000))
    | st.sampled_from(["", '"', "\\", "\n\t\r", "\u2028\u2029", "\x7f\x85", "##[", "\ud800", "caf\u00e9 \U0001f600"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6)
    | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=8) | st.sampled_from(["ok", "findings", "ok"]), inner, max_size=6),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(values, st.sampled_from([0, 1, 2, 4]), st.booleans())
def test_the_same_text_as_json_dumps(value, indent, ensure_ascii):
    assert dumps(value, indent=indent, ensure_ascii=ensure_ascii) == json.dumps(
        value, indent=indent, ensure_ascii=ensure_ascii
    )


class Level(enum.IntEnum):
    LOW = 1


class Name(str):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"level": Level.LOW},  # an int subclass: json writes int.__repr__, 1
        {"name": Name("Ann")},
        {7: "a", 2.5: "b", True: "c", None: "d"},  # keys json turns into strings
        [{"nested": {3: [1, 2]}}],
        {"float": type("F", (float,), {})(1.5)},
    ],
)
def test_types_it_does_not_write_itself_are_written_by_json(value):
    assert dumps(value, indent=1) == json.dumps(value, indent=1, ensure_ascii=False)


def _error(call):
    with pytest.raises(Exception) as info:
        call()
    return type(info.value), str(info.value)


def test_a_value_json_refuses_gets_json_s_own_error():
    cycle: list = []
    cycle.append(cycle)
    for bad in ({"when": object()}, {"set": {1, 2}}, {(1, 2): "tuple key"}, cycle, {"deep": [cycle]}):
        assert _error(lambda b=bad: dumps(b, indent=2)) == _error(lambda b=bad: json.dumps(b, indent=2))


def test_the_audit_report_is_the_text_json_dumps_writes(repo: GitRepo):
    """The whole report: a history whose authors, subjects and numbers take every kind of value."""
    repo.commit("fix: checkout fails for shoppers on slow networks\n\nShoppers saw errors.\n\nFixes #12\n")
    repo.commit("Update README", author="Zoë Ünal", email="zoe@example.com")
    repo.commit("feat: export\n\n## Customer problem\n\nAccountants cannot export.\n\n## KPI\n\nExports from 0 to 500 within 8 weeks\n")
    r = custlint("audit", "--repo", str(repo.path), "--format", "json", "--no-progress", "--no-cache")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["commits"] == 3 and data["authors"]
    assert r.out == json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def test_a_value_nested_past_the_writer_s_depth_is_json_s_text_or_error():
    """The writer (compiled: no recursion check of its own) hands a value nested deeper than _DEPTH to
    json.dumps: the same text where json writes it, json's own RecursionError where it does not."""
    from custlint.reporters import json_indent

    value: list = []
    inner = value
    for _ in range(json_indent._DEPTH + 5):
        inner.append([])
        inner = inner[0]
    assert dumps(value, indent=1) == json.dumps(value, indent=1, ensure_ascii=False)
    deep: list = []
    inner = deep
    for _ in range(100_000):
        inner.append({"k": []})
        inner = inner[0]["k"]
    assert _error(lambda: dumps(deep, indent=1)) == _error(lambda: json.dumps(deep, indent=1))

"""Issue 15 (low): SARIF ``partialFingerprints`` and GitLab ``fingerprint`` are distinct per finding
and stable when lines move (GitHub code scanning matches alerts across runs by them)."""

from __future__ import annotations

import json

import pytest

from conftest import custlint

BODY = """## Customer problem
Shoppers cannot see when an order arrives.

Fixes #1 and Fixes #1, closes #2
Status: done
Fixes #1
"""


def _prints(tmp_path, body: str, fmt: str) -> list[tuple[str, int, str]]:
    (tmp_path / ".custlint.toml").write_text("")
    f = tmp_path / "body.md"
    f.write_text(body)
    r = custlint("pr", "--body-file", str(f), "--title", "Show delivery windows", "--format", fmt, cwd=tmp_path)
    assert r.code == 1, r.err
    if fmt == "sarif":
        return [(x["ruleId"], x["locations"][0]["physicalLocation"]["region"]["startLine"],
                 x["partialFingerprints"]["custlintFinding/v2"]) for x in r.json()["runs"][0]["results"]]
    return [(i["check_name"].split()[0], i["location"]["lines"]["begin"], i["fingerprint"]) for i in r.json()]


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_fingerprints_are_distinct_per_finding_and_stable_when_lines_move(tmp_path, fmt):
    before = _prints(tmp_path, BODY, fmt)
    prints = [p for _, _, p in before]
    assert len(before) >= 4 and len(set(prints)) == len(prints), before  # two claims on one line: two values
    assert all(len(p) == 32 and int(p, 16) >= 0 for p in prints)
    # the same text under three new lines: the same findings, the same fingerprints
    after = _prints(tmp_path, "Some context first.\n\nMore of it.\n" + BODY, fmt)
    assert sorted(p for _, _, p in after) == sorted(prints)
    assert [r for r, _, _ in after] == [r for r, _, _ in before]
    assert _prints(tmp_path, BODY, fmt) == before  # the same input, the same values
    # a new finding adds one fingerprint and changes none of the others
    more = _prints(tmp_path, BODY + "\nResolves #9\n", fmt)
    assert set(prints) < {p for _, _, p in more}


def test_the_sarif_fingerprint_is_not_the_reserved_line_hash(tmp_path):
    (tmp_path / ".custlint.toml").write_text("")
    (tmp_path / "body.md").write_text(BODY)
    r = custlint("pr", "--body-file", "body.md", "--title", "T", "--format", "sarif", cwd=tmp_path)
    for res in json.loads(r.out)["runs"][0]["results"]:  # GitHub computes primaryLocationLineHash itself
        assert set(res["partialFingerprints"]) == {"custlintFinding/v2"}

"""The commit-msg hook, through the real CLI."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import BAD, GOOD, clean_env, custlint


def write(tmp_path, text, name="COMMIT_EDITMSG", raw: bytes | None = None):
    p = tmp_path / name
    p.write_bytes(raw if raw is not None else text.encode())
    return p


def test_good_message_passes(tmp_path):
    r = custlint("commit-msg", str(write(tmp_path, GOOD)))
    assert r.code == 0, r.out + r.err
    assert "All clear: 1 commit message checked." in r.out


def test_bad_message_is_refused_with_how_to_fix_and_reuse(tmp_path):
    f = write(tmp_path, BAD)
    r = custlint("commit-msg", str(f))
    assert r.code == 1
    assert "CP101" in r.out and "KP201" in r.out
    assert "fix: Reference the ticket" in r.out
    assert f"git commit -e -F {f}" in r.err
    assert f.read_text() == BAD  # never modified


def test_comment_lines_and_scissors_are_ignored(tmp_path):
    text = ("Add delivery windows\n\n# Customer-Problem: only in a comment\n"
            "# ------------------------ >8 ------------------------\n"
            "diff\nCustomer-Problem: only in the diff\nKPI: only in the diff\n")
    r = custlint("commit-msg", str(write(tmp_path, text)), "--format", "json")
    assert r.code == 1
    assert {f["rule"] for f in r.json()["findings"]} == {"CP101", "KP201"}


def test_json_shape(tmp_path):
    r = custlint("commit-msg", str(write(tmp_path, BAD)), "--format", "json")
    doc = r.json()
    assert doc["version"] == 1
    f = doc["findings"][0]
    assert set(f) >= {"rule", "name", "principle", "severity", "message", "source", "subject", "line"}
    assert f["source"] == "commit" and f["line"] == 1 and f["principle"] == "customer-problem"
    assert doc["summary"]["errors"] == 2


@pytest.mark.parametrize(("title", "reason"), [
    ('Revert "Add delivery windows"', "revert"),
    ("fixup! Add delivery windows", "fixup commit"),
    ("squash! Add delivery windows", "squash commit"),
    ("amend! Add delivery windows", "amend commit"),
    ("docs: fix a typo", "type 'docs'"),
    ("chore(deps): bump x", "type 'chore'"),
])
def test_exempt_messages_are_reported_as_exempt(tmp_path, title, reason):
    r = custlint("commit-msg", str(write(tmp_path, title + "\n")), "--format", "json")
    assert r.code == 0
    assert r.json()["exempt"][0]["reason"] == reason
    assert r.json()["findings"] == []


def test_skip_needs_a_reason(tmp_path):
    ok = custlint("commit-msg", str(write(tmp_path, "Rename x\n\nCustlint-Skip: rename only\n")), "--format", "json")
    assert ok.code == 0 and ok.json()["exempt"][0]["reason"] == "Custlint-Skip: rename only"
    bad = custlint("commit-msg", str(write(tmp_path, "Rename x\n\nCustlint-Skip:\n")), "--format", "json")
    assert bad.code == 1
    assert "CP100" in {f["rule"] for f in bad.json()["findings"]}


def test_exit_zero_and_ignore(tmp_path):
    f = str(write(tmp_path, BAD))
    assert custlint("commit-msg", f, "--exit-zero").code == 0
    assert custlint("commit-msg", f, "--ignore", "CP,KP").code == 0
    r = custlint("commit-msg", f, "--select", "KP201", "--format", "json")
    assert [x["rule"] for x in r.json()["findings"]] == ["KP201"]


def test_missing_file_is_exit_2(tmp_path):
    r = custlint("commit-msg", str(tmp_path / "nope"))
    assert r.code == 2
    assert r.err.startswith("custlint: error: message file not found")
    assert len(r.err.strip().splitlines()) == 1


def test_directory_is_exit_2(tmp_path):
    r = custlint("commit-msg", str(tmp_path))
    assert r.code == 2 and "is a directory" in r.err


def test_non_utf8_is_judged_with_replacement(tmp_path):
    raw = "Caf\xe9 orders\n\nRefs SHOP-9\n".encode("latin-1")
    f = write(tmp_path, "", raw=raw)
    r = custlint("commit-msg", str(f))
    assert r.code == 0
    assert "not valid UTF-8" in r.err
    assert f.read_bytes() == raw


def test_nul_bytes_are_ignored(tmp_path):
    f = write(tmp_path, "", raw=b"Add x\x00\n\nRefs SHOP-9\n")
    r = custlint("commit-msg", str(f))
    assert r.code == 0 and "NUL" in r.err


def test_empty_message_is_a_verdict_not_an_error(tmp_path):
    r = custlint("commit-msg", str(write(tmp_path, "# only comments\n\n")))
    assert r.code == 0 and "empty" in r.err


def test_crlf_and_bom(tmp_path):
    f = write(tmp_path, "", raw="\ufeffAdd x\r\n\r\nRefs SHOP-9\r\n".encode())
    assert custlint("commit-msg", str(f)).code == 0


def test_bad_format_and_usage_are_exit_2(tmp_path):
    f = str(write(tmp_path, GOOD))
    r = custlint("commit-msg", f, "--format", "xml")
    assert r.code == 2 and "unknown --format 'xml'" in r.err
    r = custlint("commit-msg")
    assert r.code == 2 and "required" in r.err


def test_hook_path_imports_no_heavy_library(tmp_path):
    f = write(tmp_path, GOOD)
    code = ("import sys\nfrom custlint.cli import main\nrc = main(['commit-msg', sys.argv[1]])\n"
            "heavy = sorted(m for m in ('libcst', 'git', 'rich', 'markdown_it', 'requests') if m in sys.modules)\n"
            "print('HEAVY=' + ','.join(heavy))\n")
    p = subprocess.run([sys.executable, "-c", code, str(f)], capture_output=True, text=True, env=clean_env())
    assert p.returncode == 0, p.stderr
    assert "HEAVY=\n" in p.stdout

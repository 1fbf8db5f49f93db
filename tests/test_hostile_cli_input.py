"""Issue 15 (low): command lines, rule packs and configs a user can get wrong, and file names a
contributor can make hostile: one line on stderr and exit 2 (or the intended reading), never a
traceback, never a line that looks like another message.
"""

from __future__ import annotations

import pytest

from conftest import GOOD, GitRepo, custlint

TITLE_PACK = """[[rule]]
code = "TM903"
name = "dash-title"
principle = "working-backwards"
severity = "error"
applies-to = ["pr"]
kind = "forbidden-pattern"
pattern = '^-x$'
scope = "title"
message = "title {match}"
fix = "f"
what = "w"
why = "y"
[[rule.examples]]
valid = true
text = "Show delivery windows"
[[rule.examples]]
valid = false
text = "-x"
"""


def one_line_error(r) -> str:
    assert r.code == 2, (r.code, r.out, r.err)
    assert r.err.startswith("custlint: error: ") and r.err.count("\n") == 1, r.err
    assert "Traceback" not in r.err and "internal error" not in r.err
    return r.err


# -- --title -x and other argparse edges ----------------------------------------------------------

@pytest.mark.parametrize("argv", [["--title", "-x"], ["--title=-x"], ["--title", "-x", "--labels", "-a,-b"]])
def test_a_title_that_starts_with_a_dash_is_the_title(tmp_path, argv):
    (tmp_path / "pack.toml").write_text(TITLE_PACK)
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["pack.toml"]\nselect = ["TM903"]\n')
    (tmp_path / "body.md").write_text("## Customer problem\nx\n")
    r = custlint("pr", "--body-file", "body.md", *argv, "--format", "json", cwd=tmp_path)
    assert r.code == 1, r.err
    assert [f["message"] for f in r.json()["findings"]] == ["title -x"]


def test_labels_that_start_with_a_dash_are_labels(tmp_path):
    (tmp_path / ".custlint.toml").write_text("")
    (tmp_path / "body.md").write_text(GOOD)
    for argv in (["--labels", "-skip-custlint"], ["--labels=-skip-custlint"]):
        r = custlint("pr", "--body-file", "body.md", "--title", "Show delivery windows", *argv, cwd=tmp_path)
        assert r.code in (0, 1) and "error: " not in r.err, r.err


@pytest.mark.parametrize("argv", [
    ["pr", "--title"],  # no value at all
    ["pr", "--body-file", "b.md", "--title", "T", "--nope"],
    ["pr", "--body-file", "b.md", "--e", "x"],  # an ambiguous abbreviation
    ["pr", "--body-file", "b.md", "--format"],
    ["kpis", "--jobs", "many"],
    ["kpis", "--format", "yaml"],
    ["audit", "--jobs", "-3"],
    ["commits", "--", "-x"],
    ["no-such-command", "--title", "-x"],
])
def test_argparse_edges_are_one_line(tmp_path, argv):
    (tmp_path / ".custlint.toml").write_text("")
    (tmp_path / "b.md").write_text(GOOD)
    one_line_error(custlint(*argv, cwd=tmp_path))


# -- a string where a list is expected --------------------------------------------------------------

@pytest.mark.parametrize("line,key", [('types = "feat"', "types"), ('labels = "hotfix"', "labels"),
                                      ('not-types = "docs"', "not-types")])
def test_a_string_for_a_list_in_a_pack_is_one_line(tmp_path, line, key):
    pack = TITLE_PACK.replace('applies-to = ["pr"]', 'applies-to = ["pr", "commit"]').replace(
        "[[rule.examples]]", f"[rule.when]\n{line}\n[[rule.examples]]", 1)
    (tmp_path / "pack.toml").write_text(pack)
    err = one_line_error(custlint("rules", "--check", "pack.toml", cwd=tmp_path))
    assert f"'{key}' must be a list of strings" in err and f"write {key} = [" in err and "TM903" in err


def test_a_string_for_applies_to_is_one_line(tmp_path):
    (tmp_path / "pack.toml").write_text(TITLE_PACK.replace('applies-to = ["pr"]', 'applies-to = "pr"'))
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["pack.toml"]\n')
    (tmp_path / "m.txt").write_text(GOOD)
    err = one_line_error(custlint("commit-msg", "m.txt", cwd=tmp_path))
    assert "'applies-to' must be a list of strings" in err


@pytest.mark.parametrize("toml", ['select = "CP101"', 'rule-paths = "packs"', '[production]\nbranches = "main"',
                                  '[tickets]\npaths = "tickets"'])
def test_a_string_for_a_list_in_the_config_is_one_line(tmp_path, toml):
    (tmp_path / ".custlint.toml").write_text(toml + "\n")
    (tmp_path / "m.txt").write_text(GOOD)
    assert "must be list of strings" in one_line_error(custlint("commit-msg", "m.txt", cwd=tmp_path))


# -- paths the file system cannot take -----------------------------------------------------------

@pytest.mark.parametrize("toml,why", [
    ('code-root = "{long}"', "bytes; at most 4,095"),
    ('rule-paths = ["{name}/{name}"]', "per file or folder name"),
    ('rule-paths = ["ok", "a\\u0000b"]', "NUL"),
    ('[tickets]\npaths = ["{name}"]', "per file or folder name"),
    ('[tickets]\ncache = "{long}"', "at most 4,095"),
    ('[production]\ndeploy-log = "{name}"', "per file or folder name"),
])
@pytest.mark.parametrize("command", [["commit-msg", "m.txt"], ["kpis"], ["config", "--show"]])
def test_a_path_too_long_in_the_config_is_one_line_naming_the_key(tmp_path, toml, why, command):
    (tmp_path / ".custlint.toml").write_text(toml.format(long="a/" * 2600, name="n" * 300) + "\n")
    (tmp_path / "m.txt").write_text(GOOD)
    err = one_line_error(custlint(*command, cwd=tmp_path))
    key = toml.split(" =")[0].split("\n")[-1]
    assert f"'{key}'" in err or f".{key}'" in err, err
    assert why in err and len(err) < 400, err


@pytest.mark.parametrize("argv", [
    ["kpis", "{name}"], ["code", "{name}"], ["commit-msg", "{name}"], ["pr", "--body-file", "{name}"],
    ["tickets", "{name}"], ["commit-msg", "m.txt", "--config", "{name}"], ["commit-msg", "{deep}"],
    ["commits", "--repo", "{name}"], ["prfaq", "{name}"], ["report", "merge", "{name}"],
])
def test_os_errors_from_paths_on_the_command_line_are_one_line(tmp_path, argv):
    (tmp_path / ".custlint.toml").write_text("")
    (tmp_path / "m.txt").write_text(GOOD)
    args = [a.format(name="n" * 300, deep="d/" * 3000) for a in argv]
    err = one_line_error(custlint(*args, cwd=tmp_path))
    assert len(err) <= 1100, len(err)


# -- file names with a line feed -------------------------------------------------------------------

def _no_forged_line(r) -> None:
    for line in (r.out + r.err).splitlines():
        assert not line.startswith("FAKE"), (line, r.out, r.err)


def test_file_names_with_a_line_feed_are_quoted_everywhere(tmp_path):
    (tmp_path / ".custlint.toml").write_text("")
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Base\n\nRefs #1\n")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("Ship\n\nFixes #1\nStatus: done\n", file="f\nFAKE: forged line.txt")
    t = repo.path / "tickets"
    t.mkdir()
    (t / "bad\nFAKE: forged ticket.md").write_bytes(b"\xff\xfe")
    (t / "bad2\nFAKE: forged2.md").write_text("---\nid: [\n---\n")
    (t / "ok\nFAKE: t3.md").write_text("---\nid: T-1\ntitle: x\nstatus: done\n---\nbody\n")
    c = repo.path / "code"
    c.mkdir()
    (c / "broken\nFAKE: forged code.py").write_text("def (:\n")
    (c / "v\nFAKE: v.py").write_text("from datadog import statsd\n\n\ndef f(k):\n    statsd.increment(k)\n    # TODO x\n")
    msg = tmp_path / "m\nFAKE: msg.txt"
    msg.write_text("WIP\n")
    runs = {
        "commit-msg": custlint("commit-msg", str(msg), cwd=repo.path),
        "missing": custlint("commit-msg", str(tmp_path / "nope\nFAKE: x"), cwd=repo.path),
        "tickets": custlint("tickets", "tickets", cwd=repo.path),
        "code": custlint("code", "code", cwd=repo.path),
        "kpis": custlint("kpis", "code", cwd=repo.path),
        "audit": custlint("audit", "main..feature", "--by", "path", "--no-cache", cwd=repo.path),
        "github": custlint("code", "code", "--format", "github", cwd=repo.path),
    }
    for r in runs.values():
        _no_forged_line(r)
        assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    assert '"code/broken\\nFAKE: forged code.py":1' in runs["code"].out
    assert '"tickets/bad\\nFAKE: forged ticket.md": not UTF-8' in runs["tickets"].err
    assert 'kept in "' in runs["commit-msg"].err and '\\nFAKE: msg.txt"' in runs["commit-msg"].err
    assert '"code/v\\nFAKE: v.py":5' in runs["kpis"].out
    assert "code code/broken%0AFAKE" not in runs["github"].out and '\\nFAKE: forged code.py' in runs["github"].out

"""Issue 8: hostile input, pathological sizes, encodings, git edge cases, and custlint never writing.

Time bounds here are generous sanity bounds (a regression to quadratic time blows far past them);
the real figure (5 MB in at most 5 s) is measured by bench/hostile_inputs.py.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint

PROBLEM = "Customer-Problem: shoppers cannot see when an order arrives\nKPI: checkout completion from 61% to 65% in 6 weeks\n"


def _inproc(argv, capsys):
    """The CLI in this process (fast), with its exit code, stdout and stderr."""
    from custlint.cli import main

    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# -- pathological inputs: commit-msg, pr --body-file, tickets ---------------------------------

PATHOLOGICAL = {
    "50,000 digits": "1" * 50_000,
    "repeated closing keywords": "Fix\n\n" + "Fixes #1 " * 5_000,
    "a long closing list": "Fix\n\nCloses #1" + ", #2" * 5_000,
    "repeated smart commits": "Fix\n\nSHOP-1" + " #done" * 5_000,
    "repeated section labels": "Fix\n\n" + "KPI: x\n" * 5_000,
    "deeply nested lists": "Fix\n\n" + "".join("  " * i + "- item\n" for i in range(2_000)),
    "repeated URL schemes": "Fix\n\n" + "http://" * 20_000,
    "a dotted run before a slash": "Fix\n\n" + "a." * 50_000 + "/b",
    "a long URL path": "Fix\n\nhttp://x" + "/a" * 50_000,
    "unclosed HTML comments in a done claim scan": "Fix\n\n" + "<!--" * 2_000 + "\nFixes #1\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_is_judged_quickly(name, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = PATHOLOGICAL[name]
    msg = tmp_path / "msg.txt"
    msg.write_text(text)
    tickets = tmp_path / "tickets"
    tickets.mkdir()
    (tickets / "T-1.md").write_text(f"---\nid: T-1\ntitle: A ticket\nstatus: open\n---\n{text}")
    for argv in (["commit-msg", str(msg)], ["pr", "--body-file", str(msg), "--title", "t"], ["tickets", str(tickets)]):
        start = time.monotonic()
        code, out, _ = _inproc(argv + ["--format", "json"], capsys)
        assert time.monotonic() - start < 10, (name, argv[0])  # was minutes before the fix (quadratic scans)
        assert code in (0, 1)
        assert len(out) < 200_000  # findings are capped per rule and document


def test_thousands_of_claims_give_a_capped_list_of_findings(tmp_path, capsys):
    from custlint.engine.evaluator import MAX_HITS_PER_RULE

    msg = tmp_path / "msg.txt"
    msg.write_text("Show windows\n\n" + PROBLEM + "\n" + "Fixes #1\n" * 3_000)
    code, out, _ = _inproc(["commit-msg", str(msg), "--format", "json"], capsys)
    import json

    found = [f for f in json.loads(out)["findings"] if f["rule"] == "DP301"]
    assert code == 1 and len(found) == MAX_HITS_PER_RULE
    assert f"only the first {MAX_HITS_PER_RULE} hits of DP301" in found[-1]["message"]


def test_reference_line_numbers_survive_the_linear_scan():
    from custlint.document.refs import find_refs

    text = "a\nSHOP-1\n\nsee #2 and o/r#3\n" + "x\n" * 5 + "https://github.com/o/r/issues/4\n"
    assert [(r.id, r.line) for r in find_refs(text)] == [
        ("SHOP-1", 2), ("#2", 4), ("o/r#3", 4), ("https://github.com/o/r/issues/4", 10)]


def test_html_comment_blanking_matches_commonmark_and_is_linear():
    """One comment stripper serves the analysis and the done claims: a closed comment becomes its
    newlines, an unclosed one hides the rest (as GitHub renders it), in linear time."""
    import random
    import re

    from custlint.document.sections import strip_comments

    rx = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)  # the reference: quadratic, fine on short texts
    rng = random.Random(8)
    for _ in range(3_000):
        t = "".join(rng.choice(["<!--", "-->", "a", "\n", "<!-->", "-", "<", "!"]) for _ in range(rng.randint(0, 12)))
        assert strip_comments(t) == rx.sub(lambda m: "\n" * m.group(0).count("\n"), t), t
    start = time.monotonic()
    strip_comments("<!--" * 200_000)
    assert time.monotonic() - start < 2


def test_sections_reader_is_linear_on_unclosed_html_comments():
    from custlint.document.sections import read_fields

    start = time.monotonic()
    read_fields("<!--" * 10_000, frozenset({"kpi"}))
    assert time.monotonic() - start < 0.5  # 2.4 s on the shared machine with the regex; milliseconds when linear


# -- user rule packs: unsafe patterns are refused when the pack loads -----------------------------

PACK = """[[rule]]
code = "TM901"
name = "no-wip"
principle = "done-in-production"
severity = "error"
applies-to = ["commit", "pr"]
kind = "forbidden-pattern"
pattern = '{pattern}'
scope = "text"
message = "Work in progress: '{{match}}'."
fix = "Finish it."
what = "WIP."
why = "Half-done work reaches nobody."
[[rule.examples]]
valid = true
text = "Add reorder\\n\\nRefs SHOP-1\\n"
[[rule.examples]]
valid = false
text = "WIP add reorder\\n\\nRefs SHOP-1\\n"
"""


@pytest.mark.parametrize(("pattern", "why"), [
    (r"(\w+\s?)*WIP", "a quantifier inside a repeated group"),
    (r"(W|WI)+P", "alternatives that can match the same text"),
    (r"\w+\w+WIP", "two quantifiers in a row"),
])
def test_unsafe_user_pattern_is_exit_2_naming_pack_and_rule(tmp_path, pattern, why):
    pack = tmp_path / "rules" / "team.toml"
    pack.parent.mkdir()
    pack.write_text(PACK.format(pattern=pattern))
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["rules"]\n')
    (tmp_path / "m.txt").write_text(GOOD)
    for args in (("commit-msg", "m.txt"), ("rules", "--check", "rules")):
        r = custlint(*args, cwd=tmp_path)
        assert r.code == 2, r.err
        assert "rules/team.toml: rule TM901" in r.err and "rule TM901" in r.err and "unsafe pattern" in r.err and why in r.err
        assert len(r.err.strip().splitlines()) == 1


def test_safe_user_pattern_loads_and_works(tmp_path):
    pack = tmp_path / "rules" / "team.toml"
    pack.parent.mkdir()
    pack.write_text(PACK.format(pattern=r"\bWIP\b"))
    r = custlint("rules", "--check", str(pack), cwd=tmp_path)
    assert r.code == 0 and "2 of 2 examples" in r.out


@pytest.mark.parametrize("pattern", [r"(a+)+b", r"(a|aa)*b", r"^(\w+\s?)*$", r"\d+\d+x", r"(x+x+)+y", r".*.*=.*"])
def test_refused_shapes_really_are_slow_and_accepted_ones_are_not(pattern):
    from custlint.core.regex_safety import unsafe_reason

    assert unsafe_reason(pattern) is not None


@pytest.mark.parametrize("pattern", [r"\bWIP\b", r"^(feat|fix)(\(.+\))?: ", r"\w+@\w+\.com", r"\s+\w+", r"[A-Z]+-\d+",
                                     r"(?:foo|bar)+", r"\bTODO\b.*", r"a++b", r"(?m)^## KPI\n+\S"])
def test_ordinary_patterns_are_accepted_and_run_fast_on_hostile_text(pattern):
    import re

    from custlint.core.regex_safety import unsafe_reason
    from custlint.engine.packs import MAX_PATTERN_TEXT

    assert unsafe_reason(pattern) is None
    rx = re.compile(pattern, re.IGNORECASE | re.MULTILINE)
    for text in ("a" * MAX_PATTERN_TEXT, "a " * (MAX_PATTERN_TEXT // 2), "1" * MAX_PATTERN_TEXT, "\n" * MAX_PATTERN_TEXT):
        start = time.monotonic()
        rx.search(text)
        # one unbounded quantifier is at worst quadratic: 1.3 s at most at 10,000 characters on the shared machine
        # (bench/README.md); the bound is for sanity on a loaded machine: the refused shapes take hours
        assert time.monotonic() - start < 30


def test_forbidden_pattern_on_a_long_text_is_not_a_silent_pass(tmp_path):
    from custlint.engine.packs import MAX_PATTERN_TEXT

    pack = tmp_path / "rules" / "team.toml"
    pack.parent.mkdir()
    pack.write_text(PACK.format(pattern=r"\bWIP\b"))
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["rules"]\n')
    msg = tmp_path / "m.txt"
    msg.write_text(GOOD + "\n" + "word " * (MAX_PATTERN_TEXT // 5 + 10) + "\nWIP\n")
    r = custlint("commit-msg", "m.txt", "--format", "json", cwd=tmp_path)
    [f] = [f for f in r.json()["findings"] if f["rule"] == "TM901"]
    assert r.code == 1 and f"searches only the first {MAX_PATTERN_TEXT:,}" in f["message"]


# -- encodings --------------------------------------------------------------------------------

ODD_BYTES = {
    "latin-1": "Caf\xe9 orders\n\nRefs SHOP-9\n".encode("latin-1"),
    "NUL bytes": b"Add x\x00\x00\n\nRefs SHOP-9\n",
    "CRLF": b"Add x\r\n\r\nRefs SHOP-9\r\n",
    "BOM": "\ufeffAdd x\n\nRefs SHOP-9\n".encode(),
    "UTF-16": "Add x\n\nRefs SHOP-9\n".encode("utf-16"),
    "binary": bytes(range(256)) * 40,
}


@pytest.mark.parametrize("name", sorted(ODD_BYTES))
def test_commit_msg_reads_any_bytes_and_never_changes_the_file(name, tmp_path, capsys):
    f = tmp_path / "COMMIT_EDITMSG"
    f.write_bytes(ODD_BYTES[name])
    os.utime(f, ns=(1_000_000_000, 1_000_000_000))
    code, out, err = _inproc(["commit-msg", str(f)], capsys)
    assert code in (0, 1)
    assert f.read_bytes() == ODD_BYTES[name] and f.stat().st_mtime_ns == 1_000_000_000
    if code == 1:
        assert f"git commit -e -F {f}" in err


def test_pr_body_file_encodings(tmp_path, capsys):
    f = tmp_path / "body.md"
    for raw in (ODD_BYTES["CRLF"], ODD_BYTES["BOM"], b"## Customer problem\r\nShoppers wait 9 minutes for delivery windows.\r\n\r\n## KPI\r\nWait from 9 to 3 min within 6 weeks.\r\n"):
        f.write_bytes(raw)
        code, _, _ = _inproc(["pr", "--body-file", str(f), "--title", "Show windows"], capsys)
        assert code == 0
    f.write_bytes(b"Add x\x00\n\nRefs SHOP-9\n")
    assert _inproc(["pr", "--body-file", str(f), "--title", "t"], capsys)[0] == 0
    f.write_bytes(ODD_BYTES["latin-1"])  # not UTF-8: the user's file, said in one line
    code, out, err = _inproc(["pr", "--body-file", str(f), "--title", "t"], capsys)
    assert code == 2 and "not UTF-8" in err and out == ""


def test_ticket_file_encodings(tmp_path, capsys):
    folder = tmp_path / "tickets"
    folder.mkdir()
    good = "---\nid: SHOP-1\ntitle: Shoppers wait\nstatus: open\n---\n" + PROBLEM
    (folder / "crlf.md").write_bytes(good.replace("SHOP-1", "SHOP-2").replace("\n", "\r\n").encode())
    (folder / "bom.md").write_bytes(("\ufeff" + good.replace("SHOP-1", "SHOP-3")).encode())
    (folder / "plain.md").write_text(good)
    code, out, err = _inproc(["tickets", str(folder), "--format", "json"], capsys)
    assert code == 0, err
    (folder / "latin.md").write_bytes(good.replace("SHOP-1", "SHOP-4").replace("wait", "w\xe4it").encode("latin-1"))
    (folder / "nul.md").write_bytes(good.replace("SHOP-1", "SHOP-5").encode() + b"\x00\x00")
    code, out, err = _inproc(["tickets", str(folder), "--format", "json"], capsys)
    assert code == 2 and "latin.md: not UTF-8" in err  # named, and the others still judged
    import json

    assert json.loads(out)["summary"]["checked"] == 4


def test_commits_with_a_declared_encoding_are_decoded(repo: GitRepo):
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    (repo.path / "f").write_text("x")
    repo.git("add", "f")
    body = "Caf\xe9 menu f\xfcr G\xe4ste\n\nRefs SHOP-3\n"  # the judgement's vocabulary is English; this is about decoding
    subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=repo.path, env=clean_env(), input=body.encode("latin-1"), check=True)
    repo.git("config", "--unset", "i18n.commitEncoding")
    (repo.path / "g").write_text("x")
    repo.git("add", "g")
    subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=repo.path, env=clean_env(),  # undeclared, not UTF-8
                   input="Stra\xdfe\n\nRefs SHOP-4\n".encode("latin-1"), check=True)
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert r.code == 0 and r.json()["summary"]["checked"] == 2


# -- git edge cases ---------------------------------------------------------------------------

def test_unborn_branch_in_a_repository_with_history(repo: GitRepo):
    repo.commit(GOOD)
    repo.git("checkout", "-q", "--orphan", "fresh")
    r = custlint("commits", cwd=repo.path)
    assert r.code == 2 and "no commits yet" in r.err


def test_detached_head(repo: GitRepo):
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(BAD)
    repo.git("checkout", "-q", "--detach", "HEAD")
    r = custlint("commits", "--format", "json", cwd=repo.path)
    assert r.code == 1 and r.json()["summary"]["checked"] == 1


def test_unrelated_histories_have_no_merge_base(repo: GitRepo):
    repo.commit(GOOD)
    repo.git("checkout", "-q", "--orphan", "other")
    repo.commit(BAD)
    r = custlint("commits", cwd=repo.path)
    assert r.code == 2 and "share no history" in r.err and "custlint commits" in r.err


def test_shallow_clone_with_an_explicit_range(repo: GitRepo, tmp_path):
    for _ in range(3):
        repo.commit(GOOD)
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True, env=clean_env())
    r = custlint("commits", "HEAD~2..HEAD", cwd=clone)
    assert r.code == 2 and "git fetch --unshallow" in r.err


def test_linked_worktree_and_a_path_with_spaces_and_non_ascii(tmp_path):
    repo = GitRepo(tmp_path / "dépôt with spaces")
    repo.commit(GOOD)
    repo.git("branch", "feature")
    wt = tmp_path / "arbre de travail ü"
    repo.git("worktree", "add", "-q", str(wt), "feature")
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "Add the thing"], cwd=wt, env=clean_env(), check=True)
    r = custlint("commits", "--format", "json", cwd=wt)
    assert r.code == 1 and r.json()["summary"]["checked"] == 1
    r = custlint("commits", "--repo", str(wt), "--format", "json", cwd=tmp_path)
    assert r.code == 1 and r.json()["summary"]["checked"] == 1
    msg = wt / "mé ssage.txt"
    msg.write_text(GOOD)
    assert custlint("commit-msg", str(msg), cwd=wt).code == 0


def _snapshot(git_dir: Path) -> dict[str, tuple[int, int, str]]:
    out = {}
    for root, _dirs, files in os.walk(git_dir):
        for name in files:
            p = Path(root, name)
            st = p.stat()
            out[str(p.relative_to(git_dir))] = (st.st_size, st.st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
    return out


def test_no_command_writes_to_the_repository(repo: GitRepo, tmp_path):
    repo.commit(GOOD)
    repo.git("tag", "v1.0.0")
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(BAD)
    (repo.path / "app.py").write_text("def view():\n    # TODO: later\n    statsd.incr('orders.placed')\n")
    (repo.path / "tickets").mkdir()
    (repo.path / "tickets" / "SHOP-1.md").write_text("---\nid: SHOP-1\ntitle: Shoppers wait\nstatus: done\n"
                                                      "closed: 2026-01-10\n---\n" + PROBLEM)
    (repo.path / "body.md").write_text("Just a change\n")
    repo.git("add", "-A")
    repo.commit("Add files\n\nRefs SHOP-1\n")
    git_dir = repo.path / ".git"
    before = _snapshot(git_dir)
    import pkgutil

    from custlint.commands import __path__ as commands_path

    names = {m.name for m in pkgutil.iter_modules(commands_path)}
    runs = [("commits",), ("commits", "HEAD"), ("tickets",), ("tickets", "tickets", "--format", "json"),
            ("pr", "--body-file", "body.md", "--title", "Add x"), ("code", "."), ("kpis", "."),
            ("commit-msg", ".git/COMMIT_EDITMSG"), ("rules",), ("config",)]
    if "audit" in names:  # issue 6, when it has landed
        runs.append(("audit",))
    for args in runs:
        r = custlint(*args, cwd=repo.path)
        assert r.code in (0, 1, 2), (args, r.err)
        assert _snapshot(git_dir) == before, args


# -- the hook ---------------------------------------------------------------------------------

def test_refused_commit_says_how_to_reuse_the_message_and_keeps_the_file(tmp_path):
    repo = GitRepo(tmp_path / "r")
    hook = repo.path / ".git" / "hooks" / "commit-msg"
    import sys

    hook.write_text(f"#!/bin/sh\nexec {sys.executable} -m custlint commit-msg \"$1\"\n")
    hook.chmod(0o755)
    (repo.path / "f").write_text("x")
    repo.git("add", "f")
    p = subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=repo.path, env=clean_env(), input=BAD,
                       capture_output=True, text=True)
    assert p.returncode != 0 and "Traceback" not in p.stderr
    assert "git commit -e -F .git/COMMIT_EDITMSG" in p.stderr
    assert (repo.path / ".git" / "COMMIT_EDITMSG").read_text() == BAD
    editor = tmp_path / "editor.sh"  # the developer adds what was missing
    (tmp_path / "add.txt").write_text(PROBLEM)
    editor.write_text(f"#!/bin/sh\ncat '{tmp_path / 'add.txt'}' >> \"$1\"\n")
    editor.chmod(0o755)
    p = subprocess.run(["git", "commit", "-q", "-e", "-F", ".git/COMMIT_EDITMSG"], cwd=repo.path,
                       env=clean_env(GIT_EDITOR=str(editor)), capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "KPI:" in repo.git("log", "-1", "--format=%B")


# -- regressions found by the property tests -----------------------------------------------------

@pytest.mark.parametrize("pr", [{"labels": True}, {"labels": "bug"}, {"number": True}, {"draft": "false"}])
def test_hand_made_payload_fields_of_the_wrong_type(tmp_path, capsys, pr):
    import json

    base = {"number": 3, "title": "Show windows", "body": PROBLEM, "labels": [], "base": {"ref": "main"}}
    f = tmp_path / "event.json"
    f.write_text(json.dumps({"pull_request": {**base, **pr}, "repository": {"full_name": "o/r"}}))
    code, out, err = _inproc(["pr", "--event", str(f), "--format", "json"], capsys)
    if pr == {"number": True}:
        assert code == 2 and "no number or title" in err
    else:
        assert code == 0, err
        assert json.loads(out)["summary"]["checked"] == 1  # "draft": "false" is not a draft


def test_trailer_continuation_lines_are_joined_in_linear_time():
    from custlint.document.message import parse_trailers

    assert [(t.key, t.value) for t in parse_trailers(["T", "", "KPI: from 61%", "  to 65%", "\tin 6 weeks", "Refs: SHOP-1"])] == \
           [("KPI", "from 61% to 65% in 6 weeks"), ("Refs", "SHOP-1")]
    start = time.monotonic()
    [t] = parse_trailers(["T", "", "Key: v"] + [" x"] * 300_000)
    assert time.monotonic() - start < 3 and len(t.value) == 1 + 2 * 300_000  # was 88 s for 5 MB: one string rebuilt per line


@pytest.mark.parametrize("cache", [b"\x80\xff", b'{"version": 1, "tickets": {"SHOP-1": [1], "#2": "x"}}',
                                   b'{"version": 1, "tickets": {"SHOP-1": null}}'])
def test_a_broken_ticket_cache_never_blocks_the_hook(tmp_path, capsys, monkeypatch, cache):
    # found by the property tests: a non-UTF-8 cache or a non-object entry was an internal error (exit 2) in the hook
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".custlint.toml").write_text('[tickets]\nsource = "github-json"\n')
    (tmp_path / ".custlint").mkdir()
    (tmp_path / ".custlint" / "tickets.json").write_bytes(cache)
    msg = tmp_path / "m.txt"
    msg.write_text("Show windows\n\n" + PROBLEM + "Refs SHOP-1 and #2\n")
    code, out, err = _inproc(["commit-msg", str(msg)], capsys)
    assert code in (0, 1) and "internal error" not in err


def test_python_warnings_about_a_user_pattern_stay_off_stderr(tmp_path):
    # found by the property tests: re's "FutureWarning: Possible nested set" was printed for '[[a]', a stderr
    # line that is not custlint's own
    pack = tmp_path / "rules" / "team.toml"
    pack.parent.mkdir()
    pack.write_text(PACK.format(pattern=r"[[W]IP"))
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["rules"]\n')
    (tmp_path / "m.txt").write_text(GOOD)
    r = custlint("commit-msg", "m.txt", cwd=tmp_path, env=clean_env(PYTHONWARNINGS="default"))
    assert r.code in (0, 1)
    assert all(line.startswith("custlint") for line in r.err.splitlines() if line.strip()), r.err

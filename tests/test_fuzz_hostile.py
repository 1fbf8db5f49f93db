"""Issue 15, round two: property tests for the classes the last hardening round closed, run by the
fuzz job (`make fuzz`, bench/fuzz.py) with thousands of examples and by the quick suite with
CUSTLINT_FUZZ_EXAMPLES (default 20).

- unprintable text (lone surrogates, C1 and C0 controls) in every untrusted field, through every
  format, with and without GitHub Actions: no crash, nothing unprintable written, JSON that parses
  to no lone surrogate;
- SARIF fingerprints: distinct per finding, the same when lines are added above;
- Markdown for the job summary and the sticky comment: no link, image, mention or HTML in what
  GitHub's renderer (cmark-gfm) makes of it;
- free-text options: any title or labels, a leading dash included, are data;
- config and pack values of the wrong shape, and paths the file system cannot take: one line, exit 2;
- file names with line feeds: no output line starts inside one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custlint.cli import main
from test_fuzz_entry_points import FUZZ, WORDS, _count, _well_behaved
from test_unprintable_output import check_json

C1 = [chr(c) for c in range(0x80, 0xA0)]
CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\n"] + ["\x7f"]
SURROGATES = ["\ud800", "\udbff", "\udc80", "\udcff", "\udfff"]
HOSTILE = ["https://evil.example/x", "www.evil.example", "@octocat", "#12", "o/r#3", "![i](https://e/x.png)",
           "<img src=x>", "[a](http://b)", "m@evil.example", "- [x] Done", "1. x", "<script>", "|", "`", "\\"]
unprintable = st.lists(st.sampled_from(C1 + CONTROLS + SURROGATES + HOSTILE + WORDS) | st.text(max_size=6),
                       max_size=24).map("".join)
FORMATS = ["text", "json", "sarif", "junit", "gitlab", "github"]
EVENT = Path(__file__).parent / "data" / "github-events" / "pull_request.opened.payload.json"


@pytest.fixture
def here(tmp_path_factory, monkeypatch):
    """A folder with an empty config, as the working directory, and no CI variables."""
    d = tmp_path_factory.mktemp("fuzz-hostile")
    (d / ".custlint.toml").write_text("")
    monkeypatch.chdir(d)
    for var in [v for v in os.environ if v.startswith(("GITHUB_", "GITLAB_", "CI_", "JIRA_"))] + ["CI"]:
        monkeypatch.delenv(var, raising=False)
    return d


def bad(text: str) -> list[str]:
    return [c for c in text if "\ud800" <= c <= "\udfff" or "\x7f" <= c <= "\x9f" or (c < " " and c not in "\t\n\r")]


def _printable_run(argv, capsys, fmt: str, allow_2: bool = False) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    _well_behaved(code, out, err, allow_2=allow_2)
    assert not bad(out) and not bad(err), (bad(out)[:3], bad(err)[:3], out[:500], err[:500])
    if fmt in ("json", "sarif", "gitlab") and out.strip():
        check_json(json.loads(out))
    return code, out, err


# -- unprintable text in every field and format ------------------------------------------------------

@FUZZ
@given(title=unprintable, body=unprintable, labels=st.lists(unprintable, max_size=3), ref=unprintable,
       fmt=st.sampled_from(FORMATS), actions=st.booleans())
def test_unprintable_text_in_a_pr_event(title, body, labels, ref, fmt, actions, here, capsys, monkeypatch):
    _count("unprintable pr event")
    data = json.loads(EVENT.read_text())
    pr = data["pull_request"]
    pr.update(title=title, body=body + "\nStatus: done\nFixes #1\n")
    pr["labels"] = [{"name": one} for one in labels]
    pr["head"]["ref"] = ref
    (here / "event.json").write_text(json.dumps(data))  # ensure_ascii: surrogates as \u escapes, as GitHub sends them
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(here / "summary.md"))
    if actions:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
    _printable_run(["pr", "--event", str(here / "event.json"), "--format", fmt, "--verbose"], capsys, fmt)
    summary = here / "summary.md"
    if summary.exists():
        assert not bad(summary.read_bytes().decode("utf-8"))
        summary.unlink()


@FUZZ
@given(title=unprintable, labels=st.lists(unprintable, max_size=3), body=unprintable, fmt=st.sampled_from(FORMATS))
def test_unprintable_text_on_the_command_line_and_in_a_message(title, labels, body, fmt, here, capsys):
    _count("unprintable argv")
    f = here / "body.md"
    f.write_text(body.encode("utf-8", "replace").decode("utf-8") + "\nStatus: done\n")  # a file holds no surrogate
    argv = ["pr", "--body-file", str(f), "--title", title, "--labels", ",".join(labels), "--format", fmt]
    code, _, err = _printable_run(argv, capsys, fmt, allow_2=True)
    assert code != 2 or "UTF-8" in err or "NUL" in err, err  # a title or label is data, whatever it holds
    m = here / "COMMIT_EDITMSG"
    m.write_bytes(body.encode("utf-8", "surrogatepass"))
    _printable_run(["commit-msg", str(m), "--format", fmt], capsys, fmt)


# -- SARIF fingerprints ---------------------------------------------------------------------------------

claim_lines = st.lists(st.sampled_from(["Fixes #1", "Fixes #1 and closes #2", "Status: done", "- [x] Done",
                                        "Resolves o/r#3", "plain words", "", "Fixes #1, fixes #1"]), min_size=1,
                       max_size=12)


@FUZZ
@given(lines=claim_lines, shift=st.integers(min_value=1, max_value=5))
def test_sarif_fingerprints_are_distinct_and_survive_a_line_shift(lines, shift, here, capsys):
    _count("sarif fingerprints")
    body = "## Customer problem\nShoppers cannot see when an order arrives.\n\n" + "\n".join(lines) + "\n"

    def prints(text: str) -> list[str]:
        (here / "b.md").write_text(text)
        code = main(["pr", "--body-file", str(here / "b.md"), "--title", "Delivery windows", "--format", "sarif"])
        out, err = capsys.readouterr()
        assert code in (0, 1), err
        # each result's one fingerprint, whatever its key's version
        return ["".join(r["partialFingerprints"].values()) for r in json.loads(out)["runs"][0]["results"]]

    before = prints(body)
    assert len(set(before)) == len(before)
    assert sorted(prints("Context.\n" * shift + "\n" + body)) == sorted(before)


# -- Markdown in the job summary and the sticky comment --------------------------------------------------

@FUZZ
@given(text=unprintable)
def test_markdown_cells_render_as_plain_text(text):
    _count("markdown cells")
    from custlint.reporters import safe_stream
    from custlint.reporters.github import md
    from test_markdown_neutral import assert_inert, render

    # as markdown() writes every cell, through the summary's one sanitising point (where there is one)
    cell = getattr(safe_stream, "printable", str)(md(text))
    assert "\n" not in cell
    assert_inert(render(f"| a | b |\n|---|---|\n| x | {cell} |\n"), cell)
    assert_inert(render(f"> {cell}\n"), cell)


# -- free-text options ---------------------------------------------------------------------------------

@FUZZ
@given(title=st.text(min_size=1, max_size=20).map(lambda t: "-" + t), labels=st.text(max_size=12))
def test_a_title_or_labels_that_start_with_a_dash_are_data(title, labels, here, capsys):
    _count("dash titles")
    (here / "b.md").write_text("## Customer problem\nShoppers wait.\n")
    code = main(["pr", "--body-file", str(here / "b.md"), "--title", title, "--labels", "-" + labels, "--format", "json"])
    out, err = capsys.readouterr()
    _well_behaved(code, out, err, allow_2=False)


# -- configs and packs of the wrong shape, paths the file system cannot take -----------------------------

LIST_KEYS = ["select", "ignore", "rule-paths", "exempt-types", "bot-authors", "personas", "production.branches",
             "production.release-tags", "tickets.paths", "tickets.done-statuses", "code-exclude"]
PATH_KEYS = ["code-root", "rule-paths", "tickets.paths", "tickets.cache", "tickets.export", "production.deploy-log"]
long_paths = st.one_of(st.integers(256, 400).map(lambda n: "n" * n), st.integers(2100, 2600).map(lambda n: "a/" * n),
                       st.just("a\u0000b"), st.text(max_size=10))


def toml_value(value) -> str:
    """``value`` (a string or list of strings) as TOML: JSON's escapes, DEL and astral characters as TOML takes them."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml(dotted: str, value) -> str:
    table, _, key = dotted.rpartition(".")
    return (f"[{table}]\n" if table else "") + f"{key} = {toml_value(value)}\n"


@FUZZ
@given(key=st.sampled_from(LIST_KEYS), value=st.text(max_size=20), path_key=st.sampled_from(PATH_KEYS),
       path=long_paths, command=st.sampled_from([["commit-msg", "m.txt"], ["kpis"], ["config", "--show"], ["rules"]]))
def test_config_values_of_the_wrong_shape_and_impossible_paths(key, value, path_key, path, command, here, capsys):
    _count("config shapes and paths")
    (here / "m.txt").write_text("Show delivery windows\n\nRefs #1\n")
    for toml in (_toml(key, value), _toml(path_key, [path] if path_key in ("rule-paths", "tickets.paths") else path)):
        (here / ".custlint.toml").write_text(toml)
        try:
            code = main(command)
            out, err = capsys.readouterr()
            _well_behaved(code, out, err, allow_2=True)
            if code == 2:
                assert len(err) <= 1100, len(err)
        finally:
            (here / ".custlint.toml").write_text("")


@FUZZ
@given(key=st.sampled_from(["types", "not-types", "labels"]), value=st.text(max_size=12))
def test_a_string_for_a_list_in_a_pack(key, value, here, capsys):
    _count("pack lists")
    pack = ('[[rule]]\ncode = "TM904"\nname = "no-wip"\nprinciple = "done-in-production"\nseverity = "error"\n'
            'applies-to = ["commit"]\nkind = "forbidden-pattern"\npattern = "WIP"\nmessage = "m"\nfix = "f"\n'
            f'what = "w"\nwhy = "y"\n[rule.when]\n{key} = {toml_value(value)}\n'
            '[[rule.examples]]\nvalid = true\ntext = "feat: Ready"\n[[rule.examples]]\nvalid = false\ntext = "feat: WIP"\n')
    (here / "pack.toml").write_text(pack)
    code = main(["rules", "--check", str(here / "pack.toml")])
    out, err = capsys.readouterr()
    _well_behaved(code, out, err, allow_2=True)
    assert code == 2 and "must be a list of strings" in err, err


# -- file names with line feeds ------------------------------------------------------------------------

name_parts = st.lists(st.sampled_from(["\n", "\r", "\t", "FAKE: ", "x", "\x1b[2J", "\x9b", "é"]), min_size=1, max_size=6)


@FUZZ
@given(parts=name_parts, kind=st.sampled_from(["bad-utf8", "bad-yaml", "ok"]))
def test_ticket_file_names_with_line_feeds(parts, kind, here, capsys):
    _count("file names")
    folder = here / "t"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    name = "".join(parts).replace("/", "_") + ".md"
    data = {"bad-utf8": b"\xff\xfe", "bad-yaml": b"---\nid: [\n---\n",
            "ok": b"---\nid: T-1\ntitle: x\nstatus: done\n---\nbody\n"}[kind]
    (folder / name).write_bytes(data)
    (here / "m\n FAKE.txt").write_text("WIP\n")
    for argv in (["tickets", str(folder)], ["commit-msg", str(here / "m\n FAKE.txt")]):
        code = main(argv)
        out, err = capsys.readouterr()
        _well_behaved(code, out, err, allow_2=True)
        for line in (out + err).splitlines():
            assert not line.lstrip().startswith("FAKE"), (line, out, err)
    assert os.path.exists(folder / name)

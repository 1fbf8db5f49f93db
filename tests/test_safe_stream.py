"""Issue 15 item 3: under GitHub Actions no line custlint writes, of any command or format, on
stdout or stderr, is a workflow command but custlint's own annotations (SECURITY.md section 2).

A generated payload set goes into every untrusted field (titles, bodies, labels, branch names,
author names, file names, ticket ids, metric keys, config values, rule packs) and through every
command and format with GITHUB_ACTIONS=true; the runner simulation (runner_sim.py) reads both
streams.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import GOOD, GitRepo, clean_env, custlint
from custlint.reporters.safe_stream import (
    Report,
    SafeStream,
    UnsafeCommand,
    json_text,
    neutralise,
    printable,
    write_report,
)
from runner_sim import commands

COMMANDS = ["::add-mask::x", "::set-output name=a::b", "##[set-env name=X]y", "::stop-commands::tok"]
LEADS = ["", " ", "\t", "\u00a0", "\u3000", "\u2003", "\ufeff"]
BREAKS = ["\n", "\r", "\r\n", "\u2028", "\x85"]
ONE_LINE = [lead + cmd for lead, cmd in itertools.product(LEADS, COMMANDS)]  # fields that cannot hold a line end
ALL = "".join(br + one for br, one in zip(itertools.cycle(BREAKS), ONE_LINE))  # every payload at a line start
OWN = {"error", "warning", "notice"}
FORMATS = ["text", "json", "sarif", "junit", "gitlab", "github"]
TOKEN = re.compile("[0-9a-f]{32}")


def check(text: str, *, annotations: bool) -> list:
    """The commands the runner would run in ``text``: only custlint's annotations, and its own
    stop-commands fences (a 32-hex token, always closed), none of its annotations silenced."""
    cmds = commands(text)
    fence = None
    for c in cmds:
        if fence is not None:
            assert c.name == fence, (c, text)
            fence = None
        elif c.name == "stop-commands":
            assert TOKEN.fullmatch(c.data), (c, text)
            fence = c.data
        else:
            assert annotations and c.name in OWN, (c, text)
            assert "\n" not in c.line and "\r" not in c.line
    assert fence is None, text
    # every annotation line written is one the runner reads: no fence swallowed any
    written = [ln for ln in text.splitlines() if ln.startswith(("::error", "::warning", "::notice"))]
    assert len(written) == sum(c.name in OWN for c in cmds)
    return cmds


def check_run(r, fmt: str = "text") -> None:
    assert "Traceback" not in r.err and "internal error" not in r.err, r.err
    check(r.out, annotations=fmt == "github")
    check(r.err, annotations=False)
    check(r.out + r.err, annotations=fmt == "github")
    if fmt in ("json", "sarif", "gitlab") and r.out:
        json.loads(r.out)
    if fmt == "junit" and r.out:
        ET.fromstring(r.out.split("\n", 1)[1])


def env(**extra: str) -> dict[str, str]:
    return clean_env(GITHUB_ACTIONS="true", **extra)


# -- the writer itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("payload", ONE_LINE)
@pytest.mark.parametrize("br", BREAKS)
@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_writer_breaks_every_payload_whatever_the_chunks(payload, br, chunk):
    raw = io.StringIO()
    s = SafeStream(raw)
    text = f"custlint: warning: a{br}{payload}{br}b ##[error]c{br}{payload}"
    for i in range(0, len(text), chunk):
        s.write(text[i:i + chunk])
    s.finish()
    assert commands(raw.getvalue()) == []
    # only a word joiner was added (and NEL, a C1 control, is U+FFFD like every other: printable())
    assert raw.getvalue().replace("\u2060", "") == printable(text)


def test_partial_lines_wait_for_their_end():
    raw = io.StringIO()
    s = SafeStream(raw)
    s.write("\u00a0:")
    s.flush()
    assert raw.getvalue() == ""
    s.write(":add-mask::x\n#")
    s.write("#[set-env name=X]y")
    s.finish()
    assert commands(raw.getvalue()) == [] and raw.getvalue().count("\u2060") == 2


def test_only_own_commands_pass_as_trusted():
    raw = io.StringIO()
    s = SafeStream(raw)
    s.write("partial")
    s.command("::error title=T::m %0A::add-mask::x")
    tok = "ab" * 16
    s.command(f"::stop-commands::{tok}")
    s.write("::add-mask::y\n")
    s.command(f"::{tok}::")
    assert [c.name for c in commands(raw.getvalue())] == ["error", "stop-commands", tok]
    assert raw.getvalue().startswith("partial\n::error")  # a command always starts its own line
    for bad in ["::add-mask::x", "::set-output name=a::b", "::error::a\n::add-mask::x", "::error::a\r::add-mask::b",
                "::error::a\u2028::add-mask::b", "::error::##[set-env name=X]y", " ::error::x", "::stop-commands::tok",
                f"::{tok}::", "error::x", "::error", "::debug::x"]:
        with pytest.raises(UnsafeCommand):
            s.command(bad)
    s.command(f"::stop-commands::{tok}")
    with pytest.raises(UnsafeCommand):  # one fence at a time, closed by its own token only
        s.command(f"::stop-commands::{'cd' * 16}")
    with pytest.raises(UnsafeCommand):
        s.command(f"::{'cd' * 16}::")


def test_a_report_is_plain_text_anywhere_but_a_safe_stream():
    rep = Report([(True, "::error::x"), (False, "::add-mask::y\n")])
    assert rep == "::error::x\n::add-mask::y\n"
    raw = io.StringIO()
    write_report(SafeStream(raw), rep)
    assert [c.name for c in commands(raw.getvalue())] == ["error"]
    raw = io.StringIO()
    write_report(SafeStream(raw), str(rep) + "")  # a plain copy loses the marks: nothing runs
    assert commands(raw.getvalue()) == []


def test_json_text_parses_to_the_same_values_and_holds_no_command():
    value = {"k" + ALL: [ALL, "###[x", "\\##[y"]}
    text = json_text(json.dumps(value, indent=2, ensure_ascii=False))
    assert json.loads(text) == value and commands(text) == [] and neutralise(text) == text


# -- every command, every format -----------------------------------------------------------------

def _tickets(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, one in enumerate(ONE_LINE[:8]):
        (folder / f"t{i}.md").write_text(f"---\nid: {one}\ntitle: {one}\nstatus: {one}\nlabels: [{json.dumps(one)}]\n"
                                         f"---\n## Customer problem\n{ALL}\n\n## KPI\n{ALL}\n")
    (folder / "bad\n::stop-commands::tok.md").write_bytes(b"\xff\xfe not utf-8")
    (folder / "bad\r\u00a0::add-mask::x ##[set-env name=X]y.md").write_text("---\nid: [\n---\n")
    gh = [{"number": 7, "title": ALL, "state": "CLOSED", "closedAt": "2026-01-10T09:30:00Z", "body": ALL,
           "labels": [{"name": one} for one in ONE_LINE[:6]]}]
    (folder.parent / "gh.json").write_text(json.dumps(gh))


def _history(repo: GitRepo) -> None:
    repo.commit("Base\n\nRefs #1\nKPI: from 1 to 2 in 2 weeks\n")
    repo.git("checkout", "-q", "-b", "feature")
    for i, one in enumerate(ONE_LINE[:10]):
        repo.commit(f"{one} Status: done\n\n{ALL}\nFixes #1\nRefs {one}\nKPI: {one}\n", author=one,
                    file=f"f{i}\n{one}.txt" if "/" not in one else None)
    repo.commit("docs: ::add-mask::exempt title ##[error]x\n", author="\u00a0::add-mask::x")


def _event(tmp_path: Path) -> Path:
    data = json.loads((Path(__file__).parent / "data" / "github-events" / "pull_request.opened.payload.json").read_text())
    data["pull_request"].update(body=ALL + "\nStatus: done\n", title=ALL)
    data["pull_request"]["labels"] = [{"name": one} for one in ONE_LINE]
    data["pull_request"]["head"]["ref"] = ALL
    data["pull_request"]["base"]["ref"] = "\u00a0::add-mask::base ##[set-env name=X]y"
    data["pull_request"].setdefault("user", {})["login"] = ALL
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return p


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    (root / ".custlint.toml").write_text("")  # no config from further up
    repo = GitRepo(root / "repo")
    _history(repo)
    _tickets(repo.path / "tickets")
    code = repo.path / "code"
    code.mkdir()
    keys = ", ".join(f"{json.dumps(one)}" for one in ONE_LINE)
    (code / "views.py").write_text("from datadog import statsd\n\n\ndef f():\n"
                                   + "".join(f"    statsd.increment({json.dumps(k)})\n" for k in [ALL] + ONE_LINE)
                                   + f"\n\nKEYS = [{keys}]\n")
    (code / "broken\n::stop-commands::tok.py").write_text("def (:\n")
    (code / "bad\u00a0::add-mask::x ##[set-env name=X]y.py").write_bytes(b"\xff\xfe\x00")
    msg = root / "msg.txt"
    msg.write_text(ALL + "\n\nKPI: " + ALL + "\n")
    pack = root / "pack.toml"
    pack.write_text('[[rule]]\ncode = "TM901"\nname = "no-wip"\nprinciple = "done-in-production"\nseverity = "error"\n'
                    'applies-to = ["commit", "pr"]\nkind = "forbidden-pattern"\npattern = \'add-mask|WIP\'\nscope = "text"\n'
                    f'message = {json.dumps(ALL + " {match}")}\nfix = {json.dumps(ALL)}\nwhat = {json.dumps(ALL)}\n'
                    f'why = {json.dumps(ALL)}\n[[rule.examples]]\nvalid = true\ntext = {json.dumps(ALL)}\n'
                    f'[[rule.examples]]\nvalid = false\ntext = {json.dumps("WIP " + ALL)}\n')
    return {"root": root, "repo": repo, "msg": msg, "event": _event(root), "pack": pack}


def _seen(r) -> bool:
    return "add-mask" in r.out + r.err or "add\u2060-mask" in r.out + r.err


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["commit-msg", "commits", "pr", "pr-flags", "tickets", "tickets-export", "code"])
def test_every_command_and_format_under_actions(world, command, fmt):
    repo = world["repo"]
    summary = world["root"] / f"summary-{command}-{fmt}.md"
    e = env(GITHUB_BASE_REF="main", GITHUB_STEP_SUMMARY=str(summary))
    args = {
        "commit-msg": ["commit-msg", str(world["msg"])],
        "commits": ["commits", "--verbose"],
        "pr": ["pr", "--verbose", "--event", str(world["event"])],
        "pr-flags": ["pr", "--body-file", str(world["msg"]), "--title", ALL, "--labels", ",".join(ONE_LINE),
                     "--base", "\u00a0::add-mask::x ##[set-env name=X]y"],
        "tickets": ["tickets", "--verbose", "tickets"],
        "tickets-export": ["tickets", "--from", "github-json", str(repo.path / "gh.json")],
        "code": ["code", "code"],
    }[command]
    if command == "pr":
        e.update(GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(world["event"]))
    r = custlint(*args, "--format", fmt, cwd=repo.path, env=e)
    check_run(r, fmt)
    if command != "tickets-export":  # (the export's findings name the ticket by its number)
        assert _seen(r), (r.out, r.err)  # the payloads did reach the output


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("by", ["author", "path"])
def test_audit_under_actions(world, fmt, by):
    r = custlint("audit", "main..feature", "--by", by, "--format", fmt, "--no-cache", cwd=world["repo"].path, env=env())
    check_run(r, fmt)
    assert r.code in (0, 1) and (by == "path" or _seen(r)), r.err  # (--by path groups by folder)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_kpis_under_actions(world, fmt):
    r = custlint("kpis", "code", "--format", fmt, cwd=world["repo"].path, env=env())
    check_run(r, fmt)
    assert r.code == 0 and _seen(r), r.err


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rules_check_and_listing_under_actions(world, fmt):
    r = custlint("rules", "--check", str(world["pack"]), "--format", fmt, cwd=world["root"], env=env())
    check_run(r)  # (--check writes text whatever the format)
    (world["root"] / ".custlint.toml").write_text('rule-paths = ["pack.toml"]\n')
    r = custlint("rules", "--format", fmt, cwd=world["root"], env=env())
    check_run(r, fmt)
    r = custlint("rule", "TM901", "--format", fmt, cwd=world["root"], env=env())
    check_run(r, fmt)
    assert _seen(r)
    (world["root"] / ".custlint.toml").write_text("")


SHORT = "\n::add-mask::x\r\u00a0::stop-commands::tok\u2028 ##[set-env name=X]y"  # within a file name's 255 bytes


@pytest.mark.parametrize("value", [json.dumps(ALL), json.dumps([SHORT]), json.dumps(SHORT), json.dumps(ONE_LINE)])
@pytest.mark.parametrize("key", ["select", "code-root", "rule-paths", "no-such-key"])
def test_config_values_under_actions(tmp_path, key, value):
    if key in ("code-root", "rule-paths") and ALL in json.loads(value):
        pytest.skip("a path longer than a file name can be is not what this test is about")
    (tmp_path / ".custlint.toml").write_text(f"{key} = {value}\n")
    (tmp_path / "m.txt").write_text(GOOD)
    for args in (["commit-msg", "m.txt"], ["config", "--show"], ["kpis"]):
        r = custlint(*args, cwd=tmp_path, env=env())
        check_run(r, "json" if args[0] == "config" and r.code == 0 else "text")


def test_error_lines_on_stderr_carry_no_legacy_command(tmp_path):
    r = custlint("commit-msg", "nope\n##[set-env name=X]y\r\u00a0::add-mask::x", cwd=tmp_path, env=env())
    assert r.code == 2 and r.err.startswith("custlint: error: ")
    check_run(r)
    r = custlint("commits", "##[set-env name=X]y", cwd=tmp_path, env=env())
    check_run(r)
    r = custlint("no-such\n::add-mask::x", env=env())
    check_run(r)


@pytest.mark.parametrize("fmt", FORMATS)
def test_prfaq_under_actions(tmp_path, fmt):
    (tmp_path / ".custlint.toml").write_text("")
    doc = tmp_path / "p\n::add-mask::x.md"
    doc.write_text(f"# {ALL}\n\n## Customer problem\n{ALL}\n\n## FAQ\n{ALL}\n")
    r = custlint("prfaq", doc.name, "--format", fmt, cwd=tmp_path, env=env())
    check_run(r, fmt)
    assert _seen(r)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_report_merge_under_actions(world, tmp_path, fmt):
    a = tmp_path / "a\n::add-mask::x.json"
    r = custlint("audit", "main..feature", "--format", "json", "--no-cache", "-o", str(a), cwd=world["repo"].path, env=env())
    assert r.code in (0, 1), r.err
    (tmp_path / "broken\r\u00a0::add-mask::y ##[set-env name=X]z.json").write_text("{")
    r = custlint("report", "merge", str(a), "--format", fmt, cwd=tmp_path, env=env())
    check_run(r, fmt)
    assert _seen(r)
    r = custlint("report", "merge", str(a), *tmp_path.glob("broken*"), cwd=tmp_path, env=env())
    check_run(r)


def test_init_under_actions(tmp_path):
    d = tmp_path / "repo\n::add-mask::x ##[set-env name=X]y"
    d.mkdir()
    r = custlint("init", "--dir", str(d), cwd=tmp_path, env=env())
    check_run(r)
    r = custlint("init", "--dir", str(d), cwd=tmp_path, env=env())  # the files are there now
    check_run(r)


def test_the_progress_lines_erase_passes_and_other_escapes_do_not():
    from custlint.reporters.safe_stream import printable

    assert printable("\r\x1b[Kauditing 5/9 commits") == "\r\x1b[Kauditing 5/9 commits"  # audit/progress.py's own
    assert printable("\x1b[1mbold\x1b[0m") == "\x1b[1mbold\x1b[0m"
    # a title change (OSC), a cursor move and an erase of the whole screen stay inert
    assert "\x1b" not in printable("\x1b]0;pwned\x07 \x1b[2J \x1b[10;1H")


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii report",
        "a DEL \x7f in ascii",
        "caf\u00e9 and \u7a4d\u4e39\u5c3c",  # no lead byte 0xc2 or 0xed: the pattern is not run
        "a C1 \x85 control",
        "NBSP \u00a0 shares 0xc2 with the C1 controls",
        "a lone \ud800 surrogate",
        "Hangul \ud55c shares 0xed with the surrogates",
        "\x9f\x80\udfff\x7f",
    ],
)
def test_json_text_escapes_what_the_pattern_finds_with_or_without_the_fast_check(text):
    """json_text runs its pattern only where the UTF-8 bytes could hold DEL, a C1 control or a
    surrogate: the result is the pattern's on every text."""
    import re

    from custlint.reporters import safe_stream

    full = re.compile("[\x7f-\x9f]|[\ud800-\udfff]").sub(safe_stream._json_escape, text)
    assert json_text(text) == full
    assert safe_stream._may_be_unprintable(text) or full == text



def test_json_text_is_the_pattern_s_on_random_text():
    import random
    import re

    from custlint.reporters import safe_stream

    pattern = re.compile("[\x7f-\x9f]|[\ud800-\udfff]")
    rnd = random.Random(18)
    alphabet = "ab \n\x7f\x80\x85\x9f\xa0\xe9\u7a4d\ud55c\ud800\udfff\U0001f600"
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(12)))
        assert json_text(text) == pattern.sub(safe_stream._json_escape, text), repr(text)

"""Issue 15 (low): lone surrogates and control characters in untrusted text never crash a reporter
and never reach stdout, stderr or a file custlint writes raw.

A lone surrogate comes from a file name, argument or variable Python decoded with
``surrogateescape`` (a byte that is no UTF-8) or a ``\\ud800`` escape in a JSON payload; C1
controls (U+009B is a terminal's CSI, U+009D its OSC) come from any text. Both go into every
untrusted field a command reads and through every command and format, with and without GitHub
Actions, and with a terminal that takes ASCII only. The one decision (U+FFFD for each, ``\\u00XX``
inside JSON strings) is ``safe_stream.printable`` / ``json_text``; this checks every byte written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import GitRepo, clean_env
from custlint.reporters.safe_stream import SafeStream, json_text, printable

# what a hostile contributor puts in a field: C1 CSI and OSC sequences, NEL, DEL, a C0 escape, a bell
C1 = ["\x9b31mred\x9b0m", "\x9d0;title\x07", "\x85next", "\x7fdel", "\x1b[2Jclear", "\x90dcs\x9c"]
SURR = ["\ud800", "\udcff", "\udfff\ud800"]  # lone surrogates (the second is a surrogateescape'd 0xff)
PAYLOAD = " ".join(C1 + SURR)  # for JSON payloads, which can carry any of them
FORMATS = ["text", "json", "sarif", "junit", "gitlab", "github"]
BAD_BYTE = b"\xff"  # a file name byte that is no UTF-8: Python names the file with '\udcff'


def bad(text: str) -> list[str]:
    """The characters of ``text`` no output may hold raw."""
    return [c for c in text if "\ud800" <= c <= "\udfff" or "\x7f" <= c <= "\x9f"
            or (c < " " and c not in "\t\n\r")]


def run(*args: str, cwd: Path, env: dict[str, str]) -> tuple[int, bytes, bytes]:
    argv = [sys.executable, "-m", "custlint", *args]
    p = subprocess.run([os.fsencode(a) for a in argv], cwd=cwd, env=env, capture_output=True, timeout=300,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout, p.stderr


def check_bytes(data: bytes, what: str) -> str:
    """``data`` is UTF-8 (strict: no encoded surrogate) holding nothing unprintable; its text."""
    text = data.decode("utf-8")  # raises on a surrogate encoded with surrogatepass, or a stray byte
    assert not bad(text), (what, bad(text)[:5], text[:2000])
    return text


def check_run(code: int, out: bytes, err: bytes, fmt: str, ascii_only: bool = False) -> tuple[str, str]:
    o, e = check_bytes(out, "stdout"), check_bytes(err, "stderr")
    assert "Traceback" not in e and "internal error" not in e, e
    assert code in (0, 1, 2), (code, e)
    if ascii_only:
        assert out.isascii() and err.isascii(), (out[:500], err[:500])
    if fmt in ("json", "sarif", "gitlab") and o.strip():
        check_json(json.loads(o))
    if fmt == "junit" and o.strip():
        ET.fromstring(o.split("\n", 1)[1])
    return o, e


def check_json(value) -> None:
    """A parsed JSON value holds no lone surrogate (it may hold C1 controls: escaped, they are data)."""
    if isinstance(value, dict):
        for k, v in value.items():
            check_json(k)
            check_json(v)
    elif isinstance(value, list):
        for v in value:
            check_json(v)
    elif isinstance(value, str):
        assert not any("\ud800" <= c <= "\udfff" for c in value), value


# -- the one sanitising point ---------------------------------------------------------------------

def test_printable_replaces_each_unprintable_character_and_keeps_the_rest():
    text = "a\tb\nc\r" + "".join(C1 + SURR) + "é ❌ \u2060 \x1b[31mred\x1b[0m"
    out = printable(text)
    assert not bad(out.replace("\x1b[31m", "").replace("\x1b[0m", ""))
    assert out.startswith("a\tb\nc\r") and out.endswith("é ❌ \u2060 \x1b[31mred\x1b[0m")  # colours pass
    assert out.count("\ufffd") == sum(len(bad(p)) for p in C1 + SURR)
    assert printable("\x1b]0;x\x07\x1b[2J\x1bc") == "\ufffd]0;x\ufffd\ufffd[2J\ufffdc"  # only SGR colours pass


def test_json_text_keeps_c1_values_and_replaces_lone_surrogates():
    value = {"k\x9b": ["\x9d0;t\x07", "\x85", "\ud800x", "a\udcffb", "\x7f"]}
    text = json_text(json.dumps(value, ensure_ascii=False))
    assert text.isascii() or not bad(text)
    back = json.loads(text)
    assert back == {"k\x9b": ["\x9d0;t\x07", "\x85", "\ufffdx", "a\ufffdb", "\x7f"]}


@pytest.mark.parametrize("runner", [True, False])
@pytest.mark.parametrize("encoding", ["utf-8", "ascii", "latin-1"])
def test_the_writer_never_raises_whatever_the_terminal_encoding(runner, encoding):
    import io

    raw = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    s = SafeStream(raw, runner=runner)
    s.write("custlint: warning: " + PAYLOAD + " ❌ é\n")
    s.finish()
    data = raw.buffer.getvalue()
    text = data.decode(encoding)
    assert not bad(text) and "warning" in text


# -- every command, every format -------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("unprintable")
    (root / ".custlint.toml").write_text("")
    repo = GitRepo(root / "repo")
    repo.commit("Base\n\nRefs #1\nKPI: from 1 to 2 in 2 weeks\n")
    repo.git("checkout", "-q", "-b", "feature")
    for one in C1:
        repo.commit(f"{one} Status: done\n\n{one}\nFixes #1\nKPI: {one}\n", author=f"A{one}")
    # a file name byte that is no UTF-8, in a commit (audit --by path) and in the ticket and code folders
    p = repo.path
    (Path(os.fsdecode(bytes(p) + b"/f" + BAD_BYTE + b".txt"))).write_text("x\n")
    repo.git("add", "-A")
    repo.commit("Ship it \x9b31m\n\nFixes #1\n")
    tickets = p / "tickets"
    tickets.mkdir()
    for i, one in enumerate(C1):
        (tickets / f"t{i}.md").write_text(f"---\nid: T-{i}\ntitle: {json.dumps(one)}\nstatus: done\n---\n"
                                          f"## Customer problem\n{one}\n\n## KPI\n{one}\n")
    Path(os.fsdecode(bytes(tickets) + b"/bad" + BAD_BYTE + b"\x9b.md")).write_bytes(b"---\nid: [\n---\n")
    Path(os.fsdecode(bytes(tickets) + b"/enc" + BAD_BYTE + b".md")).write_bytes(b"\xff\xfe not utf-8")
    gh = [{"number": 7, "title": PAYLOAD, "state": "CLOSED", "closedAt": "2026-01-10T09:30:00Z", "body": PAYLOAD,
           "labels": [{"name": one} for one in SURR + C1]}]
    (p / "gh.json").write_text(json.dumps(gh))  # ensure_ascii: the surrogates are \u escapes, as an API sends them
    code = p / "code"
    code.mkdir()
    (code / "views.py").write_text("from datadog import statsd\n\n\ndef f():\n"
                                   + "".join(f"    statsd.increment({json.dumps(k)})\n" for k in C1 + ["ok"]))
    Path(os.fsdecode(bytes(code) + b"/broken" + BAD_BYTE + b".py")).write_text("def (:\n")
    msg = root / "msg.txt"
    msg.write_text(" ".join(C1) + "\n\nStatus: done\nFixes #1\n" + "\n".join(C1) + "\n")
    event = json.loads((Path(__file__).parent / "data" / "github-events" / "pull_request.opened.payload.json").read_text())
    pr = event["pull_request"]
    pr.update(title=PAYLOAD, body=PAYLOAD + "\nStatus: done\nFixes #1\n")
    pr["labels"] = [{"name": one} for one in SURR + C1]
    pr["head"]["ref"] = PAYLOAD
    pr["base"]["ref"] = "main\x9b" + SURR[0]
    (root / "event.json").write_text(json.dumps(event))
    pack = root / "pack.toml"
    pack.write_text('[[rule]]\ncode = "TM901"\nname = "no-wip"\nprinciple = "done-in-production"\nseverity = "error"\n'
                    'applies-to = ["commit", "pr"]\nkind = "forbidden-pattern"\npattern = \'done\'\nscope = "text"\n'
                    'message = "\\u009b31m{match}\\u009d"\nfix = "\\u0085x"\nwhat = "w\\u009b"\nwhy = "y"\n'
                    '[[rule.examples]]\nvalid = true\ntext = "Ready \\u009b"\n'
                    '[[rule.examples]]\nvalid = false\ntext = "done \\u009d"\n')
    config = root / "custlint.toml"
    config.write_text(f'rule-paths = ["{pack}"]\n')
    return {"root": root, "repo": repo, "msg": msg, "event": root / "event.json", "pack": pack, "config": config}


def _args(world, command: str) -> list[str]:
    repo = world["repo"]
    return {
        "commit-msg": ["commit-msg", str(world["msg"])],
        "commits": ["commits", "main..feature", "--verbose"],
        "pr": ["pr", "--verbose", "--event", str(world["event"])],
        "pr-flags": ["pr", "--body-file", str(world["msg"]), f"--title={C1[0]}\udcff", f"--labels={C1[1]},\udcff",
                     "--base", "main\udcff"],
        "tickets": ["tickets", "--verbose", "tickets"],
        "tickets-export": ["tickets", "--from", "github-json", str(repo.path / "gh.json")],
        "code": ["code", "code"],
    }[command]


@pytest.mark.parametrize("actions", [False, True])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", ["commit-msg", "commits", "pr", "pr-flags", "tickets", "tickets-export", "code"])
def test_every_command_and_format(world, command, fmt, actions):
    summary = world["root"] / f"summary-{command}-{fmt}-{actions}.md"
    env = clean_env(GITHUB_STEP_SUMMARY=str(summary), CUSTLINT_EXTRA="1")
    if actions:
        env.update(GITHUB_ACTIONS="true")
    if command == "pr":
        env.update(GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(world["event"]))
    args = [*_args(world, command), "--config", str(world["config"]), "--format", fmt]
    code, out, err = run(*args, cwd=world["repo"].path, env=env)
    o, e = check_run(code, out, err, fmt)
    assert code in (0, 1) or command == "tickets", e
    if command != "tickets-export" or fmt == "text":  # (the export's other findings name the ticket by number)
        assert any(s in o + e for s in ("\ufffd", "\\ufffd", "\\u009b", "\\u0085", "\\xff")), (o, e)  # the payloads reached the output
    if summary.exists():
        check_bytes(summary.read_bytes(), "job summary")
    report = world["root"] / f"report-{command}-{fmt}.out"
    code2, out2, err2 = run(*args, "-o", str(report), cwd=world["repo"].path, env=env)
    check_run(code2, out2, err2, fmt)
    check_run(code2, report.read_bytes(), b"", fmt)


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_a_terminal_that_takes_ascii_only(world, fmt):
    env = clean_env(PYTHONIOENCODING="ascii", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(world["event"]))
    code, out, err = run("pr", "--verbose", "--event", str(world["event"]), "--format", fmt, cwd=world["repo"].path,
                         env=env)
    check_run(code, out, err, fmt, ascii_only=True)
    assert code == 1


@pytest.mark.parametrize("actions", [False, True])
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
@pytest.mark.parametrize("by", ["author", "path"])
def test_audit(world, fmt, by, actions):
    env = clean_env(**({"GITHUB_ACTIONS": "true"} if actions else {}))
    html = world["root"] / f"audit-{by}-{actions}.html"
    args = ["audit", "main..feature", "--by", by, "--no-cache", "--no-tickets"]
    args += ["--html", str(html)] if fmt == "html" else ["--format", fmt]
    code, out, err = run(*args, cwd=world["repo"].path, env=env)
    o, e = check_run(code, out, err, fmt)
    assert code in (0, 1), e
    if fmt == "html":
        check_bytes(html.read_bytes(), "audit html")
    else:
        assert "\ufffd" in o or "\\u009b" in o or by == "path", o


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_kpis(world, fmt):
    code, out, err = run("kpis", "code", "--format", fmt, cwd=world["repo"].path, env=clean_env())
    o, _ = check_run(code, out, err, fmt)
    assert code == 0 and ("\ufffd" in o or "\\u009b" in o), o


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rules_and_rule(world, fmt):
    for args in (["rules"], ["rule", "TM901"]):
        code, out, err = run(*args, "--config", str(world["config"]), "--format", fmt, cwd=world["root"],
                             env=clean_env())
        o, _ = check_run(code, out, err, fmt)
        assert code == 0, err
        if fmt == "json" or args[0] == "rule":  # (the text listing shows no rule's prose)
            assert "\ufffd" in o or "\\u009b" in o, o


def test_error_lines_quote_an_undecodable_argument(world):
    code, out, err = run("commit-msg", "nope\udcff\x9b.txt", cwd=world["root"], env=clean_env())
    _, e = check_run(code, out, err, "text")
    assert code == 2 and e.startswith("custlint: error: ") and e.count("\n") == 1, e


def test_printable_s_shortcut_replaces_what_the_pattern_replaces_for_every_code_point():
    """A text printable but for its line ends and tabs is returned as it is, without the pattern: for
    each code point alone, beside a colour's ESC and between line ends, the answer is the pattern's."""
    import re

    from custlint.reporters import safe_stream

    printable("\x00")  # the pattern compiled
    pattern = safe_stream._UNPRINTABLE
    assert isinstance(pattern, re.Pattern)
    wrong = []
    for cp in range(0x110000):
        c = chr(cp)
        for text in (c, "\n" + c + "\t\r", c + "[0m"):
            if printable(text) != pattern.sub("\ufffd", text):
                wrong.append(hex(cp))
    assert wrong == []

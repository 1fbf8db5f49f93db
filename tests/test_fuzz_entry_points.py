"""Issue 8: property tests over every parser and CLI entry point.

For any bytes or structured-but-wrong input: no traceback and no "internal error"; exit 0 or 1 for
any text, 2 only for a user's mistake said in one line; the same input gives the same output; no
line of stdout or stderr that the GitHub runner would take as a workflow command, unless custlint
wrote it as one.

The quick suite runs CUSTLINT_FUZZ_EXAMPLES (default 20) examples per test; the fuzz job
(`make fuzz`, bench/fuzz.py) runs thousands per test, in this process, and counts them in COUNTS.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from custlint.cli import main
from runner_sim import commands

EXAMPLES = int(os.environ.get("CUSTLINT_FUZZ_EXAMPLES", "20"))
settings.register_profile("custlint-fuzz", max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                          suppress_health_check=list(HealthCheck), print_blob=True)
FUZZ = settings(settings.get_profile("custlint-fuzz"))
COUNTS: dict[str, int] = {}  # generated inputs run, per test (bench/fuzz.py reports the sum)
OURS = {"error", "warning", "notice", "stop-commands"}

# -- strategies -----------------------------------------------------------------------------

WORDS = ["Fixes", "closes", "#12", "SHOP-7", "#done", "KPI:", "Customer-Problem:", "## KPI", "## Customer problem",
         "- [x] Done", "Status: done", "<!--", "-->", "```", "~~~", "> ", "::error::x", "::add-mask::x", "##[error]",
         "%0A", "\r\n", "\n", "\t", "Custlint-Skip:", "Signed-off-by: a <b>", "fixup! ", "Revert \"", "Merge ",
         "https://github.com/o/r/issues/3", "o/r#4", "http://", "a/", "a.", "TBD", "N/A", "\ufeff", "\x00", "\u2028",
         "# ------------------------ >8 ------------------------", "feat(x)!: ", "**KPI:**", "===", "---", "  - "]
texty = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=30).map("".join)
any_text = st.one_of(texty, st.text(max_size=300))
any_bytes = st.one_of(st.binary(max_size=300), any_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                      any_text.map(lambda t: t.encode("latin-1", "replace")))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["pull_request", "merge_group", "repository", "title", "body", "labels", "name", "draft",
                         "base", "ref", "head", "sha", "user", "type", "login", "number", "full_name", "head_ref",
                         "base_ref", "head_sha", "html_url"]) | st.text(max_size=5),
        children, max_size=6),
    max_leaves=20)


def _count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


def _run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _well_behaved(code: int, out: str, err: str, *, allow_2: bool, where: str = "") -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in ((0, 1, 2) if allow_2 else (0, 1)), (code, err)
    if code == 2:
        assert err.startswith("custlint: error: "), err
        assert where in err
    for line in err.splitlines():  # every diagnostic line is custlint's own: nothing injected at a line start
        assert line.startswith("custlint") or not line.strip(), line
    for c in commands(out + err):
        assert c.name in OURS or len(c.name) == 32, c  # 32 hex: the stop-commands token


@pytest.fixture
def here(tmp_path_factory, monkeypatch):
    d = tmp_path_factory.mktemp("fuzz")
    (d / ".custlint.toml").write_text("")
    monkeypatch.chdir(d)
    for var in [v for v in os.environ if v.startswith(("GITHUB_", "GITLAB_", "CI_", "JIRA_"))] + ["CI"]:
        monkeypatch.delenv(var, raising=False)
    return d


# -- CLI entry points ---------------------------------------------------------------------------

@FUZZ
@given(raw=any_bytes)
def test_commit_msg_any_bytes(raw, here, capsys):
    _count("commit-msg")
    f = here / "COMMIT_EDITMSG"
    f.write_bytes(raw)
    first = _run(["commit-msg", str(f), "--format", "json"], capsys)
    _well_behaved(*first, allow_2=False)
    assert f.read_bytes() == raw  # the hook never changes the file
    assert _run(["commit-msg", str(f), "--format", "json"], capsys) == first  # same input, same output


@FUZZ
@given(raw=any_bytes, fmt=st.sampled_from(["text", "github", "sarif", "junit", "gitlab"]))
def test_commit_msg_every_format(raw, fmt, here, capsys, monkeypatch):
    _count("commit-msg formats")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(here / "summary.md"))
    f = here / "COMMIT_EDITMSG"
    f.write_bytes(raw)
    _well_behaved(*_run(["commit-msg", str(f), "--format", fmt], capsys), allow_2=False)


@FUZZ
@given(body=any_text, title=any_text, labels=st.lists(any_text, max_size=3), base=st.sampled_from(["", "main", "release"]))
def test_pr_body_file_any_text(body, title, labels, base, here, capsys):
    _count("pr --body-file")
    f = here / "body.md"
    f.write_text(body, encoding="utf-8", errors="surrogatepass") if "\ud800" not in body else f.write_bytes(b"")
    # --title=VALUE: a title that starts with '-' is otherwise taken for an option (argparse, exit 2)
    argv = ["pr", "--body-file", str(f), f"--title={title}", f"--labels={','.join(labels)}", "--format", "json"]
    if base:
        argv += ["--base", base]
    first = _run(argv, capsys)
    _well_behaved(*first, allow_2=first[0] == 2 and "UTF-8" in first[2])
    assert _run(argv, capsys) == first


@FUZZ
@given(raw=any_bytes)
def test_pr_body_file_any_bytes(raw, here, capsys):
    _count("pr --body-file bytes")
    f = here / "body.md"
    f.write_bytes(raw)
    code, out, err = _run(["pr", "--body-file", str(f), "--title", "t", "--format", "json"], capsys)
    try:
        raw.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    _well_behaved(code, out, err, allow_2=not utf8, where="not UTF-8")


@FUZZ
@given(payload=json_values, event=st.sampled_from(["pull_request", "pull_request_target", "merge_group", "push", ""]))
def test_pr_event_payload_structured_but_wrong(payload, event, here, capsys, monkeypatch):
    _count("pr --event")
    f = here / "event.json"
    f.write_text(json.dumps(payload))
    monkeypatch.setenv("GITHUB_EVENT_NAME", event)
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(f))
    first = _run(["pr", "--format", "json"], capsys)
    _well_behaved(*first, allow_2=True)
    assert _run(["pr", "--format", "json"], capsys) == first


@FUZZ
@given(payload=json_values)
def test_pr_event_shaped_like_a_pull_request(payload, here, capsys):
    # found: {"labels": true} was an internal error (TypeError) before issue 8
    _count("pr --event pull_request")
    pr = {"number": 3, "title": "t", "body": None, "labels": [], "base": {"ref": "main"}, "user": {"type": "User"}}
    if isinstance(payload, dict):
        pr.update(payload)
    f = here / "event.json"
    f.write_text(json.dumps({"pull_request": pr, "repository": {"full_name": "o/r"}}))
    _well_behaved(*_run(["pr", "--event", str(f), "--format", "json"], capsys), allow_2=True)


@FUZZ
@given(env=st.dictionaries(st.sampled_from(["CI_MERGE_REQUEST_TITLE", "CI_MERGE_REQUEST_DESCRIPTION", "CI_MERGE_REQUEST_LABELS",
                                            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "CI_MERGE_REQUEST_DRAFT",
                                            "CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED", "CI_PROJECT_PATH"]),
                           any_text.map(lambda t: t.replace("\x00", "")), max_size=7))
def test_gitlab_merge_request_variables(env, here, capsys, monkeypatch):
    _count("pr gitlab")
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("CI_MERGE_REQUEST_IID", "7")
    for k, v in env.items():
        try:
            monkeypatch.setenv(k, v)
        except ValueError:  # a value the OS cannot hold in the environment
            return
    code, out, err = _run(["pr", "--format", "json"], capsys)
    _well_behaved(code, out, err, allow_2=code == 2 and "GitLab cut the MR description" in err)


@FUZZ
@given(raw=any_bytes, fence=st.sampled_from(["---", "+++", ""]), front=any_text)
def test_ticket_files(raw, fence, front, here, capsys):
    _count("tickets")
    folder = here / "tickets"
    folder.mkdir(exist_ok=True)
    (folder / "T-1.md").write_bytes(f"{fence}\n{front}\n{fence}\n".encode("utf-8", "surrogatepass") + raw if fence else raw)
    code, out, err = _run(["tickets", str(folder), "--format", "json"], capsys)
    _well_behaved(code, out, err, allow_2=True, where="T-1.md")


@FUZZ
@given(items=st.lists(json_values, max_size=4) | json_values, source=st.sampled_from(["github-json", "jira-json"]))
def test_ticket_exports(items, source, here, capsys):
    _count("tickets exports")
    f = here / "export.json"
    f.write_text(json.dumps(items))
    _well_behaved(*_run(["tickets", "--from", source, str(f), "--format", "json"], capsys), allow_2=True, where="export.json")


@FUZZ
@given(toml=texty | st.text(max_size=200))
def test_any_config_file(toml, here, capsys):
    _count("config")
    cfg = here / "c.toml"
    cfg.write_text(toml, encoding="utf-8", errors="surrogatepass") if "\ud800" not in toml else cfg.write_bytes(b"\xff")
    msg = here / "m.txt"
    msg.write_text("Add x\n\nRefs SHOP-1\n")
    _well_behaved(*_run(["commit-msg", str(msg), "--config", str(cfg)], capsys), allow_2=True)


@FUZZ
@given(pattern=st.text(alphabet="ab\\w+*?()[]{}|^$.-:0123,!=<>", max_size=16),
       kind=st.sampled_from(["forbidden-pattern", "required-pattern"]), text=any_text)
def test_user_rule_packs(pattern, kind, text, here, capsys):
    _count("rule packs")
    rules = here / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "team.toml").write_text(
        f'[[rule]]\ncode = "TM901"\nname = "team-rule"\nprinciple = "working-backwards"\nkind = "{kind}"\n'
        f"pattern = {json.dumps(pattern)}\nmessage = \"m\"\nwhat = \"w\"\nwhy = \"y\"\n"
        '[[rule.examples]]\nvalid = true\ntext = "a"\n[[rule.examples]]\nvalid = false\ntext = "b"\n')
    (here / ".custlint.toml").write_text('rule-paths = ["rules"]\n')
    try:
        msg = here / "m.txt"
        msg.write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text else msg.write_bytes(b"")
        code, out, err = _run(["commit-msg", str(msg), "--format", "json"], capsys)
        _well_behaved(code, out, err, allow_2=True, where="team.toml: rule TM901")
    finally:
        (here / ".custlint.toml").write_text("")


@FUZZ
@given(argv=st.lists(st.sampled_from(["commit-msg", "commits", "pr", "tickets", "rules", "rule", "config", "code", "kpis",
                                      "--format", "json", "--select", "--ignore", "XX999", "CP", "--title", "-", "--from",
                                      "--exit-zero", "-v", "--output", "--body-file", "nope", "--jobs", "0", "init", "--help"])
                     | st.text(max_size=8), max_size=5))
def test_any_command_line(argv, here, capsys):
    _count("argv")
    if "init" in argv or "-" in argv or "--output" in argv:
        return  # init writes files by design; stdin is not a fuzz target; --output writes where it is told
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's --help: prints the help and exits 0
        code = exc.code
        assert code == 0 and "--help" in argv or "-h" in argv, argv
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    assert code in (0, 1, 2), (argv, code)
    if code == 2 and err:
        assert err.startswith(("custlint: error: ", "usage: custlint")) and len(err.strip().splitlines()) == 1, (argv, err)


# -- parsers --------------------------------------------------------------------------------------

@FUZZ
@given(text=any_text, comment=st.sampled_from(["#", ";", "%"]))
def test_message_parser(text, comment):
    _count("message")
    from custlint.document.message import commit_document

    doc = commit_document(text, subject="x", comment_char=comment)
    assert "\n" not in doc.title
    assert all(1 <= t.line for t in doc.trailers)
    assert doc.line_map and all(n >= 1 for n in doc.line_map)
    again = commit_document(text, subject="x", comment_char=comment)
    assert (again.title, again.body, [(t.key, t.value, t.line) for t in again.trailers]) == \
           (doc.title, doc.body, [(t.key, t.value, t.line) for t in doc.trailers])


@FUZZ
@given(text=any_text)
def test_references_and_done_claims(text):
    _count("refs and claims")
    from custlint.analysis.analyzer import analyze
    from custlint.analysis.done import find_done_claims
    from custlint.document.message import commit_document
    from custlint.document.refs import find_refs

    lines = text.count("\n") + 1
    refs = find_refs(text)
    assert all(1 <= r.line <= lines for r in refs)
    assert all(r.text in text for r in refs)
    doc = commit_document(text, subject="x", strip_comments=False)
    claims = analyze(doc).memo("done_claims", find_done_claims)
    assert all(0 <= c.line <= doc.text.count("\n") + 1 for c in claims)


@FUZZ
@given(text=any_text)
def test_github_escaping_is_one_line(text):
    _count("github escaping")
    from custlint.reporters.github import command

    line = command("error", text, title=text, file=text)
    assert "\n" not in line and "\r" not in line
    assert [c.name for c in commands(line)] == ["error"]


@FUZZ
@given(cache=any_bytes | json_values.map(lambda v: json.dumps(v).encode())
       | st.dictionaries(st.sampled_from(["SHOP-1", "#2"]) | any_text, json_values, max_size=4).map(
           lambda t: json.dumps({"version": 1, "tickets": t, "written": "2026-01-01T00:00:00Z"}).encode()))
def test_ticket_cache_read_by_the_hook(cache, here, capsys):
    # the hook reads a cache file anyone's tooling may have left broken: it warns, it never crashes
    _count("ticket cache")
    (here / ".custlint.toml").write_text('[tickets]\nsource = "github-json"\n')
    try:
        (here / ".custlint").mkdir(exist_ok=True)
        (here / ".custlint" / "tickets.json").write_bytes(cache)
        msg = here / "m.txt"
        msg.write_text("Show windows\n\nRefs SHOP-1 and #2\n")
        _well_behaved(*_run(["commit-msg", str(msg)], capsys), allow_2=False)
    finally:
        (here / ".custlint.toml").write_text("")


@FUZZ
@given(lines=st.lists(any_bytes | json_values.map(lambda v: json.dumps(v).encode()), max_size=5))
def test_deploy_log_lines(lines, tmp_path_factory):
    _count("deploy log")
    from custlint.analysis.evidence import read_deploy_log

    p = tmp_path_factory.mktemp("log") / "deploys.jsonl"
    p.write_bytes(b"\n".join(lines))
    records, bad = read_deploy_log(str(p))
    assert all(isinstance(r.sha, str) for r in records) and all(isinstance(b, str) and "\n" not in b for b in bad)

"""--format github: annotations, the job summary, and untrusted text that never becomes a command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GitRepo, clean_env, custlint
from custlint.reporters.github import command, escape_data, escape_property
from runner_sim import commands

EVENTS = Path(__file__).parent / "data" / "github-events"

ATTACKS = [
    "::add-mask::hunter2",
    "::set-output name=approved::true",
    "   ::error file=x.py,line=1::forged error",
    "\t::warning::tabbed",
    "look %0A::warning::smuggled",
    "##[error]legacy command",
    "text then ##[add-mask]secret in the middle",
    "::stop-commands::abc",
    "carriage\r::notice::return",
    "sep\u2028::error::unicode line separator",
]
ALLOWED = {"error", "warning", "notice"}


def test_escaping_rules():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    line = command("error", "x\n::add-mask::y", file="a,b.md", line="1", title="T:1")
    assert line == "::error file=a%2Cb.md,line=1,title=T%3A1::x%0A::add-mask::y"


def _attack_body() -> str:
    lines = ["Refs #1", "Customer-Problem: shoppers", "KPI: TBD"]
    lines += [f"Status: Done {a}" for a in ATTACKS]
    lines += ATTACKS
    return "\n".join(lines)


def _event(tmp_path: Path, body: str, title: str) -> Path:
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"].update(body=body, title=title)
    data["pull_request"]["labels"] = [{"name": "done"}, {"name": "::add-mask::label"}]
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return p


def _check_no_injection(text: str, token_ok: bool = True) -> list:
    cmds = commands(text)
    names = {c.name for c in cmds}
    stops = [c.data for c in cmds if c.name == "stop-commands"]
    allowed = ALLOWED | {"stop-commands"} | {s.lower() for s in stops}
    assert names <= allowed, f"runner would run {names - allowed}:\n{text}"
    for c in cmds:
        if c.name in ALLOWED:
            assert "\n" not in c.line and "\r" not in c.line
    return cmds


@pytest.mark.parametrize("verbose", [(), ("--verbose",)])
def test_pr_body_and_title_cannot_inject_commands(tmp_path, verbose):
    summary = tmp_path / "summary.md"
    p = _event(tmp_path, _attack_body(), "Windows ::add-mask::title ##[error]x")
    r = custlint("pr", *verbose, cwd=tmp_path, env=clean_env(
        GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(p), GITHUB_STEP_SUMMARY=str(summary)))
    assert r.code == 1
    cmds = _check_no_injection(r.out)
    _check_no_injection(r.err)
    errors = [c for c in cmds if c.name in ALLOWED]
    # the attack text is still reported, as data inside annotations
    assert sum("Status: Done" in c.data for c in errors) == len(ATTACKS)
    assert any("::add-mask::hunter2" in c.data for c in errors)
    assert any(c.props.get("title", "").startswith("DP305 done-status-before-production") for c in errors)
    assert any("'done'" in c.data and c.props["title"].startswith("DP303") for c in errors)
    md = summary.read_text()
    assert "custlint pr" in md and "DP305" in md
    assert "<script" not in md and "\n::" not in md and "@" not in md.replace("@\u2060", "")


def test_commit_messages_cannot_inject_commands(repo: GitRepo):
    repo.commit("Base\n\nRefs #1\nKPI: from 1 to 2 in 2 weeks\n")
    repo.git("checkout", "-q", "-b", "feature")
    for a in ATTACKS:
        repo.commit(f"Status: done {a}\n\n{a}\nFixes #1\nRefs #1\nKPI: TBD\n")
    repo.commit("docs: ::add-mask::exempt title ##[error]x\n")
    r = custlint("commits", "--verbose", cwd=repo.path, env=clean_env(GITHUB_ACTIONS="true", GITHUB_BASE_REF="main"))
    assert r.code == 1
    cmds = _check_no_injection(r.out)
    assert sum(1 for c in cmds if c.name == "error") >= len(ATTACKS)
    # text format under Actions is fenced off with stop-commands as a whole
    r = custlint("commits", "--format", "text", cwd=repo.path, env=clean_env(GITHUB_ACTIONS="true", GITHUB_BASE_REF="main"))
    cmds = _check_no_injection(r.out)
    assert [c.name for c in cmds][0] == "stop-commands" and "Status: done" in r.out


def test_github_is_the_default_format_under_actions(tmp_path):
    f = tmp_path / "b.md"
    f.write_text("Fixes #3\n")
    env = clean_env(GITHUB_ACTIONS="true")
    r = custlint("pr", "--body-file", str(f), "--title", "x", cwd=tmp_path, env=env)
    assert r.out.startswith("::error title=") and r.code == 1
    r = custlint("pr", "--body-file", str(f), "--title", "x", cwd=tmp_path)
    assert not r.out.startswith("::") and "error DP301" in r.out


def test_annotation_levels_and_summary_when_clean(tmp_path):
    f = tmp_path / "b.md"
    f.write_text("Refs SHOP-1\n\n- [x] Done\n")
    summary = tmp_path / "s.md"
    summary.write_text("earlier step\n")
    r = custlint("pr", "--body-file", str(f), "--title", "x", "--format", "github", cwd=tmp_path,
                 env=clean_env(GITHUB_STEP_SUMMARY=str(summary)))
    assert r.code == 0  # a warning does not fail the gate
    [c] = [c for c in commands(r.out) if c.name != "stop-commands"]
    assert c.name == "warning" and c.props["title"].startswith("DP304") and "description line 3" in c.data
    assert summary.read_text().startswith("earlier step\n")  # appended, never overwritten
    assert "⚠️" in summary.read_text()


def test_summary_is_capped_for_huge_ranges():
    from custlint.engine.findings import Finding, Result
    from custlint.reporters import ReportInfo
    from custlint.reporters.github import MAX_ROWS, markdown

    f = Finding("CP101", "customer-problem-missing", "customer-problem", "error", "m", "commit", "a" * 40)
    text = markdown(Result(findings=[f] * (MAX_ROWS + 5), checked=MAX_ROWS + 5), ReportInfo(command="commits"))
    assert text.count("| ❌ |") == MAX_ROWS and "and 5 more" in text

"""GitHub (`gh issue list --json`) and Jira (REST search) exports, and Atlassian Document Format."""

from __future__ import annotations

import json

from conftest import custlint
from custlint.sources.tickets.adf import to_text
from custlint.sources.tickets.exports import github_ticket, jira_ticket
from tickets_helpers import DATA


def by_subject(run):
    out: dict[str, set[str]] = {}
    for f in run.json()["findings"]:
        out.setdefault(f["subject"], set()).add(f["rule"])
    return out


def test_github_export_is_judged_with_ticket_ids(tmp_path):
    r = custlint("tickets", "--from", "github-json", str(DATA / "gh-issues.json"), "--format", "json", cwd=tmp_path)
    # #41 is closed (done) and there is no git repository: its verdict is unknown, never a pass
    # #41 is a feature with no PR-FAQ (WB401), #43 a bug that says nothing of the customers it hurt (CR3xx)
    assert by_subject(r) == {"#41": {"TK301", "WB401"}, "#42": {"CP101", "KP201"},
                             "#43": {"CP102", "KP201", "CR301", "CR303"}}
    tk = next(f for f in r.json()["findings"] if f["rule"] == "TK301")
    assert "#41 is marked done since 2026-01-10T09:30:00Z" in tk["message"] and "unknown" in tk["message"]
    assert r.code == 1


def test_github_shapes():
    t = github_ticket(json.loads((DATA / "gh-issues.json").read_text())[2], "x", "gh")
    assert (t.id, t.status, t.type, t.done_at) == ("#43", "closed (not planned)", "bug", "2026-01-12T10:00:00Z")
    rest = github_ticket(json.loads((DATA / "github-rest-issue.json").read_text()), "x", "gh")  # the REST API's shape
    assert rest.id == "#1" and rest.status == "open" and rest.title == "Spelling error in the README file"
    assert github_ticket({"number": 5, "title": "x", "state": "OPEN", "closedAt": "0001-01-01T00:00:00Z"}, "x", "g").done_at == ""


def test_jira_export_plain_and_adf(tmp_path):
    r = custlint("tickets", "--from", "jira-json", str(DATA / "jira-search.json"), "--format", "json", cwd=tmp_path)
    got = by_subject(r)
    assert got["SHOP-3"] == {"KP202"}
    assert got["SHOP-4"] == {"CP101", "KP201", "CR301", "CR303"}  # a bug that says nothing of whom it hurt
    assert got["SHOP-2"] == {"TK301"}  # ADF headings read as sections; done by status category although named otherwise
    assert r.code == 1


def test_jira_status_category_decides_done():
    data = json.loads((DATA / "jira-search.json").read_text())
    t = jira_ticket(data["issues"][0], "j")
    assert t.is_done(["done"]) and t.status == "Released to customers" and t.type == "story"
    assert t.done_at == "2026-01-15T10:00:00Z"
    assert not jira_ticket(data["issues"][1], "j").is_done(["in progress"])
    wont = data["issues"][0]
    wont["fields"]["resolution"] = {"name": "Won't Do"}
    t = jira_ticket(wont, "j")
    assert not t.is_done(["done"]) and t.status == "Released to customers (Won't Do)"


def test_adf_to_text():
    adf = json.loads((DATA / "jira-search.json").read_text())["issues"][0]["fields"]["description"]
    text = to_text(adf)
    assert "## Customer problem\n\nRiders miss pickups because the app shows the old address." in text
    assert "## KPI\n\n- Missed pickups from 4% to 1% within 30 days" in text
    assert "```text\n## KPI\nnot a heading\n```" in text
    odd = {"type": "doc", "content": [{"type": "mystery", "content": [{"type": "text", "text": "kept"}]},
                                      {"type": "paragraph", "content": [{"type": "mention", "attrs": {"text": "@Ann"}},
                                                                        {"type": "hardBreak"}, {"type": "text", "text": "hi",
                                                                        "marks": [{"type": "link", "attrs": {"href": "https://x.test"}}]}]},
                                      {"type": "table", "content": [{"type": "tableRow", "content": [
                                          {"type": "tableCell", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "a"}]}]},
                                          {"type": "tableCell", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "b"}]}]}]}]},
                                      "junk", 5, None]}
    assert to_text(odd) == "kept\n@Ann\nhi (https://x.test)\n\n| a | b |\n\njunk"
    assert to_text("plain") == "plain" and to_text(None) == ""


def test_wrong_shape_and_malformed_exports_are_exit_2(tmp_path):
    (tmp_path / "obj.json").write_text('{"items": []}')
    r = custlint("tickets", "--from", "github-json", "obj.json", cwd=tmp_path)
    assert r.code == 2 and "obj.json: not a GitHub issues export" in r.err and "gh issue list" in r.err
    r = custlint("tickets", "--from", "jira-json", "obj.json", cwd=tmp_path)
    assert r.code == 2 and "obj.json: not a Jira search response" in r.err
    (tmp_path / "bad.json").write_text('[{"number": 1,')
    r = custlint("tickets", "--from", "github-json", "bad.json", cwd=tmp_path)
    assert r.code == 2 and "bad.json: not valid JSON" in r.err
    r = custlint("tickets", "--from", "jira-json", "missing.json", cwd=tmp_path)
    assert r.code == 2 and "Jira search export file not found: missing.json" in r.err
    r = custlint("tickets", "--from", "jira-json", cwd=tmp_path)
    assert r.code == 2 and "needs the export FILE" in r.err


def test_one_bad_entry_names_it_and_the_rest_are_judged(tmp_path):
    items = [{"number": 1, "title": "ok", "body": "Customer problem: buyers wait\nKPI: wait under 2 s by June", "state": "OPEN"},
             {"number": 2, "body": "no title", "state": "OPEN"}, "junk"]
    (tmp_path / "gh.json").write_text(json.dumps(items))
    r = custlint("tickets", "--from", "github-json", "gh.json", "--format", "json", cwd=tmp_path)
    assert r.code == 2
    assert "gh.json: issue #2: no 'title'" in r.err and "gh.json: issue entry 3" in r.err
    assert r.json()["summary"]["checked"] == 1
    jira = {"issues": [{"key": "A-1", "fields": {"summary": "s", "description": 5}}, {"key": "A-2"}]}
    (tmp_path / "j.json").write_text(json.dumps(jira))
    r = custlint("tickets", "--from", "jira-json", "j.json", cwd=tmp_path)
    assert r.code == 2 and "A-1: 'description' must be text" in r.err and "A-2 has no 'fields'" in r.err


def test_source_and_export_from_config_and_refresh(tmp_path):
    import shutil

    shutil.copy(DATA / "jira-search.json", tmp_path / "search.json")
    (tmp_path / ".custlint.toml").write_text('[tickets]\nsource = "jira-json"\nexport = "search.json"\n')
    r = custlint("tickets", "--format", "json", cwd=tmp_path)
    assert r.json()["summary"]["checked"] == 3
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    cache = json.loads((tmp_path / ".custlint" / "tickets.json").read_text())
    assert cache["source"] == "jira-json " + str(tmp_path / "search.json") or cache["source"].endswith("search.json")
    assert cache["tickets"]["SHOP-2"]["done"] is True and cache["tickets"]["SHOP-3"]["kpi"] is False
    f = tmp_path / "msg"
    f.write_text("Fix search\n\nRefs SHOP-3\n")
    r = custlint("commit-msg", str(f), "--format", "json", cwd=tmp_path)
    assert r.code == 1 and [x["rule"] for x in r.json()["findings"]] == ["TK103"]

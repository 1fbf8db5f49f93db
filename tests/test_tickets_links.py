"""Links from commits to tickets: the ticket cache, the commit-msg hook (offline, fast) and commits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from conftest import GitRepo, clean_env, custlint
from tickets_helpers import config, ticket


def backlog(root):
    t = root / "tickets"
    ticket(t, "SHOP-1")
    ticket(t, "SHOP-2", body="## Customer problem\nRiders miss pickups at the old address.\n")
    # no customer problem anywhere: a solution for a title, a KPI alone in the body
    ticket(t, "SHOP-3", title="Pickup reminder service", body="## KPI\nMissed pickups from 4% to 1% within 30 days.\n")


def msg(tmp_path, text):
    f = tmp_path / "COMMIT_EDITMSG"
    f.write_text(text)
    return str(f)


def rules(run):
    return sorted((f["rule"], f["message"]) for f in run.json()["findings"])


def test_refresh_writes_the_cache_and_the_hook_uses_it(tmp_path):
    backlog(tmp_path)
    config(tmp_path, 'source = "files"')
    r = custlint("tickets", "--refresh", cwd=tmp_path)
    assert r.code == 0 and "wrote 3 tickets from ticket files (tickets) to" in r.err
    cache = json.loads((tmp_path / ".custlint" / "tickets.json").read_text())
    assert cache["tickets"]["SHOP-2"] == {"title": "Shoppers cannot see delivery windows", "status": "open", "done": False,
                                          "problem": True, "kpi": False}
    ok = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-1\n"), cwd=tmp_path)
    assert ok.code == 0 and ok.err == "", ok.err
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-2\n"), "--format", "json", cwd=tmp_path)
    assert r.code == 1
    assert rules(r) == [("TK103", "The referenced ticket SHOP-2 ('Shoppers cannot see delivery windows') states no KPI, "
                                  "and neither does this text.")]
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-2\nKPI: pickups missed under 1% by May\n"), cwd=tmp_path)
    assert r.code == 0, r.out
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-3, SHOP-77 and #5\n"), "--format", "json", cwd=tmp_path)
    got = {f["rule"] for f in r.json()["findings"]}
    assert got == {"TK101", "TK102"}  # #5 is not a kind of ticket this source holds, so it is not judged
    assert "SHOP-77 is not in ticket files (tickets)" in r.out


def test_missing_and_stale_cache_warn_but_never_block(tmp_path):
    backlog(tmp_path)
    config(tmp_path, 'source = "files"\ncache-max-age-hours = 1')
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-77\n"), cwd=tmp_path)
    assert r.code == 0 and "no ticket cache at" in r.err and "custlint tickets --refresh" in r.err
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    path = tmp_path / ".custlint" / "tickets.json"
    data = json.loads(path.read_text())
    data["written"] = "2026-01-01T00:00:00Z"
    path.write_text(json.dumps(data))
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-1\n"), cwd=tmp_path)
    assert r.code == 0 and "custlint: warning: the ticket cache" in r.err and "old" in r.err
    path.write_text("{not json")
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-77\n"), cwd=tmp_path)
    assert r.code == 0 and "unreadable" in r.err


def test_no_ticket_source_means_no_link_rules(tmp_path):
    backlog(tmp_path)
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-77\n"), cwd=tmp_path)
    assert r.code == 0 and r.err == ""


def test_hook_with_ticket_source_imports_no_heavy_library(tmp_path):
    backlog(tmp_path)
    config(tmp_path, 'source = "files"')
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    f = msg(tmp_path, "Show windows\n\nRefs SHOP-2\n")
    code = ("import sys\nfrom custlint.cli import main\nrc = main(['commit-msg', sys.argv[1]])\n"
            "heavy = sorted(m for m in ('yaml', 'git', 'libcst', 'markdown_it', 'urllib.request', 'http.client', 'requests') if m in sys.modules)\n"
            "print('RC=%d HEAVY=%s' % (rc, ','.join(heavy)))\n")
    p = subprocess.run([sys.executable, "-c", code, f], capture_output=True, text=True, env=clean_env(), cwd=tmp_path)
    assert "RC=1 HEAVY=\n" in p.stdout, p.stdout + p.stderr  # TK103 fired, from the cache alone


def test_commits_reads_ticket_files_directly(repo: GitRepo):
    backlog(repo.path)
    config(repo.path, 'source = "files"')
    repo.commit("Show windows\n\nRefs SHOP-1\n")
    bad = repo.commit("Speed up pickups\n\nRefs SHOP-3\n")
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert r.code == 1 and r.err == ""  # no cache needed: ticket files are read directly
    assert [(f["subject"], f["rule"]) for f in r.json()["findings"]] == [(bad, "TK102")]


def test_commits_with_an_api_source_uses_the_cache(repo: GitRepo):
    config(repo.path, 'source = "jira"\njql = "project = SHOP"')
    repo.commit("Show windows\n\nRefs SHOP-1\n")
    r = custlint("commits", "HEAD", cwd=repo.path)
    assert r.code == 0 and "no ticket cache" in r.err


def test_cache_path_and_age_from_config(tmp_path):
    backlog(tmp_path)
    config(tmp_path, 'source = "files"\ncache = "build/tix.json"\ncache-max-age-hours = 0')
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    path = tmp_path / "build" / "tix.json"
    old = time.time() - 10 * 86400
    os.utime(path, (old, old))
    data = json.loads(path.read_text())
    data["written"] = "2020-01-01T00:00:00Z"
    path.write_text(json.dumps(data))
    r = custlint("commit-msg", msg(tmp_path, "Show windows\n\nRefs SHOP-1\n"), cwd=tmp_path)
    assert r.code == 0 and r.err == ""  # 0 means never warn about age


def test_reference_forms_map_to_ticket_ids():
    from custlint.document.refs import find_refs
    from custlint.document.ticket import ref_ticket_id

    text = ("SHOP-2, #41, acme/shop#42, other/repo#43, https://github.com/acme/shop/issues/44, "
            "https://github.com/other/repo/issues/45, https://acme.atlassian.net/browse/PAY-9 ")
    refs = find_refs(text)
    assert [ref_ticket_id(r, "acme/shop") for r in refs] == ["SHOP-2", "#41", "#42", None, "#44", None, "PAY-9"]
    assert [ref_ticket_id(r) for r in refs] == ["SHOP-2", "#41", None, None, None, None, "PAY-9"]


def test_github_issue_tickets_and_other_repositories(tmp_path):
    issues = [{"number": 41, "title": "Slow search", "state": "OPEN", "body": "## Customer problem\nBuyers wait 4 s.\n"}]
    (tmp_path / "issues.json").write_text(json.dumps(issues))
    config(tmp_path, 'source = "github-json"\nexport = "issues.json"\nrepo = "acme/shop"')
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    r = custlint("commit-msg", msg(tmp_path, "Faster search\n\nRefs acme/shop#41, other/repo#9 and #77\n"),
                 "--format", "json", cwd=tmp_path)
    assert sorted((f["rule"], f["message"].split(" ")[0]) for f in r.json()["findings"]) == [("TK101", "#77"), ("TK103", "The")]

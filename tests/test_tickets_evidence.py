"""Done means in production: verdicts from real git repositories, tags and deployment logs."""

from __future__ import annotations

import json
import os
import stat

from conftest import GitRepo, clean_env, custlint
from tickets_helpers import config, ticket


def tk(run):
    return {f["subject"]: f["message"] for f in run.json()["findings"] if f["rule"] == "TK301"}


def run_json(repo, *extra, env=None):
    return custlint("tickets", "--format", "json", *extra, cwd=repo.path, env=env)


def test_deployed_not_deployed_and_unknown(repo: GitRepo):
    t = repo.path / "tickets"
    ticket(t, "SHOP-1", status="Done", extra="done-at: 2026-01-03\n")
    ticket(t, "SHOP-2", status="closed", extra="closed: 2026-01-09T10:00:00Z\n")
    ticket(t, "SHOP-3", status="resolved")
    ticket(t, "SHOP-4", status="In Progress")
    repo.commit("Show delivery windows\n\nRefs SHOP-1\n")
    first = repo.commit("Part one of SHOP-2\n")
    repo.git("tag", "-a", "v1.0.0", "-m", "release 1.0.0")
    late = repo.commit("Finish SHOP-2: part two\n")
    repo.commit("SHOP-4 work in progress\n")
    r = run_json(repo, "--verbose")
    assert r.code == 1, r.err
    msgs = tk(r)
    assert set(msgs) == {"SHOP-2", "SHOP-3"}
    assert "SHOP-2 is marked done since 2026-01-09T10:00:00Z" in msgs["SHOP-2"]
    assert "not deployed" in msgs["SHOP-2"] and f"1 of 2 commits is not in any production release: {late[:10]}" in msgs["SHOP-2"]
    assert first[:10] not in msgs["SHOP-2"]
    assert "unknown" in msgs["SHOP-3"] and "no commit lists it or references SHOP-3" in msgs["SHOP-3"]
    assert "SHOP-3 is marked done (date unknown)" in msgs["SHOP-3"]  # no date, and its file is not committed
    repo.git("add", "tickets")
    repo.commit("docs: tickets\n", date="2026-01-20T08:00:00Z")
    assert "SHOP-3 is marked done (its file last changed 2026-01-20T08:00:00Z" in tk(run_json(repo))["SHOP-3"]
    notes = r.json()["notes"]
    assert "done tickets: 1 deployed, 1 not deployed, 1 unknown" in notes
    assert any(n.startswith("SHOP-1: deployed, all 1 commit are in tag v1.0.0") for n in notes)
    # a later release brings SHOP-2 to production
    repo.git("tag", "v1.1.0")
    assert set(tk(run_json(repo))) == {"SHOP-3"}


def test_listed_commits_and_missing_ones(repo: GitRepo):
    a = repo.commit("Untracked work\n")
    repo.git("tag", "v2")
    b = repo.commit("More untracked work\n")
    t = repo.path / "tickets"
    ticket(t, "PAY-1", status="done", extra=f"commits: [{a[:8]}]\n")
    ticket(t, "PAY-2", status="done", extra=f"commits:\n  - {a}\n  - {b[:12]}\n")
    ticket(t, "PAY-3", status="done", extra="commits: [deadbeef99]\n")
    msgs = tk(run_json(repo))
    assert set(msgs) == {"PAY-2", "PAY-3"}
    assert b[:10] in msgs["PAY-2"] and "1 of 2 commits" in msgs["PAY-2"]
    assert "unknown" in msgs["PAY-3"] and "deadbeef99 is not in this repository" in msgs["PAY-3"]


def test_released_tag_any_name_and_nonexistent_tag(repo: GitRepo):
    repo.commit("Refunds in a day\n\nRefs PAY-7\n")
    repo.git("tag", "release-2026-02")  # does not match v*, but the ticket names it
    repo.commit("Refunds for PAY-8\n")
    t = repo.path / "tickets"
    ticket(t, "PAY-7", status="done", extra="released: release-2026-02\n")
    ticket(t, "PAY-8", status="done", extra="released: v9.9.9\n")
    r = run_json(repo)
    msgs = tk(r)
    assert set(msgs) == {"PAY-8"}
    assert "unknown" in msgs["PAY-8"] and "its released tag 'v9.9.9' does not exist" in msgs["PAY-8"]
    assert "PAY-8: its released tag or deployment 'v9.9.9' does not exist" in r.err


def test_unmerged_branch_is_not_deployed(repo: GitRepo):
    repo.commit("Base\n")
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "feature")
    side = repo.commit("Faster search\n\nCloses #12\n")
    repo.git("checkout", "-q", "main")
    repo.commit("Other work\n")
    repo.git("tag", "v2")
    ticket(repo.path / "tickets", "#12", status="closed")
    msgs = tk(run_json(repo))
    assert "#12" in msgs and side[:10] in msgs["#12"] and "not deployed" in msgs["#12"]


def test_deployment_log(repo: GitRepo):
    a = repo.commit("Checkout fix\n\nRefs SHOP-1\n")
    b = repo.commit("Search fix\n\nRefs SHOP-2\n")
    c = repo.commit("Rider fix\n\nRefs SHOP-3\n")
    log = repo.path / "deploys.jsonl"
    log.write_text("\n".join([
        json.dumps({"sha": b, "environment": "production", "time": "2026-01-20T10:00:00Z", "id": "d-1"}),
        json.dumps({"sha": c, "environment": "staging", "time": "2026-01-21T10:00:00Z"}),
        "not json",
        json.dumps({"environment": "production"}),
    ]) + "\n")
    config(repo.path, top='[production]\ndeploy-log = "deploys.jsonl"')
    t = repo.path / "tickets"
    for tid in ("SHOP-1", "SHOP-2", "SHOP-3"):
        ticket(t, tid, status="done")
    ticket(t, "SHOP-9", status="done", extra=f"commits: [{c[:10]}]\nreleased: d-1\n")
    r = run_json(repo, "--verbose")
    msgs = tk(r)
    assert set(msgs) == {"SHOP-3", "SHOP-9"}, r.json()
    assert c[:10] in msgs["SHOP-3"]
    assert any(n.startswith("SHOP-1: deployed, all 1 commit are in production deployment d-1") for n in r.json()["notes"])
    assert "deploys.jsonl:3: not JSON" in r.err and "deploys.jsonl:4: a deployment record needs 'sha'" in r.err
    assert a != b


def test_no_production_evidence_is_unknown(repo: GitRepo):
    repo.commit("Refs SHOP-1 first cut\n")
    ticket(repo.path / "tickets", "SHOP-1", status="done")
    msgs = tk(run_json(repo))
    assert "unknown" in msgs["SHOP-1"] and "no production evidence: no tag matches 'v*'" in msgs["SHOP-1"]


def test_outside_a_repository_is_unknown_and_bad_git_dir_is_exit_2(tmp_path):
    ticket(tmp_path / "tickets", "SHOP-1", status="done")
    r = custlint("tickets", "--format", "json", cwd=tmp_path)
    assert r.code == 1 and "unknown" in tk(r)["SHOP-1"]
    assert any("no production evidence: not a git repository" in n for n in r.json()["notes"])
    r = custlint("tickets", "--git", str(tmp_path / "nope"), cwd=tmp_path)
    assert r.code == 2 and "not a git repository" in r.err


def test_done_statuses_and_pattern_from_config(repo: GitRepo):
    repo.commit("Refs SHOP-1\n")
    repo.git("tag", "prod-1")
    ticket(repo.path / "tickets", "SHOP-1", status="Shipped to customers")
    config(repo.path, 'done-statuses = ["shipped to customers"]', top='[production]\nrelease-tags = ["prod-*"]')
    r = run_json(repo)
    assert r.code == 0 and "done tickets: 1 deployed, 0 not deployed, 0 unknown" in r.json()["notes"]
    assert run_json(repo, "--ignore", "TK301,TK302").json()["notes"] == []  # no evidence work when its rules are off


def test_one_git_query_for_all_tickets(repo: GitRepo, tmp_path):
    """The number of git processes does not grow with the number of tickets or commits."""
    log = tmp_path / "git-calls.log"
    wrapper = tmp_path / "git-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> {log}\nexec git "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = clean_env(GIT_PYTHON_GIT_EXECUTABLE=str(wrapper))

    def calls(start: int, n_tickets: int) -> list[str]:
        t = repo.path / "tickets"
        for k in range(start, start + n_tickets):
            ticket(t, f"SHOP-{k}", status="done")
            repo.commit(f"Work on SHOP-{k}\n")
            if k % 5 == 0:
                repo.git("tag", f"v0.{k}")
        log.write_text("")
        r = custlint("tickets", "--format", "json", cwd=repo.path, env=env)
        assert r.code in (0, 1), r.err
        return log.read_text().splitlines()

    few = calls(0, 2)
    many = calls(2, 30)
    assert len(many) == len(few), (few, many)
    assert sum(" --all " in f" {c} " for c in many) == 1  # one history read for every ticket's references
    assert sum("--name-only" in c for c in many) == 1  # one read of when the undated ticket files last changed
    assert sum("rev-list" in c for c in many) == 1
    assert os.path.exists(log)


def test_missing_deploy_log_is_exit_2_but_tickets_are_judged(repo: GitRepo):
    repo.commit("Refs SHOP-1\n")
    repo.git("tag", "v1")
    ticket(repo.path / "tickets", "SHOP-1", status="done")
    ticket(repo.path / "tickets", "SHOP-2", body="Nothing yet.\n")
    config(repo.path, top='[production]\ndeploy-log = "missing.jsonl"')
    r = run_json(repo)
    assert r.code == 2 and "deployment log not found:" in r.err and "missing.jsonl" in r.err
    assert "done tickets: 1 deployed, 0 not deployed, 0 unknown" in r.json()["notes"]  # the tag still counts
    # SHOP-1 is deployed: its only finding is the KPI review its long-passed window calls for (TK302)
    assert {f["subject"] for f in r.json()["findings"] if f["rule"] != "TK302"} == {"SHOP-2"}


def test_containment_through_merges(repo: GitRepo):
    from custlint.analysis.evidence import Point, containment
    from custlint.sources.git import Git, open_repo

    c1 = repo.commit("c1\n")
    repo.git("tag", "v1")
    repo.git("checkout", "-q", "-b", "side")
    a1 = repo.commit("a1: faster search\n\nRefs SHOP-5\n")
    repo.git("checkout", "-q", "main")
    c2 = repo.commit("c2\n")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge pull request #5 from acme/side")
    repo.git("tag", "v2")
    late = repo.commit("late\n")
    git = Git(open_repo(str(repo.path)))
    v1, v2 = repo.git("rev-parse", "v1"), repo.git("rev-parse", "v2")
    masks = containment(git, [Point("tag v1", v1, "1"), Point("tag v2", v2, "2")], {c1, a1, c2, late})
    assert masks == {c1: 0b11, a1: 0b10, c2: 0b10}  # late is in no release, so the walk never reaches it
    ticket(repo.path / "tickets", "SHOP-5", status="done")
    ticket(repo.path / "tickets", "#5", status="closed")  # only the merge commit names #5: that is the PR, not a commit of it
    r = run_json(repo, "--verbose")
    assert any(n.startswith("SHOP-5: deployed, all 1 commit are in tag v2") for n in r.json()["notes"])
    assert "no commit lists it or references #5" in tk(r)["#5"]

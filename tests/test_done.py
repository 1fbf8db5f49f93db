"""Done-in-production claims (DP301-DP305): what counts, what does not, and where merging deploys."""

from __future__ import annotations

import pytest

from conftest import GitRepo, custlint
from custlint.analysis.analyzer import Settings, analyze
from custlint.analysis.done import find_done_claims, target_deploys
from custlint.core.config import default_config
from custlint.document.message import commit_document
from custlint.engine.evaluator import Engine
from custlint.engine.packs import load_rules
from custlint.sources.pr_description import pr_document

LINKED = "\n\nCustomer-Problem: shoppers cannot see when an order arrives\nKPI: checkout completion 61% to 65% in 6 weeks\n"


def claims(text: str, kind: str = "commit", labels=(), config=None):
    if kind == "commit":
        doc = commit_document(text, subject="x")
    else:
        title, _, body = text.partition("\n")
        doc = pr_document(title=title, body=body, subject="#1", labels=list(labels))
    a = analyze(doc, Settings.from_config(config or default_config()))
    return [(c.kind, c.ref) for c in a.memo("done_claims", find_done_claims)]


@pytest.mark.parametrize("text, ref", [
    ("Fix login\n\nFixes #12", "#12"),
    ("Fix login\n\ncloses: #12", "#12"),
    ("Fix login\n\nRESOLVED acme/shop#12", "acme/shop#12"),
    ("Fix login\n\nThis fixes https://github.com/acme/shop/issues/12.", "https://github.com/acme/shop/issues/12"),
    ("Fix login\n\nClosing https://gitlab.com/acme/shop/-/issues/12", "https://gitlab.com/acme/shop/-/issues/12"),
    ("Fix login\n\nImplements #12", "#12"),
    ("Fix login\n\nresolving group/sub/project#12", "group/sub/project#12"),
    ("Fix login\n\nFixes SHOP-12", "SHOP-12"),
    ("Fixes #12: login loops", "#12"),  # a commit title closes too
])
def test_closing_keywords(text, ref):
    assert claims(text) == [("closing", ref)]


def test_a_list_after_one_keyword_closes_each():
    assert claims("Fix login\n\nCloses #1, #2 and #3") == [("closing", "#1"), ("closing", "#2"), ("closing", "#3")]


@pytest.mark.parametrize("text", [
    "Fix login\n\nRefs #12",
    "Fix login\n\nA prefix fixes nothing: prefixes #12 or suffixed #12",
    "Fix login\n\n```\nFixes #12\n```",
    "Fix login\n\nRun `git commit -m 'Fixes #12'` later",
    "Fix login\n\n> Fixes #12",
    "Fix login\n\n<!-- Fixes #12 -->",
    "Fix login\n\nExample:\n\n    Fixes #12\n",
    "Fix login\n\nFixes UTF-8 handling",
    "Fix login\n\nfixes the crash in #12's handler? no: fixes the crash",
])
def test_not_a_closing_claim(text):
    assert [c for c in claims(text) if c[0] == "closing"] == []


def test_list_item_continuation_is_not_code():
    text = "Fix login\n\n- first item\n    Fixes #12\n"
    assert claims(text) == [("closing", "#12")]


def test_pr_title_closes_nothing_but_its_description_does():
    assert claims("Fixes #12 login loop\nRefs #12", kind="pr") == []
    assert claims("Login loop\nFixes #12", kind="pr") == [("closing", "#12")]


@pytest.mark.parametrize("text, found", [
    ("Fix login\n\nSHOP-12 #done", True),
    ("Fix login\n\nSHOP-12 #time 1h #resolve", True),
    ("Fix login\n\nSHOP-12 #finish-work", True),
    ("Fix login\n\nSHOP-12 #comment looks #done to me", True),  # Jira reads every #command on the line
    ("Fix login\n\nSHOP-12 #comment carrier API", False),
    ("Fix login\n\n#done SHOP-12", False),  # a command comes after the key
    ("Fix login\n\nUTF-8 #done", False),  # not a ticket key
])
def test_smart_commit_transitions(text, found):
    assert (("transition", "SHOP-12") in claims(text)) is found


def test_transitions_are_configurable():
    cfg = default_config()
    cfg = cfg.replace(production=cfg.production.replace(done_transitions=["ship-it"]))
    assert claims("Fix\n\nSHOP-1 #ship-it", config=cfg) == [("transition", "SHOP-1")]
    assert claims("Fix\n\nSHOP-1 #done", config=cfg) == []


def test_labels_checkboxes_and_status_lines():
    assert claims("T\nRefs #1", kind="pr", labels=["Status:Done"]) == [("label", "")]
    assert claims("T\nRefs #1", kind="pr", labels=["done-ish", "ready"]) == []
    assert claims("T\n- [x] Done\n- [X] Released to production", kind="pr") == [("checkbox", ""), ("checkbox", "")]
    assert claims("T\n- [ ] Released to production\n- [x] Tests added", kind="pr") == []
    assert claims("T\n**Status:** Shipped", kind="pr") == [("status", "")]
    assert claims("T\nStatus: done when released", kind="pr") == []
    assert claims("T\nStatus: in review", kind="pr") == []


def _judge(doc, config=None):
    config = config or default_config()
    rules = [r for r in load_rules() if r.code.startswith("DP")]
    findings, _ = Engine(config, rules).judge(doc)
    return findings


def test_findings_name_the_target_and_the_fix():
    doc = pr_document(title="Login loop", body="Fixes #12" + LINKED, subject="#5", target="develop")
    [f] = _judge(doc)
    assert f.rule == "DP301" and f.principle == "done-in-production" and f.line == 1
    assert "into 'develop'" in f.message and "Refs #12" in f.fix


def test_allowed_where_the_target_deploys_on_merge():
    cfg = default_config()
    cfg = cfg.replace(production=cfg.production.replace(branches=["main"]))
    assert target_deploys(cfg, "refs/heads/main") and not target_deploys(cfg, "develop")
    doc = pr_document(title="Login loop", body="Fixes #12\nSHOP-1 #done", subject="#5", target="main", labels=["done"])
    assert _judge(doc, cfg) == []
    doc = pr_document(title="Login loop", body="Fixes #12", subject="#5", target="develop")
    assert [f.rule for f in _judge(doc, cfg)] == ["DP301"]
    cfg = cfg.replace(production=cfg.production.replace(deploy_on_merge=True))
    assert _judge(doc, cfg) == []


def test_pr_output_says_why_claims_are_allowed(tmp_path):
    (tmp_path / ".custlint.toml").write_text('[production]\nbranches = ["main"]\n')
    body = tmp_path / "body.md"
    body.write_text("Fixes #12\n" + LINKED)
    r = custlint("pr", "--body-file", str(body), "--title", "Login loop", "--base", "main", "--format", "json", cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    assert any("deploys to production" in n and "'main' is in production.branches" in n for n in r.json()["notes"])
    r = custlint("pr", "--body-file", str(body), "--title", "Login loop", "--base", "release", "--format", "json", cwd=tmp_path)
    assert r.code == 1 and [f["rule"] for f in r.json()["findings"]] == ["DP301"]


def test_unknown_production_key_is_a_config_error(tmp_path):
    (tmp_path / ".custlint.toml").write_text('[production]\nbranch = ["main"]\n')
    r = custlint("pr", "--title", "x", cwd=tmp_path)
    assert r.code == 2 and "unknown key 'production.branch'" in r.err


def test_commits_report_done_claims_and_allow_them_on_a_deploying_branch(repo: GitRepo):
    repo.commit("Start\n\nRefs #1\nKPI: x from 1 to 2 in 2 weeks\n")
    repo.git("checkout", "-q", "-b", "feature")
    sha = repo.commit("Fix login loop\n\nFixes #12\nSHOP-12 #done" + LINKED)
    r = custlint("commits", "--format", "json", cwd=repo.path)
    assert r.code == 1
    assert sorted(f["rule"] for f in r.json()["findings"] if f["subject"] == sha) == ["DP301", "DP302"]
    (repo.path / ".custlint.toml").write_text('[production]\nbranches = ["main"]\n')
    r = custlint("commits", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.out
    assert any("merging into 'main' deploys to production" in n for n in r.json()["notes"])

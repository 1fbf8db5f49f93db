"""custlint.sources.ci_env: the CI environment read once, from a given mapping, into a plain object;
and the one place that reads it."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from custlint.core.config import default_config
from custlint.document.message import commit_document
from custlint.engine.evaluator import Engine
from custlint.engine.packs import load_rules
from custlint.sources import ci_env
from custlint.sources.gitlab_env import read_env


@pytest.fixture(autouse=True)
def _keep_the_runs_environment():
    """These tests make mappings the run's (ci_env.load); the tests after see the one before."""
    saved = list(ci_env._CURRENT)
    yield
    ci_env._CURRENT[:] = saved


GITHUB = {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": "/runner/event.json", "GITHUB_EVENT_NAME": "pull_request",
          "GITHUB_STEP_SUMMARY": "/runner/summary.md", "GITHUB_BASE_REF": "main", "GITHUB_API_URL": "https://ghe.example/api/v3",
          "GITHUB_TOKEN": "ghp_x", "GITHUB_REPOSITORY": "acme/shop", "GITHUB_WORKSPACE": "/work/shop", "CI": "true"}
GITLAB = {"GITLAB_CI": "true", "CI": "true", "CI_PROJECT_DIR": "/builds/acme/shop", "CI_MERGE_REQUEST_IID": "7",
          "CI_MERGE_REQUEST_TITLE": "Show delivery windows", "CI_MERGE_REQUEST_DESCRIPTION": "Refs SHOP-1",
          "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "develop", "CI_MERGE_REQUEST_LABELS": "ux,backend",
          "CI_PROJECT_PATH": "acme/shop", "CI_COMMIT_SHA": "abc123", "CI_PIPELINE_SOURCE": "merge_request_event"}


def test_github_actions_from_a_mapping():
    ci = ci_env.read(GITHUB)
    assert ci.github_actions and ci.in_ci and not ci.gitlab_mr
    assert (ci.event_path, ci.event_name, ci.step_summary) == ("/runner/event.json", "pull_request", "/runner/summary.md")
    assert (ci.base_ref, ci.target_branch, ci.pipeline_target()) == ("main", "main", "main")
    assert (ci.api_url, ci.token, ci.gh_token, ci.repository) == ("https://ghe.example/api/v3", "ghp_x", "", "acme/shop")
    assert ci.root == "/work/shop"
    assert ci.env_stamp() == {"GITHUB_BASE_REF": "main", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": ""}
    assert not ci_env.read({"GITHUB_ACTIONS": "1"}).github_actions  # GitHub sets "true", nothing else counts


def test_gitlab_from_a_mapping():
    ci = ci_env.read(GITLAB)
    assert ci.gitlab_mr and ci.in_ci and not ci.github_actions
    assert ci.target_branch == "develop" and ci.root == "/builds/acme/shop"
    assert "CI_PIPELINE_SOURCE" not in ci.gitlab  # only what the MR reader takes
    doc = read_env(ci.gitlab)
    assert (doc.subject, doc.title, doc.labels, doc.extra["target_branch"]) == ("!7", "Show delivery windows",
                                                                                ["ux", "backend"], "develop")
    assert ci.env_stamp() == {"GITHUB_BASE_REF": "", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "develop"}
    assert ci_env.read({"CI_MERGE_REQUEST_IID": "3"}).gitlab_mr  # the MR variables alone say so too


def test_outside_ci_everything_is_empty():
    ci = ci_env.read({"HOME": "/home/dev", "TERM": "dumb", "NO_COLOR": "1"})
    assert not ci.github_actions and not ci.in_ci and not ci.gitlab_mr
    assert ci.target_branch == ci.pipeline_target() == ci.root == ci.token == ""
    assert (ci.term, ci.no_color) == ("dumb", "1")
    assert ci == ci_env.read({"HOME": "/home/dev", "TERM": "dumb", "NO_COLOR": "1", "UNRELATED": "x"})


@pytest.mark.parametrize("marker", ci_env.CI_MARKERS)
def test_any_ci_marker_means_ci(marker):
    assert ci_env.read({marker: "yes"}).in_ci
    assert not ci_env.read({marker: ""}).in_ci


def test_github_base_ref_comes_before_gitlabs_and_refs_heads_is_cut():
    ci = ci_env.read({"GITHUB_BASE_REF": "refs/heads/release", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "develop"})
    assert ci.target_branch == "refs/heads/release"  # as the variable holds it
    assert ci.pipeline_target() == "release"


def test_a_merge_queue_targets_the_base_of_its_payload(tmp_path):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"merge_group": {"base_ref": "refs/heads/main", "head_ref": "gh-readonly-queue/main/pr-5-abc"}}))
    ci = ci_env.read({"GITHUB_EVENT_NAME": "merge_group", "GITHUB_EVENT_PATH": str(event)})
    assert ci.target_branch == "" and ci.pipeline_target() == "main"
    for broken in ("not json", "[]", json.dumps({"merge_group": {"base_ref": 5}})):
        event.write_text(broken)
        assert ci.pipeline_target() == ""
    assert ci_env.read({"GITHUB_EVENT_NAME": "merge_group", "GITHUB_EVENT_PATH": str(tmp_path / "gone")}).pipeline_target() == ""
    event.write_text(json.dumps({"merge_group": {"base_ref": "refs/heads/main"}}))
    assert ci_env.read({"GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event)}).pipeline_target() == ""


def test_jira_credentials_and_a_token_from_gh():
    ci = ci_env.read({"JIRA_BASE_URL": "https://acme.atlassian.net", "JIRA_EMAIL": "a@acme.test", "JIRA_API_TOKEN": "t",
                      "GH_TOKEN": "gho_y"})
    assert (ci.jira_base_url, ci.jira_email, ci.jira_api_token, ci.gh_token) == (
        "https://acme.atlassian.net", "a@acme.test", "t", "gho_y")


def test_load_makes_it_the_runs_and_current_keeps_it():
    first = ci_env.load(GITHUB)
    assert ci_env.current() is first
    assert ci_env.current() is ci_env.current()  # read once, not again on every question
    second = ci_env.load(GITLAB)
    assert ci_env.current() is second and ci_env.current() != first


def _done_findings(doc) -> list[str]:
    cfg = default_config()
    cfg = cfg.replace(production=cfg.production.replace(branches=["main"]))
    findings, _ = Engine(cfg, load_rules()).judge(doc)
    return sorted(f.rule for f in findings if f.rule.startswith("DP"))


def test_the_done_rules_take_the_target_branch_from_the_document_else_the_runs_ci():
    ci_env.load({"GITHUB_BASE_REF": "main"})  # merging into main deploys: the closing keyword is allowed
    assert _done_findings(commit_document("Fix login\n\nFixes #12\n", subject="x")) == []
    doc = commit_document("Fix login\n\nFixes #12\n", subject="x")
    doc.extra["target_branch"] = "feature"  # the document says where it lands: that wins
    assert _done_findings(doc) == ["DP301"]
    ci_env.load({})
    assert _done_findings(commit_document("Fix login\n\nFixes #12\n", subject="x")) == ["DP301"]


def test_only_ci_env_reads_the_environment():
    """custlint's own settings stay where they are used (cli.py, core/usercache.py,
    core/user_pattern.py's CUSTLINT_PATTERN_TIMEOUT, analysis/prescan.py's CUSTLINT_FULL_JUDGEMENT; the
    audit sets CUSTLINT_NO_CACHE for its run);
    git gets the environment handed on (sources/git.py)."""
    src = ROOT / "src" / "custlint"
    allowed = {"sources/ci_env.py", "cli.py", "core/usercache.py", "core/user_pattern.py", "commands/audit.py",
               "sources/git.py",
               "sources/github_api.py",  # GITHUB_API_URL when no base URL is given (its callers give the run's)
               "analysis/prescan.py",  # CUSTLINT_FULL_JUDGEMENT: the lean path off, for its exactness proof
               "accel.py"}  # CUSTLINT_ACCEL=0 (the compiled modules off), CUSTLINT_ACCEL_DIR (where they are built)
    pattern = re.compile(r"\bos\.environ\b|\bgetenv\b|\benviron\.get\b")
    readers = sorted(str(f.relative_to(src)) for f in src.rglob("*.py") if pattern.search(f.read_text(encoding="utf-8")))
    assert set(readers) <= allowed, sorted(set(readers) - allowed)

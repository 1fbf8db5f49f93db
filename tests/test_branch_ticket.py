"""A ticket key read from the branch name (issue 19, ``ticket-from-branch``): a PR's head branch
from a real GitHub payload, a GitLab MR's source branch variable, and the branch a real
repository's commit-msg hook commits to; it is a reference and nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import clean_env, custlint
from custlint.analysis.branch_ticket import branch_keys
from tickets_helpers import ticket

EVENTS = Path(__file__).parent / "data" / "github-events"
NO_LINKS_BODY = "Reorders the saved baskets.\n"
ON = "ticket-from-branch = true\n"


def _rules(r) -> set[str]:
    assert r.code in (0, 1), r.err
    return {f["rule"] for f in r.json()["findings"]}


def _pr_env(tmp_path: Path, branch: str, body: str = NO_LINKS_BODY) -> dict[str, str]:
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"]["body"] = body
    data["pull_request"]["head"]["ref"] = branch
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(p))


def test_the_pr_head_branch_key_is_the_ticket_link(tmp_path):
    env = _pr_env(tmp_path, "feature/SHOP-12-reorder")
    assert {"CP101", "KP201"} <= _rules(custlint("pr", "--format", "json", cwd=tmp_path, env=env))  # off by default
    (tmp_path / ".custlint.toml").write_text(ON)
    assert not {"CP101", "KP201"} & _rules(custlint("pr", "--format", "json", cwd=tmp_path, env=env))


def test_with_a_ticket_source_the_branch_ticket_is_judged_like_any_reference(tmp_path):
    ticket(tmp_path / "tickets", "SHOP-2", body="## Customer problem\nRiders miss pickups at the old address.\n")
    (tmp_path / ".custlint.toml").write_text(ON + '[tickets]\nsource = "files"\n')
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    r = custlint("pr", "--format", "json", cwd=tmp_path, env=_pr_env(tmp_path, "feature/SHOP-2-pickups"))
    by_rule = {f["rule"]: f for f in r.json()["findings"]}
    assert "TK103" in by_rule and "SHOP-2" in by_rule["TK103"]["message"]  # the ticket has no KPI: still judged
    r = custlint("pr", "--format", "json", cwd=tmp_path, env=_pr_env(tmp_path, "feature/SHOP-99-nothing"))
    assert "TK101" in _rules(r)  # a ticket the source does not hold


def test_gitlab_mr_source_branch(tmp_path):
    (tmp_path / ".custlint.toml").write_text(ON)
    env = clean_env(GITLAB_CI="true", CI_PROJECT_PATH="acme/shop", CI_COMMIT_SHA="a" * 40, CI_MERGE_REQUEST_IID="7",
                    CI_MERGE_REQUEST_TITLE="Reorder saved baskets", CI_MERGE_REQUEST_DESCRIPTION=NO_LINKS_BODY,
                    CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_MERGE_REQUEST_SOURCE_BRANCH_NAME="SHOP-12-reorder")
    assert not {"CP101", "KP201"} & _rules(custlint("pr", "--format", "json", cwd=tmp_path, env=env))
    env["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"] = "reorder-baskets"
    assert {"CP101", "KP201"} <= _rules(custlint("pr", "--format", "json", cwd=tmp_path, env=env))


def test_the_commit_msg_hook_reads_the_branch_it_commits_to(repo):
    (repo.path / ".custlint.toml").write_text(ON)
    repo.commit("Add the config\n\nRefs #1\n")
    repo.git("checkout", "-q", "-b", "feature/SHOP-12-reorder")
    msg = repo.path / ".git" / "COMMIT_EDITMSG"
    msg.write_text("Reorder saved baskets\n\nMoves the button.\n")
    r = custlint("commit-msg", str(msg), "--format", "json", cwd=repo.path)
    assert r.code == 0 and not {"CP101", "KP201"} & _rules(r), r.out
    repo.git("checkout", "-q", "-b", "reorder-baskets")
    r = custlint("commit-msg", str(msg), "--format", "json", cwd=repo.path)
    assert r.code == 1 and {"CP101", "KP201"} <= _rules(r)


@pytest.mark.parametrize(
    "branch,projects,want",
    [
        ("feature/SHOP-12-reorder", (), ["SHOP-12"]),
        ("SHOP-12", (), ["SHOP-12"]),
        ("feature/shop-12-reorder", (), []),  # lower case: a key only for a configured project
        ("feature/shop-12-reorder", ("SHOP",), ["SHOP-12"]),
        ("release-2024", (), []),
        ("fix/UTF-8-decoding", (), []),  # not-ticket-keys
        ("feature/SHOP-12-and-PAY-3", (), ["SHOP-12", "PAY-3"]),
        ("feature/SHOP-12-and-PAY-3", ("PAY",), ["PAY-3"]),
        ("feature/SHOP-12x", (), []),
    ],
)
def test_keys_in_branch_names(branch, projects, want):
    assert branch_keys(branch, projects, ("UTF", "SHA")) == want

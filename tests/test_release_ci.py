"""`custlint release` in CI: the action's `command: release` on real event payloads, the GitLab
template's release job, and `custlint init --deploy`."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import ROOT, GitRepo, custlint
from test_init_and_ci_files import _run_action_script
from tickets_helpers import ticket

EVENTS = Path(__file__).parent / "data" / "github-events"


def shop(repo: GitRepo) -> str:
    ticket(repo.path / "tickets", "SHOP-1")
    (repo.path / ".custlint.toml").write_text('[tickets]\nsource = "files"\n')
    repo.commit("Set up\n\nnothing")
    repo.git("tag", "v1.0.0")
    return repo.commit("Show delivery windows at checkout\n\nRefs SHOP-1")


def event(tmp_path: Path, name: str, payload: dict) -> dict[str, str]:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(payload))
    return {"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path)}


def test_action_release_on_a_production_deployment_status(tmp_path):
    repo = GitRepo(tmp_path / "r")
    sha = shop(repo)
    payload = json.loads((EVENTS / "deployment_status.payload.json").read_text())
    payload["deployment"]["sha"] = sha
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", CUSTLINT_ARGS="--write",
                           **event(tmp_path, "deployment_status", payload))
    assert p.returncode == 0, p.stderr
    assert "SHOP-1  close" in p.stdout and "status: done" in (repo.path / "tickets/SHOP-1.md").read_text()
    summary = tmp_path / "summary.md"
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", GITHUB_STEP_SUMMARY=str(summary),
                           **event(tmp_path, "deployment_status", payload))
    text = summary.read_text()
    assert text.startswith("### ✅ custlint release") and "| SHOP-1 | none | 1/1 |" in text  # written by the first run
    payload["deployment_status"]["state"] = "failure"
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", **event(tmp_path, "deployment_status", payload))
    assert p.returncode == 0 and p.stdout == "" and "not success" in p.stderr


def test_action_release_on_a_published_release_and_a_tag_push(tmp_path):
    repo = GitRepo(tmp_path / "r")
    shop(repo)
    repo.git("tag", "v1.1.0")
    rel = {"action": "published", "release": {"tag_name": "v1.1.0", "id": 9, "draft": False, "prerelease": False,
                                               "published_at": "2026-12-01T08:00:00Z"}}
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", CUSTLINT_ARGS="--format json",
                           **event(tmp_path, "release", rel))
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["release"]["rev"] == "v1.1.0" and data["release"]["time"] == "2026-12-01T08:00:00Z"
    assert [t["action"] for t in data["tickets"]] == ["close"]
    rel["release"]["prerelease"] = True
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", **event(tmp_path, "release", rel))
    assert p.returncode == 0 and "pre-release" in p.stderr
    push = {"ref": "refs/tags/v1.1.0"}
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", CUSTLINT_ARGS="--format json",
                           **event(tmp_path, "push", push))
    assert json.loads(p.stdout)["release"]["rev"] == "v1.1.0"
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="release", **event(tmp_path, "push", {"ref": "refs/heads/main"}))
    assert p.returncode == 0 and "not a release tag" in p.stderr


def test_gitlab_template_has_an_opt_in_release_job_after_deploy():
    doc = yaml.safe_load((ROOT / "ci/gitlab-template.yml").read_text())
    job = doc["custlint-release"]
    assert job["stage"] == ".post" and job["variables"]["GIT_DEPTH"] == "0"
    assert job["variables"]["CUSTLINT_REF"] == doc["custlint"]["variables"]["CUSTLINT_REF"]
    assert all("$CUSTLINT_RELEASE ==" in r["if"] for r in job["rules"])  # opt-in: never runs unasked
    assert job["script"][-1] == 'custlint release "$CI_COMMIT_SHA"'


def test_init_deploy_github_adds_the_release_job(tmp_path):
    r = custlint("init", "--dir", str(tmp_path), "--ci", "github", "--deploy", cwd=tmp_path)
    assert r.code == 0, r.err
    wf = yaml.safe_load((tmp_path / ".github/workflows/custlint.yml").read_text())
    on = wf[True]  # YAML reads the key `on` as true
    assert {"pull_request", "merge_group", "deployment_status", "release", "push"} <= set(on)
    assert on["release"] == {"types": ["published"]} and on["push"] == {"tags": ["v*"]}
    jobs = wf["jobs"]
    assert "pull_request" in jobs["custlint"]["if"]
    assert jobs["release"]["steps"][-1]["with"] == {"command": "release"}
    assert jobs["release"]["permissions"]["issues"] == "write"
    assert "deployment_status.state == 'success'" in jobs["release"]["if"]
    plain = tmp_path / "plain"
    plain.mkdir()
    custlint("init", "--dir", str(plain), "--ci", "github", cwd=plain)
    assert "release" not in yaml.safe_load((plain / ".github/workflows/custlint.yml").read_text())["jobs"]


def test_init_deploy_gitlab_switches_the_release_job_on(tmp_path):
    r = custlint("init", "--dir", str(tmp_path), "--ci", "gitlab", "--deploy", cwd=tmp_path)
    assert r.code == 0, r.err
    doc = yaml.safe_load((tmp_path / ".gitlab/custlint.gitlab-ci.yml").read_text())
    assert doc["variables"] == {"CUSTLINT_RELEASE": "tags"} and "custlint-release" in doc

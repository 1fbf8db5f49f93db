"""templates/custlint.yml, the GitLab CI/CD component: spec:inputs, a pinned install, each check once.

GitLab interpolates ``$[[ inputs.NAME ]]`` in the part after ``---`` with the inputs given in
``include:component: ... inputs:`` (else the defaults) before the pipeline runs; :func:`interpolate`
does the same here, then the job's script runs in bash in a real merge request set-up.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

import custlint as pkg
from conftest import BAD, GOOD, ROOT, GitRepo, clean_env

COMPONENT = ROOT / "templates" / "custlint.yml"
_INPUT = re.compile(r"\$\[\[\s*inputs\.([\w-]+)\s*\]\]")


def _docs() -> tuple[dict, str]:
    text = COMPONENT.read_text()
    header, _, body = text.partition("\n---\n")
    return yaml.safe_load(header)["spec"]["inputs"], body


def interpolate(inputs: dict | None = None) -> dict:
    spec, body = _docs()
    given = {k: v.get("default") for k, v in spec.items()}
    for k, v in (inputs or {}).items():
        assert k in spec, f"GitLab refuses an unknown input {k!r}"
        if "options" in spec[k]:
            assert v in spec[k]["options"], f"GitLab refuses {k}={v!r}"
        given[k] = v

    def one(m: re.Match) -> str:
        value = given[m.group(1)]
        return str(value).lower() if isinstance(value, bool) else str(value)

    return yaml.safe_load(_INPUT.sub(one, body))


def test_the_component_follows_gitlabs_layout_and_declares_its_inputs():
    assert COMPONENT.parent.name == "templates" and COMPONENT.parent.parent == ROOT
    spec, body = _docs()
    assert {"stage", "job-name", "command", "args", "comment", "image", "custlint-ref"} <= set(spec)
    assert spec["command"]["options"] == ["pr", "commits", "all"]
    assert spec["comment"]["type"] == "boolean" and spec["comment"]["default"] is True
    assert spec["custlint-ref"]["default"] == f"v{pkg.__version__}"  # pinned to the release it belongs to
    assert all(m.group(1) in spec for m in _INPUT.finditer(body))  # no input used that is not declared
    jobs = interpolate({"stage": "verify", "job-name": "merge-gate"})
    job = jobs["merge-gate"]
    assert job["stage"] == "verify" and job["variables"]["GIT_DEPTH"] == "0"
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["artifacts"]["reports"]["codequality"] == ["custlint-pr.json", "custlint-commits.json"]
    caches = job["cache"]
    assert [c["paths"] for c in caches] == [[".cache/pip"], [".cache/custlint"]]
    assert all(c["when"] == "always" for c in caches)  # a failed gate still saves them
    assert caches[0]["key"] == f"custlint-pip-v{pkg.__version__}"
    assert caches[1]["key"]["prefix"] == f"custlint-results-v{pkg.__version__}"
    assert set(caches[1]["key"]["files"]) == {"pyproject.toml", ".custlint.toml"}
    # GitLab refuses a cache key holding '/' or made of dots only: an image from a registry path must not reach it
    custom = interpolate({"image": "registry.example.com/team/python:3.12"})["custlint"]["cache"]
    assert all("/" not in (c["key"] if isinstance(c["key"], str) else c["key"]["prefix"]) for c in custom)
    for top in ("default", "variables", "stages", "workflow"):  # a component must not set the pipeline's globals
        assert top not in jobs


def test_the_component_installs_a_pinned_ref_and_refuses_a_branch(tmp_path):
    job = interpolate()["custlint"]
    install = next(line for line in job["script"] if "pip install" in line)
    assert '"git+${CUSTLINT_REPOSITORY}@${CUSTLINT_REF}"' in install
    check = job["script"][0]
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "python").symlink_to(sys.executable)
    env = clean_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    for ref, ok in ((f"v{pkg.__version__}", True), ("0123456789abcdef0123456789abcdef01234567", True),
                    ("main", False), ("v0", False), ("v1.2.3; curl x", False)):
        r = subprocess.run(["bash", "-c", check], env=dict(env, CUSTLINT_REF=ref), capture_output=True, text=True)
        assert (r.returncode == 0) == ok and (ok or "custlint-ref" in r.stderr), (ref, r.stderr)


def _mr(tmp_path: Path) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(tmp_path / "project")
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(BAD)
    env = clean_env(GITLAB_CI="true", CI_PIPELINE_SOURCE="merge_request_event", CI_PROJECT_DIR=str(repo.path),
                    CI_MERGE_REQUEST_IID="7", CI_MERGE_REQUEST_TITLE="Show delivery windows",
                    CI_MERGE_REQUEST_DESCRIPTION="Refs SHOP-1", CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
                    CI_PROJECT_PATH="acme/shop", CI_COMMIT_SHA=repo.git("rev-parse", "HEAD"))
    return repo, env


def _venv_that_counts(tmp_path: Path) -> Path:
    """A stand-in for the installed venv: its custlint logs each call, then runs this test run's custlint."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "calls.log"
    wrapper = venv / "bin" / "custlint"
    wrapper.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\nexec "{sys.executable}" -m custlint "$@"\n')
    wrapper.chmod(0o755)
    return venv


def _run_job(job: dict, repo: GitRepo, env: dict[str, str], venv: Path, **override: str) -> subprocess.CompletedProcess:
    script = job["script"][-1]  # the judging step (the install and the fetch need the network)
    variables = {k: str(v).replace("$CI_PROJECT_DIR", str(repo.path)) for k, v in job["variables"].items()}
    e = {**env, **variables, "CUSTLINT_VENV": str(venv), **override}
    return subprocess.run(["bash", "-c", script], cwd=repo.path, env=e, capture_output=True, text=True, timeout=120)


def test_each_check_runs_once_and_writes_log_and_code_quality(tmp_path):
    repo, env = _mr(tmp_path)
    venv = _venv_that_counts(tmp_path)
    p = _run_job(interpolate({"comment": False})["custlint"], repo, env, venv)
    assert p.returncode == 1, p.stderr  # a commit links nothing
    assert (tmp_path / "calls.log").read_text().split() == ["pr", "commits"]  # once each
    assert "All clear: 1 description checked." in p.stdout and "Found 2 errors, 0 warnings: 1 commit checked." in p.stdout
    pr_cq = json.loads((repo.path / "custlint-pr.json").read_text())
    commits_cq = json.loads((repo.path / "custlint-commits.json").read_text())
    assert pr_cq == [] and len(commits_cq) == 2 and all(i["severity"] == "major" for i in commits_cq)

    (tmp_path / "calls.log").unlink()
    p = _run_job(interpolate({"command": "commits", "args": "--ignore CP101,KP201", "comment": False})["custlint"],
                 repo, env, venv)
    assert (tmp_path / "calls.log").read_text().split() == ["commits"]
    assert p.returncode == 0, p.stdout + p.stderr  # the args reached the run

    # GitLab refuses a command outside the options; a variable set by hand is refused by the script
    p = _run_job(interpolate()["custlint"], repo, env, venv, CUSTLINT_COMMAND="lint")
    assert p.returncode == 2 and "must be pr, commits or all" in p.stderr


def test_the_comment_input_asks_for_the_mr_note(tmp_path):
    repo, env = _mr(tmp_path)
    venv = _venv_that_counts(tmp_path)
    p = _run_job(interpolate({"comment": True})["custlint"], repo, env, venv)  # no token in this job
    assert "no CUSTLINT_GITLAB_TOKEN or CI_JOB_TOKEN, so no MR note" in p.stderr
    assert p.returncode == 1  # the note never changes the verdict


def test_the_readme_includes_the_component_with_inputs_it_declares():
    readme = (ROOT / "README.md").read_text()
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "component:" in b]
    assert blocks
    spec, _ = _docs()
    for block in blocks:
        include = yaml.safe_load(block)["include"][0]
        assert include["component"].endswith(f"/custlint@v{pkg.__version__}")
        assert set(include["inputs"]) <= set(spec)
    wf = next(b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "custlint/custlint@" in b)
    steps = yaml.safe_load(wf)["jobs"]["custlint"]["steps"]
    assert steps[0]["uses"] == "actions/checkout@v6" and "${{" not in steps[-1]["run"]
    action_outputs = set(yaml.safe_load((ROOT / "action.yml").read_text())["outputs"])
    assert action_outputs == {"verdict", "errors", "warnings", "report"}
    assert all(f"`{o}`" in readme for o in action_outputs)

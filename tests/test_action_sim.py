"""The composite GitHub Action, every step, in the runner simulation (tests/action_runner.py): current
majors, its own venv from its own checkout, the user's PATH untouched, outputs, pip and result caches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

import custlint as pkg
from action_runner import ActionRunner, CacheStore
from conftest import BAD, GOOD, ROOT, GitRepo, clean_env
from runner_sim import commands

EVENTS = Path(__file__).parent / "data" / "github-events"
NODE20 = {"actions/setup-python": 5, "actions/checkout": 4, "actions/cache": 4}  # the last Node 20 majors


def _pr(tmp_path: Path, body: str, *, bad_commit: bool) -> tuple[GitRepo, dict[str, str]]:
    repo = GitRepo(tmp_path / "ws")
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(BAD if bad_commit else GOOD)
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"].update(body=body, labels=[])
    data["pull_request"]["base"]["ref"] = "main"
    data["pull_request"]["head"]["sha"] = repo.git("rev-parse", "HEAD")
    ev = tmp_path / "event.json"
    ev.write_text(json.dumps(data))
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(ev),
                    GITHUB_BASE_REF="main", GITHUB_REPOSITORY="acme/shop")
    env.pop("CUSTLINT_CACHE_DIR")  # the action sets its own
    return repo, env


def test_every_action_it_uses_is_a_node_24_major():
    for rel in ("action.yml", "src/custlint/init_templates/github-workflow.yml"):
        text = (ROOT / rel).read_text()
        for name, old in NODE20.items():
            for major in (int(m) for m in re.findall(rf"uses: {name}(?:/\w+)?@v(\d+)", text)):
                assert major > old, f"{rel} uses {name}@v{major}, a Node 20 major"
    steps = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["update-environment"] is False
    wf = (ROOT / "src/custlint/init_templates/github-workflow.yml").read_text()
    assert "actions/checkout@v6" in wf or "actions/checkout@v5" in wf


@pytest.mark.slow
def _action_download(tmp_path: Path) -> Path:
    """The action as the runner downloads it for `uses: custlint/custlint@REF`: the repository's
    files at that ref, without a .git folder (pip caches the wheel it builds from such a folder, not
    from a git checkout, so the pip cache below holds what it holds on a real runner)."""
    import shutil

    dest = tmp_path / "_actions" / "custlint" / "custlint" / "v0"
    skip = shutil.ignore_patterns(".git", ".venv", ".work", "__pycache__", "*_cache", ".hypothesis", "*.egg-info")
    shutil.copytree(ROOT, dest, ignore=skip)
    return dest


def test_the_action_end_to_end_in_the_runner_simulation(tmp_path):
    store = CacheStore(tmp_path / "cache-service")
    store.root.mkdir()
    repo, env = _pr(tmp_path, "Refs SHOP-1", bad_commit=True)
    action = _action_download(tmp_path)

    # job 1: cold caches; the description passes, one commit does not
    first = ActionRunner(repo.path, tmp_path / "job1", store, env=env, action_path=action).run({"comment": "false"})
    assert first.rc == 1, first.stderr
    assert first.outputs["verdict"] == "fail"
    assert first.outputs["errors"] == "2" and first.outputs["warnings"].isdigit()
    report = json.loads(Path(first.outputs["report"]).read_text())
    assert [r["command"] for r in report["runs"]] == ["pr", "commits"]
    assert report["errors"] == sum(r["summary"]["errors"] for r in report["runs"]) == 2
    assert Path(first.outputs["report"]).is_relative_to(tmp_path / "job1")  # the runner's temp, not the checkout
    # the annotations still reach the log, as custlint's own commands
    assert any(c.name == "error" for c in commands(first.stdout))

    # custlint lives in its own venv under the runner's temp, installed from this checkout (the action's ref)
    venv_bin = Path(first.steps["install"]["bin"])
    assert venv_bin.is_relative_to(tmp_path / "job1") and (venv_bin / "custlint").is_file()
    import subprocess

    version = subprocess.run([str(venv_bin / "custlint"), "--version"], capture_output=True, text=True).stdout
    assert pkg.__version__ in version
    # setup-python was told to leave the job alone, and no step changed the user's PATH or environment
    uses = dict(first.used)
    assert uses["actions/setup-python@v6"]["update-environment"].lower() == "false"
    assert first.job_env == ""

    # the caches were saved although the gate failed: pip's by OS, Python and ref; the results by config too
    pip_key, results_key = first.steps["keys"]["pip-key"], first.steps["keys"]["results-key"]
    assert re.fullmatch(r"custlint-pip-Linux-py3\.\d+\.\d+-v0\.1\.0-[0-9a-f]{16}", pip_key), pip_key
    assert results_key.startswith("custlint-results-Linux-py3.") and "-v0.1.0-" in results_key
    # pip caches what it downloads (a real runner's PyPI packages); where every package comes from
    # wheels on the machine's disk (pip's find-links here), pip writes no cache and there is nothing to save
    pip_cached = any((tmp_path / "job1" / "custlint-pip").rglob("*"))
    saved_pip = [pip_key] if pip_cached else []
    assert store.keys == [*saved_pip, results_key]
    results_dir = Path(first.steps["keys"]["results-dir"])
    assert results_dir == tmp_path / "job1" / "home" / ".cache" / "custlint"  # the runner's ~/.cache/custlint
    cached = sorted(p.relative_to(results_dir) for p in results_dir.rglob("*.json"))
    assert cached, "custlint wrote its cache (parsed rule packs and config) where the action caches it"

    # job 2 (a new run of the same workflow): pip's cache is hit exactly, the results are restored by prefix
    env2 = dict(env, GITHUB_RUN_ID="4712")
    second = ActionRunner(repo.path, tmp_path / "job2", store, env=env2, action_path=action).run({"comment": "false"})
    assert second.rc == 1 and second.outputs["verdict"] == "fail"
    assert second.steps["pip-cache"]["cache-hit"] == ("true" if pip_cached else "false")
    assert second.steps["results-cache"]["cache-matched-key"] == results_key
    second_dir = Path(second.steps["keys"]["results-dir"])
    assert set(cached) <= {p.relative_to(second_dir) for p in second_dir.rglob("*.json")}  # restored into job 2
    assert store.keys == [*saved_pip, results_key, second.steps["keys"]["results-key"]]  # pip's not saved again

    # a description and commits that pass: verdict pass, exit 0
    ok_repo, ok_env = _pr(tmp_path / "ok", "Refs SHOP-1", bad_commit=False)
    third = ActionRunner(ok_repo.path, tmp_path / "job3", store, env=ok_env).run({"comment": "false", "cache": "false"})
    assert third.rc == 0, third.stderr
    assert (third.outputs["verdict"], third.outputs["errors"]) == ("pass", "0")
    assert "pip-cache" not in third.steps  # cache: false skips the cache steps


def test_the_action_says_error_when_custlint_cannot_judge(tmp_path):
    """A bad command input or arguments: verdict error, exit 2 (the install is skipped here: the
    custlint step runs with this test run's custlint)."""
    import os
    import subprocess
    import sys

    repo, env = _pr(tmp_path, "Refs SHOP-1", bad_commit=False)
    step = next(s for s in yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"] if s.get("id") == "custlint")
    for command, args, expect in (("lint", "", "must be pr, commits, all or release"), ("pr", "--select NOPE999", "NOPE999")):
        out = tmp_path / f"out-{command}"
        gh_out = tmp_path / f"gh-{command}"
        e = dict(env, CUSTLINT_BIN=str(Path(sys.executable).parent), CUSTLINT_OUT=str(out), GITHUB_OUTPUT=str(gh_out),
                 CUSTLINT_CACHE_DIR=str(tmp_path / "c"), CUSTLINT_COMMAND=command, CUSTLINT_ARGS=args,
                 CUSTLINT_COMMENT="false", PATH=os.environ["PATH"])
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=repo.path,
                           env=e, capture_output=True, text=True, timeout=120)
        assert p.returncode == 2 and expect in p.stderr, p.stderr
        lines = dict(line.split("=", 1) for line in gh_out.read_text().splitlines())
        assert lines["verdict"] == "error" and lines["errors"] == "0"
        assert json.loads(Path(lines["report"]).read_text())["verdict"] == "error"


def test_cache_keys_follow_the_config_and_the_action_ref(tmp_path):
    repo, env = _pr(tmp_path, "Refs SHOP-1", bad_commit=False)

    def keys(ref: str = "v1.2.3", **inputs: str) -> dict[str, str]:
        run = ActionRunner(repo.path, tmp_path / "k", CacheStore(tmp_path / "s"), action_ref=ref, env=env)
        return run.run(inputs, until="keys").steps["keys"]

    base = keys()
    assert re.search(r"-v1\.2\.3-[0-9a-f]{16}$", base["pip-key"]) and base["pip-key"].startswith(base["pip-restore"])
    assert base["results-key"].startswith(base["results-restore"]) and base["results-key"].endswith("-4711-1")
    (repo.path / ".custlint.toml").write_text('ignore = ["DP304"]\n')
    changed = keys()
    assert changed["results-restore"] != base["results-restore"] and changed["pip-key"] == base["pip-key"]
    (repo.path / "ci.toml").write_text("select = []\n")
    with_config = keys(args="--config ci.toml")
    (repo.path / "ci.toml").write_text('select = ["CP"]\n')
    assert keys(args="--config ci.toml")["results-restore"] != with_config["results-restore"]
    # a local action (uses: ./) has no ref: its files are the version, as they are beside a ref
    local = keys(ref="")
    assert "-local-" in local["pip-key"] and "-local-" in local["results-key"]
    assert local["pip-key"].rsplit("-", 1)[1] == base["pip-key"].rsplit("-", 1)[1]
    # the same ref with other files (a moving @v0 that moved): another key
    moved = tmp_path / "action"
    for rel in ("action.yml", "pyproject.toml"):
        (moved / rel).parent.mkdir(parents=True, exist_ok=True)
        (moved / rel).write_bytes((ROOT / rel).read_bytes())
    (moved / "src").mkdir()
    (moved / "src" / "x.py").write_text("changed = 1\n")
    run = ActionRunner(repo.path, tmp_path / "k2", CacheStore(tmp_path / "s"), action_path=moved, action_ref="v1.2.3",
                       env=env)
    assert run.run({}, until="keys").steps["keys"]["pip-key"] != base["pip-key"]
    # arguments are split on spaces, as the custlint step splits them: a stray quote is no traceback
    assert keys(args='--ignore "DP304')["results-key"]
    # a ref is never pasted into a key with characters the cache service refuses
    assert "/" not in keys(ref="feature/x y")["pip-key"].split("py", 1)[1]

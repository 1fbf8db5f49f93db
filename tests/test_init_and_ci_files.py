"""custlint init, the composite GitHub Action and the GitLab CI template."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml  # PyYAML comes with pre-commit, a test dependency

from conftest import BAD, GOOD, ROOT, GitRepo, clean_env, custlint

EVENTS = Path(__file__).parent / "data" / "github-events"
TYPES = "[opened, edited, synchronize, reopened, labeled, unlabeled]"


# -- init ------------------------------------------------------------------------------------------

def test_init_writes_everything_and_never_overwrites(tmp_path):
    r = custlint("init", cwd=tmp_path)
    assert r.code == 0, r.err
    files = [".custlint.toml", ".github/pull_request_template.md", ".pre-commit-config.yaml", ".github/workflows/custlint.yml"]
    for rel in files:
        assert (tmp_path / rel).is_file() and f"created  {rel}" in r.out
    template = (tmp_path / ".github/pull_request_template.md").read_text()
    assert "## Customer problem" in template and "## KPI" in template and "## Definition of Done" in template
    assert "- [ ] Released to production" in template and "- [ ] KPI checked after release" in template
    pc = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert pc["repos"][0]["hooks"][0]["id"] == "custlint-commit-msg"
    wf = (tmp_path / ".github/workflows/custlint.yml").read_text()
    assert f"types: {TYPES}" in wf and "fetch-depth: 0" in wf
    # the config it writes is valid
    assert custlint("config", "--show", cwd=tmp_path).code == 0
    # a second run keeps every file, even one the user changed
    (tmp_path / ".github/pull_request_template.md").write_text("mine\n")
    r = custlint("init", cwd=tmp_path)
    assert r.code == 0 and r.out.count("kept") == 4
    assert (tmp_path / ".github/pull_request_template.md").read_text() == "mine\n"
    r = custlint("init", "--force", cwd=tmp_path)
    assert "replaced .github/pull_request_template.md" in r.out
    assert (tmp_path / ".github/pull_request_template.md").read_text() == template


def test_the_unfilled_template_fails_and_a_filled_one_passes(tmp_path):
    custlint("init", cwd=tmp_path)
    tpl = tmp_path / ".github/pull_request_template.md"
    r = custlint("pr", "--body-file", str(tpl), "--title", "Add windows", "--format", "json", cwd=tmp_path)
    assert r.code == 1
    filled = tpl.read_text().replace(
        "## KPI", "Shoppers abandon checkout because they cannot see when an order arrives.\n\n## KPI").replace(
        "## What changes", "Checkout completion rises from 61% to 65% within 6 weeks.\n\n## What changes")
    (tmp_path / "filled.md").write_text(filled)
    r = custlint("pr", "--body-file", "filled.md", "--title", "Add windows", "--format", "json", cwd=tmp_path)
    assert r.code == 0, r.out


def test_init_appends_to_pyproject_and_pre_commit_but_never_rewrites(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "shop"\n')
    pc = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
    (tmp_path / ".pre-commit-config.yaml").write_text(pc)
    r = custlint("init", cwd=tmp_path)
    assert "appended [tool.custlint] to pyproject.toml" in r.out
    assert not (tmp_path / ".custlint.toml").exists()
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "shop"\n') and "[tool.custlint.production]" in text
    assert custlint("config", "--show", cwd=tmp_path).code == 0
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == pc  # untouched without --force
    r = custlint("init", "--force", cwd=tmp_path)
    assert "kept     pyproject.toml [tool.custlint]" in r.out
    hooks = [h["id"] for repo in yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"] for h in repo["hooks"]]
    assert hooks == ["black", "custlint-commit-msg"]


def test_init_for_gitlab(tmp_path):
    (tmp_path / ".gitlab-ci.yml").write_text("stages: [test]\n")
    r = custlint("init", cwd=tmp_path)
    assert (tmp_path / ".gitlab/merge_request_templates/Default.md").is_file()
    assert (tmp_path / ".gitlab/custlint.gitlab-ci.yml").read_text() == (ROOT / "ci/gitlab-template.yml").read_text()
    assert (tmp_path / ".gitlab-ci.yml").read_text() == "stages: [test]\n" and "include" in r.out


def test_init_bad_dir(tmp_path):
    r = custlint("init", "--dir", str(tmp_path / "nope"), cwd=tmp_path)
    assert r.code == 2 and "not a folder" in r.err


# -- the GitLab template -----------------------------------------------------------------------------

def test_gitlab_template_runs_in_mr_pipelines_with_full_history():
    job = yaml.safe_load((ROOT / "ci/gitlab-template.yml").read_text())["custlint"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert job["artifacts"]["reports"]["codequality"] == ["custlint-pr.json", "custlint-commits.json"]
    script = "\n".join(job["script"])
    assert "--report gitlab:custlint-pr.json" in script and "--report gitlab:custlint-commits.json" in script
    # each check runs once (issue 19): one `custlint pr` and one `custlint commits`
    assert len(re.findall(r"\bcustlint pr\b", script)) == 1 and len(re.findall(r"\bcustlint commits\b", script)) == 1


# -- the GitHub Action -------------------------------------------------------------------------------

def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_is_composite_and_scripts_take_inputs_only_from_env():
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"command", "args", "comment", "token"} <= set(action["inputs"])
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], "an expression pasted into a script is an injection risk"
            assert step["shell"] == "bash"


def _run_action_script(cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """The action's custlint step alone, with this test run's custlint (tests/test_action_sim.py runs every step)."""
    script = next(s for s in _action()["runs"]["steps"] if s.get("id") == "custlint")["run"]
    bindir = str(Path(sys.executable).parent)
    out = cwd.parent / "action-out"
    e = clean_env(**{"PATH": os.environ["PATH"], "CUSTLINT_BIN": bindir, "CUSTLINT_OUT": str(out),
                     "CUSTLINT_CACHE_DIR": str(cwd.parent / "action-cache"), "GITHUB_OUTPUT": str(cwd.parent / "action-output"),
                     "CUSTLINT_ARGS": "", "CUSTLINT_COMMENT": "false", **env})
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=e,
                          capture_output=True, text=True, timeout=120)


def test_action_script_runs_pr_and_commits(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(BAD)
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"]["body"] = "Refs SHOP-1"
    data["pull_request"]["base"]["ref"] = "main"
    data["pull_request"]["labels"] = []  # the fixture's `bug` label would rightly ask for remediation (CR3xx)
    data["pull_request"]["head"]["sha"] = repo.git("rev-parse", "HEAD")  # the PR's head is this checkout (issue 15: commits judges the payload's head)
    ev = tmp_path / "e.json"
    ev.write_text(json.dumps(data))
    gh = dict(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(ev), GITHUB_BASE_REF="main")
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="all", **gh)
    assert p.returncode == 1, p.stderr  # the description passes, a commit does not
    assert "custlint pr: all clear" in p.stdout and "custlint commits: 2 errors" in p.stdout
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="pr", **gh)
    assert p.returncode == 0 and "custlint commits" not in p.stdout
    # on a push there is no PR: `all` judges the commits only
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="all", **dict(gh, GITHUB_EVENT_NAME="push"))
    assert p.returncode == 1 and "custlint pr" not in p.stdout
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="lint", **gh)
    assert p.returncode == 2 and "must be pr, commits, all or release" in p.stderr
    # args are split into words, not evaluated
    p = _run_action_script(repo.path, CUSTLINT_COMMAND="pr", CUSTLINT_ARGS="--ignore DP3 $(touch pwned)", **gh)
    assert not (repo.path / "pwned").exists() and p.returncode == 2


def test_readme_shows_both_workflows():
    readme = (ROOT / "README.md").read_text()
    assert f"types: {TYPES}" in readme
    assert "uses: custlint/custlint@v0" in readme and "fetch-depth: 0" in readme
    assert "ci/gitlab-template.yml" in readme and "merge_request_event" in readme


# -- issue 15 item 7: no template installs an unpinned package name ------------------------------

PINNED_TAG = re.compile(r"v[0-9]+\.[0-9]+\.[0-9]+|[0-9a-f]{40}")
CI_FILES = ["ci/gitlab-template.yml", "src/custlint/init_templates/gitlab-ci.yml", "action.yml",
            "src/custlint/init_templates/github-workflow.yml"]


def _expand(arg: str, variables: dict[str, str]) -> str:
    def one(m: re.Match) -> str:
        name, default = m.group(1) or m.group(3), m.group(2)
        value = variables.get(name, "")
        return value if value or default is None else _expand(default, variables)
    return re.sub(r"\$\{(\w+)(?::-([^}]*))?\}|\$(\w+)", one, arg)


def _is_pinned(req: str) -> bool:
    if req == "${{ github.action_path }}" or req.startswith(("/", "./")):
        return True  # a checked-out copy: the action's own, pinned by the `uses:` ref
    if req.startswith("git+https://"):
        return "@" in req and bool(PINNED_TAG.fullmatch(req.rsplit("@", 1)[1]))
    if "#sha256=" in req:
        return True
    return bool(re.fullmatch(r"[A-Za-z0-9._-]+==[0-9][0-9A-Za-z.]*", req))


def test_no_ci_template_installs_a_bare_package_name():
    found = 0
    for rel in CI_FILES:
        doc = yaml.safe_load((ROOT / rel).read_text())
        if "runs" in doc:  # the composite action: inputs reach the steps as environment variables
            steps = doc["runs"]["steps"]
            scripts = [(s.get("run", ""), {k: ("" if "inputs." in str(v) else str(v)) for k, v in (s.get("env") or {}).items()})
                       for s in steps]
        else:
            jobs = [j for j in doc.values() if isinstance(j, dict) and "script" in j]
            scripts = [("\n".join(j["script"]), {k: str(v) for k, v in (j.get("variables") or {}).items()}) for j in jobs]
        for text, variables in scripts:
            for m in re.finditer(r"pip install((?:\s+--?[\w-]+)*)\s+(\"[^\"]+\"|\S+)", text):
                found += 1
                req = _expand(m.group(2).strip('"'), variables)
                assert _is_pinned(req), f"{rel} installs {m.group(2)} = {req!r}, not a pinned source"
    assert found >= 3  # both GitLab templates and the action install something
    for rel in CI_FILES:
        assert "CUSTLINT_PACKAGE: \"custlint\"" not in (ROOT / rel).read_text()
    # and the checker itself refuses what issue 15 found
    assert not _is_pinned("custlint") and not _is_pinned("custlint>=0.1")
    assert not _is_pinned("git+https://github.com/custlint/custlint@main")
    assert not _is_pinned("git+https://github.com/custlint/custlint")


def test_gitlab_template_pins_the_release_and_refuses_a_branch(tmp_path):
    import custlint as pkg

    job = yaml.safe_load((ROOT / "ci/gitlab-template.yml").read_text())["custlint"]
    assert job["variables"]["CUSTLINT_REF"] == f"v{pkg.__version__}"  # the template belongs to this release
    assert (ROOT / "src/custlint/init_templates/gitlab-ci.yml").read_text() == (ROOT / "ci/gitlab-template.yml").read_text()
    install = next(line for line in job["script"] if "pip install" in line)
    assert '"git+https://github.com/custlint/custlint@${CUSTLINT_REF}"' in install
    check = job["script"][job["script"].index(install) - 1]  # runs before the install
    assert "CUSTLINT_REF" in check
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "python").symlink_to(sys.executable)  # the job's image has `python`
    env = clean_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")

    def sh(ref: str) -> subprocess.CompletedProcess:
        return subprocess.run(["sh", "-c", check], env=dict(env, CUSTLINT_REF=ref), capture_output=True, text=True)

    for ok in (f"v{pkg.__version__}", "v12.0.3", "0123456789abcdef0123456789abcdef01234567"):
        r = sh(ok)
        assert r.returncode == 0 and r.stderr == "", (ok, r.stderr)
    for bad in ("main", "v0", "latest", "", "v1.2.3\nmain", "0123456789abcdef", "--upgrade", "v1.2.3; curl x"):
        r = sh(bad)
        assert r.returncode == 2 and "custlint: error: CUSTLINT_REF" in r.stderr and "branch" in r.stderr, (bad, r.stderr)


# -- issue 19: init pins a release that exists, and says what to do until it is published ----------

def test_init_pins_the_running_release_and_says_a_sha_is_needed_until_it_is_published(tmp_path):
    import custlint as pkg

    r = custlint("init", cwd=tmp_path)
    assert r.code == 0, r.err
    wf_text = (tmp_path / ".github/workflows/custlint.yml").read_text()
    steps = yaml.safe_load(wf_text)["jobs"]["custlint"]["steps"]
    assert [s["uses"] for s in steps] == ["actions/checkout@v6", f"custlint/custlint@v{pkg.__version__}"]
    assert "{version}" not in wf_text and "{major}" not in wf_text
    assert "commit SHA" in wf_text and f"v{pkg.__version__}" in wf_text
    assert yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())["repos"][0]["rev"] == f"v{pkg.__version__}"
    assert f"pinned   custlint v{pkg.__version__}" in r.out and "commit SHA" in r.out
    (tmp_path / "gl").mkdir()
    (tmp_path / "gl/.gitlab-ci.yml").write_text("stages: [test]\n")
    r = custlint("init", "--dir", "gl", cwd=tmp_path)
    gl = (tmp_path / "gl/.gitlab/custlint.gitlab-ci.yml").read_text()
    assert f'CUSTLINT_REF: "v{pkg.__version__}"' in gl and "commit SHA" in gl and "commit SHA" in r.out

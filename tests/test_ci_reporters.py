"""--format sarif, gitlab and junit: the shapes code scanning, GitLab and test-report viewers accept."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import BAD, GitRepo, custlint

BODY = "We fix the thing.\n\n- [x] Done\n\nStatus: Shipped\n"


def _pr(tmp_path: Path, fmt: str, *extra: str):
    (tmp_path / "b.md").write_text(BODY)
    return custlint("pr", "--body-file", "b.md", "--title", "Add windows", "--format", fmt, *extra, cwd=tmp_path)


def test_sarif_has_rules_with_help_and_every_result_a_location(tmp_path):
    r = _pr(tmp_path, "sarif")
    assert r.code == 1
    doc = r.json()
    assert doc["version"] == "2.1.0" and "sarif-2.1.0" in doc["$schema"]
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "custlint"
    rules = {x["id"]: x for x in driver["rules"]}
    for rule in rules.values():
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
    assert {"CP101", "KP201", "DP301", "DP304", "DP305"} <= set(rules)
    results = run["results"]
    assert sorted(x["ruleId"] for x in results) == ["CP101", "DP304", "DP305", "KP201"]
    for res in results:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["region"]["startLine"] >= 1 and loc["artifactLocation"]["uri"]


def test_sarif_pr_findings_point_at_the_pr_template_else_the_config(tmp_path):
    (tmp_path / ".custlint.toml").write_text("ignore = []\n")
    r = _pr(tmp_path, "sarif")
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in r.json()["runs"][0]["results"]}
    assert uris == {".custlint.toml"}
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "pull_request_template.md").write_text("## Customer problem\n")
    r = _pr(tmp_path, "sarif")
    locs = [res["locations"][0]["physicalLocation"] for res in r.json()["runs"][0]["results"]]
    assert {loc["artifactLocation"]["uri"] for loc in locs} == {".github/pull_request_template.md"}
    assert {loc["region"]["startLine"] for loc in locs} == {1}
    # and the message still says where in the description the finding is
    texts = [res["message"]["text"] for res in r.json()["runs"][0]["results"]]
    assert any("PR description line 3" in t for t in texts)


def test_sarif_for_commits_uses_the_config_file(repo: GitRepo):
    sha = repo.commit(BAD)
    (repo.path / "pyproject.toml").write_text("[tool.custlint]\nignore = []\n")
    r = custlint("commits", "HEAD", "--format", "sarif", cwd=repo.path)
    results = r.json()["runs"][0]["results"]
    assert results and all(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "pyproject.toml" for x in results)
    assert all(f"commit {sha[:10]}" in x["message"]["text"] for x in results)


def test_sarif_clean_run_still_lists_rules(tmp_path):
    (tmp_path / "b.md").write_text("Refs SHOP-1\n")
    r = custlint("pr", "--body-file", "b.md", "--format", "sarif", cwd=tmp_path)
    assert r.code == 0 and r.json()["runs"][0]["results"] == [] and r.json()["runs"][0]["tool"]["driver"]["rules"]


def test_gitlab_code_quality(tmp_path):
    r = _pr(tmp_path, "gitlab")
    issues = r.json()
    assert isinstance(issues, list) and len(issues) == 4
    for i in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(i)
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert i["location"]["path"] and i["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == 4
    again = _pr(tmp_path, "gitlab").json()
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]  # stable across runs
    assert {i["severity"] for i in issues} == {"major", "minor"}


def test_junit(tmp_path, repo: GitRepo):
    r = _pr(tmp_path, "junit", "--output", "report.xml")
    assert r.code == 1 and r.out == ""
    root = ET.parse(tmp_path / "report.xml").getroot()
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("failures") == "2" and len(cases) == 4
    assert len([c for c in cases if c.find("failure") is not None]) == 2
    assert any(c.find("system-out") is not None and "DP304" in c.get("name") for c in cases)
    # control characters from a commit message never break the XML
    repo.commit("Add \x07bell\x1b[31m red\n\nbody\n")
    repo.commit("docs: readme\n")
    r = custlint("commits", "HEAD", "--format", "junit", cwd=repo.path)
    root = ET.fromstring(r.out)
    assert root.find("testsuite").get("skipped") == "1"


def test_junit_clean_run_has_a_passing_case(tmp_path):
    (tmp_path / "b.md").write_text("Refs SHOP-1\n")
    r = custlint("pr", "--body-file", "b.md", "--format", "junit", cwd=tmp_path)
    cases = ET.fromstring(r.out).find("testsuite").findall("testcase")
    assert r.code == 0 and len(cases) == 1 and cases[0].find("failure") is None


def test_unknown_format_lists_the_ci_formats(tmp_path):
    r = _pr(tmp_path, "codeclimate")
    assert r.code == 2
    for name in ("github", "gitlab", "sarif", "junit", "json", "text"):
        assert name in r.err

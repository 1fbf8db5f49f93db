"""--report FORMAT:FILE: one judging, several report files (the GitLab job's log and Code Quality
report, the action's annotations and its JSON outputs)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import custlint

BODY = "Show delivery windows.\n"


def test_one_run_writes_each_report_and_they_agree(tmp_path):
    (tmp_path / "pr.md").write_text(BODY)
    r = custlint("pr", "--body-file", "pr.md", "--title", "Windows", "--format", "text",
                 "--report", "json:r.json", "--report", "gitlab:cq.json",
                 "--report", "junit:j.xml", "--report", "sarif:s.sarif", cwd=tmp_path)
    assert r.code == 1 and "CP101" in r.out  # the main report is still on stdout
    doc = json.loads((tmp_path / "r.json").read_text())
    rules = sorted(f["rule"] for f in doc["findings"])
    assert rules and doc["summary"]["errors"] == len([f for f in doc["findings"] if f["severity"] == "error"])
    cq = json.loads((tmp_path / "cq.json").read_text())
    assert sorted(i["check_name"].split()[0] for i in cq) == rules
    assert len(ET.parse(tmp_path / "j.xml").getroot().findall(".//failure")) >= doc["summary"]["errors"]
    sarif = json.loads((tmp_path / "s.sarif").read_text())
    assert sorted(x["ruleId"] for x in sarif["runs"][0]["results"]) == rules


def test_bad_report_values_are_one_line_and_exit_2(tmp_path):
    (tmp_path / "pr.md").write_text(BODY)
    for value, words in (("json", "give FORMAT:FILE"), ("yaml:x.yml", "unknown format 'yaml'"),
                         ("github:x.txt", "unknown format 'github'"), ("json:", "give FORMAT:FILE")):
        r = custlint("pr", "--body-file", "pr.md", "--report", value, cwd=tmp_path)
        assert r.code == 2 and words in r.err and len(r.err.strip().splitlines()) == 1, (value, r.err)
    r = custlint("pr", "--body-file", "pr.md", "--report", "json:a.json", "--report", "gitlab:a.json", cwd=tmp_path)
    assert r.code == 2 and "already written" in r.err
    r = custlint("pr", "--body-file", "pr.md", "--report", f"json:{tmp_path}/no/such/dir/r.json", cwd=tmp_path)
    assert r.code == 2 and "cannot write it" in r.err
    assert "--report FORMAT:FILE" in custlint("pr", "--help").out

"""Issue 15, low: user mistakes that were internal errors are one line and exit 2."""

from __future__ import annotations

import json
import os
import re

from conftest import GitRepo, custlint


def test_a_tool_key_that_is_no_table_is_one_line(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("Show fees\n\nRefs SHOP-1\n")
    (repo.path / "pyproject.toml").write_text('tool = "custlint"\n')
    r = custlint("commits", "HEAD", cwd=repo.path)
    assert r.code == 2 and "[tool] must be a table" in r.err and len(r.err.strip().splitlines()) == 1
    assert "internal error" not in r.err


def test_a_payload_nested_too_deeply_is_one_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"pull_request": ' + "[" * 100_000 + "]" * 100_000 + "}")
    r = custlint("pr", "--event", str(deep), cwd=tmp_path)
    assert r.code == 2 and "nested too deeply" in r.err and len(r.err.strip().splitlines()) == 1


def test_an_integer_of_5000_digits_is_one_line(tmp_path):
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"x": 1}).replace("1", "9" * 5000))
    r = custlint("pr", "--event", str(big), cwd=tmp_path)
    assert r.code == 2 and "internal error" not in r.err and len(r.err.strip().splitlines()) == 1


def test_audit_jobs_are_capped_at_the_core_count(tmp_path):
    repo = GitRepo(tmp_path / "r")
    for k in range(3):
        repo.commit(f"Show fees {k}\n\nRefs SHOP-{k + 1}\n")
    r = custlint("audit", "--jobs", "100000", "--no-cache", "--verbose", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.err
    jobs = int(re.search(r"jobs=(\d+)", r.err).group(1))
    assert jobs <= (os.cpu_count() or 1)


def test_a_config_name_that_is_a_folder_is_one_line(tmp_path):
    repo = GitRepo(tmp_path / "r")
    repo.commit("Show fees\n\nRefs SHOP-1\n")
    (repo.path / ".custlint.toml").mkdir()
    r = custlint("commits", "HEAD", cwd=repo.path)
    assert r.code == 2 and "not a regular file" in r.err and len(r.err.strip().splitlines()) == 1


def test_the_config_search_stops_at_the_repository_top(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ignore = ["CP101", "KP201"]\n')  # above the repository
    repo = GitRepo(tmp_path / "r")
    repo.commit("Show fees\n")
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert {f["rule"] for f in r.json()["findings"]} >= {"CP101", "KP201"}

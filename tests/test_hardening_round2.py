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


def test_a_fifo_as_the_message_file_is_one_line_not_a_hang(tmp_path):
    fifo = tmp_path / "msg"
    os.mkfifo(fifo)
    r = custlint("commit-msg", str(fifo), cwd=tmp_path)
    assert r.code == 2 and "not a regular file" in r.err and len(r.err.strip().splitlines()) == 1


def test_a_ticket_that_links_to_dev_zero_is_a_broken_ticket_not_a_hang(tmp_path):
    (tmp_path / "tickets").mkdir()
    (tmp_path / "tickets" / "SHOP-1.md").write_text("---\nid: SHOP-1\ntitle: Fees\nstatus: open\n---\nBody\n")
    (tmp_path / "tickets" / "SHOP-2.md").symlink_to("/dev/zero")
    r = custlint("tickets", "--format", "json", cwd=tmp_path)
    assert "internal error" not in r.err and "not a regular file" in r.out + r.err
    assert "SHOP-1" in r.out


def test_a_body_file_over_the_cap_is_one_line(tmp_path):
    from custlint.core.files import MAX_BYTES

    big = tmp_path / "body.md"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk used
    r = custlint("pr", "--body-file", str(big), "--title", "Show fees", cwd=tmp_path)
    assert r.code == 2 and "larger than 16 MB" in r.err and len(r.err.strip().splitlines()) == 1


def test_a_rule_pack_that_is_a_fifo_is_one_line(tmp_path):
    os.mkfifo(tmp_path / "team.toml")
    r = custlint("rules", "--check", str(tmp_path / "team.toml"), cwd=tmp_path)
    assert r.code == 2 and "not a regular file" in r.err and len(r.err.strip().splitlines()) == 1

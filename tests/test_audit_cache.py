"""The audit's per-commit result cache: the same JSON with and without it, and only a shortcut."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint
from custlint.audit import cache
from test_audit import mixed_history, tag

_LINE = re.compile(r"result cache: (?:([\d,]+) commits from it, ([\d,]+) judged afresh|off)")


def run_audit(repo: GitRepo, cache_dir: Path | None, *args: str, **env: str) -> tuple[str, tuple[int, int] | None]:
    """The JSON text and (commits from the cache, commits judged afresh), or None when the cache is off."""
    e = clean_env(**env)
    if cache_dir is not None:
        e["CUSTLINT_CACHE_DIR"] = str(cache_dir)
    run = custlint("audit", "--format", "json", "--no-progress", "-v", *args, cwd=repo.path, env=e)
    assert run.code == 0, run.err
    m = _LINE.search(run.err)
    assert m, run.err
    counts = None if m.group(1) is None else (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", "")))
    return run.out, counts


def cache_files(cache_dir: Path) -> list[Path]:
    return sorted((cache_dir / "audit").glob("*.bin")) if (cache_dir / "audit").is_dir() else []


def history(repo: GitRepo) -> None:
    mixed_history(repo)  # 6 commits: linked, unlinked, exempt (docs, bot), a closing keyword
    tag(repo, "v1.0", "2026-03-02T00:00:00Z")
    repo.commit("Retry payments\n\nSHOP-7 #done\n\nKPI: failed payments below 1% in 30 days\n", author="Dee",
                date="2026-03-05T10:00:00Z")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit(BAD, author="Eve", date="2026-03-06T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.commit(GOOD, author="Ann", date="2026-03-07T10:00:00Z")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side",
             env=clean_env(GIT_AUTHOR_DATE="2026-03-08T10:00:00Z", GIT_COMMITTER_DATE="2026-03-08T10:00:00Z"))


def test_cached_results_are_byte_identical(repo: GitRepo, tmp_path: Path):
    history(repo)
    store = tmp_path / "cache"
    plain, counts = run_audit(repo, store, "--no-cache")
    assert counts is None and not cache_files(store)  # --no-cache neither reads nor writes
    cold, counts = run_audit(repo, store)
    assert cold == plain and counts == (0, 10)
    files = cache_files(store)
    assert len(files) == 1 and files[0].stat().st_size == 8 + 32 + 8 + 65537 * 4 + 10 * 28  # 28 bytes a commit
    warm, counts = run_audit(repo, store, "--jobs", "2")
    assert warm == plain and counts == (10, 0)
    # by path, a range, --until: other tallies of the same judgements
    for args in (("--by", "path"), ("v1.0..HEAD",), ("--until", "2026-03-01"), ("HEAD", "--", "file3.txt")):
        assert run_audit(repo, store, *args)[0] == run_audit(repo, None, "--no-cache", *args)[0], args

    # new commits: only they are judged (a partial hit), and the result is still the uncached one
    repo.commit(BAD, author="Bob", date="2026-03-09T10:00:00Z")
    repo.commit("chore: bump the linter\n", author="Ann", date="2026-03-10T10:00:00Z")
    tag(repo, "v1.1", "2026-03-11T00:00:00Z")
    out, counts = run_audit(repo, store)
    assert counts == (10, 2) and out == run_audit(repo, None, "--no-cache")[0]
    assert run_audit(repo, store)[1] == (12, 0)

    # a config change the checks read: every commit judged again, under the new config
    (repo.path / ".custlint.toml").write_text('exempt-types = ["docs", "chore", "fix"]\npersonas = ["merchant"]\n')
    out, counts = run_audit(repo, store)
    assert counts == (0, 12) and out == run_audit(repo, None, "--no-cache")[0]
    assert len(cache_files(store)) == 2  # one file per fingerprint
    # back to the first config: its file is still there
    (repo.path / ".custlint.toml").unlink()
    assert run_audit(repo, store)[1] == (12, 0)
    # a rule selection is part of the fingerprint too
    assert run_audit(repo, store, "--ignore", "KP")[1] == (0, 12)


def test_done_claims_are_looked_up_when_releases_appear(repo: GitRepo, tmp_path: Path):
    """Without release tags the audit never looks for done claims; a later run with tags must."""
    history(repo)
    store = tmp_path / "cache"
    assert run_audit(repo, store, "--release-tags", "none-*")[1] == (0, 10)
    out, counts = run_audit(repo, store)  # same fingerprint (--release-tags is not a judgement)
    assert counts == (1, 9)  # the merge commit needs no done claim; the 9 others are judged again
    assert out == run_audit(repo, None, "--no-cache")[0]
    assert run_audit(repo, store)[1] == (10, 0)


def test_a_broken_cache_file_is_ignored_and_rewritten(repo: GitRepo, tmp_path: Path):
    history(repo)
    store = tmp_path / "cache"
    plain, _ = run_audit(repo, None, "--no-cache")
    run_audit(repo, store)
    (path,) = cache_files(store)
    good = path.read_bytes()
    n = len(good)
    flipped = bytearray(good)
    flipped[-3] ^= 0xFF  # a value: caught by the checksum
    for broken in (b"", good[:20], good[:-1], good + b"\0", bytes(flipped), b"CLAUDIT\x01" + os.urandom(n - 8),
                   b"\x80\x04\x95" + b"pickle" * 10):
        path.write_bytes(broken)
        out, counts = run_audit(repo, store)
        assert out == plain and counts == (0, 10), broken[:12]
        assert path.read_bytes() == good  # rewritten
    # a folder that cannot be made: no error, no cache
    blocked = tmp_path / "file"
    blocked.write_text("x")
    out, counts = run_audit(repo, blocked / "cache")
    assert out == plain and counts == (0, 10)


def test_cache_can_be_turned_off(repo: GitRepo, tmp_path: Path):
    repo.commit(GOOD)
    store = tmp_path / "cache"
    assert run_audit(repo, store, CUSTLINT_NO_CACHE="1")[1] is None
    assert run_audit(repo, store, "--no-cache")[1] is None
    assert not store.exists()
    run = custlint("audit", "--help")
    assert "--no-cache" in run.out and "CUSTLINT_NO_CACHE" in " ".join(run.out.split())


def test_a_rule_pack_edit_is_a_miss(repo: GitRepo, tmp_path: Path):
    repo.commit(GOOD)
    repo.commit(BAD)
    store = tmp_path / "cache"
    pack = repo.path / "rules" / "house.toml"
    pack.parent.mkdir()
    (repo.path / ".custlint.toml").write_text('rule-paths = ["rules"]\n')

    def write_pack(pattern: str) -> None:
        pack.write_text(f'''[pack]
name = "house"
description = "house rules"

[[rule]]
code = "HR001"
name = "no-wip"
principle = "working-backwards"
severity = "warning"
applies-to = ["commit"]
kind = "forbidden-pattern"
pattern = "{pattern}"
scope = "title"
message = "no {pattern} in a title"
fix = "say what the change does"
what = "Titles say what changes."
why = "A reader of the history needs it."
examples = [{{ valid = true, text = "Add a thing" }}, {{ valid = false, text = "{pattern} thing" }}]
''')

    write_pack("WIP")
    first, counts = run_audit(repo, store)
    assert counts == (0, 2)
    write_pack("Add")  # BAD's title starts with "Add": the rule now fires on it
    out, counts = run_audit(repo, store)
    assert counts == (0, 2) and out != first and out == run_audit(repo, None, "--no-cache")[0]


# -- the file format and the fingerprint, in this process ------------------------------------------

def _entries(n: int, seed: int = 0) -> bytes:
    import hashlib

    # principle bits, flags and rule bits (16 and up), 28-byte records
    return b"".join(hashlib.sha1(f"{seed}-{i}".encode()).digest()
                    + (i % 32 | (i % 8) << 8 | (i % 97) << cache.RULE_SHIFT).to_bytes(cache.VB, "little")
                    for i in range(n))


def test_table_merge_lookup_and_round_trip():
    fp = bytes(range(32))
    t = cache.Table().merged(_entries(3000))
    assert t.n == 3000
    assert [t.keys[i * 20:(i + 1) * 20] for i in range(t.n)] == sorted(t.keys[i * 20:(i + 1) * 20] for i in range(t.n))
    more = _entries(50, seed=1) + _entries(10)[:cache.STEP * 3]  # 50 new, 3 replaced (same values)
    t2 = cache.Table.from_bytes(t.merged(more).to_bytes(fp), fp)
    assert t2 is not None and t2.n == 3050
    for blob in (_entries(3000), _entries(50, seed=1)):
        for i in range(0, len(blob), cache.STEP):
            assert t2.get(blob[i:i + 20]) == int.from_bytes(blob[i + 20:i + cache.STEP], "little")
    assert t2.get(b"\0" * 20) == -1 and t2.get(b"\xff" * 20) == -1
    assert cache.Table.from_bytes(t.to_bytes(fp), b"\1" * 32) is None  # another fingerprint
    # a value with bits no version writes is a miss, not a wrong answer
    odd = cache.Table().merged(b"\x01" * 20 + (1 << 15).to_bytes(cache.VB, "little"))
    assert odd.get(b"\x01" * 20) == -1


def test_key_of():
    assert cache.key_of(b"a" * 40) == bytes.fromhex("a" * 40)
    assert cache.key_of(b"b" * 64) == bytes.fromhex("b" * 40)  # SHA-256 object names: the first 20 bytes
    assert cache.key_of(b"xyz") is None and cache.key_of(b"ab") is None


def _engine(config: Path | None = None, **over):
    from custlint.commands._common import Context

    ns = argparse.Namespace(config=str(config) if config else None, select=None, extend_select=None, ignore=None)
    for k, v in over.items():
        setattr(ns, k, v)
    return Context(ns).engine


def test_fingerprint_covers_config_rules_and_environment(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for var in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        monkeypatch.delenv(var, raising=False)
    base = cache.fingerprint(_engine())
    assert cache.fingerprint(_engine()) == base  # stable from run to run
    assert cache.fingerprint(_engine(ignore="CP101")) != base
    cfg = tmp_path / ".custlint.toml"
    cfg.write_text('[production]\ndone-transitions = ["done"]\n')
    assert cache.fingerprint(_engine(cfg)) != base
    cfg.write_text('severity = { KP201 = "info" }\n')
    assert cache.fingerprint(_engine(cfg)) != base
    monkeypatch.setenv("GITHUB_BASE_REF", "develop")  # the done rules read the target branch
    assert cache.fingerprint(_engine()) != base


def test_fingerprint_follows_the_ticket_cache(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = tmp_path / ".custlint.toml"
    cfg.write_text('extend-select = ["TK"]\n[tickets]\nsource = "github-json"\n')
    tickets = tmp_path / ".custlint" / "tickets.json"
    none = cache.fingerprint(_engine(cfg))
    tickets.parent.mkdir()
    tickets.write_text('{"version": 1, "tickets": {}}')
    one = cache.fingerprint(_engine(cfg))
    tickets.write_text('{"version": 1, "tickets": {"#1": {"title": "x"}}}')
    assert len({none, one, cache.fingerprint(_engine(cfg))}) == 3


@pytest.mark.parametrize("files", [3, 12])
def test_old_fingerprints_are_pruned(tmp_path: Path, monkeypatch, files: int):
    monkeypatch.setenv("CUSTLINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("CUSTLINT_NO_CACHE", raising=False)
    for i in range(files):
        fp = bytes([i]) * 32
        cache.save(fp, cache.Table(), _entries(5, seed=i))
        os.utime(cache._path(fp), (1000 + i, 1000 + i))
    left = sorted(p.name for p in (tmp_path / "audit").iterdir())
    assert len(left) == min(files, cache.KEEP_FILES)
    assert cache.load(bytes([files - 1]) * 32).n == 5


def test_json_text_is_json_dumps_byte_for_byte():
    import json

    from custlint.reporters.audit_output import json_text

    cases = [
        {"a": [], "b": {}, "c": [1, 2.5, -0.0, 1e300, float("nan"), float("inf"), -float("inf"), None, True, False,
                                 'é"\\\n\x00\u2028 ✓', [[]], {"x": {}}], "d": (1, 2), "e": 10**30},
        {1: 2, "x": [{"y": None}]},  # a key that is not a string: left to json.dumps
        [], {}, "x", 0, {"n": -7},
    ]
    for c in cases:
        assert json_text(c) == json.dumps(c, indent=1, ensure_ascii=False)

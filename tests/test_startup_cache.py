"""The caches that keep the commit-msg hook fast: validated rules and parsed TOML, in the user's
cache folder. A cache is only a shortcut: every change is seen, a broken entry is ignored, a
mistake in a pack is said on every run, and no cache folder is no error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import clean_env, custlint

GOOD = ("Show delivery windows at checkout\n\n"
        "Customer-Problem: shoppers abandon checkout because they cannot see when an order arrives\n"
        "KPI: checkout completion rises from 61% to 65% within 6 weeks\n")
NO_KPI = "Show delivery windows at checkout\n\nCustomer-Problem: shoppers cannot see when an order arrives\n"

# a user pack: a forbidden pattern, so its findings show which version of the pack ran
PACK = """[pack]
name = "house"
[[rule]]
code = "HS101"
name = "no-wip"
principle = "customer-problem"
severity = "error"
applies-to = ["commit"]
kind = "forbidden-pattern"
pattern = '{word}'
scope = "title"
message = "no {word} commits"
what = "x"
why = "y"
[[rule.examples]]
valid = true
text = "Show delivery windows"
[[rule.examples]]
valid = false
text = "{word} delivery windows"
"""


def _env(cache: Path, **extra: str) -> dict[str, str]:
    return clean_env(CUSTLINT_CACHE_DIR=str(cache), **extra)


def _project(tmp_path: Path, word: str = "Show") -> Path:
    proj = tmp_path / "proj"
    (proj / "packs").mkdir(parents=True, exist_ok=True)
    (proj / "packs" / "house.toml").write_text(PACK.format(word=word))
    (proj / ".custlint.toml").write_text('rule-paths = ["packs"]\n')
    (proj / "msg").write_text(GOOD)
    return proj


def _entries(cache: Path, kind: str) -> list[Path]:
    return sorted((cache / kind).glob("*.json")) if (cache / kind).is_dir() else []


def test_second_run_reads_the_rules_from_the_cache_without_parsing_toml(tmp_path):
    cache = tmp_path / "cache"
    proj = _project(tmp_path)
    first = custlint("commit-msg", "msg", cwd=proj, env=_env(cache))
    assert first.code == 1 and "HS101" in first.out  # the user's pack runs ("Show" is forbidden)
    assert len(_entries(cache, "rules")) == 1 and len(_entries(cache, "toml")) == 1
    code = ("import sys\nfrom custlint.cli import main\nrc = main(['commit-msg', 'msg'])\n"
            "loaded = sorted(m for m in ('tomllib', 'tomli', 'dataclasses', 'typing', 'custlint.coderules', "
            "'custlint.document.ticket') if m in sys.modules)\n"
            "print('LOADED=' + ','.join(loaded))\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=proj, capture_output=True, text=True, env=_env(cache))
    assert "HS101" in p.stdout and "LOADED=\n" in p.stdout, p.stdout + p.stderr


def test_a_changed_pack_or_config_is_seen_at_once(tmp_path):
    cache = tmp_path / "cache"
    proj = _project(tmp_path)
    assert "HS101" in custlint("commit-msg", "msg", cwd=proj, env=_env(cache)).out
    (proj / "packs" / "house.toml").write_text(PACK.format(word="WIP"))  # same size, new content
    os.utime(proj / "packs" / "house.toml", ns=(1, 1))
    r = custlint("commit-msg", "msg", cwd=proj, env=_env(cache))
    assert r.code == 0 and "HS101" not in r.out, r.out
    (proj / ".custlint.toml").write_text('rule-paths = ["packs"]\nignore = ["CP", "KP", "CR", "WB", "DP", "TK"]\n')
    (proj / "msg").write_text("WIP delivery windows\n")
    r = custlint("commit-msg", "msg", cwd=proj, env=_env(cache))
    assert r.code == 1 and "HS101" in r.out and "CP101" not in r.out, r.out


def test_a_pack_with_a_mistake_is_never_cached_and_said_every_time(tmp_path):
    cache = tmp_path / "cache"
    proj = _project(tmp_path)
    (proj / "packs" / "house.toml").write_text(PACK.format(word="Show").replace('"forbidden-pattern"', '"nonsense"'))
    for _ in range(2):
        r = custlint("commit-msg", "msg", cwd=proj, env=_env(cache))
        assert r.code == 2 and "'kind' must be one of" in r.err
    assert _entries(cache, "rules") == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other-version", "wrong-shape"])
def test_a_broken_cache_entry_is_ignored(tmp_path, damage):
    cache = tmp_path / "cache"
    proj = _project(tmp_path)
    want = custlint("commit-msg", "msg", cwd=proj, env=_env(cache))
    for entry in _entries(cache, "rules") + _entries(cache, "toml"):
        data = entry.read_bytes()
        if damage == "garbage":
            entry.write_bytes(b"\x00\xff not json")
        elif damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "other-version":
            doc = json.loads(data)
            doc["stamp"] = "0.0.0/3.0"
            entry.write_text(json.dumps(doc))
        else:
            doc = json.loads(data)
            doc["value"] = [[1, 2, 3]] if isinstance(doc["value"], list) else ["a list, not a table"]
            entry.write_text(json.dumps(doc))
    got = custlint("commit-msg", "msg", cwd=proj, env=_env(cache))
    assert (got.code, got.out) == (want.code, want.out)


def test_no_cache_means_no_cache_folder(tmp_path):
    proj = _project(tmp_path)
    r = custlint("commit-msg", "msg", cwd=proj, env=_env(tmp_path / "off", CUSTLINT_NO_CACHE="1"))
    assert r.code == 1 and "HS101" in r.out and not (tmp_path / "off").exists()


def test_a_cache_folder_that_cannot_be_made_is_no_error(tmp_path):  # (root can write anywhere else)
    proj = _project(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    r = custlint("commit-msg", "msg", cwd=proj, env=_env(blocker))
    assert r.code == 1 and "HS101" in r.out and "error" not in r.err


def test_every_shipped_rule_finds_its_check_in_the_module_of_its_pack():
    # no table to keep in step: a pack's rules are checked by the functions of custlint.checks.<pack>
    from custlint.engine.packs import load_rules
    from custlint.engine.registry import module_files, registry

    checks = registry()
    for rule in load_rules():
        if rule.kind != "analysis":
            continue
        pack = Path(rule.pack).stem.replace("-", "_")
        assert rule.check_module == f"custlint.checks.{pack}", rule.code
        assert checks[rule.check].__module__ == rule.check_module, rule.code
    assert {Path(f).stem for f in module_files()} == {m.rpartition(".")[2] for m in {f.__module__ for f in checks.values()}}


def test_usercache_location_follows_the_environment(monkeypatch, tmp_path):
    from custlint.core import usercache

    monkeypatch.delenv("CUSTLINT_NO_CACHE", raising=False)
    monkeypatch.setenv("CUSTLINT_CACHE_DIR", str(tmp_path / "c"))
    assert usercache.cache_dir() == str(tmp_path / "c")
    monkeypatch.delenv("CUSTLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert usercache.cache_dir() == str(tmp_path / "xdg" / "custlint")
    monkeypatch.setenv("CUSTLINT_NO_CACHE", "1")
    assert usercache.cache_dir() is None
    monkeypatch.setenv("CUSTLINT_NO_CACHE", "0")
    assert usercache.cache_dir() == str(tmp_path / "xdg" / "custlint")
    usercache.write("k", "n", [1], {"a": [1, 2]})
    assert usercache.read("k", "n", [1]) == {"a": [1, 2]}
    assert usercache.read("k", "n", [2]) is None  # another key: a miss
    usercache.write("k", "dates", [1], {"when": object()})  # not JSON: skipped, nothing half-written
    assert usercache.read("k", "dates", [1]) is None
    assert [p.name for p in (tmp_path / "xdg" / "custlint" / "k").iterdir()] == ["n.json"]
    assert usercache.name_for("a") != usercache.name_for("b") and len(usercache.name_for("x" * 500)) == 16


_BUILT_SCRIPT = r"""
import json, os, sys
from custlint.engine import ruleset
if sys.argv[1] == "write":
    ruleset.write_built(os.environ["CUSTLINT_ACCEL_DIR"])
    print(json.dumps([ruleset._to_json(r) for r in ruleset._load([], [])]))
else:
    rules = ruleset.every_rule()
    print(json.dumps([ruleset._to_json(r) for r in rules]))
    print("PARSED" if "tomllib" in sys.modules or "tomli" in sys.modules else "READ")
"""


def test_a_first_run_reads_the_shipped_rules_the_build_parsed(tmp_path):
    """custlint compile keeps the shipped rules parsed beside the compiled modules: a run with no cache
    at all (--no-cache, a CI runner's empty one) reads them as JSON, the same rules a parse gives; with
    the files changed since (here: the key the build kept), it parses them again."""
    build = tmp_path / "build"
    build.mkdir()
    env = clean_env(CUSTLINT_ACCEL_DIR=str(build), CUSTLINT_NO_CACHE="1")

    def run(mode: str) -> list[str]:
        p = subprocess.run([sys.executable, "-c", _BUILT_SCRIPT, mode], capture_output=True, text=True, env=env,
                           check=True)
        return p.stdout.splitlines()

    parsed = run("write")[0]
    rules, how = run("read")
    assert (rules, how) == (parsed, "READ")
    built = build / "rules.json"
    data = json.loads(built.read_text())
    data["key"][1][2] += 1  # a pack's modification time, as if it changed after the build
    built.write_text(json.dumps(data))
    assert run("read") == [parsed, "PARSED"]
    built.write_text("{not json")
    assert run("read") == [parsed, "PARSED"]

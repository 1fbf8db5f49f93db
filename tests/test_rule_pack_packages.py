"""Rule packs installed as Python packages (issue 19): a package with a ``custlint.rule_packs``
entry point laid out as installed (package data and a ``.dist-info``), found by the real
``importlib.metadata`` in a custlint subprocess, then selected by ``rule-packs``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, clean_env, custlint

PACK = '''
[pack]
name = "acme"
description = "Acme's house rules."
checks = "acme_custlint.checks"

[[rule]]
code = "AC101"
name = "acme-no-wip"
principle = "done-in-production"
severity = "error"
applies-to = ["commit", "pr"]
kind = "forbidden-pattern"
pattern = "\\\\bWIP\\\\b"
scope = "title"
message = "Work in progress in the title: '{match}'."
what = "The title says WIP."
why = "Half-done work reaches nobody."
[[rule.examples]]
valid = true
text = "Add reorder\\n\\nRefs SHOP-1\\n"
[[rule.examples]]
valid = false
text = "WIP add reorder\\n\\nRefs SHOP-1\\n"

[[rule]]
code = "AC102"
name = "acme-owner-trailer"
principle = "customer-problem"
severity = "warning"
applies-to = ["commit"]
kind = "analysis"
check = "acme-owner"
message = "No Owner: trailer names who answers for this change."
what = "An Owner: trailer is present."
why = "Someone answers to the customer for every change."
[[rule.examples]]
valid = true
text = "Add reorder\\n\\nRefs SHOP-1\\n\\nOwner: payments team\\n"
[[rule.examples]]
valid = false
text = "Add reorder\\n\\nRefs SHOP-1\\n"
'''

CHECKS = '''
import os

from custlint.engine.registry import Hit, check


@check("acme-owner")
def acme_owner(doc, a, params):
    seen = os.environ.get("ACME_SEEN")  # the test's window on what a commit's document holds
    if seen and "history" in doc.extra:
        with open(seen, "a") as f:
            f.write(f"{doc.extra['authored']}|{doc.extra['committed']}\\n")
    if doc.trailer("owner") is None:
        yield Hit()
'''

ENTRY_POINTS = """[custlint.rule_packs]
acme = acme_custlint
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The acme package as an installer lays it out in site-packages: the package with its pack as
    package data, and its ``.dist-info`` with METADATA and entry_points.txt, which
    ``importlib.metadata`` reads (the folder is put on the subprocess's ``PYTHONPATH``)."""
    target = tmp_path_factory.mktemp("site")
    pkg = target / "acme_custlint"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "checks.py").write_text(CHECKS)
    (pkg / "acme.toml").write_text(PACK)
    info = target / "acme_custlint-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-custlint\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    (info / "top_level.txt").write_text("acme_custlint\n")
    probe = subprocess.run(
        [sys.executable, "-c", "from importlib.metadata import entry_points;"
         "print([e.value for e in entry_points(group='custlint.rule_packs')])"],
        env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, check=True,
    )
    assert probe.stdout.strip() == "['acme_custlint']"  # the real entry point machinery finds it
    return target


def _env(site: Path) -> dict[str, str]:
    return clean_env(PYTHONPATH=str(site))


def test_an_installed_pack_is_selectable_like_a_shipped_one(site, tmp_path):
    (tmp_path / ".custlint.toml").write_text('rule-packs = ["acme"]\n')
    (tmp_path / "MSG").write_text("WIP add reorder\n\nRefs SHOP-1\n")
    r = custlint("commit-msg", "MSG", "--format", "json", cwd=tmp_path, env=_env(site))
    assert r.code == 1, r.err
    assert sorted(f["rule"] for f in r.json()["findings"]) == ["AC101", "AC102"]
    # selectable by prefix and name, like the shipped rules; its check module runs from the cache too
    for sel in ("AC1", "acme-owner-trailer"):
        r = custlint("commit-msg", "MSG", "--select", sel, "--format", "json", cwd=tmp_path, env=_env(site))
        assert "AC102" in {f["rule"] for f in r.json()["findings"]}, (sel, r.err)
    (tmp_path / "MSG").write_text("Add reorder\n\nRefs SHOP-1\n\nOwner: payments team\n")
    r = custlint("commit-msg", "MSG", "--format", "json", cwd=tmp_path, env=_env(site))
    assert r.code == 0 and r.json()["findings"] == [], r.out


def test_custlint_rules_lists_the_pack_and_checks_its_examples(site, tmp_path):
    (tmp_path / ".custlint.toml").write_text('rule-packs = ["acme"]\n')
    r = custlint("rules", cwd=tmp_path, env=_env(site))
    assert r.code == 0 and "AC101" in r.out and "AC102" in r.out
    r = custlint("rules", "--check", str(site / "acme_custlint" / "acme.toml"), cwd=tmp_path, env=_env(site))
    assert r.code == 0, r.out + r.err  # the installed pack's own file: its check module is imported
    assert r.out == "4 of 4 examples behave as documented.\n"
    copy = tmp_path / "copy.toml"  # the same pack outside the package may not import code
    copy.write_text(PACK)
    r = custlint("rules", "--check", str(copy), cwd=tmp_path, env=_env(site))
    assert r.code == 2 and r.err.count("\n") == 1 and "may name a check module" in r.err


def test_without_rule_packs_installed_packs_are_not_loaded(site, tmp_path):
    (tmp_path / "MSG").write_text("WIP add reorder\n\nRefs SHOP-1\n")
    r = custlint("commit-msg", "MSG", "--format", "json", cwd=tmp_path, env=_env(site))
    assert not {f["rule"] for f in r.json()["findings"]} & {"AC101", "AC102"}
    r = custlint("commit-msg", "MSG", "--select", "AC101", cwd=tmp_path, env=_env(site))
    assert r.code == 2 and "AC101" in r.err


def test_an_unknown_pack_is_one_line_exit_2_listing_the_installed(site, tmp_path):
    (tmp_path / ".custlint.toml").write_text('rule-packs = ["acme", "globex"]\n')
    (tmp_path / "MSG").write_text(BAD)
    r = custlint("commit-msg", "MSG", cwd=tmp_path, env=_env(site))
    assert r.code == 2 and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert "'globex'" in r.err and "installed: acme" in r.err


def test_a_repository_pack_cannot_import_code(tmp_path):
    packs = tmp_path / "packs"
    packs.mkdir()
    (packs / "p.toml").write_text(PACK)
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["packs"]\n')
    (tmp_path / "MSG").write_text(BAD)
    r = custlint("commit-msg", "MSG", cwd=tmp_path)
    assert r.code == 2 and r.err.count("\n") == 1
    assert "only a rule pack installed as a package (rule-packs) may name a check module" in r.err


def test_the_hook_without_rule_packs_never_looks_up_entry_points(site, tmp_path):
    (tmp_path / "MSG").write_text("Add reorder\n\nRefs SHOP-1\n")
    code = ("import sys\nfrom custlint.cli import main\nrc = main(['commit-msg', sys.argv[1]])\n"
            "mods = sorted(m for m in ('importlib.metadata', 'custlint.engine.pack_packages', 'custlint.core.extend',"
            " 'acme_custlint') if m in sys.modules)\nprint('RC=%d MODS=%s' % (rc, ','.join(mods)))\n")
    for _ in range(2):  # the first run fills the rule cache, the second is every later commit
        p = subprocess.run([sys.executable, "-c", code, str(tmp_path / "MSG")], capture_output=True, text=True,
                           env=_env(site), cwd=tmp_path)
        assert "RC=0 MODS=\n" in p.stdout, p.stdout + p.stderr


def test_a_check_name_clash_is_one_line_exit_2(tmp_path_factory, site, tmp_path):
    bad = tmp_path_factory.mktemp("clash")
    shutil.copytree(site, bad, dirs_exist_ok=True)
    (bad / "acme_custlint" / "checks.py").write_text(CHECKS.replace('"acme-owner"', '"customer-problem-linked"'))
    (tmp_path / ".custlint.toml").write_text('rule-packs = ["acme"]\n')
    (tmp_path / "MSG").write_text(BAD)
    r = custlint("commit-msg", "MSG", cwd=tmp_path, env=clean_env(PYTHONPATH=str(bad)))
    assert r.code == 2 and r.err.count("\n") == 1
    assert "cannot import its check module 'acme_custlint.checks'" in r.err and "registered twice" in r.err


def test_the_audit_gives_an_installed_packs_checks_the_dates(site, tmp_path):
    """The audit asks git for no dates where only custlint's rules run (none reads them); an installed
    pack's own checks may, so with rule-packs each commit's document holds both, as in `custlint commits`."""
    from conftest import GitRepo

    repo = GitRepo(tmp_path / "repo")
    repo.commit("Add reorder\n\nRefs SHOP-1\n", date="2026-01-05T10:00:00Z")
    repo.commit("Fix the reorder button\n\nRefs SHOP-2\n", date="2026-01-06T11:00:00Z")
    (repo.path / ".custlint.toml").write_text('rule-packs = ["acme"]\n')
    seen = tmp_path / "seen"
    for jobs in ("0", "2"):
        seen.write_text("")
        r = custlint("audit", "--no-cache", "--jobs", jobs, "--format", "json", cwd=repo.path,
                     env=clean_env(PYTHONPATH=str(site), ACME_SEEN=str(seen)))
        assert r.code == 0, r.err
        assert sorted(seen.read_text().splitlines()) == [
            "2026-01-05T10:00:00+00:00|2026-01-05T10:00:00+00:00",
            "2026-01-06T11:00:00+00:00|2026-01-06T11:00:00+00:00",
        ], jobs
        assert {row["code"]: row["commits"] for row in r.json()["rules"]}.get("AC102") == 2

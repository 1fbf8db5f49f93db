"""docs/rules/<CODE>.md: one page per shipped rule, generated from the rule's own data, checked in and
current; SARIF's helpUri links each rule's page (configurable with rule-docs-url)."""

from __future__ import annotations

import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, ROOT, clean_env, custlint

DOCS = ROOT / "docs" / "rules"
PACK = '''
[[rule]]
code = "TM901"
name = "no-wip"
principle = "done-in-production"
severity = "warning"
kind = "forbidden-pattern"
pattern = "\\\\bWIP\\\\b"
scope = "title"
message = "Work in progress in the title."
fix = "Finish the work first."
what = "The title says WIP."
why = "Half-done work reaches nobody."
[[rule.examples]]
valid = true
text = "Add reorder\\n\\nRefs SHOP-1\\n"
[[rule.examples]]
valid = false
text = "WIP add reorder\\n\\nRefs SHOP-1\\n"
'''


def _generator(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "custlint.engine.rule_docs", *args], cwd=cwd, env=clean_env(),
                          capture_output=True, text=True, timeout=300)


def test_the_checked_in_pages_are_current(tmp_path):
    """Regenerate every page into a fresh folder and compare with docs/rules: the same files, the same bytes."""
    fresh = tmp_path / "rules"
    p = _generator(str(fresh))
    assert p.returncode == 0, p.stderr
    want = sorted(x.name for x in fresh.iterdir())
    have = sorted(x.name for x in DOCS.iterdir())
    assert have == want, "docs/rules is not current: run `make rule-docs` and commit it"
    _match, mismatch, errors = filecmp.cmpfiles(fresh, DOCS, want, shallow=False)
    assert not mismatch and not errors, f"stale pages {mismatch}: run `make rule-docs` and commit them"
    assert _generator("--check", str(DOCS)).returncode == 0


def test_every_shipped_rule_has_a_page_made_of_its_own_data():
    rules = custlint("rules", "--format", "json").json()
    assert {f"{r['code']}.md" for r in rules} | {"README.md"} == {p.name for p in DOCS.glob("*.md")}
    index = (DOCS / "README.md").read_text()
    for row in rules:
        rule = custlint("rule", row["code"], "--format", "json").json()
        page = (DOCS / f"{rule['code']}.md").read_text()
        assert page.splitlines()[2] == f"# {rule['code']} {rule['name']}"
        assert " ".join(rule["what"].split())[:60] in " ".join(page.split())
        assert " ".join(rule["why"].split())[:60] in " ".join(page.split())
        assert "## What it checks" in page and "## Why it matters to a customer" in page
        if rule["fix"]:
            assert "## How to fix" in page and rule["fix"].strip().splitlines()[0] in page
        for example in rule["examples"]:
            assert example["text"].rstrip() in page
        assert ("## Passes" in page) and ("## Fails" in page)
        assert f"[{rule['code']}]({rule['code']}.md)" in index


def test_check_names_a_stale_page_and_a_page_of_no_rule(tmp_path):
    copy = tmp_path / "rules"
    assert _generator(str(copy)).returncode == 0
    (copy / "CP101.md").write_text((copy / "CP101.md").read_text() + "hand edit\n")
    (copy / "ZZ999.md").write_text("# a rule that does not exist\n")
    p = _generator("--check", str(copy))
    assert p.returncode == 1 and "CP101.md" in p.stderr and "ZZ999.md" in p.stderr and p.stderr.count("\n") == 1
    assert _generator(str(copy)).returncode == 0  # writing brings it back, and removes the page of no rule
    assert _generator("--check", str(copy)).returncode == 0 and not (copy / "ZZ999.md").exists()
    assert _generator("--bogus").returncode == 2


def _sarif(tmp_path: Path, config: str = "") -> dict:
    (tmp_path / ".custlint.toml").write_text(config)
    (tmp_path / "M").write_text(BAD)
    r = custlint("commit-msg", "M", "--format", "sarif", cwd=tmp_path)
    assert r.code == 1, r.err
    return {x["id"]: x for x in r.json()["runs"][0]["tool"]["driver"]["rules"]}


def test_sarif_help_uri_defaults_to_the_page_at_this_versions_tag(tmp_path):
    from custlint import __version__

    rules = _sarif(tmp_path)
    assert {"CP101", "KP201"} <= set(rules)
    for code, rule in rules.items():
        assert rule["helpUri"] == f"https://github.com/custlint/custlint/blob/v{__version__}/docs/rules/{code}.md"
        assert (DOCS / f"{code}.md").is_file()  # the page it points at is in the repository


def test_sarif_help_uri_from_rule_docs_url_for_every_rule_even_a_users_pack(tmp_path):
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "team.toml").write_text(PACK)
    default = _sarif(tmp_path, 'rule-paths = ["packs"]\n')
    assert "helpUri" not in default["TM901"] and "helpUri" in default["CP101"]  # no page of a user's rule there
    rules = _sarif(tmp_path, 'rule-paths = ["packs"]\nrule-docs-url = "https://docs.example.com/lint/{version}/{code}-{name}"\n')
    from custlint import __version__

    assert rules["TM901"]["helpUri"] == f"https://docs.example.com/lint/{__version__}/TM901-no-wip"
    assert rules["CP101"]["helpUri"] == f"https://docs.example.com/lint/{__version__}/CP101-customer-problem-missing"


@pytest.mark.parametrize("template", ["https://x.example/{rule}", "https://x.example/no-placeholder",
                                      "ftp://x.example/{code}", "https://x.example/{code", "https://x.example/{0}"])
def test_a_bad_rule_docs_url_is_one_line_exit_2(tmp_path, template):
    (tmp_path / ".custlint.toml").write_text(f'rule-docs-url = "{template}"\n')
    (tmp_path / "M").write_text(BAD)
    r = custlint("commit-msg", "M", cwd=tmp_path)
    assert r.code == 2 and r.err.count("\n") == 1 and "rule-docs-url" in r.err
    assert "rule-docs-url" in custlint("config").out

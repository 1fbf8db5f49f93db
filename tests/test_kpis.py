"""KPI instrumentation through the real CLI: `custlint kpis`, and KPI metric keys in commits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOOD, GitRepo, clean_env, custlint

VIEWS = '''from datadog import statsd
from prometheus_client import Counter

from .names import COMPLETED

REORDERS = Counter("orders_reordered", "One-click reorders")
UNUSED = "checkout.abandoned"  # named, never emitted


def complete(order):
    statsd.increment(COMPLETED, tags=["step:pay"])


def step(name):
    statsd.increment(f"checkout.step.{name}")
'''

MSG = """Show delivery windows at checkout

Customer-Problem: shoppers abandon checkout because they cannot see when an order arrives
KPI: `checkout.completed` rises from 61% to 65% within 6 weeks, `checkout.abandoned` falls
Metric: orders_reordered_total
"""


@pytest.fixture
def code(tmp_path: Path) -> Path:
    root = tmp_path / "code"
    (root / "shop").mkdir(parents=True)
    (root / "shop" / "__init__.py").write_text("")
    (root / "shop" / "names.py").write_text('COMPLETED = "checkout.completed"\n')
    (root / "shop" / "views.py").write_text(VIEWS)
    (root / "shop" / "broken.py").write_text("from datadog import statsd\nstatsd.increment(\n")
    (root / ".venv" / "lib").mkdir(parents=True)
    (root / ".venv" / "lib" / "vendored.py").write_text('import statsd\nstatsd.incr("vendored.metric")\n')
    return root


def test_kpis_text_lists_keys_with_file_and_line(code):
    r = custlint("kpis", str(code), cwd=code)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert any(ln.startswith("checkout.completed ") and "shop/views.py:11" in ln for ln in lines), r.out
    assert any(ln.startswith("orders_reordered ") and "shop/views.py:6" in ln and "orders_reordered_total" in ln for ln in lines)
    assert any(ln.startswith("checkout.step.* ") and "computed at run time" in ln for ln in lines)
    assert "checkout.abandoned" not in r.out and "vendored" not in r.out
    assert "shop/broken.py" in r.err and "warning" in r.err  # unparsable: said on stderr, the rest listed


def test_kpis_json(code):
    r = custlint("kpis", str(code), "--format", "json", cwd=code)
    doc = r.json()
    sites = {(m["key"], m["path"], m["line"]) for m in doc["metrics"]}
    assert ("checkout.completed", "shop/views.py", 11) in sites
    assert ("orders_reordered", "shop/views.py", 6) in sites
    m = next(m for m in doc["metrics"] if m["key"] == "orders_reordered")
    assert m["kind"] == "prometheus" and "orders_reordered_total" in m["exposed_as"]
    assert doc["unreadable"][0]["path"] == "shop/broken.py"
    assert doc["summary"]["files"] == 4  # .venv is skipped


def test_kpis_bad_dir_is_exit_2(tmp_path):
    r = custlint("kpis", str(tmp_path / "nope"))
    assert r.code == 2 and "is not a folder" in r.err


def test_commit_msg_kpi_key_not_emitted_is_a_finding_saying_where_and_how(code, tmp_path):
    f = tmp_path / "MSG"
    f.write_text(MSG)
    r = custlint("commit-msg", str(f), "--code-root", str(code), "--format", "json", cwd=tmp_path)
    assert r.code == 0, r.err  # KP220 is a warning by default
    found = [x for x in r.json()["findings"] if x["rule"] == "KP220"]
    assert len(found) == 1
    assert "`checkout.abandoned`" in found[0]["message"] and str(code.resolve().as_posix()) in found[0]["message"]
    assert "4 Python files searched" in found[0]["message"]
    assert 'statsd.incr("checkout.abandoned")' in found[0]["fix"]
    assert found[0]["principle"] == "measurable-kpi" and found[0]["line"] == 4


def test_verbose_reports_where_emitted_keys_are(code, tmp_path):
    f = tmp_path / "MSG"
    f.write_text(MSG)
    quiet = custlint("commit-msg", str(f), "--code-root", str(code), cwd=tmp_path)
    assert "KP221" not in quiet.out
    r = custlint("commit-msg", str(f), "--code-root", str(code), "--verbose", cwd=tmp_path)
    assert "info KP221 KPI metric `checkout.completed` is emitted at code/shop/views.py:11 (statsd.increment)" in r.out
    assert "KPI metric `orders_reordered_total` is emitted at code/shop/views.py:6 (Counter)" in r.out


def test_code_root_from_config_and_commits_command(code, tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit(GOOD)
    repo.commit(MSG)
    (repo.path / ".custlint.toml").write_text(f'code-root = "{code.as_posix()}"\n')
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.err
    assert [x["rule"] for x in r.json()["findings"]] == ["KP220"]
    (repo.path / ".custlint.toml").write_text('code-root = "missing"\n')
    r = custlint("commits", "HEAD", cwd=repo.path)
    assert r.code == 2 and "'code-root'" in r.err and "is not a folder" in r.err


def test_without_code_root_nothing_is_looked_up(tmp_path):
    f = tmp_path / "MSG"
    f.write_text(MSG)
    r = custlint("commit-msg", str(f), "--format", "json")
    assert r.code == 0 and r.json()["findings"] == []


def _imports_libcst(args: list[str], cwd: Path) -> bool:
    code = ("import sys\nfrom custlint.cli import main\nrc = main(sys.argv[1:])\n"
            "print('LIBCST=' + str('libcst' in sys.modules))\n")
    p = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=clean_env(), cwd=cwd)
    assert "Traceback" not in p.stderr, p.stderr
    return "LIBCST=True" in p.stdout


def test_commit_msg_and_commits_do_not_import_libcst(code, tmp_path):
    f = tmp_path / "MSG"
    f.write_text(MSG)
    good = tmp_path / "GOOD"
    good.write_text(GOOD)
    repo = GitRepo(tmp_path / "repo")
    repo.commit(MSG)
    assert not _imports_libcst(["commit-msg", str(f)], tmp_path)
    assert not _imports_libcst(["commits", "HEAD"], repo.path)
    # a code root alone costs nothing while no KPI names a metric key
    assert not _imports_libcst(["commit-msg", str(good), "--code-root", str(code)], tmp_path)
    # and the lookup really uses libcst when one does (so the probe above can see it)
    assert _imports_libcst(["commit-msg", str(f), "--code-root", str(code)], tmp_path)

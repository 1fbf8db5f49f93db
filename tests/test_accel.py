"""The compiled judgement (custlint/accel.py): used only while every compiled source is the one built,
and the same output as plain Python on the corpus, the rule examples and a whole history.

`make install` builds it (`custlint compile`); in CI a missing build is a failure, elsewhere the tests
that need it are skipped (the checks of the manifest run either way, on a copy of the package)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, clean_env, custlint

sys.path.insert(0, str(ROOT / "bench"))
from gen_history import generate  # noqa: E402

PACKAGE = ROOT / "src" / "custlint"


def _status(env: dict[str, str], src: Path = ROOT / "src") -> tuple[bool, str]:
    code = "import custlint; from custlint import accel; print(accel.ACTIVE, accel.REASON, sep='|')"
    p = subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(src)}, capture_output=True,
                       text=True, check=True)
    active, reason = p.stdout.strip().split("|", 1)
    return active == "True", reason


def _built() -> bool:
    active, reason = _status(clean_env())
    if not active and os.environ.get("CI"):
        pytest.fail(f"CI runs the compiled judgement, but it is not in use: {reason} (make install builds it)")
    return active


needs_build = pytest.mark.skipif("not _built()", reason="the compiled modules are not built (custlint compile)")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package copied with its build (or with a manifest of its sources, where there is no build:
    the manifest checks read only the manifest and the sources)."""
    from custlint import accel

    dst = tmp_path / "src" / "custlint"
    shutil.copytree(PACKAGE, dst, ignore=shutil.ignore_patterns("__pycache__"), copy_function=shutil.copy2)
    shutil.copytree(ROOT / "rules", tmp_path / "rules")  # the shipped packs, found beside src/ as in a checkout
    built = dst / "_compiled" / accel.MANIFEST
    if not built.exists():  # the lines build() writes, naming empty files
        built.parent.mkdir(exist_ok=True)
        lines = [accel._tag()]
        for name in accel.MODULES:
            src = accel._source(name)
            (built.parent / f"{name}.so").write_bytes(b"")  # never imported: these tests only read the manifest
            lines.append(accel.manifest_line(name, f"{name}.so", os.stat(src), accel._crc(src)))
        built.write_text("\n".join(lines) + "\n")
    return dst


def test_a_build_matching_its_sources_is_used(copy):
    assert _status(clean_env(), copy.parent) == (True, f"{len(_modules())} modules compiled")


def test_turned_off_by_the_environment(copy):
    assert _status(clean_env(CUSTLINT_ACCEL="0"), copy.parent) == (False, "turned off (CUSTLINT_ACCEL=0)")


def test_an_edited_source_turns_the_whole_build_off(copy):
    src = copy / "analysis" / "done.py"
    src.write_text(src.read_text() + "\n# an edit\n")
    active, reason = _status(clean_env(), copy.parent)
    assert not active
    assert reason == "custlint.analysis.done changed since the build (custlint compile)"


def test_a_source_touched_but_not_changed_keeps_it(copy):
    src = copy / "document" / "refs.py"
    st = src.stat()
    os.utime(src, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a checkout writes the same bytes anew
    assert _status(clean_env(), copy.parent)[0]


def test_same_size_other_bytes_is_caught_by_the_checksum(copy):
    src = copy / "analysis" / "kpi.py"
    text = src.read_bytes()
    i = text.index(b"KPI")
    src.write_bytes(text[:i] + b"kpi" + text[i + 3 :])
    active, reason = _status(clean_env(), copy.parent)
    assert not active and "custlint.analysis.kpi changed" in reason


def test_a_manifest_with_a_line_that_is_no_number_is_damaged(copy):
    manifest = copy / "_compiled" / "manifest.txt"
    lines = manifest.read_text().splitlines()
    i = next(k for k, line in enumerate(lines) if line.count("\t") == 4)
    name, so, size, mtime, _ = lines[i].split("\t")
    lines[i] = "\t".join((name, so, size, mtime, "x1"))
    manifest.write_text("\n".join(lines) + "\n")
    r = custlint("commit-msg", "-", stdin="Fix the login\n", env=clean_env(PYTHONPATH=str(copy.parent)))
    assert r.code == 1 and "KP201" in r.out + r.err  # no traceback (custlint() asserts it): judged as plain Python
    assert _status(clean_env(), copy.parent) == (
        False, "its manifest is damaged or a compiled file is missing (custlint compile)")


def test_a_build_for_another_python_or_none_is_not_used(copy):
    manifest = copy / "_compiled" / "manifest.txt"
    lines = manifest.read_text().splitlines()
    manifest.write_text("\n".join(["cpython-299 .cpython-299-x.so", *lines[1:]]) + "\n")
    assert _status(clean_env(), copy.parent) == (False, "built for another Python (custlint compile)")
    shutil.rmtree(copy / "_compiled")
    assert _status(clean_env(), copy.parent) == (False, "not built (custlint compile)")


@needs_build
def test_a_compiled_file_missing_turns_it_off_without_a_traceback(copy):
    next((copy / "_compiled").glob("custlint.analysis.kpi.*")).unlink()
    active, reason = _status(clean_env(), copy.parent)
    assert (active, reason) == (False, "its manifest is damaged or a compiled file is missing (custlint compile)")
    r = custlint("commit-msg", "-", stdin="Fix the login\n", env=clean_env(PYTHONPATH=str(copy.parent)))
    assert r.code == 1 and "KP201" in r.out + r.err  # judged, as plain Python


def test_status_says_so_and_exits_1_when_not_in_use(tmp_path):
    r = custlint("compile", "--status", env=clean_env(CUSTLINT_ACCEL="0"))
    assert (r.code, r.out.strip()) == (1, "compiled modules: not used: turned off (CUSTLINT_ACCEL=0)")


def test_without_mypyc_the_build_says_what_to_install(tmp_path):
    # a Python that cannot import mypyc: the one-line error and exit 2, nothing built
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "mypyc.py").write_text("raise ImportError('no mypyc here')\n")
    out = tmp_path / "out"
    r = custlint("compile", env=clean_env(PYTHONPATH=str(shim), CUSTLINT_ACCEL_DIR=str(out)))
    assert r.code == 2
    assert r.err.strip() == "custlint: error: mypyc is not installed: pip install 'custlint[accel]', then build again"
    assert not out.exists()


def test_a_failed_compile_is_one_line_and_keeps_the_build_there(tmp_path):
    # a mypyc that type-checks and fails as mypyc does: its first error line, exit 2, the old build untouched
    shim = tmp_path / "shim" / "mypyc"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text("")
    (shim / "__main__.py").write_text("import sys\nprint('x.py:1: note: see here')\n"
                                      "print('custlint/analysis/kpi.py:3: error: Name \"y\" is not defined')\n"
                                      "sys.exit(1)\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.txt").write_text("kept\n")
    r = custlint("compile", env=clean_env(PYTHONPATH=str(tmp_path / "shim"), CUSTLINT_ACCEL_DIR=str(out)))
    assert r.code == 2
    assert r.err.strip() == ('custlint: error: mypyc failed: custlint/analysis/kpi.py:3: error: Name "y" is not '
                             "defined; custlint runs as plain Python meanwhile")
    assert (out / "manifest.txt").read_text() == "kept\n"


def _modules() -> tuple[str, ...]:
    from custlint import accel

    return accel.MODULES


@needs_build
def test_the_compiled_modules_are_the_ones_imported():
    code = "import custlint, importlib; print(*(importlib.import_module(m).__file__ for m in custlint.accel.MODULES))"
    on = subprocess.run([sys.executable, "-c", code], env=clean_env(), capture_output=True, text=True, check=True)
    off = subprocess.run([sys.executable, "-c", code], env=clean_env(CUSTLINT_ACCEL="0"), capture_output=True,
                         text=True, check=True)
    assert all("_compiled" in f and not f.endswith(".py") for f in on.stdout.split())
    assert all(f.endswith(".py") for f in off.stdout.split())
    assert len(on.stdout.split()) == len(_modules())


@needs_build
def test_compiled_the_analysis_is_a_native_class():
    """Every rule reads the analysis: compiled, its readings are native attributes behind properties (a
    tenth of a judged commit's instructions went to a Python class's descriptors and instance dict)."""
    code = ("from custlint.analysis.analyzer import analyze\n"
            "from custlint.document.message import commit_document\n"
            "a = analyze(commit_document('Fix the cart\\n\\nShoppers lose their cart.\\n', subject='x'))\n"
            "print(hasattr(a, '__dict__'), a.problem_linked, a.has_refs, a.prose.splitlines()[0])")
    on = subprocess.run([sys.executable, "-c", code], env=clean_env(), capture_output=True, text=True, check=True)
    off = subprocess.run([sys.executable, "-c", code], env=clean_env(CUSTLINT_ACCEL="0"), capture_output=True,
                         text=True, check=True)
    assert on.stdout == "False True False Fix the cart\n", on.stdout
    assert off.stdout == "True True False Fix the cart\n", off.stdout


_JUDGE = """
import pickle, sys
sys.path[:0] = [{tests!r}]
from custlint import accel
from custlint.core.config import default_config
from custlint.engine.evaluator import Engine
from custlint.engine.packs import load_rules
from test_engine_plan import TEXTS, TYPES
from test_lean_exact import _everything
engine = Engine(default_config(), load_rules())
out = [_everything(engine, kind, text, t, labels, history)
       for kind, text in TEXTS for t in TYPES for labels in ((), ("bug", "customer"))
       for history in ((False, True) if kind == "commit" else (False,))]
sys.stdout.buffer.write(pickle.dumps((accel.ACTIVE, out)))
"""


@needs_build
def test_every_corpus_text_and_rule_example_judged_the_same_both_ways():
    code = _JUDGE.format(tests=str(ROOT / "tests"))
    got = {}
    for mode in ("0", "1"):
        p = subprocess.run([sys.executable, "-c", code], env=clean_env(CUSTLINT_ACCEL=mode), capture_output=True,
                           check=True)
        got[mode] = pickle.loads(p.stdout)
    assert got["0"][0] is False and got["1"][0] is True
    plain, compiled = got["0"][1], got["1"][1]
    assert len(plain) > 1000 and sum(len(r[0]) for r in plain) > 1000  # findings, not only passes
    assert compiled == plain


@needs_build
@pytest.mark.parametrize("jobs", ["0", "2"])
def test_a_whole_history_audited_and_listed_the_same_both_ways(tmp_path, jobs):
    repo = tmp_path / "hist"
    generate(3000, repo, seed=9)  # releases, merges, bots, closing keywords, smart commits, KPI fields
    outs = {}
    for mode in ("0", "1"):
        env = clean_env(CUSTLINT_ACCEL=mode)
        a = custlint("audit", "--repo", str(repo), "--no-cache", "--no-progress", "--format", "json", "--jobs", jobs,
                     env=env)
        c = custlint("commits", "HEAD~2000..HEAD", "--repo", str(repo), "--exit-zero", "--format", "json", env=env)
        assert a.code in (0, 1) and c.code == 0, (a.err, c.err)
        outs[mode] = (a.out, c.out)
    assert outs["1"] == outs["0"]
    audit, listed = json.loads(outs["1"][0]), json.loads(outs["1"][1])
    assert audit["commits"] == 3000 and audit["exempt"] < audit["commits"]  # every commit, most of them judged
    listed_n = subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD~2000..HEAD"], capture_output=True,
                              text=True, check=True).stdout
    assert listed["summary"]["checked"] + listed["summary"]["exempt"] == int(listed_n) and listed["findings"]

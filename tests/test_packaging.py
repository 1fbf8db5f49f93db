"""A real wheel built by pip from this working tree: it holds py.typed, the rule packs, the LICENSE,
and metadata that names the licence, the project's URLs and its classifiers."""

from __future__ import annotations

import email.parser
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT, clean_env

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
                       capture_output=True, text=True, env=clean_env(), timeout=600)
    assert p.returncode == 0, p.stdout + p.stderr
    (built,) = out.glob("custlint-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_ships_py_typed_rules_and_license(wheel):
    names = set(wheel.namelist())
    assert "custlint/py.typed" in names  # PEP 561: mypy and pyright read custlint's own annotations
    assert {n for n in names if n.startswith("custlint/_rules/") and n.endswith(".toml")}
    (license_file,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    text = wheel.read(license_file).decode()
    assert text == (ROOT / "LICENSE").read_text() and "MIT License" in text and "custlint developers" in text


def test_wheel_metadata(wheel):
    (meta_name,) = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
    meta = email.parser.Parser().parsestr(wheel.read(meta_name).decode())
    assert meta["License-Expression"] == "MIT"
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Homepage", "Repository", "Issues", "Documentation"} <= set(urls)
    assert all(u.startswith("https://github.com/custlint/custlint") for u in urls.values())
    classifiers = set(meta.get_all("Classifier"))
    assert {"Typing :: Typed", "Environment :: Console", "Programming Language :: Python :: 3.10"} <= classifiers
    assert not any(c.startswith("License ::") for c in classifiers)  # PEP 639: the expression replaces them

"""make release VERSION=X.Y.Z, run in a clone of this repository in a temp folder (never here)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import custlint as pkg
from conftest import ROOT, clean_env, custlint

sys.path.insert(0, str(ROOT / "tools"))
import release  # noqa: E402

# the files the release reads and writes, taken from this work tree (committed or not)
FILES = ["Makefile", "tools/release.py", release.CHANGELOG, release.VERSION_FILE, *(p for p, _ in release.PINS)]


def _git(cwd: Path, *args: str) -> str:
    p = subprocess.run(["git", *args], cwd=cwd, env=clean_env(), capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    dest = tmp_path / "custlint"
    _git(tmp_path, "clone", "-q", "--shared", "--no-tags", str(ROOT), str(dest))
    _git(dest, "checkout", "-q", "-B", "main")
    for rel in FILES:
        if (ROOT / rel).exists():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / rel, dest / rel)
    _git(dest, "add", "-A")
    if _git(dest, "status", "--porcelain"):
        _git(dest, "commit", "-q", "-m", "The work tree's release files (Refs #19)")
    return dest


def make_release(repo: Path, version: str | None) -> subprocess.CompletedProcess:
    args = ["make", "-s", "release", f"PYTHON={sys.executable}"] + ([f"VERSION={version}"] if version is not None else [])
    return subprocess.run(args, cwd=repo, env=clean_env(), capture_output=True, text=True, timeout=60)


def _version(repo: Path) -> str:
    return re.search(r'__version__ = "([^"]+)"', (repo / release.VERSION_FILE).read_text()).group(1)


def test_first_release_then_the_next_one(clone):
    real_tags = _git(ROOT, "tag", "--list")
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    before = _git(clone, "rev-parse", "HEAD")

    r = make_release(clone, pkg.__version__)  # the first release: the version in the tree, not tagged yet
    assert r.returncode == 0, r.stderr
    head = _git(clone, "rev-parse", "HEAD")
    assert _git(clone, "rev-parse", "HEAD~1") == before
    assert f"tagged v{pkg.__version__}" in r.stdout and "git push origin main" in r.stdout
    tag, major = f"v{pkg.__version__}", f"v{pkg.__version__.split('.')[0]}"
    assert _git(clone, "cat-file", "-t", tag) == "tag" and _git(clone, "cat-file", "-t", major) == "tag"  # annotated
    assert _git(clone, "rev-parse", f"{tag}^{{commit}}") == _git(clone, "rev-parse", f"{major}^{{commit}}") == head
    log = (clone / "CHANGELOG.md").read_text()
    assert f"## [Unreleased]\n\n## [{pkg.__version__}] - {today}\n" in log and "UNRELEASED" not in log
    assert f"[{pkg.__version__}]: https://github.com/custlint/custlint/releases/tag/{tag}" in log
    assert log.count("### Added") == 1  # Unreleased's items went into the entry's own groups
    assert _git(clone, "status", "--porcelain") == ""
    # the release commit meets custlint's own policy (it references the issues of its entry)
    message = _git(clone, "log", "-1", "--format=%B")
    assert message.startswith(f"Release {pkg.__version__}") and "Refs #" in message
    (clone.parent / "msg").write_text(message)
    assert custlint("commit-msg", str(clone.parent / "msg"), cwd=clone).code == 0

    # the next release moves Unreleased into 0.x+1 and the major tag with it; the old tag stays
    text = (clone / "CHANGELOG.md").read_text().replace(
        "## [Unreleased]\n", "## [Unreleased]\n\n### Fixed\n- The sticky note keeps its place (#19).\n", 1)
    (clone / "CHANGELOG.md").write_text(text)
    _git(clone, "commit", "-q", "-am", "Changelog: the sticky note fix (Refs #19)")
    nxt = f"{pkg.__version__.split('.')[0]}.{int(pkg.__version__.split('.')[1]) + 1}.0"
    r = make_release(clone, nxt)
    assert r.returncode == 0, r.stderr
    assert _version(clone) == nxt
    for rel, pattern in release.PINS:
        if (clone / rel).exists():
            assert re.search(pattern, (clone / rel).read_text()).group(1) == nxt, rel
    assert _git(clone, "rev-parse", f"{major}^{{commit}}") == _git(clone, "rev-parse", "HEAD")
    assert _git(clone, "rev-parse", f"{tag}^{{commit}}") == head
    log = (clone / "CHANGELOG.md").read_text()
    assert f"## [{nxt}] - {today}\n\n### Fixed\n- The sticky note keeps its place (#19)." in log
    assert f"[Unreleased]: https://github.com/custlint/custlint/compare/v{nxt}...HEAD" in log

    # a new major gets its own major tag, and the old one stays where it was
    (clone / "CHANGELOG.md").write_text(log.replace("## [Unreleased]\n", "## [Unreleased]\n\n### Removed\n- x (#19)\n", 1))
    _git(clone, "commit", "-q", "-am", "Changelog (Refs #19)")
    new_major = f"{int(pkg.__version__.split('.')[0]) + 1}.0.0"
    assert make_release(clone, new_major).returncode == 0
    assert _git(clone, "rev-parse", f"v{new_major.split('.')[0]}^{{commit}}") == _git(clone, "rev-parse", "HEAD")
    assert _git(clone, "rev-parse", f"{major}^{{commit}}") != _git(clone, "rev-parse", "HEAD")

    assert _git(ROOT, "tag", "--list") == real_tags  # the real repository was never tagged


def test_refusals_are_one_line_and_change_nothing(clone):
    head = _git(clone, "rev-parse", "HEAD")
    cases = [
        (None, "is not X.Y.Z"),
        ("1.2", "is not X.Y.Z"),
        ("v1.2.3", "is not X.Y.Z"),
        ("1.2.3; rm -rf /", "is not X.Y.Z"),
        ("01.2.3", "is not X.Y.Z"),
    ]
    cur = _version(clone)
    major, minor, patch = (int(x) for x in cur.split("."))
    if patch or minor or major:
        lower = f"{major}.{minor}.{patch - 1}" if patch else (f"{major}.{minor - 1}.0" if minor else f"{major - 1}.0.0")
        cases.append((lower, "lower than the current version"))
    for version, words in cases:
        r = make_release(clone, version)
        assert r.returncode != 0 and words in r.stderr, (version, r.stderr)
        assert len([line for line in r.stderr.splitlines() if line.startswith("release:")]) == 1
    (clone / "stray.txt").write_text("x")
    r = make_release(clone, "9.9.9")
    assert r.returncode != 0 and "uncommitted changes" in r.stderr
    (clone / "stray.txt").unlink()
    _git(clone, "tag", "-a", "v9.9.9", "-m", "x")
    r = make_release(clone, "9.9.9")
    assert r.returncode != 0 and "exists already" in r.stderr
    # a version with no entry and nothing under Unreleased has nothing to say
    log = (clone / "CHANGELOG.md").read_text()
    empty = re.sub(r"## \[Unreleased\]\n.*?(?=## \[)", "## [Unreleased]\n\n", log, count=1, flags=re.S)
    (clone / "CHANGELOG.md").write_text(empty)
    _git(clone, "commit", "-q", "-am", "Changelog emptied (Refs #19)")
    head = _git(clone, "rev-parse", "HEAD")
    r = make_release(clone, "9.10.0")
    assert r.returncode != 0 and "nothing under [Unreleased]" in r.stderr
    _git(clone, "checkout", "-q", "--detach")
    r = make_release(clone, "9.10.0")
    assert r.returncode != 0 and "detached" in r.stderr
    assert _git(clone, "rev-parse", "HEAD") == head and _git(clone, "status", "--porcelain") == ""
    assert _git(clone, "tag", "--list") == "v9.9.9"


def test_the_pins_follow_the_one_version():
    """Between releases every file that names custlint's own release names __version__'s tag."""
    for rel, pattern in release.PINS:
        m = re.search(pattern, (ROOT / rel).read_text())
        assert m and m.group(1) == pkg.__version__, rel
    log = (ROOT / "CHANGELOG.md").read_text()
    assert "## [Unreleased]" in log and re.search(rf"^## \[{re.escape(pkg.__version__)}\]", log, re.M)

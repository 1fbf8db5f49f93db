"""Python files under a folder, and their text."""

from __future__ import annotations

import os
from collections.abc import Iterable
from fnmatch import fnmatch
from pathlib import Path

from custlint.core.files import shown
from custlint.errors import UserError

# folders never worth scanning: VCS data, virtual environments, caches, build output
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".tox",
        ".nox",
        ".venv",
        "venv",
        "env",
        ".env",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "site-packages",
        "build",
        "dist",
        ".eggs",
    }
)


def python_files(root: Path, exclude: Iterable[str] = ()) -> list[Path]:
    """Every ``*.py`` file under ``root`` (sorted), skipping :data:`SKIP_DIRS` and ``exclude`` globs
    (matched against the path relative to ``root``)."""
    excl = tuple(exclude)
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in SKIP_DIRS
            and not d.endswith(".egg-info")
            and not _excluded(os.path.normpath(os.path.join(rel_dir, d)), excl)
        )
        for f in sorted(filenames):
            if f.endswith(".py"):
                rel = os.path.normpath(os.path.join(rel_dir, f))
                if not _excluded(rel, excl):
                    out.append(Path(dirpath) / f)
    return out


def _excluded(rel: str, patterns: tuple[str, ...]) -> bool:
    rel = rel.replace(os.sep, "/")
    return any(fnmatch(rel, p) or fnmatch(rel, p.rstrip("/") + "/*") for p in patterns)


def expand(
    paths: Iterable[str], exclude: Iterable[str] = (), base: Path | None = None, skipped: list[Path] | None = None
) -> list[Path]:
    """Files named on the command line: a file as given (pre-commit passes Python scripts without
    ``.py`` too), a folder as every ``*.py`` under it. A missing path is a :class:`UserError`.

    ``exclude`` applies to what is named as much as to what a folder holds (ruff's
    ``force-exclude``): pre-commit names each staged file, and an excluded one is skipped. The
    globs match the path relative to ``base`` (the code root) and each folder above the file in
    it; a file outside ``base`` is matched relative to the folder it was found under, or not at all.
    The files named that an exclusion skipped are appended to ``skipped``."""
    excl = tuple(exclude)
    root = base.resolve() if base is not None and excl else None
    seen: set[Path] = set()
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            # a folder inside the code root is pruned as the root is (below), one outside it by its own paths
            inside = root is not None and path.resolve() != root and path.resolve().is_relative_to(root)
            found = python_files(path, () if inside else excl)
        elif path.is_file():
            found = [path]
        else:
            raise UserError(f"no such file or folder: {shown(p)}; pass Python files or folders")
        for f in found:
            key = f.resolve()
            if root is not None and excluded_under(root, key, excl):
                if skipped is not None and not path.is_dir():
                    skipped.append(f)
            elif key not in seen:
                seen.add(key)
                out.append(f)
    return out


def excluded_under(root: Path, path: Path, patterns: tuple[str, ...]) -> bool:
    """Whether ``path`` (absolute) or a folder above it, relative to ``root``, matches a pattern."""
    try:
        rel = path.relative_to(root)
    except ValueError:
        return False
    parts = rel.parts
    return any(_excluded("/".join(parts[: i + 1]), patterns) for i in range(len(parts)))


def read_text(path: Path) -> tuple[str | None, str | None]:
    """``(text, None)`` or ``(None, why it cannot be read)``. UTF-8 (a BOM is allowed)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read the file: {exc.strerror or exc}"
    return decode(data)


def decode(data: bytes) -> tuple[str | None, str | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save the file as UTF-8"
    if "\0" in text:
        return None, "the file holds NUL bytes; it is not Python source"
    return text, None

"""Shared by the CI formats: where a finding is, in words and as a file location."""

from __future__ import annotations

import os
import re
from pathlib import Path

_SHA = re.compile(r"[0-9a-f]{40}\Z")


def subject_words(f) -> str:
    """'PR #12', 'MR !7', 'commit 1a2b3c4d5e', 'ticket SHOP-1' (the subject as people say it)."""
    if f.source == "pr":
        return (
            f"MR {f.subject}"
            if f.subject.startswith("!")
            else f"PR {f.subject}"
            if f.subject.startswith("#")
            else "PR description"
        )
    if f.source == "commit" and _SHA.match(f.subject):
        return f"commit {f.subject[:10]}"
    from custlint.core.files import shown

    return f"{f.source} {shown(f.subject)}"  # a file (or a ticket named by its file) with a line feed, quoted


def where_words(f) -> str:
    """'PR #12, description line 5' or 'commit 1a2b3c4d5e line 3'."""
    if f.source == "pr":
        base = subject_words(f)
        if base.endswith("description"):
            return f"{base} line {f.line}" if f.line > 1 else base
        return f"{base}, description line {f.line}" if f.line > 1 else f"{base} description"
    return f"{subject_words(f)} line {f.line}"


def _relative(path: str) -> str:
    from custlint.sources.ci_env import current

    root = current().root or os.getcwd()
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def location(f, info) -> tuple[str, int]:
    """A real file and line for ``f``: its own file, else the PR template or the config file at line 1.

    SARIF uploads and GitLab Code Quality reports need a file for every result; a PR description or
    a commit message is not a file, so those findings point at the file that shapes them.
    """
    if f.path and not f.path.startswith(("-", "<")) and Path(f.path).exists():
        return _relative(f.path), max(1, f.line)
    anchor = info.extra.get("anchor") or info.config_path
    if anchor:
        return _relative(anchor), 1
    for candidate in (".custlint.toml", "pyproject.toml"):
        if Path(candidate).is_file():
            return candidate, 1
    return ".custlint.toml", 1

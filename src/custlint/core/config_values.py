"""Checks of config values beyond their type: paths the file system can take, and values shown
short in an error line. (Kept out of core/config.py, which builds the typed config.)"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Any

# the keys whose values are file or folder paths: checked when the config loads, so a value the
# file system cannot take (ENAMETOOLONG, a NUL) is one line naming the key, not an OSError later
PATH_KEYS = frozenset(
    {"rule-paths", "code-root", "tickets.paths", "tickets.export", "tickets.cache", "production.deploy-log"}
)
NAME_MAX, PATH_MAX = 255, 4095  # bytes: Linux's limits (macOS: 255 and 1023), per name and in all


def path_problem(value: str) -> str:
    """Why ``value`` cannot be a path ('' when it can): a NUL, a name or the whole too long."""
    if "\0" in value:
        return "it holds a NUL character"
    raw = os.fsencode(value) if not any("\ud800" <= c <= "\udfff" for c in value) else value.encode("utf-8", "replace")
    if len(raw) > PATH_MAX:
        return f"{len(raw):,} bytes; at most {PATH_MAX:,}"
    longest = max((len(part) for part in raw.split(b"/")), default=0)
    if longest > NAME_MAX:
        return f"a name of {longest:,} bytes; at most {NAME_MAX} per file or folder name"
    return ""


def shown_value(value: Any) -> str:
    """``value`` as the config writes it, cut to 60 characters (an error line stays readable)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:40]}...{text[-15:]} ({len(text):,} characters)"

"""Where custlint keeps what it can compute again: the user's cache folder, never the repository.

``CUSTLINT_CACHE_DIR`` names the folder; otherwise ``$XDG_CACHE_HOME/custlint`` or
``~/.cache/custlint``. ``CUSTLINT_NO_CACHE=1`` turns every cache off. A cache is only ever a
shortcut: an entry that is missing, stale, unreadable or from another custlint version is
ignored and computed again, and a folder that cannot be written to is no error (CI runners,
read-only homes). Entries are JSON: reading one never runs code.
"""

from __future__ import annotations

import json
import os
import sys

from custlint import __version__

# an entry is valid only for the custlint and Python that wrote it
STAMP = f"{__version__}/{sys.version_info[0]}.{sys.version_info[1]}"


def cache_dir() -> str | None:
    """The cache folder (not created here), or None when caching is off."""
    env = os.environ
    if env.get("CUSTLINT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    if env.get("CUSTLINT_CACHE_DIR"):
        return env["CUSTLINT_CACHE_DIR"]
    base = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if base.startswith("~"):  # no home to expand: no cache rather than a folder named '~'
        return None
    return os.path.join(base, "custlint")


def file_key(path: str) -> list:
    """What identifies a file's content cheaply: its path, size and modification time (ns)."""
    st = os.stat(path)
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns]


def name_for(text: str) -> str:
    """A short file name for ``text`` (64-bit FNV-1a; no hashlib import on the hook's path). Two texts
    with one name only share a slot: the entry's key tells them apart."""
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8", "surrogateescape"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def _path(kind: str, name: str) -> str | None:
    root = cache_dir()
    return os.path.join(root, kind, name + ".json") if root else None


def read(kind: str, name: str, key) -> object | None:
    """The value stored under ``kind/name`` when it was stored with this ``key``; else None."""
    path = _path(kind, name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            entry = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("stamp") != STAMP or entry.get("key") != key:
        return None
    return entry.get("value")


def write(kind: str, name: str, key, value) -> None:
    """Store ``value`` under ``kind/name`` (atomically); silently skipped when that is not possible."""
    path = _path(kind, name)
    if path is None:
        return
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"stamp": STAMP, "key": key, "value": value}, fh, separators=(",", ":"))
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):  # read-only folder, full disk, a value JSON cannot hold
        try:
            os.unlink(tmp)
        except OSError:
            pass

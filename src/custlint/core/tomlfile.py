"""Reading TOML files (config and rule packs), with one-line errors and a parse cache.

tomllib (or tomli before Python 3.11) is imported only when a file is really parsed: with its
imports it costs the commit-msg hook about 7 ms, and parsing a config about as much again. A
parsed file is kept in the user's cache (:mod:`custlint.core.usercache`) under its path, size and
modification time, so the hook usually reads the config as JSON.
"""

from __future__ import annotations

import sys

from custlint.core import usercache
from custlint.core.files import read_regular, shown
from custlint.errors import UserError


def parse(data: bytes, path: str, what: str) -> dict:
    """``data`` (the bytes of ``path``) as TOML; a :class:`UserError` naming the file otherwise."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise UserError(f"{shown(path)}: not UTF-8 text; save the {what} as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{shown(path)}: invalid TOML: {exc}") from None


def read_bytes(path: str, what: str) -> bytes:
    try:
        return read_regular(path)
    except OSError as exc:
        raise UserError(f"cannot read {what} {shown(path)}: {exc.strerror or exc}") from None


def load(path: str, what: str, data: bytes | None = None) -> dict:
    """The TOML file at ``path`` as a dict, from the cache when the file has not changed since.
    ``what`` names the file in errors ("config", "rule pack")."""
    try:
        key = usercache.file_key(path)
    except OSError:
        key = None
    name = usercache.name_for(path)
    if key is not None:
        cached = usercache.read("toml", name, key)
        if isinstance(cached, dict):
            return cached
    value = parse(read_bytes(path, what) if data is None else data, path, what)
    if key is not None:
        usercache.write("toml", name, key, value)  # skipped when the TOML holds dates (not JSON)
    return value

"""Config inheritance: ``extend = "path/to/base.toml"``, in the spirit of ruff's ``extend``.

One config for many repositories: a repository's ``.custlint.toml`` or ``[tool.custlint]`` names
a base file (a ``.custlint.toml``-style file or a ``pyproject.toml`` with ``[tool.custlint]``),
relative to the file that names it (``~`` and ``$VARS`` expanded); a base may extend another, and
a cycle is an error. Each file is validated on its own, so a mistake names the file that holds it.

Merging, base first, then each file nearer the repository over it:

- a key a file sets replaces the base's value; tables (``severity``, ``production``, ``tickets``,
  ``exempt``) merge key by key;
- rule selection composes as ruff's does: a file that sets ``select`` starts the selection afresh
  (the bases' ``extend-select`` and ``ignore`` are dropped), while ``extend-select`` and
  ``ignore`` add to the bases';
- every other list replaces the base's list (repeat the base's entries to keep them);
- the paths a base sets (:data:`~custlint.core.schema.PATH_KEYS`) stay relative to the base.

Only loaded when a config has an ``extend`` key: a config without one never imports this module.
"""

from __future__ import annotations

import os
from pathlib import Path

from custlint.core.schema import PATH_KEYS, SCHEMA, SEVERITY_TABLE
from custlint.errors import UserError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_DEPTH = 32  # bases of bases: far more than any organisation needs, and no runaway chain
_ADDED = ("extend-select", "ignore")  # lists that add to the bases' (as ruff's rule selection)


def _base_path(value: Any, named_in: Path) -> Path:
    if not isinstance(value, str):
        raise UserError(f"{named_in}: 'extend' must be a string (the path of a base config), not {value!r}")
    target = Path(os.path.expanduser(os.path.expandvars(value)))
    if not target.is_absolute():
        target = named_in.resolve().parent / target
    if not target.is_file():
        what = "is not a regular file" if target.exists() else "not found"
        raise UserError(
            f"{named_in}: extend = {value!r}: {target} {what}; fix the path (relative to {named_in.parent})"
        )
    return target.resolve()


def chain(path: Path, table: dict[str, Any]) -> list[tuple[Path, dict[str, Any]]]:
    """``[(file, its custlint table)]``: ``path`` first, then each base it extends, in order."""
    from custlint.core.config import ConfigValues, _read_toml, _table_of

    out = [(path, table)]
    seen = [path.resolve()]
    while out[-1][1].get("extend"):
        here, tbl = out[-1]
        base = _base_path(tbl["extend"], here)
        if base in seen:
            loop = " -> ".join(str(p) for p in [*seen[seen.index(base) :], base])
            raise UserError(f"{here}: extend cycle {loop}; remove one of these 'extend' keys")
        if len(seen) >= MAX_DEPTH:
            raise UserError(f"{here}: more than {MAX_DEPTH} configs extend each other; shorten the 'extend' chain")
        base_table = _table_of(base, _read_toml(base))
        if base_table is None:
            raise UserError(
                f"{here}: extend = {tbl['extend']!r}: {base} has no [tool.custlint] table; point 'extend' at a config"
            )
        seen.append(base)
        out.append((base, base_table))
    for file, tbl in out:
        ConfigValues._validated(tbl, str(file))  # each file on its own: the error names the file with the mistake
    return out


def _rebased(dotted: str, value: Any, folder: Path | None) -> Any:
    """A path value of a base, made absolute against the base's folder (None: the leaf's own)."""
    if folder is None or dotted not in PATH_KEYS:
        return value
    if isinstance(value, list):
        return [str(folder / v) if v else v for v in value]
    return str(folder / value) if value else value


def inherit(path: Path, table: dict[str, Any]) -> tuple[dict[str, Any], tuple[Path, ...], dict[str, tuple[str, ...]]]:
    """``(merged table, base files nearest first, origins)`` for the config at ``path`` whose
    table has an ``extend`` key. ``origins`` maps each dotted key some file sets to the files whose
    value is in force (more than one for ``extend-select`` and ``ignore``, which add up)."""
    files = chain(path, table)
    merged: dict[str, Any] = {}
    origins: dict[str, tuple[str, ...]] = {}
    for file, tbl in reversed(files):
        folder = None if file is path else file.parent
        where = (str(file),)
        if "select" in tbl:  # a new baseline: what the bases added or ignored is dropped
            for key in _ADDED:
                merged.pop(key, None)
                origins.pop(key, None)
        for key, value in tbl.items():
            spec = SCHEMA[key]
            if key == "extend":
                continue
            if isinstance(spec, dict) or spec[0] == SEVERITY_TABLE:
                into = merged.setdefault(key, {})
                for sub, sub_value in value.items():
                    into[sub] = _rebased(f"{key}.{sub}", sub_value, folder)
                    origins[f"{key}.{sub}"] = where
            elif key in _ADDED:
                merged[key] = [*merged.get(key, []), *(v for v in value if v not in merged.get(key, []))]
                origins[key] = (*origins.get(key, ()), *where)
            else:
                merged[key] = _rebased(key, value, folder)
                origins[key] = where
    merged["extend"] = table["extend"]
    origins["extend"] = (str(path),)
    return merged, tuple(f for f, _ in files[1:]), origins

"""Configuration: ``[tool.custlint]`` in ``pyproject.toml`` or a ``.custlint.toml``.

Found by walking up from the working directory (the first directory holding
either file wins; a ``pyproject.toml`` without ``[tool.custlint]`` is passed
over); ``--config FILE`` overrides. Every key is declared in :data:`SCHEMA`
with its type, default and documentation; an unknown key or a wrong type is a
:class:`~custlint.errors.UserError` naming the file and the key.

A file is read, validated and built into a :class:`Config` once, at load. Its keys are read-only
attributes in snake_case, a table is a sub-object: ``config.ticket_projects``,
``config.production.release_tags``, ``config.tickets.cache_max_age_hours``; ``config.root`` is the
folder relative paths in it start from. What a run overrides (``--code-root``) is a new object,
``config.replace(code_root=...)``, made before anything reads it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import MappingProxyType

from custlint.core.config_values import PATH_KEYS, path_problem, shown_value
from custlint.core.files import shown
from custlint.core.schema import (  # noqa: F401 - the keys and describe() are read from here too
    SCHEMA,
    SEVERITY_TABLE,
    STR_LIST,
    _type_name,
    describe,
)
from custlint.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Literal


def _defaults(schema: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, spec in schema.items():
        if isinstance(spec, dict):
            out[key] = _defaults(spec)
        else:
            default = spec[1]
            out[key] = (
                list(default)
                if isinstance(default, list)
                else (dict(default) if isinstance(default, dict) else default)
            )
    return out


def _type_ok(kind: Any, value: Any) -> bool:
    if isinstance(kind, tuple):  # a choice of strings
        return value in kind
    if kind == STR_LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == SEVERITY_TABLE:
        return isinstance(value, dict) and all(v in ("error", "warning", "info") for v in value.values())
    if kind is bool:
        return isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, kind)


def _merge(schema: dict[str, Any], raw: dict[str, Any], into: dict[str, Any], where: str, prefix: str = "") -> None:
    for key, value in raw.items():
        spec = schema.get(key)
        dotted = f"{prefix}{key}"
        if spec is None:
            known = ", ".join(sorted(schema))
            raise UserError(f"{where}: unknown key '{dotted}'; known keys: {known}")
        if isinstance(spec, dict):
            if not isinstance(value, dict):
                raise UserError(f"{where}: '{dotted}' must be a table")
            _merge(spec, value, into[key], where, dotted + ".")
            continue
        if not _type_ok(spec[0], value):
            raise UserError(f"{where}: '{dotted}' must be {_type_name(spec[0])}, not {shown_value(value)}")
        if dotted in PATH_KEYS:
            for one in [value] if isinstance(value, str) else value:
                problem = path_problem(one)
                if problem:
                    raise UserError(
                        f"{where}: '{dotted}' = {shown_value(one)} is no path the file system takes ({problem})"
                    )
        into[key] = value


# --- the typed config -------------------------------------------------------------------------
# Its classes are made from SCHEMA when this module is imported: a key is an attribute of the
# same name in snake_case (``ticket-projects`` -> ``ticket_projects``), a nested table is a
# sub-object (``config.production.release_tags``). Plain slotted classes, as core/record.py and
# for the same reason: the commit-msg hook builds one on every commit, and dataclasses and typing
# cost it more than the whole config does. An object is validated and filled once, in its
# constructor; after that nothing can be set or deleted, lists are tuples and the severity table a
# read-only mapping. A changed config is a new object: ``config.replace(code_root=...)``.


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType(dict(value))
    return value


def _thaw(value: Any) -> Any:
    """The plain (TOML and JSON) form of an attribute's value: lists and dicts again."""
    if isinstance(value, _Table):
        return value.as_dict()
    if isinstance(value, (tuple, list)):
        return list(value)
    if isinstance(value, (dict, MappingProxyType)):
        return dict(value)
    return value


def _hashable(value: Any) -> Any:
    return frozenset(value.items()) if isinstance(value, MappingProxyType) else value


class _Table:
    """A table of the config: one read-only attribute per key of its part of SCHEMA."""

    __slots__ = ()
    _schema: dict[str, Any] = {}
    _prefix = ""  # its dotted place in the config: "" for the whole config, "production." for a table
    _fields: tuple = ()  # (attribute, key, table class or None), in SCHEMA order
    _attrs: dict[str, str] = {}  # attribute -> key

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        """``values``: the table as TOML has it (kebab-case keys, any of them), over the defaults."""
        self._fill(self._validated(values, "config"))

    @classmethod
    def _validated(cls, values: dict[str, Any] | None, where: str) -> dict[str, Any]:
        merged = _defaults(cls._schema)
        if values:
            _merge(cls._schema, values, merged, where, cls._prefix)
        return merged

    @classmethod
    def _of(cls, merged: dict[str, Any]) -> _Table:
        """The table for already-validated ``merged`` values."""
        obj = object.__new__(cls)
        obj._fill(merged)
        return obj

    def _fill(self, merged: dict[str, Any]) -> None:
        for attr, key, table in self._fields:
            value = merged[key]
            object.__setattr__(self, attr, table._of(value) if table is not None else _freeze(value))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"the config is read-only: cannot set '{name}'; "
            f"{type(self).__name__}.replace({name}=...) makes a changed copy"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"the config is read-only: cannot delete '{name}'")

    def as_dict(self) -> dict[str, Any]:
        """The values as TOML has them: kebab-case keys in SCHEMA order, lists and dicts (``config --show``)."""
        return {key: _thaw(getattr(self, attr)) for attr, key, _ in self._fields}

    def _changed(self, changes: dict[str, Any]) -> dict[str, Any]:
        values = self.as_dict()
        for attr, value in changes.items():
            key = self._attrs.get(attr)
            if key is None:
                raise TypeError(f"{type(self).__name__} has no field {attr!r}")
            values[key] = _thaw(value)
        return values

    def replace(self, **changes: Any) -> _Table:
        """A copy with ``changes`` (attribute names) applied, validated as a config file is."""
        try:
            return self._of(self._validated(self._changed(changes), f"{type(self).__name__}.replace()"))
        except UserError as exc:
            raise TypeError(str(exc)) from None

    def _values(self) -> tuple:
        return tuple(_hashable(getattr(self, k)) for k in self._all_slots())

    @classmethod
    def _all_slots(cls) -> tuple[str, ...]:
        return tuple(k for c in reversed(cls.__mro__) for k in c.__dict__.get("__slots__", ()))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        inner = ", ".join(f"{attr}={getattr(self, attr)!r}" for attr, _, _ in self._fields)
        return f"{type(self).__name__}({inner})"

    def __reduce__(self):  # pickle and copy: rebuilt from its values (the default way would set attributes)
        return (_table_of_values, (self._prefix, self.as_dict()))


def _table_class(name: str, schema: dict[str, Any], prefix: str) -> type[_Table]:
    fields = []
    for key, spec in schema.items():
        table = _table_class(key.title().replace("-", ""), spec, f"{prefix}{key}.") if isinstance(spec, dict) else None
        fields.append((key.replace("-", "_"), key, table))
    attrs = {attr: key for attr, key, _ in fields}
    clash = sorted(
        set(attrs) & set(dir(_Table))
        | ({"path", "root", "display_path", "origins", "extends"} & set(attrs) if not prefix else set())
    )
    if clash:
        raise RuntimeError(f"config key(s) {clash} would hide a method of the config")
    cls = type(
        name,
        (_Table,),
        {
            "__slots__": tuple(attrs),
            "__module__": __name__,
            "__qualname__": name,
            "_schema": schema,
            "_prefix": prefix,
            "_fields": tuple(fields),
            "_attrs": attrs,
        },
    )
    _TABLES[prefix] = cls
    return cls


_TABLES: dict[str, type[_Table]] = {}  # prefix -> class ("" is the whole config's fields)


def _table_of_values(prefix: str, values: dict[str, Any]) -> _Table:
    return _TABLES[prefix]._of(_TABLES[prefix]._validated(values, "config"))


# the fields of the whole config (Config adds where it came from), and its tables
if TYPE_CHECKING:
    # What the type checker sees: the attributes _table_class makes from SCHEMA, with the types
    # _freeze gives them (a list of strings is a tuple, the severity table a read-only mapping).
    # Never run; tests/test_config_object.py checks that it names every key of SCHEMA with its type.
    class Production(_Table):
        branches: tuple[str, ...]
        deploy_on_merge: bool
        done_labels: tuple[str, ...]
        release_tags: tuple[str, ...]
        environments: tuple[str, ...]
        deploy_log: str
        done_transitions: tuple[str, ...]

    class Tickets(_Table):
        source: str
        paths: tuple[str, ...]
        export: str
        repo: str
        jql: str
        jira_search_path: str
        cache: str
        cache_max_age_hours: float
        done_statuses: tuple[str, ...]
        kpi_review_grace_days: float
        timeout: float
        retries: int
        max_retry_wait: float

    class Exempt(_Table):
        title: tuple[str, ...]
        body: tuple[str, ...]
        author: tuple[str, ...]
        skip_labels: tuple[str, ...]

    class ConfigValues(_Table):
        extend: str
        select: tuple[str, ...]
        extend_select: tuple[str, ...]
        ignore: tuple[str, ...]
        severity: Mapping[str, str]
        rule_paths: tuple[str, ...]
        rule_packs: tuple[str, ...]
        exempt_types: tuple[str, ...]
        bot_authors: tuple[str, ...]
        exempt: Exempt
        default_branch: str
        ticket_projects: tuple[str, ...]
        ticket_from_branch: bool
        not_ticket_keys: tuple[str, ...]
        ticket_url_patterns: tuple[str, ...]
        comment_char: str
        personas: tuple[str, ...]
        draft_prs: Literal["check", "exempt"]
        production: Production
        tickets: Tickets
        code_root: str
        metric_calls: tuple[str, ...]
        code_exclude: tuple[str, ...]
        rule_docs_url: str
else:
    ConfigValues = _table_class("ConfigValues", SCHEMA, "")
    Production = _TABLES["production."]
    Tickets = _TABLES["tickets."]
    Exempt = _TABLES["exempt."]


class Config(ConfigValues):
    """The config in force: every key of :data:`SCHEMA` as an attribute, ``path`` (the file it came
    from, or None), ``root`` (the folder its relative paths start from), ``extends`` (the base files
    it inherits from, nearest first) and ``origins`` (dotted key -> the files that set it). Read-only."""

    __slots__ = ("path", "root", "extends", "origins")
    path: Path | None
    root: Path
    extends: tuple[Path, ...]
    origins: Mapping[str, tuple[str, ...]]

    def __init__(
        self,
        values: dict[str, Any] | None = None,
        path: Path | None = None,
        root: Path | None = None,
        extends: tuple[Path, ...] = (),
        origins: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        """``values``: the ``[tool.custlint]`` table as read (kebab-case keys); an unknown key or a
        wrong type is a :class:`UserError` naming ``path`` and the key."""
        self._fill(self._validated(values, str(path) if path else "config"))
        self._place(path, root, extends, origins)

    def _place(self, path, root, extends=(), origins=None) -> None:
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "root", Path.cwd() if root is None else root)
        object.__setattr__(self, "extends", tuple(extends))
        object.__setattr__(self, "origins", MappingProxyType(dict(origins or {})))

    @classmethod
    def _of(cls, merged: dict[str, Any], path: Path | None = None, root: Path | None = None, *where: Any) -> Config:
        obj = object.__new__(cls)
        obj._fill(merged)
        obj._place(path, root, *where)
        return obj

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` applied: config keys as attribute names (``code_root=...``),
        ``path`` or ``root``; the values are validated as a config file's are."""
        path, root = changes.pop("path", self.path), changes.pop("root", self.root)
        try:
            merged = self._validated(self._changed(changes), "Config.replace()")
        except UserError as exc:
            raise TypeError(str(exc)) from None
        return self._of(merged, path, root, self.extends, self.origins)

    def __repr__(self) -> str:
        return f"Config(path={self.path!r}, root={self.root!r})"

    def __reduce__(self):
        return (Config, (self.as_dict(), self.path, self.root, self.extends, dict(self.origins)))

    @property
    def display_path(self) -> str:
        return str(self.path) if self.path else "(defaults)"


def _read_toml(path: Path) -> dict[str, Any]:
    from custlint.core.tomlfile import load

    return load(str(path), "config")


def _table_of(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict):
            raise UserError(
                f"{path}: [tool] must be a table (tool = {type(tool).__name__} found); write [tool.custlint]"
            )
        table = tool.get("custlint")
        if table is not None and not isinstance(table, dict):
            raise UserError(f"{shown(path)}: [tool.custlint] must be a table")
        return table
    return data


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``.custlint.toml`` or ``pyproject.toml`` with ``[tool.custlint]``, and its parsed
    TOML (each file read once)."""
    from custlint.core.tomlfile import load, read_bytes

    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        dot = folder / ".custlint.toml"
        if dot.is_file():
            return dot, load(str(dot), "config")
        if dot.exists():  # a folder, a device or a FIFO by that name: never skipped in silence
            raise UserError(f"{dot} is not a regular file; remove it or point --config at the config file")
        py = folder / "pyproject.toml"
        if py.is_file():
            raw = read_bytes(str(py), "config")
            if b"custlint" in raw:  # no TOML parse of other tools' files
                data = load(str(py), "config", raw)
                if _table_of(py, data) is not None:
                    return py, data
        if (folder / ".git").exists():
            break  # the repository's top: a config above it belongs to something else
    return None


def default_config() -> Config:
    """The built-in defaults, ignoring any config file."""
    return Config(None, None, Path.cwd())


def load_config(path: str | os.PathLike | None = None, start: Path | None = None) -> Config:
    """Load the config at ``path`` (``--config``) or the one found from ``start``: validated and
    built once, here; what a run overrides (``--code-root``) is a :meth:`Config.replace` copy."""
    if path is not None:
        cfg_path = Path(path)
        if not cfg_path.is_file():
            raise UserError(f"config file not found: {cfg_path}; pass an existing file to --config")
        data = _read_toml(cfg_path)
    else:
        found = find_config(start)
        if found is None:
            return Config(None, None, (start or Path.cwd()).resolve())
        cfg_path, data = found
    table = _table_of(cfg_path, data)
    if table is None:
        raise UserError(f"{cfg_path}: no [tool.custlint] table; add one or point --config at a .custlint.toml")
    if "extend" not in table:
        return Config(table, cfg_path, cfg_path.resolve().parent)
    from custlint.core.extend import inherit

    merged, extends, origins = inherit(cfg_path, table)
    return Config(merged, cfg_path, cfg_path.resolve().parent, extends, origins)


def ticket_source(config: Config | None) -> str:
    """``tickets.source`` ("" when none is set, or there is no config): here, not in
    :mod:`custlint.document.ticket`, so that the hook can ask without importing the ticket machinery."""
    return config.tickets.source if config is not None else ""

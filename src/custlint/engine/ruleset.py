"""Every rule a run can select: the shipped packs, the user's packs and the code rules, cached.

Loading validates each pack in full (TOML parse, every key, every pattern's safety) and lists
the code rules by importing their modules: about 30 ms that the commit-msg hook would pay on
every commit. The validated rules are kept in the user's cache (:mod:`custlint.core.usercache`) under
a key of every file they came from (path, size, modification time), of the modules that load
them, and of custlint's version, so a later run reads one JSON file instead. Any change to a
pack, a code rule module, the loader or custlint loads and validates everything again; a pack with a mistake is never cached, so its error is
said on every run.
"""

from __future__ import annotations

import os

from custlint.core import usercache
from custlint.engine.packs import Example, Rule, builtin_dir, pack_files

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

_FIELDS = [k for k in Rule.__slots__ if not k.startswith("_")]


_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the custlint package
# the code that turns a pack into rules: a change to it (an editable install keeps its version)
# is a change to the cached rules too
_LOADERS = tuple(
    os.path.join(*p)
    for p in (
        ("engine", "packs.py"),
        ("engine", "ruleset.py"),
        ("engine", "registry.py"),
        ("analysis", "vocab.py"),
        ("core", "record.py"),
    )
)


def _code_files() -> list[str]:
    folder = os.path.join(_HERE, "coderules")
    rules = sorted(os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".py"))
    from custlint.engine.registry import module_files

    return [os.path.join(_HERE, n) for n in _LOADERS] + module_files() + rules


def _to_json(rule: Rule) -> list:
    row = [getattr(rule, k) for k in _FIELDS]
    row[_FIELDS.index("examples")] = [[getattr(e, k) for k in Example.__slots__] for e in rule.examples]
    row[_FIELDS.index("sections")] = sorted(rule.sections)
    return row


def _from_json(row: list) -> Rule:
    if len(row) != len(_FIELDS):
        raise ValueError("a rule of another shape")
    values = dict(zip(_FIELDS, row, strict=True))
    values["applies_to"] = tuple(values["applies_to"])
    values["sections"] = frozenset(values["sections"])
    values["examples"] = [Example(*e) for e in values["examples"]]
    return Rule(**values)


def _known(rule: Rule) -> bool:
    """A cached rule's check still exists (an editable install can change checks, not its version)."""
    if rule.kind != "analysis":
        return True
    module = rule.check_module
    if not module.startswith("custlint."):  # an installed pack's check module (rule-packs)
        import importlib.util

        try:
            return importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            return False
    return module.startswith("custlint.checks.") and os.path.isfile(
        os.path.join(_HERE, "checks", module.rpartition(".")[2] + ".py")
    )


def every_rule(extra: Iterable[Path] = (), packs: Iterable[str] = ()) -> list[Rule]:
    """The shipped and the user's pack rules (validated), those of the installed packages named in
    ``packs`` (``rule-packs``), and the code rules, in that order."""
    packages: list[Path] = []
    if packs:  # entry points are looked up only when a config names installed packs
        from custlint.engine.pack_packages import pack_folders

        packages = pack_folders(packs)
    extra = [*extra, *packages]
    files = pack_files([builtin_dir(), *extra])
    code = _code_files() + [str(py) for folder in packages for py in sorted(folder.glob("*.py"))]
    try:
        key = _key(files, code)
    except OSError:
        key = None
    name = usercache.name_for("\n".join(str(f) for f in files))
    if key is not None:
        # the shipped rules as the build parsed them, for exactly these files; else the user's cache
        rows: object = _built(key)
        if rows is None:
            rows = usercache.read("rules", name, key)
        if isinstance(rows, list):
            try:
                rules = [_from_json(r) for r in rows]
            except (TypeError, ValueError, KeyError):
                rules = []
            if rules and all(_known(r) for r in rules):
                return rules
    rules = _load(extra[: len(extra) - len(packages)], packages)
    if key is not None:
        usercache.write("rules", name, key, [_to_json(r) for r in rules])
    return rules


def _key(files: list[Path], code: list[str]) -> list:
    """What the rules loaded from ``files`` (packs) by ``code`` (loaders, checks, code rules) are kept
    under: the rule's fields, then each file's path, size and modification time (OSError: one is gone)."""
    return [_FIELDS] + [usercache.file_key(str(f)) for f in files] + [usercache.file_key(f) for f in code]


def _load(extra: list[Path], packages: list[Path]) -> list[Rule]:
    """The rules parsed and validated from their files, and the code rules."""
    from custlint.coderules import as_rules
    from custlint.engine.packs import load_rules

    return load_rules(extra, packages) + as_rules()


# the shipped rules parsed once by the build (``custlint compile``), beside the compiled modules: a
# first run (an empty user cache, a CI runner's, or --no-cache) reads them as JSON rather than parsing
# every pack (25 ms of an audit's start, the TOML parse and the code rules' imports)
BUILT = "rules.json"


def _built(key: list) -> list | None:
    """The rows :func:`write_built` kept, where they were parsed from the files of ``key`` as they are."""
    import json

    from custlint import accel

    try:
        with open(os.path.join(accel.build_dir(), BUILT), encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != usercache.STAMP or data.get("key") != key:
        return None
    rows = data.get("rows")
    return rows if isinstance(rows, list) else None


def write_built(where: str) -> None:
    """The shipped rules, parsed and validated afresh, into ``where`` (the build's folder) under the key
    of their files (packs, loaders, checks, code rules: any of them changed, they are parsed again)."""
    import json

    key = _key(pack_files([builtin_dir()]), _code_files())
    rows = [_to_json(r) for r in _load([], [])]
    tmp = os.path.join(where, BUILT + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"stamp": usercache.STAMP, "key": key, "rows": rows}, fh)
    os.replace(tmp, os.path.join(where, BUILT))

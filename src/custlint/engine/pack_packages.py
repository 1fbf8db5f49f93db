"""Rule packs installed as Python packages: the entry point group ``custlint.rule_packs``.

A package ships packs the way custlint ships its own: ``*.toml`` files (the README's "Rule packs"
format) as package data, in the folder of the module its entry point names, e.g.::

    [project.entry-points."custlint.rule_packs"]
    acme = "acme_custlint"        # the *.toml files in acme_custlint/ are the packs

A pack of such a package may name a check module in its ``[pack]`` table (``checks =
"acme_custlint.checks"``) whose ``@custlint.engine.registry.check``
functions its ``kind = "analysis"`` rules use; it is imported when the pack is validated and when a
selected rule runs. A repository's own ``rule-paths`` packs cannot name one: importing code is for
what the user installed.

A config selects packages by entry point name (``rule-packs = ["acme"]``); their rules are then
selectable like the shipped ones (by code, prefix, name, ``ALL``). Entry points are looked up only
then: with no ``rule-packs`` this module is never imported, so the commit-msg hook pays nothing for it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from custlint.errors import UserError

GROUP = "custlint.rule_packs"


def _installed() -> dict[str, str]:
    """Entry point name -> its value, for every installed rule pack."""
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep.value)
    return found


def pack_folders(names) -> list[Path]:
    """The folders of the installed packs named in ``rule-packs``, in the order named."""
    found = _installed()
    folders = []
    for name in names:
        value = found.get(name)
        if value is None:
            have = ", ".join(sorted(found)) or "none"
            raise UserError(
                f"rule-packs: no installed package provides the rule pack {name!r} (entry point group {GROUP}; "
                f"installed: {have}); pip install it where custlint is installed, or fix 'rule-packs'"
            )
        folders.append(_folder(name, value))
    return folders


def is_installed_pack(path: Path) -> bool:
    """``path`` (a pack file) lies in the folder of an installed pack (``custlint rules --check`` of
    a pack in development, installed editable): its check module may be imported."""
    here = path.resolve()
    for name, value in _installed().items():
        try:
            folder = _folder(name, value).resolve()
        except UserError:
            continue
        if here.parent == folder:
            return True
    return False


def _folder(name: str, value: str) -> Path:
    module = value.partition(":")[0].strip()
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as exc:
        spec, why = None, f": {exc}"
    else:
        why = ""
    if spec is None:
        raise UserError(
            f"rule-packs: the rule pack {name!r} names the module {module!r}, which cannot be found{why}; reinstall its package"
        )
    if spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    if spec.origin:
        return Path(spec.origin).parent
    raise UserError(f"rule-packs: the module {module!r} of the rule pack {name!r} has no folder of packs")


def import_checks(module: str, path: Path, allowed: bool) -> None:
    """Import the check module a pack's ``[pack] checks`` names (a UserError naming the pack otherwise)."""
    if not allowed:
        raise UserError(
            f"{path}: [pack] checks = {module!r}: only a rule pack installed as a package (rule-packs) may "
            "name a check module; remove the key, or ship the pack as a package"
        )
    try:
        importlib.import_module(module)
    except Exception as exc:  # noqa: BLE001 - any failure of the pack's own code is the pack's, said in one line
        raise UserError(
            f"{path}: cannot import its check module {module!r} ({type(exc).__name__}: {exc}); fix or reinstall the pack"
        ) from None

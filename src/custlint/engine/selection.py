"""Which rules run, at which severity: ``select``, ``extend-select``, ``ignore``, ``severity``.

Like flake8 and ruff: a selector is a rule code, a code prefix (``CP``,
``KP2``), a rule name, or ``ALL``. For each rule the most specific matching
selector decides (a name or full code beats a prefix, a longer prefix beats a
shorter one, ``ALL`` is the least specific); on a tie, ignore wins. ``ALL``
selects only rules that are on by default; a rule with ``enabled = false`` runs
when it is named by code, prefix or name.
"""

from __future__ import annotations

from custlint.engine.packs import Rule
from custlint.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


def _specificity(selector: str, rule: Rule) -> int:
    """How specifically ``selector`` names ``rule``; -1 when it does not."""
    if selector == "ALL":
        return 0 if rule.enabled else -1
    if selector == rule.name or selector == rule.code:
        return 100
    if rule.code.startswith(selector):
        return len(selector)
    return -1


def check_known(selectors: Iterable[str], rules: list[Rule], where: str) -> None:
    for s in selectors:
        if s == "ALL":
            continue
        if not any(s == r.name or r.code.startswith(s) for r in rules):
            raise UserError(f"{where}: unknown rule or prefix {s!r}; `custlint rules` lists them")


def select_rules(
    rules: list[Rule],
    select: list[str],
    extend: list[str],
    ignore: list[str],
    severity: Mapping[str, str],
    where: str = "config",
) -> list[Rule]:
    """The rules to run, with severities overridden as configured."""
    for key, sels in (("select", select), ("extend-select", extend), ("ignore", ignore)):
        check_known(sels, rules, f"{where} '{key}'")
    check_known(severity, rules, f"{where} 'severity'")
    chosen: list[Rule] = []
    for rule in rules:
        best_in = max((_specificity(s, rule) for s in [*select, *extend]), default=-1)
        best_out = max((_specificity(s, rule) for s in ignore), default=-1)
        if best_in < 0 or best_out >= best_in:
            continue
        sev = None
        best = -1
        for s, value in severity.items():
            spec = _specificity(s, rule) if s != "ALL" else 0
            if spec > best:
                best, sev = spec, value
        chosen.append(rule.replace(severity=sev) if sev and sev != rule.severity else rule)
    return chosen

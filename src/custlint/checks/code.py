"""KPI instrumentation: the metric keys a KPI names are emitted by the code under the code root.

Reads the code root from the config in force (``config.code_root``: the config's, or ``--code-root``,
made absolute in the command Context's copy of the config). Without one, nothing is looked up. The inventory of emitted metrics is built
once per run (:mod:`custlint.analysis.metrics.inventory`), and only when a KPI names a key, so a commit
whose KPI names no metric never imports libcst.
"""

from __future__ import annotations

from custlint.engine.registry import Hit, check


def _keys(a):
    from custlint.analysis.metrics.keys import kpi_metric_keys

    return a.memo("kpi_metric_keys", kpi_metric_keys)


def _has_root(a) -> bool:
    config = a.settings.config
    return bool(config is not None and config.code_root)


def _no_code_root(config) -> bool:
    """No code root under ``config``: the metric rules look nothing up (decided once per run)."""
    return not (config is not None and config.code_root)


def _inventory(a):
    config = a.settings.config
    root = config.code_root
    from pathlib import Path

    path = Path(root)
    if not path.is_absolute():
        path = config.root / path
    if not path.is_dir():
        return None  # the Context refuses a missing --code-root; a config value is checked there too
    from custlint.analysis.metrics.inventory import inventory_for

    return inventory_for(path, config.metric_calls, config.code_exclude)


def _keys_and_inventory(a):
    """``(metric keys the KPI names, inventory of the code root)``, or None when there is nothing to look up."""
    if not _has_root(a):
        return None
    keys = _keys(a)
    if not keys:
        return None
    inv = _inventory(a)
    return None if inv is None else (keys, inv)


@check("kpi-metric-not-emitted", inert=_no_code_root)
def kpi_metric_not_emitted(doc, a, params):
    found = _keys_and_inventory(a)
    if found is None:
        return
    keys, inv = found
    from difflib import get_close_matches

    from custlint.analysis.metrics.names import how_to_emit

    known = inv.keys()
    for key, line in keys:
        if inv.find(key):
            continue
        near = get_close_matches(key, known, n=1, cutoff=0.75)
        hint = ""
        if near:
            site = inv.find(near[0])[0]
            hint = f" The closest emitted key is `{near[0]}` ({site.where})."
        if inv.unresolved:
            p, ln, call = inv.unresolved[0]
            more = f" and {len(inv.unresolved) - 1} more" if len(inv.unresolved) > 1 else ""
            hint += f" Keys custlint could not resolve: {call} at {p}:{ln}{more}."
        yield Hit(
            line=line,
            detail={"key": key, "root": inv.root.as_posix(), "files": inv.files, "near": hint, "how": how_to_emit(key)},
        )


@check("kpi-metric-emitted", inert=_no_code_root)
def kpi_metric_emitted(doc, a, params):
    found = _keys_and_inventory(a)
    if found is None:
        return
    keys, inv = found
    for key, line in keys:
        sites = inv.find(key)
        if not sites:
            continue
        where = ", ".join(f"{e.where} ({e.call})" for e in sites[:3])
        if len(sites) > 3:
            where += f" and {len(sites) - 3} more"
        yield Hit(line=line, detail={"key": key, "where": where, "count": len(sites)})

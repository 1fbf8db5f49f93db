"""The inventory of metrics a code root emits, built once per run and per root.

Every ``*.py`` file under the root is read; only files whose text could hold an emission site
(:func:`custlint.analysis.metrics.names.prefilter`) are parsed with libcst, across a process pool. Keys
taken from constants of other modules are resolved afterwards, by reading those modules.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from custlint.analysis.metrics import Emission


@dataclass
class Inventory:
    root: Path
    emissions: list[Emission] = field(default_factory=list)
    unresolved: list[tuple[str, int, str]] = field(default_factory=list)  # (path, line, call): key not resolvable
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, why it was not read)
    files: int = 0
    parsed: int = 0

    def find(self, key: str) -> list[Emission]:
        exact = [e for e in self.emissions if not e.dynamic and e.matches(key)]
        return exact or [e for e in self.emissions if e.dynamic and e.matches(key)]

    def keys(self) -> list[str]:
        return sorted({n for e in self.emissions if not e.dynamic for n in (e.names or (e.key,))})

    def summary(self) -> dict:
        return {
            "files": self.files,
            "parsed": self.parsed,
            "sites": len(self.emissions),
            "metrics": len({e.key for e in self.emissions}),
            "unresolved": len(self.unresolved),
            "unreadable": len(self.problems),
        }


def _display(path: Path) -> str:
    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def scan_chunk(items, opts) -> list[dict]:
    """Worker: one record per file: emissions, pending cross-module keys, or the problem."""
    from custlint.analysis.metrics.names import prefilter
    from custlint.sources.python.files import read_text

    metric_calls = opts
    pattern = prefilter(metric_calls)
    out = []
    for path, display in items:
        text, problem = read_text(Path(path))
        if text is None:
            out.append({"problem": problem})
            continue
        if not pattern.search(text):
            out.append({})
            continue
        out.append(_scan_text(path, display, text, metric_calls))
    return out


def _scan_text(path: str, display: str, text: str, metric_calls) -> dict:
    import libcst as cst

    from custlint.analysis.metrics.emissions import scan_module

    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        return {"parsed": True, "problem": f"syntax error on line {exc.raw_line}: {exc.message}"}
    except RecursionError:
        return {"parsed": True, "problem": "too deeply nested for the parser"}
    except Exception as exc:  # libcst's own errors on syntax it does not know yet
        return {"parsed": True, "problem": f"libcst cannot parse it ({type(exc).__name__}: {exc})"}
    scan = scan_module(module, display, metric_calls)
    pending = [
        (s.pending, s.kind, s.mtype, s.call, scan.line_of(s.node), s.prefix, s.join) for s in scan.sites if s.pending
    ]
    return {"parsed": True, "emissions": scan.emissions(), "pending": pending}


_CACHE: dict[tuple, Inventory] = {}


def inventory_for(
    root: str | Path, metric_calls: Iterable[str] = (), exclude: Iterable[str] = (), jobs: int | None = None
) -> Inventory:
    """The (cached) inventory of ``root``."""
    key = (str(Path(root).resolve()), tuple(metric_calls), tuple(exclude))
    inv = _CACHE.get(key)
    if inv is None:
        inv = _CACHE[key] = build(Path(root), tuple(metric_calls), tuple(exclude), jobs)
    return inv


def build(
    root: Path, metric_calls: tuple[str, ...] = (), exclude: tuple[str, ...] = (), jobs: int | None = None
) -> Inventory:
    from custlint.core.pool import run_chunks
    from custlint.sources.python.files import python_files

    files = python_files(root, exclude)
    items = [(str(f), _display(f)) for f in files]
    records = run_chunks(scan_chunk, items, metric_calls, jobs)
    inv = Inventory(root=root, files=len(items))
    pending = []
    for (path, display), rec in zip(items, records, strict=True):
        inv.parsed += bool(rec.get("parsed"))
        if "problem" in rec:
            inv.problems.append((display, rec["problem"]))
        inv.emissions.extend(rec.get("emissions", ()))
        for p in rec.get("pending", ()):
            pending.append((path, display, *p))
    if pending:
        _resolve_pending(pending, inv)
    inv.emissions.sort(key=lambda e: (e.key, e.path, e.line))
    return inv


def _resolve_pending(pending: list, inv: Inventory) -> None:
    """Keys that are constants of other modules (``from .names import CHECKOUT``)."""
    from custlint.analysis.metrics.emissions import make_emission, module_constants
    from custlint.sources.python.django_urls import resolve_module
    from custlint.sources.python.files import read_text

    constants: dict[Path, dict[str, str]] = {}
    for path, display, (module, level, name), kind, mtype, call, line, prefix, join in pending:
        target = resolve_module(Path(path), module, level)
        if target is not None and target not in constants:
            text, _ = read_text(target)
            try:
                constants[target] = module_constants(text) if text else {}
            except Exception:  # a broken module of constants: the key stays unresolved
                constants[target] = {}
        value = constants.get(target, {}).get(name) if target is not None else None
        if value is None:
            inv.unresolved.append((display, line, call))
            continue
        key = f"{prefix}{join}{value}" if prefix else value
        inv.emissions.append(make_emission(kind, mtype, call, key, False, display, line))

"""Emission sites in one Python module, found with libcst.

:func:`scan_module` walks a parsed module once and records

- every call that emits a metric (statsd, DogStatsD, prometheus_client constructors,
  OpenTelemetry instruments, configured in-house calls), with its key resolved through
  string literals, module-level constants, f-strings and ``+`` (a part computed at run time
  becomes ``*``), and keys taken from constants of other modules left for the inventory;
- for every top-level function and class: whether it emits directly (including by using a
  module-level metric object: ``CHECKOUTS.inc()``, ``@REQUEST_TIME.time()``), and which
  module functions it calls, so a rule can tell whether an entry point emits anything.

Only code paths that need libcst import this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from custlint.analysis.metrics import Emission
from custlint.analysis.metrics import names as N


@dataclass
class Site:
    """An emission before its line (and maybe its key) is known."""

    kind: str
    mtype: str
    call: str
    parts: list  # str pieces, None for a run-time piece
    node: cst.CSTNode
    pending: tuple | None = None  # (module, level, name): key is a constant of another module
    prefix: str = ""
    join: str = "."

    @property
    def dynamic(self) -> bool:
        return any(p is None for p in self.parts)

    @property
    def key(self) -> str:
        k = "".join("*" if p is None else p for p in self.parts)
        if self.prefix and k:
            k = self.prefix + self.join + k
        return k


@dataclass
class DefInfo:
    name: str
    node: cst.CSTNode
    emits: bool = False
    calls: set[str] = field(default_factory=set)


@dataclass
class ModuleScan:
    path: str
    sites: list[Site] = field(default_factory=list)
    defs: dict[str, DefInfo] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)
    imports: dict[str, tuple[str, int, str | None]] = field(default_factory=dict)
    emitting_calls: set[int] = field(default_factory=set)  # id() of calls that emit or use a metric object
    _wrapper: MetadataWrapper | None = None
    _positions: Mapping[cst.CSTNode, CodeRange] | None = None

    def line_of(self, node: cst.CSTNode) -> int:
        if self._positions is None:
            assert self._wrapper is not None  # scan_module sets it before anything asks for a line
            self._positions = self._wrapper.resolve(PositionProvider)
        return self._positions[node].start.line

    def emissions(self) -> list[Emission]:
        """The resolved emission sites (pending cross-module keys are left out)."""
        out = []
        for s in self.sites:
            if s.pending is not None:
                continue
            out.append(make_emission(s.kind, s.mtype, s.call, s.key, s.dynamic, self.path, self.line_of(s.node)))
        return out

    def emitting_defs(self) -> set[str]:
        """Top-level functions and classes that emit, directly or through module functions they call."""
        emitting = {n for n, d in self.defs.items() if d.emits}
        changed = True
        while changed:
            changed = False
            for n, d in self.defs.items():
                if n not in emitting and d.calls & emitting:
                    emitting.add(n)
                    changed = True
        return emitting

    def node_emits(self, node: cst.CSTNode) -> bool:
        """Whether ``node`` (a function or class) emits a metric, directly or through a module function."""
        emitting = self.emitting_defs()
        found = False
        calls = self.emitting_calls

        class V(cst.CSTVisitor):
            def visit_Call(self, call: cst.Call) -> bool:
                nonlocal found
                if id(call) in calls or (isinstance(call.func, cst.Name) and call.func.value in emitting):
                    found = True
                return not found

        node.visit(V())
        return found


def make_emission(kind: str, mtype: str, call: str, key: str, dynamic: bool, path: str, line: int) -> Emission:
    return Emission(
        key=key, kind=kind, call=call, path=path, line=line, dynamic=dynamic, names=N.exposed_names(kind, mtype, key)
    )


def dotted(node: cst.CSTNode) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, None otherwise."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def _module_name(node) -> str:
    return dotted(node) or "" if node is not None else ""


class _Visitor(cst.CSTVisitor):
    def __init__(self, scan: ModuleScan) -> None:
        self.scan = scan
        self.depth = 0  # function/class nesting
        self.top: DefInfo | None = None
        self.calls: list[tuple[cst.Call, DefInfo | None]] = []
        self.assigns: list[tuple[str, cst.Call]] = []  # module-level NAME = call(...)

    # -- scopes ------------------------------------------------------------
    def _enter(self, node, name: str) -> None:
        if self.depth == 0:
            self.top = self.scan.defs.setdefault(name, DefInfo(name, node))
        self.depth += 1

    def _leave(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.top = None

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._enter(node, node.name.value)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._leave()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._enter(node, node.name.value)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self._leave()

    # -- imports -----------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            full = _module_name(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.scan.imports[alias.asname.name.value] = (full, 0, None)
            else:
                top = full.split(".")[0]
                self.scan.imports.setdefault(top, (top, 0, None))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        module = _module_name(node.module)
        level = len(node.relative)
        for alias in node.names:
            name = alias.name.value if isinstance(alias.name, cst.Name) else dotted(alias.name) or ""
            local = (
                alias.asname.name.value
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name)
                else name
            )
            self.scan.imports[local] = (module, level, name)

    # -- module-level constants and objects ---------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        if self.depth:
            return
        for t in node.targets:
            if isinstance(t.target, cst.Name):
                self._bind(t.target.value, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.depth or node.value is None or not isinstance(node.target, cst.Name):
            return
        self._bind(node.target.value, node.value)

    def _bind(self, name: str, value: cst.BaseExpression) -> None:
        parts, pending = resolve(value, self.scan.constants, self.scan.imports)
        if parts is not None and pending is None and None not in parts:
            self.scan.constants[name] = "".join(parts)
        elif isinstance(value, cst.Call):
            self.assigns.append((name, value))

    # -- calls ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append((node, self.top))
        if self.top is not None and isinstance(node.func, cst.Name):
            self.top.calls.add(node.func.value)


def resolve(expr, constants: dict[str, str], imports: dict) -> tuple[list | None, tuple | None]:
    """``(parts, pending)`` of a string expression: parts are str or None (computed at run time);
    ``pending`` is ``(module, level, name)`` when the whole key is a constant of another module.
    ``(None, None)``: not a string expression at all."""
    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return ([value], None) if isinstance(value, str) else (None, None)
    if isinstance(expr, cst.ConcatenatedString):
        left, _ = resolve(expr.left, constants, imports)
        right, _ = resolve(expr.right, constants, imports)
        if left is None or right is None:
            return None, None
        return left + right, None
    if isinstance(expr, cst.FormattedString):
        parts: list = []
        for p in expr.parts:
            if isinstance(p, cst.FormattedStringText):
                parts.append(p.value)
            elif isinstance(p, cst.FormattedStringExpression) and p.format_spec is None and p.conversion is None:
                inner, _ = resolve(p.expression, constants, imports)
                parts.extend(inner if inner is not None else [None])
            else:  # a format spec or conversion: that part is not known
                parts.append(None)
        return parts, None
    if isinstance(expr, cst.Name):
        if expr.value in constants:
            return [constants[expr.value]], None
        imp = imports.get(expr.value)
        if imp is not None and imp[2] is not None:
            return [None], (imp[0], imp[1], imp[2])
        return [None], None
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
        imp = imports.get(expr.value.value)
        if imp is not None:
            module, level, name = imp
            mod = f"{module}.{name}" if name else module
            if level and not module and name:
                mod = name
            return [None], (mod, level, expr.attr.value)
        return [None], None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        left, lp = resolve(expr.left, constants, imports)
        right, rp = resolve(expr.right, constants, imports)
        if left is None and right is None:
            return None, None
        return (left or [None]) + (right or [None]), None
    return [None], None


def _key_arg(call: cst.Call):
    for a in call.args:
        if a.keyword is None and a.star == "":
            return a.value
        break
    for a in call.args:
        if a.keyword is not None and a.keyword.value in N.KEY_KEYWORDS:
            return a.value
    return None


def _kwarg(call: cst.Call, name: str):
    for a in call.args:
        if a.keyword is not None and a.keyword.value == name:
            return a.value
    return None


class _Classifier:
    def __init__(self, scan: ModuleScan, custom: Iterable[str]) -> None:
        self.scan = scan
        self.custom = tuple(custom)
        imports = scan.imports
        self.prom_names = {
            local: name
            for local, (mod, _lvl, name) in imports.items()  # local name -> class
            if mod in N.PROMETHEUS_MODULES and name in N.PROMETHEUS_CLASSES
        }
        self.prom_modules = {
            local
            for local, (mod, _lvl, name) in imports.items()
            if (name is None and mod in N.PROMETHEUS_MODULES) or (mod == "prometheus_client" and name == "metrics")
        }
        self.clients: dict[str, tuple[str, str]] = {}  # name -> (kind, prefix)
        for local, (mod, _lvl, name) in imports.items():
            if name == "statsd" or (mod.startswith("datadog") and name in ("statsd", "dogstatsd")):
                self.clients[local] = ("dogstatsd" if mod.startswith("datadog") else "statsd", "")
        self.metric_objects: set[str] = set()

    def client_of(self, receiver: str | None) -> tuple[str, str] | None:
        if receiver is None:
            return None
        if receiver in self.clients:
            return self.clients[receiver]
        if any(N.CLIENT_NAME.search(seg) for seg in receiver.split(".")):
            return ("dogstatsd" if "dog" in receiver.lower() or "datadog" in receiver.lower() else "statsd", "")
        return None

    def constructor(self, call: cst.Call) -> tuple[str, str] | None:
        """``(kind, prefix)`` when ``call`` builds a statsd-style client."""
        name = dotted(call.func)
        if not name:
            return None
        spec = N.CLIENT_CONSTRUCTORS.get(name.split(".")[-1])
        if spec is None:
            return None
        kind, kw = spec
        prefix_expr = _kwarg(call, kw)
        prefix = ""
        if prefix_expr is not None:
            parts, _ = resolve(prefix_expr, self.scan.constants, self.scan.imports)
            if parts and None not in parts:
                prefix = "".join(parts)
        return kind, prefix

    def classify(self, call: cst.Call) -> Site | None:
        func = call.func
        name = dotted(func)
        if isinstance(func, cst.Attribute):
            attr = func.attr.value
            receiver = dotted(func.value)
        else:
            attr = name or ""
            receiver = None
        # prometheus_client constructors
        if (isinstance(func, cst.Name) and func.value in self.prom_names) or (
            isinstance(func, cst.Attribute) and attr in N.PROMETHEUS_CLASSES and receiver in self.prom_modules
        ):
            real = self.prom_names[func.value] if isinstance(func, cst.Name) else attr
            return self._site(call, "prometheus", real.lower(), name or attr, prom=True)
        if isinstance(func, cst.Attribute) and attr in N.OTEL_METHODS:
            return self._site(call, "opentelemetry", attr[len("create_") :], name or attr)
        if isinstance(func, cst.Attribute) and attr in N.CLIENT_METHODS:
            client = self.client_of(receiver)
            if client is not None:
                kind = "dogstatsd" if attr in N.DOGSTATSD_ONLY else client[0]
                site = self._site(call, kind, attr, name or attr)
                if site is not None and client[1]:
                    site.prefix = client[1]
                return site
        if name and self.custom and any(fnmatchcase(name, p) for p in self.custom):
            return self._site(call, "custom", "", name)
        return None

    def _site(self, call: cst.Call, kind: str, mtype: str, written: str, prom: bool = False) -> Site | None:
        arg = _key_arg(call)
        if arg is None:
            return None
        parts, pending = resolve(arg, self.scan.constants, self.scan.imports)
        if parts is None:
            return None
        site = Site(kind, mtype, written, parts, call, pending)
        if prom:
            pieces: list = []
            for kw in ("namespace", "subsystem"):
                e = _kwarg(call, kw)
                p = resolve(e, self.scan.constants, self.scan.imports)[0] if e is not None else None
                if p is None:
                    continue
                joined = None if None in p else "".join(p)
                if joined != "":
                    pieces.append(joined)
            if pieces and site.pending is not None:
                if None in pieces:
                    site.pending, site.parts = None, [None]
                else:
                    site.prefix, site.join = "_".join(pieces), "_"
            elif pieces:
                prefix: list = []
                for p in pieces:
                    prefix += [p, "_"]
                site.parts = prefix + site.parts
        return site

    def is_object_use(self, call: cst.Call) -> bool:
        func = call.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in N.METRIC_OBJECT_METHODS:
            return False
        base = func.value
        while isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute):  # CHECKOUTS.labels(x).inc()
            base = base.func.value
        return isinstance(base, cst.Name) and base.value in self.metric_objects


def scan_module(module: cst.Module, path: str, custom: Iterable[str] = ()) -> ModuleScan:
    """Emission sites, constants, imports and per-definition emission facts of one parsed module."""
    scan = ModuleScan(path)
    scan._wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    v = _Visitor(scan)
    module.visit(v)
    cls = _Classifier(scan, custom)
    for name, call in v.assigns:
        ctor = cls.constructor(call)
        if ctor is not None:
            cls.clients[name] = ctor
    for call, top in v.calls:
        site = cls.classify(call)
        if site is not None:
            scan.sites.append(site)
            scan.emitting_calls.add(id(call))
            if top is not None:
                top.emits = True
    site_calls = {id(s.node) for s in scan.sites}
    for name, call in v.assigns:
        if id(call) in site_calls:
            cls.metric_objects.add(name)
    if cls.metric_objects:
        for call, top in v.calls:
            if cls.is_object_use(call):
                scan.emitting_calls.add(id(call))
                if top is not None:
                    top.emits = True
    return scan


def parse(text: str) -> cst.Module:
    return cst.parse_module(text)


def module_constants(text: str) -> dict[str, str]:
    """Module-level string constants of a module (for keys imported from it)."""
    scan = ModuleScan("")
    module = cst.parse_module(text)
    v = _Visitor(scan)
    # only the top-level statements matter; skip calls
    for stmt in module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            stmt.visit(v)
    return scan.constants

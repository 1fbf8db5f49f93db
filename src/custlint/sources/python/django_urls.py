"""Django views named in ``urls.py``: which functions and classes of which files serve customers.

``path("checkout/", views.checkout)``, ``re_path(...)``, ``url(...)`` with a view given as a
name, ``module.name`` or ``SomeView.as_view()`` are followed through the urls module's imports
(relative and absolute) to the file that defines the view. ``include(...)`` is not a view.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

ROUTE_FUNCS = frozenset({"path", "re_path", "url"})

# resolved view file -> {view name: (urls file as displayed, line)}
ViewIndex = dict[str, dict[str, tuple[str, int]]]


def resolve_module(from_file: Path, module: str, level: int) -> Path | None:
    """The file of ``module`` imported from ``from_file`` (``level`` dots for a relative import)."""
    parts = [p for p in module.split(".") if p]
    if level:
        base = from_file.parent
        for _ in range(level - 1):
            base = base.parent
        bases: Iterable[Path] = (base,)
    else:
        bases = from_file.parent.parents if not parts else (from_file.parent, *from_file.parent.parents)
    for base in bases:
        target = base.joinpath(*parts) if parts else base
        for cand in (target.with_suffix(".py") if parts else None, target / "__init__.py"):
            if cand is not None and cand.is_file():
                return cand
    return None


def index_urls(files: Iterable[Path], display=str) -> ViewIndex:
    """Views routed by the given ``urls.py`` files. Unreadable or unparsable files are passed over
    (``custlint code`` reports them when they are among the files it checks)."""
    from custlint.sources.python.files import read_text

    out: ViewIndex = {}
    for f in files:
        text, _ = read_text(f)
        if not text or "urlpatterns" not in text:
            continue
        try:
            found = _views_of(f, text)
        except Exception:  # a syntax error in someone's urls.py must not stop the scan
            continue
        for target, name, line in found:
            out.setdefault(str(target.resolve()), {}).setdefault(name, (display(f), line))
    return out


def _views_of(urls: Path, text: str) -> list[tuple[Path, str, int]]:
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from custlint.analysis.metrics.emissions import dotted

    module = cst.parse_module(text)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    imports: dict[str, tuple[str, int, str | None]] = {}
    calls: list = []

    class V(cst.CSTVisitor):
        def visit_Import(self, node):
            for a in node.names:
                full = dotted(a.name) or ""
                local = a.asname.name.value if a.asname is not None and isinstance(a.asname.name, cst.Name) else full
                imports[local] = (full, 0, None)

        def visit_ImportFrom(self, node):
            if isinstance(node.names, cst.ImportStar):
                return
            mod = dotted(node.module) if node.module is not None else ""
            for a in node.names:
                name = a.name.value if isinstance(a.name, cst.Name) else ""
                local = a.asname.name.value if a.asname is not None and isinstance(a.asname.name, cst.Name) else name
                imports[local] = (mod or "", len(node.relative), name)

        def visit_Call(self, node):
            name = dotted(node.func)
            if name and name.split(".")[-1] in ROUTE_FUNCS:
                pos = [a for a in node.args if a.keyword is None and not a.star]
                view = (
                    pos[1].value
                    if len(pos) > 1
                    else next((a.value for a in node.args if a.keyword is not None and a.keyword.value == "view"), None)
                )
                if view is not None:
                    calls.append(view)

    module.visit(V())
    positions = None
    out: list[tuple[Path, str, int]] = []
    for view in calls:
        if isinstance(view, cst.Call) and isinstance(view.func, cst.Attribute) and view.func.attr.value == "as_view":
            view = view.func.value
        name = dotted(view)
        if not name:
            continue  # include(...), a lambda, a computed view
        target = _target(urls, name, imports)
        if target is None:
            continue
        if positions is None:
            positions = wrapper.resolve(PositionProvider)
        out.append((target[0], target[1], positions[view].start.line))
    return out


def _target(urls: Path, name: str, imports: dict) -> tuple[Path, str] | None:
    head, _, rest = name.partition(".")
    if not rest:  # a bare name: imported from a module, or defined in urls.py itself
        imp = imports.get(head)
        if imp is None:
            return urls, head
        module, level, real = imp
        f = resolve_module(urls, module, level)
        return (f, real or head) if f is not None else None
    # module.view (or package.module.view)
    module_path, _, view = name.rpartition(".")
    first = module_path.split(".")[0]
    imp = imports.get(module_path) or imports.get(first)
    if imp is None:
        return None
    module, level, real = imp
    if real is not None:  # from pkg import views  ->  pkg.views
        module = f"{module}.{real}" if module else real
    extra = module_path.split(".")[1:] if module_path not in imports else []
    full = ".".join([module, *extra]) if module else ".".join(extra)
    f = resolve_module(urls, full, level)
    return (f, view) if f is not None else None

"""CD103 entry-point-without-metric: a customer-facing handler emits at least one metric."""

from __future__ import annotations

import re
from collections.abc import Iterator

from custlint.coderules import CodeHit, CodeRule, Invalid, Valid

ROUTE_ATTRS = frozenset({"route", "get", "post", "put", "patch", "delete", "head", "options", "api_route", "websocket"})
ROUTE_TEXT = re.compile(
    r"@\s*[\w.]+\s*\.\s*(?:route|get|post|put|patch|delete|head|options|api_route|websocket)\s*\(|\.add_(?:url_rule|api_route)\s*\("
)
# app.add_url_rule("/x", "x", view_func=f) (Flask), app.add_api_route("/x", f) (FastAPI): where the view is
REGISTER_CALLS = {"add_url_rule": (2, "view_func"), "add_api_route": (1, "endpoint")}
APP_NAME = re.compile(r"(?i)app|api|router|bp$|blueprint|routes?$|views?$")

_FLASK_VIEW = """from flask import Flask
from statsd import StatsClient

app = Flask(__name__)
statsd = StatsClient()
"""


class EntryPointWithoutMetric(CodeRule):
    CODE = "CD103"
    NAME = "entry-point-without-metric"
    PRINCIPLE = "measurable-kpi"
    SEVERITY = "warning"
    MESSAGE = "{what} '{name}' ({how}) emits no metric, so nobody can see whether customers succeed with it."
    FIX = (
        "Emit a metric in '{name}' (statsd.incr(\"...\"), a prometheus_client Counter's .inc(), an OpenTelemetry "
        "counter's .add(1)) or call a function of this module that does; or add '# custlint: ignore[CD103] <reason>' above it."
    )
    WHAT = """
    A customer-facing entry point emits at least one metric. Entry points are Flask and FastAPI
    route handlers (`@app.route`, `@app.get`, `@router.post`, `@bp.route`, `@app.api_route`, ...,
    and functions registered with `app.add_url_rule(...)` or `app.add_api_route(...)`) and Django views named in a `urls.py` (`path("checkout/", views.checkout)`,
    `CheckoutView.as_view()`), followed through the urls module's imports. A handler emits when
    its body (or its decorators) calls a statsd, DogStatsD, prometheus_client or OpenTelemetry
    emission, a configured in-house metric call (`metric-calls`), uses a module-level metric
    object (`CHECKOUTS.inc()`, `@REQUEST_TIME.time()`), or calls a function of the same module
    that does. The finding is at the `def` (or `class`) line.
    """
    WHY = """
    Measure everything: a request path with no metric is a path where customers can fail without
    anyone noticing, and where no KPI can ever be measured. One counter per handler is the floor.
    """
    VALID = (
        Valid(
            _FLASK_VIEW
            + """
@app.route("/checkout", methods=["POST"])
def checkout():
    statsd.incr("checkout.completed")
    return "ok"
"""
        ),
        Valid(
            """from fastapi import APIRouter
from prometheus_client import Counter

router = APIRouter()
ORDERS = Counter("orders_placed", "Orders placed")


def count_order():
    ORDERS.inc()


@router.post("/orders")
async def place_order():
    count_order()
    return {"ok": True}
""",
            note="Through a module function that uses a module-level Counter.",
        ),
        Valid(
            _FLASK_VIEW
            + """
# custlint: ignore[CD103] load-balancer health check, no customer behind it
@app.get("/healthz")
def health():
    return "ok"
"""
        ),
        Valid(
            """from django.urls import path
from . import views

urlpatterns = [path("checkout/", views.checkout)]
""",
            path="shop/urls.py",
            files={
                "shop/__init__.py": "",
                "shop/views.py": """from django.http import HttpResponse
from datadog import statsd


def checkout(request):
    statsd.increment("shop.checkout.viewed")
    return HttpResponse("ok")
""",
            },
            note="The urls file itself defines no view.",
        ),
    )
    INVALID = (
        Invalid(
            _FLASK_VIEW
            + """

def orders():
    return "ok"


app.add_url_rule("/orders", "orders", view_func=orders)
""",
            line=8,
        ),
        Invalid(
            _FLASK_VIEW
            + """
@app.route("/checkout", methods=["POST"])
def checkout():
    return "ok"
""",
            line=8,
        ),
        Invalid(
            """from fastapi import FastAPI

app = FastAPI()
EVENT = "checkout.completed"  # named, but never emitted


@app.get("/checkout/{order_id}")
async def get_checkout(order_id: int):
    return {"event": EVENT}
""",
            line=8,
        ),
        Invalid(
            """from django.http import HttpResponse


def checkout(request):
    return HttpResponse("ok")
""",
            line=4,
            path="shop/views.py",
            files={
                "shop/__init__.py": "",
                "shop/urls.py": """from django.urls import path
from shop.views import checkout

urlpatterns = [path("checkout/", checkout, name="checkout")]
""",
            },
        ),
        Invalid(
            _FLASK_VIEW
            + """
# custlint: ignore[CD103]
@app.get("/cart")
def cart():
    return "ok"
""",
            line=9,
            note="A suppression without a reason suppresses nothing.",
        ),
    )

    def wants(self, src) -> bool:
        return bool(src.views) or bool(ROUTE_TEXT.search(src.text))

    def check(self, src) -> Iterator[CodeHit]:
        import libcst as cst

        from custlint.analysis.metrics.emissions import dotted

        module = src.module
        scan = src.scan
        views = src.views
        found: list = []

        class V(cst.CSTVisitor):
            def __init__(self) -> None:
                self.depth = 0

            def visit_ClassDef(self, node: cst.ClassDef) -> None:
                if self.depth == 0 and node.name.value in views:
                    urls, line = views[node.name.value]
                    found.append((node, "Django view", f"routed in {urls}:{line}"))
                self.depth += 1

            def leave_ClassDef(self, node: cst.ClassDef) -> None:
                self.depth -= 1

            def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
                route = _route(node, dotted)
                if route:
                    found.append((node, "Route handler", route))
                elif self.depth == 0 and node.name.value in views:
                    urls, line = views[node.name.value]
                    found.append((node, "Django view", f"routed in {urls}:{line}"))
                self.depth += 1

            def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
                self.depth -= 1

        module.visit(V())
        registered = _registered(module, dotted)
        if registered:
            have = {id(n) for n, _w, _h in found}
            for node in module.body:
                if isinstance(node, cst.FunctionDef) and node.name.value in registered and id(node) not in have:
                    found.append((node, "Route handler", registered[node.name.value]))
        for node, what, how in found:
            if scan.node_emits(node):
                continue
            line = src.line_of(node.name)
            anchor = src.line_of(node.decorators[0]) if node.decorators else line
            yield CodeHit(line, {"what": what, "name": node.name.value, "how": how}, anchor=anchor)


def _registered(module, dotted) -> dict[str, str]:
    """Module functions registered as views by ``add_url_rule``/``add_api_route`` calls."""
    import libcst as cst

    out: dict[str, str] = {}

    class V(cst.CSTVisitor):
        def visit_Call(self, call: cst.Call) -> None:
            if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in REGISTER_CALLS:
                return
            index, kw = REGISTER_CALLS[call.func.attr.value]
            pos = [a.value for a in call.args if a.keyword is None and not a.star]
            view = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == kw), None)
            if view is None and len(pos) > index:
                view = pos[index]
            if isinstance(view, cst.Name):
                path = pos[0].evaluated_value if pos and isinstance(pos[0], cst.SimpleString) else None
                out.setdefault(view.value, f"{dotted(call.func) or call.func.attr.value}({path!r})")

    module.visit(V())
    return out


def _route(node, dotted) -> str:
    """``'@app.get("/x")'`` when a decorator makes ``node`` a Flask/FastAPI route handler."""
    import libcst as cst

    for d in node.decorators:
        call = d.decorator
        if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
            continue
        attr = call.func.attr.value
        if attr not in ROUTE_ATTRS:
            continue
        receiver = dotted(call.func.value) or ""
        first = next((a.value for a in call.args if a.keyword is None and not a.star), None)
        path = first.evaluated_value if isinstance(first, cst.SimpleString) else None
        if (isinstance(path, str) and path.startswith("/")) or (receiver and APP_NAME.search(receiver.split(".")[-1])):
            return f"@{receiver}.{attr}({path!r})" if path is not None else f"@{receiver}.{attr}"
    return ""

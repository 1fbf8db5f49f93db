"""Emission sites found by the libcst scanner: what counts as emitting a metric key, and what does not."""

from __future__ import annotations

import pytest

from custlint.analysis.metrics.emissions import parse, scan_module


def keys(src: str, custom=()) -> dict[str, tuple]:
    scan = scan_module(parse(src), "m.py", custom)
    return {e.key: (e.kind, e.line, e.names) for e in scan.emissions()}


def test_statsd_methods_and_prefix_from_the_client():
    src = ("from statsd import StatsClient\nstatsd = StatsClient(prefix='shop')\n"
           "statsd.incr('a')\nstatsd.decr('b')\nstatsd.gauge('c', 1)\nstatsd.timing('d', 3)\n"
           "with statsd.timer('e'):\n    pass\nstatsd.set('f', 1)\nstatsd.histogram('g', 2)\n")
    got = keys(src)
    assert set(got) == {f"shop.{k}" for k in "abcdefg"}
    assert got["shop.a"] == ("statsd", 3, ("shop.a",))


def test_dogstatsd_methods():
    src = ("from datadog import statsd\nstatsd.increment('a')\nstatsd.gauge('b', 1)\n"
           "statsd.histogram('c', 1)\nstatsd.distribution('d', 1)\n")
    assert {k: v[0] for k, v in keys(src).items()} == dict.fromkeys("abcd", "dogstatsd")


def test_prometheus_constructors_total_suffix_and_namespace():
    src = ("from prometheus_client import Counter, Gauge, Histogram, Summary\nimport prometheus_client as prom\n"
           "A = Counter('orders', 'd')\nB = Counter('refunds_total', 'd')\nC = Gauge('queue_depth', 'd')\n"
           "D = Histogram('latency_seconds', 'd')\nE = Summary('size_bytes', 'd')\n"
           "F = prom.Counter('done', 'd', namespace='shop', subsystem='checkout')\n")
    got = keys(src)
    assert "orders_total" in got["orders"][2] and "orders" in got["orders"][2]
    assert "refunds" in got["refunds_total"][2] and "refunds_total" in got["refunds_total"][2]
    assert got["queue_depth"][2] == ("queue_depth",)
    assert "latency_seconds_bucket" in got["latency_seconds"][2]
    assert "size_bytes_count" in got["size_bytes"][2]
    assert "shop_checkout_done_total" in got["shop_checkout_done"][2]


def test_opentelemetry_instruments_including_observable():
    src = ("from opentelemetry import metrics\nmeter = metrics.get_meter('shop')\n"
           "a = meter.create_counter('orders.placed')\nb = meter.create_histogram(name='checkout.duration')\n"
           "c = meter.create_up_down_counter('carts.open')\nd = meter.create_observable_gauge('stock.level', callbacks=[])\n")
    assert set(keys(src)) == {"orders.placed", "checkout.duration", "carts.open", "stock.level"}


def test_module_constants_fstrings_and_concatenation_are_resolved():
    src = ("from datadog import statsd\nPREFIX = 'shop'\nKEY = PREFIX + '.checkout'\nDONE: str = f'{KEY}.done'\n"
           "def f(step):\n    statsd.increment(DONE)\n    statsd.increment(KEY + '.started')\n"
           "    statsd.increment(f'{PREFIX}.step.{step}')\n")
    scan = scan_module(parse(src), "m.py")
    got = {e.key: e.dynamic for e in scan.emissions()}
    assert got == {"shop.checkout.done": False, "shop.checkout.started": False, "shop.step.*": True}
    dyn = next(e for e in scan.emissions() if e.dynamic)
    assert dyn.matches("shop.step.pay") and not dyn.matches("shop.other")


def test_a_pass_through_wrapper_matches_no_key():
    src = "class Metrics:\n    def incr(self, name):\n        self.statsd.incr(name)\n"
    (site,) = scan_module(parse(src), "m.py").emissions()
    assert site.key == "*" and site.dynamic and not site.matches("checkout.completed")


@pytest.mark.parametrize("src", [
    "KEY = 'checkout.completed'\nprint(KEY)\n",  # a string never emitted
    "from collections import Counter\nc = Counter('checkout.completed')\n",  # not prometheus_client
    "cache = {}\ncache.set('checkout.completed', 1)\n",  # .set on something that is not a metrics client
    "import logging\nlogging.info('checkout.completed')\n",
    "def incr(x):\n    pass\nincr('checkout.completed')\n",
])
def test_things_that_are_not_emissions(src):
    assert keys(src) == {}


def test_custom_in_house_calls_from_config():
    src = "from acme import telemetry\ntelemetry.emit('orders.placed')\nobs.track_metric(name='x.y')\n"
    assert set(keys(src, ["telemetry.emit", "*.track_metric"])) == {"orders.placed", "x.y"}
    assert keys(src) == {}


def test_handlers_emitting_through_objects_and_helpers():
    src = ("from prometheus_client import Counter\nC = Counter('a', 'd')\n"
           "def direct():\n    C.inc()\n"
           "def labelled():\n    C.labels('x').inc()\n"
           "def helper():\n    direct()\n"
           "def silent():\n    return 1\n")
    scan = scan_module(parse(src), "m.py")
    assert scan.emitting_defs() == {"direct", "labelled", "helper"}


def test_kpi_metric_keys_from_trailers_and_sections():
    from custlint.analysis.analyzer import analyze
    from custlint.document.message import commit_document

    doc = commit_document("Add reorder\n\nCustomer-Problem: buyers re-search items\n"
                          "KPI: `orders.reordered` over 30% of `orders.placed`; p95 `< 800 ms`\n"
                          "Metric: orders_reordered_total, checkout completion rate\n", subject="x")
    from custlint.analysis.metrics.keys import kpi_metric_keys

    got = kpi_metric_keys(analyze(doc))
    assert got == [("orders.reordered", 4), ("orders.placed", 4), ("orders_reordered_total", 5)]

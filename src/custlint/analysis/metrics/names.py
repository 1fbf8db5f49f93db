"""What counts as an emission site, as data (no libcst here, so the inventory and docs can read it cheaply)."""

from __future__ import annotations

import re
from collections.abc import Iterable

# statsd (jsocol/pystatsd and compatible clients)
STATSD_METHODS = frozenset({"incr", "decr", "gauge", "timing", "timer", "histogram", "set"})
# DogStatsD (datadog.statsd / DogStatsd())
DOGSTATSD_METHODS = frozenset(
    {"increment", "decrement", "gauge", "histogram", "distribution", "timing", "timed", "set"}
)
DOGSTATSD_ONLY = DOGSTATSD_METHODS - STATSD_METHODS
CLIENT_METHODS = STATSD_METHODS | DOGSTATSD_METHODS
# constructors that make a statsd-style client: name -> (kind, keyword that holds the key prefix)
CLIENT_CONSTRUCTORS = {
    "StatsClient": ("statsd", "prefix"),
    "TCPStatsClient": ("statsd", "prefix"),
    "UnixSocketStatsClient": ("statsd", "prefix"),
    "DogStatsd": ("dogstatsd", "namespace"),
}
# a receiver whose name looks like a metrics client (statsd.incr, self.metrics.gauge, app.stats.timing)
CLIENT_NAME = re.compile(r"(?i)statsd|\bstats\b|^stats|stats$|metrics?$|^metrics?|telemetry|datadog")
# prometheus_client metric constructors
PROMETHEUS_CLASSES = frozenset({"Counter", "Gauge", "Histogram", "Summary"})
PROMETHEUS_MODULES = ("prometheus_client", "prometheus_client.metrics")
# OpenTelemetry meter instruments
OTEL_METHODS = frozenset(
    {
        "create_counter",
        "create_histogram",
        "create_up_down_counter",
        "create_gauge",
        "create_observable_counter",
        "create_observable_gauge",
        "create_observable_up_down_counter",
    }
)
# methods of a metric object (prometheus Counter(...).inc(), OTel counter.add()) that record a value
METRIC_OBJECT_METHODS = frozenset(
    {
        "inc",
        "dec",
        "set",
        "observe",
        "labels",
        "time",
        "add",
        "record",
        "track_inprogress",
        "count_exceptions",
        "set_function",
        "set_to_current_time",
    }
)
# keywords that may hold the key instead of the first positional argument
KEY_KEYWORDS = ("name", "metric", "metric_name", "key", "stat")

_WORDS = (
    "statsd",
    "datadog",
    "telemetry",
    "prometheus_client",
    "opentelemetry",
    "statsclient",
    "create_counter",
    "create_histogram",
    "create_up_down_counter",
    "create_gauge",
    "create_observable",
)
_METRIC_DOT = re.compile(r"metrics?\s*\.")
_STATS_DOT = re.compile(r"stats\s*\.")


class Prefilter:
    """A cheap text test: a file that does not pass cannot hold an emission site. Substring tests on
    the lower-cased text first (C speed); a regular expression only where a word needs context."""

    def __init__(self, custom_patterns: Iterable[str] = ()) -> None:
        extra = []
        for p in custom_patterns:
            last = p.split(".")[-1]
            if last and last != "*":
                extra.append(
                    re.escape(last.replace("*", "")) + r"\w*\s*\(" if "*" in last else re.escape(last) + r"\s*\("
                )
        self.custom = re.compile("|".join(extra)) if extra else None

    def search(self, text: str) -> bool:
        low = text.lower()
        if any(w in low for w in _WORDS):
            return True
        if "metric" in low and _METRIC_DOT.search(low):
            return True
        if "stats" in low and _STATS_DOT.search(low):
            return True
        return bool(self.custom is not None and self.custom.search(text))


def prefilter(custom_patterns: Iterable[str] = ()) -> Prefilter:
    return Prefilter(custom_patterns)


def exposed_names(kind: str, mtype: str, key: str) -> tuple[str, ...]:
    """Every name a metric can be queried by. Prometheus counters get ``_total`` (the client adds it
    when the name lacks it), histograms ``_bucket``/``_sum``/``_count``, summaries ``_sum``/``_count``."""
    if kind != "prometheus":
        return (key,)
    if mtype == "counter":
        base = key[: -len("_total")] if key.endswith("_total") else key
        return (base + "_total", base, base + "_created")
    if mtype == "histogram":
        return (key, key + "_bucket", key + "_sum", key + "_count", key + "_created")
    if mtype == "summary":
        return (key, key + "_sum", key + "_count", key + "_created")
    return (key,)


def how_to_emit(key: str) -> str:
    """A one-line hint on how the key would be emitted, for findings."""
    if re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", key):
        base = key[: -len("_total")] if key.endswith("_total") else key
        return f'e.g. statsd.incr("{key}"), prometheus_client Counter("{base}", ...), or meter.create_counter("{key}")'
    return f'e.g. statsd.incr("{key}"), statsd.timing("{key}", ms) or meter.create_counter("{key}")'

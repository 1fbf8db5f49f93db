"""Metric keys a KPI names: backticked identifiers in KPI sections and trailers, and ``Metric:`` trailers.

``KPI: checkout completion (`checkout.completed` / `checkout.started`) from 61% to 65%`` names
two keys. A ``Metric:`` (or ``Metrics:``) trailer names keys outright, comma-separated, with or
without backticks (a bare word counts when it has a ``.``, ``_`` or ``:`` in it, or is the only word). Inline code that is not a key-like identifier (``p95 < 800 ms``) is passed over.
"""

from __future__ import annotations

import re

BACKTICKED = re.compile(r"`([^`\n]+)`")
KEY = re.compile(r"[A-Za-z_][\w.:\-/]*[\w]|[A-Za-z_]")
METRIC_TRAILERS = frozenset({"metric", "metrics", "key metric", "target metric"})


def _norm(name: str) -> str:
    return " ".join(name.replace("-", " ").lower().split())


def keys_in(text: str, whole: bool = False) -> list[str]:
    """Keys in ``text``: backticked ones; with ``whole``, also the comma-separated bare words."""
    found = [m.group(1).strip() for m in BACKTICKED.finditer(text)]
    if whole:
        words = [w.strip().strip("`").strip() for w in re.split(r"[,;\s]+", BACKTICKED.sub(" ", text))]
        words = [w for w in words if w]
        # prose in a Metric: trailer ("checkout completion rate") is not three keys: a bare word counts
        # when it has a separator, as metric keys do (checkout.completed, orders_total), or stands alone
        found += [w for w in words if len(words) == 1 or any(c in w for c in "._:")]
    return [k for k in found if k and KEY.fullmatch(k)]


def kpi_metric_keys(a) -> list[tuple[str, int]]:
    """``(key, file line)`` for every metric key the document's KPI names, first occurrence only."""
    doc = a.doc
    kpi_names: frozenset[str] = getattr(a.settings, "kpi_names", frozenset())
    out: dict[str, int] = {}
    for t in doc.trailers:
        name = _norm(t.key)
        if name in METRIC_TRAILERS:
            for k in keys_in(t.value, whole=True):
                out.setdefault(k, doc.file_line(t.line))
        elif name in kpi_names:
            for k in keys_in(t.value):
                out.setdefault(k, doc.file_line(t.line))
    for f in a.kpi_fields:
        if f.how == "trailer":
            continue  # read from doc.trailers above, with their file lines
        for k in keys_in(f.text, whole=_norm(f.name) in METRIC_TRAILERS and f.how == "label"):
            out.setdefault(k, f.line)
    return list(out.items())

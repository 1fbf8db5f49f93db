"""Join the JSON audits of several repositories (one CI matrix job each) into one org-wide audit.

Counts add up exactly. Medians and p90s cannot be added: the merged ones are read from the summed
lead-time sketches (log buckets, 8 per doubling: within ~5%) and marked ``"approximate": true``.
"""

from __future__ import annotations

import json
from pathlib import Path

from custlint.audit.leadtime import EDGES, merge_sketches, sketch_quantile
from custlint.audit.tally import Tally
from custlint.core.files import shown
from custlint.errors import UserError

_NEEDED = ("range", "commits", "exempt", "checked", "principles", "periods", "authors", "lead_time")


def _q(sk: dict, p: float) -> float | None:
    return round(sketch_quantile(sk, p), 2) if sk else None


def load(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(
            f"{shown(path)} is not JSON ({exc}); pass files written by `custlint audit --format json`"
        ) from None
    if not isinstance(data, dict) or any(k not in data for k in _NEEDED):
        raise UserError(
            f"{path} is not a custlint audit (missing {', '.join(k for k in _NEEDED if not isinstance(data, dict) or k not in data)}); "
            "pass files written by `custlint audit --format json`"
        )
    lt = data["lead_time"]
    if lt is not None and list(lt.get("histogram_edges_hours", [])) != list(EDGES):
        raise UserError(
            f"{path} was written by a custlint with other lead-time buckets; rerun its audit with this version"
        )
    return data


def _add_rows(into: dict[str, Tally], rows: list[dict], key: str, prefix: str = "") -> None:
    for r in rows:
        name = prefix + str(r[key])
        t = into.get(name)
        if t is None:
            into[name] = Tally.from_dict(r)
        else:
            t.merge(Tally.from_dict(r))


def _rows(groups: dict[str, Tally], key: str) -> list[dict]:
    rows = [{key: k, **t.to_dict()} for k, t in groups.items()]
    rows.sort(key=lambda r: (-r["commits"], r[key]))
    return rows


def _first_month(label: str) -> str:
    """The first ``YYYY-MM`` of a period label (``2024-05``, ``2024-Q2``, ``2024``)."""
    if len(label) == 4:
        return f"{label}-01"
    if "Q" in label:
        return f"{label[:4]}-{(int(label[-1]) - 1) * 3 + 1:02d}"
    return label


def _items(named: list[tuple[str, dict]]) -> dict[str, list[dict]]:
    """Every repository's rows, each marked with its repository, the best :data:`items.KEEP` kept."""
    from custlint.audit.items import KEEP, KINDS

    out: dict[str, list[dict]] = {}
    for kind in KINDS:
        rows = [{"repository": name, **r} for name, data in named for r in (data.get("items") or {}).get(kind, [])]
        if kind == "lags":
            rows.sort(key=lambda r: (-(r.get("lag_hours") or 0.0), r["repository"], r["sha"]))
        else:
            rows.sort(key=lambda r: (str(r.get("date", "")), r["repository"], r["sha"]), reverse=True)
        out[kind] = rows[:KEEP]
    return out


def merge(named: list[tuple[str, dict]]) -> dict:
    from custlint.audit import periods as P
    from custlint.audit.rule_table import merge_rows

    unit = "month"
    for _name, data in named:
        u = data.get("period", "month")
        unit = P.coarser(unit, u if u in P.UNITS else "month")
    period_rules: dict[str, dict[str, int]] = {}
    total = Tally()
    periods: dict[str, Tally] = {}
    authors: dict[str, Tally] = {}
    paths: dict[str, Tally] = {}
    teams: dict[str, Tally] = {}  # the same team in two repositories is one team
    repos: list[dict] = []
    nb = len(EDGES) + 1
    lead_hist = [0] * nb
    lead_sketch: dict[str, int] = {}
    lead_periods: dict[str, dict] = {}
    done = {"claims": 0, "before_production": 0, "unreleased": 0}  # commits marking work done
    done_hist = [0] * nb
    done_sketch: dict[str, int] = {}
    unreleased = release_tags = 0
    any_lead = False
    for name, data in named:
        t = Tally.from_dict(data)
        total.merge(t)
        repos.append({"repository": name, "range": data["range"], **t.to_dict()})
        regrouped = [{**p, "period": P.regroup(str(p["period"]), unit)} for p in data["periods"]]
        _add_rows(periods, regrouped, "period")
        for p in regrouped:
            fired = period_rules.setdefault(p["period"], {})
            for code, n in (p.get("rules") or {}).items():
                fired[code] = fired.get(code, 0) + int(n)
        _add_rows(authors, data["authors"], "author")
        if data.get("paths"):
            _add_rows(paths, data["paths"], "path", prefix=f"{name}:")
        if data.get("teams"):
            _add_rows(teams, data["teams"], "team")
        lt = data["lead_time"]
        if not lt:
            continue
        any_lead = True
        release_tags += lt["release_tags"]
        unreleased += lt["unreleased"]
        lead_hist = [a + b for a, b in zip(lead_hist, lt["histogram"], strict=False)]  # files: load checked the edges
        lead_sketch = merge_sketches(lead_sketch, lt.get("sketch", {}))
        d = lt["done_before_production"]
        for k in done:
            done[k] += d[k]
        done_hist = [a + b for a, b in zip(done_hist, d.get("lag_histogram", [0] * nb), strict=False)]
        done_sketch = merge_sketches(done_sketch, d.get("lag_sketch", {}))
        for p in lt["periods"]:
            label = P.regroup(str(p["period"]), unit)
            cur = lead_periods.setdefault(label, {"period": label, **_no_lead(nb)})
            cur["histogram"] = [a + b for a, b in zip(cur["histogram"], p["histogram"], strict=False)]
            cur["sketch"] = merge_sketches(cur["sketch"], p.get("sketch", {}))
            for k in ("released", "unreleased", "done_claims", "done_before_production", "done_unreleased"):
                cur[k] += p.get(k, 0)
    labels = sorted(periods)
    if labels:
        labels = P.span(_first_month(labels[0]), _first_month(labels[-1]), unit)
    out = {
        "range": f"{len(named)} repositories",
        **total.to_dict(),
        "period": unit,
        "periods": [
            {"period": m, **periods.get(m, Tally()).to_dict(), "rules": period_rules.get(m, {})} for m in labels
        ],
        "rules": merge_rows([data.get("rules") or [] for _n, data in named], total.checked),
        "authors": _rows(authors, "author"),
    }
    if paths:
        out["paths"] = _rows(paths, "path")
    if teams:
        out["teams"] = _rows(teams, "team")
    lead = None
    if any_lead:
        per = []
        empty = _no_lead(nb)
        for m in labels:
            p = lead_periods.get(m, empty)
            per.append(
                {
                    "period": m,
                    "released": p["released"],
                    "median_hours": _q(p["sketch"], 0.5),
                    "p90_hours": _q(p["sketch"], 0.9),
                    "histogram": p["histogram"],
                    "sketch": p["sketch"],
                    **{k: p[k] for k in ("unreleased", "done_claims", "done_before_production", "done_unreleased")},
                }
            )
        lead = {
            "release_tags": release_tags,
            "first_release": None,
            "last_release": None,
            "released": sum(lead_hist),
            "median_hours": _q(lead_sketch, 0.5),
            "p90_hours": _q(lead_sketch, 0.9),
            "histogram": lead_hist,
            "sketch": lead_sketch,
            "unreleased": unreleased,
            "histogram_edges_hours": list(EDGES),
            "periods": per,
            "done_before_production": {
                **done,
                "median_lag_hours": _q(done_sketch, 0.5),
                "p90_lag_hours": _q(done_sketch, 0.9),
                "lag_histogram": done_hist,
                "lag_sketch": done_sketch,
            },
            "approximate": True,
        }
    out["lead_time"] = lead
    out["items"] = _items(named)
    notes = [f"{name}: {data['release_tags_note']}" for name, data in named if data.get("release_tags_note")]
    out["release_tags_note"] = "; ".join(notes) if notes else None
    tickets = _merge_tickets([(name, data.get("done_tickets")) for name, data in named])
    if tickets is not None:
        out["done_tickets"] = tickets
    out["repositories"] = repos
    return out


_TICKET_COUNTS = (
    "done",
    "deployed",
    "before_production",
    "not_deployed",
    "unknown",
    "undated",
    "kpi_reviews_due",
    "kpi_reviews_overdue",
)


def _merge_tickets(parts: list[tuple[str, dict | None]]) -> dict | None:
    """The repositories' ``done_tickets`` added up: counts exactly, lag quantiles from the sketches."""
    from custlint.audit.tickets import MAX_ROWS

    have = [(name, d) for name, d in parts if d]
    if not have:
        return None
    nb = len(EDGES) + 1
    out: dict = {"source": ", ".join(f"{name}: {d['source']}" for name, d in have), **{k: 0 for k in _TICKET_COUNTS}}
    hist = [0] * nb
    sk: dict[str, int] = {}
    periods: dict[str, dict[str, int]] = {}
    rows: list[dict] = []
    for name, d in have:
        for k in _TICKET_COUNTS:
            out[k] += d.get(k, 0)
        hist = [a + b for a, b in zip(hist, d.get("lag_histogram", [0] * nb), strict=False)]
        sk = merge_sketches(sk, d.get("lag_sketch", {}))
        for p in d.get("periods", []):
            cur = periods.setdefault(p["period"], {"done": 0, "before_production": 0, "not_deployed": 0})
            for k in cur:
                cur[k] += p.get(k, 0)
        rows += [{**r, "ticket": f"{name}:{r['ticket']}"} for r in d.get("tickets", [])]
    rows.sort(key=lambda r: (r["lag_hours"] is not None, -(r["lag_hours"] or 0.0), r["ticket"]))
    out.update(
        {
            "median_lag_hours": _q(sk, 0.5),
            "p90_lag_hours": _q(sk, 0.9),
            "lag_histogram": hist,
            "lag_sketch": sk,
            "periods": [{"period": m, **periods[m]} for m in sorted(periods)],
            "tickets": rows[:MAX_ROWS],
            "approximate": True,
        }
    )
    return out


def _no_lead(nb: int) -> dict:
    """A period's lead-time figures before any repository adds to them (``nb`` histogram buckets)."""
    return {
        "released": 0,
        "histogram": [0] * nb,
        "sketch": {},
        "unreleased": 0,
        "done_claims": 0,
        "done_before_production": 0,
        "done_unreleased": 0,
    }

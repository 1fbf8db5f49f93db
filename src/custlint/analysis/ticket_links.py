"""Ticket data for the link rules of commit-msg, commits and pr, from a local JSON cache.

The commit-msg hook stays offline and fast: it reads the cache that
``custlint tickets --refresh`` (or CI) writes, never the ticket source itself,
and imports nothing but the standard library's json. A missing, unreadable or
stale cache is said on stderr as a warning; it never blocks a commit.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from custlint.document.ticket import Ticket

CACHE_VERSION = 1
_JIRA = re.compile(r"([A-Z][A-Z0-9_]+)-\d+\Z")


@dataclass
class Index:
    tickets: dict[str, dict]  # id -> {"title", "status", "done", "problem", "kpi"}
    source: str = ""
    written: str = ""  # ISO 8601 UTC
    projects: frozenset[str] = frozenset()  # Jira project keys the source holds
    issues: bool = False  # the source holds #N tickets
    path: str = ""
    pulls: frozenset[str] = frozenset()  # "#N" the source holds as pull requests (a live GitHub source)

    def covers(self, ticket_id: str) -> bool:
        """Whether the source would hold ``ticket_id`` if it existed (SHOP-9 for a SHOP project, #9 for GitHub)."""
        if ticket_id.startswith("#"):
            return self.issues
        m = _JIRA.match(ticket_id)
        return m is not None and m.group(1) in self.projects

    @classmethod
    def of(cls, tickets: dict[str, dict], source: str = "", written: str = "", path: str = "", pulls=()) -> Index:
        projects = frozenset(m.group(1) for m in map(_JIRA.match, tickets) if m)
        pulls = frozenset(p for p in pulls if p not in tickets)
        issues = bool(pulls) or any(t.startswith("#") for t in tickets)
        return cls(tickets, source, written, projects, issues, path, pulls)


_OVERRIDE: list[Index] = []
_LOADED: dict[str, tuple[Index | None, str | None]] = {}


def configured(config) -> bool:
    from custlint.core.config import ticket_source

    return bool(ticket_source(config))


def cache_path(config) -> Path:
    p = Path(config.tickets.cache or ".custlint/tickets.json")
    return p if p.is_absolute() else Path(config.root) / p


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_cache(config, index: Index) -> Path:
    path = cache_path(config)
    data = {
        "version": CACHE_VERSION,
        "written": index.written or now_utc(),
        "source": index.source,
        "tickets": index.tickets,
        "pulls": sorted(index.pulls, key=lambda p: (len(p), p)),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.replace(path)  # atomic: a hook never reads half a cache
    return path


def read_cache(config) -> tuple[Index | None, str | None]:
    """``(index, problem)``: the cached index, or None and what is wrong with the cache."""
    path = cache_path(config)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:  # a broken cache must not block a commit (issue 8): it is only stale data
        return None, f"the ticket cache {path} is not UTF-8; run `custlint tickets --refresh`"
    except FileNotFoundError:
        return None, f"no ticket cache at {path}, so ticket links are not checked; run `custlint tickets --refresh`"
    except OSError as exc:
        return None, f"cannot read the ticket cache {path} ({exc.strerror or exc}); run `custlint tickets --refresh`"
    try:
        data = json.loads(raw)
        if data.get("version") != CACHE_VERSION or not isinstance(data.get("tickets"), dict):
            raise ValueError
    except (ValueError, AttributeError):
        return None, f"the ticket cache {path} is unreadable or from another version; run `custlint tickets --refresh`"
    entries = {
        str(k): v for k, v in data["tickets"].items() if isinstance(v, dict)
    }  # a hand-edited entry may be anything
    pulls = data.get("pulls")
    pulls = [p for p in pulls if isinstance(p, str)] if isinstance(pulls, list) else []
    index = Index.of(entries, str(data.get("source") or ""), str(data.get("written") or ""), str(path), pulls)
    return index, None


def age_hours(written: str) -> float | None:
    from custlint.document.ticket import parse_time

    t = parse_time(written)
    return None if t is None else (_dt.datetime.now(_dt.timezone.utc) - t).total_seconds() / 3600


def install(index: Index | None, config=None) -> None:
    """Use ``index`` for ``config`` (the commits command builds it from ticket files directly)."""
    _LOADED[_key(config)] = (index, None)


def _key(config) -> str:
    return str(cache_path(config)) if config is not None else ""


def prepare(config, *, build: bool = False) -> list[str]:
    """Load the cache for the link rules; the warnings to print (missing or stale cache).

    ``build``: with ticket files as the source, read them directly instead of the cache (CI and
    ``custlint commits``: local, offline and always fresh). The commit-msg hook never builds."""
    if not configured(config):
        return []
    if build and config.tickets.source == "files":
        return _build_from_files(config)
    index, problem = read_cache(config)
    _LOADED[_key(config)] = (index, problem)
    if problem:
        return [problem]
    assert index is not None  # read_cache gives an index or what is wrong
    max_age = float(config.tickets.cache_max_age_hours)
    age = age_hours(index.written)
    if age is None:
        return [f"the ticket cache {index.path} has no valid 'written' time; run `custlint tickets --refresh`"]
    if max_age > 0 and age > max_age:
        when = f"{age / 24:.0f} days" if age >= 48 else f"{age:.0f} hours"
        return [
            f"the ticket cache {index.path} is {when} old (written {index.written}, limit {max_age:g} h); ticket links "
            f"are checked against it anyway; run `custlint tickets --refresh`"
        ]
    return []


def index_for(config) -> Index | None:
    """The index the link rules use, or None when no ticket source is configured or the cache is missing."""
    if _OVERRIDE:
        return _OVERRIDE[-1]
    if not configured(config):
        return None
    key = _key(config)
    if key not in _LOADED:
        _LOADED[key] = read_cache(config)
    return _LOADED[key][0]


class example_index:
    """Context manager: the rule examples' ticket source (documented in rules/tickets.toml)."""

    def __init__(self, tickets: dict[str, dict], pulls=()) -> None:
        self.index = Index.of(tickets, "rule examples", now_utc(), pulls=pulls)

    def __enter__(self) -> Index:
        from custlint.engine.registry import fixture_changed

        _OVERRIDE.append(self.index)
        fixture_changed()  # the link rules can fire now, without a ticket source (Engine.steps)
        return self.index

    def __exit__(self, *exc) -> None:
        from custlint.engine.registry import fixture_changed

        _OVERRIDE.remove(self.index)
        fixture_changed()


def example_installed() -> bool:
    """The rule examples' ticket index is in force (:class:`example_index`)."""
    return bool(_OVERRIDE)


def _build_from_files(config) -> list[str]:
    from custlint.analysis.analyzer import Settings
    from custlint.document.ticket import Ticket
    from custlint.sources.tickets.files import read_tickets

    t = config.tickets
    paths = [str(p if Path(p).is_absolute() else Path(config.root) / p) for p in t.paths]
    items = list(read_tickets(paths))
    tickets = [i for i in items if isinstance(i, Ticket)]
    index = build_index(tickets, config, Settings.from_config(config), f"ticket files ({', '.join(t.paths)})")
    install(index, config)
    return [f"{e}; links to that ticket count as not found" for e in items if not isinstance(e, Ticket)]


def build_index(tickets: list[Ticket], config, settings, source: str, pulls=()) -> Index:
    """The link index (what the cache holds) from tickets: each judged once with the analysis;
    ``pulls`` are the ids the source holds as pull requests."""
    from custlint.analysis.analyzer import analyze
    from custlint.document.ticket import done_statuses, to_document

    done = done_statuses(config)
    out: dict[str, dict] = {}
    for t in tickets:
        a = analyze(to_document(t), settings)
        out[t.id] = {
            "title": t.title,
            "status": t.status,
            "done": t.is_done(done),
            "problem": a.problem is not None,
            "kpi": a.kpi is not None,
        }
    return Index.of(out, source, now_utc(), pulls=pulls)

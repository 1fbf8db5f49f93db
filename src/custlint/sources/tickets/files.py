"""Ticket files: Markdown with YAML (``---``) or TOML (``+++``) front matter.

Front matter keys: ``id``, ``title``, ``status``, ``type``, ``labels``, optional
``commits`` (SHAs), ``released`` (a release tag or deployment id) and the date it
was marked done (``done``, ``done-at``, ``closed``, ``closed-at`` or ``resolved``).
Other keys are kept but not judged. PyYAML is imported only when a YAML block is read.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from custlint.core.files import read_regular, shown
from custlint.document.ticket import SourceError, Ticket, TicketError, norm_id

SKIP_NAMES = {"readme.md", "index.md", "_index.md", "template.md"}
DONE_KEYS = ("done-at", "done_at", "done", "closed-at", "closed_at", "closed", "resolved-at", "resolved")
SUFFIXES = (".md", ".markdown")


def find_files(paths: Iterable[str]) -> list[Path]:
    """Ticket files named, or found below the folders named (README.md and index.md skipped)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = [
                Path(dp) / f
                for dp, dns, fs in os.walk(p)
                for f in fs
                if f.lower().endswith(SUFFIXES) and f.lower() not in SKIP_NAMES and not f.startswith(".")
            ]
            out.extend(sorted(found))
        elif p.is_file():
            out.append(p)
        else:
            raise SourceError(
                f"ticket path not found: {raw}; pass ticket files or folders, or set [tool.custlint.tickets] paths"
            )
    return out


def read_tickets(paths: Iterable[str]) -> Iterator[Ticket | TicketError]:
    seen: dict[str, str] = {}
    for f in find_files(paths):
        item = read_ticket(f)
        if isinstance(item, Ticket):
            if item.id in seen:
                yield TicketError(
                    str(f), f"duplicate ticket id {item.id!r} (also in {seen[item.id]}); ids must be unique"
                )
                continue
            seen[item.id] = str(f)
        yield item


def read_ticket(path: Path) -> Ticket | TicketError:
    where = str(path)
    try:
        data = read_regular(path)
    except OSError as exc:
        return TicketError(shown(where), f"cannot read: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return TicketError(shown(where), "not UTF-8 text; save the ticket as UTF-8")
    try:
        return parse_ticket(text, where)
    except _Bad as exc:
        return TicketError(shown(where), str(exc))


class _Bad(Exception):
    pass


def split_front_matter(text: str) -> tuple[str, str, str, int]:
    """``(kind, front matter, body, body's first line)`` where kind is yaml or toml."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    first = lines[0].rstrip() if lines else ""
    if first not in ("---", "+++"):
        raise _Bad(
            "no front matter: a ticket file starts with a '---' (YAML) or '+++' (TOML) line, "
            "then id, title and status, then the closing line"
        )
    closers = ("---", "...") if first == "---" else ("+++",)
    for i in range(1, len(lines)):
        if lines[i].rstrip() in closers:
            return ("yaml" if first == "---" else "toml"), "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    raise _Bad(f"front matter opened with '{first}' on line 1 is never closed; add a '{first}' line after it")


def _load_yaml(text: str) -> Any:
    import yaml  # only when a YAML block is read

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise _Bad(f"malformed YAML front matter{where}: {problem}") from None


def _load_toml(text: str) -> Any:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _Bad(f"malformed TOML front matter: {exc}") from None


def _str(meta: dict, key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    raise _Bad(f"'{key}' must be text, not {type(value).__name__}")


def _list(meta: dict, key: str) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return (
            [v.strip() for v in value.replace(",", " ").split() if v.strip()]
            if key == "commits"
            else [v.strip() for v in value.split(",") if v.strip()]
        )
    if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise _Bad(f"'{key}' must be a list of strings")


def iso(value: Any) -> str:
    """A date or timestamp from front matter or an API as ISO 8601 (UTC when it has a zone)."""
    if value is None or value == "":
        return ""
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc)
            return value.strftime("%Y-%m-%dT%H:%M:%SZ")
        return value.isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        # Jira writes +0000 without a colon
        if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():
            try:
                parsed = _dt.datetime.fromisoformat(text[:-2] + ":" + text[-2:])
            except ValueError:
                return text
        else:
            return text
    return iso(parsed)


def parse_ticket(text: str, where: str) -> Ticket:
    kind, front, body, body_line = split_front_matter(text)
    meta = _load_yaml(front) if kind == "yaml" else _load_toml(front)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise _Bad(f"front matter must be a mapping of keys (id, title, status, ...), not a {type(meta).__name__}")
    meta = {str(k).lower(): v for k, v in meta.items()}
    tid = norm_id(meta["id"]) if "id" in meta and meta["id"] is not None else ""
    if not tid:
        stem = Path(where).stem
        tid = norm_id(stem) if stem else ""
    if not tid:
        raise _Bad("no 'id' in the front matter")
    if any(ch.isspace() or ord(ch) < 32 for ch in tid):
        raise _Bad(f"'id' must be one word such as SHOP-12 or #12, not {tid[:40]!r}")
    title = " ".join(_str(meta, "title").split())  # a YAML block scalar may span lines; a title is one
    title_line = _key_line(front, "title")
    # leading blank lines of the body do not count; a first '# heading' can stand in for the title
    lines = body.split("\n")
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if not title and skip < len(lines) and lines[skip].startswith("# "):
        title = lines[skip][2:].strip()
        title_line = body_line + skip
        skip += 1
        while skip < len(lines) and not lines[skip].strip():
            skip += 1
    body = "\n".join(lines[skip:]).rstrip()
    if not title:
        raise _Bad("no 'title' in the front matter and no '# heading' to stand in for it")
    done_at = ""
    for key in DONE_KEYS:
        if meta.get(key) not in (None, "", False, True):
            done_at = iso(meta[key])
            break
    return Ticket(
        id=tid,
        title=title,
        body=body,
        status=_str(meta, "status"),
        type=_str(meta, "type"),
        labels=_list(meta, "labels"),
        commits=_list(meta, "commits"),
        released=_str(meta, "released"),
        done_at=done_at,
        path=where,
        body_line=body_line + skip,
        title_line=title_line,
        source="files",
    )


def _key_line(front: str, key: str) -> int:
    """The file line of ``key`` in the front matter (front matter starts on line 2)."""
    for i, line in enumerate(front.split("\n")):
        stripped = line.lstrip()
        if stripped.lower().startswith(key) and stripped[len(key) :].lstrip()[:1] in (":", "="):
            return i + 2
    return 1

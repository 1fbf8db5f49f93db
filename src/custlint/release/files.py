"""Ticket files: the release's front matter change (``status``, ``released``, ``done-at``).

Only those keys' lines change; every other byte of the file (other keys, comments, the body, the
line endings, a byte-order mark) stays as it was. A key that is missing is added before the
closing ``---`` / ``+++``. The new text is read back with the ticket reader before it is written,
and written atomically (a temporary file, then a rename), so a ticket file is never half-written.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from custlint.document.ticket import SourceError

_PLAIN = re.compile(r"[A-Za-z0-9_.][A-Za-z0-9_./+-]*(?::[0-9][0-9:.+-]*Z?)*\Z")
_YAML_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def changes_for(plan, release, done_status: str) -> dict[str, str]:
    """The front matter keys this plan sets: close sets all three, reached sets ``released``."""
    if plan.kind == "close":
        return {"status": done_status, "released": release.name, "done-at": release.time}
    if plan.kind == "reached" and plan.ticket is not None and not plan.ticket.released:
        return {"released": release.name}
    return {}


def _yaml_value(value: str) -> str:
    if _PLAIN.match(value) and value.lower() not in _YAML_RESERVED and not value[:1].isdigit() or _is_time(value):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _is_time(value: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", value))


def edit(text: str, changes: dict[str, str]) -> str:
    """``text`` with ``changes`` written into its front matter, every other byte kept."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    lines = body.split("\n")
    first = lines[0].rstrip("\r")
    if first not in ("---", "+++"):
        raise SourceError("no front matter to change")
    toml = first == "+++"
    closers = ("+++",) if toml else ("---", "...")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r").rstrip() in closers), None)
    if end is None:
        raise SourceError("its front matter is never closed")
    cr = "\r" if lines[0].endswith("\r") else ""  # CRLF files get CRLF lines
    for key, value in changes.items():
        shown = json.dumps(value, ensure_ascii=False) if toml else _yaml_value(value)
        pat = re.compile(rf"({re.escape(key)}\s*{'=' if toml else ':'}\s*)", re.IGNORECASE)
        at = next((i for i in range(1, end) if pat.match(lines[i])), None)
        if at is None:
            sep = " = " if toml else ": "
            lines.insert(end, f"{key}{sep}{shown}{cr}")
            end += 1
            continue
        m = pat.match(lines[at])
        assert m is not None
        rest = lines[at][m.end() :].rstrip("\r")
        comment = _trailing_comment(rest)
        lines[at] = f"{m.group(1)}{shown}{comment}{cr}"
        # a value continued on indented lines (a YAML block scalar or a wrapped scalar) goes with it
        while at + 1 < end and lines[at + 1][:1] in (" ", "\t") and not toml:
            del lines[at + 1]
            end -= 1
    return bom + "\n".join(lines)


def _trailing_comment(value: str) -> str:
    """The ``  # comment`` after a value (quoted or not), kept when the value is replaced."""
    v = value.lstrip()
    if v[:1] in ("'", '"'):
        q, i = v[0], 1
        while i < len(v) and v[i] != q:
            i += 2 if v[i] == "\\" and q == '"' else 1
        v = v[i + 1 :]
        m = re.match(r"\s+#", v)
        return v[m.start() :] if m else ""
    m = re.search(r"\s+#", value)
    return value[m.start() :] if m else ""


def apply(plan, release, done_status: str, write: bool, dry_run: bool = False) -> tuple[str, bool]:
    """Work out (and with ``write``, write) a ticket file's change: what changed, in words, and
    whether the file was written."""
    from custlint.sources.tickets.files import parse_ticket

    t = plan.ticket
    changes = changes_for(plan, release, done_status)
    if not changes:
        return (
            "ticket files take no comments: nothing to write" if plan.kind == "partial" else "nothing to write"
        ), False
    path = Path(t.path)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot read {t.path}: {getattr(exc, 'strerror', None) or exc}") from None
    new = edit(text, changes)
    try:
        back = parse_ticket(new, t.path)
    except Exception as exc:  # noqa: BLE001 - the reader's own complaint, said as why nothing was written
        raise SourceError(f"{t.path}: the changed front matter would not read back ({exc}); nothing written") from None
    if back.released != release.name or ("status" in changes and back.status != done_status):
        raise SourceError(f"{t.path}: the changed front matter does not read back as intended; nothing written")
    words = ", ".join(f"{k}: {v}" for k, v in changes.items())
    if not write:
        return f"would set {words}" + ("" if dry_run else " (pass --write to write it)"), False
    tmp = path.with_name(f".{path.name}.custlint-release")
    try:
        tmp.write_bytes(new.encode("utf-8"))
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise SourceError(f"cannot write {t.path}: {exc.strerror or exc}") from None
    return f"set {words}", True

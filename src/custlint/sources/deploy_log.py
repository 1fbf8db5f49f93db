"""The JSON-lines deployment log a CD pipeline appends to (``production.deploy-log``): one
``{"sha", "environment", "time", "id"}`` object a line, read into :class:`Deployment` records."""

from __future__ import annotations

import json
from pathlib import Path

from custlint.document.deployment import Deployment
from custlint.document.ticket import SourceError


def _utc(text: str) -> str:
    from custlint.sources.tickets.files import iso

    return iso(text) if text else ""


def read_deploy_log(path: str) -> tuple[list[Deployment], list[str]]:
    """Records of a JSON-lines deployment log and complaints about lines that are not records."""
    try:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise SourceError(
            f"deployment log not found: {path}; fix [tool.custlint.production] deploy-log or let the CD "
            "pipeline append to it first"
        ) from None
    except OSError as exc:
        raise SourceError(f"cannot read deployment log {path}: {exc.strerror or exc}") from None
    records: list[Deployment] = []
    bad: list[str] = []
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(f"{path}:{n}: not JSON ({exc.msg}); each line is one object with sha, environment, time")
            continue
        if (
            not isinstance(obj, dict)
            or not isinstance(obj.get("sha"), str)
            or not isinstance(obj.get("environment"), str)
        ):
            bad.append(f"{path}:{n}: a deployment record needs 'sha' and 'environment' strings (and 'time')")
            continue
        records.append(
            Deployment(
                obj["sha"].strip(), obj["environment"], _utc(str(obj.get("time") or "")), str(obj.get("id") or "")
            )
        )
    return records, bad

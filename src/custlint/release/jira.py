"""Carrying a release out on Jira: a comment (once) and the transition to a done status (once).

The done status is the transition whose target status is named in ``tickets.done-statuses``,
else the one whose target is in Jira's Done status category. Jira comments cannot hold a hidden
HTML comment, so the release's marker is a comment *property* (``custlint.release``, sent with the
comment in the same request, read back with ``expand=properties``): hidden, and still found by a rerun.
"""

from __future__ import annotations

import json
import urllib.parse

from custlint.document.ticket import SourceError, norm_status
from custlint.release import comments as C

PROPERTY = "custlint.release"
_WRITE_403 = (
    "the Jira account may not comment on or transition {key}; it needs the Add Comments and "
    "Transition Issues permissions (a read-only account can only run --dry-run)"
)


def adf(text: str) -> dict:
    """Markdown-ish lines (paragraphs, ``- [ ]`` items) as an Atlassian Document Format document."""
    content: list[dict] = []
    items: list[dict] = []

    def flush() -> None:
        if items:
            content.append({"type": "bulletList", "content": list(items)})
            items.clear()

    for block in text.split("\n"):
        line = block.strip()
        if not line:
            flush()
            continue
        if line.startswith("- "):
            item = line[2:].replace("[ ] ", "\u2610 ", 1)
            items.append(
                {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": item}]}]}
            )
            continue
        flush()
        content.append({"type": "paragraph", "content": [{"type": "text", "text": line}]})
    flush()
    return {"type": "doc", "version": 1, "content": content}


class JiraWriter:
    def __init__(self, config) -> None:
        from custlint.sources.tickets.live import jira_client

        self.client, self.base = jira_client(config)
        self.done = [norm_status(s) for s in config.tickets.done_statuses]
        self.calls = 0

    def _url(self, key: str, tail: str) -> str:
        return f"{self.base}/rest/api/3/issue/{urllib.parse.quote(key, safe='')}/{tail}"

    def _write(self, key: str, url: str, payload: dict) -> None:
        hints = self.client.hints
        self.client.hints = {**hints, 403: _WRITE_403.format(key=key)}
        try:
            self.calls += 1
            self.client.request(
                "POST", url, body=json.dumps(payload).encode("utf-8"), headers={"Content-Type": "application/json"}
            )
        finally:
            self.client.hints = hints

    def _spoken(self, key: str, sha: str) -> bool:
        start = 0
        for _ in range(100):  # at most 10,000 comments
            self.calls += 1
            data = self.client.get(
                self._url(key, "comment"), {"expand": "properties", "maxResults": 100, "startAt": start}
            ).data
            found = data.get("comments") if isinstance(data, dict) else None
            if not isinstance(found, list):
                raise self.client.fail(f"Jira answered the comments of {key} with no 'comments' list")
            for c in found:
                if not isinstance(c, dict):
                    continue
                props = c.get("properties") or []
                if any(
                    isinstance(p, dict)
                    and p.get("key") == PROPERTY
                    and isinstance(p.get("value"), dict)
                    and p["value"].get("sha") == sha
                    for p in props
                ):
                    return True
                if C.marker(sha) in json.dumps(c.get("body"), ensure_ascii=False):
                    return True
            start += len(found)
            total = data.get("total")
            if not found or not isinstance(total, int) or start >= total:
                return False
        return False

    def _done_transition(self, key: str) -> dict:
        self.calls += 1
        data = self.client.get(self._url(key, "transitions")).data
        options = data.get("transitions") if isinstance(data, dict) else None
        if not isinstance(options, list):
            raise self.client.fail(f"Jira answered the transitions of {key} with no 'transitions' list")
        options = [o for o in options if isinstance(o, dict) and isinstance(o.get("to"), dict) and o.get("id")]
        for o in options:
            if norm_status(str(o["to"].get("name") or "")) in self.done:
                return o
        for o in options:
            cat = o["to"].get("statusCategory")
            if isinstance(cat, dict) and cat.get("key") == "done":
                return o
        names = ", ".join(repr(str(o["to"].get("name"))) for o in options) or "none"
        raise SourceError(
            f"Jira offers {key} no transition to a done status (it offers {names}); add the target status "
            "to [tool.custlint.tickets] done-statuses or allow the transition in the workflow"
        )

    def ticket(self, plan, release) -> tuple[str, bool]:
        key = plan.id
        did = []
        if self._spoken(key, release.sha):
            did.append("comment was already posted")
        else:
            payload = {
                "body": adf(C.ticket_text(plan, release)),
                "properties": [{"key": PROPERTY, "value": {"sha": release.sha, "release": release.name}}],
            }
            self._write(key, self._url(key, "comment"), payload)
            did.append("commented")
        if plan.action == "close":
            t = plan.ticket
            if t is not None and t.done_category:
                did.append("already done")
            else:
                move = self._done_transition(key)
                self._write(key, self._url(key, "transitions"), {"transition": {"id": str(move["id"])}})
                did.append(f"moved to {move['to'].get('name')}")
        return ", ".join(did), any(not d.startswith(("already", "comment was")) for d in did)

"""A stateful fake GitHub issues API and Jira on 127.0.0.1 for the release tests: issues that can be
commented on and closed, Jira issues that can be commented on and transitioned, pull requests.
Every request is recorded as (method, path, query, body); ``faults`` maps (method, path) to the
statuses answered before the real answer (a 500 once, then fine); ``read_only`` refuses writes (403)."""

from __future__ import annotations

import threading
import urllib.parse

from fake_http import JsonHandler, LocalServer

TOKEN = "ghp_releaseTOKEN0123456789"
JIRA_EMAIL = "dev@example.com"
JIRA_TOKEN = "ATATT3xreleaseJIRAtoken"
PROBLEM_KPI = ("## Customer problem\nShoppers abandon checkout because they cannot see when an order arrives.\n\n"
               "## KPI\nCheckout completion from 61% to 65% within 6 weeks.\n")

DONE_TRANSITIONS = [
    {"id": "11", "name": "Start", "to": {"name": "In Progress", "statusCategory": {"key": "indeterminate"}}},
    {"id": "31", "name": "Ship it", "to": {"name": "Done", "statusCategory": {"key": "done"}}},
]


class FakeTracker(LocalServer):
    def __init__(self, *, per_page: int = 2, read_only: bool = False) -> None:
        self.per_page = per_page
        self.read_only = read_only
        self.issues: dict[int, dict] = {}
        self.comments: dict[str, list[dict]] = {}  # "#3" / "SHOP-3" -> comments
        self.pulls: dict[int, dict] = {}
        self.jira: dict[str, dict] = {}
        self.transitions = list(DONE_TRANSITIONS)
        self.faults: dict[tuple[str, str], list[int]] = {}
        self.requests: list[tuple[str, str, dict, object]] = []
        self._id = 500
        self._lock = threading.Lock()
        fake = self

        class Handler(JsonHandler):
            methods = ("GET", "POST", "PATCH")
            none_is_empty = True  # a 204 answers no body

            def _handle(self, method: str) -> None:
                url = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(url.query))
                body = self._body()
                with fake._lock:
                    fake.requests.append((method, url.path, q, body))
                    pending = fake.faults.get((method, url.path))
                    if pending:
                        return self._send(pending.pop(0), {"message": "Server Error"})
                    if method != "GET" and fake.read_only:
                        return self._send(403, {"message": "Resource not accessible by integration"})
                    code, data, headers = fake.route(method, url.path, q, body, self.headers.get("Host", ""))
                return self._send(code, data, headers)

        self._serve(Handler)

    # -- state ------------------------------------------------------------------------------------
    def issue(self, n: int, *, state: str = "open", body: str = PROBLEM_KPI, labels: tuple[str, ...] = (),
              closed_at: str | None = None, title: str = "") -> None:
        self.issues[n] = {"number": n, "title": title or f"Issue {n}", "body": body, "state": state,
                          "state_reason": "completed" if state == "closed" else None, "closed_at": closed_at,
                          "labels": [{"name": lab} for lab in labels], "comments": 0,
                          "created_at": "2026-01-01T00:00:00Z", "user": {"login": "octo", "type": "User"}}

    def jira_issue(self, key: str, *, status: str = "To Do", body: str = "", itype: str = "Story") -> None:
        cat = "done" if status == "Done" else "new"
        self.jira[key] = {"key": key, "fields": {"summary": f"Story {key}", "description": body or None,
                                                 "status": {"name": status, "statusCategory": {"key": cat}},
                                                 "resolutiondate": None, "issuetype": {"name": itype}, "labels": []}}

    def writes(self) -> list[tuple[str, str, object]]:
        return [(m, p, b) for m, p, _, b in self.requests if m != "GET"]

    def _page(self, items: list, q: dict, path: str, host: str) -> tuple[list, dict]:
        per = min(int(q.get("per_page", self.per_page)), self.per_page)
        page = int(q.get("page", "1"))
        chunk = items[(page - 1) * per: page * per]
        headers = {}
        if page * per < len(items):
            headers["Link"] = f'<http://{host}{path}?per_page={per}&page={page + 1}>; rel="next"'
        return chunk, headers

    def route(self, method: str, path: str, q: dict, body, host: str):
        parts = path.strip("/").split("/")
        if parts[:1] == ["repos"]:
            return self._github(method, parts[3:], q, body, path, host)
        if parts[:3] == ["rest", "api", "3"]:
            return self._jira(method, parts[3:], q, body)
        return 404, {"message": "Not Found"}, None

    def _github(self, method, p, q, body, path, host):
        if method == "GET" and p == ["deployments"]:
            return 200, [], None
        if method == "GET" and p == ["issues"]:
            items = [dict(i) for _, i in sorted(self.issues.items())]
            chunk, headers = self._page(items, q, path, host)
            return 200, chunk, headers
        if p[:1] == ["issues"] and len(p) >= 2 and p[1].isdigit():
            n = int(p[1])
            issue = self.issues.get(n) or (self.pulls.get(n) and {"number": n})
            if issue is None:
                return 404, {"message": "Not Found"}, None
            if p[2:] == ["comments"] and method == "GET":
                chunk, headers = self._page(self.comments.get(f"#{n}", []), q, path, host)
                return 200, chunk, headers
            if p[2:] == ["comments"] and method == "POST":
                self._id += 1
                c = {"id": self._id, "body": body["body"], "user": {"login": "github-actions[bot]", "type": "Bot"}}
                self.comments.setdefault(f"#{n}", []).append(c)
                if n in self.issues:
                    self.issues[n]["comments"] += 1
                if n in self.pulls:
                    self.pulls[n]["comments"] += 1
                return 201, c, None
            if p[2:] == [] and method == "PATCH":
                self.issues[n].update({k: body[k] for k in ("state", "state_reason") if k in body})
                if body.get("state") == "closed":
                    self.issues[n]["closed_at"] = "2026-12-01T00:00:00Z"
                return 200, self.issues[n], None
        if method == "GET" and p[:1] == ["pulls"] and len(p) == 2:
            pr = self.pulls.get(int(p[1]))
            return (200, pr, None) if pr else (404, {"message": "Not Found"}, None)
        return 404, {"message": "Not Found"}, None

    def _jira(self, method, p, q, body):
        if method == "GET" and p == ["search", "jql"]:
            return 200, {"issues": list(self.jira.values()), "isLast": True}, None
        if p[:1] == ["issue"] and len(p) == 3:
            key = urllib.parse.unquote(p[1])
            issue = self.jira.get(key)
            if issue is None:
                return 404, {"errorMessages": ["Issue does not exist"]}, None
            if p[2] == "comment" and method == "GET":
                cs = self.comments.get(key, [])
                start, most = int(q.get("startAt", 0)), min(int(q.get("maxResults", 50)), self.per_page)
                shown = [c if q.get("expand") == "properties" else {k: v for k, v in c.items() if k != "properties"}
                         for c in cs[start:start + most]]
                return 200, {"comments": shown, "startAt": start, "maxResults": most, "total": len(cs)}, None
            if p[2] == "comment" and method == "POST":
                self._id += 1
                c = {"id": str(self._id), "body": body["body"], "properties": body.get("properties", [])}
                self.comments.setdefault(key, []).append(c)
                return 201, c, None
            if p[2] == "transitions" and method == "GET":
                return 200, {"transitions": self.transitions}, None
            if p[2] == "transitions" and method == "POST":
                move = next(t for t in self.transitions if t["id"] == body["transition"]["id"])
                issue["fields"]["status"] = {"name": move["to"]["name"], "statusCategory": move["to"]["statusCategory"]}
                return 204, None, None
        return 404, {"errorMessages": ["Not Found"]}, None

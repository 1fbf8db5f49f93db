"""A local HTTP server (127.0.0.1 only) that answers like the GitHub REST API and Jira's search API.

Scenarios are per repository name or JQL, so one server serves every test: ``acme/shop`` pages through
issues, ``acme/private`` is 404, ``acme/locked`` 403, ``acme/garbled`` malformed JSON, ``acme/slow`` too
slow, ``acme/busy`` 429 then fine, ``acme/flaky`` 500 twice then fine, ``acme/down`` always 500.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GH_TOKEN = "ghp_secretTOKEN1234567890"
JIRA_EMAIL = "dev@example.com"
JIRA_TOKEN = "ATATT3xsecretJIRAtoken"

PROBLEM_KPI = ("## Customer problem\nShoppers abandon checkout because they cannot see when an order arrives.\n\n"
               "## KPI\nCheckout completion from 61% to 65% within 6 weeks.\n")


def gh_issue(n: int, state: str = "open", body: str | None = PROBLEM_KPI, closed_at: str | None = None, pr: bool = False) -> dict:
    item = {"url": f"https://api.github.com/repos/acme/shop/issues/{n}", "html_url": f"https://github.com/acme/shop/issues/{n}",
            "id": 1000 + n, "number": n, "title": f"Issue number {n}", "state": state, "state_reason": None,
            "labels": [{"id": 1, "name": "checkout", "color": "a2eeef", "default": False}], "body": body,
            "closed_at": closed_at, "created_at": "2026-01-01T00:00:00Z", "user": {"login": "octo", "type": "User"}}
    if pr:
        item["pull_request"] = {"url": f"https://api.github.com/repos/acme/shop/pulls/{n}"}
    return item


class State:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict]] = []
        self.counts: dict[str, int] = {}
        self.deploy_sha = ""
        self.issues = [gh_issue(n) for n in range(1, 151)] + [gh_issue(151, pr=True)]
        self.issues[40] = gh_issue(41, "closed", closed_at="2026-01-10T09:30:00Z")
        self.jira = [{"key": f"SHOP-{n}", "fields": {
            "summary": f"Story {n}", "description": {"type": "doc", "version": 1, "content": [
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Customer problem"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "Riders miss pickups at the old address."}]},
                {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "KPI"}]},
                {"type": "paragraph", "content": [{"type": "text", "text": "Missed pickups from 4% to 1% within 30 days."}]}]},
            "status": {"name": "Done" if n == 2 else "To Do", "statusCategory": {"key": "done" if n == 2 else "new"}},
            "resolutiondate": "2026-01-15T10:00:00.000+0000" if n == 2 else None,
            "issuetype": {"name": "Story"}, "labels": []}} for n in range(1, 121)]


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeAPI/1.0"

    def log_message(self, *args) -> None:  # quiet
        pass

    @property
    def state(self) -> State:
        return self.server.state  # type: ignore[attr-defined]

    def send(self, status: int, body, headers: dict | None = None, raw: bool = False) -> None:
        data = body if raw else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if raw else "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def count(self, key: str) -> int:
        self.state.counts[key] = self.state.counts.get(key, 0) + 1
        return self.state.counts[key]

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        self.state.requests.append((self.path, dict(self.headers)))
        if url.path.startswith("/repos/"):
            return self.github(url.path, q)
        if url.path.startswith("/rest/api/"):
            return self.jira(url.path, q)
        self.send(404, {"message": "Not Found"})

    # -- GitHub -------------------------------------------------------------
    def github(self, path: str, q: dict) -> None:
        if path.startswith("/repos/acme/moved/"):  # a renamed repository, served from another host name
            port = self.server.server_address[1]
            self.send_response(301)
            self.send_header("Location", f"http://localhost:{port}/repos/acme/shop/issues?state=all&per_page=100")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.headers.get("Authorization") != f"Bearer {GH_TOKEN}":
            return self.send(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"})
        parts = path.strip("/").split("/")
        repo = "/".join(parts[1:3])
        rest = parts[3:]
        if repo == "acme/private":
            return self.send(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest/issues/issues#list-repository-issues", "status": "404"})
        if repo == "acme/locked":
            return self.send(403, {"message": "Resource not accessible by personal access token", "status": "403"})
        if repo == "acme/garbled":
            return self.send(200, b"<html><body>Sign in</body></html>", raw=True)
        if repo == "acme/slow":
            time.sleep(2)
            return self.send(200, [])
        if repo == "acme/busy" and self.count(repo) == 1:
            return self.send(429, {"message": "You have exceeded a secondary rate limit"}, {"Retry-After": "1"})
        if repo == "acme/patient":
            return self.send(403, {"message": "API rate limit exceeded"}, {"X-RateLimit-Remaining": "0",
                                                                          "X-RateLimit-Reset": str(int(time.time()) + 3600)})
        if repo == "acme/flaky" and self.count(repo) <= 2:
            return self.send(500, {"message": "Server Error"})
        if repo == "acme/down":
            return self.send(502, b"<html>Bad gateway</html>", raw=True)
        if rest == ["issues"]:
            issues = self.state.issues if repo in ("acme/shop", "acme/flaky") else self.state.issues[:3]
            per = min(int(q.get("per_page", 30)), 100)
            page = int(q.get("page", 1))
            chunk = issues[(page - 1) * per: page * per]
            headers = {}
            last = (len(issues) + per - 1) // per
            base = f"http://{self.headers['Host']}/repos/{repo}/issues?state=all&per_page={per}"
            links = []
            if page < last:
                links.append(f'<{base}&page={page + 1}>; rel="next"')
                links.append(f'<{base}&page={last}>; rel="last"')
            if links:
                headers["Link"] = ", ".join(links)
            return self.send(200, chunk, headers)
        if rest == ["deployments"]:
            if q.get("environment") != "production" or not self.state.deploy_sha:
                return self.send(200, [])
            return self.send(200, [{"id": 77, "sha": self.state.deploy_sha, "ref": "main", "environment": "production",
                                    "created_at": "2026-01-20T10:00:00Z"},
                                   {"id": 76, "sha": "0" * 40, "ref": "main", "environment": "production",
                                    "created_at": "2026-01-19T10:00:00Z"}])
        if len(rest) == 3 and rest[0] == "deployments" and rest[2] == "statuses":
            if rest[1] == "77":
                return self.send(200, [{"id": 2, "state": "success", "environment": "production", "created_at": "2026-01-20T10:05:00Z"},
                                       {"id": 1, "state": "in_progress", "created_at": "2026-01-20T10:01:00Z"}])
            return self.send(200, [{"id": 3, "state": "failure", "created_at": "2026-01-19T10:05:00Z"}])
        self.send(404, {"message": "Not Found"})

    # -- Jira ---------------------------------------------------------------
    def jira(self, path: str, q: dict) -> None:
        expected = "Basic " + base64.b64encode(f"{JIRA_EMAIL}:{JIRA_TOKEN}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self.send(401, b"Client must be authenticated to access this resource.", raw=True)
        jql = q.get("jql", "")
        if "bad syntax" in jql:
            return self.send(400, {"errorMessages": ["Error in the JQL Query: Expecting operator but got 'syntax'."], "errors": {}})
        if "garbled" in jql:
            return self.send(200, b'{"issues": [', raw=True)
        if "busy" in jql and self.count(jql) == 1:
            return self.send(503, {"errorMessages": ["Service unavailable"]}, {"Retry-After": "0"})
        issues = self.state.jira
        size = min(int(q.get("maxResults", 50)), 50)  # Jira caps a page below what was asked
        if path == "/rest/api/3/search/jql":
            start = int(q.get("nextPageToken", "0") or 0)
            chunk = issues[start:start + size]
            body = {"issues": chunk, "isLast": start + size >= len(issues)}
            if not body["isLast"]:
                body["nextPageToken"] = str(start + size)
            return self.send(200, body)
        if path == "/rest/api/2/search":
            start = int(q.get("startAt", 0))
            plain = [{**i, "fields": {**i["fields"], "description": "Customer problem: riders wait\nKPI: TBD"}} for i in issues]
            return self.send(200, {"startAt": start, "maxResults": size, "total": len(issues), "issues": plain[start:start + size]})
        self.send(404, {"errorMessages": ["No such endpoint"]})


class FakeAPI:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.state = State()  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def state(self) -> State:
        return self.server.state  # type: ignore[attr-defined]

    def __enter__(self) -> FakeAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


DRIPS = 50  # a drip lasts 50 x 0.2 s, then the server hangs up


class _Misbehaving(BaseHTTPRequestHandler):
    """HTTP/1.1 with kept-alive connections; the mode is the path's first segment, or the repository
    name of a GitHub path (``/repos/o/<mode>/...``), so the CLI can be pointed at it too."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def _head(self, status: int, headers: dict) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()

    def _handle(self) -> None:
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        parts = urllib.parse.urlsplit(self.path).path.strip("/").split("/")
        mode = parts[2] if parts[0] == "repos" and len(parts) > 2 else parts[0]
        srv = self.server
        srv.requests.append((self.command, self.path, self.client_address[1], dict(self.headers), body))  # type: ignore[attr-defined]
        self.served = getattr(self, "served", 0) + 1  # requests on this connection
        try:
            if mode == "ok":
                data = b'[{"ok": true}]'
                self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(data))})
                self.wfile.write(data)
            elif mode == "second-dies" and self.served > 1:  # a kept-alive connection the server dropped
                self.close_connection = True
            elif mode == "second-dies":
                self._head(200, {"Content-Length": "2"})
                self.wfile.write(b"[]")
            elif mode == "drip":  # headers at once, then the body one byte at a time (for 10 s, then it hangs up)
                self._head(200, {"Content-Type": "application/json", "Content-Length": "100000"})
                srv.dripped.append(0)  # type: ignore[attr-defined]
                for _ in range(DRIPS):
                    srv.dripped[-1] += 1  # type: ignore[attr-defined]
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            elif mode == "drip-headers":  # the status line, then one header line at a time (10 s, as above)
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                srv.dripped.append(0)  # type: ignore[attr-defined]
                for i in range(DRIPS):
                    srv.dripped[-1] += 1  # type: ignore[attr-defined]
                    self.wfile.write(b"X-%d: y\r\n" % (i % 90))
                    self.wfile.flush()
                    time.sleep(0.2)
                self.close_connection = True
            elif mode == "huge":  # says ten gigabytes
                self._head(200, {"Content-Type": "application/json", "Content-Length": str(10 ** 10)})
                self.wfile.write(b"[" + b" " * 65536)
            elif mode in ("endless", "endless-error"):  # a chunked body that never ends
                self._head(200 if mode == "endless" else 500, {"Content-Type": "application/json",
                                                               "Transfer-Encoding": "chunked"})
                chunk = b"%x\r\n%s\r\n" % (65536, b"[" + b" " * 65535)
                while True:
                    self.wfile.write(chunk)
            elif mode == "slow-post":
                time.sleep(2)
                self._head(201, {"Content-Length": "2"})
                self.wfile.write(b"{}")
            elif mode == "unavailable":
                data = b'{"message": "try later"}'
                self._head(503, {"Retry-After": "0", "Content-Length": str(len(data))})
                self.wfile.write(data)
            else:
                self._head(404, {"Content-Length": "2"})
                self.wfile.write(b"{}")
        except (BrokenPipeError, ConnectionResetError):  # the client stopped reading: as it should
            self.close_connection = True

    do_GET = do_POST = do_PATCH = _handle


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:  # a client hanging up is the point here
        pass


class Misbehaving:
    """A local server (127.0.0.1) that drips, never ends, lies about sizes and drops kept-alive
    connections; ``requests`` has (method, path, client port, headers, body)."""

    def __init__(self) -> None:
        self.server = _Quiet(("127.0.0.1", 0), _Misbehaving)
        self.server.daemon_threads = True
        self.server.requests = []  # type: ignore[attr-defined]
        self.server.dripped = []  # type: ignore[attr-defined]  # bytes (or header lines) dripped per request
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def dripped(self) -> list[int]:
        return self.server.dripped  # type: ignore[attr-defined]

    @property
    def requests(self) -> list:
        return self.server.requests  # type: ignore[attr-defined]

    def connections(self) -> int:
        return len({port for _, _, port, _, _ in self.requests})

    def __enter__(self) -> Misbehaving:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

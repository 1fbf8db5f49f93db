"""A tiny GitHub REST API on 127.0.0.1 for the sticky-comment and merge-queue tests."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fake_http import JsonHandler, LocalServer


class FakeGitHub(LocalServer):
    """``redirects`` maps (method, path with query) to (status, Location); ``failures`` maps a path to
    the statuses answered before the real answer (a 502, then the PR)."""

    BOT = {"login": "github-actions[bot]", "type": "Bot"}

    def __init__(self, *, read_only: bool = False, per_page: int = 2, pulls: dict | None = None,
                 user: dict | None = None) -> None:
        """``user``: who the token is (``GET /user`` answers it, new comments are written as it);
        None: an Actions token, refused by ``GET /user`` (403), writing as github-actions[bot]."""
        self.read_only = read_only
        self.user = user
        self.per_page = per_page  # small, so pagination is exercised
        self.pulls = pulls or {}
        self.redirects: dict[tuple[str, str], tuple[int, str]] = {}
        self.failures: dict[str, list[int]] = {}
        self.comments: list[dict] = []
        self.requests: list[tuple[str, str, str, dict | None]] = []  # method, path, authorization, body
        self._next_id = 100
        fake = self

        class Handler(JsonHandler):
            methods = ("GET", "POST", "PATCH")

            def _handle(self, method: str) -> None:
                url = urlsplit(self.path)
                body = self._body() if method in ("POST", "PATCH") else None
                fake.requests.append((method, url.path, self.headers.get("Authorization", ""), body))
                if (method, self.path) in fake.redirects:
                    code, location = fake.redirects[(method, self.path)]
                    return self._send(code, {"message": "Moved"}, {"Location": location})
                if fake.failures.get(url.path):
                    return self._send(fake.failures[url.path].pop(0), {"message": "Server Error"})
                if not self.headers.get("Authorization", "").startswith("Bearer "):
                    return self._send(401, {"message": "Requires authentication"})
                parts = url.path.strip("/").split("/")
                # /repos/{o}/{r}/issues/{n}/comments  /repos/{o}/{r}/issues/comments/{id}  /repos/{o}/{r}/pulls/{n}
                if method == "GET" and parts == ["user"]:
                    if fake.user is None:
                        return self._send(403, {"message": "Resource not accessible by integration"})
                    return self._send(200, dict(fake.user, id=7))
                if method == "GET" and parts[3:4] == ["pulls"]:
                    pr = fake.pulls.get(int(parts[4]))
                    return self._send(200, pr) if pr else self._send(404, {"message": "Not Found"})
                if method == "GET" and parts[3] == "issues" and parts[5:] == ["comments"]:
                    page = int(parse_qs(url.query).get("page", ["1"])[0])
                    start = (page - 1) * fake.per_page
                    chunk = fake.comments[start:start + fake.per_page]
                    headers = {}
                    if start + fake.per_page < len(fake.comments):
                        host = self.headers["Host"]
                        headers["Link"] = f'<http://{host}{url.path}?per_page={fake.per_page}&page={page + 1}>; rel="next"'
                    return self._send(200, chunk, headers)
                if fake.read_only:
                    return self._send(403, {"message": "Resource not accessible by integration"})
                if method == "POST" and parts[5:] == ["comments"]:
                    fake._next_id += 1
                    c = {"id": fake._next_id, "body": body["body"], "user": dict(fake.user or fake.BOT)}
                    fake.comments.append(c)
                    return self._send(201, c)
                if method == "PATCH" and parts[3:5] == ["issues", "comments"]:
                    for c in fake.comments:
                        if c["id"] == int(parts[5]):
                            c["body"] = body["body"]
                            return self._send(200, c)
                    return self._send(404, {"message": "Not Found"})
                return self._send(404, {"message": "Not Found"})

        self._serve(Handler)

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _, _ in self.requests if m in ("POST", "PATCH")]

"""A tiny GitLab REST API (v4) on 127.0.0.1 for the MR note and GitLab issues tests; it records
every request (method, path with query, the token headers, body)."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from fake_http import JsonHandler, LocalServer


class FakeGitLab(LocalServer):
    """``tokens`` maps a PRIVATE-TOKEN to the user it belongs to (a project access token's bot user);
    ``job_token``/``job_user``: the CI_JOB_TOKEN and whom it acts for; ``job_token_writes``: whether this
    GitLab lets a job token write notes (most do not: 403); ``read_only``: PRIVATE-TOKENs of scope read_api
    (every write is 403 insufficient_scope). Issues' notes (GET, POST) and closing an issue (PUT
    state_event=close) change ``issues``, ``issue_notes`` and each issue's ``user_notes_count``;
    ``merge_requests`` answers GET /projects/:id/merge_requests/:iid. ``pagination``: "offset" (X-Next-Page and
    Link) or "keyset" (Link only) or "x-next-page" (no Link)."""

    def __init__(self, *, tokens: dict[str, dict] | None = None, job_token: str = "", job_user: str = "dev1",
                 job_token_writes: bool = False, per_page: int = 2, pagination: str = "offset",
                 read_only: tuple[str, ...] = ()) -> None:
        self.tokens = tokens or {}
        self.job_token, self.job_user, self.job_token_writes = job_token, job_user, job_token_writes
        self.per_page, self.pagination = per_page, pagination
        self.notes: dict[tuple[str, str], list[dict]] = {}  # (project, iid) -> notes
        self.issues: dict[str, list[dict]] = {}  # project -> issues
        self.issue_notes: dict[tuple[str, int], list[dict]] = {}  # (project, iid) -> notes
        self.merge_requests: dict[tuple[str, int], dict] = {}  # (project, iid) -> MR
        self.read_only = set(read_only)
        self.requests: list[tuple[str, str, dict[str, str], dict | None]] = []
        self.redirects: dict[tuple[str, str], tuple[int, str]] = {}  # (method, path) -> (status, Location)
        self.failures: dict[str, list[int]] = {}  # path -> statuses answered first (a 502, then the answer)
        self.faults: dict[tuple[str, str], list[int]] = {}  # (method, path) -> statuses answered first
        self._next_id = 500
        fake = self

        class Handler(JsonHandler):
            methods = ("GET", "POST", "PUT")

            def _who(self) -> tuple[dict | None, str]:
                private, job = self.headers.get("PRIVATE-TOKEN"), self.headers.get("JOB-TOKEN")
                if private is not None:
                    user = fake.tokens.get(private)
                    return (dict(user), "private") if user else (None, "")
                if job is not None and fake.job_token and job == fake.job_token:
                    return {"username": fake.job_user, "id": 3}, "job"
                return None, ""

            def _page(self, items: list, url) -> None:
                q = parse_qs(url.query)
                page = int(q.get("page", ["1"])[0])
                per = min(int(q.get("per_page", ["20"])[0]), fake.per_page)
                start = (page - 1) * per
                chunk = items[start:start + per]
                headers: dict[str, str] = {}
                more = start + per < len(items)
                host = self.headers["Host"]
                if more and fake.pagination in ("offset", "x-next-page"):
                    headers["X-Next-Page"] = str(page + 1)
                elif fake.pagination != "keyset":
                    headers["X-Next-Page"] = ""
                if more and fake.pagination in ("offset", "keyset"):
                    rest = "&".join(f"{k}={v[0]}" for k, v in q.items() if k != "page")
                    headers["Link"] = f'<http://{host}{url.path}?{rest}&page={page + 1}>; rel="next"'
                self._send(200, chunk, headers)

            def _handle(self, method: str) -> None:
                url = urlsplit(self.path)
                body = self._body()
                seen = {k: v for k, v in self.headers.items() if k.upper() in ("PRIVATE-TOKEN", "JOB-TOKEN")}
                fake.requests.append((method, self.path, seen, body))
                if (method, url.path) in fake.redirects:
                    code, location = fake.redirects[(method, url.path)]
                    return self._send(code, {"message": "Moved"}, {"Location": location})
                if fake.faults.get((method, url.path)):
                    return self._send(fake.faults[(method, url.path)].pop(0), {"message": "500 Internal Server Error"})
                if fake.failures.get(url.path):
                    return self._send(fake.failures[url.path].pop(0), {"message": "502 Bad Gateway"})
                user, kind = self._who()
                if user is None:
                    return self._send(401, {"message": "401 Unauthorized"})
                parts = [unquote(p) for p in url.path.split("/")[3:]]  # after /api/v4
                if method == "GET" and parts == ["user"]:
                    if kind == "job":
                        return self._send(401, {"message": "401 Unauthorized"})
                    return self._send(200, user)
                if method != "GET" and self.headers.get("PRIVATE-TOKEN") in fake.read_only:
                    return self._send(403, {"error": "insufficient_scope", "scope": "api"})
                if parts[:1] == ["projects"] and parts[2:3] == ["issues"] and len(parts) > 3:
                    return self._issue(method, parts, url, body, user, kind)
                if parts[:1] == ["projects"] and parts[2:3] == ["merge_requests"] and len(parts) == 4:
                    mr = fake.merge_requests.get((parts[1], int(parts[3])))
                    return self._send(200, mr) if mr and method == "GET" else self._send(404, {"message": "404 Not found"})
                if parts[:1] == ["projects"] and parts[2:3] == ["issues"] and method == "GET":
                    if kind == "job":
                        return self._send(403, {"message": "403 Forbidden"})
                    if parts[1] not in fake.issues:
                        return self._send(404, {"message": "404 Project Not Found"})
                    return self._page(fake.issues[parts[1]], url)
                if parts[:1] == ["projects"] and parts[2:3] == ["merge_requests"] and parts[4:5] == ["notes"]:
                    key = (parts[1], parts[3])
                    notes = fake.notes.setdefault(key, [])
                    if method == "GET":
                        return self._page(notes, url)
                    if kind == "job" and not fake.job_token_writes:
                        return self._send(403, {"message": "403 Forbidden"})
                    if method == "POST" and len(parts) == 5:
                        fake._next_id += 1
                        note = {"id": fake._next_id, "body": body["body"], "system": False,
                                "author": {"username": user["username"], "id": user.get("id", 1)}}
                        notes.append(note)
                        if (parts[1], int(parts[3])) in fake.merge_requests:
                            fake.merge_requests[(parts[1], int(parts[3]))]["user_notes_count"] = len(notes)
                        return self._send(201, note)
                    if method == "PUT" and len(parts) == 6:
                        for note in notes:
                            if note["id"] == int(parts[5]):
                                if note["author"]["username"] != user["username"]:
                                    return self._send(403, {"message": "403 Forbidden"})
                                note["body"] = body["body"]
                                return self._send(200, note)
                        return self._send(404, {"message": "404 Not found"})
                return self._send(404, {"message": "404 Not Found"})

            def _issue(self, method, parts, url, body, user, kind):
                if kind == "job" and not fake.job_token_writes:
                    return self._send(403, {"message": "403 Forbidden"})
                project, iid = parts[1], int(parts[3])
                found = [i for i in fake.issues.get(project, []) if i["iid"] == iid]
                if not found:
                    return self._send(404, {"message": "404 Not found"})
                item = found[0]
                if len(parts) == 4 and method == "PUT":
                    if body.get("state_event") == "close" and item["state"] != "closed":
                        item.update(state="closed", closed_at="2026-12-01T10:00:05.000Z")
                    return self._send(200, item)
                if len(parts) == 5 and parts[4] == "notes":
                    notes = fake.issue_notes.setdefault((project, iid), [])
                    if method == "GET":
                        return self._page(notes, url)
                    if method == "POST":
                        fake._next_id += 1
                        note = {"id": fake._next_id, "body": body["body"], "system": False,
                                "author": {"username": user["username"], "id": user.get("id", 1)}}
                        notes.append(note)
                        item["user_notes_count"] = sum(1 for n in notes if not n["system"])
                        return self._send(201, note)
                return self._send(404, {"message": "404 Not Found"})

        self._serve(Handler, '/api/v4')

    def writes(self) -> list[tuple[str, str]]:
        return [(m, p) for m, p, _, _ in self.requests if m in ("POST", "PUT")]

    def bodies(self) -> list[tuple[str, str, dict | None]]:
        """Each write with what it sent."""
        return [(m, p, b) for m, p, _, b in self.requests if m in ("POST", "PUT")]

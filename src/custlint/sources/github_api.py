"""The GitHub REST API for the sticky PR comment and merge queues: endpoints, pagination and the
sticky-comment logic, over custlint's one HTTP client (``sources/http.py``: retries, timeouts, the
size cap, redirects without credentials).

The base URL is ``$GITHUB_API_URL`` (GitHub Enterprise sets it; tests point it at a local
server), default ``https://api.github.com``. The token goes only in the Authorization header, only
to that base URL (pagination links elsewhere are not followed, a redirect elsewhere drops it) and is
never printed.
"""

from __future__ import annotations

import json
import os
import re

from custlint.sources.http import MAX_BYTES, Client, HttpError, _shown, _split

MARKER = "<!-- custlint:sticky-comment -->"
ACTIONS_BOT = "github-actions[bot]"  # who writes with the Actions GITHUB_TOKEN (user.type "Bot")
MAX_BODY = 60_000  # GitHub refuses comments over 65,536 characters
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class ApiError(Exception):
    """A GitHub API call failed. ``fatal``: not a passing fault but a wrong setup (a write redirected
    into a read): the caller stops with exit 2 instead of warning."""

    def __init__(self, status: int, what: str, fatal: bool = False, after: str = "") -> None:
        super().__init__((f"{what}: HTTP {status}" if status else what) + after)
        self.status = status
        self.fatal = fatal


class GitHub:
    def __init__(
        self,
        token: str,
        base_url: str | None = None,
        timeout: float = 20.0,
        *,
        retries: int = 4,
        max_wait: float = 60.0,
        deadline: float | None = None,
        max_bytes: int = MAX_BYTES,
        **client,
    ) -> None:
        self._token = token
        self.base = (base_url or os.environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/")
        self.shown = _shown(self.base)  # without any user:password@
        self.timeout, self.deadline = timeout, deadline
        self._http = Client(
            "GitHub",
            timeout=timeout,
            retries=retries,
            max_wait=max_wait,
            deadline=deadline,
            max_bytes=max_bytes,
            secrets=[token],
            headers={
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "custlint",
            },
            **client,
        )

    def __repr__(self) -> str:  # never show the token
        return f"GitHub({self.shown!r})"

    def _request(self, method: str, url: str, body: dict | None = None) -> tuple[object, dict]:
        if not url.startswith(self.base + "/"):
            raise ApiError(0, f"refusing to send the token outside {self.shown}")
        parts = _split(url)
        if parts is None:
            raise ApiError(0, f"{method}: GITHUB_API_URL is not a valid http(s) URL (its host or port cannot be read)")
        path = parts.path
        if parts.username is not None or parts.password is not None:
            raise ApiError(
                0,
                f"{method} {path}: GITHUB_API_URL carries a user name or password ({self.shown}); "
                "remove them, the token comes from GITHUB_TOKEN",
            )
        data = json.dumps(body).encode("utf-8") if body is not None else None
        try:
            resp = self._http.request(
                method, url, body=data, headers={"Content-Type": "application/json"} if data is not None else None
            )
        except HttpError as exc:
            raise self._error(exc, method, path) from None
        raw = resp.body
        try:
            return (json.loads(raw.decode("utf-8")) if raw else None), resp.headers
        except ValueError:
            raise ApiError(0, f"{method} {path}: the answer is not JSON") from None

    def _error(self, exc: HttpError, method: str, path: str) -> ApiError:
        """The client's failure in this module's words (what the PR command says)."""
        what, base = f"{method} {path}", self.shown
        n = f", {exc.attempts} attempts" if exc.attempts > 1 else ""
        if exc.kind == "redirect" and exc.detail:
            return ApiError(
                0,
                f"{what}: GitHub answered {exc.detail}, a redirect; refusing to follow it, since the "
                f"{method} would become a GET and not be carried out; set GITHUB_API_URL to the API's "
                "own address",
                fatal=True,
            )
        if exc.kind == "redirect":
            return ApiError(0, str(exc), fatal=True)
        if exc.kind == "status":
            return ApiError(exc.status, what, after=f" ({exc.attempts} attempts)" if n else "")
        if exc.kind == "timeout":
            return ApiError(0, f"{what}: {base} timed out ({exc.detail}{n})")
        if exc.kind == "deadline":
            return ApiError(0, f"{what}: {base} did not finish answering within the {self.deadline:g} s deadline{n}")
        if exc.kind in ("connection", "unreachable"):
            return ApiError(0, f"{what}: cannot reach {base} ({exc.detail}{n})")
        if exc.kind == "broken":
            return ApiError(0, f"{what}: the answer from {base} was broken or cut short ({exc.detail}{n})")
        if exc.kind == "too-big":
            return ApiError(
                0,
                f"{what}: the answer from {base} is larger than the {self._http.max_bytes:,} bytes "
                "custlint reads; check GITHUB_API_URL",
            )
        return ApiError(0, f"{what}: not a valid API URL ({exc.detail})")

    def get_pull(self, repo: str, number: int) -> dict:
        data, _ = self._request("GET", f"{self.base}/repos/{repo}/pulls/{number}")
        if not isinstance(data, dict):
            raise ApiError(0, f"GET /repos/{repo}/pulls/{number}: not a pull request object")
        return data

    def identity(self) -> tuple[str, str] | None:
        """Who the token writes as: ``(login, type)`` from ``GET /user`` (a personal access token),
        or None for a GitHub App installation or Actions token, which ``GET /user`` refuses (403;
        ``ghs_`` tokens are such tokens, so they are not asked). Read once per client."""
        if not hasattr(self, "_identity"):
            self._identity = None
            if not self._token.startswith("ghs_"):
                try:
                    data, _ = self._request("GET", f"{self.base}/user")
                except ApiError as exc:
                    if exc.status not in (403, 404) or exc.fatal:
                        raise
                    data = None
                if data is not None:
                    login = data.get("login") if isinstance(data, dict) else None
                    if not isinstance(data, dict) or not isinstance(login, str) or not login:
                        raise ApiError(0, "GET /user: the answer names no login")
                    self._identity = (login, _str(data.get("type")) or "User")
        return self._identity

    def issue_comments(self, repo: str, number: int):
        url = f"{self.base}/repos/{repo}/issues/{number}/comments?per_page=100"
        for _ in range(100):  # at most 10,000 comments
            data, headers = self._request("GET", url)
            if not isinstance(data, list):
                raise ApiError(0, f"GET /repos/{repo}/issues/{number}/comments: not a list")
            yield from (c for c in data if isinstance(c, dict))
            m = _NEXT.search(headers.get("link", ""))
            if not m:
                return
            url = m.group(1)

    def create_comment(self, repo: str, number: int, body: str) -> dict:
        data, _ = self._request("POST", f"{self.base}/repos/{repo}/issues/{number}/comments", {"body": body})
        return data if isinstance(data, dict) else {}

    def update_comment(self, repo: str, comment_id: int, body: str) -> dict:
        data, _ = self._request("PATCH", f"{self.base}/repos/{repo}/issues/comments/{comment_id}", {"body": body})
        return data if isinstance(data, dict) else {}


def _str(value) -> str:
    return value if isinstance(value, str) else ""


def written_by(comment: dict, identity: tuple[str, str] | None) -> bool:
    """Whether ``comment`` was written by ``identity`` (``(login, type)`` of the token), or, when
    the token has no user (an Actions or App token), by ``github-actions[bot]`` (type ``Bot``).
    Only ``user.login`` and ``user.type`` count: the body is anyone's to write."""
    user_raw = comment.get("user")
    user: dict = user_raw if isinstance(user_raw, dict) else {}
    login, kind = _str(user.get("login")), _str(user.get("type"))
    if identity is None:
        return login == ACTIONS_BOT and kind == "Bot"
    return bool(login) and login.lower() == identity[0].lower() and kind == identity[1]


def sticky_body(markdown: str) -> str:
    body = f"{MARKER}\n{markdown}"
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + "\n\n… (cut; the job summary has every finding)\n"
    return body


def upsert_sticky(client: GitHub, repo: str, number: int, markdown: str, *, has_findings: bool) -> str:
    """Create or edit the one custlint comment on a PR. Returns what happened, in words.

    The comment is found again by :data:`MARKER`, so a new push edits it instead of adding one, but
    only among the comments the token's own identity wrote (:meth:`GitHub.identity`; for an Actions
    token ``github-actions[bot]``): anyone can post a comment holding the marker, and such a comment
    is never edited nor read. With nothing to report and no comment of custlint's yet, nothing is posted.
    """
    body = sticky_body(markdown)
    marked = [c for c in client.issue_comments(repo, number) if MARKER in _str(c.get("body"))]
    identity = client.identity() if marked else None  # asked only when some comment holds the marker
    return keep_one(
        [c for c in marked if written_by(c, identity)],
        body,
        has_findings=has_findings,
        create=lambda: client.create_comment(repo, number, body),
        update=lambda cid: client.update_comment(repo, cid, body),
        noun="comment",
    )


def keep_one(own: list, body: str, *, has_findings: bool, create, update, noun: str) -> str:
    """The sticky result, on GitHub and GitLab alike: ``own`` are custlint's own marked comments (or
    notes); the first with an integer id is edited in place, or one is created when there is something
    to say. Says what was done ("comment created", "MR note unchanged", ...)."""
    existing = next((c for c in own if isinstance(c.get("id"), int) and not isinstance(c.get("id"), bool)), None)
    if existing is None:
        if not has_findings:
            return f"no {noun} needed (all clear)"
        create()
        return f"{noun} created"
    if existing.get("body") == body:
        return f"{noun} unchanged"
    update(int(existing["id"]))
    return f"{noun} updated"

"""A small GitHub REST client (stdlib ``urllib``) for the sticky PR comment and merge queues.

The base URL is ``$GITHUB_API_URL`` (GitHub Enterprise sets it; tests point it at a local
server), default ``https://api.github.com``. The token goes only in the Authorization header, only
to that base URL (pagination links elsewhere are not followed) and is never printed.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request

MARKER = "<!-- custlint:sticky-comment -->"
MAX_BODY = 60_000  # GitHub refuses comments over 65,536 characters
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class ApiError(Exception):
    def __init__(self, status: int, what: str) -> None:
        super().__init__(f"{what}: HTTP {status}" if status else what)
        self.status = status


class GitHub:
    def __init__(self, token: str, base_url: str | None = None, timeout: float = 20.0) -> None:
        self._token = token
        self.base = (base_url or os.environ.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/")
        self.timeout = timeout

    def __repr__(self) -> str:  # never show the token
        return f"GitHub({self.base!r})"

    def _request(self, method: str, url: str, body: dict | None = None) -> tuple[object, dict]:
        if not url.startswith(self.base + "/"):
            raise ApiError(0, f"refusing to send the token outside {self.base}")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        req = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "custlint",
            **({"Content-Type": "application/json"} if data is not None else {}),
        })
        path = urllib.parse.urlsplit(url).path
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                headers = {k.lower(): v for k, v in resp.headers.items()}
        except urllib.error.HTTPError as exc:
            raise ApiError(exc.code, f"{method} {path}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(0, f"{method} {path}: cannot reach {self.base} ({reason})") from None
        except ValueError as exc:  # http.client.InvalidURL: a repository name with control characters
            raise ApiError(0, f"{method}: not a valid API URL ({exc})") from None
        except http.client.HTTPException as exc:  # a body cut short, a garbage status line (issue 8)
            raise ApiError(0, f"{method} {path}: the answer from {self.base} was broken or cut short "
                              f"({type(exc).__name__})") from None
        try:
            return (json.loads(raw.decode("utf-8")) if raw else None), headers
        except ValueError:
            raise ApiError(0, f"{method} {path}: the answer is not JSON") from None

    def get_pull(self, repo: str, number: int) -> dict:
        data, _ = self._request("GET", f"{self.base}/repos/{repo}/pulls/{number}")
        if not isinstance(data, dict):
            raise ApiError(0, f"GET /repos/{repo}/pulls/{number}: not a pull request object")
        return data

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


def sticky_body(markdown: str) -> str:
    body = f"{MARKER}\n{markdown}"
    if len(body) > MAX_BODY:
        body = body[:MAX_BODY] + "\n\n… (cut; the job summary has every finding)\n"
    return body


def upsert_sticky(client: GitHub, repo: str, number: int, markdown: str, *, has_findings: bool) -> str:
    """Create or edit the one custlint comment on a PR. Returns what happened, in words.

    The comment is found again by :data:`MARKER`, so a new push edits it instead of adding one.
    With nothing to report and no comment yet, nothing is posted.
    """
    body = sticky_body(markdown)
    existing = next((c for c in client.issue_comments(repo, number) if MARKER in str(c.get("body") or "")), None)
    if existing is None:
        if not has_findings:
            return "no comment needed (all clear)"
        client.create_comment(repo, number, body)
        return "comment created"
    if existing.get("body") == body:
        return "comment unchanged"
    client.update_comment(repo, int(existing["id"]), body)
    return "comment updated"

"""custlint's one HTTP client: every request custlint makes (tickets, deployments, the sticky PR
comment, the merge-queue PR read) goes through :class:`Client`. Standard library only
(``http.client``, through ``sources/connections.py``: kept-alive connections, a clock on every
read, a size cap, proxies).

- **Time.** ``timeout``: one attempt (connecting, sending, the whole answer) takes at most that
  long, however slowly a server drips its bytes, so a request takes at most
  ``(retries + 1) * timeout + retries * max_wait``. ``deadline`` (optional) caps the whole request,
  every attempt and every wait between them, lower still: when it runs out the request stops.
- **Retries** after a 429, a 5xx, a rate-limit 403, a timeout, a failed connection or a broken
  answer, with exponential backoff honouring ``Retry-After`` (seconds or an HTTP date) up to
  ``max_wait``. A POST or PATCH is repeated only when it certainly was not carried out (not sent
  yet, or a 429/503/rate-limit answer), so a comment is never posted twice.
- **Size.** A body over ``max_bytes`` stops with a one-line error, never a ``MemoryError``.
- **Redirects.** Followed (up to 10) for reads. Credentials (``Authorization``, ``Cookie``, any
  header naming a token, key, secret or password) are dropped on any redirect to another origin
  (scheme, host or port). A 301/302/303 answer to a write (POST, PATCH, PUT, DELETE) is refused:
  following it would turn the write into a GET that writes nothing. 307/308 keep the method and body.
- **Secrets** (tokens, Basic credentials, a ``user:password@`` in a URL) never appear in a message:
  a URL with credentials in it is refused, messages show URLs without them, and every message is
  scrubbed of the secrets anyway. Messages are one line and name the service and what to do.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse

from custlint.document.ticket import SourceError
from custlint.sources import connections
from custlint.sources.http_urls import (  # noqa: F401 - check_base_url is read from here too
    _api_message,
    _attempts,
    _credential,
    _origin,
    _retry_after,
    _shown,
    _split,
    _with_params,
    check_base_url,
)

USER_AGENT = "custlint (+https://github.com/custlint/custlint)"
RETRY_STATUS = {429, 500, 502, 503, 504}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 10
MAX_BYTES = 32 * 1024 * 1024  # the largest answer read: GitHub/Jira pages of 100 items are far smaller
WRITES = {"POST", "PATCH", "PUT", "DELETE"}
_ONCE_ONLY = {"POST", "PATCH"}  # not idempotent: repeated only when certainly not carried out
_REASONS = {
    301: "Moved Permanently",
    302: "Found",
    303: "See Other",
    307: "Temporary Redirect",
    308: "Permanent Redirect",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    410: "Gone",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class HttpError(SourceError):
    """A request failed; ``str()`` is the one-line message (exit 2).

    ``kind``: status, timeout, deadline, connection, unreachable, broken, too-big, redirect, invalid.
    ``status`` is the HTTP status for kind status and redirect; ``detail`` the short cause
    (``503 Service Unavailable``, ``no answer within 20 s``, ``IncompleteRead``) for an API layer
    that words its own messages (``github_api``).
    """

    def __init__(self, message: str, kind: str, *, status: int = 0, detail: str = "", attempts: int = 1) -> None:
        super().__init__(message)
        self.kind, self.status, self.detail, self.attempts = kind, status, detail, attempts


class Response:
    __slots__ = ("status", "headers", "data", "body")

    def __init__(self, status: int, headers: dict[str, str], data=None, body: bytes = b"") -> None:
        self.status, self.headers, self.data, self.body = status, headers, data, body


class _Failed(Exception):
    """One attempt failed in a way that may be retried."""

    def __init__(
        self, kind: str, why: str, *, status: int = 0, wait: float | None = None, retry: bool = True, detail: str = ""
    ) -> None:
        super().__init__(why)
        self.kind, self.why, self.status, self.wait, self.retry, self.detail = (
            kind,
            why,
            status,
            wait,
            retry,
            detail or why,
        )


class Client:
    def __init__(
        self,
        service: str,
        timeout: float = 20.0,
        retries: int = 4,
        max_wait: float = 60.0,
        headers: dict[str, str] | None = None,
        secrets: list[str] | None = None,
        hints: dict[int, str] | None = None,
        sleep=time.sleep,
        backoff: float = 0.5,
        *,
        deadline: float | None = None,
        max_bytes: int = MAX_BYTES,
        proxies: dict[str, str] | None = None,
        pool: connections.Pool | None = None,
    ) -> None:
        self.service = service  # "GitHub", "Jira", for messages
        self.timeout, self.retries, self.max_wait, self.backoff = timeout, retries, max_wait, backoff
        self.headers = dict(headers or {})
        self.secrets = list(secrets or [])
        self.hints = dict(hints or {})  # status -> what to do
        self.sleep = sleep
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.proxies = proxies  # None: the environment's, as urllib reads them
        self.pool = pool or connections.POOL

    def __repr__(self) -> str:  # never the headers
        return f"Client({self.service!r})"

    def scrub(self, text: str) -> str:
        for s in self.secrets:
            if s:
                text = text.replace(s, "***")
        return " ".join(text.split())

    def fail(self, message: str) -> SourceError:
        return SourceError(self.scrub(message))

    def _error(self, message: str, kind: str, **kw) -> HttpError:
        return HttpError(self.scrub(message), kind, **kw)

    def get(self, url: str, params: dict | None = None) -> Response:
        """GET a JSON answer: ``Response.data`` is the decoded JSON."""
        resp = self.request("GET", url, params=params)
        resp.data = self._json(resp.body, _shown(_with_params(url, params)))
        return resp

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """One request, retried, redirects followed; ``Response.body`` is the raw answer."""
        url = _with_params(url, params)
        shown = _shown(url)
        self._check(url, shown)
        hdrs = {"Accept": "application/json", "User-Agent": USER_AGENT, **self.headers, **(headers or {})}
        total = self.deadline
        end = time.monotonic() + total if total is not None else float("inf")
        attempt = 0
        while True:
            attempt += 1
            try:
                answer = self._follow(method, url, body, hdrs, time.monotonic() + self.timeout, end, shown)
                if 200 <= answer.status < 300:
                    return Response(answer.status, answer.headers, body=answer.body)
                failed = self._status(method, shown, answer)
            except _Failed as exc:
                failed = exc
            if failed.kind == "deadline":
                raise self._error(
                    f"{self.service} did not finish {method} {shown} within the {total:g} s deadline "
                    f"({_attempts(attempt)}); the server is too slow, "
                    "try again later",
                    "deadline",
                    detail=failed.why,
                    attempts=attempt,
                )
            if not failed.retry:
                raise self._error(
                    f"{self.service} failed for {method} {shown}: {failed.why}; not repeated, since "
                    f"the {method} may have been carried out",
                    failed.kind,
                    status=failed.status,
                    detail=failed.detail,
                    attempts=attempt,
                )
            if attempt > self.retries:
                raise self._error(
                    f"{self.service} failed for {method} {shown}: {failed.why}, {_attempts(attempt)}; "
                    "try again later or raise [tool.custlint.tickets] retries/timeout",
                    failed.kind,
                    status=failed.status,
                    detail=failed.detail,
                    attempts=attempt,
                )
            delay = failed.wait if failed.wait is not None else self.backoff * (2 ** (attempt - 1))
            delay = min(max(delay, 0.0), self.max_wait)
            if time.monotonic() + delay >= end:
                raise self._error(
                    f"{self.service} failed for {method} {shown}: {failed.why}, {_attempts(attempt)}, "
                    f"and the {total:g} s deadline ends before the next; try again later",
                    failed.kind,
                    status=failed.status,
                    detail=failed.detail,
                    attempts=attempt,
                )
            self.sleep(delay)

    def _check(self, url: str, shown: str) -> None:
        parts = _split(url)
        if parts is not None and (parts.username is not None or parts.password is not None):
            raise self._error(
                f"{self.service}: the URL {shown} carries a user name or password; custlint sends "
                "credentials only from the token variables, never in a URL: remove them",
                "invalid",
            )
        if parts is None:
            raise self._error(f"{self.service}: a URL whose host or port cannot be read; check the API URL", "invalid")
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise self._error(f"{self.service}: {shown!r} is not an http(s) URL", "invalid")

    def _follow(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], ends: float, end: float, shown: str
    ) -> connections.Answer:
        """One attempt: the request and the redirects it meets, all by ``ends`` (and the deadline's ``end``)."""
        origin = _origin(url)
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._exchange(method, url, body, headers, ends, end)
            location = answer.headers.get("location")
            if answer.status not in REDIRECTS or not location:
                return answer
            try:
                new = urllib.parse.urljoin(url, location.strip())
            except ValueError:
                new = location
            to = _shown(new)[:200]
            why = f"{answer.status} {_REASONS.get(answer.status, answer.reason)}"
            if _split(new) is None or (new[:7].lower() != "http://" and new[:8].lower() != "https://"):
                raise self._error(
                    f"{self.service} answered {method} {shown} with {why}, a redirect to "
                    f"something else than an http(s) URL; refusing to follow it",
                    "redirect",
                    status=answer.status,
                )
            if method in WRITES and answer.status in (301, 302, 303):
                raise self._error(
                    f"{self.service} answered {method} {shown} with {why}, a redirect to {to}; "
                    f"refusing to follow it: the {method} would become a GET and not be carried out; "
                    "point the API URL at the API itself",
                    "redirect",
                    status=answer.status,
                    detail=why,
                )
            self._check(new, to)
            if answer.status in (301, 302, 303):  # a read stays a read, without a body
                body = None
            if _origin(new) != origin:  # another scheme, host or port: the credentials stay behind
                headers = {k: v for k, v in headers.items() if not _credential(k)}
            url = new
        raise self._error(
            f"{self.service}: more than {MAX_REDIRECTS} redirects from {method} {shown}; check the API URL", "redirect"
        )

    def _exchange(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str], ends: float, end: float
    ) -> connections.Answer:
        if self.proxies is None:
            self.proxies = connections.system_proxies()
        repeat = method not in _ONCE_ONLY
        try:
            return connections.exchange(
                method,
                url,
                body,
                headers,
                ends=min(ends, end),
                max_bytes=self.max_bytes,
                proxies=self.proxies,
                pool=self.pool,
                repeatable=repeat,
            )
        except connections.TooBig as exc:
            size = f"{exc.args[0]:,} bytes, more" if exc.args[0] > self.max_bytes + 1 else "more"
            raise self._error(
                f"{self.service} answered {method} {_shown(url)} with {size} than the "
                f"{self.max_bytes:,} bytes custlint reads; stopped reading: check the API URL "
                "or narrow the query",
                "too-big",
            ) from None
        except connections.WireError as wire:
            err = wire.exc
            retry = repeat or not wire.sent
            name = type(err).__name__
            if isinstance(err, TimeoutError):
                if end < ends and time.monotonic() >= end:
                    raise _Failed("deadline", "timed out") from None
                why = (
                    f"no answer within {self.timeout:g} s"
                    if not wire.received
                    else f"the answer did not finish within {self.timeout:g} s"
                )
                raise _Failed("timeout", why, retry=retry) from None
            if isinstance(err, ConnectionError):
                raise _Failed(
                    "connection", f"connection failed ({name})", retry=retry, detail=str(err) or name
                ) from None
            if isinstance(err, (http.client.InvalidURL, ValueError)):  # never the text: it may quote a header
                raise self._error(
                    f"{self.service}: cannot send {method} {_shown(url)[:200]!r}: the URL or a header "
                    "holds characters HTTP does not allow",
                    "invalid",
                    detail="it holds characters a URL cannot hold",
                ) from None
            if isinstance(err, http.client.HTTPException):  # a body cut short, a garbage status line (issue 8)
                raise _Failed(
                    "broken", f"the answer was broken or cut short ({name})", retry=retry, detail=name
                ) from None
            if isinstance(err, OSError):  # DNS, TLS, an unreachable network: not a passing fault
                raise self._error(
                    f"cannot reach {self.service} at {_shown(url)}: {err}; check the URL and the network",
                    "unreachable",
                    detail=str(err) or name,
                ) from None
            raise err from None

    def _status(self, method: str, shown: str, answer: connections.Answer) -> _Failed:
        status, hdrs = answer.status, answer.headers
        reason = _REASONS.get(status, answer.reason)
        retry_after = _retry_after(hdrs.get("retry-after"))
        limited = status == 403 and (retry_after is not None or hdrs.get("x-ratelimit-remaining") == "0")
        if status in RETRY_STATUS or limited:
            if (
                retry_after is None
                and hdrs.get("x-ratelimit-remaining") == "0"
                and hdrs.get("x-ratelimit-reset", "").isdigit()
            ):
                retry_after = max(0.0, int(hdrs["x-ratelimit-reset"]) - time.time())
            why = f"{status} {reason}".strip()
            if retry_after is not None and retry_after > self.max_wait:
                raise self._error(
                    f"{self.service} answered {why} for {method} {shown} and asks to wait "
                    f"{retry_after:.0f} s, more than max-retry-wait ({self.max_wait:g} s); "
                    f"try again later{_api_message(answer.body)}",
                    "status",
                    status=status,
                    detail=why,
                )
            certain = status in (429, 503) or limited  # the server says it did nothing
            return _Failed("status", why, status=status, wait=retry_after, retry=method not in _ONCE_ONLY or certain)
        hint = self.hints.get(status, "")
        raise self._error(
            f"{self.service} answered {status} {reason} for {method} "
            f"{shown}{_api_message(answer.body)}{'; ' + hint if hint else ''}",
            "status",
            status=status,
            detail=f"{status} {reason}",
        )

    def _json(self, raw: bytes, shown: str):
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise self.fail(
                f"{self.service} answered GET {shown} with malformed JSON "
                f"({len(raw)} bytes starting {raw[:40]!r}); is the base URL right?"
            ) from None

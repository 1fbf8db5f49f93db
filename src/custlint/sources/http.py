"""A small JSON-over-HTTPS client on the standard library's urllib.

Timeouts on every request; retries with exponential backoff after a 429, a
5xx, a rate-limit 403 or a timeout, honouring ``Retry-After`` (seconds or an
HTTP date) up to a cap; one-line errors that name the service and say what to
do. Secrets (tokens, the Basic credentials) never appear in a message: they are
only ever put in request headers, and every message is scrubbed of them anyway.
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from custlint.document.ticket import SourceError

USER_AGENT = "custlint (+https://github.com/custlint/custlint)"
RETRY_STATUS = {429, 500, 502, 503, 504}
_REASONS = {401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone", 422: "Unprocessable Entity",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout"}


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never carry credentials to another host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc:
            for key in list(new.headers):
                if key.lower() in ("authorization", "cookie"):
                    del new.headers[key]
        return new


_OPENER = urllib.request.build_opener(_SameHostRedirects)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    data: Any


@dataclass
class Client:
    service: str  # "GitHub", "Jira", for messages
    timeout: float = 20.0
    retries: int = 4
    max_wait: float = 60.0
    headers: dict[str, str] = field(default_factory=dict)
    secrets: list[str] = field(default_factory=list)
    hints: dict[int, str] = field(default_factory=dict)  # status -> what to do
    sleep: Callable[[float], None] = time.sleep
    backoff: float = 0.5

    def scrub(self, text: str) -> str:
        for s in self.secrets:
            if s:
                text = text.replace(s, "***")
        return " ".join(text.split())

    def fail(self, message: str) -> SourceError:
        return SourceError(self.scrub(message))

    def get(self, url: str, params: dict[str, Any] | None = None) -> Response:
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        shown = _shown(url)
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT, **self.headers}
        attempt = 0
        while True:
            attempt += 1
            wait: float | None = None
            why = ""
            try:
                req = urllib.request.Request(url, headers=headers, method="GET")
                with _OPENER.open(req, timeout=self.timeout) as resp:  # http(s) only, checked by check_base_url
                    raw = resp.read()
                    return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, self._json(raw, shown))
            except urllib.error.HTTPError as exc:
                hdrs = {k.lower(): v for k, v in (exc.headers or {}).items()}
                body = _read(exc)
                status = exc.code
                retry_after = _retry_after(hdrs.get("retry-after"))
                limited = status == 403 and (retry_after is not None or hdrs.get("x-ratelimit-remaining") == "0")
                if status in RETRY_STATUS or limited:
                    if retry_after is None and hdrs.get("x-ratelimit-remaining") == "0" and hdrs.get("x-ratelimit-reset", "").isdigit():
                        retry_after = max(0.0, int(hdrs["x-ratelimit-reset"]) - time.time())
                    wait = retry_after
                    why = f"{status} {_REASONS.get(status, exc.reason or '')}".strip()
                    if retry_after is not None and retry_after > self.max_wait:
                        raise self.fail(f"{self.service} answered {why} for GET {shown} and asks to wait "
                                        f"{retry_after:.0f} s, more than max-retry-wait ({self.max_wait:g} s); "
                                        f"try again later{_api_message(body)}") from None
                else:
                    hint = self.hints.get(status, "")
                    raise self.fail(f"{self.service} answered {status} {_REASONS.get(status, exc.reason or '')} for GET "
                                    f"{shown}{_api_message(body)}{'; ' + hint if hint else ''}") from None
            except TimeoutError:
                why = f"no answer within {self.timeout:g} s"
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    why = f"no answer within {self.timeout:g} s"
                elif isinstance(reason, ConnectionError):
                    why = f"connection failed ({reason.__class__.__name__})"
                else:
                    raise self.fail(f"cannot reach {self.service} at {shown}: {reason}; check the URL and the network") from None
            except ConnectionError as exc:
                why = f"connection failed ({exc.__class__.__name__})"
            except http.client.HTTPException as exc:  # a body cut short, a garbage status line (issue 8)
                why = f"the answer was broken or cut short ({exc.__class__.__name__})"
            if attempt > self.retries:
                raise self.fail(f"{self.service} failed for GET {shown}: {why}, {attempt} attempts; "
                                f"try again later or raise [tool.custlint.tickets] retries/timeout")
            delay = wait if wait is not None else self.backoff * (2 ** (attempt - 1))
            self.sleep(min(max(delay, 0.0), self.max_wait))

    def _json(self, raw: bytes, shown: str) -> Any:
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise self.fail(f"{self.service} answered GET {shown} with malformed JSON "
                            f"({len(raw)} bytes starting {raw[:40]!r}); is the base URL right?") from None


def _shown(url: str) -> str:
    """The URL without credentials, for messages."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()[:4000]
    except Exception:  # noqa: BLE001 - a body we cannot read is no body
        return b""


def _api_message(body: bytes) -> str:
    """The API's own explanation (GitHub ``message``, Jira ``errorMessages``), shortened."""
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, UnicodeDecodeError):
        return ""
    msgs: list[str] = []
    if isinstance(data, dict):
        if isinstance(data.get("message"), str):
            msgs.append(data["message"])
        if isinstance(data.get("errorMessages"), list):
            msgs += [str(m) for m in data["errorMessages"]]
    text = " ".join(" ".join(msgs).split())[:200]
    return f" ({text})" if text else ""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def check_base_url(url: str, variable: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{variable} must be an http(s) URL such as https://example.atlassian.net, not {_shown(url)!r}")
    return url.rstrip("/")

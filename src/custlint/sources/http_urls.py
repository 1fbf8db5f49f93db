"""The HTTP client's small parts: URLs (query strings, origins, how one is shown without its
credentials), which headers are credentials, an API's error message and ``Retry-After``."""

from __future__ import annotations

import json
import time
import urllib.parse

from custlint.document.ticket import SourceError

_CREDENTIALS = {"authorization", "proxy-authorization", "cookie"}
_SECRET_WORDS = ("token", "secret", "password", "api-key", "apikey", "auth")


def _attempts(n: int) -> str:
    return f"{n} attempt" if n == 1 else f"{n} attempts"


def _with_params(url: str, params: dict | None) -> str:
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    return url


def _split(url: str):
    """``urlsplit``, or None for what cannot be a URL (a bad port, an unclosed ``[``)."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    return parts


def _origin(url: str) -> tuple:
    p = urllib.parse.urlsplit(url)
    return p.scheme, (p.hostname or "").lower(), p.port or (443 if p.scheme == "https" else 80)


def _credential(header: str) -> bool:
    h = header.lower()
    return h in _CREDENTIALS or any(w in h for w in _SECRET_WORDS)


def _shown(url: str) -> str:
    """The URL without credentials or fragment, for messages."""
    parts = _split(url)
    if parts is None:
        return "(not a URL)"
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


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
    import email.utils  # only for an HTTP date

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def check_base_url(url: str, variable: str) -> str:
    parts = _split(url)
    if parts is None:
        raise SourceError(
            f"{variable} must be an http(s) URL such as https://example.atlassian.net; its host or port cannot be read"
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(
            f"{variable} must be an http(s) URL such as https://example.atlassian.net, not {_shown(url)!r}"
        )
    if parts.username is not None or parts.password is not None:
        where = {
            "GITHUB_API_URL": "the token comes from GITHUB_TOKEN",
            "JIRA_BASE_URL": "the credentials come from JIRA_EMAIL and JIRA_API_TOKEN",
        }.get(variable, "")
        raise SourceError(
            f"{variable} carries a user name or password ({_shown(url)}); remove them" + (f": {where}" if where else "")
        )
    return url.rstrip("/")

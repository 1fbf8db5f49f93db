"""The wire under custlint's one HTTP client (``sources/http.py``): standard library ``http.client``.

- **Kept-alive connections**, at most a few idle ones per (scheme, host, port, proxy), so the pages
  of one listing and a comment after its lookup share one TCP (and TLS) connection. An idle one the
  server has closed is noticed before it is used; a reused one that fails before any byte of an
  answer arrives is replaced by a fresh one once, for requests that may be repeated.
- **A clock on every read**: each request has an end time, and every read from the socket (status
  line, headers, chunk sizes, body) gets only what is left of it, so a server that drips one byte
  at a time cannot stretch an answer past it. The TLS handshake gets what is left too.
- **A size cap**: a body longer than ``max_bytes`` (declared or streamed, chunked or not) stops
  with :class:`TooBig`, never a ``MemoryError``; error and redirect bodies are read to 4,000 bytes.
- **Proxies** as ``urllib`` found them before (``http(s)_proxy``/``no_proxy``, through
  ``urllib.request.getproxies``), unless the client is handed its own.

Nothing here decides what a failure means; ``sources/http.py`` does (retries, redirects,
credentials, messages).
"""

from __future__ import annotations

import base64
import http.client
import io
import select
import threading
import time
import urllib.parse

ERROR_BODY = 4000  # bytes of an error or redirect body kept (the API's own message is in them)
_CHUNK = 65536


class TooBig(Exception):
    """The answer is longer than the client accepts."""


class WireError(Exception):
    """A request failed on the wire: ``exc`` is why, ``sent`` whether the request went out in full,
    ``received`` how many bytes of the answer arrived."""

    def __init__(self, exc: BaseException, sent: bool, received: int) -> None:
        super().__init__(str(exc))
        self.exc, self.sent, self.received = exc, sent, received


class Answer:
    __slots__ = ("status", "reason", "headers", "body")

    def __init__(self, status: int, reason: str, headers: dict[str, str], body: bytes) -> None:
        self.status, self.reason, self.headers, self.body = status, reason, headers, body


class _Clocked(io.RawIOBase):
    """The socket's reads, each allowed only the time left until the connection's ``ends``."""

    def __init__(self, sock, conn) -> None:
        self._raw = sock.makefile("rb", buffering=0)  # keeps the socket open while the answer is read
        self._sock, self._conn = sock, conn

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        self._sock.settimeout(self._conn.left())
        n = self._raw.readinto(b) or 0
        self._conn.received += n
        return n

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _Shim:
    """What ``HTTPResponse`` takes for a socket: it only calls ``makefile``."""

    def __init__(self, sock, conn) -> None:
        self._sock, self._conn = sock, conn

    def makefile(self, mode, *args, **kwargs):
        return io.BufferedReader(_Clocked(self._sock, self._conn))


class _Timed:
    ends = float("inf")  # time.monotonic() by which this request must be done
    received = 0

    def left(self) -> float:
        left = self.ends - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        return left

    def response_class(self, sock, debuglevel=0, method=None):  # called by getresponse() and _tunnel()
        # _Shim stands in for the socket: HTTPResponse only calls its makefile()
        return http.client.HTTPResponse(_Shim(sock, self), debuglevel, method=method)  # type: ignore[arg-type]


# response_class is a method here, not a class: http.client only ever calls it
class _HTTP(_Timed, http.client.HTTPConnection):  # type: ignore[misc]
    pass


class _HTTPS(_Timed, http.client.HTTPSConnection):  # type: ignore[misc]
    def connect(self) -> None:  # as HTTPSConnection.connect, with the handshake on the clock
        http.client.HTTPConnection.connect(self)
        self.sock.settimeout(self.left())
        # HTTPSConnection's own _context and _tunnel_host, which typeshed leaves out
        context, tunnel = self._context, self._tunnel_host  # type: ignore[attr-defined]
        self.sock = context.wrap_socket(self.sock, server_hostname=tunnel or self.host)


_CONTEXT = None


def _tls():
    global _CONTEXT
    if _CONTEXT is None:
        import ssl

        _CONTEXT = ssl.create_default_context()
        _CONTEXT.set_alpn_protocols(["http/1.1"])
    return _CONTEXT


def _dropped(conn) -> bool:
    """An idle connection with something to read has been closed (or spoken on) by the server."""
    if conn.sock is None:
        return True
    try:
        return bool(select.select([conn.sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


class Pool:
    """Idle kept-alive connections per (scheme, host, port, proxy); thread-safe."""

    def __init__(self, per_host: int = 4) -> None:
        self.per_host = per_host
        self._idle: dict[tuple, list] = {}
        self._lock = threading.Lock()

    def take(self, key: tuple):
        with self._lock:
            idle = self._idle.get(key) or []
            while idle:
                conn = idle.pop()
                if not _dropped(conn):
                    return conn
                conn.close()
        return None

    def give(self, key: tuple, conn) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.per_host:
                idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            conns = [c for idle in self._idle.values() for c in idle]
            self._idle.clear()
        for c in conns:
            c.close()


POOL = Pool()


def system_proxies() -> dict[str, str]:
    """The proxies ``urllib`` used before this client: ``http_proxy``, ``https_proxy``, ``no_proxy``."""
    import urllib.request

    return urllib.request.getproxies()


def _proxy(scheme: str, host: str, proxies: dict[str, str]):
    """(host, port, Proxy-Authorization or None) of the proxy for this URL, or None."""
    url = proxies.get(scheme)
    if not url:
        return None
    if "no" in proxies:
        import urllib.request

        # urllib's own no_proxy matching (undocumented, so typeshed has no stub for it)
        if urllib.request.proxy_bypass_environment(host, proxies):  # type: ignore[attr-defined]
            return None
    p = urllib.parse.urlsplit(url if "://" in url else "http://" + url)
    auth = None
    if p.username is not None:
        pair = f"{urllib.parse.unquote(p.username)}:{urllib.parse.unquote(p.password or '')}"
        auth = "Basic " + base64.b64encode(pair.encode()).decode()
    return p.hostname or "", p.port or 80, auth


def exchange(
    method: str,
    url: str,
    body: bytes | None,
    headers: dict[str, str],
    *,
    ends: float,
    max_bytes: int,
    proxies: dict[str, str],
    pool: Pool = POOL,
    repeatable: bool = True,
) -> Answer:
    """One request and its answer (no redirects followed), done by ``ends`` (time.monotonic()).

    Raises :class:`TooBig` or :class:`WireError`; ``repeatable`` allows a fresh connection after a
    kept-alive one turned out closed.
    """
    parts = urllib.parse.urlsplit(url)
    scheme, host = parts.scheme, parts.hostname or ""
    port = parts.port or (443 if scheme == "https" else 80)
    proxy = _proxy(scheme, host, proxies)
    key = (scheme, host, port, proxy)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = dict(headers)
    if proxy and scheme == "http":  # a plain request to the proxy, naming the whole URL
        netloc = f"[{host}]" if ":" in host else host
        target = f"http://{netloc}:{port}{target}"
        if proxy[2]:
            headers["Proxy-Authorization"] = proxy[2]
    for fresh in (False, True):
        conn = None if fresh else pool.take(key)
        reused = conn is not None
        if conn is None:
            conn = _connection(scheme, host, port, proxy)
        conn.ends, conn.received = ends, 0
        sent = False
        try:
            if conn.sock is None:
                conn.timeout = conn.left()
                conn.connect()
            conn.sock.settimeout(conn.left())
            conn.request(method, target, body=body, headers=headers)
            sent = True
            resp = conn.getresponse()
            ok = 200 <= resp.status < 300
            data, complete = _read(resp, max_bytes if ok else ERROR_BODY, cut=not ok)
            answer = Answer(resp.status, resp.reason or "", {k.lower(): v for k, v in resp.getheaders()}, data)
        except TooBig:
            conn.close()
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is the caller's to judge, with what we know
            conn.close()
            stale = reused and not conn.received and isinstance(exc, (ConnectionError, http.client.RemoteDisconnected))
            if stale and repeatable and not fresh:
                continue  # the server had closed the kept-alive connection: once more on a new one
            raise WireError(exc, sent, conn.received) from None
        if complete and conn.sock is not None and not resp.will_close:
            pool.give(key, conn)
        else:
            conn.close()
        return answer
    raise AssertionError("unreachable")


def _connection(scheme: str, host: str, port: int, proxy):
    if scheme == "https":
        if proxy:
            conn = _HTTPS(proxy[0], proxy[1], context=_tls())
            conn.set_tunnel(host, port, headers={"Proxy-Authorization": proxy[2]} if proxy[2] else None)
            return conn
        return _HTTPS(host, port, context=_tls())
    return _HTTP(proxy[0], proxy[1]) if proxy else _HTTP(host, port)


def _read(resp, limit: int, cut: bool) -> tuple[bytes, bool]:
    """The body, at most ``limit`` bytes, and whether all of it was read. Beyond the limit, a
    success is :class:`TooBig` and an error's body is ``cut`` there (it only carries a message)."""
    if resp.length is not None and resp.length > limit and not cut:
        raise TooBig(resp.length)
    chunks, total = [], 0
    while True:
        chunk = resp.read(min(_CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            if not cut:
                raise TooBig(total)
            resp.close()  # the rest stays unread, so the connection is not kept
            return b"".join(chunks)[:limit], False
    if resp.length:  # the connection closed before the body Content-Length promised
        raise http.client.IncompleteRead(b"".join(chunks), resp.length)
    return b"".join(chunks), resp.isclosed()

"""What the recording fake APIs on 127.0.0.1 share (fake_github, fake_tracker, fake_gitlab): a quiet
handler that answers JSON, and a server run in a thread for the length of a ``with`` block."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JsonHandler(BaseHTTPRequestHandler):
    """``methods``: the HTTP methods the fake answers, each passed to ``_handle(method)`` (any other
    is the standard library's 501); ``none_is_empty``: ``_send(code, None)`` sends no body, not ``null``."""

    methods: tuple[str, ...] = ("GET", "POST")
    none_is_empty = False

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for m in cls.methods:
            setattr(cls, f"do_{m}", lambda self, _m=m: self._handle(_m))

    def log_message(self, *args) -> None:  # quiet
        pass

    def _handle(self, method: str) -> None:
        raise NotImplementedError

    def _send(self, code: int, data=None, headers: dict | None = None) -> None:
        raw = b"" if data is None and self.none_is_empty else json.dumps(data).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n)) if n else None


class LocalServer:
    """A fake's server: ``_serve(handler)`` binds a free port of 127.0.0.1 (``url``, plus ``suffix``);
    it serves from ``__enter__`` to ``__exit__``."""

    def _serve(self, handler: type[JsonHandler], suffix: str = "") -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{suffix}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

"""The one writer every line custlint prints passes under GitHub Actions (SECURITY.md section 2).

The runner reads every line of a step's stdout and stderr as a possible workflow command: a line
that, with leading white space trimmed (Unicode white space such as U+00A0 included), starts with
``::``, and the legacy form ``##[`` anywhere in a line. It splits the output on ``\\r`` and ``\\n``.

:func:`install` (called by :func:`custlint.cli.main` when ``GITHUB_ACTIONS=true``) replaces
``sys.stdout`` and ``sys.stderr`` with a :class:`SafeStream`, which cuts what is written into
lines (every ``str.splitlines`` boundary is a line end, ``\\r`` and ``\\n`` among them; a partial
line waits for its end) and, before it passes a line on:

- breaks ``::`` after any leading white space (or invisible format character) into ``:\\u2060:``;
- breaks every ``##[`` into ``#\\u2060#[``.

U+2060 (word joiner) is invisible, is not white space for the runner or Python, and is valid in
JSON strings and XML text. The only lines that pass untouched are those written through
:meth:`SafeStream.command`: the annotations and ``stop-commands`` fences of ``--format github``.
It takes one line, checks it is a single escaped command of a name custlint emits (``error``,
``warning``, ``notice``, ``stop-commands``, and the token of the fence it opened), and refuses
anything else, so untrusted text cannot pass as trusted by what it contains.

The JSON and XML writers do not rely on this: :func:`json_text` and the JUnit writer encode
``##[`` and the rarer line separators as escapes (``\\u0023``, ``&#35;``), so their output parses
to the same values and holds nothing for the writer to change.
"""

from __future__ import annotations

import io
import sys

WJ = "\u2060"  # word joiner
# skipped before looking for '::' at a line start: white space (str.isspace: U+00A0, U+3000, ...)
# and the invisible format characters some Unicode versions counted as white space
_INVISIBLE = frozenset("\u180e\u200b\u200c\u200d\u2060\ufeff")
OWN_COMMANDS = frozenset({"error", "warning", "notice"})


def _lead(line: str) -> int:
    i = 0
    while i < len(line) and (line[i].isspace() or line[i] in _INVISIBLE):
        i += 1
    return i


def neutralise(line: str) -> str:
    """``line`` (one line, its end included or not) as no workflow command: ``::`` at its start and
    ``##[`` anywhere broken by a word joiner."""
    while "##[" in line:
        line = line.replace("##[", f"#{WJ}#[")
    i = _lead(line)
    if line.startswith("::", i):
        line = f"{line[:i]}:{WJ}:{line[i + 2 :]}"
    return line


def neutralise_text(text: str) -> str:
    """Every line of ``text`` neutralised."""
    return "".join(neutralise(line) for line in text.splitlines(True))


class UnsafeCommand(ValueError):
    """A line handed to :meth:`SafeStream.command` that is not one of custlint's own commands."""


class SafeStream(io.TextIOBase):
    """A text stream that passes each line to ``raw`` neutralised (see the module's docstring)."""

    def __init__(self, raw) -> None:
        super().__init__()
        self.raw = raw
        self._pending = ""  # a line not yet ended
        self._fence = ""  # the token of the stop-commands fence this stream opened, while open

    # -- what custlint writes ---------------------------------------------------------------

    def write(self, s: str) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        text = self._pending + s
        lines = text.splitlines(True)
        if lines and lines[-1] == lines[-1].rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            self._pending = lines.pop()
        else:
            self._pending = ""
        if lines:
            self.raw.write("".join(neutralise(line) for line in lines))
        return len(s)

    def command(self, line: str) -> None:
        """Write ``line``, one of custlint's own workflow commands, as it is, on a line of its own."""
        name = self._check(line)
        self.end_line()
        self.raw.write(line + "\n")
        if name == "stop-commands":
            self._fence = line.split("::", 2)[2]
        elif self._fence and name == self._fence:
            self._fence = ""

    def _check(self, line: str) -> str:
        if not isinstance(line, str) or not line.startswith("::") or line.splitlines() != [line] or "##[" in line:
            raise UnsafeCommand(f"not one command line: {line!r}")
        end = line.find("::", 2)
        if end < 0:
            raise UnsafeCommand(f"not a command: {line!r}")
        name = line[2:end].split(" ", 1)[0]
        if name in OWN_COMMANDS:
            return name
        if name == "stop-commands" and not self._fence and line[end + 2 :].isalnum() and len(line[end + 2 :]) >= 16:
            return name
        if self._fence and line == f"::{self._fence}::":
            return name
        raise UnsafeCommand(f"not a command custlint emits: {line!r}")

    def write_report(self, text: str) -> None:
        """``text`` written: the parts a reporter marked as its own commands through :meth:`command`."""
        for trusted, part in getattr(text, "parts", None) or [(False, str(text))]:
            if trusted:
                self.command(part)
            else:
                self.write(part)

    def end_line(self) -> None:
        """Write out the partial line, if any, with a line end."""
        if self._pending:
            self.raw.write(neutralise(self._pending) + "\n")
            self._pending = ""

    def flush(self) -> None:  # a partial line waits for its end: only whole lines are judged
        try:
            self.raw.flush()
        except (AttributeError, ValueError):
            pass

    def finish(self) -> None:
        """The partial line written out (neutralised, without a line end of its own) and ``raw`` flushed."""
        if self._pending:
            self.raw.write(neutralise(self._pending))
            self._pending = ""
        self.flush()

    # -- what callers ask of a stream ------------------------------------------------------

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return bool(getattr(self.raw, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self):  # type: ignore[override]  # read from the stream it wraps, never set
        return getattr(self.raw, "encoding", "utf-8")

    @property
    def errors(self):  # type: ignore[override]  # read from the stream it wraps, never set
        return getattr(self.raw, "errors", "strict")


class Report(str):
    """Report text that holds custlint's own workflow commands: ``parts`` says which of its pieces
    (``(True, line)``) are commands for :meth:`SafeStream.command`. Any other use of the text (a
    file, concatenation) is plain text; a stream that is not a SafeStream writes it whole."""

    parts: list[tuple[bool, str]]

    def __new__(cls, parts: list[tuple[bool, str]]) -> Report:
        self = super().__new__(cls, "".join(p + "\n" if trusted else p for trusted, p in parts))
        self.parts = parts
        return self


def write_report(stream, text: str) -> None:
    """``text`` to ``stream``: through :meth:`SafeStream.write_report` when it is one."""
    if isinstance(stream, SafeStream):
        stream.write_report(text)
    else:
        stream.write(text)


def install() -> tuple:
    """``sys.stdout`` and ``sys.stderr`` replaced by SafeStreams; returns what :func:`uninstall` needs."""
    saved = (sys.stdout, sys.stderr)
    sys.stdout = SafeStream(sys.stdout) if not isinstance(sys.stdout, SafeStream) else sys.stdout
    sys.stderr = SafeStream(sys.stderr) if not isinstance(sys.stderr, SafeStream) else sys.stderr
    return saved, (sys.stdout, sys.stderr)


def uninstall(state: tuple) -> None:
    """The partial lines written out and the streams :func:`install` replaced put back (a stream
    something else has replaced since, such as os.devnull after a broken pipe, is left as it is)."""
    saved, installed = state
    for name, old, ours in zip(("stdout", "stderr"), saved, installed, strict=True):
        if ours is old or getattr(sys, name) is not ours:
            continue
        try:
            ours.finish()
        except (OSError, ValueError):
            pass
        setattr(sys, name, old)


# -- JSON text with nothing for the writer to change -----------------------------------------

_JSON_ESCAPES = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))


def json_text(text: str) -> str:
    """Serialised JSON with ``##[`` and the line separators json.dumps leaves raw (U+0085, U+2028,
    U+2029) written as escapes: it parses to the same value and holds no workflow command. (They can
    only occur inside strings, where ``\\u`` escapes are valid; json.dumps escapes every other
    control character.)"""
    for raw, esc in _JSON_ESCAPES:
        text = text.replace(raw, esc)
    while "##[" in text:
        text = text.replace("##[", "#\\u0023[")
    return text

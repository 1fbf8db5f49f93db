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

The same stream is also the one place that decides what an unprintable character becomes, under
Actions or not (:func:`install` always wraps both streams; ``runner=False`` outside Actions skips
the command breaking): :func:`printable` turns every lone surrogate (a file name, argument or
variable decoded with ``surrogateescape``, a ``\\ud800`` escape in a JSON payload), C1 control
(U+0080-U+009F: U+009B is a terminal's CSI), C0 control but tab, line feed and carriage return,
and DEL into U+FFFD, and an ESC into U+FFFD unless it starts a colour (``ESC [ digits m``) or the
progress line's erase-to-end (``ESC [ K``, no worse than the carriage return it follows) (the
colour only the text reporter writes, around text it cleaned). U+FFFD is valid in every format custlint
writes (text, JSON, XML, Markdown, HTML, annotations), so one replacement serves them all; a
character the terminal's encoding cannot hold is written as a ``\\x``/``\\u`` escape instead of
raising. The files custlint writes (``--output``, the job summary, the audit's HTML) pass
:func:`printable` too, and :func:`json_text` writes C1 controls as ``\\u00XX`` escapes so JSON
keeps their value.
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


_UNPRINTABLE = None  # compiled on first use


def printable(text: str) -> str:
    """``text`` with every lone surrogate, C1 control, DEL, and C0 control but ``\\t \\n \\r``
    (ESC unless it starts a colour, ``ESC [ digits m``, or an erase-to-end ``ESC [ K``) replaced by U+FFFD (see the module's docstring)."""
    global _UNPRINTABLE
    # every character the pattern replaces is a control (Cc: C0, DEL, C1, ESC) or a surrogate (Cs), and
    # str.isprintable() is False for both: a text printable but for its line ends and tabs (a report,
    # nearly always) has none to replace, found by one scan in C rather than the pattern's (3x slower)
    if text.replace("\n", "").replace("\t", "").replace("\r", "").isprintable():
        return text
    if _UNPRINTABLE is None:
        import re

        _UNPRINTABLE = re.compile(
            "[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\ud800-\udfff]|\x1b(?!\\[[0-9;]*m|\\[K)"
        )
    return _UNPRINTABLE.sub("\ufffd", text)


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

    def __init__(self, raw, *, runner: bool = True) -> None:
        super().__init__()
        self.raw = raw
        self.runner = runner  # under GitHub Actions: workflow commands broken (else only printable())
        self._pending = ""  # a line not yet ended
        self._fence = ""  # the token of the stop-commands fence this stream opened, while open

    # -- what custlint writes ---------------------------------------------------------------

    def write(self, s: str) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        if not self.runner:
            self._raw_write(printable(s))
            return len(s)
        text = self._pending + printable(s)
        lines = text.splitlines(True)
        if lines and lines[-1] == lines[-1].rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            self._pending = lines.pop()
        else:
            self._pending = ""
        if lines:
            self._raw_write("".join(neutralise(line) for line in lines))
        return len(s)

    def _raw_write(self, text: str) -> None:
        """``text`` to the wrapped stream; what its encoding cannot hold (``LANG=C``, a latin-1
        terminal, ``PYTHONIOENCODING=ascii``) as backslash escapes, never a UnicodeEncodeError."""
        try:
            self.raw.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self.raw, "encoding", None) or "utf-8"
            self.raw.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))

    def command(self, line: str) -> None:
        """Write ``line``, one of custlint's own workflow commands, as it is, on a line of its own."""
        name = self._check(line)
        self.end_line()
        self._raw_write(printable(line) + "\n")
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
            self._raw_write(neutralise(self._pending) + "\n")
            self._pending = ""

    def flush(self) -> None:  # a partial line waits for its end: only whole lines are judged
        try:
            self.raw.flush()
        except (AttributeError, ValueError):
            pass

    def finish(self) -> None:
        """The partial line written out (neutralised, without a line end of its own) and ``raw`` flushed."""
        if self._pending:
            self._raw_write(neutralise(self._pending))
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


def install(*, runner: bool = True) -> tuple:
    """``sys.stdout`` and ``sys.stderr`` replaced by SafeStreams (``runner``: under GitHub Actions);
    returns what :func:`uninstall` needs."""
    saved = (sys.stdout, sys.stderr)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, SafeStream):
            setattr(sys, name, SafeStream(stream, runner=runner))
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

_JSON_ESCAPES = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


_JSON_UNPRINTABLE = None


def _json_escape(m) -> str:
    c = m.group()
    return "\\ufffd" if "\ud800" <= c <= "\udfff" else f"\\u{ord(c):04x}"  # a lone surrogate has no value to keep


def _may_be_unprintable(text: str) -> bool:
    """False where ``text`` holds no DEL, C1 control or surrogate: its UTF-8 bytes (surrogates passed
    through) hold neither 0x7f nor the lead bytes of U+0080-U+009F (0xc2) and of a surrogate (0xed),
    scans in C of a copy, a quarter of the pattern's scan (a text with another character of those lead
    bytes, U+00A0 or a Hangul syllable, is left to the pattern)."""
    if text.isascii():
        return "\x7f" in text
    raw = text.encode("utf-8", "surrogatepass")
    return b"\x7f" in raw or b"\xc2" in raw or b"\xed" in raw


def json_text(text: str) -> str:
    """Serialised JSON with ``##[``, the line separators json.dumps leaves raw (U+2028, U+2029), DEL
    and the C1 controls (U+0085 among them) written as ``\\u`` escapes: it parses to the same value
    and holds no workflow command and nothing unprintable. A lone surrogate, which no encoding can
    carry and strict parsers refuse, becomes ``\\ufffd``. (They can only occur inside strings, where
    ``\\u`` escapes are valid; json.dumps escapes every other control character. Serialise with
    ``ensure_ascii=False``: with ``True`` a lone surrogate is already an escape this cannot see.)"""
    global _JSON_UNPRINTABLE
    for raw, esc in _JSON_ESCAPES:
        text = text.replace(raw, esc)
    if _may_be_unprintable(text):
        if _JSON_UNPRINTABLE is None:
            import re

            _JSON_UNPRINTABLE = re.compile("[\x7f-\x9f]|[\ud800-\udfff]")
        text = _JSON_UNPRINTABLE.sub(_json_escape, text)
    while "##[" in text:
        text = text.replace("##[", "#\\u0023[")
    return text

"""Comments of a Python file, and the ``# custlint: ignore[CODE] reason`` suppressions among them.

Comments are tokens, not syntax, so they come from the standard tokenizer: it tells a ``#`` that
starts a comment from one inside a string exactly, and it is about four times faster than a full
libcst parse (bench/README.md). A file the tokenizer rejects is reported as unreadable.
"""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass

SUPPRESS = re.compile(r"#\s*custlint\s*:\s*(?:ignore|noqa)\b(?P<codes>\[[^\]]*\])?[\s:,;-]*(?P<reason>.*)", re.IGNORECASE)
CODE_LIST = re.compile(r"[A-Za-z][\w-]*")


@dataclass(frozen=True)
class Comment:
    line: int
    col: int
    text: str  # with the leading '#'
    own_line: bool  # nothing but white space before it


@dataclass(frozen=True)
class Suppression:
    line: int
    codes: tuple[str, ...]  # upper-cased codes or lower-cased names
    reason: str
    own_line: bool
    text: str


class TokenizeError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def comments(text: str) -> list[Comment]:
    """Every comment, in order. Raises :class:`TokenizeError` for text that is not Python."""
    out: list[Comment] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT:
                row, col = tok.start
                out.append(Comment(row, col, tok.string, not tok.line[:col].strip()))
    except tokenize.TokenError as exc:
        line = exc.args[1][0] if len(exc.args) > 1 and isinstance(exc.args[1], tuple) else 1
        raise TokenizeError(str(exc.args[0]) if exc.args else "cannot tokenize", line) from None
    except (SyntaxError, IndentationError) as exc:  # Python 3.12+ tokenizer raises these
        raise TokenizeError(exc.msg, exc.lineno or 1) from None
    return out


def suppressions(found: list[Comment]) -> list[Suppression]:
    out: list[Suppression] = []
    for c in found:
        m = SUPPRESS.search(c.text)
        if m is None:
            continue
        codes = tuple(x.upper() if x[:1].isupper() or x[-1:].isdigit() else x.lower()
                      for x in CODE_LIST.findall((m.group("codes") or "").strip("[]")))
        out.append(Suppression(c.line, codes, m.group("reason").strip(), c.own_line, c.text))
    return out

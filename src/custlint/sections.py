"""Named fields of a text: Markdown sections, bold labels and ``Label: value`` lines.

This is the fast, line-based reader that the commit path uses. It knows ATX and
setext headings, ``**Label:** value`` and ``Label: value`` lines for the names
in :mod:`custlint.vocab`, skips fenced code and HTML comments, and gives each
field its text and 1-based line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from custlint.vocab import norm_name

_ATX = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*\Z")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*\Z")
_LABEL = re.compile(r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?([A-Za-z][\w '’/()-]{0,40}?)[ \t]*(?::[ \t]*(?:\*\*|__)|(?:\*\*|__)[ \t]*:|:)(?:[ \t]+(.*)|\Z)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


@dataclass
class Field:
    name: str  # normalised name as written ('customer problem')
    text: str  # its content, stripped
    line: int  # 1-based line of the heading or label
    how: str  # heading | label | trailer


def strip_comments(text: str) -> str:
    """Replace HTML comments by blank lines (keeps line numbers)."""
    if "<!--" not in text:
        return text
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def read_fields(text: str, names: frozenset[str], first_line: int = 1) -> list[Field]:
    """Fields in ``text`` whose normalised name is in ``names``."""
    text = strip_comments(text)
    lines = text.split("\n")
    fields: list[Field] = []
    current: Field | None = None
    buf: list[str] = []
    label_mode = False  # a label field ends at a blank line; a heading section at the next heading
    fence = ""

    def close() -> None:
        nonlocal current, buf
        if current is not None:
            extra = "\n".join(buf).strip()
            current.text = (current.text + ("\n" + extra if extra else "")).strip()
            fields.append(current)
        current, buf = None, []

    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if fence:
            if line.lstrip().startswith(fence):
                fence = ""
            i += 1
            continue
        fm = _FENCE.match(line)
        if fm:
            fence = fm.group(1)[:3]
            i += 1
            continue
        heading = None
        m = _ATX.match(line)
        if m:
            heading = m.group(2)
        elif i + 1 < n and line.strip() and _SETEXT.match(lines[i + 1]) and not line.lstrip().startswith(("-", "*", "+", ">")):
            heading = line
            i += 1
        if heading is not None:
            close()
            key = norm_name(heading)
            if key in names:
                current, label_mode = Field(key, "", first_line + (i - 1 if m is None else i), "heading"), False
            i += 1
            continue
        lm = _LABEL.match(line) if ":" in line else None
        if lm:
            key = norm_name(lm.group(1))
            if key in names:
                close()
                current, label_mode = Field(key, (lm.group(2) or "").strip(), first_line + i, "label"), True
                i += 1
                continue
        if current is not None:
            if label_mode and not line.strip() and (buf or current.text):
                close()
            else:
                buf.append(line)
        i += 1
    close()
    return fields

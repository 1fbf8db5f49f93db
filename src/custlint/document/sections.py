"""Named fields of a text: Markdown sections, bold labels and ``Label: value`` lines.

Two readers feed one collector:

- :func:`line_stream` is the fast, line-based reader that the commit path uses
  for messages without Markdown structure (no fences, tables, quotes, bold,
  HTML). It knows ATX and setext headings, list items, ``Label: value`` lines.
- :mod:`custlint.document.markdown` turns a CommonMark parse (markdown-it-py) into the
  same stream for PR descriptions, tickets and commits that do use Markdown.

A stream is a list of ``(kind, text, line, level)`` tuples: ``"h"`` a heading of
``level``, ``"t"`` a text line, ``"i"`` the first line of a list item at indent
``level``, ``"r"`` a table row (cells joined as ``"Header: cell; ..."``), ``"b"``
a block break. Code, quotes and HTML comments never reach the stream.
:func:`collect` turns a stream into :class:`Field` objects.
"""

from __future__ import annotations

from custlint.analysis.vocab import norm_name
from custlint.core.lazyre import lazy
from custlint.core.record import Record

_ATX = lazy(r" {0,3}(#{1,6})(?:[ \t]+(.*))?\Z")
_SETEXT = lazy(r" {0,3}(=+|-+)[ \t]*\Z")
_ITEM = lazy(r"([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+")
_LABEL = lazy(
    r"[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:\[[ xX]\][ \t]+)?(?:\*\*|__|\*|_)?([A-Za-z][\w '’/()&-]{0,50}?)[ \t]*"
    r"(?::[ \t]*(?:\*\*|__|\*|_)|(?:\*\*|__|\*|_)[ \t]*:|:)(?:[ \t]+(.*)|\Z)"
)
_OTHER_LABEL = lazy(r"[A-Z][\w-]{0,40}(?::[ \t]|:\Z| #\d| [A-Z][A-Z0-9_]{1,20}-\d)")
_JIRA_HEADING = lazy(r"[ \t]*h([1-6])\.[ \t]+(.*)")
_BOLD_ONLY = lazy(r"[ \t]*(?:\*\*|__)([A-Za-z][\w '’/()&?-]{0,50}?)(?:\*\*|__)[ \t]*\Z")
_FENCE = lazy(r" {0,3}(`{3,}|~{3,})")

HEADING, TEXT, ITEM, ROW, BREAK = "h", "t", "i", "r", "b"


class Field(Record):
    __slots__ = ("name", "text", "line", "how")

    def __init__(self, name: str, text: str, line: int, how: str) -> None:
        self.name = name  # normalised name as written ('customer problem')
        self.text = text  # its content, stripped
        self.line = line  # 1-based line of the heading or label
        self.how = how  # heading | label | trailer | table | prose


def strip_comments(text: str) -> str:
    """Replace HTML comments by blank lines (keeps line numbers); an unclosed one runs to the end.

    A plain ``find`` loop, linear in the text (a lazy ``<!--.*?-->`` regex is
    quadratic on thousands of unclosed ``<!--``).
    """
    if "<!--" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:start])
        end = text.find("-->", start + 4)
        stop = len(text) if end < 0 else end + 3
        out.append("\n" * text.count("\n", start, stop))
        pos = stop
        if end < 0:
            break
    return "".join(out)


def line_stream(text: str, first_line: int = 1) -> list[tuple[str, str, int, int]]:
    """The stream of a text read line by line (no Markdown parser)."""
    text = strip_comments(text)
    lines = text.split("\n")
    out: list[tuple[str, str, int, int]] = []
    fence = ""
    n = len(lines)
    i = 0
    while i < n:
        line = lines[i]
        if fence:
            if line.lstrip().startswith(fence):
                fence = ""
            i += 1
            continue
        lead = line.lstrip()[:1]  # the first character that is not white space, "" on a blank line
        if not lead:
            out.append((BREAK, "", first_line + i, 0))
            i += 1
            continue
        if "`" in line or "~" in line:
            fm = _FENCE.match(line)
            if fm:
                fence = fm.group(1)[:3]
                out.append((BREAK, "", first_line + i, 0))
                i += 1
                continue
        if lead == "#":
            m = _ATX.match(line)
            if m:
                out.append((HEADING, (m.group(2) or "").rstrip().rstrip("#").rstrip(), first_line + i, len(m.group(1))))
                i += 1
                continue
        if (
            i + 1 < n
            and lines[i + 1][:1] in ("=", "-", " ")
            and _SETEXT.match(lines[i + 1])
            and lead not in ("-", "*", "+", ">")
        ):
            out.append((HEADING, line.strip(), first_line + i, 1 if "=" in lines[i + 1] else 2))
            i += 2
            continue
        im = _ITEM.match(line) if lead in "-*+0123456789" else None
        if im:
            out.append((ITEM, line, first_line + i, len(im.group(1).expandtabs(4))))
        else:
            out.append((TEXT, line, first_line + i, 0))
        i += 1
    return out


_PLAIN_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789- ")


def label_of(line: str) -> tuple[str, str] | None:
    """``(normalised name, rest)`` when the line starts with a label, else None.

    A line that starts with a plain name ("Customer-Problem: ...", "KPI: ...": an ASCII letter,
    then at most 50 letters, digits, hyphens and spaces, not ending in a space) and a colon that
    is followed by a space or tab (and then no ``*`` or ``_``) or ends the line is read without
    :data:`_LABEL`: that pattern matches it with the name up to the colon and the rest after it,
    and its lazy name costs a step per character (0.7 us on such a line, a third of that here).
    """
    colon = line.find(":")
    if colon >= 0:
        if 0 < colon <= 51 and line[0].isascii() and line[0].isalpha() and line[colon - 1] != " ":
            rest = line[colon + 1 :]
            if (
                not rest or (rest[0] in " \t" and rest.lstrip(" \t")[:1] not in ("*", "_") and "\n" not in rest)
            ) and _PLAIN_NAME.issuperset(line[:colon]):
                return norm_name(line[:colon]), rest.strip()
        m = _LABEL.match(line)
        if m:
            return norm_name(m.group(1)), (m.group(2) or "").strip()
    if ("*" in line and "**" in line) or ("_" in line and "__" in line):  # (one character first: a memchr)
        m = _BOLD_ONLY.match(line)
        if m:
            return norm_name(m.group(1)), ""
    return None


def collect(stream: list[tuple[str, str, int, int]], names: frozenset[str], stop: int = 0) -> list[Field]:
    """Fields of a stream whose normalised name is in ``names``.

    With ``stop``, the reading ends at the first item of a line ``>= stop`` where no field is open:
    the caller knows that no field opening from there on is kept (``read_document``: the lines from
    ``stop`` to the end are trailers, whose labels it has taken as trailers already).

    A heading section runs to the next heading of the same or a higher level; a
    label runs to the next blank line (or, when it opened a list item, to the
    next item at its level; when it stands alone on its line, "Why:", to the next label or heading); a table row whose first cell names a field is that field.
    """
    fields: list[Field] = []
    current: Field | None = None
    buf: list[str] = []
    mode = ""  # heading | label
    level = 0  # the heading level, or the list indent of the item a label opened (-1: not an item)
    block = False  # the label stands alone on its line ("Why:", "**Why**"): its text is the paragraphs below

    def close() -> None:
        nonlocal current, buf
        if current is not None:
            extra = "\n".join(buf).strip()
            current.text = (current.text + ("\n" + extra if extra else "")).strip()
            fields.append(current)
        current, buf = None, []

    for kind, text, line, lvl in stream:
        if stop and line >= stop and current is None:
            break
        if kind == HEADING:
            key = norm_name(text)
            if current is not None and mode == "heading" and lvl > level and key not in names:
                buf.append(text)  # a subsection belongs to its section, unless it is a field itself
                continue
            close()
            if key in names:
                current, mode, level = Field(key, "", line, "heading"), "heading", lvl
            continue
        if kind == BREAK:
            if current is not None and mode == "label" and (buf or current.text):
                if block and not current.text:
                    buf.append("")  # "Why:" on a line of its own heads a block: it runs to the next label
                    continue
                close()
            continue
        if text[:3].lstrip()[:1] == "h" and kind == TEXT:
            jm = _JIRA_HEADING.match(text)
            if jm:  # Jira wiki markup: "h2. Customer problem"
                kind, text, lvl = HEADING, jm.group(2), int(jm.group(1))
                key = norm_name(text)
                if current is not None and mode == "heading" and lvl > level and key not in names:
                    buf.append(text)
                    continue
                close()
                if key in names:
                    current, mode, level = Field(key, "", line, "heading"), "heading", lvl
                continue
        lab = label_of(text)
        if lab is not None and lab[0] in names:
            if current is not None:  # (with no field open, buf is empty: nothing to close)
                close()
            current, mode = Field(lab[0], lab[1], line, "table" if kind == ROW else "label"), "label"
            level = lvl if kind == ITEM else -1
            block = kind == TEXT and not lab[1]
            if kind == ROW:
                close()
            continue
        if current is None:
            continue
        if mode == "label" and kind == TEXT and (_OTHER_LABEL.match(text) or (block and lab is not None)):
            close()  # "Rollout: ...", "Refs SHOP-1", "Closes #2": the next line is a field of its own
            continue
        if kind == ITEM and mode == "label" and 0 <= level and lvl <= level and (buf or current.text):
            close()
            continue
        buf.append(text)
    close()
    return fields


def read_fields(text: str, names: frozenset[str], first_line: int = 1) -> list[Field]:
    """Fields in ``text`` whose normalised name is in ``names`` (the fast line reader)."""
    return collect(line_stream(text, first_line), names)

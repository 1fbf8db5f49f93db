"""Markdown documents read with a real CommonMark parser (markdown-it-py, imported lazily).

PR descriptions, tickets and commit bodies that use Markdown structure (fences,
tables, quotes, bold labels, HTML comments) are parsed here into the same field
stream the fast line reader produces (see :mod:`custlint.document.sections`). Code
blocks, block quotes and HTML blocks are not the author's claims: they never
reach the stream, and :func:`hidden_lines` reports their lines so the prose the
judgement reads leaves them out too. The commit-msg path only comes here when a
message has Markdown structure (:func:`has_structure`).
"""

from __future__ import annotations

import re

from custlint.core.lazyre import lazy
from custlint.document.sections import BREAK, HEADING, ITEM, ROW, TEXT, label_of, strip_comments

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_MD: MarkdownIt | None = None  # declared: compiled (custlint.accel), None alone would be its only type
_MARKER = lazy(r"(?:[-*+]|\d{1,9}[.)])([ \t]+|\Z)")
_MARKER_FIRST = frozenset("-*+0123456789")  # what _MARKER can start with
_JIRA = lazy(r"h[1-6]\.", re.IGNORECASE)
# Markers of Markdown structure that the line reader would get wrong: fences, HTML comments and
# blocks, tables, bold labels, headings, quotes, indented code. A "<" inside a line (an e-mail in
# a Co-authored-by trailer, "<T>") or a dunder name is not structure.
_MARKERS = ("```", "~~~", "<!--", "\n<", "\n|", "**", "\n__", "\n#", "\n>", "\n\n    ", "\n\t")
_AFTER_NEWLINE = lazy(r"\n(?:[<|#>\t]|__|\n    )")  # the markers of _MARKERS that start with a newline


def has_structure(text: str) -> bool:
    """True when ``text`` needs the CommonMark parse: it holds one of :data:`_MARKERS`, or starts
    with one. Each two-character marker behind a test of its first character (``in`` on one
    character is a memchr; on two or more it costs about four times as much on a commit body), the
    markers after a newline in one regular expression with a literal lead: a fifth of the cost of
    testing them one by one, which mattered as this runs for every commit of a history audit."""
    if text[:1] in ("#", ">", "\t", "<", "|") or text.startswith(("    ", "__")):
        return True
    return (
        ("*" in text and "**" in text)
        or ("`" in text and "```" in text)
        or ("<" in text and "<!--" in text)
        or ("~" in text and "~~~" in text)
        or _AFTER_NEWLINE.search(text) is not None
    )


def only_fences(text: str, names: frozenset[str]) -> bool:
    """True when ``text``'s only Markdown structure is fenced code and it names no field, so that
    the line reader gives what the CommonMark parse gives (the same prose, no fields) without it.

    Fences must open indented by at most three spaces (a backtick fence's info string holds no
    backtick) and close with a line of at least as many of the same character, indented by at most
    three spaces and no less than the opener, followed by nothing but spaces, or not at all (the
    fence then runs to the end), and no other line may hold a fence marker. An indented fence's
    lines are indented as far as its opener, blank ones aside: whether the fence stands in a list
    item (``- a build error:`` then ``  ```...``, as a commit body often lists them) or not, it then
    closes where the line reader closes it (a less indented line would end a list item, and with
    it the fence). Around the fences, each read as a blank line, the text must
    have no structure (:func:`has_structure`), no line that is (after list markers) indented
    code, HTML, a quote, a heading (ATX, setext, Jira ``h2.``), a rule or a table delimiter, and
    no line that reads as a field label of ``names``. Anything else, and carriage returns or
    NULs (markdown-it turns those into line breaks or U+FFFD), returns False: the parser reads it.
    """
    if "<!--" in text or "\r" in text or "\x00" in text:
        return False
    lines = text.split("\n")
    outside: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        lead = 0  # the opener's indent
        if line[:1] == " ":
            stripped = line.lstrip(" ")
            lead = len(line) - len(stripped)
            if lead > 3 or not stripped.startswith(("```", "~~~")):
                lead = -1
        if lead < 0 or (lead == 0 and not line.startswith(("```", "~~~"))):
            if ("`" in line and "```" in line) or ("~" in line and "~~~" in line):
                return False
            # an empty line or a prose one (_PROSE_LEAD) is plain: _plain_line is asked of the others only
            if line and (line[0] not in _PROSE_LEAD or ":" in line or "*" in line or "_" in line or "|" in line):
                if not _plain_line(line, names):
                    return False
            outside.append(line)
            i += 1
            continue
        opener = line[lead:] if lead else line
        ch = opener[0]
        count = len(opener) - len(opener.lstrip(ch))
        if ch == "`" and "`" in opener[count:]:
            return False  # not a fence in CommonMark (inline code)
        fence = ch * 3
        outside.append("")
        i += 1
        while i < n:
            body = lines[i]
            outside.append("")
            i += 1
            stripped = body.lstrip()
            if lead and stripped and body[:lead] != " " * lead:
                return False  # less indented than an indented opener: maybe the end of its list item
            if stripped.startswith(fence):  # the line reader closes the fence here: CommonMark must too
                indent = len(body) - len(stripped)
                k = len(stripped) - len(stripped.lstrip(ch))
                if indent > 3 or indent < lead or body[:indent] != " " * indent or k < count or stripped[k:].strip(" "):
                    return False
                break
    return not has_structure("\n".join(outside))


# a line that starts with one of these and holds none of ":*_|" is what _plain_line calls plain: no
# indent, list marker, HTML, quote, heading (a Jira "h2." starts with "h"), rule or table, and nothing
# a label could be read from; most lines of a commit body are such prose
_PROSE_LEAD = frozenset("abcdefgijklmnopqrstuvwxyzABCDEFGIJKLMNOPQRSTUVWXYZ")


def _plain_line(line: str, names: frozenset[str]) -> bool:
    """A line outside fences that CommonMark reads as paragraph text or a plain list item, naming no field."""
    if line.startswith(("    ", "\t")):
        return False  # indented code, or a list item's continuation: leave it to the parser
    stripped = rest = line.lstrip()
    while rest[:1] in _MARKER_FIRST:  # the content after any list markers
        m = _MARKER.match(rest)
        if m is None:
            break
        if "\t" in m.group(1) or len(m.group(1)) > 4:
            return False  # a list item that starts with indented code
        rest = rest[m.end() :]
    if rest[:1] in ("<", ">", "#", "|") or (rest and not rest.strip("=-*_ \t")):
        return False  # HTML, quote, heading, table, rule or setext underline
    if "|" in rest and not rest.strip("|-: \t"):
        return False  # a table's delimiter row
    if rest[:1] in ("h", "H") and _JIRA.match(rest):
        return False
    if ":" in rest or ("*" in rest and "**" in rest) or ("_" in rest and "__" in rest):
        for view in (stripped, rest) if rest is not stripped else (rest,):
            lab = label_of(view)
            if lab is not None and lab[0] in names:
                return False
    return True


def parser():
    """The CommonMark parser, built once. Without the core ``inline`` rule (and ``text_join``, which
    joins what it makes): :func:`parse` reads the block tokens and an inline token's ``content``,
    which the block rules write; the inline rules only fill ``children``, never read here. That
    halves the parse of a commit body."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt

        _MD = MarkdownIt("commonmark", {"html": True}).enable("table").disable(["inline", "text_join"])
    return _MD


def _row_text(header: list[str], row: list[str], names: frozenset[str]) -> str:
    """A table row as one line: 'Name: rest' when its first cell names a field, else 'Header: cell; ...'."""
    if row and (label := label_of(row[0] + ":")) is not None and label[0] in names:
        return f"{row[0]}: " + "; ".join(c for c in row[1:] if c)
    if header and len(header) == len(row):
        return "; ".join(f"{h}: {c}" for h, c in zip(header, row, strict=True) if c)
    return "; ".join(c for c in row if c)


def parse(
    text: str, names: frozenset[str], first_line: int = 1
) -> tuple[list[tuple[str, str, int, int]], list[tuple[int, int]]]:
    """``(stream, hidden)``: the field stream of ``text`` and the 0-based ``[start, end)`` line
    ranges of code, quotes and HTML blocks."""
    text = strip_comments(text)
    tokens = parser().parse(text)
    out: list[tuple[str, str, int, int]] = []
    hidden: list[tuple[int, int]] = []
    quote = lists = 0
    pending = ""  # what the next inline token is: heading | para | cell
    heading_level = 0
    item_level: int | None = None
    header: list[str] = []
    row: list[str] = []
    in_head = False
    row_line = 0
    para_line = 0
    for t in tokens:
        ty = t.type
        if ty == "blockquote_open":
            if quote == 0 and t.map:
                hidden.append((t.map[0], t.map[1]))
            quote += 1
            continue
        if ty == "blockquote_close":
            quote -= 1
            if quote == 0:
                out.append((BREAK, "", first_line + (t.map[0] if t.map else 0), 0))
            continue
        if quote:
            continue
        if ty in ("fence", "code_block", "html_block"):
            if t.map:
                hidden.append((t.map[0], t.map[1]))
                out.append((BREAK, "", first_line + t.map[0], 0))
        elif ty == "heading_open":
            pending, heading_level = "heading", int(t.tag[1])
            para_line = t.map[0] if t.map else 0
        elif ty == "paragraph_open":
            pending = "para"
            para_line = t.map[0] if t.map else 0
        elif ty == "inline":
            if pending == "heading":
                out.append((HEADING, t.content, first_line + para_line, heading_level))
            elif pending == "para":
                for k, line in enumerate(t.content.split("\n")):
                    if k == 0 and item_level is not None:
                        out.append((ITEM, line, first_line + para_line, item_level))
                        item_level = None
                    else:
                        out.append((TEXT, line, first_line + para_line + k, 0))
            elif pending == "cell":
                row.append(t.content.strip())
            pending = ""
        elif ty == "paragraph_close":
            if lists == 0:
                out.append((BREAK, "", first_line + para_line, 0))
        elif ty in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif ty in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
            if lists == 0:
                out.append((BREAK, "", first_line + para_line, 0))
        elif ty == "list_item_open":
            item_level = lists - 1
        elif ty == "list_item_close":
            item_level = None
        elif ty == "hr":
            out.append((BREAK, "", first_line + (t.map[0] if t.map else 0), 0))
        elif ty == "thead_open":
            in_head, header = True, []
        elif ty == "thead_close":
            in_head = False
        elif ty == "tr_open":
            row, row_line = [], t.map[0] if t.map else row_line
        elif ty in ("th_open", "td_open"):
            pending = "cell"
        elif ty == "tr_close":
            if in_head:
                header = row
            else:
                out.append((ROW, _row_text(header, row, names), first_line + row_line, 0))
        elif ty == "table_close":
            out.append((BREAK, "", first_line + row_line, 0))
    return out, hidden


def hidden_lines(hidden: list[tuple[int, int]]) -> set[int]:
    lines: set[int] = set()
    for a, b in hidden:
        lines.update(range(a, b))
    return lines


__all__ = ["has_structure", "only_fences", "parse", "hidden_lines", "HEADING", "TEXT", "ITEM", "ROW", "BREAK"]

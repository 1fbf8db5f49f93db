"""Working backwards: a feature links the press release / PR-FAQ it started from.

The link is a URL or a path in the repository, either on a line that names the
document ("PR-FAQ: https://...", "[press release](docs/prfaq/reorder.md)") or
with the name in the link itself (``docs/prfaq/reorder.md``,
``.../working-backwards/...``). Code and quotes do not count (they are not in
the prose).
"""

from __future__ import annotations

import re

from custlint.core.lazyre import lazy
from custlint.core.record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from custlint.analysis.analyzer import Analysis

NAME = lazy(r"pr[ _/-]?faq|press[ _-]?release|working[ _-]?backwards", re.IGNORECASE)
LINK = lazy(
    r"https?://[^\s<>()\[\]]{3,2000}|\]\([^\s()]{1,2000}\)|(?<![\w/])(?:\.{0,2}/)?(?:[\w.-]{1,100}/){0,20}[\w.-]{1,100}"
    r"\.(?:md|markdown|rst|adoc|txt|docx?|pdf|html?)\b|\[\[[^\]\n]{1,200}\]\]|\b[A-Z][A-Z0-9_]{1,20}-\d{1,9}\b"
)


class PrfaqLink(Record):
    __slots__ = ("link", "named_line", "named_text")

    def __init__(self, link: str, named_line: int | None, named_text: str) -> None:
        self.link = link  # the URL or path, or ""
        self.named_line = named_line  # a line that names a PR-FAQ without linking one
        self.named_text = named_text


def find_link(a: Analysis) -> PrfaqLink:
    from custlint.analysis.placeholders import is_placeholder

    for f in a.fields("prfaq"):
        if is_placeholder(f.text):
            return PrfaqLink("", f.line, f.text)
        m = LINK.search(f.text)
        if m:
            return PrfaqLink(m.group(0), None, "")
        return PrfaqLink("", f.line, f.text)
    prose = a.prose
    low = a.lower
    if "faq" not in low and "press" not in low and "backwards" not in low:
        return PrfaqLink("", None, "")
    named: tuple[int, str] | None = None
    for n, line in enumerate(prose.split("\n")):
        if not NAME.search(line):
            continue
        for m in LINK.finditer(line):
            return PrfaqLink(m.group(0), None, "")
        named = named or (n + 1, line.strip())
    if named:
        return PrfaqLink("", a.doc.file_line(named[0]), named[1])
    return PrfaqLink("", None, "")

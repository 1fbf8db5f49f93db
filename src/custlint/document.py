"""A parsed document: plain data that every source produces and every rule reads.

Sources build documents; :mod:`custlint.analysis` reads them once and caches the
result on ``doc.analysis``; rules never re-parse text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Trailer:
    key: str
    value: str
    line: int  # 1-based line in the document's text

    @property
    def norm_key(self) -> str:
        return self.key.lower()


@dataclass
class Document:
    kind: str  # commit | pr | ticket
    subject: str  # SHA, PR number, ticket id, or the message file
    title: str
    body: str = ""
    trailers: list[Trailer] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    author: str = ""
    author_email: str = ""
    author_is_bot: bool = False
    parents: int = 1  # commits only; >1 is a merge
    type: str = ""  # conventional-commit type, PR type, or ticket type (bug, feature, ...)
    status: str = ""  # tickets and PRs: open, done, ...
    draft: bool = False
    path: str = ""  # a real file findings can point at
    line_offset: int = 0  # line of the title in ``path`` minus 1
    line_map: list[int] | None = None  # text line (0-based) -> line in path (1-based)
    extra: dict[str, Any] = field(default_factory=dict)
    _analysis: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        """Title and body as one text, the way rules with patterns see it."""
        return f"{self.title}\n\n{self.body}" if self.body else self.title

    def file_line(self, text_line: int) -> int:
        """Map a 1-based line of :attr:`text` to a line of :attr:`path`."""
        if self.line_map is not None and 0 < text_line <= len(self.line_map):
            return self.line_map[text_line - 1]
        return text_line + self.line_offset

    @property
    def analysis(self):
        """The cached analysis (with default settings unless the engine set others)."""
        from custlint.analysis import analyze

        return self._analysis if self._analysis is not None else analyze(self)

    def trailer(self, *names: str) -> Trailer | None:
        wanted = {n.lower() for n in names}
        for t in self.trailers:
            if t.norm_key in wanted:
                return t
        return None

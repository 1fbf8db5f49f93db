"""A parsed document: plain data that every source produces and every rule reads.

Sources build documents; :func:`custlint.analysis.analyzer.analyze` reads them once and caches
the result in ``doc._analysis``; rules never re-parse text. Nothing here imports the analysis.
"""

from __future__ import annotations

from custlint.core.record import Record


class Trailer(Record):
    __slots__ = ("key", "value", "line")

    def __init__(self, key: str, value: str, line: int) -> None:
        self.key = key
        self.value = value
        self.line = line  # 1-based line in the document's text

    @property
    def norm_key(self) -> str:
        return self.key.lower()


class Document(Record):
    __slots__ = (
        "kind",
        "subject",
        "title",
        "body",
        "trailers",
        "labels",
        "author",
        "author_email",
        "author_is_bot",
        "parents",
        "type",
        "status",
        "draft",
        "path",
        "line_offset",
        "line_map",
        "extra",
        "_analysis",
    )

    def __init__(
        self,
        kind: str,
        subject: str,
        title: str,
        body: str = "",
        trailers: list[Trailer] | None = None,
        labels: list[str] | None = None,
        author: str = "",
        author_email: str = "",
        author_is_bot: bool = False,
        parents: int = 1,
        type: str = "",
        status: str = "",
        draft: bool = False,
        path: str = "",
        line_offset: int = 0,
        line_map: list[int] | None = None,
        extra: dict | None = None,
        _analysis=None,
    ) -> None:
        self.kind = kind  # commit | pr | ticket
        self.subject = subject  # SHA, PR number, ticket id, or the message file
        self.title = title
        self.body = body
        self.trailers = [] if trailers is None else trailers
        self.labels = [] if labels is None else labels
        self.author = author
        self.author_email = author_email
        self.author_is_bot = author_is_bot
        self.parents = parents  # commits only; >1 is a merge
        self.type = type  # conventional-commit type, PR type, or ticket type (bug, feature, ...)
        self.status = status  # tickets and PRs: open, done, ...
        self.draft = draft
        self.path = path  # a real file findings can point at
        self.line_offset = line_offset  # line of the title in ``path`` minus 1
        self.line_map = line_map  # text line (0-based) -> line in path (1-based)
        self.extra = {} if extra is None else extra
        self._analysis = _analysis  # set by custlint.analysis.analyzer.analyze

    @property
    def text(self) -> str:
        """Title and body as one text, the way rules with patterns see it."""
        return f"{self.title}\n\n{self.body}" if self.body else self.title

    def file_line(self, text_line: int) -> int:
        """Map a 1-based line of :attr:`text` to a line of :attr:`path`."""
        if self.line_map is not None and 0 < text_line <= len(self.line_map):
            return self.line_map[text_line - 1]
        return text_line + self.line_offset

    def trailer(self, *names: str) -> Trailer | None:
        wanted = {n.lower() for n in names}
        for t in self.trailers:
            if t.norm_key in wanted:
                return t
        return None

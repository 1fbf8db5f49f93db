"""What a document says, worked out once per document and cached on it.

Rules are cheap predicates over an :class:`Analysis`; every property here is
computed on first use, so a rule that needs only the ticket references never
pays for the KPI reading.
"""

from __future__ import annotations

from typing import Any

from dataclasses import dataclass, field
from functools import cached_property

from custlint import vocab
from custlint.document import Document
from custlint.refs import Ref, find_refs
from custlint.sections import Field, read_fields


@dataclass(frozen=True)
class Settings:
    """The parts of the config that the analysis reads, frozen once per run."""

    projects: tuple[str, ...] = ()
    not_keys: tuple[str, ...] = ()
    personas: frozenset[str] = frozenset(vocab.DEFAULT_PERSONAS)
    problem_names: frozenset[str] = vocab.PROBLEM_SET
    kpi_names: frozenset[str] = vocab.KPI_SET
    config: Any = field(default=None, compare=False, hash=False)  # the whole Config, for checks that need more

    @classmethod
    def from_config(cls, config) -> "Settings":
        return cls(
            config=config,
            projects=tuple(config.get("ticket-projects", ())),
            not_keys=tuple(config.get("not-ticket-keys", ())),
            personas=frozenset(vocab.DEFAULT_PERSONAS) | {p.lower() for p in config.get("personas", ())},
        )


DEFAULT_SETTINGS = Settings()


def analyze(doc: Document, settings: Settings = DEFAULT_SETTINGS) -> "Analysis":
    """The cached analysis of ``doc``."""
    a = doc._analysis
    if a is None or a.settings is not settings:
        a = doc._analysis = Analysis(doc, settings)
    return a


def _strip_code(text: str) -> str:
    """Blank out fenced code blocks and inline code (keeps line numbers)."""
    if "`" not in text and "~~~" not in text:
        return text
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            out.append("")
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append("")
            continue
        if "`" in line:
            parts = line.split("`")
            line = "".join(p if k % 2 == 0 else " " * len(p) for k, p in enumerate(parts))
        out.append(line)
    return "\n".join(out)


class Analysis:
    def __init__(self, doc: Document, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.doc = doc
        self.settings = settings

    def memo(self, name: str, compute):
        """``compute(self)`` once per document, for analyses that live in their own modules
        (``a.memo("done_claims", find_done_claims)``), so adding one never touches this file."""
        cache = self.__dict__.setdefault("_memo", {})
        if name not in cache:
            cache[name] = compute(self)
        return cache[name]

    # -- text ---------------------------------------------------------------
    @cached_property
    def prose(self) -> str:
        """Title and body without code: what the author claims in words."""
        return _strip_code(self.doc.text)

    # -- references -----------------------------------------------------------
    @cached_property
    def refs(self) -> list[Ref]:
        s = self.settings
        return find_refs(self.prose, projects=s.projects, not_keys=s.not_keys)

    # -- fields ---------------------------------------------------------------
    @cached_property
    def _fields(self) -> tuple[list[Field], list[Field]]:
        doc, s = self.doc, self.settings
        problem: list[Field] = []
        kpi: list[Field] = []
        for t in doc.trailers:
            key = vocab.norm_name(t.key.replace("-", " "))
            if key in s.problem_names:
                problem.append(Field(key, t.value, t.line, "trailer"))
            elif key in s.kpi_names:
                kpi.append(Field(key, t.value, t.line, "trailer"))
        body = doc.body
        if body and (":" in body or "#" in body or "\n=" in body or "\n-" in body):
            trailer_lines = {t.line for t in doc.trailers}
            names = s.problem_names | s.kpi_names
            for f in read_fields(body, names, first_line=3):
                f.line = doc.file_line(f.line)
                if f.how == "label" and f.line in trailer_lines:
                    continue  # already taken as a trailer
                (problem if f.name in s.problem_names else kpi).append(f)
        return problem, kpi

    @property
    def problem_fields(self) -> list[Field]:
        return self._fields[0]

    @property
    def kpi_fields(self) -> list[Field]:
        return self._fields[1]

    @cached_property
    def problem(self) -> Field | None:
        return _first_substantive(self.problem_fields)

    @cached_property
    def kpi(self) -> Field | None:
        return _first_substantive(self.kpi_fields)

    @cached_property
    def problem_placeholder(self) -> Field | None:
        """A customer-problem field that holds only a placeholder (TBD, N/A, ...)."""
        if self.problem is not None:
            return None
        return next((f for f in self.problem_fields if is_placeholder(f.text)), None)

    @cached_property
    def kpi_placeholder(self) -> Field | None:
        if self.kpi is not None:
            return None
        return next((f for f in self.kpi_fields if is_placeholder(f.text)), None)

    # -- links ----------------------------------------------------------------
    @cached_property
    def problem_linked(self) -> bool:
        """A customer problem is named inline or a ticket that should hold it is referenced."""
        return self.problem is not None or bool(self.refs)

    @cached_property
    def kpi_linked(self) -> bool:
        return self.kpi is not None or bool(self.refs)

    # -- skip -----------------------------------------------------------------
    @cached_property
    def skip(self) -> tuple[bool, str] | None:
        """``(True, reason)`` for a ``Custlint-Skip:`` trailer, None without one."""
        t = self.doc.trailer(vocab.SKIP_TRAILER)
        if t is None:
            return None
        return True, t.value.strip()


def is_placeholder(text: str) -> bool:
    text = text.strip()
    return not text or bool(vocab.PLACEHOLDERS.match(text)) or (text.startswith("<") and text.endswith(">"))


def _first_substantive(fields: list[Field]) -> Field | None:
    for f in fields:
        if not is_placeholder(f.text):
            return f
    return None

"""A press release / PR-FAQ document: does it have what working backwards needs?

A PR-FAQ (Amazon's "press release and frequently asked questions") is written
before the code: a **headline** a customer would read, the **customer
problem**, the **solution**, a **customer quote**, and an **FAQ**. The document
is Markdown; sections are found by their headings (any level), the headline is
the first line (a ``# Heading``) unless that is only "PR-FAQ" / "Press release",
then a "Headline" section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from custlint.analysis.vocab import PROBLEM_SET, norm_name
from custlint.core.lazyre import lazy
from custlint.document import markdown as _md
from custlint.document.sections import HEADING, strip_comments

if TYPE_CHECKING:
    from custlint.analysis.analyzer import Analysis

GENERIC_TITLES = frozenset(
    {"pr faq", "prfaq", "pr-faq", "press release", "pr faq document", "title", "headline", "draft"}
)
HEADLINE = frozenset({"headline", "title", "heading"})
SOLUTION = frozenset(
    {
        "solution",
        "the solution",
        "our solution",
        "how it works",
        "proposed solution",
        "what we are building",
        "the product",
        "product",
        "approach",
        "how does it work",
        "what we built",
        "what it does",
    }
)
QUOTE = frozenset(
    {
        "customer quote",
        "customer quotes",
        "quote",
        "quotes",
        "what customers say",
        "testimonial",
        "testimonials",
        "customer testimonial",
        "quote from a customer",
        "a customer says",
    }
)
PROBLEM = PROBLEM_SET | {"problem", "the problem", "the customer problem", "customer problem"}
_QUOTED = lazy(r"[“\"][^”\"\n]{15,600}[”\"][ \t]*(?:[-–—]{1,2}|,? ?says|,? ?said)")
_QUESTION = lazy(r"\?[ \t*_]*$|^[ \t>*_-]*(?:q|question)[ \t]*[:.)\d]", re.IGNORECASE | re.MULTILINE)


@dataclass
class PrfaqDoc:
    headline: str = ""
    sections: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)  # kind -> (heading, line, text)
    has_blockquote: bool = False
    quoted: bool = False


def _kind(name: str) -> str:
    if name in PROBLEM:
        return "problem"
    if name in SOLUTION:
        return "solution"
    if name in QUOTE:
        return "quote"
    if name in HEADLINE:
        return "headline"
    if "faq" in name or "frequently asked" in name or name.endswith("questions"):
        return "faq"
    return ""


def read(a: Analysis) -> PrfaqDoc:
    doc = a.doc
    out = PrfaqDoc()
    title = doc.title.lstrip("#").strip().strip("*_").strip()
    if title and norm_name(title) not in GENERIC_TITLES:
        out.headline = title
    body = doc.body
    stream, hidden = _md.parse(body, frozenset(), first_line=3)
    lines = strip_comments(body).split("\n")
    for start, end in hidden:
        if any(lines[i].lstrip().startswith(">") and lines[i].strip(" >") for i in range(start, min(end, len(lines)))):
            out.has_blockquote = True
    out.quoted = bool(_QUOTED.search(a.prose))
    current: tuple[str, str, int, int] | None = None  # kind, heading, line, level
    buf: list[str] = []

    def close() -> None:
        if current is not None and current[0]:
            out.sections.setdefault(current[0], []).append((current[1], current[2], "\n".join(buf).strip()))

    for kind, text, line, level in stream:
        if kind == HEADING:
            name = norm_name(text)
            k = _kind(name)
            if current is not None and level > current[3] and not k:
                buf.append(text)
                continue
            close()
            current, buf = (k, text.strip(), doc.file_line(line), level), []
            if not out.headline and name not in GENERIC_TITLES and not k and level <= 2:
                out.headline = text.strip()
            continue
        if current is not None and text.strip():
            buf.append(text)
    close()
    if not out.headline:
        for _, _, text in out.sections.get("headline", []):
            if text:
                out.headline = text.splitlines()[0]
                break
    return out


def has_question(text: str) -> bool:
    return bool(_QUESTION.search(text))

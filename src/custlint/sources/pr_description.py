"""A PR or MR description as a :class:`Document`, whichever CI (or flag) it came from."""

from __future__ import annotations

import sys
from pathlib import Path

from custlint.core.files import read_regular, read_stream, shown
from custlint.document.message import conventional_type, parse_trailers
from custlint.document.model import Document
from custlint.errors import UserError

# where a repository keeps its PR/MR template: findings about a description point here (line 1)
TEMPLATE_PATHS = (
    ".github/pull_request_template.md",
    ".github/PULL_REQUEST_TEMPLATE.md",
    "pull_request_template.md",
    "PULL_REQUEST_TEMPLATE.md",
    "docs/pull_request_template.md",
    "docs/PULL_REQUEST_TEMPLATE.md",
    ".gitlab/merge_request_templates/Default.md",
    ".gitlab/merge_request_templates/default.md",
)


def normalise(text: str | None) -> str:
    """GitHub sends CRLF line ends and may send null; a BOM or trailing blank lines mean nothing."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.strip("\n")


def pr_document(
    *,
    title: str | None,
    body: str | None,
    subject: str,
    labels: list[str] | None = None,
    target: str = "",
    draft: bool = False,
    author: str = "",
    author_is_bot: bool = False,
    extra: dict | None = None,
) -> Document:
    """A ``kind="pr"`` document. Lines are numbered as in the description (the title is line 1 too)."""
    title = " ".join((title or "").split())
    body = normalise(body)
    body_lines = body.split("\n") if body else []
    # the document's text is "title\n\nbody": text line k+2 is description line k
    line_map = [1, 1] + list(range(1, len(body_lines) + 1))
    trailers = parse_trailers([title, "", *body_lines]) if body_lines else []
    for t in trailers:
        t.line = line_map[t.line - 1]
    ptype, _ = conventional_type(title)
    doc = Document(
        kind="pr",
        subject=subject,
        title=title,
        body=body,
        trailers=trailers,
        labels=[lab for lab in (labels or []) if lab],
        author=author,
        author_is_bot=author_is_bot,
        type=ptype,
        status="open",
        draft=draft,
        line_map=line_map,
        extra=dict(extra or {}),
    )
    doc.extra["target_branch"] = (target or "").removeprefix("refs/heads/")
    return doc


def read_body_file(name: str) -> str:
    """``--body-file``: a file, or ``-`` for stdin (the only time custlint reads stdin)."""
    try:
        data = read_stream(sys.stdin.buffer) if name == "-" else read_regular(name)
    except FileNotFoundError:
        raise UserError(
            f"--body-file {shown(name)}: no such file; pass the description's file, or - to read stdin"
        ) from None
    except OSError as exc:
        raise UserError(f"--body-file {shown(name)}: cannot read it: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"--body-file {shown(name)}: not UTF-8 text; save the description as UTF-8") from None


def find_template(root: Path) -> str | None:
    """The repository's PR/MR template, relative to ``root``, if it has one."""
    for rel in TEMPLATE_PATHS:
        if (root / rel).is_file():
            return rel
    for folder in (".github/PULL_REQUEST_TEMPLATE", ".gitlab/merge_request_templates"):
        d = root / folder
        if d.is_dir():
            for p in sorted(d.glob("*.md")):
                return p.relative_to(root).as_posix()
    return None

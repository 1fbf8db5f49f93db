"""Work that is exempt from the link rules, reported as exempt rather than passed in silence."""

from __future__ import annotations

from custlint.document.model import Document

_MARKERS = ("fixup! ", "squash! ", "amend! ")


def exemption(doc: Document, *, exempt_types: frozenset[str], bots: frozenset[str],
              skip: tuple[bool, str] | None, exempt_drafts: bool = False) -> str | None:
    """Why ``doc`` is exempt, or None."""
    if exempt_drafts and doc.draft:
        return 'draft (draft-prs = "exempt")'
    if doc.kind == "commit":
        if doc.parents > 1:
            return "merge commit"
        title = doc.title
        if title.startswith('Revert "') or title.startswith("Reapply \""):
            return "revert"
        for marker in _MARKERS:
            if title.startswith(marker):
                return f"{marker[:-2]} commit"
    if doc.type and doc.type in exempt_types and doc.kind in ("commit", "pr"):
        return f"type '{doc.type}'"
    if doc.author_is_bot or is_bot(doc.author, doc.author_email, bots):
        return f"bot author {doc.author or doc.author_email}"
    if skip is not None and skip[1]:
        return f"Custlint-Skip: {skip[1]}"
    return None


def is_bot(author: str, email: str, bots: frozenset[str]) -> bool:
    """An author (name or e-mail) in ``bots``, or any name ending in ``[bot]``."""
    author = author.lower()
    email = email.lower()
    return author.endswith("[bot]") or bool(author and author in bots) or bool(email and email in bots)

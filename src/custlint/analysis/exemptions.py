"""Work that is exempt from the link rules, reported as exempt rather than passed in silence."""

from __future__ import annotations

from custlint.core.lazyre import lazy
from custlint.document.model import Document

_MARKERS = ("fixup! ", "squash! ", "amend! ")

# The subjects git, GitHub and GitLab write for a merge, and only those: "Merge duplicate accounts
# on sign-up" is a feature's title. git's fmt-merge-msg writes
#   Merge <source>[; <source>...][ into <branch>]
# where a source is "HEAD" and/or groups of quoted names -- branch 'a' / branches 'a', 'b' and 'c',
# remote-tracking branch(es), tag(s), commit(s) -- joined by ", ", then " of <repository>" when
# fetched from one (git pull); or, pulling a repository's HEAD, just its URL. GitLab writes
# "Merge branch 'x' into 'y'", GitHub "Merge pull request #N from owner/branch".
_Q = r"'[^'\n]+'"


def _group(one: str, many: str) -> str:
    return rf"(?:{one} {_Q}|{many} {_Q}(?:, {_Q})* and {_Q})"


_GROUP = (
    "(?:"
    + "|".join(
        (
            _group("branch", "branches"),
            _group("remote-tracking branch", "remote-tracking branches"),
            _group("tag", "tags"),
            _group("commit", "commits"),
        )
    )
    + ")"
)
_SOURCE = rf"(?:(?:HEAD|{_GROUP})(?:, {_GROUP})*(?: of \S+)?|[a-z][a-z0-9+.-]*://\S+)"
_MERGE_SUBJECT = lazy(rf"Merge (?:{_SOURCE}(?:; {_SOURCE})*(?: into (?:{_Q}|\S+))?|pull request #[0-9]+ from \S+)")


def is_merge_subject(title: str) -> bool:
    """``title`` is a merge subject git, GitHub or GitLab wrote (not a title that starts with "Merge")."""
    return title.startswith("Merge ") and _MERGE_SUBJECT.fullmatch(title) is not None


def exemption(
    doc: Document,
    *,
    exempt_types: frozenset[str],
    bots: frozenset[str],
    skip: tuple[bool, str] | None,
    exempt_drafts: bool = False,
) -> str | None:
    """Why ``doc`` is exempt, or None."""
    if exempt_drafts and doc.draft:
        return 'draft (draft-prs = "exempt")'
    if doc.kind == "commit":
        if doc.parents > 1:
            return "merge commit"
        if (
            doc.extra.get("git_state") == "merge"
        ):  # the hook, while git has MERGE_HEAD: the commit being made is a merge
            return "merge commit (in progress)"
        title = doc.title
        if is_merge_subject(title):  # a merge whose parents are not known (a shallow clone's edge) or not read
            return "merge commit (git's merge subject)"
        if title.startswith('Revert "') or title.startswith('Reapply "'):
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

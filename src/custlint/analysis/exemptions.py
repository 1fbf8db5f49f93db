"""Work that is exempt from the link rules, reported as exempt rather than passed in silence."""

from __future__ import annotations

from custlint.core.lazyre import lazy
from custlint.document.model import Document

_MARKERS = ("fixup! ", "squash! ", "amend! ")
_REVERTS = ('Revert "', 'Reapply "')

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


# what a commit's title may open with to be exempt (a merge subject, fixup!/squash!/amend!, a revert):
# one startswith of the title for the common case, which opens with none of them
_EXEMPT_OPENINGS = ("Merge ", *_MARKERS, *_REVERTS)


class Policy:
    """The config's exemptions, worked out once per engine (:class:`~custlint.engine.evaluator.Engine`):
    :meth:`why` a document is exempt. ``patterns``: :func:`exempt_patterns`; ``labels``: :func:`skip_labels`."""

    __slots__ = ("exempt_types", "bots", "exempt_drafts", "patterns", "labels")

    def __init__(
        self,
        *,
        exempt_types: frozenset[str],
        bots: frozenset[str],
        exempt_drafts: bool = False,
        patterns: tuple = (),
        labels: frozenset[str] = frozenset(),
    ) -> None:
        self.exempt_types = exempt_types
        self.bots = bots
        self.exempt_drafts = exempt_drafts
        self.patterns = patterns
        self.labels = labels

    def why(self, doc: Document, a) -> str | None:
        """Why ``doc`` is exempt, or None; ``a`` is its analysis (``a.skip``: its ``Custlint-Skip:``
        trailer, read only when the document has trailers: without any it has none)."""
        if self.exempt_drafts and doc.draft:
            return 'draft (draft-prs = "exempt")'
        kind = doc.kind
        if kind == "commit":
            if doc.parents > 1:
                return "merge commit"
            # the hook, while git has MERGE_HEAD: the commit being made is a merge
            if doc.extra.get("git_state") == "merge":
                return "merge commit (in progress)"
            title = doc.title
            if title.startswith(_EXEMPT_OPENINGS):
                why = _title_exemption(title)
                if why is not None:
                    return why
        elif kind == "pr" and doc.title.startswith(_REVERTS):
            return "revert"  # the pull request GitHub's Revert button opens
        if doc.type and doc.type in self.exempt_types and kind in ("commit", "pr"):
            return f"type '{doc.type}'"
        if doc.author_is_bot or is_bot(doc.author, doc.author_email, self.bots):
            return f"bot author {doc.author or doc.author_email}"
        skip = a.skip if doc.trailers else None  # (a.skips reads the trailers: none, no skip)
        if skip is not None and skip[1]:
            return f"Custlint-Skip: {skip[1]}"
        if self.labels and kind == "pr":  # (skip_label: a PR's labels only)
            label = skip_label(doc, self.labels)
            if label is not None:
                reason = skip_label_reason(doc, skip)
                if reason:  # without one the PR is judged, and CP106 says the reason is missing
                    return f"label '{label}': {reason}"
        if self.patterns:
            return pattern_exemption(doc, self.patterns)
        return None


def _title_exemption(title: str) -> str | None:
    """Why a commit whose title opens with one of :data:`_EXEMPT_OPENINGS` is exempt, or None (a
    title that opens with "Merge " but is no merge subject)."""
    # a merge whose parents are not known (a shallow clone's edge) or not read
    if title.startswith("Merge ") and is_merge_subject(title):
        return "merge commit (git's merge subject)"
    for marker in _MARKERS:
        if title.startswith(marker):
            return f"{marker[:-2]} commit"
    if title.startswith(_REVERTS):
        return "revert"  # git's revert and reapply subjects
    return None


def is_bot(author: str, email: str, bots: frozenset[str]) -> bool:
    """An author (name or e-mail) in ``bots``, or any name ending in ``[bot]``."""
    author = author.lower()
    email = email.lower()
    return author.endswith("[bot]") or bool(author and author in bots) or bool(email and email in bots)


# --- the config's exemptions: patterns on the title, body or author, and skip labels ------------
_SKIP_REASON_NAMES = ("skip reason", "custlint skip", "why skip")
MAX_EXEMPT_TEXT = 10_000  # characters of a body an exempt.body pattern searches (as a rule pack's pattern)


def exempt_patterns(config) -> tuple:
    """``((scope, pattern), ...)`` of ``exempt.title``, ``exempt.body`` and ``exempt.author``, checked as
    a rule pack's patterns are (untrusted text runs them) and searched bounded by time; a bad one is
    a :class:`~custlint.errors.UserError` naming the key."""
    ex = config.exempt
    if not (ex.title or ex.body or ex.author):
        return ()
    import re

    from custlint.core.regex_safety import unsafe_reason
    from custlint.core.user_pattern import UserPattern
    from custlint.errors import UserError

    out = []
    for scope, patterns in (("title", ex.title), ("body", ex.body), ("author", ex.author)):
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise UserError(
                    f"exempt.{scope}: {p!r} is not a valid regular expression ({exc}); fix it in the config"
                ) from None
            why = unsafe_reason(p)
            if why:
                raise UserError(f"exempt.{scope}: {p!r}: unsafe pattern: {why}; rewrite it in the config")
            out.append((scope, UserPattern(p)))
    return tuple(out)


def pattern_exemption(doc: Document, patterns: tuple) -> str | None:
    """The first of ``patterns`` that matches, as an exemption reason. A search that takes too long
    exempts nothing: the work is judged (the stricter outcome)."""
    from custlint.core.user_pattern import PatternTimeout

    for scope, pattern in patterns:
        texts: tuple[str, ...]
        if scope == "title":
            texts = (doc.title,)
        elif scope == "body":
            texts = (doc.body[:MAX_EXEMPT_TEXT],)
        else:
            texts = tuple(t for t in (doc.author, doc.author_email) if t)
        for text in texts:
            try:
                if pattern.search(text) is not None:
                    return f"{scope} matches exempt.{scope} {pattern.pattern!r}"
            except PatternTimeout:
                continue
    return None


def skip_label(doc: Document, labels: frozenset[str]) -> str | None:
    """The first of ``doc``'s labels that is a configured skip label (``exempt.skip-labels``)."""
    if not labels or doc.kind != "pr":
        return None
    for label in doc.labels:
        if _norm_label(label) in labels:
            return label
    return None


def _norm_label(label: str) -> str:
    """``Custlint Skip``, ``custlint-skip`` and ``custlint_skip`` are one label."""
    return "".join(label.lower().replace("-", " ").replace("_", " ").split())


def skip_labels(config) -> frozenset[str]:
    return frozenset(_norm_label(lab) for lab in config.exempt.skip_labels)


def skip_label_reason(doc: Document, skip: tuple[bool, str] | None) -> str:
    """The reason a PR's description gives for its skip label: a ``Custlint-Skip: <reason>`` line, or
    a "Skip reason" section ('' when it gives none, or a placeholder)."""
    if skip is not None and skip[1]:
        return skip[1]
    from custlint.analysis.placeholders import is_placeholder
    from custlint.analysis.vocab import norm_name
    from custlint.document.sections import read_fields

    names = frozenset(norm_name(n) for n in _SKIP_REASON_NAMES)
    for field in read_fields(doc.body, names, first_line=3):
        text = field.text.strip()
        if text and not is_placeholder(text):
            return text
    return ""

"""Commit messages as git hands them over: comments, scissors, title, body, trailers.

git runs the commit-msg hook *before* it strips ``#`` comment lines and the
``git commit -v`` scissors block, so both are removed here. A commit finished after a conflict
with ``git commit --no-edit`` keeps the ``# Conflicts:`` block git added (nothing stripped it),
and older git wrote it uncommented: that block, last in a message, is git's note, not the
message's, and is dropped as git drops it when it looks for trailers. Trailers follow
``git interpret-trailers``: ``Key: value`` lines in the last paragraph, keys of
letters, digits and ``-``, continuation lines starting with white space, and a
value starting with ``//`` is a URL, not a trailer.
"""

from __future__ import annotations

from custlint.core.lazyre import lazy
from custlint.document.model import Document, Trailer

SCISSORS = "------------------------ >8 ------------------------"
_TRAILER = lazy(r"([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)\Z")
# Conventional Commits footers: "Refs #133", "BREAKING CHANGE: x"
_CC_FOOTER = lazy(r"([A-Za-z0-9][A-Za-z0-9-]*) #(\S.*)\Z")
_GIT_TRAILERS = frozenset(("signed-off-by", "co-authored-by", "cherry picked from commit", "reviewed-by", "acked-by"))
_NUMBERS = list(range(1024))  # line numbers, cut into line maps (stored_document)
_CONVENTIONAL = lazy(r"([A-Za-z]+)(?:\([^()\r\n]*\))?(!)?: ")


def clean(raw: str, comment_char: str = "#") -> tuple[list[str], list[int]]:
    """Drop comment lines and everything from the scissors line down.

    Returns the kept lines and, for each, its 1-based line number in ``raw``.
    Trailing blank lines are dropped too, as git does.
    """
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    lines: list[str] = []
    numbers: list[int] = []
    scissors = f"{comment_char} {SCISSORS}"
    for number, line in enumerate(raw.splitlines(), 1):
        if line.startswith(comment_char):
            if line.rstrip() == scissors:
                break
            continue
        lines.append(line.rstrip())
        numbers.append(number)
    while lines and not lines[-1]:
        lines.pop()
        numbers.pop()
    while lines and not lines[0]:
        lines.pop(0)
        numbers.pop(0)
    return lines, numbers


def drop_conflicts(lines: list[str], numbers: list[int], comment_char: str = "#") -> None:
    """Drop, in place, the "Conflicts:" block git writes at the end of a message it stopped on
    (``# Conflicts:`` then ``#\t<path>`` lines; ``Conflicts:`` then ``\t<path>`` lines before
    git 2.0), with the blank lines before it. Never the title."""
    paths = (f"{comment_char}\t", "\t")
    i = len(lines)
    listed = False
    while i > 1 and (
        not lines[i - 1].strip() or lines[i - 1].rstrip() == comment_char or lines[i - 1].startswith(paths)
    ):
        listed = listed or lines[i - 1].startswith(paths)
        i -= 1
    if not (listed and i > 1 and lines[i - 1].rstrip() in ("Conflicts:", f"{comment_char} Conflicts:")):
        return
    i -= 1
    while i > 1 and not lines[i - 1].strip():
        i -= 1
    del lines[i:], numbers[i:]


def parse_trailers(lines: list[str], first_line: int = 1) -> list[Trailer]:
    """Trailers of the last paragraph of ``lines`` (``first_line`` numbers lines[0]).

    Like git: a paragraph counts as the trailer block if every line in it is a
    trailer or a continuation, or at least a quarter are and one of them is a
    trailer git itself writes (Signed-off-by, ...).
    """
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and lines[start - 1].strip():
        start -= 1
    if start == 0:  # the title paragraph is never a trailer block
        return []
    trailers: list[Trailer] = []
    more: dict[int, list[str]] | None = None  # continuation lines per trailer, joined once at the end (not quadratic)
    others = 0
    git_written = False
    trailer, footer = _TRAILER.match, _CC_FOOTER.match
    for i in range(start, end):
        line = lines[i]
        if trailers and line[:1] in (" ", "\t"):  # a continuation (none before a first trailer)
            if more is None:
                more = {}
            more.setdefault(len(trailers) - 1, []).append(line.strip())
            continue
        if ":" in line:  # each pattern tried only where its literal stands
            m = trailer(line)
            if m is not None:
                key, value = m.groups()
                if not value.startswith("//"):
                    trailers.append(Trailer(key, value.strip(), first_line + i))
                    if not git_written:
                        git_written = key.lower() in _GIT_TRAILERS
                    continue
        if " #" in line:
            m = footer(line)
            if m is not None:
                key, value = m.groups()
                trailers.append(Trailer(key, "#" + value.strip(), first_line + i))
                continue
        if line.startswith("(cherry picked from commit"):
            git_written = True
            continue
        others += 1
    if not trailers:
        return []
    if others and not (git_written and len(trailers) * 3 >= others):
        return []
    if more is not None:
        for k, parts in more.items():
            t = trailers[k]
            trailers[k] = Trailer(t.key, " ".join([t.value, *parts]).strip(), t.line)
    return trailers


def conventional_type(title: str) -> tuple[str, bool]:
    """The Conventional Commits type of a title (lower-cased) and whether it is breaking."""
    m = _CONVENTIONAL.match(title)
    if not m:
        return "", False
    return m.group(1).lower(), bool(m.group(2))


def commit_document(
    raw: str,
    subject: str,
    *,
    path: str = "",
    comment_char: str = "#",
    author: str = "",
    author_email: str = "",
    parents: int = 1,
    strip_comments: bool = True,
    extra: dict | None = None,
) -> Document:
    """Build a commit :class:`Document` from a raw message (``extra``: the document's ``extra``)."""
    if not strip_comments:
        doc = stored_document(raw, subject, author, author_email, parents, extra, path)
        if doc is not None:
            return doc
    if strip_comments:
        lines, numbers = clean(raw, comment_char)
    else:
        lines = raw.rstrip("\n").split("\n") if raw else []
        if "\r" in raw:
            lines = [ln.rstrip("\r") for ln in lines]
        numbers = list(range(1, len(lines) + 1))
        while lines and not lines[-1].strip():
            lines.pop()
            numbers.pop()
    if lines and "onflicts:" in raw:
        drop_conflicts(lines, numbers, comment_char)
    title = lines[0].strip() if lines else ""
    body_start = 1
    while body_start < len(lines) and not lines[body_start].strip():
        body_start += 1
    body = "\n".join(lines[body_start:])
    # the document's text is "title\n\nbody": map its lines back to the file
    line_map = [numbers[0] if numbers else 1, numbers[0] if numbers else 1] + numbers[body_start:]
    trailers = parse_trailers(lines)
    for t in trailers:  # trailers were numbered by index in lines; map to the file
        t.line = numbers[t.line - 1]
    ctype, _ = conventional_type(title)
    return Document(
        kind="commit",
        subject=subject,
        title=title,
        body=body,
        trailers=trailers,
        author=author,
        author_email=author_email,
        parents=parents,
        type=ctype,
        path=path,
        line_map=line_map,
        extra=extra,
    )


def stored_document(
    raw: str,
    subject: str,
    author: str = "",
    author_email: str = "",
    parents: int = 1,
    extra: dict | None = None,
    path: str = "",
) -> Document | None:
    """``commit_document(raw, subject, strip_comments=False, ...)`` in fewer steps, for a message as
    git stored it; None when it holds a ``\r`` or a ``Conflicts:`` block (then only
    :func:`commit_document`'s full path builds it). Positional, for a history's every commit."""
    if "\r" in raw or "onflicts:" in raw:
        return None
    # no line is dropped but trailing blank ones, so a line's number is its index + 1 and no list
    # of numbers is needed (commit_document's full path, shortened)
    lines = raw.rstrip("\n").split("\n") if raw else []
    while lines and not lines[-1].strip():
        lines.pop()
    n = len(lines)
    title = lines[0].strip() if n else ""
    body_start = 1
    while body_start < n and not lines[body_start].strip():
        body_start += 1
    if body_start < n:
        body = "\n".join(lines[body_start:])
        # no ':' and no ' #' in the body: no line of its last paragraph is a trailer
        trailers = parse_trailers(lines) if ":" in body or " #" in body else []
        # [1, 1, body_start + 1, ..., n]: the title's line twice (the text's blank line maps to it), then
        # the body's; cut from a list of numbers rather than built one by one
        line_map = _NUMBERS[body_start - 1 : n + 1] if n < len(_NUMBERS) else list(range(body_start - 1, n + 1))
        line_map[0] = line_map[1] = 1
    else:
        body, trailers, line_map = "", [], [1, 1]  # the title's paragraph is never a trailer block
    m = _CONVENTIONAL.match(title) if ": " in title else None  # its type ends with ": "
    # positionally (fewer steps than keywords, per commit of a history): kind, subject, title, body,
    # trailers, labels, author, author_email, author_is_bot, parents, type, status, draft, path,
    # line_offset, line_map, extra
    return Document(
        "commit",
        subject,
        title,
        body,
        trailers,
        None,
        author,
        author_email,
        False,
        parents,
        m.group(1).lower() if m else "",
        "",
        False,
        path,
        0,
        line_map,
        extra,
    )

"""Closing claims: GitHub and GitLab closing keywords and the references they close.

``Fixes #12``, ``closes owner/repo#3``, ``Resolving https://.../issues/7``, ``Implements SHOP-9``,
``Resolves [EM-250](url)``; a list of references after one keyword (``Closes #1, #2 and #3``), or
below a ``Fixes:`` that ends its line, gives one claim each. References are refs.py's: its issue
URLs of every tracker, and a Jira-style key only where it is used as one ("Fix COVID-19 banner"
claims nothing). The scan is linear: a keyword is found by one pass of a keyword pattern over the
lower-cased line, and the references after it by a loop that reads one bounded reference anchored
where it stands, then spaces and a separator, then the next (issue 15).
"""

from __future__ import annotations

from custlint.core.lazyre import lazy
from custlint.core.record import Record
from custlint.document.refs import _BACK, _END, _ONLY_REFS, _TRACKER_PATH, KEY_DASH, _key_used_as_ref


class Claim(Record):
    __slots__ = ("kind", "text", "ref", "line")

    def __init__(self, kind: str, text: str, ref: str, line: int) -> None:
        self.kind = kind  # closing | transition | label | checkbox | status
        self.text = text  # the claim as written, shortened
        self.ref = ref  # the issue it closes or moves ("" for labels, checkboxes, status lines)
        self.line = line  # 1-based line of the document's text (0 for labels)


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


_short = short

# GitHub: close(s|d) fix(es|ed) resolve(s|d); GitLab adds the -ing forms and implement(s|ed|ing).
# Matched on the lower-cased line: one bounded alternation per position, no repeat, so a scan is linear.
_KEYWORDS = r"clos(?:e|es|ed|ing)|fix(?:es|ed|ing)?|resolv(?:e|es|ed|ing)|implement(?:s|ed|ing)?"
_KEYWORD = lazy(r"(?<![\w-])(?:" + _KEYWORDS + r")(?![\w-])")
# A line of one keyword and one number (``Closes #12``), matched whole on the lower-cased line: most
# closing lines, whose one claim lone_closing gives without the general scan.
_LONE = lazy(r"(" + _KEYWORDS + r")[ \t]+(#\d+)[ \t]*")
# One reference, matched anchored at a position (``pattern.match(line, pos)``). No pattern repeats a
# group without a bound, and a closing list is read by a loop over these (``_refs_from``), one
# reference at a time: a run of spaces, commas or keywords is read once, whatever follows it (issue 15).
# The forms are refs.py's: its tracker paths, its ``#N`` and its Jira key; ``group/sub/project#N`` as GitLab writes it.
_URL_HEAD = lazy(r"https?://[^\s<>()\[\]/]+")  # scheme and host; the path is read segment by segment
_SEGMENT = lazy(r"[^\s<>()\[\]/]+")  # a path segment is never empty: a URL ends at "//"
_TRACKER = lazy(r"(?:" + _TRACKER_PATH + r")(?=[\s).,;:>\]#/]|$)")  # at a "/" of the path
_URL_REST = lazy(r"[^\s<>()\[\]]*")  # what follows an issue's id in its URL: a fragment, a page
_URL_TOKEN = lazy(r"https?://[^\s<>()\[\]]{1,2000}")  # a URL for the config's ticket-url-patterns
_REPO_REF = lazy(r"(?<![\w/#&.-])[A-Za-z0-9][\w.-]{0,99}(?:/[\w.-]{1,100}){1,20}#\d+\b")
_NUM_REF = lazy(r"(?<![\w&#/])#\d+\b")
_KEY_REF = lazy(r"(?<![\w-])[A-Z][A-Z0-9_]+-\d+\b(?![-.]\d)")
_LINK = lazy(r"\[(?P<text>[^\[\]\n]{1,200})\]\((?P<url>[^\s()<>]{1,2000})\)")  # [text](url), bounded
_PULL = lazy(r"/(?:pull|pulls|merge_requests)/")  # a link to a pull or merge request names no issue
_SPACE = lazy(r"[ \t]*")
_ITEM = lazy(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_LIST_HEAD = lazy(r"[ \t]*(?:(?:\*\*|__)[ \t]*)?:[ \t]*(?:(?:\*\*|__)[ \t]*)?\Z")  # "Fixes:" ends its line
_PAREN_REF = lazy(r"[ \t]*\((?:#\d|[A-Z][A-Z0-9_]+-\d|https?://)")  # "fix LANG-1816 (#1589)": a reference follows
_ONLY_PUNCT = lazy(r"[ \t]*[.,;]?[ \t]*\Z")
_ONLY_BLANK = lazy(r"[ \t]*\Z")  # the rest of a line is spaces and tabs: read from a position, never copied
_REF_LEAD = frozenset("#[hABCDEFGHIJKLMNOPQRSTUVWXYZ")  # what _ref_at reads a reference at, besides _REPO_REF
_REPO_LEAD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")  # where only _REPO_REF may start (it needs a "#")


def _is_key(key: str, projects: frozenset[str], not_keys: frozenset[str]) -> bool:
    proj = key.rsplit("-", 1)[0]
    return proj in projects if projects else proj not in not_keys


def _aligned_lower(line: str) -> str:
    """``line`` lower-cased character by character, so that an offset means the same in both."""
    low = line.lower()
    if len(low) == len(line):
        return low  # every character lower-cased to one ("İ" is the exception: two)
    return "".join(c.lower()[:1] for c in line)


def _url_at(line: str, pos: int, url_patterns: tuple) -> int:
    """The end of an issue URL that starts at ``pos`` (refs.py's tracker paths, then the config's
    ``ticket-url-patterns``), or -1. The path is read once, a segment at a time."""
    m = _URL_HEAD.match(line, pos)
    if m is None:
        return -1
    at = m.end()
    while line.startswith("/", at):
        t = _TRACKER.match(line, at)
        if t is not None:
            return t.end()
        seg = _SEGMENT.match(line, at + 1)
        if seg is None:
            break  # "//" or the end: no more path
        at = seg.end()
    if url_patterns:
        tok = _URL_TOKEN.match(line, pos)
        url = tok.group(0).rstrip(".,;:")
        if any(p.search(url) for p in url_patterns):
            return pos + len(url)
    return -1


class _Ref:
    __slots__ = ("ref", "end", "key")

    def __init__(self, ref: str, end: int, key: bool) -> None:
        self.ref, self.end, self.key = ref, end, key


def _plain_ref_at(line: str, pos: int, first: bool, near: bool, keys: tuple, url_patterns: tuple) -> _Ref | None:
    """The reference (not a link) that starts at ``pos``; ``ref`` is "" for a Jira-style key that is
    no ticket there (skipped, the list goes on). ``first``: right after the keyword or a list's start;
    ``near``: right after a key that counted."""
    c = line[pos : pos + 1]
    if c == "#":
        m = _NUM_REF.match(line, pos)
        return _Ref(m.group(0), m.end(), False) if m else None
    if c == "h":
        end = _url_at(line, pos, url_patterns)
        if end >= 0:  # the reference ends at the id; the list goes on after the URL's rest (#comment-3)
            rest = line[end : _URL_REST.match(line, end).end()].rstrip(".,;:")
            return _Ref(line[pos:end], end + len(rest), False)
    if "A" <= c <= "Z":
        m = _KEY_REF.match(line, pos)
        if m is not None:
            return _Ref(m.group(0) if _key_counts(line, m, first, near, *keys) else "", m.end(), True)
    if c.isascii() and c.isalnum():
        m = _REPO_REF.match(line, pos)
        if m is not None:
            return _Ref(m.group(0), m.end(), False)
    return None


def _key_counts(line: str, m, first: bool, near: bool, projects: frozenset[str], not_keys: frozenset[str]) -> bool:
    """A Jira-style key in a closing list is a ticket: a key of ``ticket-projects`` where it is set;
    else where refs.py reads it as a reference, or, right after the keyword, where nothing more of a
    sentence follows ("Fixes SHOP-12 by ..." is a claim, "Fix COVID-19 banner" is not), and later in
    the list where only references follow; either way also before a reference in parentheses
    ("fix LANG-1816 (#1589)", a squash merge's subject)."""
    key = m.group(0)
    proj = key.rsplit("-", 1)[0]
    if projects:
        return proj in projects
    if proj in not_keys:
        return False
    start, end = m.span()
    if _key_used_as_ref(line, start, end, near, False) or _PAREN_REF.match(line, end, end + _BACK):
        return True
    return (_END if first else _ONLY_REFS).match(line, end, end + _BACK) is not None


def _ref_at(line: str, pos: int, first: bool, near: bool, keys: tuple, url_patterns: tuple) -> _Ref | None:
    """The reference at ``pos``: a plain one, or a Markdown link ``[text](url)`` whose text is one
    (that is the reference) or whose URL is an issue URL; a link to a pull request is none."""
    if not line.startswith("[", pos):
        return _plain_ref_at(line, pos, first, near, keys, url_patterns)
    m = _LINK.match(line, pos)
    if m is None or _PULL.search(m.group("url")):
        return None
    text = m.group("text")
    ts = m.start("text") + len(text) - len(text.lstrip())
    te = m.end("text") - (len(text) - len(text.rstrip()))
    if ts < te:
        r = _plain_ref_at(line, ts, True, near, keys, url_patterns)
        if r is not None and r.end == te and r.ref:
            return _Ref(r.ref, m.end(), r.key)
    us = m.start("url")
    end = _url_at(line, us, url_patterns)
    if 0 <= end <= m.end("url"):
        return _Ref(line[us:end], m.end(), False)
    return None


def _refs_from(
    line: str, pos: int, keys: tuple, url_patterns: tuple, limit: int, last_hash: int
) -> tuple[list[str], int]:
    """The references of the closing list that starts at ``pos`` and where it ends: one reference,
    then spaces, an optional ``,`` and an optional ``and`` or ``&``, then the next, up to ``limit``.
    Each step reads a bounded reference or a run of spaces once: linear in the line.

    Two shapes are answered before the loop, as it would answer them: a character no reference
    starts with (a word after "fix": a ``group/project#N`` needs a "#" further on), and a lone
    ``#N`` that ends the line ("Closes #12", most closing lines). ``last_hash``: where the line's
    last "#" is (``line.rfind("#")``, found once a line, not once a keyword)."""
    c = line[pos : pos + 1]
    if c not in _REF_LEAD and (c not in _REPO_LEAD or last_hash < pos):
        return [], pos
    if c == "#" and limit > 0:
        m = _NUM_REF.match(line, pos)
        if m is None:
            return [], pos
        end = m.end()
        if end == len(line) or _ONLY_BLANK.match(line, end) is not None:
            return [m.group(0)], end
    out: list[str] = []
    first, near, end = True, False, pos
    while len(out) < limit:
        r = _ref_at(line, pos, first, near, keys, url_patterns)
        if r is None:
            break
        if r.ref:
            out.append(r.ref)
        end = r.end
        first, near = False, r.key and bool(r.ref)
        pos = _SPACE.match(line, r.end).end()
        if line.startswith(",", pos):
            pos = _SPACE.match(line, pos + 1).end()
        if line[pos : pos + 3].lower() == "and" and not _word_char(line, pos + 3):
            pos = _SPACE.match(line, pos + 3).end()
        elif line.startswith("&", pos):
            pos = _SPACE.match(line, pos + 1).end()
    return out, end


def _word_char(line: str, pos: int) -> bool:
    c = line[pos : pos + 1]
    return bool(c) and (c.isalnum() or c == "_")


def lone_closing(line: str, low: str, number: int) -> Claim | None:
    """The one claim of a line that is a keyword, spaces and ``#N`` (``low``: the line lower-cased by
    ``_aligned_lower``), or None for any other line. closing_claims gives that line the same claim:
    its keyword scan finds the keyword at the start (a whole word: spaces follow), and the list after
    it is the number, which ends the line; nothing else of such a line claims anything (no ``[``, no
    "status", no ``#`` and a letter)."""
    m = _LONE.fullmatch(low)
    if m is None:
        return None
    ref = m.group(2)  # "#" and digits: the same in ``low``, which lower-cased them to themselves
    text = f"{line[: m.end(1)]} {ref}"  # one space and no other: short() would only cut it
    return Claim("closing", text if len(text) <= 80 else _short(text), ref, number)


def may_close(line: str) -> bool:
    """False when a closing keyword in ``line`` can close nothing, so that the scan can be left out:
    a line with no "#" (``#N``, ``group/project#N``), "[" (a link), "://" (a URL) or a capital,
    digit or "_" before "-" and a digit (a key) holds no reference, and one that does not end in
    ":", "*" or "_" before spaces has no ``Fixes:`` before a list ("lib: fix a leak", most keyword
    lines that claim nothing)."""
    return (
        "#" in line
        or "[" in line
        or "://" in line
        or ("-" in line and KEY_DASH.search(line) is not None)
        or may_list(line)
    )


def may_list(line: str) -> bool:
    """False when no keyword of ``line`` heads a list below (``Fixes:`` ends its line, _LIST_HEAD):
    the line does not end in ":", "*" or "_" before spaces. closing_claims reads no other row then."""
    return line.endswith((":", "*", "_")) or (
        line.endswith((" ", "\t")) and line.rstrip(" \t").endswith((":", "*", "_"))
    )


def closing_claims(
    lines: list[str], row: int, line: str, low: str, keys: tuple, url_patterns: tuple, room: int, listed: list[int]
) -> list[Claim]:
    """The closing claims of ``line`` (row ``row`` of ``lines``): each keyword candidate, found by one
    linear scan of the lower-cased line, with the references that follow it; a keyword ending its
    line with ``:`` (``Fixes:``) also takes the list of references on the lines below.
    ``listed[0]``: the row after the last list read; a ``Fixes:`` inside that list starts none.

    A line may_close() says no to claims nothing: it is not scanned."""
    if not may_close(line):
        return []
    out: list[Claim] = []
    number = row + 1
    done_to = 0  # a keyword inside a list already read (a URL's ".../fixes/...") starts nothing
    last_hash = line.rfind("#")  # found once: a keyword after the line's last "#" has no group/project#N
    for k in _KEYWORD.finditer(low):
        if len(out) >= room:
            break
        if k.start() < done_to:
            continue
        kw = line[k.start() : k.end()]
        pos = _SPACE.match(line, k.end()).end()
        if line.startswith((":", "**", "__"), pos) and _LIST_HEAD.match(line, pos):
            if row >= listed[0]:
                out.extend(_list_below(lines, row, kw, keys, url_patterns, room - len(out), listed))
            break  # nothing follows on this line
        if line.startswith(":", pos):
            pos = _SPACE.match(line, pos + 1).end()
        refs, end = _refs_from(line, pos, keys, url_patterns, room - len(out), last_hash)
        for ref in refs:
            out.append(Claim("closing", _short(f"{kw} {ref}"), ref, number))
        done_to = max(done_to, end)
    return out


def _list_below(
    lines: list[str], row: int, kw: str, keys: tuple, url_patterns: tuple, room: int, listed: list[int]
) -> list[Claim]:
    """``Fixes:`` at the end of a line, then a list: ``- <ref>`` items (anything may follow the
    references of an item) or lines of references only (``<url>, <url>``). One blank line may come
    first; the list ends at the first other line. Each line is read by one list only."""
    out: list[Claim] = []
    r = row + 1
    if r < len(lines) and not lines[r].strip():
        r += 1
    while r < len(lines) and len(out) < room:
        line = lines[r]
        m = _ITEM.match(line)
        pos = m.end() if m else _SPACE.match(line).end()
        refs, end = _refs_from(line, pos, keys, url_patterns, room - len(out), line.rfind("#"))
        if not refs or (m is None and not _ONLY_PUNCT.match(line, end)):
            break
        out.extend(Claim("closing", _short(f"{kw} {ref}"), ref, r + 1) for ref in refs)
        r += 1
    listed[0] = max(listed[0], r)
    return out

"""Ticket references in text: Jira-style keys, ``#123``, ``owner/repo#123`` and issue URLs.

What counts (docs/judgement.md, "Ticket references"):

- an issue URL of a tracker: GitHub and GitLab issues and work items, Jira ``browse/``, Bugzilla
  ``show_bug.cgi?id=``, Roundup ``issue123``, Linear, YouTrack, Azure DevOps work items, Redmine,
  Trac ``ticket/``, Phabricator ``T123``, Shortcut stories, HackerOne reports, plus the config's
  ``ticket-url-patterns``;
- ``#123`` and ``owner/repo#123`` used as an issue reference: not a pull request (``PR #12``, a
  Markdown link to a ``/pull/`` URL) and not an ordinal (``goal #1``);
- a Jira-style key (``SHOP-12``). With ``ticket-projects`` set, exactly the keys of those projects,
  wherever they stand. Without it, a key counts only where it is *used as a reference*: at the start
  of the title or of a line followed by punctuation (``SHOP-12 show fees``, ``SHOP-12: ...``,
  ``[SHOP-12] ...``), alone in brackets, after a
  word that introduces a reference (``Refs``, ``see``, ``ticket``, ``part of``, ...), after a closing
  word when nothing but punctuation or another reference follows, in a ``Label: KEY-1`` line, in a
  list of references that started as one, or when another key of the same project counts. So
  "Fix COVID-19 banner", "Use ARM-64 runners" and "login for SSO-2 customers" name no ticket, and
  ``GO-2026-5970`` (an identifier with a second number) is no key either.

Pull and merge request URLs are not tickets: a pull request holds a change, not a customer problem.
"""

from __future__ import annotations

import re

from custlint.core.lazyre import lazy
from custlint.core.record import Record

_TRACKER_PATH = (
    r"/(?:issues|-/issues|-/work_items|browse|issue|ticket|tickets|story|_workitems/edit)/(?P<urlid>[A-Za-z0-9_-]+)"
    r"|/show_bug\.cgi\?id=(?P<bugid>\d+)|/issue(?P<roundup>\d+)|/reports/(?P<report>\d+)"
    r"|/(?P<phab>T\d+)"
    # feature-request boards, where customers file what they need: Canny (<board>/p/<post>), UserVoice
    r"|/p/(?P<post>[a-z0-9][a-z0-9-]{0,200})|/suggestions/(?P<suggestion>\d+)(?:-[a-z0-9-]{1,200})?"
)
_REF = lazy(
    # a URL's path is read segment by segment and a segment is never empty, so a scan ends at the next
    # '//' or space: "http://" a million times over is linear, not quadratic (issue 8)
    r"(?P<url>https?://[^\s<>()\[\]/]+(?:/[^\s<>()\[\]/]+)*?(?:" + _TRACKER_PATH + r"))(?=[\s).,;:>\]#/]|$)"
    # owner/repo#N starts where a run of name characters starts, so "a.a.a..../b" is scanned once, not once per dot
    r"|(?<![\w/#&.-])(?P<repo>[A-Za-z0-9][\w.-]{0,99}/[\w.-]{1,100})#(?P<rnum>\d+)\b"
    r"|(?<![\w&#/])#(?P<num>\d+)\b"
    r"|(?<![\w-])(?P<jira>(?P<proj>[A-Z][A-Z0-9_]+)-(?P<jnum>\d+))\b(?![-.]\d)"
)


def _board_post(url: str) -> bool:
    """A ``.../p/<post>`` URL is a post of a feature-request board (Canny: ``<host>/<board>/p/<post>``), not a
    blog post or a photo (``<host>/p/<slug>``, as Substack and Instagram write them)."""
    host, _, path = url.partition("://")[2].partition("/")
    return host.lower().endswith("canny.io") or path.count("/") >= 2


MAX_REFS = 10_000  # references read from one text; a hostile text cannot make the list (and its checks) unbounded
_BACK = 48  # characters of context read before and after a key or number: bounded, so the scan stays linear

# a key right after one of these words (and an optional ':' or '#') is a reference, whatever follows
_STRONG = lazy(
    r"(?:\b(?:refs?|references?|referenced|see|ticket|tickets|todo|fixme|xxx|hack|issue|issues|jira|story|epic|task|bug|part of|"
    r"related(?: to)?|relates to|relating to|follow[- ]?up(?: (?:to|of|on|for))?|tracked (?:in|by)|tracking|"
    r"towards|blocked by|blocks|depends on|duplicates?|duplicate of|supersedes|backport(?:ed)? of|"
    r"cherry[- ]pick(?:ed)? of|implements?|implemented|addresses|addressed|ticket id|issue id|incidents?)|[(\[|])"
    r"[ \t]*[:#]?[ \t]*\Z",
    re.IGNORECASE,
)
# a key after a closing word counts when what follows is no more of a sentence ("Fixes SHOP-12 by ...")
_CLOSING_WORD = lazy(
    r"\b(?:clos(?:e|es|ed|ing)|fix(?:|es|ed|ing)|resolv(?:e|es|ed|ing))[ \t]*:?[ \t]*\Z", re.IGNORECASE
)
# a key after these, or in a "Label: KEY-1" line, counts only when nothing but references follows
_PREPOSITION = lazy(r"\b(?:for|in|from|of|after|by|since|with|on|to|and|or)[ \t]*\Z|&[ \t]*\Z", re.IGNORECASE)
_LINE_START = lazy(r"(?:\A|\n)[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?[\[(]?[ \t]*\Z")
_LABEL_LINE = lazy(r"(?:\A|\n)[ \t]*(?:[-*+][ \t]+)?[*_]{0,2}[A-Za-z][\w -]{0,30}[*_]{0,2}:[*_]{0,2}[ \t]*\Z")
_MORE_REFS = r"[A-Z][A-Z0-9_]+-\d|#\d|and\b|or\b|&"
# what may follow a key that stands at the start of a line or after a closing word
_END = lazy(
    r"[ \t]*(?:\Z|\n|[:;,.!?)\]|/]|[-\u2013\u2014][ \t]|#[A-Za-z]|\(#\d|"
    + _MORE_REFS
    + r"|(?:by|via|with|in|on|to|which|that|as|from)\b)"
)
_ONLY_REFS = lazy(r"[ \t]*(?:\Z|\n|[;,.!?)\]]|" + _MORE_REFS + r")")
_LIST_SEP = lazy(r"(?:,|\band\b|\bor\b|&|[A-Z0-9]-\d+)[ \t]*\Z")
# "#12" after one of these words is a pull request or an ordinal, not an issue
_NOT_ISSUE_WORDS = (
    "pr", "prs", "pull request", "pull requests", "pull", "mr", "mrs", "merge request", "goal", "step", "steps",
    "option", "priority", "item", "number", "no", "no.", "rank", "ranked", "top", "the", "phase", "round", "part",
    "point", "level", "version", "take", "attempt", "try", "day", "week", "sprint", "iteration",
)  # fmt: skip
_NOT_ISSUE = lazy(
    r"(?:\b(?:" + "|".join(re.escape(w) for w in _NOT_ISSUE_WORDS) + r")[ \t]*:?[ \t]*)\Z",
    re.IGNORECASE,
)
# how those words end, in every case: a text before a "#12" whose last two characters (past blanks and
# colons) are ASCII and none of these cannot match _NOT_ISSUE ("Closes #12"), so its search is skipped
_NOT_ISSUE_ENDS = frozenset(
    a + b for w in _NOT_ISSUE_WORDS for a in {w[-2], w[-2].upper()} for b in {w[-1], w[-1].upper()}
)
_PR_LINK_TAIL = lazy(r"[^\]\n]{0,200}\]\([^)\s]{0,300}/(?:pull|pulls|merge_requests|-/merge_requests)/")


class Ref(Record):
    __slots__ = ("text", "id", "kind", "line", "pos")

    def __init__(self, text: str, id: str, kind: str, line: int, pos: int = 0) -> None:
        self.text = text  # as written
        self.id = id  # normalised: "SHOP-12", "#12", "owner/repo#12", or the URL
        self.kind = kind  # jira | issue | repo-issue | url
        self.line = line  # 1-based line in the text it was found in
        self.pos = pos  # offset in the text it was found in


def _key_used_as_ref(text: str, start: int, end: int, after_a_key: bool, title: bool) -> bool:
    """A Jira-style key at ``text[start:end]`` stands where a reference stands (see the module doc).
    ``title``: the text's first line is a title, where a leading key is a reference ("SHOP-12 show fees")."""
    before = text[max(0, start - _BACK) : start]
    if _STRONG.search(before):
        return True
    after = text[end : end + _BACK]
    if _LINE_START.search(before):
        if title and "\n" not in text[:start]:
            return True
        return _END.match(after) is not None
    if after_a_key and _LIST_SEP.search(before):
        return True  # "Refs SHOP-1, SHOP-2 and SHOP-3"
    if _CLOSING_WORD.search(before):
        return _END.match(after) is not None
    if _LABEL_LINE.search(before) or _PREPOSITION.search(before):
        return _ONLY_REFS.match(after) is not None
    return False


def _issue_used_as_ref(text: str, start: int, end: int) -> bool:
    """``#12`` / ``owner/repo#12`` names an issue: not a pull request, not an ordinal."""
    before = text[max(0, start - _BACK) : start]
    # a word of _NOT_ISSUE ends where the blanks and the ':' before the number start: an ASCII ending
    # none of them has rules them all out (case-insensitive matching maps ASCII to ASCII only)
    tail = before.rstrip(" \t:")[-2:]
    if (tail in _NOT_ISSUE_ENDS or len(tail) < 2 or not tail.isascii()) and _NOT_ISSUE.search(before):
        return False
    if (start and text[start - 1] == "[") or text.find("]", end, end + 200) >= 0:
        if _PR_LINK_TAIL.match(text, end):  # "[#12](https://github.com/o/r/pull/12)": a pull request
            return False
    return True


_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"  # what a key's project is written with
_DASH_DIGIT = lazy(r"-\d")  # a literal first character: the regex engine skips to it
HASH_DIGIT = lazy(r"#\d")
KEY_DASH = lazy(r"-(?<=[A-Z0-9_]-)\d")  # a literal first character: the regex engine skips to it


def may_hold_ref(text: str) -> bool:
    """Every reference form has a '#<digit>', a key's '<A-Z, 0-9 or _>-<digit>' or a URL's '://': cheap
    tests, each a scan in C, before the full one (:func:`find_refs` finds nothing in a text without)."""
    if "#" in text and HASH_DIGIT.search(text) is not None:
        return True
    if "://" in text:  # a tracker URL (which tracker is the full scan's business)
        return True
    return "-" in text and KEY_DASH.search(text) is not None


_SHORT = 32  # a text shorter than this costs less scanned whole than led by its literals
_KEY_RUN = 64  # key characters read back from a '-<digit>'; a longer run is scanned by the regex from the cursor


def _ref_matches(text: str):
    """The matches of :data:`_REF` in ``text``, exactly as ``finditer`` gives them, with the regex started
    only near a literal every match has instead of at every character: a number's ``#`` (``owner/repo#N``
    starts within 201 characters before it, at most 100 before its '/'), a URL's ``://`` (4 or 5 after
    its start, the only places a URL is tried at) or a key's ``-<digit>`` (after the run of key characters
    it starts). Each literal is looked for again only once the scan has passed it, so the scan stays linear."""
    search, match = _REF.search, _REF.match
    pos = 0
    hash_at = url_at = dash_at = -2  # next '#', '://', '-<digit>' at or after pos (-1: none; -2: not looked for)
    hash_floor = dash_floor = 0  # where a match led by that '#' / '-<digit>' can start at the earliest
    while True:
        if -1 < hash_at < pos or hash_at == -2:
            hash_at = text.find("#", pos)
            if hash_at >= 0:
                slash = text.rfind("/", max(pos, hash_at - 101), hash_at - 1) if hash_at > 1 else -1
                hash_floor = hash_at if slash < 0 else slash - 100
        if -1 < url_at < pos or url_at == -2:
            url_at = text.find("://", pos)
        if -1 < dash_at < pos or dash_at == -2:
            d = _DASH_DIGIT.search(text, pos)
            dash_at = -1 if d is None else d.start()
            if dash_at >= 0:
                lo = max(pos, dash_at - _KEY_RUN)
                project = text[lo:dash_at].rstrip(_KEY_CHARS)
                dash_floor = lo + len(project) if project or lo == pos else pos
        start = len(text)  # where a match led by a '#' or a key's dash can start at the earliest
        if hash_at >= 0:
            start = hash_floor
        if dash_at >= 0 and dash_floor < start:
            start = dash_floor
        if start < pos:
            start = pos
        if url_at >= 0 and url_at - 5 < start:
            # before that only a URL starts, 5 or 4 before its '://': tried there; the next '://' is 3 on
            m = None
            for at in (url_at - 5, url_at - 4):
                if at >= pos:
                    m = match(text, at)
                    if m is not None:
                        break
            if m is None:
                pos = max(pos, min(url_at - 2, start))
                url_at = text.find("://", url_at + 3)
                continue
        else:
            if start == len(text):
                return
            m = search(text, start)
            if m is None:
                return
        yield m
        pos = m.end()


_KEY_SETS: list = [None, frozenset()]  # the last tuple of not_keys and its set: the settings pass the same one


def _key_set(keys: tuple[str, ...] | list[str]) -> frozenset[str] | set[str]:
    """``keys`` as a set, made once for the tuple the settings pass every time."""
    if type(keys) is not tuple:
        return set(keys)
    if _KEY_SETS[0] is not keys:
        _KEY_SETS[:] = [keys, frozenset(keys)]
    return _KEY_SETS[1]


def find_refs(
    text: str,
    *,
    projects: tuple[str, ...] | list[str] = (),
    not_keys: tuple[str, ...] | list[str] = (),
    first_line: int = 1,
    url_patterns: tuple = (),
) -> list[Ref]:
    """All ticket references in ``text``. ``projects`` limits Jira keys; ``not_keys`` excludes words like UTF.
    ``first_line`` is the line number of the text's first line; ``url_patterns`` are compiled patterns of
    further ticket URLs (``ticket-url-patterns``)."""
    if "#" not in text and "-" not in text and "/" not in text:
        return []
    refs: list[Ref] = []
    denied: frozenset[str] | set[str] | None = None  # not_keys as a set, at the first key
    pending: list[tuple[Ref, str]] = []  # keys not used as a reference: they count if their project does
    counted_projects: set[str] = set()
    line, counted = first_line, 0  # lines counted incrementally: once over the text, not once per reference
    last_jira_end = -1
    # a short text is scanned at every character (one call into the regex engine); a longer one from literal to literal
    for m in _REF.finditer(text) if len(text) < _SHORT else _ref_matches(text):
        if len(refs) >= MAX_REFS:
            break
        start = m.start()
        line += text.count("\n", counted, start)
        counted = start
        kind = m.lastgroup  # the group that closes a branch of _REF: url, rnum, num or jira
        if kind == "url":
            url = m.group("url")
            if m.group("post") is None or _board_post(url):
                refs.append(Ref(url, url, "url", line, start))
        elif kind == "rnum":
            if _issue_used_as_ref(text, start, m.end()):
                refs.append(Ref(m.group(0), f"{m.group('repo')}#{m.group('rnum')}", "repo-issue", line, start))
        elif kind == "num":
            if _issue_used_as_ref(text, start, m.end()):
                refs.append(Ref(m.group(0), f"#{m.group('num')}", "issue", line, start))
        else:
            proj = m.group("proj")
            if projects:
                if proj in projects:
                    refs.append(Ref(m.group("jira"), m.group("jira"), "jira", line, start))
                continue
            if denied is None:
                denied = _key_set(not_keys)
            if proj in denied:
                continue
            ref = Ref(m.group("jira"), m.group("jira"), "jira", line, start)
            near = last_jira_end >= 0 and start - last_jira_end <= 12
            if _key_used_as_ref(text, start, m.end(), near, first_line == 1):
                refs.append(ref)
                counted_projects.add(proj)
                last_jira_end = m.end()
            else:
                pending.append((ref, proj))
    if url_patterns and "/" in text:
        more = _pattern_refs(text, url_patterns, first_line, {r.text for r in refs})
        if more:
            refs = sorted(refs + more, key=_order)
    if pending and counted_projects:
        extra = [r for r, proj in pending if proj in counted_projects]
        if extra:
            refs = sorted(refs + extra, key=_order)
    return refs[:MAX_REFS]


def has_ref(
    text: str,
    *,
    projects: tuple[str, ...] | list[str] = (),
    not_keys: tuple[str, ...] | list[str] = (),
    first_line: int = 1,
) -> bool:
    """``bool(find_refs(text, ...))``, settled without the scan where the first ``#`` is an issue number
    (``Closes #12``): in a text without '://' no URL holds it, and after a blank or '(' (or at the start)
    no ``owner/repo#N`` does, so :data:`_REF`'s match there is the scan's match there."""
    h = text.find("#")
    if h >= 0 and (h == 0 or text[h - 1] in " \t(") and "://" not in text:
        m = _REF.match(text, h)
        if m is not None and _issue_used_as_ref(text, h, m.end()):
            return True
    return bool(find_refs(text, projects=projects, not_keys=not_keys, first_line=first_line))


def _order(ref: Ref) -> int:
    return ref.pos


_URL = lazy(r"https?://[^\s<>()\[\]]+")


def _pattern_refs(text: str, patterns: tuple, first_line: int, seen: set[str]) -> list[Ref]:
    out: list[Ref] = []
    line, counted = first_line, 0
    for m in _URL.finditer(text):
        url = m.group(0).rstrip(".,;:")
        if url in seen or len(out) >= MAX_REFS:
            continue
        if any(p.search(url[:2000]) for p in patterns):
            line += text.count("\n", counted, m.start())
            counted = m.start()
            out.append(Ref(url, url, "url", line, m.start()))
    return out

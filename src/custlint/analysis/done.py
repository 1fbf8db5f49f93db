"""Claims that work is done, found in a commit message or a PR/MR description.

"If it's not released in production it's not done." A merge only reaches a
branch, so a text that marks work done on merge claims too much, unless the
target branch deploys to production on merge (``[tool.custlint.production]``).

Claims found here (text in fenced code, inline code, HTML comments and
``>`` quotes never counts):

``closing``     GitHub and GitLab closing keywords: ``Fixes #12``, ``closes owner/repo#3``,
                ``Resolving https://.../issues/7``, ``Implements SHOP-9``, ``Resolves [EM-250](url)``;
                a list of references after one keyword (``Closes #1, #2 and #3``), or below
                a ``Fixes:`` that ends its line (``- <issue URL>`` items), gives one claim each.
                References are refs.py's: its issue URLs of every tracker, and a Jira-style
                key only where it is used as one ("Fix COVID-19 banner" claims nothing).
``transition``  Jira Smart Commit transitions to a done state: ``SHOP-12 #done``.
``label``       a done label on the PR/MR (``done``, ``status: done``, ``shipped``).
``checkbox``    a checked task item that says done: ``- [x] Done``, ``- [x] Released to production``.
``status``      a ``Status: Done`` line.

Use through the analysis cache: ``a.memo("done_claims", find_done_claims)``.

Every scan here is linear in the text (issue 15): a closing keyword is found by one pass of a
keyword pattern over the lower-cased line, and the references after it by a loop that reads one
bounded reference, anchored where it stands, then spaces and a separator, then the next; no
pattern repeats a group without a bound, so no run of spaces, commas or brackets is read twice.
"""

from __future__ import annotations

import re

from custlint.core.lazyre import lazy
from custlint.core.record import Record
from custlint.document.refs import _BACK, _END, _ONLY_REFS, _TRACKER_PATH, _key_used_as_ref
from custlint.document.sections import strip_comments

# GitHub: close(s|d) fix(es|ed) resolve(s|d); GitLab adds the -ing forms and implement(s|ed|ing).
# Matched on the lower-cased line: one bounded alternation per position, no repeat, so a scan is linear.
_KEYWORD = lazy(r"(?<![\w-])(?:clos(?:e|es|ed|ing)|fix(?:es|ed|ing)?|resolv(?:e|es|ed|ing)|implement(?:s|ed|ing)?)(?![\w-])")
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
_JIRA_KEY = lazy(r"(?<![\w-])([A-Z][A-Z0-9_]+-\d+)\b")
_SMART = lazy(r"(?<![\w&/])#([A-Za-z][\w-]*)")
_CHECKED = lazy(
    r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[xX]\][ \t]+(?:\*\*|__)?(?P<what>done|shipped|released(?: (?:to|in) production)?|"
    r"deployed(?: (?:to|in) production)?|(?:live )?in production|completed?)\b",
    re.IGNORECASE,
)
_STATUS = lazy(
    r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?status(?:\*\*|__)?[ \t]*:[ \t]*(?:(?:\*\*|__)[ \t]*)?(?:\*\*|__)?"
    r"(?P<what>done|closed|resolved|shipped|completed?|finished)\b(?![ \t]*(?:when|after|once|in production))",
    re.IGNORECASE,
)
_FENCE = lazy(r" {0,3}(`{3,}|~{3,})")
_NEEDLES = ("clos", "fix", "resolv", "implement", "status", "#", "[")  # a claim needs one in its line
_LIST_ITEM = lazy(r" {0,3}(?:[-*+]|\d+[.)])[ \t]")
MAX_CLAIMS = 1_000  # claims read from one document: enough to report, bounded for hostile text


class Claim(Record):
    __slots__ = ("kind", "text", "ref", "line")

    def __init__(self, kind: str, text: str, ref: str, line: int) -> None:
        self.kind = kind  # closing | transition | label | checkbox | status
        self.text = text  # the claim as written, shortened
        self.ref = ref  # the issue it closes or moves ("" for labels, checkboxes, status lines)
        self.line = line  # 1-based line of the document's text (0 for labels)


def prose_lines(text: str) -> list[str]:
    """``text`` with code, HTML comments and quoted lines blanked out; line numbers kept."""
    if not ("```" in text or "~~~" in text or "<!--" in text or "\n    " in text or "\n\t" in text
            or text.startswith(("    ", "\t")) or (">" in text and _has_quote_line(text))):
        # no fence, comment, indented line or quote line: only inline code to blank
        if "`" not in text:
            return text.split("\n")
        return [line if "`" not in line else _blank_code_spans(line) for line in text.split("\n")]
    text = strip_comments(text)  # linear; an unclosed comment runs to the end, as in CommonMark
    if not any(c in text for c in ("`", "~~~", ">", "    ", "\t")):
        return text.split("\n")  # no code, quote or indented line: nothing to blank (the common case, and fast)
    out: list[str] = []
    fence = ""
    prev_blank, in_code, in_list = True, False, False
    for line in text.split("\n"):
        if fence:
            if line.lstrip().startswith(fence):
                fence = ""
            out.append("")
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)[:3]
            out.append("")
            continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if indented and not blank and (in_code or (prev_blank and not in_list)):
            in_code = True  # an indented code block (not the continuation of a list item)
            out.append("")
            continue
        if not blank:
            in_code = False
            if not indented:
                in_list = bool(_LIST_ITEM.match(line))
        prev_blank = blank
        if line.lstrip().startswith(">"):
            out.append("")  # a quote: someone else's words
            continue
        if "`" in line:
            line = _blank_code_spans(line)
        out.append(line)
    return out


def _has_quote_line(text: str) -> bool:
    """A line that ``lstrip()`` leaves starting with ">" (a quote)."""
    pos = text.find(">")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        if start == pos or text[start:pos].isspace():
            return True
        end = text.find("\n", pos)
        if end < 0:
            return False
        pos = text.find(">", end)
    return False


def _rows_with(low: str) -> list[int]:
    """0-based rows of ``low`` that hold one of the needles, in order."""
    rows: set[int] = set()
    for needle in _NEEDLES:
        pos = low.find(needle)
        row = at = 0
        while pos >= 0:  # rows counted on from the last hit: linear in the text
            row += low.count("\n", at, pos)
            rows.add(row)
            at = low.find("\n", pos)
            if at < 0:
                break
            pos = low.find(needle, at)
    return sorted(rows)


def _blank_code_spans(line: str) -> str:
    parts = line.split("`")
    return "".join(p if k % 2 == 0 else " " * len(p) for k, p in enumerate(parts))


def _norm_label(label: str) -> str:
    return re.sub(r"\s+", "", label.lower())


_SETTINGS_CACHE: dict[int, tuple] = {}


def _settings(config) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The done vocabulary of ``config``, worked out once per config (the audit calls this per commit)."""
    key = id(config)
    cached = _SETTINGS_CACHE.get(key)
    if cached is not None and cached[0] is config:
        return cached[1]
    value = _compute_settings(config)
    _SETTINGS_CACHE.clear()  # one config per run; never grows
    _SETTINGS_CACHE[key] = (config, value)
    return value


def _compute_settings(config) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    if config is None:  # a bare Settings: the default done vocabulary, no ticket keys
        from custlint.core.config import Production

        prod, projects, not_keys = Production(), (), ()
    else:
        prod, projects, not_keys = config.production, config.ticket_projects, config.not_ticket_keys
    labels = frozenset(_norm_label(x) for x in prod.done_labels)
    transitions = frozenset(t.lower() for t in prod.done_transitions)
    return labels, transitions, frozenset(projects), frozenset(not_keys)


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
    c = line[pos:pos + 1]
    if c == "#":
        m = _NUM_REF.match(line, pos)
        return _Ref(m.group(0), m.end(), False) if m else None
    if c == "h":
        end = _url_at(line, pos, url_patterns)
        if end >= 0:  # the reference ends at the id; the list goes on after the URL's rest (#comment-3)
            rest = line[end:_URL_REST.match(line, end).end()].rstrip(".,;:")
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


def _refs_from(line: str, pos: int, keys: tuple, url_patterns: tuple, limit: int) -> tuple[list[str], int]:
    """The references of the closing list that starts at ``pos`` and where it ends: one reference,
    then spaces, an optional ``,`` and an optional ``and`` or ``&``, then the next, up to ``limit``.
    Each step reads a bounded reference or a run of spaces once: linear in the line."""
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
        if line[pos:pos + 3].lower() == "and" and not _word_char(line, pos + 3):
            pos = _SPACE.match(line, pos + 3).end()
        elif line.startswith("&", pos):
            pos = _SPACE.match(line, pos + 1).end()
    return out, end


def _word_char(line: str, pos: int) -> bool:
    c = line[pos:pos + 1]
    return bool(c) and (c.isalnum() or c == "_")


def _closing_claims(lines: list[str], row: int, line: str, low: str, keys: tuple, url_patterns: tuple,
                    room: int, listed: list[int]) -> list[Claim]:
    """The closing claims of ``line`` (row ``row`` of ``lines``): each keyword candidate, found by one
    linear scan of the lower-cased line, with the references that follow it; a keyword ending its
    line with ``:`` (``Fixes:``) also takes the list of references on the lines below.
    ``listed[0]``: the row after the last list read; a ``Fixes:`` inside that list starts none."""
    out: list[Claim] = []
    number = row + 1
    done_to = 0  # a keyword inside a list already read (a URL's ".../fixes/...") starts nothing
    for k in _KEYWORD.finditer(low):
        if len(out) >= room:
            break
        if k.start() < done_to:
            continue
        kw = line[k.start():k.end()]
        pos = _SPACE.match(line, k.end()).end()
        if line.startswith((":", "**", "__"), pos) and _LIST_HEAD.match(line, pos):
            if row >= listed[0]:
                out.extend(_list_below(lines, row, kw, keys, url_patterns, room - len(out), listed))
            break  # nothing follows on this line
        if line.startswith(":", pos):
            pos = _SPACE.match(line, pos + 1).end()
        refs, end = _refs_from(line, pos, keys, url_patterns, room - len(out))
        for ref in refs:
            out.append(Claim("closing", _short(f"{kw} {ref}"), ref, number))
        done_to = max(done_to, end)
    return out


def _list_below(lines: list[str], row: int, kw: str, keys: tuple, url_patterns: tuple, room: int,
                listed: list[int]) -> list[Claim]:
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
        refs, end = _refs_from(line, pos, keys, url_patterns, room - len(out))
        if not refs or (m is None and not _ONLY_PUNCT.match(line, end)):
            break
        out.extend(Claim("closing", _short(f"{kw} {ref}"), ref, r + 1) for ref in refs)
        r += 1
    listed[0] = max(listed[0], r)
    return out


def _transitions(line: str, number: int, transitions: frozenset[str], projects: frozenset[str],
                 not_keys: frozenset[str], room: int) -> list[Claim]:
    """Jira Smart Commit transitions of ``line``: a ``#command`` naming a done transition after the
    line's first ticket key. The commands lead (a ``#`` found by the scan); the keys are read only
    when one names a done transition, once, and only up to the fifth: linear in the line."""
    commands = [cm for cm in _SMART.finditer(line) if cm.group(1).lower() in transitions]
    if not commands:
        return []
    keys: list[str] = []
    first_key = -1
    for km in _JIRA_KEY.finditer(line):
        if _is_key(km.group(1), projects, not_keys):
            if first_key < 0:
                first_key = line.find(km.group(1))  # as before: where the key's text first stands
            keys.append(km.group(1))
            if len(keys) == 5:
                break
    if not keys:
        return []
    shown = " ".join(keys)  # once per line, not once per claim (quadratic on a hostile line)
    out: list[Claim] = []
    for cm in commands:
        if cm.start() < first_key:
            continue
        out.append(Claim("transition", _short(f"{shown} #{cm.group(1)}"), keys[0], number))
        if len(out) >= room:
            break
    return out


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def find_done_claims(a) -> list[Claim]:
    """Every done claim of the analysed document, in order of line."""
    doc = a.doc
    labels, transitions, projects, not_keys = _settings(getattr(a.settings, "config", None))
    claims: list[Claim] = []
    for label in doc.labels:
        if _norm_label(label) in labels:
            claims.append(Claim("label", label, "", 0))
    lines = prose_lines(doc.text)
    # Each kind of claim needs one of these in its line (a closing keyword or "status" in the
    # lower-cased line, a "#" or a "["): only such lines are read. lower() maps line by line and
    # never makes or removes a newline, so the lower-cased whole has the same lines, lower-cased.
    low_all = "\n".join(lines).lower()
    want_closing = "clos" in low_all or "fix" in low_all or "resolv" in low_all or "implement" in low_all
    want_status = "status" in low_all
    url_patterns = getattr(a.settings, "url_patterns", ()) or ()
    listed = [0]  # the row after the last list read below a "Fixes:" line
    lists = False  # claims read from a list below "Fixes:" come before the claims of the lines they stand on
    for row in _rows_with(low_all):
        if len(claims) >= MAX_CLAIMS:
            del claims[MAX_CLAIMS:]
            break
        line = lines[row]
        number = row + 1
        if not line.strip():
            continue
        if number <= 2 and doc.kind == "pr":
            continue  # a PR/MR title closes nothing; only its description does
        low = _aligned_lower(line) if want_closing or want_status else ""
        if want_closing and ("clos" in low or "fix" in low or "resolv" in low or "implement" in low):
            found = _closing_claims(lines, row, line, low, (projects, not_keys), url_patterns,
                                    MAX_CLAIMS - len(claims), listed)
            if found:
                lists = lists or any(c.line != number for c in found)
                claims.extend(found)
        if "#" in line and len(claims) < MAX_CLAIMS:
            claims.extend(_transitions(line, number, transitions, projects, not_keys, MAX_CLAIMS - len(claims)))
        if "[" in line:
            m = _CHECKED.match(line)
            if m:
                claims.append(Claim("checkbox", _short(line.strip()), "", number))
        if want_status and ":" in line and "status" in low:
            m = _STATUS.match(line)
            if m:
                claims.append(Claim("status", _short(line.strip()), "", number))
    del claims[MAX_CLAIMS:]
    if lists:
        claims.sort(key=_line_of)  # stable: the order within a line stays
    return claims


def _line_of(c: Claim) -> int:
    return c.line


def target_deploys(config, target: str) -> bool:
    """True when merging into ``target`` releases to production, per ``[tool.custlint.production]``."""
    if config is None:
        return False
    prod = config.production
    if prod.deploy_on_merge:
        return True
    if not target:
        return False
    t = target.removeprefix("refs/heads/")
    return any(t == b or t == b.removeprefix("refs/heads/") for b in prod.branches)


def production_note(config, target: str) -> str | None:
    """What the output says when done claims are allowed because ``target`` deploys on merge."""
    if not target_deploys(config, target):
        return None
    why = "production.deploy-on-merge = true" if config.production.deploy_on_merge else f"'{target}' is in production.branches"
    return (f"done-in-production: merging into '{target or 'the target branch'}' deploys to production ({why}), "
            "so closing keywords, done labels and done transitions are allowed")

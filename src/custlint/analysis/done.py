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

from custlint.analysis.closing import Claim, _aligned_lower, _is_key, closing_claims, lone_closing, may_list
from custlint.analysis.closing import short as _short
from custlint.core.lazyre import lazy
from custlint.document.sections import strip_comments

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
_COMMAND = lazy(r"#[a-z]")  # in the lower-cased line of a Smart Commit transition (#done)
_LIST_ITEM = lazy(r" {0,3}(?:[-*+]|\d+[.)])[ \t]")
MAX_CLAIMS = 1_000  # claims read from one document: enough to report, bounded for hostile text


def prose_lines(text: str) -> list[str]:
    """``text`` with code, HTML comments and quoted lines blanked out; line numbers kept."""
    # a one-character test (memchr) before each longer one: most texts hold no "`", "~", "<" or tab
    ticks = "`" in text
    if not (
        (ticks and "```" in text)
        or ("~" in text and "~~~" in text)
        or ("<" in text and "<!--" in text)
        or "\n    " in text
        or ("\t" in text and ("\n\t" in text or text.startswith("\t")))
        or text.startswith("    ")
        or (">" in text and _has_quote_line(text))
    ):
        # no fence, comment, indented line or quote line: only inline code to blank
        if not ticks:
            return text.split("\n")
        return [line if "`" not in line else _blank_code_spans(line) for line in text.split("\n")]
    text = strip_comments(text)  # linear; an unclosed comment runs to the end, as in CommonMark
    if not any(c in text for c in ("`", "~~~", ">", "    ", "\t")):
        return text.split("\n")  # no code, quote or indented line: nothing to blank (the common case, and fast)
    out: list[str] = []
    fences = "```" in text or "~~~" in text  # else no line is a fence (_FENCE): not matched line by line
    fence = ""
    prev_blank, in_code = True, False
    head = ""  # the last line neither blank nor indented: a list item or not, read where that matters
    for line in text.split("\n"):
        if fence:
            if line.lstrip().startswith(fence):
                fence = ""
            out.append("")
            continue
        if fences:
            m = _FENCE.match(line)
            if m:
                fence = m.group(1)[:3]
                out.append("")
                continue
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        if indented and not blank and (in_code or (prev_blank and not _LIST_ITEM.match(head))):
            in_code = True  # an indented code block (not the continuation of a list item)
            out.append("")
            continue
        if not blank:
            in_code = False
            if not indented:
                head = line
        prev_blank = blank
        if ">" in line and line.lstrip().startswith(">"):
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


def _rows_with(low: str, commands: bool) -> list[int]:
    """The 0-based rows of the lower-cased text ``low`` that hold a needle, in order: one of "clos",
    "fix", "resolv", "implement", "status" and "[x]", or (``commands``) a ``#`` and a letter (none
    for most commits). One ``find`` for each (_add_rows: where it fails, the cost of an ``in`` test;
    where it succeeds, the first hit), after a one-character test (memchr) for "fix", "[x]" and "#"."""
    rows: set[int] = set()
    _add_rows(rows, low, "clos")
    if "x" in low:
        _add_rows(rows, low, "fix")
    _add_rows(rows, low, "resolv")
    _add_rows(rows, low, "implement")
    _add_rows(rows, low, "status")
    if "[" in low:
        _add_rows(rows, low, "[x]")
    if commands and "#" in low:
        m = _COMMAND.search(low)
        row = at = 0
        while m is not None:  # as _add_rows, with the pattern
            pos = m.start()
            row += low.count("\n", at, pos)
            rows.add(row)
            at = low.find("\n", pos)
            if at < 0:
                break
            m = _COMMAND.search(low, at)
    return sorted(rows)


def _add_rows(rows: set[int], low: str, needle: str) -> None:
    """Add the rows of ``low`` where ``needle`` stands (none where it does not: one ``find``, the cost of
    an ``in`` test): each hit's row counted on from the last one, and the next hit looked for from the
    end of its line, so linear in the text."""
    pos = low.find(needle)
    if pos < 0:
        return
    row = low.count("\n", 0, pos)
    rows.add(row)
    at = low.find("\n", pos)
    while at >= 0:
        pos = low.find(needle, at)
        if pos < 0:
            break
        row += low.count("\n", at, pos)
        rows.add(row)
        at = low.find("\n", pos)


def _own_prose(line: str) -> str | None:
    """The prose of ``line`` of a text with no HTML comment and no fence, which there depends on the
    line alone (prose_lines): a quote is blanked and code spans are; None for an indented line, which
    is code or not as the lines above it say."""
    if line.startswith(("    ", "\t")):
        return None
    if ">" in line and line.lstrip().startswith(">"):
        return ""
    return _blank_code_spans(line) if "`" in line else line


def _blank_code_spans(line: str) -> str:
    parts = line.split("`")
    return "".join(p if k % 2 == 0 else " " * len(p) for k, p in enumerate(parts))


def _norm_label(label: str) -> str:
    return re.sub(r"\s+", "", label.lower())


_LAST: list = [None, None]  # the config of the last call and its done vocabulary


def _settings(config) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """The done vocabulary of ``config``, worked out once per config (the audit calls this per commit)."""
    last = _LAST
    if last[0] is config and last[1] is not None:
        return last[1]
    value = _compute_settings(config)
    last[0], last[1] = config, value  # one config per run: the last one is all there is to keep
    return value


def _compute_settings(config) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    # declared: compiled (custlint.accel), a variable's type is the first value's, and () is tuple[()]
    projects: tuple[str, ...]
    not_keys: tuple[str, ...]
    if config is None:  # a bare Settings: the default done vocabulary, no ticket keys
        from custlint.core.config import Production

        prod, projects, not_keys = Production(), (), ()
    else:
        prod, projects, not_keys = config.production, config.ticket_projects, config.not_ticket_keys
    labels = frozenset(_norm_label(x) for x in prod.done_labels)
    transitions = frozenset(t.lower() for t in prod.done_transitions)
    return labels, transitions, frozenset(projects), frozenset(not_keys)


def _transitions(
    line: str, number: int, transitions: frozenset[str], projects: frozenset[str], not_keys: frozenset[str], room: int
) -> list[Claim]:
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


def find_done_claims(a) -> list[Claim]:
    """Every done claim of the analysed document, in order of line."""
    doc = a.doc
    labels, transitions, projects, not_keys = _settings(getattr(a.settings, "config", None))
    claims: list[Claim] = []
    if doc.labels:
        for label in doc.labels:
            if _norm_label(label) in labels:
                claims.append(Claim("label", label, "", 0))
    text = doc.text
    commands = bool(transitions)
    raw: list[str] = []  # the text's lines, while the prose is not read
    lines: list[str] | None = None  # the prose lines, read where a row needs them
    if "<" in text and "<!--" in text:  # removing a comment can join the two halves of a needle: read the prose
        lines = prose_lines(text)
        rows = _rows_with("\n".join(lines).lower(), commands)
    else:
        # Blanking code and quotes only turns characters into spaces and lines into empty ones, so
        # a needle of the prose stands in the same row of the text: the rows of the lower-cased text
        # are all the prose's, and a row the blanking emptied of its needle claims nothing below.
        # lower() maps character by character and never makes or removes a newline.
        rows = _rows_with(text.lower(), commands)
        if not rows:
            del claims[MAX_CLAIMS:]
            return claims
        if ("`" in text and "```" in text) or ("~" in text and "~~~" in text):
            lines = prose_lines(text)  # a fence blanks lines that look like any other
        else:
            raw = text.split("\n")
    url_patterns = getattr(a.settings, "url_patterns", ()) or ()
    listed = [0]  # the row after the last list read below a "Fixes:" line
    lists = False  # claims read from a list below "Fixes:" come before the claims of the lines they stand on
    pr = doc.kind == "pr"
    keys = (projects, not_keys)
    for row in rows:
        if len(claims) >= MAX_CLAIMS:
            del claims[MAX_CLAIMS:]
            break
        number = row + 1
        if pr and number <= 2:
            continue  # a PR/MR title closes nothing; only its description does
        if lines is not None:
            line = lines[row]
        else:
            line = raw[row]
            if "`" in line or ">" in line or line.startswith(("    ", "\t")):
                own = _own_prose(line)
                if own is None:  # an indented line: code or not, as the lines above say
                    lines = prose_lines(text)
                    own = lines[row]
                line = own
        if not line.strip():
            continue
        low = line.lower()
        if len(low) != len(line):
            low = _aligned_lower(line)
        if "clos" in low or "fix" in low or "resolv" in low or "implement" in low:
            lone = lone_closing(line, low, number) if "#" in line else None
            if lone is not None:  # "Closes #12": that claim and no other
                claims.append(lone)
                continue
            if lines is None and may_list(line):
                lines = prose_lines(text)  # the list below a "Fixes:" is read from the prose
            found = closing_claims(
                raw if lines is None else lines,  # the line's own prose is ``line``; no other row is read
                row,
                line,
                low,
                keys,
                url_patterns,
                MAX_CLAIMS - len(claims),
                listed,
            )
            if found:
                lists = lists or any(c.line != number for c in found)
                claims.extend(found)
        if commands and "#" in line and len(claims) < MAX_CLAIMS and _COMMAND.search(low):
            claims.extend(_transitions(line, number, transitions, projects, not_keys, MAX_CLAIMS - len(claims)))
        if "[" in line:
            m = _CHECKED.match(line)
            if m:
                claims.append(Claim("checkbox", _short(line.strip()), "", number))
        if ":" in line and "status" in low:
            m = _STATUS.match(line)
            if m:
                claims.append(Claim("status", _short(line.strip()), "", number))
    del claims[MAX_CLAIMS:]
    if lists:
        claims.sort(key=_line_of)  # stable: the order within a line stays
    return claims


def _line_of(c: Claim) -> int:
    return c.line


def claims(a) -> list[Claim]:
    """The analysed document's done claims, found once (memoised on the analysis: the audit's worker
    and the five done rules read them)."""
    return a.memo("done_claims", find_done_claims)


def claims_by_kind(a) -> dict[str, list[Claim]]:
    """The document's done claims by kind (each of the five done rules reads one kind)."""
    out: dict[str, list[Claim]] = {}
    for c in claims(a):
        out.setdefault(c.kind, []).append(c)
    return out


def claims_of_kind(a, params: dict) -> list[Claim] | None:
    """The claims of the kind a done rule's ``params`` name (``claim``); None for none. Compiled with the
    analysis, and bound to each rule's params without a Python frame (Evaluator's ``wants``)."""
    return a.memo("done_claims_by_kind", claims_by_kind).get(params.get("claim"))


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
    why = (
        "production.deploy-on-merge = true"
        if config.production.deploy_on_merge
        else f"'{target}' is in production.branches"
    )
    return (
        f"done-in-production: merging into '{target or 'the target branch'}' deploys to production ({why}), "
        "so closing keywords, done labels and done transitions are allowed"
    )

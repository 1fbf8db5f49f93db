"""Claims that work is done, found in a commit message or a PR/MR description.

"If it's not released in production it's not done." A merge only reaches a
branch, so a text that marks work done on merge claims too much, unless the
target branch deploys to production on merge (``[tool.custlint.production]``).

Claims found here (text in fenced code, inline code, HTML comments and
``>`` quotes never counts):

``closing``     GitHub and GitLab closing keywords: ``Fixes #12``, ``closes owner/repo#3``,
                ``Resolving https://.../issues/7``, ``Implements SHOP-9``; a list of
                references after one keyword (``Closes #1, #2 and #3``) gives one claim each.
``transition``  Jira Smart Commit transitions to a done state: ``SHOP-12 #done``.
``label``       a done label on the PR/MR (``done``, ``status: done``, ``shipped``).
``checkbox``    a checked task item that says done: ``- [x] Done``, ``- [x] Released to production``.
``status``      a ``Status: Done`` line.

Use through the analysis cache: ``a.memo("done_claims", find_done_claims)``.
"""

from __future__ import annotations

import re

from custlint.core.lazyre import lazy
from custlint.core.record import Record
from custlint.document.sections import strip_comments

# GitHub: close(s|d) fix(es|ed) resolve(s|d); GitLab adds the -ing forms and implement(s|ed|ing).
_KEYWORD = r"(?:clos(?:e|es|ed|ing)|fix(?:|es|ed|ing)|resolv(?:e|es|ed|ing)|implement(?:|s|ed|ing))"
_ONE_REF = (
    # path segments are never empty and a repo name starts a run of name characters: linear scans (issue 8)
    r"(?:https?://[^\s<>()\[\]/]+(?:/[^\s<>()\[\]/]+)*?/(?:issues|-/issues|-/work_items|browse)/[A-Za-z0-9_-]+(?=[\s).,;:>\]]|$)"
    r"|(?<![\w./-])[A-Za-z0-9][\w.-]*(?:/[\w.-]+)+#\d+\b"
    r"|(?<![\w&#/])#\d+\b"
    r"|[A-Z][A-Z0-9_]+-\d+\b)"
)
_CLOSING = lazy(
    rf"(?<![\w-])(?P<kw>{_KEYWORD})(?![\w-])[ \t]*:?[ \t]*(?P<refs>{_ONE_REF}(?:[ \t]*(?:,|\band\b|,[ \t]*and\b)?[ \t]*{_ONE_REF})*)",
    re.IGNORECASE,
)
_REF_IN_LIST = lazy(_ONE_REF)
_JIRA_KEY = lazy(r"(?<![\w-])([A-Z][A-Z0-9_]+-\d+)\b")
_SMART = lazy(r"(?<![\w&/])#([A-Za-z][\w-]*)")
_CHECKED = lazy(
    r"[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[xX]\][ \t]+(?:\*\*|__)?(?P<what>done|shipped|released(?: (?:to|in) production)?|"
    r"deployed(?: (?:to|in) production)?|(?:live )?in production|completed?)\b",
    re.IGNORECASE,
)
_STATUS = lazy(
    r"[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?status(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*(?:\*\*|__)?"
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
        low = line.lower() if want_closing or want_status else ""
        if want_closing and ("clos" in low or "fix" in low or "resolv" in low or "implement" in low):
            for m in _CLOSING.finditer(line):
                if len(claims) >= MAX_CLAIMS:
                    break
                for r in _REF_IN_LIST.finditer(m.group("refs")):
                    ref = r.group(0)
                    if _JIRA_KEY.fullmatch(ref) and not _is_key(ref, projects, not_keys):
                        continue
                    claims.append(Claim("closing", _short(f"{m.group('kw')} {ref}"), ref, number))
                    if len(claims) >= MAX_CLAIMS:
                        break
        if "#" in line:
            keys = [k for k in _JIRA_KEY.findall(line) if _is_key(k, projects, not_keys)]
            if keys:
                first_key = line.find(keys[0])
                shown = " ".join(keys[:5])  # once per line, not once per claim (quadratic on a hostile line)
                for cm in _SMART.finditer(line, first_key):
                    name = cm.group(1).lower()
                    if name in transitions:
                        claims.append(Claim("transition", _short(f"{shown} #{cm.group(1)}"), keys[0], number))
                        if len(claims) >= MAX_CLAIMS:
                            break
        if "[" in line:
            m = _CHECKED.match(line)
            if m:
                claims.append(Claim("checkbox", _short(line.strip()), "", number))
        if want_status and ":" in line and "status" in low:
            m = _STATUS.match(line)
            if m:
                claims.append(Claim("status", _short(line.strip()), "", number))
    return claims


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

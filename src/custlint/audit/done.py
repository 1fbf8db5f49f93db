"""Work a commit marks "done": closing keywords and Jira smart-commit transitions.

GitHub closes an issue named after close/fix/resolve (any tense, optional colon) when the
commit lands on the default branch; GitLab adds the -ing forms and implement(s/ed/ing);
a Jira smart commit ``KEY-12 #done`` (or ``#close``, ``#resolve``, ``#finish-work`` ...)
moves the ticket to a done state. All of these happen when the commit lands, which is
before production unless every merge deploys. Code blocks do not count (the analysis'
``prose`` has them blanked out).
"""

from __future__ import annotations

import re

_TARGET = r"(?:[\w.-]+/[\w.-]+#\d+|#\d+|https?://\S+?/(?:-/)?issues/\d+|(?-i:[A-Z][A-Z0-9_]+-\d+))"
# anchored where a keyword starts (found with str.find, much faster than a regex search over the text)
_CLOSING_AT = re.compile(
    r"(?:clos(?:e|es|ed|ing)|fix(?:|es|ed|ing)|resolv(?:e|es|ed|ing)|implement(?:|s|ed|ing))"
    r"(?:[ \t]*:)?[ \t]+" + _TARGET, re.IGNORECASE)
_SMART = re.compile(
    r"(?<![\w-])(?-i:[A-Z][A-Z0-9_]+-\d+)\b[^\n]*?(?<!\S)#(?:done|close|closed|resolve|resolved|finish|finish-work|complete|completed)\b",
    re.IGNORECASE)
_SMART_WORDS = ("#done", "#clos", "#resolv", "#finish", "#complet")
_CLOSING_WORDS = ("clos", "fix", "resolv", "implement")


def _closing(prose: str, low: str) -> bool:
    if len(low) != len(prose):  # a few characters change length when lower-cased: search the slow way
        return any(_CLOSING_AT.match(prose, m.start()) for m in re.finditer(r"(?i)(?<![\w-])(?=clos|fix|resolv|implement)", prose))
    match = _CLOSING_AT.match
    for word in _CLOSING_WORDS:
        i = low.find(word)
        while i >= 0:
            prev = low[i - 1] if i else " "
            if not (prev.isalnum() or prev in "_-") and match(prose, i):
                return True
            i = low.find(word, i + 1)
    return False


def done_claim(prose: str) -> str:
    """``"closing-keyword"``, ``"smart-commit"`` or ``""`` for a commit's prose."""
    low = prose.lower()
    if "#" in low and any(w in low for w in _SMART_WORDS) and _SMART.search(prose):
        return "smart-commit"
    if _closing(prose, low):
        return "closing-keyword"
    return ""

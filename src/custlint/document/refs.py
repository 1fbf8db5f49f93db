"""Ticket references in text: Jira keys, ``#123``, ``owner/repo#123`` and issue URLs."""

from __future__ import annotations

import re

from custlint.core.record import Record

_REF = re.compile(
    # a URL's path is read segment by segment and a segment is never empty, so a scan ends at the next
    # '//' or space: "http://" a million times over is linear, not quadratic (issue 8)
    r"(?P<url>https?://[^\s<>()\[\]/]+(?:/[^\s<>()\[\]/]+)*?/(?:issues|-/issues|pull|merge_requests|-/merge_requests|browse)/(?P<urlid>[A-Za-z0-9_-]+))(?=[\s).,;:>\]]|$)"
    # owner/repo#N starts where a run of name characters starts, so "a.a.a..../b" is scanned once, not once per dot
    r"|(?<![\w/#&.-])(?P<repo>[A-Za-z0-9][\w.-]{0,99}/[\w.-]{1,100})#(?P<rnum>\d+)\b"
    r"|(?<![\w&#/])#(?P<num>\d+)\b"
    r"|(?<![\w-])(?P<jira>(?P<proj>[A-Z][A-Z0-9_]+)-(?P<jnum>\d+))\b"
)


MAX_REFS = 10_000  # references read from one text; a hostile text cannot make the list (and its checks) unbounded


class Ref(Record):
    __slots__ = ("text", "id", "kind", "line")

    def __init__(self, text: str, id: str, kind: str, line: int) -> None:
        self.text = text  # as written
        self.id = id  # normalised: "SHOP-12", "#12", "owner/repo#12", or the URL
        self.kind = kind  # jira | issue | repo-issue | url
        self.line = line  # 1-based line in the text it was found in


def find_refs(text: str, *, projects: tuple[str, ...] | list[str] = (), not_keys: tuple[str, ...] | list[str] = (),
              first_line: int = 1) -> list[Ref]:
    """All ticket references in ``text``. ``projects`` limits Jira keys; ``not_keys`` excludes words like UTF.
    ``first_line`` is the line number of the text's first line."""
    if "#" not in text and "-" not in text and "/" not in text:
        return []
    refs: list[Ref] = []
    allowed = set(projects)
    denied = set(not_keys)
    line, counted = first_line, 0  # lines counted incrementally: once over the text, not once per reference
    for m in _REF.finditer(text):
        if len(refs) >= MAX_REFS:
            break
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if m.group("url"):
            refs.append(Ref(m.group("url"), m.group("url"), "url", line))
        elif m.group("repo"):
            refs.append(Ref(m.group(0), f"{m.group('repo')}#{m.group('rnum')}", "repo-issue", line))
        elif m.group("num"):
            refs.append(Ref(m.group(0), f"#{m.group('num')}", "issue", line))
        else:
            proj = m.group("proj")
            if (allowed and proj not in allowed) or (not allowed and proj in denied):
                continue
            refs.append(Ref(m.group("jira"), m.group("jira"), "jira", line))
    return refs

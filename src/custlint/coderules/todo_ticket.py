"""CD102 todo-without-ticket: a TODO/FIXME/HACK/XXX comment names the ticket that tracks the work."""

from __future__ import annotations

import re

from custlint.coderules import CodeHit, CodeRule, Invalid, Valid

MARKER = re.compile(r"\b(TODO|FIXME|HACK|XXX)\b")
CANDIDATE = re.compile(r"#[^\n]*?\b(?:TODO|FIXME|HACK|XXX)\b[^\n]*")


def _has_ref(text: str, opts) -> bool:
    from custlint.document.refs import find_refs

    return bool(find_refs(text, projects=opts.projects, not_keys=opts.not_keys))


class TodoWithoutTicket(CodeRule):
    CODE = "CD102"
    NAME = "todo-without-ticket"
    PRINCIPLE = "customer-problem"
    SEVERITY = "error"
    MESSAGE = "{marker} comment without a ticket: work nobody tracks never reaches a customer."
    FIX = "Reference the ticket in the comment ('# {marker}(SHOP-123): ...', '# {marker}: ... #123' or the issue URL), or do the work now."
    WHAT = """
    A comment with `TODO`, `FIXME`, `HACK` or `XXX` carries a ticket reference: a Jira-style key
    (`SHOP-123`, limited by `ticket-projects`), `#123`, `owner/repo#123` or an issue URL, on the
    comment's line or on the comment lines right below it. The finding is at the comment's own
    line. Only real comments count: the same words inside a string are not a comment.
    """
    WHY = """
    A TODO in the code is a promise to someone. Without a ticket it is in nobody's backlog, never
    prioritised against customer work, and never done; with one it is visible and can be planned.
    """
    VALID = (
        Valid("def refund(order):\n    # TODO(SHOP-123): refund the delivery fee too\n    return order.total\n"),
        Valid("retry = 3  # FIXME: flaky gateway, see #88\n"),
        Valid(
            "# HACK: the gateway drops the header\n# tracked in https://github.com/acme/shop/issues/41\nheaders = {}\n"
        ),
        Valid('HELP = "# TODO: write me"\n', note="Inside a string, not a comment."),
    )
    INVALID = (
        Invalid("def refund(order):\n    # TODO: refund the delivery fee too\n    return order.total\n", line=2),
        Invalid("total = 0\nretry = 3  # XXX why three?\n", line=2),
        Invalid("# FIXME(alice): flaky\nx = 1\n", line=1, note="A name is not a ticket."),
    )

    def wants(self, src) -> bool:
        opts = src.options
        return any(not _has_ref(m.group(0), opts) for m in CANDIDATE.finditer(src.text))

    def check(self, src):
        opts = src.options
        comments = src.comments
        for i, c in enumerate(comments):
            m = MARKER.search(c.text)
            if m is None or _has_ref(c.text, opts):
                continue
            if c.own_line:  # the ticket may be on the comment lines right below
                line, tracked = c.line, False
                for nxt in comments[i + 1 :]:
                    if not nxt.own_line or nxt.line != line + 1 or MARKER.search(nxt.text):
                        break
                    line = nxt.line
                    if _has_ref(nxt.text, opts):
                        tracked = True
                        break
                if tracked:
                    continue
            yield CodeHit(c.line, {"marker": m.group(1)})

"""CD100 python-file-unreadable: a file custlint cannot read or parse is said, not skipped in silence."""

from __future__ import annotations

from custlint.coderules import CodeRule, Invalid, Valid


class PythonFileUnreadable(CodeRule):
    CODE = "CD100"
    NAME = "python-file-unreadable"
    PRINCIPLE = "measurable-kpi"
    SEVERITY = "warning"
    MESSAGE = "custlint cannot check this file: {problem}"
    FIX = "Fix the syntax error, or save the file as UTF-8; the other files are checked meanwhile."
    WHAT = """
    A Python file that is not UTF-8 text or does not parse. It is reported as a warning at its
    path (with the line of the syntax error) and the other files are still checked. Syntax newer
    than the Python running custlint is not an error: libcst confirms before anything is reported.
    """
    WHY = """
    A file custlint cannot read is a file whose metrics and TODOs nobody checked. Saying so keeps
    the gap visible instead of letting a broken file pass as clean.
    """
    VALID = (
        Valid("total = price * quantity\n"),
        Valid("match command:\n    case 'checkout':\n        pass\n", note="3.10 syntax parses."),
    )
    INVALID = (
        Invalid("def checkout(:\n    pass\n", line=1),
        Invalid("items = [\n    1,\n    2,\n", note="An unclosed bracket."),
    )

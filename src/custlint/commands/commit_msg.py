"""custlint commit-msg FILE: the commit-msg hook (``-`` reads the message from standard input)."""

from __future__ import annotations

import sys

from custlint.commands._common import Context, add_common, emit, say, warn

HELP = "judge the commit message file git hands the commit-msg hook"


# what argparse gives `custlint commit-msg FILE` (tests/test_issue14_judgement.py keeps the two equal)
_DEFAULTS = {
    "config": None,
    "format": None,
    "output": None,
    "report": None,
    "select": None,
    "extend_select": None,
    "ignore": None,
    "exit_zero": False,
    "verbose": False,
    "code_root": None,
    "quiet": False,
    "statistics": False,
    "strict": False,
    "color": None,
}


def fast_args(argv: list[str]):
    """The arguments of git's (and pre-commit's) call, ``commit-msg FILE``, read without argparse:
    its import and parser set-up are a tenth of the hook. Anything else goes to argparse (None)."""
    if len(argv) != 1 or argv[0].startswith("-") or argv[0] == "":
        return None
    from types import SimpleNamespace

    return SimpleNamespace(file=argv[0], **_DEFAULTS)


def add_arguments(parser) -> None:
    parser.add_argument(
        "file", metavar="FILE", help="the message file (git passes .git/COMMIT_EDITMSG); - reads standard input"
    )
    add_common(parser)


def run(args) -> int:
    from custlint.core.config import ticket_source
    from custlint.engine.findings import Result
    from custlint.sources.message_file import read_message

    ctx = Context(args)
    doc, notes = read_message(args.file, ctx.config.comment_char)
    if ticket_source(ctx.config):  # no ticket source: no ticket machinery to import
        from custlint.analysis.ticket_links import prepare

        notes += prepare(ctx.config)  # the ticket cache for the link rules: offline, warns when missing or stale
    for note in notes:
        warn(args, note)
    result = Result()
    if not doc.title:
        say(args, "the commit message is empty; nothing to judge (git aborts an empty commit itself)")
        return 0
    ctx.engine.run([doc], result)
    code = emit(ctx, result, "commit-msg")
    if code == 1 and args.file == "-":
        sys.stderr.write("custlint: commit message refused (read from stdin); fix it as the findings say\n")
    elif code == 1:
        from custlint.core.files import shown

        sys.stderr.write(
            f"custlint: commit refused. Your message is kept in {shown(args.file)}; fix it and reuse it with "
            f"`git commit -e -F {shown(args.file)}` (or skip with a `Custlint-Skip: <reason>` trailer).\n"
        )
    return code

"""custlint code [FILES]: the code rules (libcst) over Python files; the pre-commit hook custlint-code."""

from __future__ import annotations

from custlint.commands._common import Context, add_common, emit

HELP = "run the code rules on Python files: TODOs carry tickets, entry points emit metrics"


def add_arguments(parser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="Python files or folders (default: the code root, else the working directory)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes (default: the number of cores; 1 runs in this process)",
    )
    add_common(parser)


def run(args) -> int:
    from pathlib import Path

    from custlint.errors import UserError

    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    ctx = Context(args)
    root = ctx.code_root or Path.cwd()
    paths = args.files or [str(root)]
    result = ctx.engine.judge_code(paths, code_root=root, jobs=args.jobs)
    if not any(r.kind == "code" for r in ctx.rules):
        result.notes.append("no code rule is selected; `custlint rules` lists them (codes CD...)")
    return emit(ctx, result, "code")

"""custlint compile: the judgement's hot modules compiled to C with mypyc (:mod:`custlint.accel`).

A history audit then judges each commit in about a third less time, with the same findings. The
build is used only while every compiled source is unchanged; ``--status`` says whether it is.
"""

from __future__ import annotations

import sys

HELP = "compile the judgement's hot modules with mypyc for faster audits (--status: is the build in use)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--status",
        action="store_true",
        help="say whether custlint uses the compiled modules, and why not (exit 1 if not)",
    )


def run(args) -> int:
    from custlint import accel

    if args.status:
        print(f"compiled modules: {'in use' if accel.ACTIVE else 'not used'}: {accel.REASON}")
        return 0 if accel.ACTIVE else 1
    where = accel.build()  # a UserError (no mypyc, no compiler) is the CLI's one line and exit 2
    print(f"custlint: {len(accel.MODULES)} modules compiled into {where}", file=sys.stderr)
    return 0

"""custlint prfaq FILE...: check press release / PR-FAQ documents (Markdown)."""

from __future__ import annotations

from custlint.commands._common import Context, add_common, emit
from custlint.core.files import shown

HELP = "check a press release / PR-FAQ: headline, customer problem, solution, customer quote, FAQ"
PACK = "prfaq.toml"


def add_arguments(parser) -> None:
    parser.add_argument(
        "files", metavar="FILE", nargs="+", help="PR-FAQ documents in Markdown (e.g. docs/prfaq/reorder.md)"
    )
    add_common(parser)


def run(args) -> int:
    from pathlib import Path

    from custlint.document.message import commit_document
    from custlint.engine.evaluator import Engine
    from custlint.engine.findings import Result
    from custlint.errors import UserError
    from custlint.sources.message_file import read_text

    ctx = Context(args)
    rules = [r for r in ctx.rules if Path(r.pack).name == PACK]
    if not rules:
        raise UserError(
            "every PR-FAQ rule (WB411-WB415) is switched off by the config or --ignore/--select; "
            "select them with --extend-select WB41"
        )
    engine = Engine(ctx.config, rules, ctx.engine.settings)
    result = Result()
    for path in args.files:
        if Path(path).is_dir():
            raise UserError(f"{shown(path)} is a directory; pass the PR-FAQ file(s), e.g. {path.rstrip('/')}/*.md")
        if not Path(path).exists():
            raise UserError(
                f"PR-FAQ file not found: {path}; pass the path of the Markdown document (e.g. docs/prfaq/reorder.md)"
            )
        text, notes = read_text(path)
        if not text.strip():
            raise UserError(
                f"{path} is empty; a PR-FAQ needs a headline, the customer problem, the solution, a quote and an FAQ"
            )
        result.notes.extend(notes)
        doc = commit_document(text, subject=path, path=path, strip_comments=False)
        doc.kind = "ticket"
        doc.labels = ["prfaq"]
        findings, _ = engine.judge(doc)
        result.checked += 1
        result.findings.extend(findings)
    return emit(ctx, result, "prfaq")

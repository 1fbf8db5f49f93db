"""custlint report merge A.json B.json ...: join the audits of several repositories."""

from __future__ import annotations

from pathlib import Path

from custlint.errors import UserError
from custlint.reporters.audit_output import emit, write_file

HELP = "join `custlint audit --format json` results of several repositories (report merge A.json B.json)"


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    m = sub.add_parser(
        "merge",
        help="merge audit JSON files into one org-wide audit",
        description="Merge audit JSON files (one per repository, e.g. from a CI matrix) into one.",
    )
    m.add_argument("files", nargs="+", metavar="AUDIT.json", help="files written by `custlint audit --format json`")
    m.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report to FILE")
    m.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    m.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    m.add_argument(
        "--by", choices=("author", "path", "team"), default="author", help="the HTML table: per author, path or team"
    )


def _names(files: list[str]) -> list[str]:
    """Each file's repository name: its stem, or its folder when stems repeat (a/audit.json, b/audit.json)."""
    stems = [Path(f).stem for f in files]
    if len(set(stems)) == len(stems):
        return stems
    return [str(Path(f).with_suffix("")) for f in files]


def run(args) -> int:
    from custlint.audit import merge

    if args.action != "merge":
        raise UserError("say what to do: `custlint report merge A.json B.json ... [--html org.html]`")
    named = list(zip(_names(args.files), (merge.load(f) for f in args.files), strict=True))
    data = merge.merge(named)
    if args.html:
        from custlint.reporters import audit_html as html

        write_file(args.html, html.render(data, by=args.by, title="custlint org audit"))
    emit(data, args.format, args.output)
    return 0

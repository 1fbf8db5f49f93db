"""custlint tickets [PATH ...]: lint the backlog, and prove "done" with production evidence."""

from __future__ import annotations

import sys
from pathlib import Path

from custlint.commands._common import Context, add_common, emit

HELP = "lint tickets (files, GitHub or Jira) and check done tickets reached production"
SOURCES = ("files", "github-json", "jira-json", "github", "jira")


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="ticket files or folders (default: [tool.custlint.tickets] paths), or the one JSON "
                             "FILE of --from github-json / jira-json")
    parser.add_argument("--from", dest="source", metavar="SOURCE", choices=SOURCES,
                        help="where tickets come from: files (default), github-json FILE, jira-json FILE, "
                             "github --repo OWNER/NAME, jira --jql QUERY")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="the GitHub repository for --from github")
    parser.add_argument("--jql", metavar="QUERY", help="the Jira query for --from jira")
    parser.add_argument("--git", metavar="DIR", help="the git repository holding the tickets' commits and release "
                                                     "tags (default: the one around the working directory)")
    parser.add_argument("--refresh", action="store_true",
                        help="write the ticket cache the commit-msg hook and link rules read, then stop")
    add_common(parser)


def _config_path(cfg, value: str) -> str:
    """A path from the config (relative to its file), shown relative to the working directory when it is below it."""
    import os

    p = Path(value)
    p = p if p.is_absolute() else cfg.root / p
    try:
        return os.path.relpath(p) if p.resolve().is_relative_to(Path.cwd().resolve()) else str(p)
    except ValueError:
        return str(p)


def read_source(args, cfg):
    """``(source label, tickets and errors, live deployments or None)``."""
    from custlint.errors import UserError
    from custlint.tickets import exports, files, live

    t = cfg["tickets"]
    source = args.source or t["source"] or "files"
    if source == "files":
        paths = args.paths or [_config_path(cfg, p) for p in t["paths"]]
        return f"ticket files ({', '.join(args.paths or t['paths'])})", list(files.read_tickets(paths)), None
    if source in ("github-json", "jira-json"):
        if len(args.paths) > 1:
            raise UserError(f"--from {source} reads one FILE, not {len(args.paths)}")
        path = args.paths[0] if args.paths else (_config_path(cfg, t["export"]) if t["export"] else "")
        if not path:
            raise UserError(f"--from {source} needs the export FILE: `custlint tickets --from {source} FILE`")
        reader = exports.read_github_json if source == "github-json" else exports.read_jira_json
        return f"{source} {path}", list(reader(path)), None
    if args.paths:
        raise UserError(f"--from {source} reads the live API and takes no PATH")
    if source == "github":
        repo = args.repo or t["repo"]
        if not repo:
            raise UserError("--from github needs --repo OWNER/NAME (or [tool.custlint.tickets] repo)")
        items = live.github_tickets(repo, cfg)
        return f"GitHub {repo}", items, repo
    jql = args.jql or t["jql"]
    return f"Jira ({jql})", live.jira_tickets(jql, cfg), None


def run(args) -> int:
    from custlint.findings import Result
    from custlint.tickets import Ticket, TicketError, done_statuses, to_document

    ctx = Context(args)
    cfg = ctx.config
    label, items, gh_repo = read_source(args, cfg)
    tickets = [i for i in items if isinstance(i, Ticket)]
    errors: list = [i for i in items if isinstance(i, TicketError)]
    for e in errors:
        sys.stderr.write(f"custlint: error: {_line(str(e))}\n")

    if args.refresh:
        from custlint.tickets.cache import build_index
        from custlint.tickets.links import write_cache

        path = write_cache(cfg, build_index(tickets, cfg, ctx.engine.settings, label))
        sys.stderr.write(f"custlint: wrote {len(tickets)} tickets from {label} to {path}\n")
        return 2 if errors else 0

    result = Result()
    done_list = done_statuses(cfg)
    done = {t.id: t.is_done(done_list) for t in tickets}
    verdicts = {}
    if any(done.values()) and any(r.kind == "analysis" and r.check == "ticket-done-in-production" for r in ctx.rules):
        verdicts, problems, broken = _evidence(args, cfg, ctx, [t for t in tickets if done[t.id]], gh_repo, result)
        for p in problems:
            sys.stderr.write(f"custlint: warning: {_line(p)}\n")
        for b in broken:
            sys.stderr.write(f"custlint: error: {_line(b)}\n")
        errors += broken
    docs = []
    for t in tickets:
        doc = to_document(t, done=done[t.id])
        if t.id in verdicts:
            doc.extra["verdict"] = verdicts[t.id]
        docs.append(doc)
    ctx.engine.run(docs, result)
    if verdicts:
        counts = {s: sum(1 for v in verdicts.values() if v.state == s) for s in ("deployed", "not deployed", "unknown")}
        result.notes.append("done tickets: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
        if args.verbose:
            for tid, v in verdicts.items():
                if v.state == "deployed":
                    result.notes.append(f"{tid}: deployed, {v.reason}")
    if not tickets and not errors:
        result.notes.append(f"no tickets in {label}")
    code = emit(ctx, result, "tickets")
    unread = [e for e in errors if isinstance(e, TicketError)]
    if unread:
        sys.stderr.write(f"custlint: {len(unread)} ticket{'s' if len(unread) != 1 else ''} of {label} could not be read "
                         f"(see above); the other {len(tickets)} were judged\n")
    if errors:
        return 2
    return code


def _evidence(args, cfg, ctx, done, gh_repo, result):
    from custlint.errors import UserError
    from custlint.tickets import evidence

    problems: list[str] = []
    try:
        from custlint.sources.git_history import open_repo

        repo = open_repo(args.git)
    except UserError as exc:
        if args.git:
            raise
        result.notes.append(f"no production evidence: {exc}")
        repo = None
    deployments = None
    if gh_repo and repo is not None:
        from custlint.tickets.live import github_deployments

        try:
            deployments = github_deployments(gh_repo, cfg)
        except UserError as exc:  # the tickets were read; judge them on tags and the log alone
            problems.append(f"GitHub deployments are not used as evidence: {exc}")
    undated = [t.path for t in done if t.path and not t.done_at]
    if undated and repo is not None:
        dates = evidence.file_change_dates(repo, undated)
        for t in done:
            if t.path in dates:
                t.extra["file_changed"] = dates[t.path]
    broken: list[str] = []
    verdicts = evidence.judge(done, repo, cfg, analysis_settings=ctx.engine.settings, deployments=deployments,
                              deploy_problems=problems, source_errors=broken, gh_repo=gh_repo or "")
    for v in verdicts.values():
        problems.extend(v.warnings)
    return verdicts, problems, broken


def _line(text: str) -> str:
    return " ".join(text.split())

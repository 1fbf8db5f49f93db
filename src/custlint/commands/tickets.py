"""custlint tickets [PATH ...]: lint the backlog, and prove "done" with production evidence."""

from __future__ import annotations

import sys

from custlint.commands._common import Context, add_common, emit, say, warn

HELP = "lint tickets (files, GitHub, GitLab or Jira) and check done tickets reached production"
SOURCES = ("files", "github-json", "jira-json", "gitlab-json", "github", "gitlab", "jira")


def add_arguments(parser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="ticket files or folders (default: [tool.custlint.tickets] paths), or the one JSON "
        "FILE of --from github-json / jira-json / gitlab-json",
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="SOURCE",
        choices=SOURCES,
        help="where tickets come from: files (default), github-json FILE, jira-json FILE, gitlab-json FILE, "
        "github --repo OWNER/NAME, gitlab --repo GROUP/PROJECT, jira --jql QUERY",
    )
    parser.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="the GitHub repository for --from github, or the GitLab project (GROUP/PROJECT or its id) for --from gitlab",
    )
    parser.add_argument("--jql", metavar="QUERY", help="the Jira query for --from jira")
    parser.add_argument(
        "--git",
        metavar="DIR",
        help="the git repository holding the tickets' commits and release "
        "tags (default: the one around the working directory)",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="write the ticket cache the commit-msg hook and link rules read, then stop",
    )
    add_common(parser)


def run(args) -> int:
    from custlint.document.ticket import PullRequest, Ticket, TicketError, done_statuses, to_document
    from custlint.engine.findings import Result
    from custlint.sources.tickets.read import read_source

    ctx = Context(args)
    cfg = ctx.config
    label, items, gh_repo = read_source(cfg, args.source, args.paths, args.repo, args.jql)
    tickets = [i for i in items if isinstance(i, Ticket)]
    errors: list = [i for i in items if isinstance(i, TicketError)]
    for e in errors:
        sys.stderr.write(f"custlint: error: {_line(str(e))}\n")

    if args.refresh:
        from custlint.analysis.ticket_links import build_index, write_cache

        pulls = [i.id for i in items if isinstance(i, PullRequest)]
        path = write_cache(cfg, build_index(tickets, cfg, ctx.engine.settings, label, pulls))
        say(args, f"wrote {len(tickets)} tickets from {label} to {path}")
        return 2 if errors else 0

    result = Result()
    done_list = done_statuses(cfg)
    done = {t.id: t.is_done(done_list) for t in tickets}
    verdicts = {}
    if any(done.values()) and any(
        r.kind == "analysis" and r.check in ("ticket-done-in-production", "kpi-review-due") for r in ctx.rules
    ):
        verdicts, problems, broken = _evidence(args, cfg, ctx, [t for t in tickets if done[t.id]], gh_repo, result)
        for p in problems:
            warn(args, p)
        for b in broken:
            sys.stderr.write(f"custlint: error: {_line(b)}\n")
        errors += broken
    source = args.source or cfg.tickets.source or "files"
    with_result: set[str] = set()
    if verdicts and source in ("github", "jira") and any(r.check == "kpi-review-due" for r in ctx.rules):
        from custlint.sources.tickets.comments import results_in_comments

        with_result, unread_comments = results_in_comments(
            tickets, verdicts, source, gh_repo or "", cfg, ctx.engine.settings
        )
        for p in unread_comments:
            sys.stderr.write(f"custlint: warning: {_line(p)}\n")
    docs = []
    for t in tickets:
        doc = to_document(t, done=done[t.id])
        if t.id in verdicts:
            doc.extra["verdict"] = verdicts[t.id]
        if t.id in with_result:
            doc.extra["kpi_result_comment"] = True
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
        sys.stderr.write(
            f"custlint: {len(unread)} ticket{'s' if len(unread) != 1 else ''} of {label} could not be read "
            f"(see above); the other {len(tickets)} were judged\n"
        )
    if errors:
        return 2
    return code


def _evidence(args, cfg, ctx, done, gh_repo, result):
    from custlint.analysis import evidence
    from custlint.errors import UserError

    try:
        from custlint.sources.git import open_repo

        repo = open_repo(args.git)
    except UserError as exc:
        if args.git:
            raise
        result.notes.append(f"no production evidence: {exc}")
        repo = None
    return evidence.judge_done(done, repo, cfg, analysis_settings=ctx.engine.settings, gh_repo=gh_repo or "")


def _line(text: str) -> str:
    return " ".join(text.split())

"""custlint release [REV]: production closes the loop. Run by the deploy pipeline after a
production deploy: the tickets whose commits are all in REV are closed as done, the others told
how far they got, merged PRs told they shipped; idempotent, so a rerun does nothing twice."""

from __future__ import annotations

import sys

HELP = "after a production deploy: close the tickets now fully in production, comment on the rest (idempotent)"
SOURCES = ("files", "github", "jira", "gitlab")


def add_arguments(parser) -> None:
    parser.add_argument(
        "rev",
        nargs="?",
        metavar="REV",
        help="what is now in production (default: HEAD; under GitHub Actions the deployment's, release's or tag's commit)",
    )
    parser.add_argument(
        "--since",
        metavar="REV",
        help="the previous production point (default: the last production record before REV in "
        "production.deploy-log, else the newest release tag REV contains, else all history)",
    )
    parser.add_argument(
        "--from",
        dest="source",
        metavar="SOURCE",
        choices=SOURCES,
        help="the ticket source: files, github --repo OWNER/NAME, jira --jql QUERY, gitlab --repo GROUP/PROJECT "
        "(default: [tool.custlint.tickets] source)",
    )
    parser.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="the GitHub repository for --from github and --comment-prs, or the GitLab project (GROUP/PROJECT "
        "or its id; default in a GitLab job: CI_PROJECT_ID) for --from gitlab",
    )
    parser.add_argument("--jql", metavar="QUERY", help="the Jira query for --from jira")
    parser.add_argument(
        "--git", metavar="DIR", help="the git repository (default: the one around the working directory)"
    )
    parser.add_argument("--dry-run", action="store_true", help="change nothing: print the plan")
    parser.add_argument(
        "--write", action="store_true", help="ticket files: write the front matter change (without it, it is printed)"
    )
    parser.add_argument(
        "--comment-prs",
        action="store_true",
        help="comment once on each merged PR whose merge commit is in the release; with --from gitlab (or "
        "in a GitLab job) on each merged MR (!N) whose merge or squash commit is",
    )
    parser.add_argument(
        "--record", action="store_true", help="append REV's production record to production.deploy-log (once)"
    )
    parser.add_argument(
        "--environment",
        metavar="NAME",
        help="the environment --record writes (default: the first of production.environments)",
    )
    parser.add_argument(
        "--deploy-id",
        metavar="ID",
        help="the deployment id --record writes (default: the deployment's id under GitHub Actions, else REV's release tag, else its short SHA)",
    )
    parser.add_argument("--time", metavar="ISO", help="when REV reached production (default: now)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--config", metavar="FILE", help="config file (default: nearest .custlint.toml or pyproject.toml)"
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="also list the commits of each ticket")


def run(args) -> int:
    from custlint.analysis.analyzer import Settings
    from custlint.core.config import load_config
    from custlint.document.ticket import Ticket, TicketError
    from custlint.errors import UserError
    from custlint.release import plan as P
    from custlint.release import range as R
    from custlint.sources import ci_env
    from custlint.sources.git import open_repo
    from custlint.sources.tickets.read import read_source

    cfg = load_config(args.config)
    ci = ci_env.load()
    rev, env, deploy_id, when = args.rev, args.environment or "", args.deploy_id or "", args.time
    if not rev:
        from custlint.release.event import from_event

        ev = from_event(ci, cfg)
        if ev is not None and ev.skip:
            sys.stderr.write(f"custlint: release: {ev.skip}; nothing to do\n")
            return 0
        if ev is not None:
            rev, env, deploy_id, when = (
                ev.rev,
                env or ev.environment,
                deploy_id or ev.deploy_id,
                when or ev.time or None,
            )
    if args.write and args.dry_run:
        raise UserError("--write and --dry-run contradict each other; pass one")
    if args.write and (args.source or cfg.tickets.source or "files") != "files":
        raise UserError("--write is for ticket files; GitHub, GitLab and Jira are written unless --dry-run")
    repo = open_repo(args.git)
    release = R.find_release(repo, cfg, rev, args.since, when)
    source = args.source or cfg.tickets.source or "files"
    if source not in SOURCES:
        raise UserError(f"custlint release writes to files, github, gitlab or jira, not {source!r}; pass --from")
    label, items, gh_repo = read_source(cfg, source, None, args.repo, args.jql)
    tickets = [i for i in items if isinstance(i, Ticket)]
    unread = [i for i in items if isinstance(i, TicketError)]
    for e in unread:
        sys.stderr.write(f"custlint: warning: ticket not read: {' '.join(str(e).split())}\n")
    recorded = ""
    if args.record:
        env = env or (cfg.production.environments[0] if cfg.production.environments else "production")
        release.deploy_id = deploy_id or release.tag or release.sha[:12]
        if not args.dry_run:  # first: the deploy happened, whatever the tickets say afterwards
            recorded = R.record(cfg, release, env, release.deploy_id)
    elif not release.tag and source == "files":  # `released:` must name something TK301 finds again
        sys.stderr.write(
            f"custlint: warning: {release.rev} is no release tag and --record is not given, so TK301 will not find "
            f"release {release.name} (the tickets' `released`) as production evidence; pass --record (with "
            "production.deploy-log) or tag the release\n"
        )
    commits = R.commits(repo, release)
    settings = Settings.from_config(cfg)
    gl = _gitlab(args, cfg, ci, source)
    if source == "gitlab":
        from custlint.release.gitlab import gitlab_project

        gh_repo = gitlab_project(gl or "", ci.gitlab)[1]  # whose `group/project#N` references are the tickets
    plans = P.build(tickets, commits, repo, cfg, settings, release, gh_repo or "")
    gh_name = gl if gl is not None else (args.repo or gh_repo or cfg.tickets.repo or ci.repository)
    failure = _apply(args, cfg, source, plans, release, gh_name, ci)
    prs, pr_failure = ([], None)
    if args.comment_prs and failure is None and gl is not None:
        prs, pr_failure = _mrs(args, cfg, commits, release, gl, settings, ci)
    elif args.comment_prs and failure is None:
        prs, pr_failure = _prs(args, cfg, commits, release, gh_name, settings)
    failure = failure or pr_failure
    _print(args, release, commits, plans, prs, label, recorded)
    if ci.step_summary:
        from custlint.reporters import release_markdown

        release_markdown.append(ci.step_summary, release_markdown.markdown(release, len(commits), plans, prs, failure))
    if failure is not None:
        sys.stderr.write(f"custlint: error: {failure}\n")
        return 2
    return 2 if unread else 0


def _gitlab(args, cfg, ci, source) -> str | None:
    """The GitLab project (as given; '' for the job's) when GitLab is written to, else None: for
    --from gitlab, and for --comment-prs in a GitLab job whose tickets are not on GitHub."""
    if source == "gitlab" or (args.comment_prs and source != "github" and ci.gitlab_ci and not ci.github_actions):
        return args.repo or (cfg.tickets.repo if source == "gitlab" else "") or ""
    return None


def _apply(args, cfg, source, plans, release, gh_name, ci) -> str | None:
    """Carry the plan out, ticket by ticket; stops at the first failure and says where it stopped."""
    from custlint.document.ticket import done_statuses
    from custlint.errors import UserError

    todo = [p for p in plans if p.action != "none"]
    for p in plans:
        if p.action == "none":
            p.result = "nothing to do"
    if args.dry_run and source != "files":
        for p in todo:
            p.result = "dry run"
        return None
    writer = None
    for i, p in enumerate(todo):
        try:
            if source == "files":
                from custlint.release import files

                p.detail, wrote = files.apply(p, release, done_statuses(cfg)[0], args.write, args.dry_run)
                p.result = (
                    "dry run"
                    if args.dry_run
                    else ("done" if wrote else ("not written" if "would" in p.detail else "nothing to do"))
                )
            else:
                if writer is None:
                    writer = _writer(source, cfg, gh_name, ci)
                p.detail, wrote = writer.ticket(p, release)
                p.result = "done" if wrote else "already done"
        except UserError as exc:
            p.result, p.detail = "failed", " ".join(str(exc).split())
            for q in todo[i + 1 :]:
                q.result = "not attempted"
            return (
                f"{p.id}: {p.detail}; {p.id} was left {_left(p)}, and {len(todo) - i - 1} ticket(s) after it were "
                "not attempted; rerun when it is fixed (nothing is done twice)"
            )
    return None


def _left(p) -> str:
    if p.action == "close" and "/comment" not in p.detail and "/notes" not in p.detail:
        return "open with its release comment posted (a rerun closes it without a second comment)"
    return "as it was"


def _writer(source, cfg, gh_name, ci):
    from custlint.errors import UserError

    if source == "gitlab":
        from custlint.release.gitlab import GitLabWriter

        return GitLabWriter(gh_name, cfg, ci.gitlab)
    if source == "github":
        from custlint.release.github import GitHubWriter

        if not gh_name:
            raise UserError("--from github needs --repo OWNER/NAME (or [tool.custlint.tickets] repo)")
        return GitHubWriter(gh_name, cfg)
    from custlint.release.jira import JiraWriter

    return JiraWriter(cfg)


def _prs(args, cfg, commits, release, gh_name, settings):
    """Merged PRs whose merge commit is in the release: one comment each (``--comment-prs``)."""
    import re

    from custlint.errors import UserError
    from custlint.release import comments as C
    from custlint.release.github import GitHubWriter

    if not gh_name:
        raise UserError("--comment-prs needs the GitHub repository: --repo OWNER/NAME or [tool.custlint.tickets] repo")
    in_range = {c.sha for c in commits}
    numbers: dict[int, str] = {}
    merge = re.compile(r"Merge pull request #(\d+) ")
    squash = re.compile(r"\(#(\d+)\)\s*\Z")
    for c in commits:
        subject = c.message.split("\n", 1)[0]
        m = merge.match(subject) if len(c.parents) > 1 else squash.search(subject)
        if m:
            numbers.setdefault(int(m.group(1)), c.sha)
    writer = GitHubWriter(gh_name, cfg)

    def comment(n, pr):
        count = pr.get("comments") if isinstance(pr.get("comments"), int) else None
        return writer.comment_pr(n, release, C.pr_checklist(pr, settings), count)

    return _comment_merged(
        args,
        numbers,
        fetch=writer.pull,
        merged=lambda pr: bool(pr.get("merged_at")) and pr.get("merge_commit_sha") in in_range,
        comment=comment,
        ref=lambda n: f"#{n}",
        kind="PR",
    )


def _mrs(args, cfg, commits, release, project, settings, ci):
    """Merged MRs whose merge (or squash) commit is in the release: one note each (``--comment-prs``)."""
    from custlint.release import comments as C
    from custlint.release.gitlab import GitLabWriter, as_pr, merged_in

    writer = GitLabWriter(project, cfg, ci.gitlab)
    in_range = {c.sha for c in commits}

    def comment(iid, mr):
        count = mr.get("user_notes_count")
        known = count if isinstance(count, int) and not isinstance(count, bool) else None
        return writer.comment_mr(iid, release, C.pr_checklist(as_pr(mr), settings), known)

    return _comment_merged(
        args,
        dict(sorted(writer.mr_iids(commits).items())),
        fetch=writer.merge_request,
        merged=lambda mr: merged_in(mr, in_range),
        comment=comment,
        ref=lambda iid: f"!{iid}",
        kind="MR",
        with_ref=True,
    )


def _comment_merged(args, numbers: dict[int, str], *, fetch, merged, comment, ref, kind: str, with_ref=False):
    """One release comment on each merged PR (GitHub) or MR (GitLab) of ``numbers`` (number -> the
    commit naming it) whose merge commit is in the release: ``(rows, failure or None)``; the first
    failure stops the rest, said in one line."""
    from custlint.errors import UserError

    rows: list[dict] = []
    for n in sorted(numbers):
        row = {"number": n, "action": "comment", "commit": numbers[n], "result": "planned", "reason": ""}
        if with_ref:
            row = {"number": n, "ref": ref(n), **{k: v for k, v in row.items() if k != "number"}}
        rows.append(row)
        try:
            item = fetch(n)
            if not item or not merged(item):
                row.update(
                    action="none", result="nothing to do", reason="not merged with a merge commit in this release"
                )
                continue
            row["reason"] = "merged in this release"
            if args.dry_run:
                row["result"] = "dry run"
                continue
            row["detail"], wrote = comment(n, item)
            row["result"] = "done" if wrote else "already done"
        except UserError as exc:
            row.update(result="failed", detail=" ".join(str(exc).split()))
            return rows, f"{kind} {ref(n)}: {row['detail']}; the {kind}s after it were not attempted"
    return rows, None


def _print(args, release, commits, plans, prs, label, recorded) -> None:
    from custlint.reporters.safe_stream import write_report

    if args.format == "json":
        import json

        from custlint.reporters.safe_stream import json_text

        data = {
            "release": release.as_json(),
            "commits": len(commits),
            "tickets": [p.as_json() for p in plans],
            "prs": prs,
            "source": label,
            "since_from": release.since_from,
            "dry_run": bool(args.dry_run),
            **({"recorded": recorded} if recorded else {}),
        }
        write_report(sys.stdout, json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")
        return
    since = f"since {release.since} ({release.since_from})" if release.since_sha else "first release: all history"
    lines = [
        f"release {release.name} ({release.sha[:12]}, {release.time}), {since}: "
        f"{len(commits)} commit{'s' if len(commits) != 1 else ''}, {len(plans)} ticket{'s' if len(plans) != 1 else ''} from {label}"
        + (" [dry run]" if args.dry_run else "")
    ]
    if plans:
        w = max(6, *(len(p.id) for p in plans))
        lines.append(f"  {'ticket':<{w}}  {'action':<7}  {'in prod':>7}  {'result':<13}  reason")
        for p in plans:
            prod = f"{len(p.in_production)}/{len(p.commits)}" if p.commits else "-"
            lines.append(f"  {p.id:<{w}}  {p.action:<7}  {prod:>7}  {p.result:<13}  {_one(p.reason)}")
            if p.detail:
                lines.append(f"  {'':<{w}}  {'':<7}  {'':>7}  {'':<13}  -> {_one(p.detail)}")
            if args.verbose:
                for c in p.commits:
                    lines.append(
                        f"  {'':<{w}}  {'':<7}  {'':>7}  {'':<13}  {c[:12]} {'in production' if c in p.in_production else 'not in production'}"
                    )
    for r in prs:
        lines.append(
            f"  {r.get('ref') or 'PR #' + str(r['number'])}: {r['action']}, {r['result']}{': ' + _one(r.get('detail') or r['reason']) if (r.get('detail') or r['reason']) else ''}"
        )
    if recorded:
        lines.append(recorded)
    text = "\n".join(lines) + "\n"
    if ci_github():
        from custlint.reporters.github import no_commands

        text = no_commands(text)
    write_report(sys.stdout, text)


def ci_github() -> bool:
    from custlint.sources import ci_env

    return ci_env.current().github_actions


def _one(text: str) -> str:
    return " ".join(str(text).split())

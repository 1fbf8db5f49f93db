"""custlint audit [RANGE] [-- PATH ...]: how much of a repository's history starts from a customer
problem, is measured by a KPI, and how long it takes to reach production."""

from __future__ import annotations

import os
import sys

from custlint.errors import UserError

HELP = "audit repository history: per-principle trends, lead time to production, an HTML report"


def add_arguments(parser) -> None:
    parser.add_argument(
        "items",
        nargs="*",
        metavar="RANGE [-- PATH ...]",
        help="a revision range (default: HEAD, all of its history); paths after `--` limit the "
        "audit to commits touching them",
    )
    parser.add_argument("--repo", metavar="DIR", help="the repository (default: the one around the working directory)")
    parser.add_argument("--since", metavar="DATE", help="only commits after DATE (anything `git log --since` takes)")
    parser.add_argument("--until", metavar="DATE", help="only commits before DATE")
    parser.add_argument(
        "--by",
        choices=("author", "path", "team"),
        default="author",
        help="group the table by author (default, as .mailmap names them), by top-level directory, or by "
        "team: the owners CODEOWNERS gives the files a commit touches (.github/CODEOWNERS, CODEOWNERS, "
        "docs/CODEOWNERS or .gitlab/CODEOWNERS at the range's tip; GitHub and GitLab syntax, last match wins)",
    )
    parser.add_argument(
        "--period",
        choices=("month", "quarter", "year"),
        help="the trend's periods (default: the finest with at most 40 points over the range in which a "
        "typical period has 5 checked commits or more)",
    )
    parser.add_argument(
        "--forge",
        choices=("auto", "github", "gitlab", "none"),
        default="auto",
        help="where the report links commits and pull/merge requests: from the origin remote's URL "
        "(auto, default: GitLab when its host name contains 'gitlab', else GitHub), a forge for a host "
        "named otherwise, or none",
    )
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with charts to FILE")
    parser.add_argument(
        "--release-tags",
        metavar="GLOBS",
        help="comma-separated tag globs that mark production releases (default: the config's "
        "production.release-tags, v*; when the default matches no tag, the glob covering most version-like "
        "tags, said on stderr and in the report)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="N",
        help="worker processes for the analysis (default: auto; 0 judges in this process)",
    )
    parser.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    parser.add_argument(
        "--no-tickets",
        action="store_true",
        help="leave out the tickets marked done before production (read from [tool.custlint.tickets] "
        "source when one is set)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="judge every commit again: read and write no cache, neither the per-commit results nor "
        "the parsed rules and config (kept in the user's cache folder: $CUSTLINT_CACHE_DIR, else $XDG_CACHE_HOME/custlint or "
        "~/.cache/custlint; CUSTLINT_NO_CACHE=1 turns it off too)",
    )
    g = parser.add_argument_group("common options")
    g.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: nearest .custlint.toml or pyproject.toml with [tool.custlint])",
    )
    g.add_argument("--format", metavar="FORMAT", choices=("text", "json"), help="text (default) or json")
    g.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    g.add_argument("--select", metavar="RULES", help="comma-separated rules to run (replaces the config's select)")
    g.add_argument("--extend-select", metavar="RULES", help="comma-separated rules to add")
    g.add_argument("--ignore", metavar="RULES", help="comma-separated rules to switch off")
    g.add_argument("--verbose", "-v", action="store_true", help="say more on stderr (timings, the git commands' scope)")


def split_items(items: list[str], argv: list[str]) -> tuple[str | None, list[str]]:
    """``RANGE -- PATH ...``: argparse drops the ``--``, so count what came after it."""
    if "--" in argv:
        n_paths = len(argv) - argv.index("--") - 1
        revs, paths = items[: len(items) - n_paths], items[len(items) - n_paths :]
    else:
        revs, paths = items, []
    if len(revs) > 1:
        raise UserError(
            f"one range at most, got {' '.join(revs)!r}; put paths after `--`: custlint audit RANGE -- PATH"
        )
    return (revs[0] if revs else None), paths


def shallow_note(repo) -> str | None:
    """How much history a shallow clone lacks, and how to fetch it."""
    from custlint.sources import git
    from custlint.sources import git_history as gh

    if not git.is_shallow(repo):
        return None
    try:
        with open(os.path.join(git.git_dir(repo), "shallow"), encoding="ascii") as fh:
            cuts = [ln.strip() for ln in fh if ln.strip()]
    except OSError:
        cuts = []
    oldest = ""
    if cuts:
        try:
            dates = git.run(repo, "log", "--no-walk", "--format=%cs", *cuts).split()
            oldest = min(dates) if dates else ""
        except git.GitFailed:
            pass
    where = f" at {len(cuts)} cut-off commit(s), the oldest from {oldest}" if oldest else ""
    return (
        f"this clone is shallow: history stops{where}; every commit and release before that is missing "
        f"from the audit. {gh.FETCH_HINT[0].upper()}{gh.FETCH_HINT[1:]} and run the audit again"
    )


def run(args) -> int:
    import time

    # what git log needs first: the judgement (the worker, the rules) is imported once it runs
    from custlint.audit import leadtime
    from custlint.core.config import load_config
    from custlint.sources import git, git_log
    from custlint.sources import git_history as gh

    t0 = time.perf_counter()
    if args.no_cache:  # every cache of this process, as CUSTLINT_NO_CACHE=1 (custlint.core.usercache)
        os.environ["CUSTLINT_NO_CACHE"] = "1"
    rev_range, paths = split_items(args.items, sys.argv[1:] if sys.argv[1:2] == ["audit"] else [])
    config = load_config(getattr(args, "config", None))
    repo = git.open_repo(args.repo)
    if args.jobs is not None and args.jobs < 0:
        raise UserError("--jobs must be 0 or more")
    tags_proc = leadtime.start_tags(repo)  # (read below: git lists them while the range is checked)
    resolved = gh.check_range(repo, rev_range or "HEAD", command="audit", shallow_ok=True)
    rev_range = rev_range or "HEAD"
    note = shallow_note(repo)
    if note:
        sys.stderr.write(f"custlint: note: {note}\n")

    patterns = (
        [p.strip() for p in args.release_tags.split(",") if p.strip()]
        if args.release_tags is not None
        else list(config.production.release_tags)
    )
    # what the walk imports, while git lists the tags (git log, which needs them, starts soon after)
    from custlint.audit import cache, collect, worker

    tags = leadtime.read_tags(repo, tags_proc)  # once: the fallback below reads the same list
    releases = leadtime.release_tags(repo, patterns, tags)
    tags_note = None
    if not releases:
        releases, patterns, tags_note = _find_release_tags(
            repo, patterns, defaulted=args.release_tags is None, tags=tags
        )
        if releases or "no tags" not in tags_note:  # the report says it too; a repository without tags is no news
            sys.stderr.write(f"custlint: note: {tags_note}\n")
    own: dict[str, int] = {}
    for i, r in enumerate(releases):
        own.setdefault(r.sha, i)
    until = _until(repo, args.until)
    release_of = tips = None
    if paths:  # git skips commits that do not touch the paths: map releases in a separate walk
        release_of = leadtime.first_release(repo, releases, [e[1:] for e in _negatives(rev_range)])
        revs, topo = [rev_range], False
    else:  # one walk: the range and the release tags together, children before parents
        tips = _tips(repo, rev_range, resolved)
        revs, topo = [rev_range, *sorted(own)], bool(own) or until is not None
    names = args.by in ("path", "team")
    # a whole history (no range end, date or path cut it, the clone is whole): git's own order, put right
    # by the audit (audit/reorder.py), streams at once where --topo-order walks everything first
    reorder = topo and until is None and not args.since and not paths and not names and not note
    reorder = reorder and not _negatives(rev_range) and "..." not in rev_range
    # a commit's dates are read by no rule of custlint's: git writes them only where an installed rule
    # pack's own checks could (git_log.NO_DATES)
    dates = bool(config.rule_packs)
    git_args = git_log.log_args(
        revs, since=args.since, paths=paths, names=names, topo=topo and not reorder, dates=dates
    )
    # git first: in topological order it walks the whole history before its first line, meanwhile
    # the rules are loaded, the result cache read and the workers forked
    proc = git_log.start(repo, git_args)
    progress = None
    try:
        from custlint.audit.progress import Progress
        from custlint.audit.tickets import done_tickets
        from custlint.commands._common import Context

        annotator = collect.Annotator(tips, own, until, release_of)
        # the bar's first line at once: before the rules, the ticket source and the result cache are read
        if not args.no_progress and Progress.wanted():
            count = [
                "rev-list",
                "--count",
                *([f"--since={args.since}"] if args.since else []),
                *([f"--until={args.until}"] if args.until else []),
                "--end-of-options",
                rev_range,
                "--",
                *paths,
            ]
            progress = Progress(total_proc=git.start(repo, *count))
        ctx = Context(args, config)
        # the ticket source before the walk's results: a source that cannot be read stops the audit early
        tickets, warnings = (None, []) if args.no_tickets else done_tickets(ctx, repo)
        for w in warnings:
            if progress:
                progress.clear()  # the warning on a line of its own; the bar is drawn again below it
            sys.stderr.write(f"custlint: warning: {' '.join(w.split())}\n")
        t1 = time.perf_counter()
        # more workers than cores only cost memory and start-up: --jobs is capped at the core count
        jobs = collect.auto_jobs() if args.jobs is None else min(args.jobs, os.cpu_count() or 1)
        fp = table = None
        if not args.no_cache and cache.folder() is not None:
            try:
                fp = cache.fingerprint(ctx.engine)
            except (OSError, ValueError, TypeError):  # a config the fingerprint cannot read: no cache
                fp = None
            table = cache.load(fp) if fp is not None else None
        owners = None
        if args.by == "team":
            from custlint.audit.owners import FILES, read

            tip = (_tips(repo, rev_range) or ["HEAD"])[0]
            owners = read(repo, tip)
            if owners is None:
                raise UserError(
                    f"--by team needs a CODEOWNERS file; none of {', '.join(FILES)} exists at {rev_range}: "
                    "add one or use --by author or --by path"
                )
        worker.set_state(ctx.engine, args.by, [r.time for r in releases], table, owners)
        from custlint.audit.verdict import commit_rules

        audit = collect.Audit(
            range=rev_range + (f" -- {' '.join(paths)}" if paths else ""),
            releases=releases,
            rules=commit_rules(ctx.engine),
        )
    except BaseException:
        git_log.stop(proc)
        if progress:
            progress.close()
        raise
    try:
        if jobs > 0:  # what each worker would do first, done once before they are forked, while git walks
            from custlint.audit import warmup

            warmup.warm(proc.proc.stdout, proc.proc)
        collect.run(repo, audit, proc, annotator, by=args.by, jobs=jobs, progress=progress, reorder=reorder)
        if reorder and not annotator.complete():
            # a child came more than a window after its parent: walk again in topological order
            annotator = collect.Annotator(_tips(repo, rev_range), own, until)
            audit = collect.Audit(range=audit.range, releases=audit.releases, rules=audit.rules)
            if progress:
                progress.done = 0
            proc = git_log.start(
                repo, git_log.log_args(revs, since=None, paths=[], names=False, topo=True, dates=dates)
            )
            collect.run(repo, audit, proc, annotator, by=args.by, jobs=jobs, progress=progress)
    finally:
        if progress:
            progress.close()
    judged = len(audit.acc.fresh) // cache.STEP
    if fp is not None and table is not None:  # the result cache is on: both are set
        if audit.acc.fresh:
            cache.save(fp, table, audit.acc.fresh)
        elif table.n:
            cache.touch(fp)
    audit.acc.fresh = bytearray()
    from custlint.audit import forge

    data = audit.to_json(by=args.by, unit=args.period, forge=forge.of_repo(repo, args.forge))
    if args.by == "team" and owners is not None:
        data["codeowners"] = owners.source
    data["release_tag_patterns"] = list(patterns)
    data["release_tags_note"] = tags_note  # None: the patterns matched
    if tickets is not None:  # a ticket source is configured (the key is left out otherwise)
        data["done_tickets"] = tickets
    if args.verbose:
        import resource

        own_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        worker_mb = audit.acc.peak_kb / 1024 if jobs else 0
        sys.stderr.write(
            f"custlint: audited {data['commits']:,} commits in {time.perf_counter() - t0:.2f}s "
            f"(set-up {t1 - t0:.2f}s, {len(releases)} release tags, jobs={jobs}); "
            f"peak memory: custlint {own_mb:.0f} MB, each worker {worker_mb:.0f} MB, "
            f"largest child (git or a worker) {kids_mb:.0f} MB; result cache: "
            + (f"{data['commits'] - judged:,} commits from it, {judged:,} judged afresh" if fp is not None else "off")
            + "\n"
        )
    if data["commits"] == 0:
        sys.stderr.write(
            f"custlint: note: no commits in {audit.range}"
            f"{' with the --since/--until limits' if args.since or args.until else ''}\n"
        )
    from custlint.reporters.audit_output import emit, write_file  # (after the walk: not before git starts)

    if args.html:
        from custlint.reporters import audit_html as html

        write_file(args.html, html.render(data, by=args.by))
    emit(data, args.format or "text", args.output)
    return 0


def _find_release_tags(repo, patterns: list[str], *, defaulted: bool, tags: list[list[str]] | None = None):
    """No tag matches ``patterns``: with the default config, the pattern that covers the most
    version-like tags instead; else the same releases (none). Either way one sentence saying what
    was found, for stderr and the report: lead time is never left out in silence."""
    from custlint.audit import leadtime

    names = leadtime.tag_names(repo, tags)
    said = ", ".join(patterns) if patterns else "(none)"
    if not names:
        return [], patterns, "the repository has no tags, so lead time to production is not measured"
    found = leadtime.suggest(names)
    n = f"{len(names):,} tag{'s' if len(names) != 1 else ''}"
    if found is None:
        return (
            [],
            patterns,
            (
                f"release-tags {said} matches none of the repository's {n}, and none looks like a version; "
                "lead time to production is not measured (set [tool.custlint.production] release-tags or --release-tags)"
            ),
        )
    glob, k = found
    default = tuple(patterns) == ("v*",)
    if defaulted and default:
        releases = leadtime.release_tags(repo, [glob], tags)
        return (
            releases,
            [glob],
            (
                f"release-tags is the default v*, which matches none of the repository's {n}; using {glob}, "
                f"which matches {k:,} version-like tag{'s' if k != 1 else ''} (set [tool.custlint.production] "
                f'release-tags = ["{glob}"] to keep it, or pass --release-tags)'
            ),
        )
    return (
        [],
        patterns,
        (
            f"release-tags {said} matches none of the repository's {n}, so lead time to production is not "
            f"measured; {glob} would match {k:,} of them (--release-tags '{glob}')"
        ),
    )


def _until(repo, until: str | None) -> float | None:
    """--until as unix time, read the way git reads dates (``git rev-parse --until``)."""
    from custlint.sources import git

    if not until:
        return None
    try:
        out = git.run(repo, "rev-parse", f"--until={until}").strip()
    except git.GitFailed:
        out = ""
    if not out.startswith("--min-age="):
        raise UserError(f"cannot read --until {until!r} as a date; use e.g. 2024-06-30 or '2 weeks ago'")
    return float(out.split("=", 1)[1])


def _tips(repo, rev_range: str, known: dict[str, str] | None = None) -> list[str]:
    """Full SHAs of the commits a range starts from (its positive ends); ``known``: ends resolved already
    (:func:`~custlint.sources.git_history.check_range`'s), not asked of git again."""
    from custlint.sources import git_history as gh

    if "..." in rev_range:
        ends = [e or "HEAD" for e in rev_range.split("...", 1)]
    elif ".." in rev_range:
        ends = [rev_range.split("..", 1)[1] or "HEAD"]
    else:
        ends = [rev_range]
    known = known or {}
    return [sha for sha in (known.get(e) or gh.resolve(repo, e) for e in ends) if sha]


def _negatives(rev_range: str) -> list[str]:
    if "..." in rev_range:
        return []
    if ".." in rev_range:
        left = rev_range.split("..", 1)[0]
        return [f"^{left or 'HEAD'}"]
    return [rev_range] if rev_range.startswith("^") else []

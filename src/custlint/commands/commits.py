"""custlint commits [RANGE]: lint every commit of a range from one streaming git process."""

from __future__ import annotations

import sys

from custlint.commands._common import Context, add_common, emit

HELP = "lint each commit of a range (default: since the merge-base with the default branch)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "range",
        nargs="?",
        metavar="RANGE",
        help="a git revision range (main..HEAD, HEAD~20..HEAD, or HEAD for all history); "
        "default: merge-base with the default branch to HEAD",
    )
    parser.add_argument("--repo", metavar="DIR", help="the repository (default: the one around the working directory)")
    parser.add_argument(
        "--pushed",
        action="store_true",
        help="the commits being pushed: PRE_COMMIT_FROM_REF..PRE_COMMIT_TO_REF, as pre-commit sets them in the "
        "pre-push stage and for `pre-commit run --hook-stage manual --from-ref A --to-ref B` (the custlint-commits "
        "hook); without them, the default range",
    )
    add_common(parser)


def _pushed_range(repo, ci) -> tuple[str | None, str]:
    """The range pre-commit hands a pre-push (or manual) hook, and a note; (None, note) without one."""
    from custlint.errors import UserError
    from custlint.sources import git_history as gh

    to = ci.pre_commit.get("PRE_COMMIT_TO_REF", "").strip()
    frm = ci.pre_commit.get("PRE_COMMIT_FROM_REF", "").strip()
    if not to:
        return None, "no PRE_COMMIT_TO_REF (not run by pre-commit's pre-push stage): the default range"
    for name, value in (("PRE_COMMIT_TO_REF", to), ("PRE_COMMIT_FROM_REF", frm)):
        if value.startswith("-") or ".." in value or any(c.isspace() for c in value):
            raise UserError(f"{name} {value!r} is not a commit; pre-commit sets it to the pushed commit's SHA")
    if frm and set(frm) != {"0"}:
        if gh.resolve(repo, frm) is None:
            raise UserError(
                f"PRE_COMMIT_FROM_REF {frm[:12]} is not in this clone (the remote has commits you have not "
                "fetched, or a force push replaces them); run `git fetch`, then push again"
            )
        return f"{frm}..{to}", f"range: the pushed commits ({frm[:10]}..{to[:10]})"
    return to, f"range: the pushed history ({to[:10]} and every commit before it: nothing of it is on the remote)"


def _in_pr_event(ci) -> bool:
    """A GitHub pull_request(_target) event or a GitLab merge request pipeline."""
    from custlint.sources.github_event import PR_EVENTS

    return ci.event_name in PR_EVENTS or bool(ci.gitlab.get("CI_MERGE_REQUEST_IID"))


def run(args) -> int:
    from custlint.analysis.ticket_links import prepare
    from custlint.engine.findings import Result
    from custlint.sources import git_history as gh
    from custlint.sources.git import open_repo

    ctx = Context(args)
    for note in prepare(ctx.config, build=True):  # ticket data for the link rules (ticket files are read directly)
        sys.stderr.write(f"custlint: warning: {note}\n")
    repo = open_repo(args.repo)
    result = Result()
    ci_target = ctx.ci.pipeline_target()
    if args.pushed and args.range:
        from custlint.errors import UserError

        raise UserError("--pushed reads the range pre-commit sets; give a RANGE or --pushed, not both")
    pushed, pushed_note = _pushed_range(repo, ctx.ci) if args.pushed else (None, "")
    if pushed:
        rev_range = pushed
        gh.check_range(repo, rev_range)
        target = ci_target or ctx.config.default_branch
        result.notes.append(pushed_note)
    elif args.range:
        rev_range = args.range
        gh.check_range(repo, rev_range)
        target = ci_target or ctx.config.default_branch
    else:
        if pushed_note:
            result.notes.append(pushed_note)
        info = gh.default_range_info(repo, ctx.config.default_branch, ci_target, pr=gh.pr_head(ctx.ci))
        rev_range, target = info.range, info.branch
        result.notes.append(info.note)
    comment = ctx.config.comment_char

    def documents():
        for c in gh.stream(repo, rev_range):
            doc = gh.to_document(c, comment)
            doc.extra["target_branch"] = target  # where the commits land: the done-in-production rules need it
            yield doc

    ctx.engine.run(documents(), result)
    from custlint.analysis.done import production_note

    prod_note = production_note(ctx.config, target)
    if prod_note:
        result.notes.append(prod_note)
    if not result.checked and not result.exempt:
        if _in_pr_event(ctx.ci):  # a PR's gate never passes on nothing (issue 15)
            from custlint.errors import UserError

            pr = gh.pr_head(ctx.ci)
            how = (
                gh.pr_fetch_hint(pr)
                if pr
                else (
                    "check out with `fetch-depth: 0` and fetch the PR's head "
                    "(`git fetch origin pull/N/head`), or pass the PR's range"
                )
            )
            raise UserError(
                f"no commits in {rev_range}, so nothing of the PR was judged (HEAD is not the PR's head, "
                f"or it adds no commits to the target branch); {how}"
            )
        result.notes.append(f"no commits in {rev_range}; pass a range such as HEAD~10..HEAD, or HEAD for all history")
    return emit(ctx, result, "commits")

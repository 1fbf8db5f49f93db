"""custlint pr: judge a pull/merge request description, as the merge gate in CI.

Where the PR comes from, in this order:
1. flags, anywhere: ``--body-file FILE`` (``-`` reads stdin, the only time custlint does),
   ``--title``, ``--labels a,b``, ``--base BRANCH``;
2. GitHub Actions: the event payload at ``$GITHUB_EVENT_PATH`` (or ``--event FILE``) of a
   ``pull_request``, ``pull_request_target`` or ``merge_group`` event;
3. GitLab: the ``CI_MERGE_REQUEST_*`` variables of a merge request pipeline.
``--labels`` and ``--base`` also override what the CI says.
"""

from __future__ import annotations

import os
from pathlib import Path

from custlint.commands._common import Context, add_common, emit, warn
from custlint.errors import UserError

HELP = "judge a PR/MR description (GitHub Actions event, GitLab MR pipeline, or --body-file)"
# options whose value is free text, taken whatever it starts with (cli._free_text): --title -x is the title "-x"
FREE_TEXT = ("--title", "--labels")


def add_arguments(parser) -> None:
    g = parser.add_argument_group("the description (default: from the CI event or variables)")
    g.add_argument("--body-file", metavar="FILE", help="read the description from FILE; - reads stdin")
    g.add_argument("--title", metavar="TEXT", help="the PR/MR title (taken whatever it starts with: --title -x)")
    g.add_argument("--labels", metavar="A,B", help="comma-separated labels (replaces the CI's; may start with -)")
    g.add_argument("--base", metavar="BRANCH", help="the target branch (replaces the CI's)")
    g.add_argument("--event", metavar="FILE", help="a GitHub event payload (default: $GITHUB_EVENT_PATH)")
    parser.add_argument(
        "--comment",
        action="store_true",
        help="keep one sticky PR comment (GitHub: GITHUB_TOKEN with pull-requests: write) or MR note (GitLab: "
        "CUSTLINT_GITLAB_TOKEN, a project access token, else CI_JOB_TOKEN) with the result; a token that may "
        "not write falls back to the job's output",
    )
    add_common(parser)


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


def _github_client(ci):
    token = ci.token or ci.gh_token
    if not token:
        return None
    from custlint.sources.github_api import GitHub

    return GitHub(token, base_url=ci.api_url or None)


def load_document(args, ci):
    """The PR/MR to judge, from the flags or what the CI (``ci``, a :class:`~custlint.sources.ci_env.CIEnv`) says."""
    from custlint.sources.pr_description import pr_document, read_body_file

    if args.body_file is not None or args.title is not None:
        body = read_body_file(args.body_file) if args.body_file is not None else ""
        doc = pr_document(
            title=args.title or "",
            body=body,
            subject="description",
            labels=_split(args.labels),
            target=args.base or "",
            extra={"origin": "flags"},
        )
        return doc
    if args.event or ci.event_path or ci.github_actions:
        from custlint.sources.github_event import read_event

        client = _github_client(ci)

        def fetch(repo, number):
            from custlint.sources.github_api import ApiError

            try:
                return client.get_pull(repo, number)
            except ApiError as exc:
                raise UserError(
                    f"cannot read PR #{number} of {repo} from the GitHub API ({exc}); "
                    "give the step a token with pull-requests: read"
                ) from None

        event = ci.event_name if not args.event else ""
        doc = read_event(
            event, args.event or ci.event_path or None, fetch_pr=fetch if client else None, repository=ci.repository
        )
    elif ci.gitlab_mr:
        from custlint.sources.gitlab_env import read_env

        doc = read_env(ci.gitlab)
    else:
        raise UserError(
            "no PR or MR to judge: outside GitHub Actions and GitLab merge request pipelines, "
            "pass --body-file FILE (or - for stdin) and --title TEXT"
        )
    if args.labels is not None:
        doc.labels = _split(args.labels)
    if args.base:
        doc.extra["target_branch"] = args.base.removeprefix("refs/heads/")
    return doc


def _anchor(config, ci) -> str | None:
    from custlint.sources.pr_description import find_template

    root = Path(ci.root or os.getcwd())
    template = find_template(root)
    if template:
        return str(root / template)
    return str(config.path) if config.path else None


def run(args) -> int:
    from custlint.analysis.analyzer import analyze
    from custlint.analysis.done import find_done_claims, production_note
    from custlint.engine.findings import Result
    from custlint.sources.gitlab_env import TRUNCATED_AT

    ctx = Context(args)
    doc = load_document(args, ctx.ci)
    result = Result()
    ctx.engine.run([doc], result)
    if result.checked:
        target = doc.extra.get("target_branch", "")
        note = production_note(ctx.config, target)
        if note and analyze(doc, ctx.engine.settings).memo("done_claims", find_done_claims):
            result.notes.append(note)
    if not doc.body.strip() and result.checked:
        result.notes.append("the description is empty: fill in the PR template (customer problem, KPI)")
    if doc.extra.get("truncated"):
        missing = sorted({f.rule for f in result.findings if f.principle in ("customer-problem", "measurable-kpi")})
        if missing:
            raise UserError(
                f"GitLab cut the MR description at {TRUNCATED_AT:,} characters "
                f"(CI_MERGE_REQUEST_DESCRIPTION_IS_TRUNCATED=true) and the part custlint sees lacks what "
                f"{', '.join(missing)} need; move the customer problem and KPI above that point, "
                "or pass the full text with --body-file"
            )
        warning = (
            f"GitLab cut the MR description at {TRUNCATED_AT:,} characters; custlint judged that part only "
            "(done claims further down were not seen)"
        )
        warn(args, warning)
        result.notes.append(warning)
    code = emit(ctx, result, "pr", extra={"anchor": _anchor(ctx.config, ctx.ci), "subject": doc.subject})
    if args.comment:
        _sticky(ctx, doc, result)
    return code


def _sticky(ctx, doc, result) -> None:
    """One PR comment, edited in place; never changes the exit code."""
    from custlint.reporters import ReportInfo
    from custlint.reporters.github import markdown
    from custlint.sources.github_api import ApiError, upsert_sticky

    def say(text: str) -> None:  # one line: nothing in it can start a workflow command
        from custlint.commands._common import say as said

        said(ctx.args, text)

    if doc.extra.get("origin") == "gitlab":
        from custlint.commands._mr_note import sticky_note

        sticky_note(ctx, doc, result, say)
        return
    if doc.extra.get("origin") != "github" or not doc.extra.get("number") or not doc.extra.get("repo"):
        say("--comment needs a GitHub pull_request event or a GitLab merge request pipeline; no comment posted")
        return
    if doc.extra.get("event") == "merge_group":
        say("no PR comment from a merge queue run; the result is in the annotations and the job summary")
        return
    client = _github_client(ctx.ci)
    if client is None:
        say("no GITHUB_TOKEN, so no PR comment; the result is in the annotations and the job summary")
        return
    info = ReportInfo(command="pr", rules=ctx.rules, config_path=str(ctx.config.path or ""))
    body = markdown(result, info, heading=f"### custlint: PR {doc.subject}")
    try:
        what = upsert_sticky(
            client, doc.extra["repo"], int(doc.extra["number"]), body, has_findings=bool(result.findings)
        )
    except ApiError as exc:
        if exc.fatal:  # not a passing fault: the setup is wrong, and the comment was not written
            raise UserError(f"{exc}; the result is in the annotations and the job summary") from None
        if exc.status in (401, 403, 404):
            say(
                f"the token cannot write PR comments ({exc}; a fork's token is read-only); "
                "the result is in the annotations and the job summary"
            )
        else:
            say(
                f"warning: could not update the PR comment ({exc}); the result is in the annotations and the job summary"
            )
        return
    say(what)

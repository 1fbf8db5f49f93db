"""``custlint pr --comment`` in a GitLab merge request pipeline: one MR note, edited in place."""

from __future__ import annotations

from custlint.errors import UserError


def sticky_note(ctx, doc, result, say) -> None:
    """Keep the one custlint note on the MR; never changes the exit code (a wrong setup that would
    report a note it did not write, such as a write redirected into a read, is exit 2)."""
    from custlint.reporters import ReportInfo
    from custlint.reporters.github import markdown
    from custlint.sources.gitlab_api import TOKEN_VAR, ApiError, GitLab, credentials, project_ref, upsert_note

    env = ctx.ci.gitlab
    iid = str(doc.extra.get("number") or "")
    project = project_ref(env)
    if not iid or not project:
        say("--comment needs a GitLab merge request pipeline (CI_MERGE_REQUEST_IID, CI_PROJECT_ID); no MR note posted")
        return
    token, kind = credentials(env)
    if not token:
        say(f"no {TOKEN_VAR} or CI_JOB_TOKEN, so no MR note; the result is in the job log and the Code Quality report")
        return
    t = ctx.config.tickets
    client = GitLab(
        token,
        kind,
        env.get("CI_API_V4_URL", ""),
        timeout=float(t.timeout),
        retries=int(t.retries),
        max_wait=float(t.max_retry_wait),
        user=env.get("GITLAB_USER_LOGIN", ""),
    )
    info = ReportInfo(command="pr", rules=ctx.rules, config_path=str(ctx.config.path or ""))
    body = markdown(result, info, heading=f"### custlint: MR {doc.subject}")
    try:
        what = upsert_note(client, project, iid, body, has_findings=bool(result.findings))
    except ApiError as exc:
        if exc.fatal:
            raise UserError(f"{exc}; the result is in the job log") from None
        if exc.status in (401, 403, 404):
            say(f"cannot write the MR note ({exc}); the result is in the job log and the Code Quality report")
        else:
            say(f"warning: could not update the MR note ({exc}); the result is in the job log")
        return
    say(what)

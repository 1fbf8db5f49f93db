"""Reading the configured ticket source (files, an export, or a live API): one place for
``custlint tickets`` and ``custlint audit``."""

from __future__ import annotations

import os
from pathlib import Path

from custlint.errors import UserError


def config_path(cfg, value: str) -> str:
    """A path from the config (relative to its file), shown relative to the working directory when it is below it."""
    p = Path(value)
    p = p if p.is_absolute() else cfg.root / p
    try:
        return os.path.relpath(p) if p.resolve().is_relative_to(Path.cwd().resolve()) else str(p)
    except ValueError:
        return str(p)


def read_source(
    cfg, source: str | None = None, paths: list[str] | None = None, repo: str | None = None, jql: str | None = None
):
    """``(source label, tickets and errors, the GitHub repository of a live GitHub source or None)``.
    ``source``, ``paths``, ``repo`` and ``jql`` override ``[tool.custlint.tickets]``."""
    from custlint.sources.tickets import exports, files, live

    t = cfg.tickets
    paths = list(paths or [])
    source = source or t.source or "files"
    if source == "files":
        chosen = paths or [config_path(cfg, p) for p in t.paths]
        return f"ticket files ({', '.join(paths or t.paths)})", list(files.read_tickets(chosen)), None
    if source in ("github-json", "jira-json", "gitlab-json"):
        if len(paths) > 1:
            raise UserError(f"--from {source} reads one FILE, not {len(paths)}")
        path = paths[0] if paths else (config_path(cfg, t.export) if t.export else "")
        if not path:
            raise UserError(
                f"--from {source} needs the export FILE: `custlint tickets --from {source} FILE` "
                f"(or [tool.custlint.tickets] export)"
            )
        from custlint.sources.tickets import gitlab

        reader = {
            "github-json": exports.read_github_json,
            "jira-json": exports.read_jira_json,
            "gitlab-json": gitlab.read_gitlab_json,
        }[source]
        return f"{source} {path}", list(reader(path)), None
    if paths:
        raise UserError(f"--from {source} reads the live API and takes no PATH")
    if source == "github":
        repo = repo or t.repo
        if not repo:
            raise UserError("--from github needs --repo OWNER/NAME (or [tool.custlint.tickets] repo)")
        return f"GitHub {repo}", live.github_tickets(repo, cfg), repo
    if source == "gitlab":
        from custlint.sources import ci_env
        from custlint.sources.tickets import gitlab

        project = repo or t.repo
        shown = project or ci_env.current().gitlab.get("CI_PROJECT_PATH", "")
        return f"GitLab {shown}".rstrip(), gitlab.gitlab_tickets(project, cfg), None
    if source != "jira":
        raise UserError(
            f"unknown ticket source {source!r}; choose one of files, github-json, jira-json, gitlab-json, "
            "github, gitlab, jira"
        )
    jql = jql or t.jql
    return f"Jira ({jql})", live.jira_tickets(jql, cfg), None

"""The job summary of ``custlint release`` under GitHub Actions (``GITHUB_STEP_SUMMARY``): the
release, then one row per ticket and PR. Text from tickets and APIs goes through :func:`md`."""

from __future__ import annotations

import sys

from custlint.reporters.github import md


def markdown(release, n_commits: int, plans, prs, failure: str | None) -> str:
    icon = "❌" if failure else "✅"
    since = f"since {md(release.since)}" if release.since_sha else "first release: all history"
    lines = [
        f"### {icon} custlint release {md(release.name)}",
        "",
        f"`{release.sha[:12]}` in production at {md(release.time)}, {since}: {n_commits} commits.",
        "",
    ]
    if plans or prs:
        lines += ["| ticket | action | in production | result | why |", "|---|---|---|---|---|"]
        for p in plans:
            prod = f"{len(p.in_production)}/{len(p.commits)}" if p.commits else "-"
            lines.append(f"| {md(p.id)} | {p.action} | {prod} | {md(p.result)} | {md(p.reason)} |")
        for r in prs:
            ref = f"MR {r['ref']}" if r.get("ref") else f"PR #{r['number']}"
            lines.append(f"| {ref} | {r['action']} | - | {md(r['result'])} | {md(r.get('reason') or '')} |")
    if failure:
        lines += ["", f"**Stopped:** {md(failure)}"]
    return "\n".join(lines) + "\n"


def append(path: str, text: str) -> None:
    try:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        sys.stderr.write(
            f"custlint: warning: cannot append the job summary to GITHUB_STEP_SUMMARY: {exc.strerror or exc}\n"
        )

"""The comments of live tickets (GitHub issues, Jira issues) as text, for the KPI review (TK302):
a result written in a comment counts. Only asked for the few tickets whose review would be due."""

from __future__ import annotations

import urllib.parse


def github_bodies(repo: str, config, number: int) -> list[str]:
    from custlint.sources.tickets.live import _pages, github_client

    client, base = github_client(repo, config)
    out: list[str] = []
    for page in _pages(client, f"{base}/issues/{number}/comments", {"per_page": 100}):
        out.extend(c["body"] for c in page if isinstance(c, dict) and isinstance(c.get("body"), str))
    return out


def jira_bodies(config, key: str) -> list[str]:
    from custlint.sources.tickets.adf import to_text
    from custlint.sources.tickets.live import jira_client

    client, base = jira_client(config)
    url = f"{base}/rest/api/3/issue/{urllib.parse.quote(key, safe='')}/comment"
    out: list[str] = []
    start = 0
    for _ in range(100):
        data = client.get(url, {"maxResults": 100, "startAt": start}).data
        found = data.get("comments") if isinstance(data, dict) else None
        if not isinstance(found, list):
            raise client.fail(f"Jira answered the comments of {key} with no 'comments' list")
        out.extend(to_text(c.get("body")) for c in found if isinstance(c, dict))
        start += len(found)
        total = data.get("total")
        if not found or not isinstance(total, int) or start >= total:
            break
    return out


def results_in_comments(tickets, verdicts, source: str, gh_repo: str, config, settings) -> tuple[set[str], list[str]]:
    """Ids of done, deployed tickets whose KPI review would be due and whose comments record a
    result; and problems reading comments (said as warnings: the review is then judged on the body)."""
    import datetime as _dt

    from custlint.analysis.kpi_window import has_result, reviews_due
    from custlint.errors import UserError

    found: set[str] = set()
    problems: list[str] = []
    for t, _due in reviews_due(tickets, verdicts, settings, _dt.datetime.now(_dt.timezone.utc)):
        try:
            if source == "github" and t.id.startswith("#"):
                bodies = github_bodies(gh_repo, config, int(t.id[1:]))
            elif source == "jira":
                bodies = jira_bodies(config, t.id)
            else:
                continue
        except UserError as exc:
            problems.append(f"{t.id}: its comments were not read for a KPI result ({exc})")
            continue
        if any(has_result(b) for b in bodies):
            found.add(t.id)
    return found, problems

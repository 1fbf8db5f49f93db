"""Live ticket sources: the GitHub REST API and Jira's search API.

GitHub: ``GET /repos/OWNER/NAME/issues?state=all`` (pull requests skipped), pages
followed through the ``Link`` header; production deployments from
``GET /repos/OWNER/NAME/deployments?environment=ENV`` and their statuses. Token from
``GITHUB_TOKEN``, API base from ``GITHUB_API_URL`` (GitHub Enterprise, or a test server).
Jira: ``JIRA_BASE_URL`` + ``jira-search-path`` with ``JIRA_EMAIL``:``JIRA_API_TOKEN`` as
Basic credentials; token pages (``nextPageToken``/``isLast``, Cloud) or ``startAt`` pages.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from collections.abc import Iterator

from custlint.document.ticket import PullRequest, SourceError, Ticket, TicketError
from custlint.sources import ci_env
from custlint.sources.http import Client, check_base_url
from custlint.sources.tickets.exports import github_items, jira_items

_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+\Z")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
MAX_PAGES = 1000
JIRA_FIELDS = "summary,description,status,resolution,resolutiondate,issuetype,labels"
MAX_DEPLOYMENTS = 30  # newest production deployments looked at, each costs one statuses request


def _client(service: str, config, headers: dict[str, str], secrets: list[str], hints: dict[int, str]) -> Client:
    t = config.tickets
    return Client(
        service,
        timeout=float(t.timeout),
        retries=int(t.retries),
        max_wait=float(t.max_retry_wait),
        headers=headers,
        secrets=secrets,
        hints=hints,
    )


def github_client(repo: str, config, ci: ci_env.CIEnv | None = None) -> tuple[Client, str]:
    """A client of the GitHub API and the repository's API URL; ``ci`` (default: the run's
    :mod:`~custlint.sources.ci_env`) gives ``GITHUB_API_URL`` and ``GITHUB_TOKEN``."""
    ci = ci_env.current() if ci is None else ci
    if not _REPO.match(repo or ""):
        raise SourceError(
            f"--repo must be OWNER/NAME, not {repo!r}; set it with --repo or [tool.custlint.tickets] repo"
        )
    base = check_base_url(ci.api_url or "https://api.github.com", "GITHUB_API_URL")
    token = ci.token.strip()
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    hints = {
        401: "GITHUB_TOKEN was refused; check that it is valid and not expired",
        403: f"GITHUB_TOKEN may not read {repo}; it needs read access to issues (and deployments)",
        404: f"no repository {repo}, or GITHUB_TOKEN cannot see it"
        if token
        else f"no repository {repo}; if it is private, set GITHUB_TOKEN",
    }
    return _client("GitHub", config, headers, [token], hints), f"{base}/repos/{repo}"


def _pages(client: Client, url: str, params: dict | None) -> Iterator[list]:
    seen = set()
    for _ in range(MAX_PAGES):
        resp = client.get(url, params)
        if not isinstance(resp.data, list):
            raise client.fail(
                f"{client.service} answered GET {url} with {type(resp.data).__name__} where a list was expected"
            )
        yield resp.data
        m = _NEXT.search(resp.headers.get("link", ""))
        if not m or m.group(1) in seen:
            return
        if urllib.parse.urlsplit(m.group(1))[:2] != urllib.parse.urlsplit(url)[:2]:
            raise client.fail(
                f"{client.service} pointed the next page at another host ({urllib.parse.urlsplit(m.group(1)).netloc}); "
                "refusing to send the token there"
            )
        url, params = m.group(1), None
        seen.add(url)
    raise client.fail(f"{client.service}: more than {MAX_PAGES} pages at {url}; narrow the query")


def github_tickets(repo: str, config, ci: ci_env.CIEnv | None = None) -> list[Ticket | TicketError | PullRequest]:
    """The repository's issues, and its pull requests as :class:`PullRequest` (so ``#N`` of one is told apart)."""
    client, base = github_client(repo, config, ci)
    out: list[Ticket | TicketError | PullRequest] = []
    for page in _pages(client, f"{base}/issues", {"state": "all", "per_page": 100}):
        out.extend(github_items(page, f"GitHub {repo}", f"github {repo}"))
    return out


def github_deployments(repo: str, config, ci: ci_env.CIEnv | None = None):
    """Successful production deployments (newest first), as evidence records."""
    from custlint.document.deployment import Deployment

    client, base = github_client(repo, config, ci)
    envs = config.production.environments
    found: list[Deployment] = []
    for name in envs:
        resp = client.get(f"{base}/deployments", {"environment": name, "per_page": MAX_DEPLOYMENTS})
        if not isinstance(resp.data, list):
            raise client.fail(f"GitHub answered the deployments of {repo} with {type(resp.data).__name__}, not a list")
        for dep in resp.data[:MAX_DEPLOYMENTS]:
            if not isinstance(dep, dict) or not isinstance(dep.get("sha"), str) or "id" not in dep:
                continue
            statuses = client.get(f"{base}/deployments/{dep['id']}/statuses", {"per_page": 100}).data
            ok = (
                [s for s in statuses if isinstance(s, dict) and s.get("state") == "success"]
                if isinstance(statuses, list)
                else []
            )
            if ok:
                when = ok[-1].get("created_at") or dep.get("created_at") or ""
                found.append(Deployment(dep["sha"], str(dep.get("environment") or name), str(when), str(dep["id"])))
    return found


def jira_client(config, ci: ci_env.CIEnv | None = None) -> tuple[Client, str]:
    """A client of Jira and its base URL, from ``JIRA_BASE_URL``, ``JIRA_EMAIL`` and ``JIRA_API_TOKEN`` (``ci``)."""
    ci = ci_env.current() if ci is None else ci
    given = {
        "JIRA_BASE_URL": ci.jira_base_url.strip(),
        "JIRA_EMAIL": ci.jira_email.strip(),
        "JIRA_API_TOKEN": ci.jira_api_token.strip(),
    }
    missing = [v for v, value in given.items() if not value]
    if missing:
        raise SourceError(
            f"--from jira needs {', '.join(missing)} in the environment "
            "(JIRA_BASE_URL, JIRA_EMAIL and an API token in JIRA_API_TOKEN)"
        )
    base = check_base_url(given["JIRA_BASE_URL"], "JIRA_BASE_URL")
    token = given["JIRA_API_TOKEN"]
    basic = base64.b64encode(f"{given['JIRA_EMAIL']}:{token}".encode()).decode()
    hints = {
        401: "JIRA_EMAIL and JIRA_API_TOKEN were refused; check the address and that the token is valid",
        403: "the Jira account may not browse these projects",
        400: "Jira rejected the JQL; check the query (jql)",
        404: "no such Jira endpoint; check JIRA_BASE_URL and jira-search-path",
    }
    return _client("Jira", config, {"Authorization": f"Basic {basic}"}, [token, basic], hints), base


def jira_tickets(jql: str, config, ci: ci_env.CIEnv | None = None) -> list[Ticket | TicketError]:
    if not (jql or "").strip():
        raise SourceError("--from jira needs a query: --jql 'project = SHOP' or [tool.custlint.tickets] jql")
    client, base = jira_client(config, ci)
    path = config.tickets.jira_search_path
    url = base + "/" + path.lstrip("/")
    token_pages = path.rstrip("/").endswith("/jql")
    out: list[Ticket | TicketError] = []
    params: dict = {"jql": jql, "maxResults": 100, "fields": JIRA_FIELDS}
    start, seen = 0, set()
    for _ in range(MAX_PAGES):
        data = client.get(url, params).data
        if not isinstance(data, dict) or not isinstance(data.get("issues"), list):
            raise client.fail(
                f"Jira answered GET {url} with no 'issues' list; check JIRA_BASE_URL and jira-search-path"
            )
        issues = data["issues"]
        out.extend(jira_items(issues, "Jira", f"jira {jql}"))
        if token_pages:
            token = data.get("nextPageToken")
            if data.get("isLast", token is None) or not token or token in seen:
                return out
            seen.add(token)
            params = {**params, "nextPageToken": token}
        else:
            start += len(issues)
            total = data.get("total")
            if not issues or (isinstance(total, int) and start >= total):
                return out
            params = {**params, "startAt": start}
    raise client.fail(f"Jira: more than {MAX_PAGES} pages for {jql!r}; narrow the query")

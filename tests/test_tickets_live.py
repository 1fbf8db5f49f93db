"""Live sources against a local server that answers like GitHub and Jira, errors included."""

from __future__ import annotations

import time

import pytest

from conftest import GitRepo, clean_env, custlint
from fake_apis import GH_TOKEN, JIRA_EMAIL, JIRA_TOKEN, FakeAPI
from tickets_helpers import config


@pytest.fixture(scope="module")
def api():
    with FakeAPI() as server:
        yield server


def gh_env(api, token=GH_TOKEN):
    return clean_env(GITHUB_API_URL=api.url, GITHUB_TOKEN=token)


def jira_env(api, token=JIRA_TOKEN):
    return clean_env(JIRA_BASE_URL=api.url + "/", JIRA_EMAIL=JIRA_EMAIL, JIRA_API_TOKEN=token)


@pytest.fixture
def cwd(tmp_path):
    config(tmp_path, "retries = 1\ntimeout = 0.5\nmax-retry-wait = 5")
    return tmp_path


def secret_free(run, *secrets):
    for s in secrets:
        assert s not in run.out and s not in run.err


def test_github_pages_skip_pull_requests_and_judge(api, cwd):
    before = len(api.state.requests)
    r = custlint("tickets", "--from", "github", "--repo", "acme/shop", "--format", "json", cwd=cwd, env=gh_env(api))
    assert r.code == 1, r.err  # #41 is closed without production evidence (no git repository here)
    assert r.json()["summary"]["checked"] == 150  # 151 items over 2 pages, one of them a pull request
    assert [f["subject"] for f in r.json()["findings"]] == ["#41"]
    paths = [p for p, _ in api.state.requests[before:]]
    assert paths[0] == "/repos/acme/shop/issues?state=all&per_page=100"
    assert paths[1].endswith("page=2") and len(paths) == 2
    headers = {k.lower(): v for k, v in api.state.requests[before][1].items()}
    assert headers["accept"] == "application/vnd.github+json" and headers["x-github-api-version"] == "2022-11-28"
    secret_free(r, GH_TOKEN)


def test_a_pull_request_number_is_told_as_a_pull_request_not_a_missing_ticket(api, tmp_path):
    # issue 14: #151 is a pull request in the fake repository's REST issues list
    config(tmp_path, 'source = "github"\nrepo = "acme/shop"\nretries = 1')
    r = custlint("tickets", "--refresh", cwd=tmp_path, env=gh_env(api))
    assert r.code == 0, r.err
    assert "wrote 150 tickets" in r.err
    msg = tmp_path / "msg"

    def hook(text):
        msg.write_text(text)
        return custlint("commit-msg", str(msg), "--format", "json", cwd=tmp_path, env=clean_env())

    r = hook("Show delivery windows on the checkout page\n\nFollow-up to #151\n")
    assert r.code == 1
    rules = [f["rule"] for f in r.json()["findings"]]
    assert "TK104" in rules and "TK101" not in rules
    f = next(f for f in r.json()["findings"] if f["rule"] == "TK104")
    assert f["message"] == "#151 is a pull request in GitHub acme/shop, not a ticket: it links no customer problem."
    # beside a real ticket, the pull request is only context
    r = hook("Show delivery windows on the checkout page\n\nFollow-up to #151. Refs #12\n")
    assert r.code == 0, r.out
    # a number the source holds neither as issue nor pull request is still not found
    r = hook("Show delivery windows on the checkout page\n\nRefs #999\n")
    assert [f["rule"] for f in r.json()["findings"]] == ["TK101"]


def test_github_deployment_is_production_evidence(api, tmp_path):
    repo = GitRepo(tmp_path / "repo")
    sha = repo.commit("Show delivery windows\n\nFixes #41\n")
    config(repo.path, "retries = 1")
    api.state.deploy_sha = sha
    try:
        r = custlint("tickets", "--from", "github", "--repo", "acme/shop", "--format", "json", "--verbose",
                     cwd=repo.path, env=gh_env(api))
    finally:
        api.state.deploy_sha = ""
    assert r.code == 0, r.out + r.err
    assert any(n.startswith("#41: deployed, all 1 commit are in production deployment 77") for n in r.json()["notes"])


@pytest.mark.parametrize(("repo", "expected"), [
    ("acme/private", "GitHub answered 404 Not Found for GET http://127.0.0.1:{port}/repos/acme/private/issues?state=all&per_page=100 (Not Found); no repository acme/private, or GITHUB_TOKEN cannot see it"),
    ("acme/locked", "GitHub answered 403 Forbidden for GET"),
    ("acme/garbled", "GitHub answered GET http://127.0.0.1:{port}/repos/acme/garbled/issues?state=all&per_page=100 with malformed JSON"),
    ("acme/down", "GitHub failed for GET http://127.0.0.1:{port}/repos/acme/down/issues?state=all&per_page=100: 502 Bad Gateway, 2 attempts"),
    ("acme/slow", "no answer within 0.5 s, 2 attempts"),
    ("acme/patient", "asks to wait"),
    ("not a repo", "--repo must be OWNER/NAME"),
])
def test_github_errors_are_one_line_exit_2(api, cwd, repo, expected):
    r = custlint("tickets", "--from", "github", "--repo", repo, cwd=cwd, env=gh_env(api))
    assert r.code == 2
    assert expected.format(port=api.url.rsplit(":", 1)[1]) in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1 and r.out == ""
    secret_free(r, GH_TOKEN)


def test_github_bad_token_is_named_but_not_printed(api, cwd):
    r = custlint("tickets", "--from", "github", "--repo", "acme/shop", cwd=cwd, env=gh_env(api, token="ghp_wrongTOKEN999"))
    assert r.code == 2 and "401 Unauthorized" in r.err and "(Bad credentials); GITHUB_TOKEN was refused" in r.err
    secret_free(r, "ghp_wrongTOKEN999")


def test_github_retries_honour_retry_after_and_backoff(api, cwd):
    start = time.monotonic()
    r = custlint("tickets", "--from", "github", "--repo", "acme/busy", "--format", "json", cwd=cwd, env=gh_env(api))
    assert r.code == 0, r.err
    assert time.monotonic() - start >= 1.0  # waited the Retry-After second
    assert api.state.counts["acme/busy"] == 2
    config(cwd, "retries = 2")  # two 500s, then the pages
    r = custlint("tickets", "--from", "github", "--repo", "acme/flaky", "--format", "json", cwd=cwd, env=gh_env(api))
    assert r.code == 1 and r.json()["summary"]["checked"] == 150  # two 500s, then the pages


def test_jira_token_pages_and_adf(api, cwd):
    before = len(api.state.requests)
    r = custlint("tickets", "--from", "jira", "--jql", "project = SHOP", "--format", "json", cwd=cwd, env=jira_env(api))
    assert r.code == 1, r.err
    assert r.json()["summary"]["checked"] == 120
    assert [(f["subject"], f["rule"]) for f in r.json()["findings"]] == [("SHOP-2", "TK301")]
    reqs = api.state.requests[before:]
    assert len(reqs) == 3 and "nextPageToken=50" in reqs[1][0] and "nextPageToken=100" in reqs[2][0]
    assert "jql=project+%3D+SHOP" in reqs[0][0] and "fields=summary%2Cdescription" in reqs[0][0]
    secret_free(r, JIRA_TOKEN)


def test_jira_start_at_pages(api, tmp_path):
    config(tmp_path, 'jira-search-path = "/rest/api/2/search"\nretries = 0')
    r = custlint("tickets", "--from", "jira", "--jql", "project = SHOP", "--format", "json", cwd=tmp_path, env=jira_env(api))
    assert r.json()["summary"]["checked"] == 120
    assert {f["rule"] for f in r.json()["findings"]} == {"KP202", "TK301"}


@pytest.mark.parametrize(("jql", "env_token", "expected"), [
    ("project = SHOP", "wrong", "Jira answered 401 Unauthorized"),
    ("bad syntax here", JIRA_TOKEN, "(Error in the JQL Query: Expecting operator but got 'syntax'.); Jira rejected the JQL"),
    ("garbled", JIRA_TOKEN, "malformed JSON"),
])
def test_jira_errors(api, cwd, jql, env_token, expected):
    r = custlint("tickets", "--from", "jira", "--jql", jql, cwd=cwd, env=jira_env(api, env_token))
    assert r.code == 2 and expected in r.err, r.err
    secret_free(r, JIRA_TOKEN, "wrong")


def test_jira_retry_and_missing_settings(api, cwd):
    r = custlint("tickets", "--from", "jira", "--jql", "busy", "--format", "json", cwd=cwd, env=jira_env(api))
    assert r.code == 1 and r.json()["summary"]["checked"] == 120
    r = custlint("tickets", "--from", "jira", "--jql", "x", cwd=cwd, env=clean_env(JIRA_BASE_URL=api.url))
    assert r.code == 2 and "needs JIRA_EMAIL, JIRA_API_TOKEN in the environment" in r.err
    r = custlint("tickets", "--from", "jira", cwd=cwd, env=jira_env(api))
    assert r.code == 2 and "needs a query" in r.err
    r = custlint("tickets", "--from", "jira", "--jql", "x", cwd=cwd,
                 env=clean_env(JIRA_BASE_URL="ftp://x", JIRA_EMAIL="a", JIRA_API_TOKEN="b"))
    assert r.code == 2 and "JIRA_BASE_URL must be an http(s) URL" in r.err


def test_unreachable_server(cwd):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    r = custlint("tickets", "--from", "github", "--repo", "acme/shop", cwd=cwd,
                 env=clean_env(GITHUB_API_URL=f"http://127.0.0.1:{port}", GITHUB_TOKEN=GH_TOKEN))
    assert r.code == 2 and "GitHub failed for GET" in r.err and "connection failed" in r.err
    secret_free(r, GH_TOKEN)


def test_redirect_to_another_host_drops_the_token(api, cwd):
    before = len(api.state.requests)
    r = custlint("tickets", "--from", "github", "--repo", "acme/moved", cwd=cwd, env=gh_env(api))
    reqs = api.state.requests[before:]
    assert len(reqs) == 2 and reqs[1][1].get("Host", "").startswith("localhost:")
    assert not any(k.lower() == "authorization" for k in reqs[1][1])  # the token stayed with 127.0.0.1
    assert r.code == 2 and "401 Unauthorized" in r.err
    secret_free(r, GH_TOKEN)


def test_backoff_schedule_and_retry_after_dates():
    import email.utils

    from custlint.document.ticket import SourceError
    from custlint.sources.http import Client, _retry_after

    with FakeAPI() as server:
        waits: list[float] = []
        auth = {"Authorization": f"Bearer {GH_TOKEN}"}
        c = Client("GitHub", timeout=2, retries=3, max_wait=10, headers=auth, sleep=waits.append)
        with pytest.raises(SourceError) as exc:
            c.get(server.url + "/repos/acme/down/issues")
        assert waits == [0.5, 1.0, 2.0] and "502 Bad Gateway, 4 attempts" in str(exc.value)
        waits.clear()
        c.get(server.url + "/repos/acme/busy/issues")  # 429 with Retry-After: 1, then the page
        assert waits == [1.0]
        c = Client("GitHub", retries=3, max_wait=0.2, headers=auth, sleep=waits.append)
        waits.clear()
        with pytest.raises(SourceError):
            c.get(server.url + "/repos/acme/down/issues")
        assert waits == [0.2, 0.2, 0.2]  # capped by max-retry-wait
    later = email.utils.format_datetime(email.utils.localtime().replace(microsecond=0)
                                        + __import__("datetime").timedelta(seconds=30), usegmt=False)
    assert 25 <= _retry_after(later) <= 31
    assert _retry_after("7") == 7.0 and _retry_after("soon") is None and _retry_after(None) is None

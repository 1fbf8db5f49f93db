"""Issue 13 (one HTTP client) and issue 15 (items 2 and 8): redirects, retries, the deadline, the
size cap and kept-alive connections of ``sources/http.py``, against real servers on 127.0.0.1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import clean_env, custlint
from fake_apis import DRIPS, Misbehaving
from fake_github import FakeGitHub

EVENTS = Path(__file__).parent / "data" / "github-events"
TOKEN = "ghs_ISSUE13distinctiveTOKEN0042"
COMMENTS = "/repos/Codertocat/Hello-World/issues/2/comments"
PULL = "/repos/octo-org/octo-repo/pulls/104"
GOOD = "## Customer problem\nShoppers cannot see when an order arrives.\n\n## KPI\nCheckout completion from 61% to 65% in 6 weeks.\n"
SRC = Path(__file__).parent.parent / "src" / "custlint"


@pytest.fixture(scope="module")
def bad():
    with Misbehaving() as server:
        yield server


def quiet(*texts: str, secrets=(TOKEN,)) -> None:
    for t in texts:
        for s in secrets:
            assert s not in t, t


def pr_run(tmp_path: Path, api_url: str, body: str = "Just a change", *, comment: bool = True, repo: str | None = None):
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"].update(body=body, labels=[])
    if repo:
        data["repository"]["full_name"] = repo
    (tmp_path / "event.json").write_text(json.dumps(data))
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(tmp_path / "event.json"),
                    GITHUB_API_URL=api_url, GITHUB_TOKEN=TOKEN, GITHUB_STEP_SUMMARY=str(tmp_path / "summary.md"))
    r = custlint("pr", *(["--comment"] if comment else []), cwd=tmp_path, env=env)
    quiet(r.out, r.err)
    return r


def queue_run(tmp_path: Path, api_url: str, repo: str = "octo-org/octo-repo"):
    data = json.loads((EVENTS / "merge_group.checks_requested.payload.json").read_text())
    data["repository"]["full_name"] = repo
    (tmp_path / "mg.json").write_text(json.dumps(data))
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="merge_group", GITHUB_API_URL=api_url, GITHUB_TOKEN=TOKEN,
                    GITHUB_EVENT_PATH=str(tmp_path / "mg.json"))
    r = custlint("pr", "--format", "json", cwd=tmp_path, env=env)
    quiet(r.out, r.err)
    return r


def a_pull() -> dict:
    pr = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())["pull_request"]
    return dict(pr, number=104, body=GOOD + "\nFixes #7\n", labels=[])


# -- redirects -------------------------------------------------------------------------------------

def test_redirect_to_another_host_drops_the_token(tmp_path):
    with FakeGitHub() as api, FakeGitHub(pulls={104: a_pull()}) as other:
        api.redirects[("GET", PULL)] = (301, other.url + PULL)  # another port: another origin
        r = queue_run(tmp_path, api.url)
    assert [(m, p, auth) for m, p, auth, _ in api.requests] == [("GET", PULL, f"Bearer {TOKEN}")]
    assert [(m, p, auth) for m, p, auth, _ in other.requests] == [("GET", PULL, "")]  # no Authorization at all
    assert r.code == 2 and "cannot read PR #104" in r.err and "HTTP 401" in r.err  # the other host wants a token


def test_redirect_on_the_same_host_keeps_the_token():
    from custlint.sources.github_api import GitHub

    with FakeGitHub(pulls={104: a_pull()}) as api:
        api.redirects[("GET", "/repos/octo-org/old-name/pulls/104")] = (301, api.url + PULL)
        assert GitHub(TOKEN, base_url=api.url).get_pull("octo-org/old-name", 104)["number"] == 104
    assert [auth for _, _, auth, _ in api.requests] == [f"Bearer {TOKEN}"] * 2


@pytest.mark.parametrize("code", [301, 302, 303])
def test_a_write_redirected_into_a_get_is_refused(tmp_path, code):
    with FakeGitHub() as api, FakeGitHub() as other:
        api.redirects[("POST", COMMENTS)] = (code, other.url + COMMENTS)
        r = pr_run(tmp_path, api.url)
        assert other.requests == []  # never followed
        assert api.writes() == [("POST", COMMENTS)] and api.comments == []
    assert r.code == 2 and "comment created" not in r.err
    [line] = r.err.strip().splitlines()
    assert line.startswith("custlint: error: POST " + COMMENTS) and f"GitHub answered {code} " in line
    assert "refusing to follow it" in line and "GITHUB_API_URL" in line


@pytest.mark.parametrize("code", [307, 308])
def test_307_and_308_keep_the_method_and_body_but_not_the_token(tmp_path, code):
    with FakeGitHub() as api, FakeGitHub() as other:
        api.redirects[("POST", COMMENTS)] = (code, other.url + COMMENTS)
        r = pr_run(tmp_path, api.url)
        assert api.writes() == [("POST", COMMENTS)]
        [(method, path, auth, body)] = other.requests
    assert (method, path, auth) == ("POST", COMMENTS, "") and "CP101" in body["body"]  # the same body, no token
    assert r.code == 1 and "the token cannot write PR comments" in r.err  # the other host refused it: a warning


def test_307_on_the_same_host_writes_with_the_token(tmp_path):
    with FakeGitHub() as api:
        api.redirects[("POST", COMMENTS)] = (307, api.url + COMMENTS + "?moved=1")
        r = pr_run(tmp_path, api.url)
        assert r.code == 1 and "comment created" in r.err, r.err
        assert [auth for m, _, auth, _ in api.requests if m == "POST"] == [f"Bearer {TOKEN}"] * 2
        assert len(api.comments) == 1


def test_credential_headers_are_recognised():
    from custlint.sources.http import _credential

    assert all(map(_credential, ["Authorization", "cookie", "Proxy-Authorization", "PRIVATE-TOKEN", "X-Api-Key",
                                 "X-Auth-Token", "X-Secret"]))
    assert not any(map(_credential, ["Accept", "User-Agent", "Content-Type", "X-GitHub-Api-Version"]))


# -- retries ---------------------------------------------------------------------------------------

def test_a_502_then_the_pr_is_read_in_a_merge_queue(tmp_path):
    with FakeGitHub(pulls={104: a_pull()}) as api:
        api.failures[PULL] = [502]
        r = queue_run(tmp_path, api.url)
        assert [(m, p) for m, p, _, _ in api.requests] == [("GET", PULL)] * 2
    assert r.code == 1, r.err
    [f] = r.json()["findings"]
    assert f["rule"] == "DP301" and f["subject"] == "#104"


def test_a_post_is_repeated_only_when_it_was_certainly_not_done(bad):
    from custlint.sources.http import Client, HttpError

    waits: list[float] = []
    c = Client("GitHub", timeout=0.5, retries=3, sleep=waits.append)
    before = len(bad.requests)
    with pytest.raises(HttpError) as exc:
        c.request("POST", bad.url + "/slow-post", body=b"{}")  # sent, then no answer: it may have been done
    assert exc.value.kind == "timeout" and "not repeated" in str(exc.value) and waits == []
    assert len(bad.requests) - before == 1
    with pytest.raises(HttpError) as exc:
        c.request("POST", bad.url + "/unavailable", body=b"{}")  # 503: the server says it did nothing
    assert "503 Service Unavailable, 4 attempts" in str(exc.value) and len(waits) == 3


def test_an_endless_error_body_is_not_read_to_its_end(bad):
    from custlint.sources.http import Client, HttpError

    waits: list[float] = []
    with pytest.raises(HttpError) as exc:
        Client("GitHub", retries=1, sleep=waits.append).get(bad.url + "/endless-error")
    assert "500 Internal Server Error, 2 attempts" in str(exc.value) and waits == [0.5]


# -- time: the deadline, a dripping server ----------------------------------------------------------

@pytest.mark.parametrize("mode", ["drip", "drip-headers"])
def test_a_dripping_server_meets_the_deadline(bad, mode):
    from custlint.sources.http import Client, HttpError

    c = Client("GitHub", timeout=60, retries=0, deadline=1.0)  # each byte comes well within any read timeout
    with pytest.raises(HttpError) as exc:
        c.get(bad.url + "/" + mode)
    assert exc.value.kind == "deadline" and "within the 1 s deadline (1 attempt)" in str(exc.value), str(exc.value)
    assert bad.dripped[-1] < DRIPS  # custlint hung up long before the drip would have ended


def test_the_github_layer_says_deadline_too(bad):
    from custlint.sources.github_api import ApiError, GitHub

    with pytest.raises(ApiError) as exc:
        GitHub(TOKEN, base_url=bad.url, deadline=1.0).get_pull("o/drip", 1)
    assert "did not finish answering within the 1 s deadline" in str(exc.value) and TOKEN not in str(exc.value)


def test_a_dripping_server_is_a_timeout_per_attempt_in_the_cli(bad, tmp_path):
    (tmp_path / ".custlint.toml").write_text("[tickets]\nretries = 1\ntimeout = 1\nmax-retry-wait = 1\n")
    r = custlint("tickets", "--from", "github", "--repo", "o/drip", cwd=tmp_path,
                 env=clean_env(GITHUB_API_URL=bad.url, GITHUB_TOKEN=TOKEN))
    assert r.code == 2 and r.out == ""
    [line] = r.err.strip().splitlines()
    assert line.startswith("custlint: error: GitHub failed for GET") and "did not finish within 1 s, 2 attempts" in line
    quiet(r.err)


# -- size -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["huge", "endless"])
def test_an_oversized_answer_hits_the_cap(bad, mode):
    from custlint.sources.http import Client, HttpError

    with pytest.raises(HttpError) as exc:
        Client("GitHub", max_bytes=200_000).get(bad.url + "/" + mode)
    assert exc.value.kind == "too-big" and "than the 200,000 bytes custlint reads" in str(exc.value)


@pytest.mark.parametrize("command", ["tickets", "merge-queue"])
def test_an_endless_body_is_exit_2_in_one_line(bad, tmp_path, command):
    if command == "tickets":
        r = custlint("tickets", "--from", "github", "--repo", "o/endless", cwd=tmp_path,
                     env=clean_env(GITHUB_API_URL=bad.url, GITHUB_TOKEN=TOKEN))
    else:
        r = queue_run(tmp_path, bad.url, repo="o/endless")
    assert r.code == 2 and "MemoryError" not in r.err
    [line] = r.err.strip().splitlines()
    assert "33,554,432 bytes custlint reads" in line, line
    quiet(r.out, r.err)


# -- connections ------------------------------------------------------------------------------------

def test_kept_alive_connections_are_reused(bad):
    from custlint.sources.connections import Pool
    from custlint.sources.http import Client

    c = Client("GitHub", pool=Pool())
    before = len(bad.requests)
    for _ in range(3):
        assert c.get(bad.url + "/ok").data == [{"ok": True}]
    assert len({port for _, _, port, _, _ in bad.requests[before:]}) == 1  # three requests, one connection


def test_a_kept_alive_connection_the_server_dropped_is_replaced_without_a_retry(bad):
    from custlint.sources.connections import Pool
    from custlint.sources.http import Client

    c = Client("GitHub", retries=0, pool=Pool())
    assert c.get(bad.url + "/second-dies").data == []
    assert c.get(bad.url + "/second-dies").data == []  # the kept connection dies: a fresh one, not an attempt


# -- credentials in a URL ---------------------------------------------------------------------------

def test_credentials_in_the_api_urls_are_never_printed(tmp_path):
    with FakeGitHub(pulls={104: a_pull()}) as api:
        with_creds = api.url.replace("http://", "http://bob:hunter2pass@")
        runs = [queue_run(tmp_path, with_creds), pr_run(tmp_path, with_creds),
                custlint("tickets", "--from", "github", "--repo", "acme/shop", cwd=tmp_path,
                         env=clean_env(GITHUB_API_URL=with_creds, GITHUB_TOKEN=TOKEN)),
                custlint("tickets", "--from", "jira", "--jql", "project = X", cwd=tmp_path,
                         env=clean_env(JIRA_BASE_URL=with_creds, JIRA_EMAIL="a@b.c", JIRA_API_TOKEN="jiraTOKEN77"))]
        assert api.requests == []  # nothing was sent
    for r in runs:
        quiet(r.out, r.err, secrets=("hunter2pass", "bob:", TOKEN, "jiraTOKEN77"))
        assert "user name or password" in r.err, r.err
    assert [r.code for r in runs] == [2, 1, 2, 2]  # the comment is a warning; the verdict stands
    from custlint.sources.github_api import GitHub

    assert "hunter2pass" not in repr(GitHub(TOKEN, base_url=with_creds))


# -- one client -------------------------------------------------------------------------------------

def test_every_request_goes_through_the_one_client():
    offenders = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).as_posix()
        text = path.read_text()
        if re.search(r"\burlopen\b|build_opener|urllib\.request\.Request|http\.client\.HTTPS?Connection", text) and \
                rel != "sources/connections.py":
            offenders.append(rel)
        if re.search(r"^\s*(import|from) (http\.client|urllib\.request|requests|urllib3|httpx)\b", text, re.M) and \
                rel not in ("sources/http.py", "sources/connections.py"):
            offenders.append(rel)
    assert offenders == []

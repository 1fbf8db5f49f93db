"""Issue 8: network faults for every live source, against a local server (127.0.0.1 only).

The sources: tickets from GitHub and Jira, GitHub deployments (production evidence), the sticky PR
comment and the merge-queue PR read. Each fault gives a clear one-line message or an "unknown"
verdict, never a pass, and no token ever reaches stdout or stderr. The ordinary error answers of
the ticket APIs (401/403/404/malformed JSON/5xx/slow/Retry-After) are in test_tickets_live.py; this
file adds the broken transports (a cut body, a garbage status line, a reset connection) and the
sticky comment, merge queue and deployment faults.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import BAD, GitRepo, clean_env, custlint

EVENTS = Path(__file__).parent / "data" / "github-events"
GH_TOKEN = "ghp_ISSUE8distinctiveTOKENvalue0001"
JIRA_TOKEN = "jira_ISSUE8distinctiveTOKENvalue0002"
JIRA_EMAIL = "fault@example.com"
SECRETS = (GH_TOKEN, JIRA_TOKEN, base64.b64encode(f"{JIRA_EMAIL}:{JIRA_TOKEN}".encode()).decode())
FAULTS = ("unauthorized", "forbidden", "missing", "limited", "broken", "garbled", "truncated", "badstatus", "reset",
          "slow", "notjson")
EXPECTED = {  # what the one-line message says, for the GitHub REST client of the sticky comment / merge queue
    "unauthorized": "HTTP 401", "forbidden": "HTTP 403", "missing": "HTTP 404", "limited": "HTTP 429", "broken": "HTTP 503",
    "garbled": "not JSON", "truncated": "cut short", "badstatus": "cut short", "reset": "cannot reach", "slow": "timed out",
    "notjson": "not a pull request object",
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, code: int, body: bytes, headers: dict | None = None, length: int | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _fault(self, mode: str) -> bool:
        if mode == "unauthorized":
            self._send(401, b'{"message": "Bad credentials"}')
        elif mode == "forbidden":
            self._send(403, b'{"message": "Resource not accessible by integration"}')
        elif mode == "missing":
            self._send(404, b'{"message": "Not Found"}')
        elif mode == "limited":
            self._send(429, b'{"message": "secondary rate limit"}', {"Retry-After": "1"})
        elif mode == "broken":
            self._send(503, b"<html>unavailable</html>")
        elif mode == "garbled":
            self._send(200, b"<html>sign in</html>")
        elif mode == "truncated":
            self._send(200, b'{"number": 1, "ti', length=400)  # the connection closes before the promised body
            self.close_connection = True
        elif mode == "badstatus":
            self.wfile.write(b"HTTP/1.1 SEVEN-HUNDRED\r\n\r\n")
            self.close_connection = True
        elif mode == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            self.close_connection = True
        elif mode == "slow":
            time.sleep(3)
            self._send(200, b"[]")
        elif mode == "notjson":
            self._send(200, b'"a string"')
        else:
            return False
        return True

    def _handle(self) -> None:
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        url = urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        self.server.requests.append((self.command, url.path))  # type: ignore[attr-defined]
        # /repos/o/<mode>/...   or  /rest/api/3/search/jql?jql=<mode>
        if parts[:1] == ["repos"] and len(parts) > 2:
            mode, rest = parts[2], parts[3:]
            if mode == "deployfail":  # issues are fine, deployments are not
                if rest == ["issues"]:
                    return self._send(200, json.dumps([{"number": 41, "title": "Shoppers wait", "state": "closed",
                                                        "closed_at": "2026-01-10T09:30:00Z", "labels": [],
                                                        "body": "## Customer problem\nShoppers wait.\n\n## KPI\nWait from 9 to 3 min.\n"}]).encode())
                sub = self.headers.get("X-Fault") or self.server.deploy_fault  # type: ignore[attr-defined]
                return self._fault(sub) or self._send(404, b"{}")
            if self._fault(mode):
                return
            return self._send(404, b'{"message": "Not Found"}')
        if parts[:2] == ["rest", "api"]:
            jql = dict(p.split("=", 1) for p in url.query.split("&") if "=" in p).get("jql", "")
            if self._fault(jql):
                return
        self._send(404, b"{}")

    do_GET = do_POST = do_PATCH = _handle


class FaultServer:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.requests = []  # type: ignore[attr-defined]
        self.server.deploy_fault = "broken"  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def api():
    s = FaultServer()
    yield s
    s.close()


def no_secrets(*texts: str) -> None:
    for t in texts:
        for s in SECRETS:
            assert s not in t, f"a token leaked: {t[:300]}"


# -- the GitHub REST client (sticky comment, merge queue) ---------------------------------------

@pytest.mark.parametrize("mode", FAULTS)
def test_github_client_fault_is_an_api_error_without_the_token(api, mode):
    from custlint.sources.github_api import ApiError, GitHub, upsert_sticky

    gh = GitHub(GH_TOKEN, base_url=api.url, timeout=1, retries=1)  # one retry is enough to show the fault; four only cost backoff time
    with pytest.raises(ApiError) as exc:
        gh.get_pull(f"o/{mode}", 3)
    assert EXPECTED[mode] in str(exc.value), str(exc.value)
    no_secrets(str(exc.value), repr(gh))
    if mode != "notjson":
        with pytest.raises(ApiError):
            upsert_sticky(gh, f"o/{mode}", 3, "body", has_findings=True)


def _payload(tmp_path: Path, repo: str, body: str | None = BAD) -> Path:
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"]["body"] = body
    data["repository"]["full_name"] = repo
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return p


@pytest.mark.parametrize("mode", [m for m in FAULTS if m != "slow"])
def test_sticky_comment_fault_keeps_the_verdict_and_says_why(api, tmp_path, mode):
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_API_URL=api.url, GITHUB_TOKEN=GH_TOKEN,
                    GITHUB_EVENT_PATH=str(_payload(tmp_path, f"o/{mode}")), GITHUB_STEP_SUMMARY=str(tmp_path / "s.md"))
    r = custlint("pr", "--comment", cwd=tmp_path, env=env)
    assert r.code == 1  # the findings decide; a failing comment never turns them into a pass
    assert "PR comment" in r.err and "annotations and the job summary" in r.err
    no_secrets(r.out, r.err, (tmp_path / "s.md").read_text())


@pytest.mark.parametrize("mode", [m for m in FAULTS if m != "slow"])
def test_merge_queue_pr_read_fault_is_exit_2(api, tmp_path, mode):
    data = json.loads((EVENTS / "merge_group.checks_requested.payload.json").read_text())
    data["repository"]["full_name"] = f"o/{mode}"
    p = tmp_path / "mg.json"
    p.write_text(json.dumps(data))
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="merge_group", GITHUB_API_URL=api.url, GITHUB_TOKEN=GH_TOKEN,
                    GITHUB_EVENT_PATH=str(p))
    r = custlint("pr", cwd=tmp_path, env=env)
    assert r.code == 2 and "cannot read PR #" in r.err and EXPECTED[mode] in r.err, r.err
    assert len(r.err.strip().splitlines()) == 1
    no_secrets(r.out, r.err)


# -- tickets: broken transports (the status errors are in test_tickets_live.py) -----------------------------

@pytest.fixture
def quick(tmp_path):
    (tmp_path / ".custlint.toml").write_text("[tickets]\nretries = 1\ntimeout = 1\nmax-retry-wait = 2\n")
    return tmp_path


@pytest.mark.parametrize("mode", ["truncated", "badstatus", "reset", "limited", "notjson", "slow"])
def test_github_tickets_transport_faults(api, quick, mode):
    r = custlint("tickets", "--from", "github", "--repo", f"o/{mode}", cwd=quick,
                 env=clean_env(GITHUB_API_URL=api.url, GITHUB_TOKEN=GH_TOKEN))
    assert r.code == 2 and r.err.startswith("custlint: error: GitHub") and r.out == "", r.err
    assert len(r.err.strip().splitlines()) == 1
    no_secrets(r.out, r.err)


@pytest.mark.parametrize("mode", ["truncated", "badstatus", "reset", "limited", "forbidden", "broken", "slow"])
def test_jira_tickets_transport_faults(api, quick, mode):
    r = custlint("tickets", "--from", "jira", "--jql", mode, cwd=quick,
                 env=clean_env(JIRA_BASE_URL=api.url, JIRA_EMAIL=JIRA_EMAIL, JIRA_API_TOKEN=JIRA_TOKEN))
    assert r.code == 2 and r.err.startswith("custlint: error: Jira") and r.out == "", r.err
    no_secrets(r.out, r.err)


@pytest.mark.parametrize("fault", ["broken", "garbled", "truncated", "badstatus", "forbidden", "notjson"])
def test_deployment_faults_are_never_production_evidence(api, tmp_path, fault):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Show delivery windows\n\nRefs #41\n")
    (repo.path / ".custlint.toml").write_text("[tickets]\nretries = 0\ntimeout = 1\n")
    api.server.deploy_fault = fault
    r = custlint("tickets", "--from", "github", "--repo", "o/deployfail", "--format", "json", cwd=repo.path,
                 env=clean_env(GITHUB_API_URL=api.url, GITHUB_TOKEN=GH_TOKEN))
    assert r.code == 1, r.err  # #41 is done; with no evidence its verdict is unknown, which is a finding
    [f] = [f for f in r.json()["findings"] if f["rule"] == "TK301"]
    assert f["subject"] == "#41"
    assert "GitHub deployments are not used as evidence" in r.err
    no_secrets(r.out, r.err)


def test_hostile_repository_name_in_a_payload_is_one_line(api, tmp_path):
    data = json.loads((EVENTS / "merge_group.checks_requested.payload.json").read_text())
    data["repository"]["full_name"] = "o/r\n::add-mask::x\r\n::error::pwned"
    p = tmp_path / "mg.json"
    p.write_text(json.dumps(data))
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="merge_group", GITHUB_API_URL=api.url, GITHUB_TOKEN=GH_TOKEN,
                    GITHUB_EVENT_PATH=str(p))
    r = custlint("pr", cwd=tmp_path, env=env)
    from runner_sim import commands

    assert r.code == 2 and len(r.err.strip().splitlines()) == 1 and r.err.startswith("custlint: error:")
    assert commands(r.out + r.err) == []
    no_secrets(r.out, r.err)

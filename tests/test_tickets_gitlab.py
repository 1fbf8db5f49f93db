"""GitLab issues as tickets: --from gitlab (live, against a local GitLab) and --from gitlab-json (an export)."""

from __future__ import annotations

import json

import pytest

from conftest import clean_env, custlint
from fake_gitlab import FakeGitLab
from tickets_helpers import PROBLEM_KPI, config

TOKEN = "glpat-reader"
READER = {"username": "project_42_bot_reader", "id": 901}


def issue(iid: int, *, state: str = "opened", body: str | None = PROBLEM_KPI, labels=None, closed_at=None,
          title: str = "Shoppers cannot see delivery windows", issue_type: str = "issue") -> dict:
    """One issue as GET /projects/:id/issues answers it."""
    return {"id": 10_000 + iid, "iid": iid, "project_id": 42, "title": title, "description": body, "state": state,
            "labels": labels or [], "closed_at": closed_at, "created_at": "2026-01-02T10:00:00.000Z",
            "issue_type": issue_type, "type": issue_type.upper(), "web_url": f"https://gitlab.example/acme/shop/-/issues/{iid}"}


def backlog() -> list[dict]:
    items = [issue(i) for i in range(1, 6)]
    items.append(issue(6, body=None, title="Refactor the cart"))  # no problem, no KPI
    items.append(issue(7, state="closed", closed_at="2026-02-01T09:30:00.000Z", labels=["bug"]))
    return items


@pytest.fixture
def cwd(tmp_path):
    config(tmp_path, "retries = 1\ntimeout = 2\nmax-retry-wait = 1")
    return tmp_path


def env(gl: FakeGitLab, **extra: str) -> dict[str, str]:
    return clean_env(CI_API_V4_URL=gl.url, **extra)


@pytest.mark.parametrize("pagination", ["offset", "keyset", "x-next-page"])
def test_live_issues_every_page_judged(cwd, pagination):
    with FakeGitLab(tokens={TOKEN: READER}, per_page=3, pagination=pagination) as gl:
        gl.issues["acme/shop"] = backlog()
        r = custlint("tickets", "--from", "gitlab", "--repo", "acme/shop", "--format", "json", cwd=cwd,
                     env=env(gl, CUSTLINT_GITLAB_TOKEN=TOKEN))
        assert r.code == 1, r.err
        doc = r.json()
        assert doc["summary"]["checked"] == 7  # seven issues over three pages
        subjects = {f["subject"] for f in doc["findings"]}
        assert "#6" in subjects and "#7" in subjects and not subjects & {"#1", "#2", "#3", "#4", "#5"}
        rules_7 = {f["rule"] for f in doc["findings"] if f["subject"] == "#7"}
        assert "TK301" in rules_7  # closed, and nothing shows it reached production
        gets = [p for m, p, _, _ in gl.requests if m == "GET"]
        assert len(gets) == 3 and gets[0].startswith("/api/v4/projects/acme%2Fshop/issues?scope=all&per_page=100")
        assert all(h in ({"Private-Token": TOKEN}, {"PRIVATE-TOKEN": TOKEN}) for _, _, h, _ in gl.requests)
        assert TOKEN not in r.out + r.err


def test_in_a_gitlab_job_the_project_is_the_jobs(cwd):
    with FakeGitLab(tokens={TOKEN: READER}) as gl:
        gl.issues["42"] = [issue(1)]
        r = custlint("tickets", "--from", "gitlab", "--format", "json", cwd=cwd,
                     env=env(gl, CUSTLINT_GITLAB_TOKEN=TOKEN, CI_PROJECT_ID="42", CI_PROJECT_PATH="acme/shop"))
        assert r.code == 0 and r.json()["summary"]["checked"] == 1, r.err
        assert gl.requests[0][1].startswith("/api/v4/projects/42/issues")


def test_config_source_gitlab(tmp_path):
    config(tmp_path, 'source = "gitlab"\nrepo = "acme/shop"\nretries = 1')
    with FakeGitLab(tokens={TOKEN: READER}) as gl:
        gl.issues["acme/shop"] = [issue(1), issue(2, body="")]
        r = custlint("tickets", "--format", "json", cwd=tmp_path, env=env(gl, CUSTLINT_GITLAB_TOKEN=TOKEN))
        assert r.code == 1 and {f["subject"] for f in r.json()["findings"]} == {"#2"}, r.err


@pytest.mark.parametrize(
    ("token_env", "words"),
    [
        ({"CUSTLINT_GITLAB_TOKEN": "glpat-expired"}, "HTTP 401"),
        ({"CI_JOB_TOKEN": "job-xyz"}, "HTTP 403"),  # this GitLab does not let a job token read issues
        ({}, "HTTP 401"),
    ],
)
def test_refusals_are_one_line_exit_2(cwd, token_env, words):
    with FakeGitLab(tokens={TOKEN: READER}, job_token="job-xyz") as gl:
        gl.issues["acme/shop"] = backlog()
        r = custlint("tickets", "--from", "gitlab", "--repo", "acme/shop", cwd=cwd, env=env(gl, **token_env))
        assert r.code == 2
        lines = r.err.strip().splitlines()
        assert len(lines) == 1 and words in lines[0] and "CUSTLINT_GITLAB_TOKEN" in lines[0], r.err
        for secret in token_env.values():
            assert secret not in r.err


def test_unknown_project_and_missing_project(cwd):
    with FakeGitLab(tokens={TOKEN: READER}) as gl:
        r = custlint("tickets", "--from", "gitlab", "--repo", "acme/nope", cwd=cwd, env=env(gl, CUSTLINT_GITLAB_TOKEN=TOKEN))
        assert r.code == 2 and "HTTP 404" in r.err and len(r.err.strip().splitlines()) == 1
        r = custlint("tickets", "--from", "gitlab", cwd=cwd, env=env(gl, CUSTLINT_GITLAB_TOKEN=TOKEN))
        assert r.code == 2 and "--repo GROUP/PROJECT" in r.err
        r = custlint("tickets", "--from", "gitlab", "--repo", "acme/shop", "x.json", cwd=cwd, env=env(gl))
        assert r.code == 2 and "takes no PATH" in r.err


# -- the export ----------------------------------------------------------------------------------

def test_export_one_page_or_many_pages_or_wrapped(cwd):
    items = backlog()
    one = cwd / "issues.json"
    one.write_text(json.dumps(items))
    paginated = cwd / "pages.json"  # glab api --paginate prints the pages one after another
    paginated.write_text("\n".join(json.dumps(items[i:i + 3]) for i in range(0, len(items), 3)))
    wrapped = cwd / "wrapped.json"
    wrapped.write_text(json.dumps({"issues": items}))
    results = []
    for path in (one, paginated, wrapped):
        r = custlint("tickets", "--from", "gitlab-json", path.name, "--format", "json", cwd=cwd)
        assert r.code == 1 and r.json()["summary"]["checked"] == 7, r.err
        results.append(sorted((f["subject"], f["rule"]) for f in r.json()["findings"]))
    assert results[0] == results[1] == results[2]
    # the same findings as the live source gives for the same issues
    with FakeGitLab(tokens={TOKEN: READER}) as gl:
        gl.issues["acme/shop"] = items
        live = custlint("tickets", "--from", "gitlab", "--repo", "acme/shop", "--format", "json", cwd=cwd,
                        env=env(gl, CUSTLINT_GITLAB_TOKEN=TOKEN))
    assert sorted((f["subject"], f["rule"]) for f in live.json()["findings"]) == results[0]


def test_export_bad_entries_and_bad_files(cwd):
    items = [issue(1), {"iid": "two", "title": "x"}, issue(3, body=None), "junk"]
    (cwd / "mixed.json").write_text(json.dumps(items))
    r = custlint("tickets", "--from", "gitlab-json", "mixed.json", "--format", "json", cwd=cwd)
    assert r.code == 2 and r.json()["summary"]["checked"] == 2  # the two good ones are judged
    assert "issue entry 2: no issue 'iid'" in r.err and "entry 4" in r.err
    (cwd / "obj.json").write_text(json.dumps({"message": "401 Unauthorized"}))
    r = custlint("tickets", "--from", "gitlab-json", "obj.json", cwd=cwd)
    assert r.code == 2 and "not a GitLab issues export" in r.err and len(r.err.strip().splitlines()) == 1
    (cwd / "broken.json").write_text("[{\"iid\": 1,")
    r = custlint("tickets", "--from", "gitlab-json", "broken.json", cwd=cwd)
    assert r.code == 2 and "not valid JSON" in r.err
    r = custlint("tickets", "--from", "gitlab-json", cwd=cwd)
    assert r.code == 2 and "needs the export FILE" in r.err


def test_issue_fields_map_to_tickets():
    from custlint.sources.tickets.gitlab import gitlab_ticket

    t = gitlab_ticket(issue(7, state="closed", closed_at="2026-02-01T09:30:00.000Z", labels=["bug", "checkout"]), "s")
    assert (t.id, t.status, t.type, t.labels) == ("#7", "closed", "bug", ["bug", "checkout"])
    assert t.done_at.startswith("2026-02-01T09:30:00") and t.extra["url"].endswith("/issues/7")
    t = gitlab_ticket(issue(8, issue_type="incident", body=None), "s")
    assert (t.status, t.type, t.body) == ("open", "incident", "")
    t = gitlab_ticket(dict(issue(9), labels=[{"name": "feature", "color": "#fff"}]), "s")  # with_labels_details
    assert t.type == "feature"

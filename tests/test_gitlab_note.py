"""custlint pr --comment in a GitLab MR pipeline: one MR note, edited in place, against a local GitLab."""

from __future__ import annotations

import pytest

from conftest import clean_env, custlint
from custlint.sources.github_api import MARKER
from custlint.sources.gitlab_api import note_body, written_by
from fake_gitlab import FakeGitLab

BOT = {"username": "project_42_bot_1a2b", "id": 900, "bot": True}
GOOD = ("## Customer problem\nShoppers abandon checkout because they cannot see when an order arrives.\n\n"
        "## KPI\nCheckout completion from 61% to 65% within 6 weeks.\n")


def _env(fake: FakeGitLab, description: str, **extra: str) -> dict[str, str]:
    return clean_env(GITLAB_CI="true", CI_MERGE_REQUEST_IID="12", CI_MERGE_REQUEST_TITLE="Show delivery windows",
                     CI_MERGE_REQUEST_DESCRIPTION=description, CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main",
                     CI_PROJECT_ID="42", CI_PROJECT_PATH="acme/shop", CI_API_V4_URL=fake.url,
                     GITLAB_USER_LOGIN="dev1", **extra)


def _pr(tmp_path, env):
    return custlint("pr", "--comment", "--format", "json", cwd=tmp_path, env=env)


def test_one_note_created_then_edited_in_place(tmp_path):
    with FakeGitLab(tokens={"glpat-project": BOT}) as gl:
        env = _env(gl, "Make it faster", CUSTLINT_GITLAB_TOKEN="glpat-project", CI_JOB_TOKEN="job-xyz")
        r = _pr(tmp_path, env)
        assert r.code == 1 and "MR note created" in r.err, r.err
        notes = gl.notes[("42", "12")]
        assert len(notes) == 1 and notes[0]["body"].startswith(MARKER) and "CP101" in notes[0]["body"]
        assert notes[0]["author"]["username"] == BOT["username"]
        # the project token goes in PRIVATE-TOKEN, never the job token beside it
        assert all(h == {"Private-Token": "glpat-project"} or h == {"PRIVATE-TOKEN": "glpat-project"}
                   for _, _, h, _ in gl.requests)
        assert ("POST", "/api/v4/projects/42/merge_requests/12/notes") in gl.writes()

        # a new push with a better description edits the same note
        r = _pr(tmp_path, dict(env, CI_MERGE_REQUEST_DESCRIPTION=GOOD))
        assert r.code == 0 and "MR note updated" in r.err, r.err
        assert len(notes) == 1 and "CP101" not in notes[0]["body"]
        assert gl.writes()[-1] == ("PUT", f"/api/v4/projects/42/merge_requests/12/notes/{notes[0]['id']}")
        # the same result again: nothing written
        before = len(gl.writes())
        r = _pr(tmp_path, dict(env, CI_MERGE_REQUEST_DESCRIPTION=GOOD))
        assert "MR note unchanged" in r.err and len(gl.writes()) == before


def test_all_clear_posts_nothing_new(tmp_path):
    with FakeGitLab(tokens={"glpat-project": BOT}) as gl:
        r = _pr(tmp_path, _env(gl, GOOD, CUSTLINT_GITLAB_TOKEN="glpat-project"))
        assert r.code == 0 and "no MR note needed" in r.err and gl.writes() == []


@pytest.mark.parametrize("pagination", ["offset", "keyset", "x-next-page"])
def test_the_note_is_found_on_a_later_page_and_only_its_own(tmp_path, pagination):
    with FakeGitLab(tokens={"glpat-project": BOT}, per_page=2, pagination=pagination) as gl:
        notes = gl.notes.setdefault(("42", "12"), [])
        notes += [{"id": i, "body": f"review {i}", "system": False, "author": {"username": "alice"}} for i in range(1, 4)]
        # someone else's note holding the marker, and a system note holding it: never edited, never read
        notes.append({"id": 10, "body": f"{MARKER}\nAll clear, merge it", "system": False, "author": {"username": "mallory"}})
        notes.append({"id": 11, "body": f"{MARKER}\nx", "system": True, "author": {"username": BOT["username"]}})
        notes.append({"id": 12, "body": f"{MARKER}\nold result", "system": False, "author": {"username": BOT["username"]}})
        r = _pr(tmp_path, _env(gl, "Make it faster", CUSTLINT_GITLAB_TOKEN="glpat-project"))
        assert "MR note updated" in r.err, r.err
        by_id = {n["id"]: n for n in notes}
        assert "CP101" in by_id[12]["body"] and by_id[10]["body"].endswith("merge it") and by_id[11]["body"].endswith("x")
        assert len(notes) == 6
        pages = [p for m, p, _, _ in gl.requests if m == "GET" and "/notes" in p]
        assert len(pages) == 3  # six notes, two a page, every page read


def test_job_token_refused_is_one_line_and_keeps_the_verdict(tmp_path):
    with FakeGitLab(job_token="job-xyz", job_token_writes=False) as gl:
        r = _pr(tmp_path, _env(gl, "Make it faster", CI_JOB_TOKEN="job-xyz"))
        assert r.code == 1  # the findings decide, not the note
        line = [x for x in r.err.splitlines() if "MR note" in x]
        assert len(line) == 1 and "HTTP 403" in line[0] and "CUSTLINT_GITLAB_TOKEN" in line[0], r.err
        assert "job-xyz" not in r.err
        assert all(h in ({"Job-Token": "job-xyz"}, {"JOB-TOKEN": "job-xyz"}) for _, _, h, _ in gl.requests)


def test_job_token_where_gitlab_allows_it_writes_as_the_pipeline_user(tmp_path):
    with FakeGitLab(job_token="job-xyz", job_user="dev1", job_token_writes=True) as gl:
        env = _env(gl, "Make it faster", CI_JOB_TOKEN="job-xyz")
        assert "MR note created" in _pr(tmp_path, env).err
        first = dict(gl.notes[("42", "12")][0])
        assert first["author"]["username"] == "dev1"
        # another pipeline user's run (the job token acts for them) does not take over dev1's note
        gl.job_user = "dev2"
        r = _pr(tmp_path, dict(env, GITLAB_USER_LOGIN="dev2"))
        assert "MR note created" in r.err, r.err
        notes = gl.notes[("42", "12")]
        assert len(notes) == 2 and notes[0] == first
        # dev2's next run edits dev2's note
        r = _pr(tmp_path, dict(env, GITLAB_USER_LOGIN="dev2", CI_MERGE_REQUEST_DESCRIPTION=GOOD))
        assert "MR note updated" in r.err and len(notes) == 2 and notes[0] == first and "CP101" not in notes[1]["body"]


def test_a_bad_token_is_one_line_401(tmp_path):
    with FakeGitLab(tokens={"glpat-project": BOT}) as gl:
        r = _pr(tmp_path, _env(gl, "Make it faster", CUSTLINT_GITLAB_TOKEN="glpat-expired"))
        assert r.code == 1
        line = [x for x in r.err.splitlines() if "MR note" in x]
        assert len(line) == 1 and "HTTP 401" in line[0] and "glpat-expired" not in r.err, r.err
        assert gl.writes() == []


def test_no_token_no_note(tmp_path):
    with FakeGitLab() as gl:
        r = _pr(tmp_path, _env(gl, "Make it faster"))
        assert r.code == 1 and "no CUSTLINT_GITLAB_TOKEN or CI_JOB_TOKEN" in r.err and gl.requests == []


def test_note_text_cannot_run_quick_actions_and_identity_is_the_author():
    body = note_body("### custlint\n/close\n  /merge\nfine /label ~x\n")
    assert "\n/close" not in body and "\n  /merge" not in body and "fine /label ~x" in body
    assert body.startswith(MARKER)
    note = {"id": 1, "body": MARKER, "system": False, "author": {"username": "Bot_User"}}
    assert written_by(note, "bot_user") and not written_by(note, "") and not written_by(note, "other")
    assert not written_by(dict(note, system=True), "bot_user")
    assert not written_by({"id": 1, "body": MARKER, "author": "bot_user"}, "bot_user")


def test_a_write_redirected_into_a_read_is_exit_2_never_note_created(tmp_path):
    with FakeGitLab(tokens={"glpat-project": BOT}) as gl:
        path = "/api/v4/projects/42/merge_requests/12/notes"
        gl.redirects[("POST", path)] = (302, f"{gl.url}/elsewhere")
        r = _pr(tmp_path, _env(gl, "Make it faster", CUSTLINT_GITLAB_TOKEN="glpat-project"))
        assert r.code == 2 and "MR note created" not in r.err and "redirect" in r.err, r.err
        assert len(r.err.strip().splitlines()) == 1 and "glpat-project" not in r.err


def test_a_passing_fault_is_retried_and_the_note_written_once(tmp_path):
    with FakeGitLab(tokens={"glpat-project": BOT}) as gl:
        path = "/api/v4/projects/42/merge_requests/12/notes"
        gl.failures[path] = [502]  # the first page read fails once
        config = tmp_path / ".custlint.toml"
        config.write_text("[tickets]\nretries = 2\nmax-retry-wait = 1\n")
        r = _pr(tmp_path, _env(gl, "Make it faster", CUSTLINT_GITLAB_TOKEN="glpat-project"))
        assert "MR note created" in r.err, r.err
        assert len(gl.notes[("42", "12")]) == 1 and [m for m, _ in gl.writes()] == ["POST"]

"""The sticky PR comment and the merge-queue PR read, against a local GitHub API (127.0.0.1 only)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import clean_env, custlint
from fake_github import FakeGitHub
from runner_sim import commands

EVENTS = Path(__file__).parent / "data" / "github-events"
TOKEN = "ghs_s3cr3tTok3nValue1234567890"
MARKER = "<!-- custlint:sticky-comment -->"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
GOOD = "## Customer problem\nShoppers cannot see when an order arrives.\n\n## KPI\nCheckout completion from 61% to 65% in 6 weeks.\n"


def event(tmp_path: Path, body: str | None) -> Path:
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"]["body"] = body
    data["pull_request"]["labels"] = []  # the fixture's `bug` label would rightly ask for remediation (CR3xx)
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return p


def run(tmp_path: Path, api: FakeGitHub, body: str | None, *, token: str | None = TOKEN, summary: Path | None = None):
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(event(tmp_path, body)),
                    GITHUB_API_URL=api.url, GITHUB_STEP_SUMMARY=str(summary or tmp_path / "summary.md"))
    if token:
        env["GITHUB_TOKEN"] = token
    r = custlint("pr", "--comment", cwd=tmp_path, env=env)
    assert TOKEN not in r.out and TOKEN not in r.err  # never printed
    return r


def test_one_comment_created_then_edited_in_place(tmp_path):
    with FakeGitHub() as api:
        api.comments += [{"id": 1, "body": "LGTM"}, {"id": 2, "body": "nice"}, {"id": 3, "body": "a third, on page 2"}]
        r = run(tmp_path, api, "Just a change")
        assert r.code == 1 and "comment created" in r.err
        mine = [c for c in api.comments if MARKER in c["body"]]
        assert len(mine) == 1 and "CP101" in mine[0]["body"]
        assert api.writes() == [("POST", "/repos/Codertocat/Hello-World/issues/2/comments")]
        assert all(auth == f"Bearer {TOKEN}" for _, _, auth, _ in api.requests)
        # a push that fixes the description: the same comment is edited, no new one
        r = run(tmp_path, api, GOOD)
        assert r.code == 0 and "comment updated" in r.err
        mine = [c for c in api.comments if MARKER in c["body"]]
        assert len(mine) == 1 and "CP101" not in mine[0]["body"] and "all clear" in mine[0]["body"]
        assert api.writes()[-1] == ("PATCH", f"/repos/Codertocat/Hello-World/issues/comments/{mine[0]['id']}")
        # a re-run with the same result changes nothing
        n = len(api.writes())
        r = run(tmp_path, api, GOOD)
        assert "comment unchanged" in r.err and len(api.writes()) == n
        assert len(api.comments) == 4


def test_found_across_pages(tmp_path):
    with FakeGitHub(per_page=1) as api:
        api.comments += [{"id": i, "body": f"c{i}"} for i in range(1, 5)] + [{"id": 9, "body": f"{MARKER}\nold", "user": BOT}]
        r = run(tmp_path, api, "Just a change")
        assert "comment updated" in r.err
        assert api.writes() == [("PATCH", "/repos/Codertocat/Hello-World/issues/comments/9")]
        gets = [p for m, p, _, _ in api.requests if m == "GET"]
        assert len(gets) == 5


def test_all_clear_posts_no_new_comment(tmp_path):
    with FakeGitHub() as api:
        r = run(tmp_path, api, GOOD)
        assert r.code == 0 and api.writes() == [] and "no comment needed" in r.err


def test_read_only_token_falls_back_to_annotations_and_summary(tmp_path):
    summary = tmp_path / "summary.md"
    with FakeGitHub(read_only=True) as api:
        r = run(tmp_path, api, "Just a change", summary=summary)
    assert r.code == 1  # the verdict does not depend on the comment
    assert "cannot write PR comments" in r.err and "read-only" in r.err
    assert any(c.name == "error" for c in commands(r.out))
    assert "CP101" in summary.read_text()
    assert r.err.count("Traceback") == 0


def test_no_token_and_unreachable_api(tmp_path):
    with FakeGitHub() as api:
        r = run(tmp_path, api, "Just a change", token=None)
        assert r.code == 1 and "no GITHUB_TOKEN" in r.err and api.requests == []
        url = api.url
    # the server is gone: a warning, the exit code still the findings'
    env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(event(tmp_path, "x")),
                    GITHUB_API_URL=url, GITHUB_TOKEN=TOKEN)
    r = custlint("pr", "--comment", cwd=tmp_path, env=env)
    assert r.code == 1 and "could not update the PR comment" in r.err and TOKEN not in r.err


def test_comment_needs_a_github_pr(tmp_path):
    (tmp_path / "b.md").write_text(GOOD)
    r = custlint("pr", "--body-file", "b.md", "--comment", cwd=tmp_path, env=clean_env(GITHUB_TOKEN=TOKEN))
    assert r.code == 0 and "needs a GitHub pull_request event" in r.err


def test_merge_group_reads_the_pr_from_the_api(tmp_path):
    pr = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())["pull_request"]
    pr = dict(pr, number=104, body=GOOD + "\nFixes #7\n", labels=[])  # no `bug` label: only DP301 is at stake
    with FakeGitHub(pulls={104: pr}) as api:
        env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="merge_group", GITHUB_API_URL=api.url, GITHUB_TOKEN=TOKEN,
                        GITHUB_EVENT_PATH=str(EVENTS / "merge_group.checks_requested.payload.json"))
        r = custlint("pr", "--format", "json", cwd=tmp_path, env=env)
        assert [m_p for m_p in api.requests][0][:2] == ("GET", "/repos/octo-org/octo-repo/pulls/104")
    assert r.code == 1
    [f] = r.json()["findings"]
    assert f["rule"] == "DP301" and f["subject"] == "#104" and "into 'main'" in f["message"]  # base from the queue
    with FakeGitHub() as api:  # the PR cannot be read: exit 2, one line
        env["GITHUB_API_URL"] = api.url
        r = custlint("pr", cwd=tmp_path, env=env)
    assert r.code == 2 and "cannot read PR #104" in r.err and TOKEN not in r.err


def test_token_is_not_sent_off_the_api_host(tmp_path):
    from custlint.sources.github_api import ApiError, GitHub

    gh = GitHub(TOKEN, base_url="http://127.0.0.1:9")
    try:
        gh._request("GET", "http://example.invalid/steal")
    except ApiError as exc:
        assert "refusing" in str(exc) and TOKEN not in str(exc)
    else:
        raise AssertionError("sent the token to another host")
    assert TOKEN not in repr(gh)


# -- issue 15 item 6: the marker counts only on custlint's own comments ----------------------------

MALLORY = {"login": "mallory", "type": "User"}


def test_an_attackers_comment_with_the_marker_is_never_edited(tmp_path):
    """An Actions token (``GET /user`` is 403 for it): only github-actions[bot]'s comments count."""
    with FakeGitHub() as api:
        forged = f"{MARKER}\n### custlint: PR #2\nall clear"
        api.comments += [
            {"id": 1, "body": forged, "user": MALLORY},
            {"id": 2, "body": forged, "user": {"login": "github-actions", "type": "User"}},  # look-alikes
            {"id": 3, "body": forged, "user": {"login": "github-actions[bot]", "type": "User"}},
            {"id": 4, "body": forged},  # no user at all
        ]
        r = run(tmp_path, api, "Just a change")
        assert r.code == 1 and "comment created" in r.err
        assert api.writes() == [("POST", "/repos/Codertocat/Hello-World/issues/2/comments")]
        assert [c["body"] for c in api.comments[:4]] == [forged] * 4  # untouched
        own = api.comments[4]
        assert own["user"] == BOT and "CP101" in own["body"]
        # the next push edits custlint's own comment in place, never the forged ones
        r = run(tmp_path, api, GOOD)
        assert r.code == 0 and "comment updated" in r.err
        assert api.writes()[-1] == ("PATCH", f"/repos/Codertocat/Hello-World/issues/comments/{own['id']}")
        assert [c["body"] for c in api.comments[:4]] == [forged] * 4 and len(api.comments) == 5
        assert "all clear" in api.comments[4]["body"]
        # a forged "all clear" never stands for the verdict: with findings, custlint's own comment says them
        r = run(tmp_path, api, "Just a change")
        assert "comment updated" in r.err and "CP101" in api.comments[4]["body"]
        assert ("GET", "/user") not in [(m, p) for m, p, _, _ in api.requests]  # a ghs_ token is not asked


def test_an_attackers_marker_is_not_taken_as_all_clear_when_nothing_is_wrong(tmp_path):
    with FakeGitHub() as api:
        api.comments.append({"id": 1, "body": f"{MARKER}\nold", "user": MALLORY})
        r = run(tmp_path, api, GOOD)
        assert r.code == 0 and "no comment needed" in r.err and api.writes() == []


def test_a_personal_token_edits_only_its_own_comment(tmp_path):
    me = {"login": "Release-Bot-User", "type": "User"}
    pat = "ghp_PATs3cr3tTok3nValue1234567890"
    with FakeGitHub(user=me) as api:
        api.comments += [
            {"id": 1, "body": f"{MARKER}\nforged", "user": MALLORY},
            {"id": 2, "body": f"{MARKER}\nan Actions run's", "user": BOT},  # not this token's
            {"id": 3, "body": f"{MARKER}\nmine", "user": {"login": "release-bot-user", "type": "User"}},  # logins ignore case
        ]
        env = clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_API_URL=api.url,
                        GITHUB_EVENT_PATH=str(event(tmp_path, "Just a change")), GITHUB_TOKEN=pat,
                        GITHUB_STEP_SUMMARY=str(tmp_path / "s.md"))
        r = custlint("pr", "--comment", cwd=tmp_path, env=env)
        assert r.code == 1 and "comment updated" in r.err and pat not in r.err + r.out
        assert api.writes() == [("PATCH", "/repos/Codertocat/Hello-World/issues/comments/3")]
        assert [c["body"] for c in api.comments[:2]] == [f"{MARKER}\nforged", f"{MARKER}\nan Actions run's"]
        assert ("GET", "/user") in [(m, p) for m, p, _, _ in api.requests]
        # without a comment of its own it posts a new one, and leaves the others alone
        api.comments.pop()
        r = custlint("pr", "--comment", cwd=tmp_path, env=env)
        assert "comment created" in r.err and api.writes()[-1][0] == "POST"
        assert api.comments[-1]["user"]["login"] == "Release-Bot-User" and len(api.comments) == 3


def test_a_hostile_pr_gets_an_inert_comment_and_odd_comment_entries_are_skipped(tmp_path):
    """Issue 15 (low): comment list entries that are a string, lack an ``id`` or carry one of the
    wrong type are skipped, never an internal error; the comment custlint writes for a PR full of
    links, mentions, references and lone surrogates holds none of them when GitHub renders it."""
    import pytest

    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    from test_markdown_neutral import assert_inert

    with FakeGitHub() as api:
        api.comments += ["a string, not a comment", {"body": f"{MARKER}\nold", "user": BOT},  # no id
                         {"id": "9", "body": f"{MARKER}\nold", "user": BOT}, {"id": True, "body": MARKER, "user": BOT}]
        hostile = ("Status: done https://evil.example/x @octocat o/r#12 #3 www.evil.example "
                   "![p](https://evil.example/p.png) <img src=x> m@evil.example \ud800 \x9b31m\n")
        r = run(tmp_path, api, hostile)
        assert "internal error" not in r.err and r.code in (0, 1), r.err
        assert "comment created" in r.err  # a new one: none of the odd entries was taken for custlint's own
        body = api.comments[-1]["body"]
        assert MARKER in body and "evil" in body and "octocat" in body
        assert not any("\ud800" <= c <= "\udfff" or "\x80" <= c <= "\x9f" for c in body)
        untrusted = body.replace("### custlint: PR #2", "")  # custlint's own heading names the PR itself
        assert_inert(cmarkgfm.github_flavored_markdown_to_html(untrusted, options=Options.CMARK_OPT_UNSAFE), body)
        assert api.comments[:4][0] == "a string, not a comment" and api.comments[1]["body"] == f"{MARKER}\nold"

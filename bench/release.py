"""Issue 16 figures: `custlint release` on a release of 1,000 commits touching 300 tickets.

Builds (with one `git fast-import`, in bench/.work/release-repo) 5,000 commits of history up to
tag v1.0, then 1,000 commits up to v1.1 that reference 300 tickets (3 commits each, every tenth
ticket with a fourth commit on an unmerged branch, so it is only partly released), and 300 ticket
files. Then:

1. times the whole command planning the release with ticket files
   (`python -m custlint release v1.1 --dry-run --format json`), median of --runs;
2. runs it against the fake GitHub of the tests (tests/fake_tracker.py, 127.0.0.1) with the
   same 300 tickets as issues, then again (the rerun), and counts the requests by kind;
3. the same against the fake GitLab of the tests (tests/fake_gitlab.py): issue notes and
   PUT state_event=close.

    python bench/release.py [--runs 5] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work" / "release-repo"
BODY = ("## Customer problem\nShoppers abandon checkout because they cannot see when an order arrives.\n\n"
        "## KPI\nCheckout completion from 61% to 65% within 6 weeks.\n")
HISTORY, RELEASE, TICKETS = 5000, 1000, 300


def build(repo: Path, key: str) -> None:
    """``key`` "SHOP-" for ticket files, "#" for GitHub issues."""
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    out = proc.stdin
    assert out is not None
    base = 1_760_000_000

    def commit(mark: int, branch: str, parent: int | None, msg: str) -> None:
        data = msg.encode()
        out.write(f"commit refs/heads/{branch}\nmark :{mark}\ncommitter Dev <dev@example.com> {base + mark * 60} +0000\n"
                  f"data {len(data)}\n".encode() + data + b"\n")
        if parent:
            out.write(f"from :{parent}\n".encode())
        out.write(f"M 644 inline f{mark % 13}.txt\ndata {len(str(mark))}\n{mark}\n\n".encode())

    for m in range(1, HISTORY + 1):
        commit(m, "main", m - 1 if m > 1 else None, f"Change {m}: adjust module {m % 113}\n\nRoutine work.\n")
    out.write(f"reset refs/tags/v1.0\nfrom :{HISTORY}\n\n".encode())
    for i in range(RELEASE):
        m = HISTORY + 1 + i
        t = i % TICKETS if i < 3 * TICKETS else None
        body = f"Refs {key}{t + 1}\n" if t is not None else "Routine work.\n"
        commit(m, "main", m - 1, f"Release work {i}: module {i % 37}\n\n{body}")
    last = HISTORY + RELEASE
    out.write(f"reset refs/tags/v1.1\nfrom :{last}\n\n".encode())
    for k, t in enumerate(range(0, TICKETS, 10)):  # every tenth ticket: one more commit, not released
        commit(last + 1 + k, "next", last + k if k else last, f"Follow-up for {key}{t + 1}\n\nRefs {key}{t + 1}\n")
    out.close()
    assert proc.wait() == 0
    subprocess.run(["git", "-C", str(repo), "checkout", "-q", "-f", "main"], check=True)


def env(**extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "GITLAB_", "CUSTLINT_"))}
    e.pop("CI", None)
    e.update(extra)
    return e


def files_figure(runs: int, rebuild: bool) -> None:
    repo = WORK / "files"
    if rebuild or not (repo / ".git").exists():
        build(repo, "SHOP-")
        (repo / "tickets").mkdir(exist_ok=True)
        for t in range(1, TICKETS + 1):
            (repo / "tickets" / f"SHOP-{t}.md").write_text(
                f"---\nid: SHOP-{t}\ntitle: Shoppers cannot see delivery windows {t}\nstatus: open\n---\n{BODY}")
        (repo / ".custlint.toml").write_text('[tickets]\nsource = "files"\n')
    times, data = [], {}
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.run([sys.executable, "-m", "custlint", "release", "v1.1", "--dry-run", "--format", "json"],
                           cwd=repo, env=env(), capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        assert p.returncode == 0, p.stderr
        data = json.loads(p.stdout)
    actions = Counter(t["action"] for t in data["tickets"])
    print(f"release v1.1: {data['commits']} commits, {len(data['tickets'])} tickets "
          f"({actions['close']} close, {actions['comment']} comment, {actions['none']} none)")
    print(f"plan with ticket files (whole command, --dry-run): median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f} s, {runs} runs)  target < 2 s: {'met' if statistics.median(times) < 2 else 'MISSED'}")


def api_figure(rebuild: bool) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_tracker import TOKEN, FakeTracker

    repo = WORK / "github"
    if rebuild or not (repo / ".git").exists():
        build(repo, "#")
        (repo / ".custlint.toml").write_text('[tickets]\nsource = "github"\nrepo = "acme/shop"\n')
    with FakeTracker(per_page=100) as fake:
        for n in range(1, TICKETS + 1):
            fake.issue(n)
        for label in ("first run", "rerun"):
            before = len(fake.requests)
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "custlint", "release", "v1.1", "--format", "json"], cwd=repo,
                               env=env(GITHUB_API_URL=fake.url, GITHUB_TOKEN=TOKEN), capture_output=True, text=True)
            took = time.perf_counter() - t0
            assert p.returncode == 0, p.stderr
            data = json.loads(p.stdout)
            actions = Counter(t["action"] for t in data["tickets"])
            reqs = fake.requests[before:]
            kinds = Counter(
                "GET issues (pages)" if m == "GET" and path.endswith("/issues")
                else "GET comments" if m == "GET" and path.endswith("/comments")
                else "POST comment" if m == "POST" else "PATCH close" if m == "PATCH" else f"{m} other"
                for m, path, _, _ in reqs)
            writes = kinds["POST comment"] + kinds["PATCH close"]
            allowed = actions["comment"] + 2 * actions["close"]  # a close is its comment and the close itself
            print(f"GitHub {label}: {len(reqs)} requests in {took:.2f} s for {actions['close']} close + "
                  f"{actions['comment']} comment actions: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
                  + f"; writes {writes} (at most {allowed if label == 'first run' else 0})")
            assert writes == (allowed if label == "first run" else 0)
        posts = Counter(p for m, p, _, _ in fake.requests if m == "POST")
        assert max(posts.values()) == 1  # no ticket was commented on twice


def gitlab_figure(rebuild: bool) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_gitlab import FakeGitLab

    token = "glpat-bench"
    repo = WORK / "gitlab"
    if rebuild or not (repo / ".git").exists():
        build(repo, "#")
        (repo / ".custlint.toml").write_text('[tickets]\nsource = "gitlab"\nrepo = "acme/shop"\n')
    with FakeGitLab(tokens={token: {"username": "project_1_bot", "id": 9}}, per_page=100) as gl:
        gl.issues["acme/shop"] = [
            {"iid": n, "title": f"Shoppers cannot see delivery windows {n}", "description": BODY, "state": "opened",
             "labels": [], "closed_at": None, "user_notes_count": 0}
            for n in range(1, TICKETS + 1)
        ]
        for label in ("first run", "rerun"):
            before = len(gl.requests)
            t0 = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "custlint", "release", "v1.1", "--format", "json"], cwd=repo,
                               env=env(CI_API_V4_URL=gl.url, CUSTLINT_GITLAB_TOKEN=token), capture_output=True,
                               text=True)
            took = time.perf_counter() - t0
            assert p.returncode == 0, p.stderr
            data = json.loads(p.stdout)
            actions = Counter(t["action"] for t in data["tickets"])
            reqs = gl.requests[before:]
            kinds = Counter(
                "GET issues (pages)" if m == "GET" and "/issues?" in path
                else "GET notes" if m == "GET" and "/notes" in path
                else "POST note" if m == "POST" else "PUT close" if m == "PUT" else f"{m} other"
                for m, path, _, _ in reqs)
            writes = kinds["POST note"] + kinds["PUT close"]
            allowed = actions["comment"] + 2 * actions["close"]
            print(f"GitLab {label}: {len(reqs)} requests in {took:.2f} s for {actions['close']} close + "
                  f"{actions['comment']} comment actions: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
                  + f"; writes {writes} (at most {allowed if label == 'first run' else 0})")
            assert writes == (allowed if label == "first run" else 0)
        assert all(len(notes) == 1 for notes in gl.issue_notes.values()) and len(gl.issue_notes) == TICKETS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true")
    a = ap.parse_args()
    files_figure(a.runs, a.rebuild)
    api_figure(a.rebuild)
    gitlab_figure(a.rebuild)


if __name__ == "__main__":
    main()

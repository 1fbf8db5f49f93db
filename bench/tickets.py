"""Issue 5 figure: `custlint tickets` on 1,000 ticket files against a 100,000-commit history.

Builds (once, in bench/.work/tickets-repo, with one `git fast-import`) a repository of
100,000 commits on main plus a 2,000-commit unmerged branch, a release tag `vN` every 1,000
commits, and 1,000 ticket files: 700 done (most found by commit references, some listing
their commits, some naming a `released` tag), 300 open. Then times the whole command
(`python -m custlint tickets`), the cache refresh, and the commit-msg hook with the cache.

    python bench/tickets.py [--commits 100000] [--tickets 1000] [--runs 2] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "tickets-repo"
BODY = ("## Customer problem\nShoppers abandon checkout because they cannot see when an order arrives.\n\n"
        "## KPI\nCheckout completion from 61% to 65% within 6 weeks.\n")


def build(repo: Path, n_commits: int, n_tickets: int) -> None:
    if repo.exists():
        shutil.rmtree(repo)
    repo.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    t0 = time.perf_counter()
    proc = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=repo, stdin=subprocess.PIPE)
    out = proc.stdin
    assert out is not None
    base = 1_700_000_000
    ticket_of_commit: dict[int, int] = {}
    # tickets 0..599 are referenced by commits spread over the history (done ones mostly released)
    for k in range(600):
        for j in range(3):
            ticket_of_commit[(k * 157 + j * 31) % (n_commits - 3000) + 1] = k

    def commit(mark: int, branch: str, parent: int | None, msg: str) -> None:
        data = msg.encode()
        out.write(f"commit refs/heads/{branch}\nmark :{mark}\n"
                  f"committer Dev <dev@example.com> {base + mark * 60} +0000\n"
                  f"data {len(data)}\n".encode() + data + b"\n")
        if parent:
            out.write(f"from :{parent}\n".encode())
        if mark % 997 == 0:
            out.write(f"M 644 inline f{mark % 7}.txt\ndata {len(str(mark))}\n{mark}\n".encode())
        out.write(b"\n")

    for m in range(1, n_commits + 1):
        k = ticket_of_commit.get(m)
        msg = f"Change {m}: adjust module {m % 113}\n\n" + (f"Refs SHOP-{k}\n" if k is not None else "Routine work.\n")
        commit(m, "main", m - 1 if m > 1 else None, msg)
        if m % 1000 == 0:
            out.write(f"reset refs/tags/v{m // 1000}.0.0\nfrom :{m}\n\n".encode())
    # an unmerged branch: tickets 600..649 reference commits only there (done but not deployed)
    parent = n_commits - 5000
    for i in range(2000):
        m = n_commits + 1 + i
        k = 600 + i // 40 if i % 40 == 0 else None
        commit(m, "feature", parent, f"Feature work {i}\n\n" + (f"Refs SHOP-{k}\n" if k is not None else "More.\n"))
        parent = m
    out.close()
    assert proc.wait() == 0
    subprocess.run(["git", "-C", str(repo), "reset", "-q", "--hard", "main"], check=True)
    print(f"built {n_commits + 2000} commits and {n_commits // 1000} tags with git fast-import in {time.perf_counter() - t0:.1f} s")
    shas = subprocess.run(["git", "-C", str(repo), "rev-list", "--max-count=400", "main~2000"], capture_output=True,
                          text=True, check=True).stdout.split()
    tickets = repo / "tickets"
    tickets.mkdir()
    for k in range(n_tickets):
        status = "open" if k >= 700 else "Done"
        extra = ""
        if 650 <= k < 690:
            extra = f"commits: [{shas[(k - 650) * 5][:12]}, {shas[(k - 650) * 5 + 1][:12]}]\n"
        elif 690 <= k < 700:
            extra = f"released: v{k - 680}.0.0\ncommits: [{shas[k - 690][:12]}]\n"
        (tickets / f"SHOP-{k}.md").write_text(
            f"---\nid: SHOP-{k}\ntitle: Delivery windows part {k}\nstatus: {status}\ntype: story\n"
            f"labels: [checkout]\ndone-at: 2026-01-{1 + k % 28:02d}\n{extra}---\n{BODY if k % 10 else 'TBD'}\n")
    (repo / ".custlint.toml").write_text('[tickets]\nsource = "files"\n')


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--commits", type=int, default=100_000)
    ap.add_argument("--tickets", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args()
    marker = WORK / ".bench-size"
    size = f"{args.commits} {args.tickets}"
    if args.rebuild or not marker.exists() or marker.read_text() != size:
        build(WORK, args.commits, args.tickets)
        marker.write_text(size)
    py = [sys.executable, "-m", "custlint"]
    cmd = py + ["tickets", "--format", "json"]
    for run in range(args.runs):
        secs, p = timed(cmd, WORK)
        if p.returncode not in (0, 1):
            print(p.stderr, file=sys.stderr)
            return 1
        res = json.loads(p.stdout)
        done_note = next((n for n in res["notes"] if n.startswith("done tickets")), "")
        print(f"run {run + 1}: custlint tickets: {res['summary']['checked']} tickets, {len(res['findings'])} findings, "
              f"{done_note}: {secs:.2f} s")
    secs, p = timed(py + ["tickets", "--refresh"], WORK)
    print(f"custlint tickets --refresh ({args.tickets} tickets): {secs:.2f} s")
    msg = WORK / ".git" / "BENCH_MSG"
    msg.write_text("Show windows\n\nRefs SHOP-5\n")
    best = min(timed(py + ["commit-msg", str(msg)], WORK)[0] for _ in range(5))
    print(f"custlint commit-msg with a {args.tickets}-ticket cache: {best * 1000:.0f} ms (best of 5)")
    base = min(timed(py + ["commit-msg", str(msg)], WORK.parent)[0] for _ in range(5))
    print(f"custlint commit-msg without a ticket source: {base * 1000:.0f} ms (best of 5)")
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, "
          f"{subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

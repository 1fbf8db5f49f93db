"""Generate a git repository with N commits of realistic messages, fast, with ``git fast-import``.

    python bench/gen_history.py 100000 /tmp/hist100k [--seed 1]

Messages mix what real teams write: bare one-liners, Conventional Commits, bodies with
Customer-Problem / KPI fields, ticket references (#123, SHOP-12), closing keywords, Jira smart
commits (#done), Signed-off-by trailers, merge commits every ~15 commits, bot commits, and a
release tag ``vX.Y.Z`` every ~400 commits. One commit per hour-ish, starting in 2015.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from pathlib import Path

AUTHORS = [(f"Dev {i:03d}", f"dev{i:03d}@example.com") for i in range(180)] + [("dependabot[bot]", "bot@github.com")]
DIRS = ["api", "web", "checkout", "billing", "search", "docs", "infra", "mobile"]
VERBS = ["Add", "Fix", "Remove", "Refactor", "Speed up", "Handle", "Show", "Cache", "Retry", "Log", "Validate"]
THINGS = ["delivery window", "coupon code", "payment retry", "search ranking", "cart badge", "address form",
          "invoice export", "login rate limit", "order history", "push notification", "currency rounding"]
TYPES = ["feat", "fix", "chore", "docs", "refactor", "perf", "test", "ci"]
PROBLEMS = ["shoppers abandon checkout because they cannot see when an order arrives",
            "merchants lose sales when a coupon silently fails",
            "riders wait at the restaurant because the ready time is wrong",
            "customers in Brazil are charged twice when the bank times out"]
KPIS = ["checkout completion rises from 61% to 65% within 6 weeks",
        "coupon failure rate below 0.5% by end of quarter",
        "median rider wait time under 4 minutes within 30 days",
        "duplicate charge tickets drop from 40/week to under 5/week"]
PROSE = ["The old code path read the whole table on every request, which timed out for large accounts.",
         "This keeps the behaviour behind a flag until the rollout finishes.",
         "Tests cover the empty case and the one with three items.",
         "Follow-up to the review comments: rename the helper and drop the unused argument.",
         "The retry now backs off exponentially with jitter, capped at 30 seconds.",
         "See the design doc for the trade-offs; the short version is that we keep the cache warm."]


def message(r: random.Random, n: int) -> str:
    thing = r.choice(THINGS)
    kind = r.random()
    if kind < 0.25:
        return f"{r.choice(VERBS)} {thing}\n"
    title = f"{r.choice(TYPES)}({r.choice(DIRS)}): {r.choice(VERBS).lower()} {thing}" if kind < 0.6 else f"{r.choice(VERBS)} {thing}"
    paras = [" ".join(r.sample(PROSE, r.randint(1, 3)))]
    if r.random() < 0.35:
        paras.append(f"Customer-Problem: {r.choice(PROBLEMS)}\nKPI: {r.choice(KPIS)}")
    elif r.random() < 0.2:
        paras.append(f"Customer problem: {r.choice(PROBLEMS)}")
    trailers = []
    x = r.random()
    if x < 0.15:
        trailers.append(f"Fixes #{r.randint(1, 5000)}")
    elif x < 0.25:
        trailers.append(f"SHOP-{r.randint(1, 3000)} #done")
    elif x < 0.4:
        trailers.append(f"Refs: SHOP-{r.randint(1, 3000)}")
    if r.random() < 0.3:
        trailers.append(f"Signed-off-by: Dev {r.randint(0, 179):03d} <dev@example.com>")
    if trailers:
        paras.append("\n".join(trailers))
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def generate(n: int, out: Path, seed: int = 1, start: int = 1420070400) -> None:
    r = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    p = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE)
    w = p.stdin
    t = start
    mark = 0
    side = None  # mark of a side-branch commit waiting to be merged
    release = 0
    main_tip = 0
    for i in range(n):
        t += r.randint(600, 6000)
        mark += 1
        merge = side is not None and r.random() < 0.5
        author = AUTHORS[-1] if r.random() < 0.03 else r.choice(AUTHORS[:-1])
        if merge:
            msg = f"Merge branch 'topic-{i}'\n"
        else:
            msg = message(r, i)
        data = msg.encode()
        d = r.choice(DIRS)
        blob = f"{i}\n".encode()
        branch = "refs/heads/main" if side is not None or i == 0 or r.random() > 0.07 else "refs/heads/topic"
        parts = [f"commit {branch}\nmark :{mark}\n",
                 f"author {author[0]} <{author[1]}> {t - r.randint(0, 86400)} +0000\n",
                 f"committer {author[0]} <{author[1]}> {t} +0000\n",
                 f"data {len(data)}\n"]
        w.write("".join(parts).encode() + data + b"\n")
        if branch == "refs/heads/topic":
            w.write(f"from :{main_tip}\n".encode())
            side = mark
        elif merge:
            w.write(f"merge :{side}\n".encode())
            side = None
        if branch == "refs/heads/main":
            main_tip = mark
        w.write(f"M 100644 inline {d}/f{i % 50}.txt\ndata {len(blob)}\n".encode() + blob + b"\n")
        if branch == "refs/heads/main" and i > 0 and i % 400 == 0:
            release += 1
            tag = f"v{release // 20}.{release % 20}.0"
            tmsg = f"Release {tag}\n".encode()
            w.write(f"tag {tag}\nfrom :{mark}\ntagger Release Bot <rel@example.com> {t + r.randint(3600, 5 * 86400)} +0000\n"
                    f"data {len(tmsg)}\n".encode() + tmsg + b"\n")
    w.write(b"done\n")
    w.close()
    if p.wait():
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", str(out), "reset", "-q", "--hard", "main"], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.out.exists() and any(a.out.iterdir()):
        sys.exit(f"{a.out} exists and is not empty")
    generate(a.n, a.out, a.seed)


if __name__ == "__main__":
    main()

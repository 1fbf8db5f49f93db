"""Realistic commit histories for benchmarks, built fast with `git fast-import`.

Messages mix what teams really write: ticket references, Customer-Problem/KPI trailers,
Markdown-ish bodies, terse one-liners, conventional types, reverts, fixups, bot bumps and
merge commits, in proportions close to a busy product repository.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

TITLES = [
    "Show delivery windows at checkout", "Retry failed card payments once", "Add one-click reorder",
    "Speed up search suggestions", "Fix refund rounding for partial returns", "Cache seller dashboard totals",
    "Let admins export invoices as CSV", "Reduce cold start of the mobile feed", "Handle expired promo codes",
    "Translate the returns flow", "Warn drivers about blocked addresses", "Paginate order history",
]
BODIES = [
    "Refs SHOP-{n}",
    "Customer-Problem: shoppers abandon checkout because they cannot see when an order arrives\n"
    "KPI: checkout completion rises from 61% to 65% within 6 weeks",
    "The old path issued one query per line item.\n\nFixes #{n}",
    "Moves the helper into its own module and adds tests.",
    "Customer problem: sellers wait 9 s for the dashboard on Monday mornings.\n\n"
    "KPI: p95 dashboard load under 2 s by 2027-03-31\n\nRefs PAY-{n}",
    "",
    "See the discussion in the design doc.\n\nSigned-off-by: Dev One <dev1@example.com>",
    "Closes acme/shop#{n}",
]
TYPES = ["", "", "", "", "feat: ", "fix: ", "docs: ", "chore: ", "refactor: ", "test: "]
AUTHORS = [("Dev One", "dev1@example.com"), ("Dev Two", "dev2@example.com"), ("Ana Lead", "ana@example.com"),
           ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")]


def message(rng: random.Random, i: int) -> str:
    r = rng.random()
    if r < 0.02:
        return f'Revert "{rng.choice(TITLES)}"\n\nThis reverts commit {i:040x}.\n'
    if r < 0.04:
        return f"fixup! {rng.choice(TITLES)}\n"
    title = rng.choice(TYPES) + rng.choice(TITLES).lower() if rng.random() < 0.4 else rng.choice(TITLES)
    body = rng.choice(BODIES).format(n=rng.randint(1, 9999))
    return f"{title}\n\n{body}\n" if body else f"{title}\n"


def build(path: Path, commits: int, seed: int = 7, merge_every: int = 25) -> Path:
    """A repository at ``path`` with ``commits`` commits (about 1 in ``merge_every`` a merge) on main."""
    rng = random.Random(seed)
    path.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True, env=env)
    proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=path, stdin=subprocess.PIPE, env=env)
    w = proc.stdin
    assert w is not None
    t0 = 1_700_000_000
    mark = 0
    side_mark = 0
    for i in range(commits):
        mark += 1
        name, email = rng.choice(AUTHORS)
        msg = message(rng, i).encode()
        when = t0 + i * 600
        is_merge = merge_every and i > 2 and i % merge_every == 0 and side_mark
        lines = [f"commit refs/heads/main\nmark :{mark}\n",
                 f"author {name} <{email}> {when} +0000\ncommitter {name} <{email}> {when} +0000\n",
                 f"data {len(msg)}\n"]
        w.write("".join(lines).encode() + msg + b"\n")
        if mark > 1:
            w.write(f"from :{mark - 1}\n".encode())
        if is_merge:
            w.write(f"merge :{side_mark}\n".encode())
        w.write(f"M 644 inline f{i % 50}.txt\ndata <<EOT\n{i}\nEOT\n\n".encode())
        if i % merge_every == merge_every // 2:  # a side commit to merge later
            mark += 1
            side_mark = mark
            smsg = message(rng, i + 1).encode()
            w.write(f"commit refs/heads/side\nmark :{mark}\n".encode())
            w.write(f"author {name} <{email}> {when + 1} +0000\ncommitter {name} <{email}> {when + 1} +0000\n".encode())
            w.write(f"data {len(smsg)}\n".encode() + smsg + b"\n")
            w.write(f"from :{mark - 1}\nM 644 inline side{i}.txt\ndata <<EOT\n{i}\nEOT\n\n".encode())
    w.write(b"done\n")
    w.close()
    if proc.wait():
        raise SystemExit("git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=path, check=True, env=env)
    return path

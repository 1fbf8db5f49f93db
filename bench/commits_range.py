"""`custlint commits` on a 5,000-commit range: how much of the time is analysis.

    .venv/bin/python bench/commits_range.py [--commits 5000]

Builds a realistic history with git fast-import (bench/_history.py), then measures in one
process: reading the range (one streaming git log through GitPython), and reading plus judging
every commit with the default rules. Analysis time is the difference. Also times the whole
`custlint commits RANGE --format json` command as a user runs it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _history import build  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from custlint.core.config import default_config
    from custlint.engine.evaluator import Engine
    from custlint.engine.packs import load_rules
    from custlint.sources import git_history as gh
    from custlint.sources.git import open_repo

    with tempfile.TemporaryDirectory() as tmp:
        repo_path = build(Path(tmp) / "repo", args.commits)
        repo = open_repo(str(repo_path))
        rng = "HEAD"
        total = int(subprocess.run(["git", "rev-list", "--count", rng], cwd=repo_path, capture_output=True, text=True).stdout)
        config = default_config()
        rules = load_rules()
        reads, judged = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            raws = list(gh.stream(repo, rng))
            reads.append(time.perf_counter() - t)
            t = time.perf_counter()
            result = Engine(config, rules).run(gh.to_document(c) for c in gh.stream(repo, rng))
            judged.append(time.perf_counter() - t)
        assert len(raws) == total == result.checked + len(result.exempt)
        cli = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "custlint", "commits", rng, "--format", "json", "--exit-zero"],
                               cwd=repo_path, capture_output=True)
            cli.append(time.perf_counter() - t)
            assert p.returncode == 0, p.stderr
    read, both = statistics.median(reads), statistics.median(judged)
    print(f"commits in range: {total} ({result.checked} checked, {len(result.exempt)} exempt, "
          f"{len(result.findings)} findings)")
    print(f"read range (one git log):      {read * 1000:8.1f} ms")
    print(f"read + judge:                  {both * 1000:8.1f} ms")
    print(f"analysis alone:                {(both - read) * 1000:8.1f} ms  "
          f"({(both - read) / total * 1e6:.1f} us per commit)")
    print(f"whole command (process start): {statistics.median(cli) * 1000:8.1f} ms  (median of {args.repeat})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

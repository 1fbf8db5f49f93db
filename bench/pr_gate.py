"""Issue 4 figures: how long the merge gate takes, and what the done-claim analysis costs.

    .venv/bin/python bench/pr_gate.py

1. `custlint pr` end to end on a real pull_request payload (process start to exit), as a CI
   step runs it, median of N runs, for --format github and --format sarif.
2. find_done_claims per message over 5,000 synthetic commit messages of mixed shapes
   (closing keywords, smart commits, code blocks, quotes, checklists).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

RUNS = 15


def gate_runs(fmt: str) -> list[float]:
    data = json.loads((ROOT / "tests/data/github-events/pull_request.opened.payload.json").read_text())
    data["pull_request"]["body"] = ("## Customer problem\nShoppers cannot see when an order arrives.\n\n## KPI\n"
                                    "Checkout completion from 61% to 65% in 6 weeks.\n\nFixes #12\n\n- [x] Done\n")
    with tempfile.TemporaryDirectory() as tmp:
        ev = Path(tmp) / "event.json"
        ev.write_text(json.dumps(data))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CI_", "GITLAB_"))}
        env.update(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(ev),
                   GITHUB_STEP_SUMMARY=str(Path(tmp) / "summary.md"))
        times = []
        for _ in range(RUNS):
            t = time.perf_counter()
            p = subprocess.run([sys.executable, "-m", "custlint", "pr", "--format", fmt], cwd=tmp, env=env,
                               capture_output=True, text=True)
            times.append(time.perf_counter() - t)
            assert p.returncode == 1, p.stderr
    return times


def claim_cost() -> tuple[int, float, int]:
    from custlint.analysis.analyzer import Settings, analyze
    from custlint.analysis.done import find_done_claims
    from custlint.core.config import default_config
    from custlint.document.message import commit_document

    shapes = [
        "Fix login loop\n\nFixes #{n}\n",
        "Show windows\n\nSHOP-{n} #time 1h #done\n\nCustomer-Problem: shoppers\n",
        "Refactor cart\n\nRefs #{n}\n\n```\nFixes #{n}\n```\n> closes #{n}\n",
        "Add export\n\n- [x] Tests\n- [ ] Released to production\nStatus: in review\n",
        "Update deps\n\nNothing to see here, just a longer body line that mentions fixing and closing words.\n" * 3,
    ]
    msgs = [shapes[i % len(shapes)].replace("{n}", str(i)) for i in range(5000)]
    settings = Settings.from_config(default_config())
    t = time.perf_counter()
    found = 0
    for i, m in enumerate(msgs):
        doc = commit_document(m, subject=str(i))
        found += len(analyze(doc, settings).memo("done_claims", find_done_claims))
    return len(msgs), time.perf_counter() - t, found


def main() -> None:
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; noise: other jobs share the machine")
    for fmt in ("github", "sarif"):
        t = gate_runs(fmt)
        print(f"custlint pr --format {fmt}: median {statistics.median(t) * 1000:.0f} ms, "
              f"min {min(t) * 1000:.0f} ms, max {max(t) * 1000:.0f} ms over {len(t)} runs")
    n, secs, found = claim_cost()
    print(f"find_done_claims: {n} messages (parse + claims) in {secs * 1000:.0f} ms = {secs / n * 1e6:.0f} µs/message; "
          f"{found} claims found")


if __name__ == "__main__":
    main()

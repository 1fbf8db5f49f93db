"""Cost of analysing one commit message: what the history audit pays per commit.

    python bench/analysis_cost.py               # both message sets, 7 rounds each
    python bench/analysis_cost.py --rounds 3

Message sets:
- ``flask``: the 3,000 newest non-merge commit messages of pallets/flask (BSD-3-Clause),
  stored in bench/data/flask-commit-messages.jsonl.gz: real, mostly terse, no custlint trailers.
- ``corpus``: the commit cases of tests/corpus (trailers, KPIs, fixes, features), repeated
  to 3,000 messages: what a team that uses custlint writes.

Documents are parsed before the clock starts (parsing is the source's job). Times are CPU time
of the process (``--wall`` for wall-clock), since the machine is shared. "analysis" is a
fresh :class:`Analysis` plus every property the shipped rules read (refs, fields, problem and
KPI verdicts, skip, and the remediation / PR-FAQ verdicts for fix / feat commits). "judge" is
the whole ``Engine.judge`` (exemptions, every default rule, findings). Reported: the best
and the median round, in microseconds per message, split by whether the message has
Markdown structure (those take the CommonMark parse).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from custlint.analysis.analyzer import Analysis, analyze  # noqa: E402
from custlint.document import markdown  # noqa: E402
from custlint.document.message import commit_document  # noqa: E402

FIX = frozenset(("fix", "bug", "bugfix", "hotfix"))
FEAT = frozenset(("feat", "feature"))


def flask_messages() -> list[str]:
    with gzip.open(ROOT / "bench" / "data" / "flask-commit-messages.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def corpus_messages(n: int = 3000) -> list[str]:
    from accuracy import load_cases

    msgs = [c["text"].lstrip("\n") for c in load_cases() if c["kind"] == "commit"]
    return (msgs * (n // len(msgs) + 1))[:n]


def touch(a: Analysis) -> None:
    """Everything the shipped rules read."""
    a.skip
    a.refs
    a.problem_linked
    a.kpi_linked
    a.problem_placeholder
    a.kpi_placeholder
    a.problem_verdict
    a.kpi_verdict
    t = a.doc.type
    if t in FIX:
        a.remediation
    elif t in FEAT:
        a.prfaq


CLOCK = time.process_time_ns  # CPU time of this process: the machine is shared, wall time counts the neighbours too


def time_analysis(docs, settings) -> float:
    t0 = CLOCK()
    for d in docs:
        d._analysis = None
        touch(analyze(d, settings))
    return (CLOCK() - t0) / 1000 / max(1, len(docs))


def time_judge(docs, engine) -> float:
    t0 = CLOCK()
    for d in docs:
        d._analysis = None
        engine.judge(d)
    return (CLOCK() - t0) / 1000 / max(1, len(docs))


def run_set(name: str, messages: list[str], rounds: int) -> None:
    from accuracy import engine

    eng = engine()
    docs = [commit_document(m, subject=str(i), strip_comments=False) for i, m in enumerate(messages)]
    plain = [d for d in docs if not (d.body and markdown.has_structure(d.body))]
    md = [d for d in docs if d.body and markdown.has_structure(d.body)]
    avg_len = sum(len(m) for m in messages) / len(messages)
    print(f"\n{name}: {len(docs)} messages, {avg_len:.0f} characters on average; "
          f"{len(plain)} without Markdown structure, {len(md)} with")
    time_analysis(docs, eng.settings)  # warm up (imports, regex compilation, the Markdown parser)
    for label, group in (("without Markdown structure", plain), ("with Markdown structure", md), ("all", docs)):
        if not group:
            continue
        an = [time_analysis(group, eng.settings) for _ in range(rounds)]
        ju = [time_judge(group, eng) for _ in range(rounds)]
        print(f"  {label:<28} analysis {min(an):7.2f} us best, {statistics.median(an):7.2f} us median | "
              f"judge {min(ju):7.2f} us best, {statistics.median(ju):7.2f} us median")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args = ap.parse_args(argv)
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter_ns
    print(f"python {sys.version.split()[0]}; {'wall-clock' if args.wall else 'CPU'} time per message")
    run_set("flask", flask_messages(), args.rounds)
    run_set("corpus", corpus_messages(), args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())

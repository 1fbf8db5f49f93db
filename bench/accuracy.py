"""Precision, recall and F1 of custlint's judgement per principle, on the labelled corpus.

    python bench/accuracy.py                 # the table
    python bench/accuracy.py --show-errors   # every false alarm and miss, with the findings

Each case of tests/corpus/*.toml says which principles a product lead expects to be reported
(`expect`, letters P K R W). A principle counts as reported when the shipped default rules
give at least one error or warning finding of that principle (info findings are advice, not a
report). Judged under the default config, exactly as `custlint` runs without one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from custlint.core.config import default_config  # noqa: E402
from custlint.document.message import commit_document  # noqa: E402
from custlint.engine.evaluator import Engine  # noqa: E402
from custlint.engine.packs import load_rules  # noqa: E402
from custlint.engine.selection import select_rules  # noqa: E402

LETTERS = {"P": "customer-problem", "K": "measurable-kpi", "R": "customer-remediation", "W": "working-backwards"}
CORPUS = ROOT / "tests" / "corpus"


def load_cases(folder: Path = CORPUS, pattern: str = "*.toml") -> list[dict]:
    cases = []
    for f in sorted(folder.glob(pattern)):
        for c in tomllib.loads(f.read_text(encoding="utf-8"))["case"]:
            c["file"] = f.name
            cases.append(c)
    return cases


def document(case: dict):
    kind = case["kind"]
    doc = commit_document(case["text"].lstrip("\n"), subject=case["id"], strip_comments=kind == "commit")
    doc.kind = kind
    doc.labels = list(case.get("labels", []))
    doc.parents = case.get("parents", 1)
    if case.get("type"):
        doc.type = case["type"].lower()
    return doc


def engine() -> Engine:
    config = default_config()
    rules = select_rules(load_rules(), list(config.select), list(config.extend_select), list(config.ignore), config.severity)
    return Engine(config, rules)


def judge(eng: Engine, case: dict) -> tuple[set[str], list]:
    findings, _ = eng.judge(document(case))
    shown = [f for f in findings if f.severity in ("error", "warning") and f.principle in LETTERS.values()]
    return {f.principle for f in shown}, shown


def score(cases: list[dict], eng: Engine | None = None):
    eng = eng or engine()
    stats = {p: [0, 0, 0] for p in LETTERS.values()}  # tp, fp, fn
    errors = []
    for c in cases:
        got, findings = judge(eng, c)
        tally(stats, errors, c, got, findings)
    return stats, errors


def tally(stats: dict, errors: list, case: dict, got: set[str], findings: list) -> None:
    """Count one judged case against its label (``expect`` letters): a hit, a false alarm or a miss per principle."""
    expected = {LETTERS[x] for x in case.get("expect", "")}
    for p in LETTERS.values():
        if p in got and p in expected:
            stats[p][0] += 1
        elif p in got:
            stats[p][1] += 1
            errors.append(("false alarm", p, case, findings))
        elif p in expected:
            stats[p][2] += 1
            errors.append(("miss", p, case, findings))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def print_table(stats: dict) -> None:
    """Positives, hits, false alarms, misses, precision, recall and F1 per principle."""
    print(f"{'principle':<22} {'pos':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7} {'F1':>6}")
    for p, (tp, fp, fn) in stats.items():
        pr, rc, f1 = prf(tp, fp, fn)
        print(f"{p:<22} {tp + fn:>4} {tp:>4} {fp:>4} {fn:>4} {pr:>9.3f} {rc:>7.3f} {f1:>6.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--files", default="*.toml", help="glob of corpus files to score (default all), e.g. 'heldout-*.toml'")
    args = ap.parse_args(argv)
    cases = load_cases(pattern=args.files)
    stats, errors = score(cases)
    clean = [c for c in cases if not c.get("expect")]
    print(f"{len(cases)} labelled cases ({len(clean)} clean) in {CORPUS.relative_to(ROOT)}/{args.files}")
    print_table(stats)
    eng = engine()
    alarms = sum(1 for c in clean if judge(eng, c)[0])
    print(f"clean cases with any error/warning finding: {alarms} of {len(clean)}")
    if args.show_errors:
        for what, p, c, findings in errors:
            print(f"\n{what}: {p} in {c['id']} ({c['file']})")
            for f in findings:
                print(f"  {f.rule} {f.severity}: {f.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

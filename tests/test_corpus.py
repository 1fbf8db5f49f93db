"""The labelled corpus: well-formed, big enough, and judged as labelled (a regression guard; the
figures themselves come from bench/accuracy.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import accuracy  # noqa: E402
from custlint.core.config import default_config  # noqa: E402
from custlint.engine.evaluator import Engine  # noqa: E402
from custlint.engine.packs import load_rules  # noqa: E402

CASES = accuracy.load_cases()
# this packs only, so rules added by other packs cannot move the guard
MINE = {"core.toml", "problem.toml", "kpi.toml", "remediation.toml", "working-backwards.toml"}


def test_corpus_is_well_formed_and_big_enough():
    assert len(CASES) >= 150
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "case ids are unique"
    for c in CASES:
        assert c["kind"] in ("commit", "pr", "ticket"), c["id"]
        assert set(c.get("expect", "")) <= set(accuracy.LETTERS), c["id"]
        assert c["text"].strip(), c["id"]
        assert set(c) <= {"id", "kind", "expect", "text", "labels", "type", "note", "parents", "file"}, c["id"]
    for letter in accuracy.LETTERS:
        assert sum(letter in c.get("expect", "") for c in CASES) >= 8, f"too few {letter} cases"
    clean = [c for c in CASES if not c.get("expect")]
    assert len(clean) >= 50
    kinds = {c["kind"] for c in CASES}
    assert kinds == {"commit", "pr", "ticket"}


@pytest.fixture(scope="module")
def scored():
    rules = [r for r in load_rules() if Path(r.pack).name in MINE and r.enabled]
    return accuracy.score(CASES, Engine(default_config(), rules))


@pytest.mark.parametrize("principle", list(accuracy.LETTERS.values()))
def test_precision_first_and_f1_goal(scored, principle):
    stats, errors = scored
    p, r, f1 = accuracy.prf(*stats[principle])
    detail = [(w, c["id"]) for w, pr, c, _ in errors if pr == principle]
    assert p >= 0.95, detail
    assert f1 >= 0.95, detail

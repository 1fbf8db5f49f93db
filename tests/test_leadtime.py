"""Lead-time arithmetic: exact quantiles for one audit, sketches that merge within a few percent."""

from __future__ import annotations

import random

import pytest

from custlint.audit import leadtime


def test_quantile_interpolates():
    assert leadtime.quantile([], 0.5) == 0.0
    assert leadtime.quantile([5.0], 0.9) == 5.0
    assert leadtime.quantile([0.0, 24.0, 48.0, 48.0], 0.5) == 36.0
    assert leadtime.quantile([float(i) for i in range(11)], 0.9) == 9.0


def test_histogram_buckets():
    counts = leadtime.histogram([0.5, 1.0, 3.9, 24.0, 9000.0])
    assert len(counts) == len(leadtime.LABELS) == len(leadtime.EDGES) + 1
    assert counts[0] == 1 and counts[1] == 2 and counts[3] == 1 and counts[-1] == 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_merged_sketches_keep_quantiles_within_five_percent(seed: int):
    r = random.Random(seed)
    a = [r.lognormvariate(4, 1.5) for _ in range(3000)]
    b = [r.lognormvariate(5, 1.0) for _ in range(2000)]
    merged = leadtime.merge_sketches(leadtime.sketch(a), leadtime.sketch(b))
    exact = sorted(a + b)
    for q in (0.5, 0.9):
        want = leadtime.quantile(exact, q)
        assert leadtime.sketch_quantile(merged, q) == pytest.approx(want, rel=0.05)

"""`custlint report merge`: org-wide audits joined from one JSON per repository."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BAD, GOOD, GitRepo, clean_env, custlint


def make(tmp_path: Path, name: str, messages: list[tuple[str, str, str]], tag_date: str | None = None) -> Path:
    repo = GitRepo(tmp_path / name)
    for msg, author, date in messages:
        repo.commit(msg, author=author, date=date)
    if tag_date:
        repo.git("tag", "-a", "v1", "-m", "r", env=clean_env(GIT_COMMITTER_DATE=tag_date))
    out = tmp_path / f"{name}.json"
    run = custlint("audit", "--format", "json", "-o", str(out), cwd=repo.path)
    assert run.code == 0, run.err
    return out


def test_merge_adds_counts_and_joins_months_and_authors(tmp_path: Path):
    a = make(tmp_path, "shop", [(GOOD, "Ann", "2026-01-02T00:00:00Z"), (BAD, "Bob", "2026-02-02T00:00:00Z")],
             tag_date="2026-02-04T00:00:00Z")
    b = make(tmp_path, "billing", [(BAD, "Ann", "2026-02-09T00:00:00Z"), ("docs: typo\n", "Cy", "2026-03-01T00:00:00Z")])
    run = custlint("report", "merge", str(a), str(b), "--format", "json")
    assert run.code == 0, run.err
    m = run.json()
    A, B = json.loads(a.read_text()), json.loads(b.read_text())
    for k in ("commits", "exempt", "checked"):
        assert m[k] == A[k] + B[k]
    for p, v in m["principles"].items():
        assert v["ok"] == A["principles"][p]["ok"] + B["principles"][p]["ok"]
        assert v["findings"] == A["principles"][p]["findings"] + B["principles"][p]["findings"]
    assert [(p["period"], p["commits"]) for p in m["periods"]] == [("2026-01", 1), ("2026-02", 2), ("2026-03", 1)]
    ann = next(x for x in m["authors"] if x["author"] == "Ann")
    assert ann["commits"] == 2 and ann["principles"]["customer-problem"] == {"ok": 1, "findings": 1}
    assert [r["repository"] for r in m["repositories"]] == ["shop", "billing"]
    lt = m["lead_time"]
    assert lt["approximate"] is True and lt["released"] == 2 and lt["unreleased"] == 0
    assert A["lead_time"]["released"] == 2 and B["lead_time"] is None
    assert lt["histogram"][7] == 1 and lt["histogram"][4] == 1  # 33 days ("30-90d") and 48h ("2d-1w")
    text = custlint("report", "merge", str(a), str(b))
    assert text.code == 0 and "2 repositories: 4 commits" in text.out and "shop" in text.out


def test_merge_rejects_what_is_not_an_audit(tmp_path: Path):
    bad = tmp_path / "x.json"
    bad.write_text("{not json")
    run = custlint("report", "merge", str(bad))
    assert run.code == 2 and "not JSON" in run.err and run.err.count("\n") == 1
    other = tmp_path / "y.json"
    other.write_text(json.dumps({"findings": []}))
    run = custlint("report", "merge", str(other))
    assert run.code == 2 and "not a custlint audit" in run.err
    run = custlint("report", "merge", str(tmp_path / "missing.json"))
    assert run.code == 2 and "cannot read" in run.err
    run = custlint("report")
    assert run.code == 2 and "report merge" in run.err


def test_same_file_names_in_different_folders(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = make(tmp_path / "a", "audit", [(GOOD, "Ann", "2026-01-02T00:00:00Z")])
    b = make(tmp_path / "b", "audit", [(BAD, "Ann", "2026-01-03T00:00:00Z")])
    m = custlint("report", "merge", str(a), str(b), "--format", "json").json()
    names = [r["repository"] for r in m["repositories"]]
    assert len(set(names)) == 2 and all(n.endswith("audit") for n in names)

"""The audit reads a whole history in git's own order and puts children before parents itself
(custlint.audit.reorder), so git streams at once instead of walking everything for --topo-order:
every mark (in range, first release) is the one a topological walk gives, a child too late for the
window is caught and the history walked again in topological order."""

from __future__ import annotations

import json
import random
from array import array

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env


def _record(sha: str, parents: list[str], ts: int) -> bytes:
    fields = [
        sha,
        " ".join(parents),
        str(ts),
        "Ann",
        "a@x",
        "Ann",
        "a@x",
        "2026-01-01T00:00:00Z",
        "2026-01-01T00:00:00Z",
    ]
    return ("\x1f".join(fields) + "\x1fmsg\n").encode()


def _history(r: random.Random, n: int) -> tuple[list[str], dict[str, list[str]]]:
    """A random history, newest first (a topological order, children before parents), with merges."""
    shas = [f"{i:040x}" for i in range(n)]
    parents: dict[str, list[str]] = {}
    for i, sha in enumerate(shas):
        older = list(range(i + 1, n))
        k = 0 if not older else (2 if r.random() < 0.15 and len(older) > 1 else 1)
        picks = sorted(r.sample(older[:12], min(k, len(older[:12]))))
        parents[sha] = [shas[j] for j in picks]
    return shas, parents


def _skewed(r: random.Random, order: list[str], parents: dict[str, list[str]], moves: int, far: int) -> list[str]:
    """``order`` with some commits moved up to ``far`` places ahead of their children (a clock that was off)."""
    out = list(order)
    for _ in range(moves):
        i = r.randrange(len(out))
        j = max(0, i - r.randint(1, far))
        out.insert(j, out.pop(i))
    return out


def _children_first(order: list[str], parents: dict[str, list[str]]) -> bool:
    at = {s: i for i, s in enumerate(order)}
    return all(at[p] > at[s] for s in order for p in parents[s] if p in at)


def _marks(order: list[str], parents, tips, own) -> dict[str, int]:
    from array import array

    from custlint.audit.collect import Annotator

    ann = Annotator(tips, own, None)
    recs = [_record(s, parents[s], 0) for s in order]
    marks = array("i")
    marks.frombytes(ann.marks(recs, "author"))
    return dict(zip(order, marks, strict=True)), ann.complete()


@pytest.mark.parametrize("seed", range(25))
def test_children_come_before_parents_and_marks_are_the_topological_ones(seed: int):
    from custlint.audit.reorder import Reorder, pieces
    from custlint.sources import git_log

    r = random.Random(seed)
    topo, parents = _history(r, 400)
    skewed = _skewed(r, topo, parents, moves=r.randint(0, 30), far=40)
    window = Reorder(window=50)
    recs = [_record(s, parents[s], 0) for s in skewed]
    out: list[bytes] = []
    heads: list[tuple] = []
    for i in range(0, len(recs), 37):  # as git's output comes: a chunk at a time
        for got, h in (window.add(recs[i : i + 37]), window.flush() if i + 37 >= len(recs) else ([], [])):
            out += got
            heads += h
    order = [git_log.head(rec, False)[0].decode() for rec in out]
    assert sorted(order) == sorted(topo)  # every record once
    assert _children_first(order, parents)
    # the pieces sent to the workers hold the records, in that order, cut at record boundaries
    assert heads == [git_log.head(rec, False) for rec in out]
    assert [rec for chunk, part, _ in pieces(out, heads) for rec in git_log.records(chunk, False)] == out
    assert [h for _, _, hs in pieces(out, heads) for h in hs] == heads
    tips = [topo[0]]
    own = {topo[k]: i for i, k in enumerate(sorted(r.sample(range(len(topo)), 8)))}  # release tags
    expected, _ = _marks(topo, parents, tips, own)
    got, complete = _marks(order, parents, tips, own)
    assert got == expected and complete


def test_a_child_later_than_the_window_is_caught():
    from custlint.audit.reorder import Reorder
    from custlint.sources import git_log

    # a - b - c - d - e, newest first; the release tag on a; b comes three places before a, its child
    topo = ["a" * 40, "b" * 40, "c" * 40, "d" * 40, "e" * 40]
    parents = {topo[0]: [topo[1]], topo[1]: [topo[2]], topo[2]: [topo[3]], topo[3]: [topo[4]], topo[4]: []}
    skewed = [topo[1], topo[2], topo[3], topo[0], topo[4]]
    for window, caught in ((5, False), (1, True)):
        w = Reorder(window=window)
        out = [rec for s in skewed for rec in w.add([_record(s, parents[s], 0)])[0]] + w.flush()[0]  # one at a time
        order = [git_log.head(rec, False)[0].decode() for rec in out]
        assert _children_first(order, parents) != caught
        got, complete = _marks(order, parents, [topo[0]], {topo[0]: 0})
        assert complete != caught
        if not caught:
            assert got == _marks(topo, parents, [topo[0]], {topo[0]: 0})[0]


def _skew_repo(repo: GitRepo) -> None:
    """A parent with two children: one on main dated after it, one on a release branch dated before it
    (a clock that was off). git's own order shows the parent before the second child."""
    repo.commit(GOOD, author="Ann", date="2026-01-01T10:00:00Z")
    repo.commit(BAD, author="Bob", date="2026-03-01T10:00:00Z")  # the parent
    repo.git("checkout", "-q", "-b", "release")
    repo.commit("fix: crash on login\n\nFixes #12\n", author="Cid", date="2026-02-01T10:00:00Z")  # its child, earlier
    repo.git("tag", "-a", "v1", "-m", "v1", env=clean_env(GIT_COMMITTER_DATE="2026-03-02T10:00:00Z"))
    repo.git("checkout", "-q", "main")
    repo.commit("Update README\n", author="Ann", date="2026-03-05T10:00:00Z")  # the other child
    repo.git("tag", "-a", "v2", "-m", "v2", env=clean_env(GIT_COMMITTER_DATE="2026-03-06T10:00:00Z"))
    repo.commit("Speed up checkout\n\nFixes #13\n", author="Bob", date="2026-03-07T10:00:00Z")


def _audit(path, capsys, *args: str) -> dict:
    from custlint.cli import main

    assert main(["audit", "--format", "json", "--no-cache", "--repo", str(path), *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("jobs", ["0", "2"])
def test_a_skewed_history_audits_as_in_topological_order(repo: GitRepo, capsys, monkeypatch, jobs: str):
    from custlint.audit import collect, reorder
    from custlint.sources import git_log

    _skew_repo(repo)
    order = repo.git("log", "--format=%s", "v1", "v2", "HEAD").splitlines()
    assert order.index("fix: crash on login") > order.index(BAD.splitlines()[0])  # git's own order: parent first
    topological = _audit(repo.path, capsys, "--jobs", jobs, "--until", "2030-01-01")  # --until walks with --topo-order
    assert topological["lead_time"]["released"] == 3 and topological["lead_time"]["unreleased"] == 1
    monkeypatch.setattr(git_log, "CHUNK", 64)  # git's output read a record at a time
    restarts = []
    complete = collect.Annotator.complete
    monkeypatch.setattr(collect.Annotator, "complete", lambda self: restarts.append(complete(self)) or restarts[-1])
    assert _audit(repo.path, capsys, "--jobs", jobs) == topological
    assert restarts == [True]  # put right within the window
    monkeypatch.setattr(reorder, "WINDOW", 0)  # no window: the late child is caught, the history walked again
    restarts.clear()
    assert _audit(repo.path, capsys, "--jobs", jobs) == topological
    assert restarts == [False]


@pytest.mark.parametrize("seed", range(25))
def test_marks_are_never_silently_wrong_when_children_come_later_than_the_window(seed: int):
    """Children up to three windows late: where the marks come out other than a topological walk's, the
    annotator is left incomplete (and the audit walks again); where it is complete, they are the same."""
    from custlint.audit.reorder import Reorder
    from custlint.sources import git_log

    r = random.Random(1000 + seed)
    topo, parents = _history(r, 300)
    skewed = _skewed(r, topo, parents, moves=r.randint(1, 40), far=60)
    window = Reorder(window=20)
    out: list[bytes] = []
    for i in range(0, len(skewed), 7):
        out += window.add([_record(s, parents[s], 0) for s in skewed[i : i + 7]])[0]
    out += window.flush()[0]
    order = [git_log.head(rec, False)[0].decode() for rec in out]
    assert sorted(order) == sorted(topo)
    tips = [topo[0]]
    own = {topo[k]: i for i, k in enumerate(sorted(r.sample(range(len(topo)), 10)))}
    expected, _ = _marks(topo, parents, tips, own)
    got, complete = _marks(order, parents, tips, own)
    assert got == expected or not complete


def _chain_reversed(n: int) -> list[bytes]:
    """A line of ``n`` commits, each a child of the next, that came oldest first: every record waits
    for its child, and the last one to come frees the whole line at once."""
    return [_record(f"{i:040x}", [f"{i + 1:040x}"] if i + 1 < n else [], 0) for i in reversed(range(n))]


def test_a_window_of_waiting_records_is_let_go_in_linear_time():
    """The worst order for the window (every parent before its child, all held): doubling the records
    at most ~2.5x the time (the method of tests/test_refs_linear.py)."""
    from custlint.audit.reorder import Reorder
    from test_refs_linear import ATTEMPTS, MAX_RATIO, _ratio

    def run(recs: list[bytes]) -> None:
        w = Reorder(window=len(recs))
        got = w.add(recs)[0] + w.flush()[0]
        assert len(got) == len(recs)

    small, big = _chain_reversed(20_000), _chain_reversed(40_000)
    ratios = []
    for _ in range(ATTEMPTS):  # as test_refs_linear does: a busy machine gets another try
        ratios.append(_ratio(run, small, big))
        if ratios[-1] <= MAX_RATIO:
            return
    raise AssertionError(ratios)


def test_the_first_window_is_judged_while_it_fills(repo: GitRepo, capsys, monkeypatch):
    """While the window fills nothing can be marked, so the workers judge its records at once
    (worker.first_verdicts) and are handed those verdicts with the records' marks (judge_chunk's
    ``pre``): the same report as one process judging every record in turn, and as --topo-order."""
    from custlint.audit import reorder
    from custlint.audit.workers import Workers
    from custlint.sources import git_log

    _skew_repo(repo)
    for i in range(24):
        repo.commit(GOOD if i % 3 else BAD, author=f"Dev {i % 4}", date=f"2026-04-{1 + i:02d}T10:00:00Z")
        if i % 8 == 7:
            repo.git("tag", "-a", f"v3.{i}", "-m", "release",
                     env=clean_env(GIT_COMMITTER_DATE=f"2026-04-{2 + i:02d}T10:00:00Z"))
    topological = _audit(repo.path, capsys, "--jobs", "2", "--until", "2030-01-01")
    monkeypatch.setattr(git_log, "CHUNK", 64)  # a record a chunk
    monkeypatch.setattr(reorder, "WINDOW", 10)  # the first 10 records held back while the next come
    sent = []
    submit = Workers.submit
    monkeypatch.setattr(Workers, "submit", lambda self, fn, args: sent.append((fn.__name__, args)) or submit(
        self, fn, args))
    assert _audit(repo.path, capsys, "--jobs", "0") == topological
    assert sent == []  # one process: no window judged ahead
    assert _audit(repo.path, capsys, "--jobs", "2") == topological
    early = [args for name, args in sent if name == "first_verdicts"]
    judged = [args for name, args in sent if name == "judge_chunk"]
    assert len(early) == 10  # the records of the first window, a chunk each
    given = [v for _, _, pre in judged if pre for v in array("q", pre)]
    assert len([v for v in given if v >= 0]) == 10  # each of them judged once, ahead
    assert sum(len(git_log.records(chunk, False)) for chunk, _, _ in judged) == 29

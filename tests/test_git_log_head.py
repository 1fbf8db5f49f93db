"""git_log.head, the audit's main process's cut of every record: its fast path for SHA-1 records
(fields cut at their known widths) gives what the general cut (``bytes.index`` and ``split``) gives,
on git's own records and on any bytes."""

from __future__ import annotations

import random
import subprocess

import pytest

from conftest import GitRepo
from custlint.sources import git_log


def _general(rec: bytes, names: bool):
    if names or rec[:1] == b"\n":
        rec = rec.lstrip(b"\n")
    first = rec.index(b"\x1f")
    end = rec.index(b"\x1f", first + 1)
    return rec[:first], rec[first + 1 : end].split(), rec[end + 1 : rec.index(b"\x1f", end + 1)]


def _both(rec: bytes, names: bool = False):
    try:
        want = _general(rec, names)
    except ValueError:
        with pytest.raises(ValueError):
            git_log.head(rec, names)
        return None
    assert git_log.head(rec, names) == want, rec
    return want


def test_records_of_a_real_history_with_a_root_merges_and_an_octopus(repo: GitRepo):
    repo.commit("Root\n")
    base = repo.git("rev-parse", "HEAD")
    for b in ("a", "b", "c"):
        repo.git("checkout", "-q", "-b", b, base)
        repo.commit(f"On {b}\n")
    repo.git("checkout", "-q", "a")
    repo.git("merge", "-q", "--no-ff", "-m", "Octopus", "b", "c")
    log = subprocess.run(["git", "log", "-z", f"--format={git_log.NO_DATES}", "--all"], cwd=repo.path,
                         capture_output=True, check=True).stdout
    recs = git_log.records(log, False)
    got = [_both(r) for r in recs]
    assert sorted(len(h[1]) for h in got) == [0, 1, 1, 1, 3]  # the root, three children of it, the octopus
    assert all(len(h[0]) == 40 and h[2].isdigit() for h in got)


def test_any_bytes_cut_alike():
    r = random.Random(18)
    hexd = b"0123456789abcdef"

    def sha(k: int = 40) -> bytes:
        return bytes(r.choice(hexd) for _ in range(k))

    for _ in range(20000):
        parents = b" ".join(sha(r.choice([40, 40, 40, 39, 41, 64])) for _ in range(r.choice([0, 1, 1, 2, 3])))
        if r.random() < 0.1:
            parents = r.choice([b" ", b"  ", b"\t"]).join(parents.split(b" ")) + r.choice([b"", b" "])
        head = sha(r.choice([40, 40, 40, 64, 39])) + b"\x1f" + parents + b"\x1f" + str(r.randrange(10**10)).encode()
        rec = head + r.choice([b"\x1fAnn\x1fann@x\x1fmsg", b"\x1f", b""])
        if r.random() < 0.05:
            rec = b"\n" + rec
        if r.random() < 0.05:
            cut = r.randrange(len(rec) + 1)
            rec = rec[:cut]
        _both(rec, r.random() < 0.1)

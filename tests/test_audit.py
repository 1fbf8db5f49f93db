"""`custlint audit` on real repositories made in temp dirs: counts, trends, lead time, bad input."""

from __future__ import annotations

import hashlib
import os
import pty
import select
import subprocess
import sys
from pathlib import Path
from statistics import median

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint

PRINCIPLES = ["customer-problem", "measurable-kpi", "done-in-production", "customer-remediation", "working-backwards"]
TOP_KEYS = ["range", "commits", "exempt", "checked", "principles", "period", "periods", "rules", "authors", "lead_time",
            "items", "release_tag_patterns", "release_tags_note"]


def audit(repo: GitRepo, *args: str, env=None):
    run = custlint("audit", "--format", "json", *args, cwd=repo.path, env=env)
    assert run.code == 0, run.err
    return run.json()


def tag(repo: GitRepo, name: str, date: str, rev: str = "HEAD", annotated: bool = True) -> None:
    env = clean_env(GIT_COMMITTER_DATE=date)
    if annotated:
        repo.git("tag", "-a", name, "-m", f"release {name}", rev, env=env)
    else:
        repo.git("tag", name, rev, env=env)


def mixed_history(repo: GitRepo) -> dict[str, str]:
    shas = {}
    shas["good"] = repo.commit(GOOD, author="Ann", date="2026-01-05T10:00:00Z")
    shas["bad"] = repo.commit(BAD, author="Bob", date="2026-01-20T10:00:00Z")
    shas["docs"] = repo.commit("docs: fix a typo in the README\n", author="Ann", date="2026-02-02T10:00:00Z")
    shas["kpi_only"] = repo.commit("Cache the search index\n\nKPI: p95 search latency under 300 ms within 2 weeks\n",
                                   author="Bob", date="2026-02-10T10:00:00Z")
    shas["bot"] = repo.commit("Bump lodash from 4.17.20 to 4.17.21\n", author="dependabot[bot]", date="2026-02-11T10:00:00Z")
    shas["ticket"] = repo.commit("Speed up checkout\n\nFixes #12\n", author="Cid", date="2026-03-01T10:00:00Z")
    return shas


def test_json_shape_and_counts_match_the_engine(repo: GitRepo):
    mixed_history(repo)
    data = audit(repo)
    assert list(data) == TOP_KEYS
    assert data["range"] == "HEAD"
    assert (data["commits"], data["exempt"], data["checked"]) == (6, 2, 4)
    assert list(data["principles"]) == PRINCIPLES
    for v in data["principles"].values():
        assert set(v) == {"ok", "findings"} and v["ok"] + v["findings"] == data["checked"]
    # the same commits through `custlint commits`: a checked commit breaks p when a finding of p fired on it
    run = custlint("commits", "HEAD", "--format", "json", "--exit-zero", cwd=repo.path)
    findings = run.json()["findings"]
    for p in PRINCIPLES:
        broken = {f["subject"] for f in findings if f["principle"] == p}
        assert data["principles"][p]["findings"] == len(broken), p
    # GOOD links both; BAD neither; kpi_only a KPI but no problem; "Fixes #12" references a ticket (both)
    assert data["principles"]["customer-problem"] == {"ok": 2, "findings": 2}
    assert data["principles"]["measurable-kpi"] == {"ok": 3, "findings": 1}
    assert data["lead_time"] is None  # no v* tags


def test_periods_and_authors(repo: GitRepo):
    mixed_history(repo)
    data = audit(repo)
    assert [p["period"] for p in data["periods"]] == ["2026-01", "2026-02", "2026-03"]
    jan, feb, mar = data["periods"]
    assert (jan["commits"], jan["exempt"], jan["checked"]) == (2, 0, 2)
    assert jan["principles"]["customer-problem"] == {"ok": 1, "findings": 1}
    assert (feb["commits"], feb["exempt"], feb["checked"]) == (3, 2, 1)
    assert feb["principles"]["measurable-kpi"] == {"ok": 1, "findings": 0}
    assert mar["checked"] == 1
    authors = {a["author"]: a for a in data["authors"]}
    assert set(authors) == {"Ann", "Bob", "Cid", "dependabot[bot]"}
    assert (authors["Ann"]["commits"], authors["Ann"]["exempt"]) == (2, 1)
    assert authors["Bob"]["principles"]["customer-problem"]["findings"] == 2
    assert authors["dependabot[bot]"]["checked"] == 0
    assert [a["author"] for a in data["authors"]][:2] == ["Ann", "Bob"]  # most commits first, then by name


def test_text_format_has_summary_and_monthly_trend(repo: GitRepo):
    mixed_history(repo)
    run = custlint("audit", cwd=repo.path)
    assert run.code == 0
    assert "6 commits, 2 exempt, 4 checked" in run.out
    assert "customer-problem" in run.out and "measurable-kpi" in run.out
    lines = [ln for ln in run.out.splitlines() if ln.startswith("2026-")]
    assert [ln.split()[0] for ln in lines] == ["2026-01", "2026-02", "2026-03"]
    assert run.err == ""  # no progress bar without a terminal


def contains_first_release(repo: GitRepo, sha: str, tags: dict[str, float]) -> float | None:
    """Brute force for the test: every tag that contains the commit, the earliest by tag date."""
    names = repo.git("tag", "--contains", sha, "--list", "v*").split()
    return min((tags[n] for n in names), default=None)


def tag_time(repo: GitRepo, name: str) -> float:
    return float(repo.git("for-each-ref", "--format=%(creatordate:unix)", f"refs/tags/{name}"))


def test_lead_time_to_first_release_and_done_before_production(repo: GitRepo):
    c1 = repo.commit(GOOD, date="2026-01-01T00:00:00Z")
    c2 = repo.commit("Speed up checkout\n\nFixes #12\n", date="2026-01-02T00:00:00Z")
    tag(repo, "v1.0", "2026-01-03T00:00:00Z")  # c1: 48h, c2: 24h
    c3 = repo.commit("Retry payments\n\nSHOP-7 #done\n\nKPI: failed payments below 1% in 30 days\n", date="2026-01-03T12:00:00Z")
    # a release branch: v1.1 is tagged on a branch that is never merged back, and contains c3
    repo.git("checkout", "-q", "-b", "release-1.1")
    repo.commit("Prepare 1.1\n\nCustomer-Problem: x y z w\n", date="2026-01-04T00:00:00Z")
    tag(repo, "v1.1", "2026-01-05T12:00:00Z")  # c3: 48h
    repo.git("checkout", "-q", "main")
    c4 = repo.commit(BAD, date="2026-01-06T00:00:00Z")
    tag(repo, "v2.0", "2026-01-07T00:00:00Z", annotated=False)  # lightweight: the commit date (c4: 0h)
    repo.commit("Fix the flaky cache test\n\nCloses #99\n", date="2026-01-08T00:00:00Z")  # not released
    tag(repo, "nightly-1", "2026-01-08T01:00:00Z")  # does not match v*
    data = audit(repo)
    lt = data["lead_time"]
    assert lt["release_tags"] == 3 and lt["first_release"] == "v1.0" and lt["last_release"] == "v2.0"
    tags = {n: tag_time(repo, n) for n in ("v1.0", "v1.1", "v2.0")}
    expected = []
    for sha in (c1, c2, c3, c4):
        t = float(repo.git("log", "-1", "--format=%ct", sha))
        expected.append((contains_first_release(repo, sha, tags) - t) / 3600)
    assert sorted(expected) == [0.0, 24.0, 48.0, 48.0]
    assert lt["released"] == 4 and lt["unreleased"] == 1
    assert lt["median_hours"] == median(expected) == 36.0
    assert lt["p90_hours"] == pytest.approx(48.0)
    assert sum(lt["histogram"]) == 4
    d = lt["done_before_production"]
    # c2 (Fixes #12, 24h before v1.0), c3 (SHOP-7 #done, 48h before v1.1), the unreleased "Closes #99"
    assert (d["claims"], d["before_production"], d["unreleased"]) == (3, 3, 1)
    assert d["median_lag_hours"] == 36.0
    assert [p["period"] for p in lt["periods"]] == ["2026-01"]
    # the release branch commit is not in HEAD's history: not counted
    assert data["commits"] == 5
    # --until hides the later commits and tags, yet their releases still count for earlier commits
    early = audit(repo, "--until", "2026-01-02T12:00:00Z")["lead_time"]
    assert (early["released"], early["median_hours"]) == (2, 36.0)
    # path filters: git skips the other commits, the separate release walk still finds v1.1 for c3
    only_c3 = audit(repo, "HEAD", "--", "file3.txt")
    assert only_c3["commits"] == 1 and only_c3["lead_time"]["median_hours"] == 48.0
    # a range: v1.0..HEAD leaves c1, c2 out
    assert audit(repo, "v1.0..HEAD")["lead_time"]["released"] == 2


def test_release_tags_from_config_and_flag(repo: GitRepo):
    repo.commit(GOOD, date="2026-01-01T00:00:00Z")
    tag(repo, "release-1", "2026-01-02T00:00:00Z")
    assert audit(repo)["lead_time"] is None
    (repo.path / ".custlint.toml").write_text('[production]\nrelease-tags = ["release-*"]\n')
    assert audit(repo)["lead_time"]["median_hours"] == 24.0
    assert audit(repo, "--release-tags", "nothing-*")["lead_time"] is None
    (repo.path / ".custlint.toml").write_text('[production]\nrelease-tag = ["x"]\n')
    run = custlint("audit", cwd=repo.path)
    assert run.code == 2 and "release-tag" in run.err


def test_range_since_until_and_paths(repo: GitRepo):
    a = repo.commit(GOOD, file="api.txt", date="2026-01-05T00:00:00Z")
    repo.commit(BAD, file="web.txt", date="2026-02-05T00:00:00Z")
    os.makedirs(repo.path / "svc", exist_ok=True)
    repo.commit(BAD, file="svc/x.txt", date="2026-03-05T00:00:00Z")
    assert audit(repo, f"{a}..HEAD")["commits"] == 2
    assert audit(repo, "--since", "2026-02-01")["commits"] == 2
    assert audit(repo, "--until", "2026-02-01")["commits"] == 1
    assert audit(repo, "--since", "2026-02-01", "--until", "2026-03-01")["commits"] == 1
    data = audit(repo, "HEAD", "--", "svc", "api.txt")
    assert data["commits"] == 2 and data["range"] == "HEAD -- svc api.txt"
    assert audit(repo, "--", "web.txt")["commits"] == 1
    by_path = audit(repo, "--by", "path")
    assert {p["path"]: p["commits"] for p in by_path["paths"]} == {"(top level)": 2, "svc/": 1}
    assert by_path["authors"][0]["commits"] == 3


def test_workers_give_the_same_answer(repo: GitRepo):
    for i in range(30):
        repo.commit(GOOD if i % 3 else BAD, author=f"Dev {i % 4}", date=f"2026-0{1 + i % 5}-1{i % 9}T00:00:00Z")
        if i % 10 == 9:
            tag(repo, f"v0.{i}", f"2026-06-0{1 + i // 10}T00:00:00Z")
    serial = audit(repo, "--jobs", "0")
    assert audit(repo, "--jobs", "2") == serial
    assert serial["lead_time"]["released"] == 30


@pytest.mark.parametrize("jobs", ["0", "2"])
def test_a_repeated_message_counts_as_its_commit_says(repo: GitRepo, jobs: str):
    """A worker reuses the result of a message it has judged; a bot's or a merge's commit with the
    same message is still exempt, and a person's after a bot's is still judged."""
    closing = "Speed up checkout\n\nFixes #12\n"  # links a ticket; a done claim
    repo.commit(BAD, author="Ann", date="2026-01-02T10:00:00Z")
    repo.commit(closing, author="Ann", date="2026-01-03T10:00:00Z")
    repo.commit(BAD, author="dependabot[bot]", date="2026-01-04T10:00:00Z")
    repo.commit(BAD, author="Bob", date="2026-01-05T10:00:00Z")
    repo.commit(closing, author="Bob", date="2026-01-06T10:00:00Z")
    repo.git("checkout", "-q", "-b", "side")
    repo.commit(BAD, author="Cid", date="2026-01-07T10:00:00Z")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", BAD, "side",
             env=clean_env(GIT_AUTHOR_DATE="2026-01-08T10:00:00Z", GIT_COMMITTER_DATE="2026-01-08T10:00:00Z"))
    repo.commit(BAD, author="dependabot[bot]", date="2026-01-09T10:00:00Z")  # the newest: walked first
    tag(repo, "v1", "2026-01-10T10:00:00Z")
    data = audit(repo, "--jobs", jobs, "--no-cache")
    # 8 commits: two bots' and the merge exempt; BAD by Ann, Bob and Cid, the closing message twice
    assert (data["commits"], data["exempt"], data["checked"]) == (8, 3, 5)
    assert data["principles"]["customer-problem"] == {"ok": 2, "findings": 3}
    run = custlint("commits", "HEAD", "--format", "json", "--exit-zero", cwd=repo.path)
    res = run.json()
    assert res["summary"]["exempt"] == data["exempt"]
    for p in PRINCIPLES:
        assert data["principles"][p]["findings"] == len({f["subject"] for f in res["findings"] if f["principle"] == p}), p
    assert data["lead_time"]["done_before_production"]["claims"] == 2  # the closing message, once for each commit


@pytest.mark.slow
def test_many_chunks_match_the_commits_command(tmp_path: Path):
    """A generated history large enough to be cut into several chunks and judged by workers."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from gen_history import generate

    path = tmp_path / "gen"
    generate(1500, path, seed=7)  # about 400 KB of git output: two chunks
    repo = GitRepo.__new__(GitRepo)
    repo.path = path
    data = audit(repo, "--jobs", "2")
    run = custlint("commits", "HEAD", "--format", "json", "--exit-zero", cwd=path)
    res = run.json()
    assert data["commits"] == 1500 == res["summary"]["checked"] + res["summary"]["exempt"]
    assert data["exempt"] == res["summary"]["exempt"]
    for p in PRINCIPLES:
        assert data["principles"][p]["findings"] == len({f["subject"] for f in res["findings"] if f["principle"] == p})
    assert sum(p["commits"] for p in data["periods"]) == 1500
    assert sum(a["commits"] for a in data["authors"]) == 1500
    lt = data["lead_time"]
    assert lt["release_tags"] == len(repo_tags(path)) and lt["released"] + lt["unreleased"] < 1500  # merges excluded


def repo_tags(path: Path) -> list[str]:
    return subprocess.run(["git", "tag"], cwd=path, capture_output=True, text=True).stdout.split()


# -- bad input ------------------------------------------------------------------------------------

def test_empty_repository(repo: GitRepo):
    run = custlint("audit", cwd=repo.path)
    assert run.code == 2 and "empty" in run.err and run.err.count("\n") == 1


def test_unborn_branch_names_a_branch_to_audit(repo: GitRepo):
    repo.commit(GOOD)
    repo.git("checkout", "-q", "--orphan", "fresh")
    run = custlint("audit", cwd=repo.path)
    assert run.code == 2 and "unborn" in run.err and "custlint audit main" in run.err
    assert audit(repo, "main")["commits"] == 1


def test_range_that_does_not_resolve(repo: GitRepo):
    repo.commit(GOOD)
    for rng in ("nope..HEAD", "HEAD~5..HEAD", "no-such-branch"):
        run = custlint("audit", rng, cwd=repo.path)
        assert run.code == 2 and "does not resolve" in run.err, rng
    run = custlint("audit", "HEAD", "main", cwd=repo.path)
    assert run.code == 2 and "--" in run.err


def test_shallow_clone_says_what_is_missing(repo: GitRepo, tmp_path: Path):
    for i in range(6):
        repo.commit(GOOD, date=f"2026-01-0{i + 1}T00:00:00Z")
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True, env=clean_env())
    run = custlint("audit", "--format", "json", cwd=clone)
    assert run.code == 0
    assert run.json()["commits"] == 2
    assert "shallow" in run.err and "2026-01-05" in run.err and "git fetch --unshallow" in run.err


def test_non_utf8_messages_are_counted(repo: GitRepo):
    repo.commit(GOOD)
    # declared encoding: git re-encodes to UTF-8
    (repo.path / "l1.txt").write_text("x")
    repo.git("add", "l1.txt")
    msg = "Caf\xe9 menu shows prices\n\nCustomer-Problem: diners in Montr\xe9al cannot see prices before ordering\n"
    p = subprocess.run(["git", "-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-F", "-"], cwd=repo.path,
                       input=msg.encode("latin-1"), env=clean_env(), capture_output=True)
    assert p.returncode == 0, p.stderr
    # undeclared invalid bytes, and a bogus declared encoding, written raw with hash-object
    tree = repo.git("rev-parse", "HEAD^{tree}")
    parent = repo.git("rev-parse", "HEAD")
    raw = (f"tree {tree}\nparent {parent}\nauthor A <a@x> 1767225600 +0000\ncommitter A <a@x> 1767225600 +0000\n"
           "encoding x-no-such-charset\n\n").encode() + b"Broken \xff\xfe bytes\n"
    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin", "--literally"], cwd=repo.path,
                         input=raw, capture_output=True, env=clean_env()).stdout.decode().strip()
    raw2 = (f"tree {tree}\nparent {sha}\nauthor B <b@x> 1767225601 +0000\ncommitter B <b@x> 1767225601 +0000\n\n").encode() \
        + b"Undeclared \xe9\xe8 latin-1\n"
    sha2 = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=repo.path,
                          input=raw2, capture_output=True, env=clean_env()).stdout.decode().strip()
    repo.git("update-ref", "refs/heads/main", sha2)
    data = audit(repo)
    assert data["commits"] == 4 and data["checked"] == 4
    assert data["principles"]["customer-problem"]["ok"] == 2  # GOOD, and the re-encoded latin-1 one
    text = custlint("audit", cwd=repo.path)
    assert text.code == 0 and "4 commits" in text.out


def tree_digest(git_dir: Path) -> str:
    h = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(git_dir)):
        dirs.sort()
        for f in sorted(files):
            p = Path(root, f)
            st = p.stat()
            h.update(f"{p.relative_to(git_dir)} {st.st_size} {st.st_mtime_ns}\n".encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_audit_never_writes_to_the_repository(repo: GitRepo, tmp_path: Path):
    for i in range(5):
        repo.commit(GOOD if i % 2 else BAD)
    tag(repo, "v1", "2026-02-01T00:00:00Z")
    before = tree_digest(repo.path / ".git")
    for args in (["--format", "json"], ["--by", "path", "--jobs", "2"], ["HEAD", "--", "file1.txt"],
                 ["--html", str(tmp_path / "r.html")]):
        assert custlint("audit", *args, cwd=repo.path).code == 0
    assert tree_digest(repo.path / ".git") == before


# -- progress bar ---------------------------------------------------------------------------------

def run_on_tty(args: list[str], cwd: Path, env: dict, columns: int = 0) -> tuple[int, bytes, bytes]:
    """stderr on a pseudo-terminal (``columns`` wide, when given), stdout on a pipe."""
    import fcntl
    import struct
    import tempfile
    import termios

    master, slave = pty.openpty()
    if columns:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    out_file = tempfile.TemporaryFile()
    p = subprocess.Popen([sys.executable, "-m", "custlint", *args], cwd=cwd, env=env, stdout=out_file,
                         stderr=slave, stdin=subprocess.DEVNULL)
    os.close(slave)
    err = b""
    while True:
        r, _, _ = select.select([master], [], [], 30)
        if not r:
            break
        try:
            data = os.read(master, 4096)
        except OSError:
            break
        if not data:
            break
        err += data
    code = p.wait(timeout=60)
    out_file.seek(0)
    out = out_file.read()
    out_file.close()
    os.close(master)
    return code, out, err


def test_progress_bar_on_a_terminal_only(tmp_path: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from gen_history import generate

    path = tmp_path / "gen"
    generate(1000, path, seed=3)
    code, out, err = run_on_tty(["audit", "--format", "json", "--jobs", "0"], path, clean_env())
    assert code == 0 and b'"commits": 1000' in out
    assert b"auditing" in err and b"commits" in err
    code, out, err = run_on_tty(["audit", "--format", "json", "--jobs", "0"], path, clean_env(CI="true"))
    assert code == 0 and err == b""
    code, out, err = run_on_tty(["audit", "--format", "json", "--no-progress"], path, clean_env())
    assert code == 0 and err == b""


@pytest.mark.parametrize("jobs", ["0", "2"])
def test_the_audit_leaves_the_garbage_collector_as_it_found_it(repo: GitRepo, tmp_path: Path, jobs: str):
    """The audit keeps what is alive when it starts out of the collector while it runs (collect.run
    freezes it); afterwards nothing stays frozen, and the report is the one a collector-free run gives."""
    for i in range(30):
        repo.commit(GOOD if i % 3 else BAD)
    code = (
        "import gc, sys\nfrom custlint.cli import main\n"
        "rc = main(['audit', '--repo', sys.argv[1], '--format', 'json', '--no-progress', '--no-cache', "
        "'--jobs', sys.argv[2], '-o', sys.argv[3]])\n"
        "print(rc, gc.get_freeze_count(), gc.isenabled())\n"
    )
    outs = []
    for name, pre in (("frozen", ""), ("off", "import gc; gc.disable()\n")):
        out = tmp_path / f"{name}.json"
        r = subprocess.run([sys.executable, "-c", pre + code, str(repo.path), jobs, str(out)], env=clean_env(),
                           capture_output=True, text=True, timeout=120)
        assert r.returncode == 0, r.stderr
        assert r.stdout.split() == ["0", "0", "True" if not pre else "False"]
        outs.append(out.read_text())
    assert outs[0] == outs[1] and '"commits": 30' in outs[0]
    # objects the process froze itself stay frozen: the audit neither thaws nor adds to them
    out = tmp_path / "host.json"
    host = "import gc\nkeep = [[] for _ in range(1000)]\ngc.freeze()\nbefore = gc.get_freeze_count()\n"
    # (frozen objects can still be freed: the count may fall, but never to 0, and never rise)
    check = code.replace("print(rc, gc.get_freeze_count(), gc.isenabled())", "print(rc, 0 < gc.get_freeze_count() <= before)")
    r = subprocess.run([sys.executable, "-c", host + check, str(repo.path), jobs, str(out)], env=clean_env(),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["0", "True"] and out.read_text() == outs[0]


def _log_formats(trace: Path) -> list[str]:
    """The ``--format=`` of each ``git log`` GIT_TRACE recorded (git writes the commands it runs there)."""
    return [
        arg
        for line in trace.read_text().splitlines()
        if "built-in: git log" in line
        for arg in line.split()
        if arg.startswith("--format=") or arg.startswith("'--format=")
    ]


def test_the_audit_asks_git_for_no_dates_its_rules_never_read(repo: GitRepo, tmp_path: Path):
    """No rule of custlint's reads a commit's dates: the audit's git log leaves them out (git_log.NO_DATES,
    a fifth of git's work on a real history). Its verdicts are the commits command's all the same
    (test_json_shape_and_counts_match_the_engine); an installed pack's checks get the dates
    (test_rule_pack_packages)."""
    from custlint.sources import git_log

    mixed_history(repo)
    trace = tmp_path / "trace"
    data = audit(repo, "--no-cache", env=clean_env(GIT_TRACE=str(trace)))
    assert data["commits"] == 6
    formats = _log_formats(trace)
    assert formats and all("%aI" not in f and "%cI" not in f for f in formats), formats
    assert any(git_log.NO_DATES in f for f in formats), formats


def test_records_without_dates_cut_into_the_same_fields(repo: GitRepo):
    """A NO_DATES record holds every field of a FIELDS record, in the same place, with the dates empty."""
    from custlint.sources import git_log

    repo.commit("Add reorder\n\nRefs SHOP-1\n\nSigned-off-by: Ann <ann@example.com>\n", author="Ann")
    repo.commit("Fix the thing (#12)\n", author="Bob")
    out = {}
    for name, fmt in (("dated", git_log.FIELDS), ("undated", git_log.NO_DATES)):
        log = subprocess.run(["git", "log", "-z", f"--format={fmt}"], cwd=repo.path, capture_output=True,
                             check=True).stdout
        out[name] = [git_log.fields(r, False) for r in git_log.records(log, False)]
    assert len(out["dated"]) == len(out["undated"]) == 2
    for dated, undated in zip(out["dated"], out["undated"], strict=True):
        assert dated[:7] == undated[:7]  # SHA, parents, time, author and the mailmapped author
        authored, committed, message = git_log.details(dated[7])
        assert authored.startswith(b"2026-01-") and committed.startswith(b"2026-01-")
        assert git_log.details(undated[7]) == (b"", b"", message)

"""Issue 6 figures: `custlint audit` against a bare `git log` of the same history, peak memory at
three history lengths, a real repository, gitlint on 5,000 of its commits, and the per-commit cost.

    python bench/audit.py synthetic [--sizes 25000,50000,100000] [--rounds 3] [--jobs N]
    python bench/audit.py real /work/.mirror/curl+curl/repo --release-tags 'curl-*' [--rounds 3]
    python bench/audit.py gitlint /work/.mirror/curl+curl/repo [--commits 5000]
    python bench/audit.py jobs /work/.mirror/curl+curl/repo --release-tags 'curl-*' [--jobs 1,2]
    python bench/audit.py stages /tmp/custlint-bench/hist100000
    python bench/audit.py floor /tmp/custlint-bench/hist100000
    python bench/audit.py instructions /work/.mirror/curl+curl/repo [--commits 2000]   # callgrind
    python bench/audit.py pair /work/.mirror/curl+curl/repo --base /tmp/base/src [--release-tags 'curl-*'] [--rounds 10]

gitlint and jobs measure judging (--no-cache); synthetic and real report the audit both cold
and warm (see below).

Timings alternate (git log, custlint cold, custlint warm, git log --topo-order, git log, ...) in
one run so that load from other processes hits all alike; each figure is the median of the rounds.
Cold: an empty per-commit result cache (a fresh CUSTLINT_CACHE_DIR), every commit judged and the
cache written; warm: the same audit again, every commit read from the cache the cold run wrote;
partial: a cache that lacks the newest --new commits (default 1,000: a week of a busy repository). Peak memory comes from
`wait4` of each child (the child and everything it waited for: for custlint that includes its
git process and workers) and from custlint's own `-v` line (its own process only).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
CUSTLINT = [sys.executable, "-m", "custlint"]
FIELDS = "%H%x1f%P%x1f%ct%x1f%an%x1f%ae%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%B"  # what the audit asks git for
CACHE = Path(os.environ.get("CUSTLINT_BENCH_DIR", Path(tempfile.gettempdir()) / "custlint-bench"))
_OWN = re.compile(r"peak memory: custlint (\d+) MB, each worker (\d+) MB")
_HITS = re.compile(r"result cache: ([\d,]+) commits from it, ([\d,]+) judged afresh")


CPU: dict[str, list[float]] = {}  # command label -> CPU seconds (user + sys, the child and what it waited for)


def timed(cmd: list[str], cwd: Path | None = None, label: str = "", env: dict | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MB) of the child and what it waited for, and its stderr."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                             env=_user_env() if env is None else env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        if label:
            CPU.setdefault(label, []).append(ru.ru_utime + ru.ru_stime)
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {text[-500:]}")
    return wall, ru.ru_maxrss / 1024, text


def git_log_cmd(repo: Path, rng: str = "HEAD", topo: bool = False) -> list[str]:
    return ["git", "-C", str(repo), "log", "-z", f"--format={FIELDS}", "--encoding=UTF-8",
            *(["--topo-order"] if topo else []), rng]


def _jobs(audit_args: list[str]) -> int:
    if "--jobs" in audit_args:
        return int(audit_args[audit_args.index("--jobs") + 1])
    from custlint.audit.collect import auto_jobs

    return auto_jobs()


_ENV: dict[str, str] = {}


def _user_env() -> dict[str, str]:
    """The environment every timed command runs in, as a user's: custlint's bytecode compiled once and
    kept (pip does so on install), not compiled from source on every run as under
    PYTHONDONTWRITEBYTECODE=1 (set on some machines, this one included); caching on."""
    if not _ENV:
        import compileall

        import custlint

        compileall.compile_dir(str(Path(custlint.__file__).parent), quiet=1)
        _ENV.update((k, v) for k, v in os.environ.items() if k not in ("CUSTLINT_NO_CACHE", "PYTHONDONTWRITEBYTECODE"))
    return dict(_ENV)


def compare(repo: Path, audit_args: list[str], rounds: int, label: str, new: int = 1000) -> dict:
    """Alternate, each round: bare git log, the audit with an empty result cache (cold: a fresh
    CUSTLINT_CACHE_DIR, so it judges every commit and writes the cache), the same audit again
    (warm: every commit from the cache that run wrote), the audit with a cache that lacks the
    newest ``new`` commits (partial: filled by an untimed audit with --until before them, the
    weekly re-run), and git log --topo-order."""
    git_t, topo_t, git_mem = [], [], []
    runs: dict = {"cold": ([], [], [], []), "warm": ([], [], [], [])}  # wall, peak of the child tree, own MB, stderr
    cmd = [*CUSTLINT, "audit", "--repo", str(repo), "--format", "json", "--no-progress", "-v", *audit_args]
    env = _user_env()
    cut = subprocess.run(["git", "-C", str(repo), "log", "-1", f"--skip={new}", "--format=%ct"], capture_output=True,
                         text=True).stdout.strip() if new else ""
    if cut:
        runs["partial"] = ([], [], [], [])
    for _ in range(rounds):
        w, m, _ = timed(git_log_cmd(repo), label="git")
        git_t.append(w)
        git_mem.append(m)
        with tempfile.TemporaryDirectory(prefix="custlint-bench-cache-") as store, \
                tempfile.TemporaryDirectory(prefix="custlint-bench-cache-") as older:
            env["CUSTLINT_CACHE_DIR"] = older
            if cut:
                timed([*cmd, "--until", f"@{cut}"], env=env)  # every commit up to the newest `new` ones
            for mode in runs:
                env["CUSTLINT_CACHE_DIR"] = older if mode == "partial" else store
                w, m, err = timed(cmd, label=mode, env=env)
                wall, peak, own, errs = runs[mode]
                wall.append(w)
                peak.append(m)
                mo = _OWN.search(err)
                own.append(float(mo.group(1)) + float(mo.group(2)) * _jobs(audit_args) if mo else float("nan"))
                errs.append(err)
            cache_kb = sum(f.stat().st_size for f in Path(store).rglob("*.bin")) / 1024
        w, _, _ = timed(git_log_cmd(repo, topo=True))
        topo_t.append(w)
    commits = int(subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True,
                                 text=True, check=True).stdout)
    cpu_git = median(CPU.pop("git"))
    r = {"label": label, "commits": commits, "git_log_s": median(git_t), "git_log_topo_s": median(topo_t),
         "git_log_peak_mb": max(git_mem), "cache_file_kb": cache_kb}
    parts = []
    for mode, (wall, peak, own, errs) in runs.items():
        cpu = median(CPU.pop(mode))
        hits = _HITS.search(errs[-1])
        r[mode] = {"audit_s": median(wall), "ratio": median(wall) / median(git_t), "best_ratio": min(wall) / min(git_t),
                   "cpu_ratio": cpu / cpu_git, "audit_peak_mb": max(peak), "custlint_own_mb": max(own)}
        parts.append(f"{mode} {median(wall):.2f}s = {r[mode]['ratio']:.2f}x (best-of {r[mode]['best_ratio']:.2f}x; CPU "
                     f"{cpu:.2f}s = {r[mode]['cpu_ratio']:.1f}x, {cpu / commits * 1e6:.0f} µs/commit; custlint main + workers "
                     f"{max(own):.0f} MB; runs {', '.join(f'{t:.2f}' for t in wall)}s"
                     + (f"; {hits.group(1)} from the cache, {hits.group(2)} judged" if hits else "") + ")")
    print(f"{label}: {commits:,} commits | git log {r['git_log_s']:.2f}s (--topo-order {r['git_log_topo_s']:.2f}s; "
          f"runs {', '.join(f'{t:.2f}' for t in git_t)}s; CPU {cpu_git:.2f}s; peak {r['git_log_peak_mb']:.0f} MB) | custlint audit "
          + " | ".join(parts) + f" | largest single process (git) {max(runs['cold'][1]):.0f} MB | result cache file "
          f"{cache_kb:,.0f} KB ({cache_kb * 1024 / max(commits, 1):.1f} bytes/commit) | rounds {rounds}", flush=True)
    return r


def synthetic(args) -> None:
    from gen_history import generate

    CACHE.mkdir(parents=True, exist_ok=True)
    extra = ["--jobs", str(args.jobs)] if args.jobs is not None else []
    for n in (int(s) for s in args.sizes.split(",")):
        path = CACHE / f"hist{n}"
        if not (path / ".git").is_dir():
            t = time.perf_counter()
            shutil.rmtree(path, ignore_errors=True)
            generate(n, path)
            print(f"generated {n:,} commits in {time.perf_counter() - t:.1f}s at {path}", flush=True)
        compare(path, extra, args.rounds, f"synthetic {n // 1000}k", args.new)


def pair(args) -> None:
    """This tree's cold audit against another tree's (``--base``: its ``src``, run with ``PYTHONPATH``),
    run by run: each round a bare git log, then the two audits in turn (which goes first alternates),
    each with a fresh empty result cache. The ratio of the two is taken within each round, so a
    change of the machine's speed between rounds (a fifth within minutes on a shared one) moves both."""
    repo = usable(CACHE / "hist100000" if args.repo == "synthetic" else Path(args.repo))
    extra = ["--release-tags", args.release_tags] if args.release_tags else []
    cmd = [*CUSTLINT, "audit", "--repo", str(repo), "--format", "json", "--no-progress", *extra]
    mine = _user_env()
    base = dict(mine, PYTHONPATH=str(Path(args.base).resolve()))
    git_t, walls, ratios = [], {"base": [], "this": []}, []
    for i in range(args.rounds):
        git_t.append(timed(git_log_cmd(repo))[0])
        got = {}
        for name in (("base", "this") if i % 2 == 0 else ("this", "base")):
            with tempfile.TemporaryDirectory(prefix="custlint-bench-cache-") as store:
                env = dict(base if name == "base" else mine, CUSTLINT_CACHE_DIR=store)
                got[name] = timed(cmd, env=env)[0]
            walls[name].append(got[name])
        ratios.append(got["this"] / got["base"])
    g = median(git_t)
    print(f"{repo}: git log {g:.2f}s | base {median(walls['base']):.2f}s = {median(walls['base']) / g:.2f}x | "
          f"this {median(walls['this']):.2f}s = {median(walls['this']) / g:.2f}x | this/base within a round: median "
          f"{median(ratios):.3f} (min {min(ratios):.3f}, max {max(ratios):.3f}) | rounds {args.rounds}", flush=True)


def _cpu_jiffies() -> tuple[int, int]:
    """All cores' jiffies since boot, and those idle (``/proc/stat``'s first line: idle and iowait)."""
    with open("/proc/stat") as fh:
        v = [int(x) for x in fh.readline().split()[1:]]
    return sum(v), v[3] + v[4]


def idle(args) -> None:
    """How much of the machine's CPU a cold audit leaves idle: ``/proc/stat`` read every 4 ms while it
    runs (Linux), the idle hundredths of a second of all cores together, per 50 ms of its run and in all.
    On a machine the audit has to itself, idle time is time its processes could have used: one process
    working while the others wait (the start, the report), or a worker waiting for its next task."""
    if not os.path.exists("/proc/stat"):
        raise SystemExit("idle needs /proc/stat (Linux)")
    repo = usable(CACHE / "hist100000" if args.repo == "synthetic" else Path(args.repo))
    cmd = [*CUSTLINT, "audit", "--repo", str(repo), "--format", "json", "--no-progress", "--no-cache",
           "--output", os.devnull]
    for _ in range(args.rounds):
        rows = []
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_user_env())
        while p.poll() is None:
            rows.append((time.perf_counter() - t0, *_cpu_jiffies()))
            time.sleep(0.004)
        rows.append((time.perf_counter() - t0, *_cpu_jiffies()))
        buckets: dict[int, list[int]] = {}
        for (_, tot0, idle0), (t, tot1, idle1) in pairwise(rows):
            b = buckets.setdefault(int(t * 20), [0, 0])
            b[0] += tot1 - tot0
            b[1] += idle1 - idle0
        total, idle_all = sum(b[0] for b in buckets.values()), sum(b[1] for b in buckets.values())
        spread = " ".join(f"{k * 0.05:.2f}:{b[1]}/{b[0]}" for k, b in sorted(buckets.items()))
        print(f"{repo}: wall {rows[-1][0]:.2f}s | idle {idle_all} of {total} hundredths "
              f"({idle_all / max(total, 1):.0%}) | per 50 ms, idle/all: {spread}", flush=True)


def usable(repo: Path) -> Path:
    """A bare mirror without a `config` file confuses GitPython (it takes the parent folder for the
    work tree): audit a shared bare clone of it instead (objects borrowed, only refs copied)."""
    if (repo / "config").exists() or (repo / ".git").exists():
        return repo
    dest = CACHE / (repo.parent.name + ".git")
    if not dest.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--mirror", "--shared", str(repo), str(dest)], check=True)
    return dest


def real(args) -> None:
    extra = ["--release-tags", args.release_tags] if args.release_tags else []
    if args.jobs is not None:
        extra += ["--jobs", str(args.jobs)]
    compare(usable(Path(args.repo)), extra, args.rounds, f"real {Path(args.repo).parent.name}", args.new)


def gitlint(args) -> None:
    """gitlint needs a work tree: a throwaway shared clone (objects borrowed, nothing copied)."""
    exe = shutil.which("gitlint") or str(Path(sys.executable).with_name("gitlint"))
    if not Path(exe).exists():
        raise SystemExit("gitlint is not installed: pip install -e '.[bench]'")
    src = usable(Path(args.repo))
    shas = subprocess.run(["git", "-C", str(src), "rev-list", "--no-merges", f"--max-count={args.commits + 1}", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.split()
    base = shas[-1]
    rng = f"{base}..HEAD"
    n = int(subprocess.run(["git", "-C", str(src), "rev-list", "--count", rng], capture_output=True, text=True,
                           check=True).stdout)
    with tempfile.TemporaryDirectory() as tmp:
        wt = Path(tmp) / "wt"
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(src), str(wt)], check=True)
        t_gl, m_gl, _ = _gitlint(exe, wt, rng)
        t_cl, m_cl, err = timed([*CUSTLINT, "audit", rng, "--repo", str(wt), "--format", "json", "--no-progress",
                                 "-v", "--no-cache", "--release-tags", args.release_tags or "v*"])
        t_gl2, _, _ = _gitlint(exe, wt, rng)
        t_cl2, _, _ = timed([*CUSTLINT, "audit", rng, "--repo", str(wt), "--format", "json", "--no-progress",
                             "--no-cache", "--release-tags", args.release_tags or "v*"])
    gl, cl = min(t_gl, t_gl2), min(t_cl, t_cl2)
    print(f"gitlint vs custlint audit on {rng[:12]}..HEAD ({n:,} commits incl. merges): gitlint {gl:.1f}s "
          f"({n / gl:.0f} commits/s, runs {t_gl:.1f}s {t_gl2:.1f}s) | custlint audit {cl:.2f}s ({n / cl:,.0f} commits/s, "
          f"runs {t_cl:.2f}s {t_cl2:.2f}s) | custlint is {gl / cl:.0f}x faster | peak RSS gitlint {m_gl:.0f} MB, "
          f"custlint+git {m_cl:.0f} MB", flush=True)


def _gitlint(exe: str, wt: Path, rng: str):
    # exit code = number of violations (capped): not a failure here
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen([exe, "--target", str(wt), "--commits", rng, "--ignore-stdin"], stdout=subprocess.DEVNULL,
                             stderr=err, stdin=subprocess.DEVNULL, env=_user_env())
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if "Error" in text[:2000] and "violation" not in text.lower() and os.waitstatus_to_exitcode(status) > 250:
        raise SystemExit(f"gitlint failed: {text[:500]}")
    return wall, ru.ru_maxrss / 1024, text


def jobs(args) -> None:
    """Does spreading the analysis over worker processes pay? Alternate --jobs 0 and --jobs N."""
    repo = usable(Path(args.repo))
    extra = ["--release-tags", args.release_tags] if args.release_tags else []
    times: dict[int, list[float]] = {}
    counts = [0] + [int(j) for j in args.jobs.split(",")]
    for _ in range(args.rounds):
        for j in counts:
            w, _, _ = timed([*CUSTLINT, "audit", "--repo", str(repo), "--format", "json", "--no-progress",
                             "--no-cache", "--jobs", str(j), *extra])
            times.setdefault(j, []).append(w)
    base = median(times[0])
    print(f"--jobs on {repo} ({os.cpu_count()} cores, rounds {args.rounds}, alternating): " + " | ".join(
        f"jobs={j}: {median(ts):.2f}s ({base / median(ts):.2f}x of jobs=0; runs {', '.join(f'{t:.2f}' for t in ts)})"
        for j, ts in times.items()), flush=True)


def stages(args) -> None:
    """Per-commit cost of each step, in this process, on the first --commits commits of a repo."""
    from array import array

    from custlint.audit import collect, worker
    from custlint.commands._common import Context
    from custlint.sources import git_log
    from custlint.sources.git_history import RawCommit, to_document

    ns = argparse.Namespace(config=None, select=None, extend_select=None, ignore=None)
    ctx = Context(ns)
    data = subprocess.run(["git", "-C", args.repo, "log", "-z", f"--format={FIELDS}", f"-{args.commits}"],
                          capture_output=True, check=True).stdout
    recs = git_log.records(data, False)
    n = len(recs)
    worker.set_state(ctx.engine, "author", [2e9] * 2000)
    ann = array("i", [0] * n).tobytes()
    best = {}
    clock = time.process_time  # CPU time of this process: the machine is shared
    for _ in range(3):
        tj = clock()
        worker.judge_chunk(data, ann)  # first, while no documents of the other steps are alive
        t0 = clock()
        raws = []
        for r in recs:
            # FIELDS: the author as recorded, then as .mailmap maps it (not judged), the dates, the message
            sha, parents, stamp, author, email, _, _, authored, committed, message = r.decode("utf-8", "replace").split(
                "\x1f", 9)
            raws.append(RawCommit(sha, parents.split(), author, email, authored, committed, message))
        t1 = clock()
        docs = [to_document(c) for c in raws]
        t2 = clock()
        for d in docs:
            ctx.engine.principles(d)
        t3 = clock()
        for d in docs:  # again, with every analysis already cached on the documents: the rules' own cost
            ctx.engine.principles(d)
        t3b = clock()
        docs2 = [to_document(c) for c in raws]
        t4 = clock()
        for d in docs2:
            ctx.engine.judge(d)
        t5 = t6 = clock()
        an = collect.Annotator(None, {}, None)
        an.marks(recs, "author")
        t7 = clock()
        from custlint.document.refs import find_refs

        s = ctx.engine.settings
        for d in docs:
            find_refs(d.text, projects=s.projects, not_keys=s.not_keys)
        t8 = clock()
        for k, v in (("decode+split", t1 - t0), ("Document (commit_document)", t2 - t1),
                     ("analysis+rules (principle mask)", t3 - t2), ("  of which rules, analysis cached", t3b - t3),
                     ("analysis+rules (Engine.judge)", t5 - t4),
                     ("whole worker step (judge_chunk)", t0 - tj), ("main-process annotation", t7 - t6),
                     ("refs.find_refs alone (inside analysis)", t8 - t7)):
            best[k] = min(best.get(k, 1e9), v / n * 1e6)
        del raws, docs, docs2
    print(f"per-commit CPU cost over {n:,} commits of {args.repo} (best of 3, µs/commit):")
    for k, v in best.items():
        print(f"  {k:<36} {v:6.1f}")


def floor(args) -> None:
    """The CPU a first audit may spend per commit to stay within 2x a bare git log on this machine,
    against what the judgement costs: on the emptiest commit it can meet and on the repository's own.

    budget = ((2 x git's wall time - custlint's fixed cost) x cores - git's CPU) / commits: the CPU per
    commit custlint's own processes may use if they kept every core busy from start to end (they do
    not quite: the budget is generous). The fixed cost is a whole `custlint audit` of one commit
    (Python's start, imports, rules, forking the workers)."""
    from array import array

    from custlint.audit import worker
    from custlint.commands._common import Context
    from custlint.sources import git_log

    repo = usable(Path(args.repo))
    n = int(subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True,
                           check=True).stdout)
    cores = _jobs([]) or 1
    walls, fixed = [], []
    # without release tags: with them git walks down to the oldest tag even for one commit (that is git's walk)
    one = [*CUSTLINT, "audit", "--repo", str(repo), "--format", "json", "--no-progress", "--no-cache",
           "--release-tags", "", "HEAD~1..HEAD"]
    for _ in range(args.rounds):
        w, _, _ = timed(git_log_cmd(repo), label="git")
        walls.append(w)
        fixed.append(timed(one)[0])
    git_wall, git_cpu, fix = median(walls), median(CPU.pop("git")), median(fixed)
    budget = ((2 * git_wall - fix) * cores - git_cpu) / n * 1e6
    print(f"{repo}: {n:,} commits, {cores} cores | bare git log {git_wall:.2f}s wall, {git_cpu:.2f}s CPU | "
          f"custlint's fixed cost {fix:.2f}s | budget for 2x: {budget:.1f} µs of CPU per commit")

    ctx = Context(argparse.Namespace(config=None, select=None, extend_select=None, ignore=None))
    own = subprocess.run(["git", "-C", str(repo), "log", "-z", f"--format={FIELDS}", f"-{args.commits}"],
                         capture_output=True, check=True).stdout
    head = b"%s\x1f%s\x1f1700000000\x1fAnn\x1fann@example.com\x1fAnn\x1fann@example.com\x1f2023-11-14T22:13:20Z\x1f2023-11-14T22:13:20Z\x1f"
    # distinct messages (a worker reuses the result of a message it has seen), each a line with nothing in it
    empty = b"\x00".join(head % (b"%040x" % i, b"%040x" % (i + 1)) + b"Update README %d\n" % i
                         for i in range(args.commits))
    for label, data in (("emptiest commit ('Update README <n>')", empty), (f"this repository's newest {args.commits:,}", own)):
        recs = len(git_log.records(data, False))
        best = float("inf")
        for _ in range(3):
            worker.set_state(ctx.engine, "author", [2e9] * 2000)  # releases known: done claims looked up too
            t = time.process_time()
            worker.judge_chunk(data, array("i", [0] * recs).tobytes())
            best = min(best, time.process_time() - t)
        print(f"  judging, {label}: {best / recs * 1e6:.1f} µs of CPU per commit (best of 3) "
              f"= {best / recs * 1e6 / budget:.1f}x the budget")


def _one_pass(repo: str, commits: int, passes: int) -> None:
    """What `instructions` runs under callgrind: judge_chunk once to warm up (patterns compiled, plans
    built), then ``passes`` times, over the newest ``commits`` commits of ``repo``."""
    from array import array

    from custlint.audit import worker
    from custlint.commands._common import Context
    from custlint.sources import git_log

    ctx = Context(argparse.Namespace(config=None, select=None, extend_select=None, ignore=None))
    data = subprocess.run(["git", "-C", repo, "log", "-z", f"--format={FIELDS}", f"-{commits}"],
                          capture_output=True, check=True).stdout
    ann = array("i", [0] * len(git_log.records(data, False))).tobytes()
    for _ in range(passes + 1):
        worker.set_state(ctx.engine, "author", [2e9] * 2000)
        worker.judge_chunk(data, ann)


def instructions(args) -> None:
    """Instructions per commit of one judge_chunk pass (the worker's whole step), counted by
    callgrind: two passes minus one, so start-up, imports and the warm-up pass cancel out. Counts,
    unlike seconds, do not move with the machine's load (the same total twice in a row; set
    PYTHONHASHSEED=0 to take out the few hundred instructions that hash randomisation moves)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind")
    # once without callgrind first: a tree whose bytecode is not written yet (or whose parsed rules are
    # not in the user cache) would pay that in the first counted run only, and the difference would
    # come out too low by it
    subprocess.run([sys.executable, __file__, "--one-pass", args.repo, "50", "0"], capture_output=True,
                   env=_user_env(), check=True)
    total = []
    for passes in (1, 2):
        p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                            __file__, "--one-pass", args.repo, str(args.commits), str(passes)],
                           capture_output=True, text=True, env=_user_env())
        m = re.search(r"Collected : (\d+)", p.stderr)
        if p.returncode != 0 or m is None:
            raise SystemExit(f"callgrind failed ({p.returncode}): {p.stderr[-500:]}")
        total.append(int(m.group(1)))
    print(f"{args.repo}: {(total[1] - total[0]) / args.commits / 1000:.1f}k instructions per commit "
          f"(one judge_chunk pass over the newest {args.commits:,}, callgrind)")


def main() -> None:
    if sys.argv[1:2] == ["--one-pass"]:
        _one_pass(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("synthetic")
    s.add_argument("--sizes", default="25000,50000,100000")
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--jobs", type=int)
    s.add_argument("--new", type=int, default=1000, help="commits the partial run's cache lacks (0: no partial run)")
    r = sub.add_parser("real")
    r.add_argument("repo")
    r.add_argument("--release-tags", default="")
    r.add_argument("--rounds", type=int, default=3)
    r.add_argument("--jobs", type=int)
    r.add_argument("--new", type=int, default=1000, help="commits the partial run's cache lacks (0: no partial run)")
    g = sub.add_parser("gitlint")
    g.add_argument("repo")
    g.add_argument("--commits", type=int, default=5000)
    g.add_argument("--release-tags", default="")
    jb = sub.add_parser("jobs")
    jb.add_argument("repo")
    jb.add_argument("--jobs", default="1,2")
    jb.add_argument("--release-tags", default="")
    jb.add_argument("--rounds", type=int, default=3)
    fl = sub.add_parser("floor")
    fl.add_argument("repo")
    fl.add_argument("--commits", type=int, default=20000)
    fl.add_argument("--rounds", type=int, default=3)
    st = sub.add_parser("stages")
    st.add_argument("repo")
    st.add_argument("--commits", type=int, default=20000)
    il = sub.add_parser("idle", help="the CPU a cold audit leaves idle, from /proc/stat")
    il.add_argument("repo", help="a repository, or 'synthetic' for the 100k synthetic history")
    il.add_argument("--rounds", type=int, default=3)
    pr = sub.add_parser("pair", help="this tree's cold audit against another tree's, round by round")
    pr.add_argument("repo", help="a repository, or 'synthetic' for the 100k synthetic history")
    pr.add_argument("--base", required=True, help="the other tree's src folder (a git worktree of an older commit)")
    pr.add_argument("--release-tags", default="")
    pr.add_argument("--rounds", type=int, default=10)
    ins = sub.add_parser("instructions")
    ins.add_argument("repo")
    ins.add_argument("--commits", type=int, default=2000)
    a = ap.parse_args()
    {"synthetic": synthetic, "real": real, "gitlint": gitlint, "jobs": jobs, "stages": stages, "floor": floor,
     "instructions": instructions, "pair": pair, "idle": idle}[a.what](a)


if __name__ == "__main__":
    main()

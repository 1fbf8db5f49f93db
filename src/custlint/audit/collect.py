"""Read history once and judge every commit: chunks of ``git log -z`` output, judged in worker
processes (or in this one), added up into small tallies.

The main process only reads git's output, cuts it into chunks at record boundaries and merges
what the workers send back; at most ``2 * jobs + 1`` chunks are in flight, so memory stays flat
however long the history is.
"""

from __future__ import annotations

import binascii
import os
import sys
import time
from array import array
from collections import deque
from dataclasses import dataclass, field

from custlint.audit import cache, leadtime
from custlint.audit.tally import Partial, Tally
from custlint.analysis.done import find_done_claims
from custlint.analysis.exemptions import is_bot
from custlint.sources import git_log

_MARKS_DONE = ("closing", "transition")  # a commit marks work done: closing keywords, smart-commit transitions

SKIP, UNRELEASED = -2, -1  # record annotations besides a release index
# a worker keeps the results of messages up to _SAME_MAX bytes for a repeat, _SAME_BYTES of them at most
_SAME_MAX, _SAME_BYTES = 4096, 4 << 20

# set in the parent before workers fork (they inherit it), or used in-process with jobs=0
_STATE: dict = {}


def set_state(engine, by: str, release_times: list[float], table=None) -> None:
    """What the workers read: the engine, the grouping, release times, the result cache (or None)."""
    _STATE.clear()  # and with it the results of messages seen under the last engine
    _STATE.update(engine=engine, by=by, release_times=release_times, cache=table)


def _month(ts: float, cache: dict = {}) -> str:  # noqa: B006 - a cache on purpose
    day = int(ts // 86400)
    m = cache.get(day)
    if m is None:
        t = time.gmtime(ts)
        m = cache[day] = f"{t.tm_year:04d}-{t.tm_mon:02d}"
    return m


def _top(path: str) -> str:
    head, sep, _ = path.partition("/")
    return head + "/" if sep else "(top level)"


def judge_chunk(chunk: bytes, ann: bytes) -> Partial:
    """Judge every commit record in ``chunk`` (``ann``: SKIP, UNRELEASED or a release index each).

    A commit the result cache (:mod:`custlint.audit.cache`) holds is not judged again; the
    results of the others go back to the main process in ``Partial.fresh`` to be cached.
    """
    from custlint.analysis.analyzer import analyze
    from custlint.sources.git_history import to_document

    engine = _STATE["engine"]
    by = _STATE["by"]
    rel_times = _STATE["release_times"]
    table = _STATE.get("cache")  # a cache.Table, or None: no cache
    settings = engine.settings
    marks = array("i")
    marks.frombytes(ann)
    part = Partial()
    lead, unreleased, done = part.lead, part.unreleased, part.done
    fresh = part.fresh
    # (month, group, exempt and mask) -> commits: added to the tallies once per chunk, not per commit
    counts: dict[tuple, int] = {}
    months: dict[float, str] = {}  # day -> month
    by_path = by == "path"
    get = table.get if table is not None else None
    unhex = binascii.unhexlify
    EXEMPT, DONE_KNOWN, DONE = cache.EXEMPT, cache.DONE_KNOWN, cache.DONE
    seen: dict[bytes, int] = _STATE.setdefault("seen", {})  # message -> result, for this process's chunks
    seen_bytes = _STATE.get("seen_bytes", 0)
    bots = engine.bots
    fields, details, text, raw_commit = git_log.fields, git_log.details, git_log.text, git_log.raw_commit
    for rec, mark in zip(git_log.records(chunk, by_path), marks):
        if mark == SKIP:
            continue
        # the dates and the message are cut apart, and anything decoded, only for a commit that is judged
        sha, parents, stamp, author, email, rest, files = fields(rec, by_path)
        tops = tuple(sorted({_top(text(f)) for f in files})) if by_path else ()
        merge = b" " in parents.strip()
        need_done = not merge and bool(rel_times)  # merges carry no change of their own
        v = -1
        key = None
        if get is not None:
            try:
                key = unhex(sha)[:cache.KEY]
            except (binascii.Error, ValueError):
                key = None
            if key is not None and len(key) == cache.KEY:
                v = get(key)
                if v >= 0 and need_done and not v & DONE_KNOWN:
                    v = -1  # judged before without releases: the done claim was not looked up
            else:
                key = None
        judged = v < 0  # not in the result cache: judged here (or the same message's result reused)
        if judged:
            authored, committed, message = details(rest)
            name, mail = text(author), text(email)
            # a message judged before gives the same result: the judgement of a commit that is neither a
            # merge nor a bot's (exempt whatever it says) reads nothing of it but its message
            same = message if (len(message) <= _SAME_MAX and not merge and not is_bot(name, mail, bots)) else None
            if same is not None:
                v = seen.get(same, -1)
        if v < 0:
            c = raw_commit(sha, parents, name, mail, authored, committed, message)
            doc = to_document(c)
            mask, why = engine.principles(doc)
            v = mask | (EXEMPT if why is not None else 0)
            if need_done:
                v |= DONE_KNOWN
                # the same claims the DP rules judge (memoised on the analysis, so found once per commit)
                if any(c.kind in _MARKS_DONE for c in analyze(doc, settings).memo("done_claims", find_done_claims)):
                    v |= DONE
            doc._analysis = None  # the document and its analysis refer to each other: freed now, not by the collector
            if same is not None:
                seen_bytes += len(same) + 64  # the key, and about what the dict keeps for it
                if seen_bytes > _SAME_BYTES:
                    seen.clear()
                    seen_bytes = len(same) + 64
                seen[same] = v
        if judged and key is not None:
            fresh += key
            fresh += v.to_bytes(2, "little")
        ts = float(stamp) if stamp.isdigit() else 0.0
        month = months.get(ts // 86400)
        if month is None:
            month = months[ts // 86400] = _month(ts)
        who = author or email
        k = (month, who, tops, v & (EXEMPT | cache.MASK))
        counts[k] = counts.get(k, 0) + 1
        if not need_done:
            continue  # no releases, no lead time
        hours = -1.0
        if mark >= 0:
            hours = (rel_times[mark] - ts) / 3600.0
            a = lead.get(month)
            if a is None:
                a = lead[month] = array("f")
            a.append(hours if hours > 0 else 0.0)
        else:
            unreleased[month] = unreleased.get(month, 0) + 1
        if v & DONE:
            d = done.get(month)
            if d is None:
                d = done[month] = [0, 0, 0, array("f")]
            d[0] += 1
            if mark < 0:
                d[1] += 1
                d[2] += 1
            elif hours > 0:
                d[1] += 1
                d[3].append(hours)
    _STATE["seen_bytes"] = seen_bytes
    _add_counts(part, counts, by_path)
    part.peak_kb = _peak_kb()
    return part


def _add_counts(part: Partial, counts: dict, by_path: bool) -> None:
    """The chunk's ``(month, author bytes, top-level paths, exempt and mask) -> commits`` into the tallies."""
    periods, groups, authors, total = part.periods, part.groups, part.authors, part.total
    names: dict[bytes, str] = {}
    for (month, who, tops, em), n in counts.items():
        exempt, mask = bool(em & cache.EXEMPT), em & cache.MASK
        total.add(exempt, mask, n)
        t = periods.get(month)
        if t is None:
            t = periods[month] = Tally()
        t.add(exempt, mask, n)
        name = names.get(who)
        if name is None:
            name = names[who] = who.decode("utf-8", "replace") or "(unknown)"
        for g in (tops if by_path else (name,)):
            t = groups.get(g)
            if t is None:
                t = groups[g] = Tally()
            t.add(exempt, mask, n)
        if by_path:
            t = authors.get(name)
            if t is None:
                t = authors[name] = Tally()
            t.add(exempt, mask, n)


def _peak_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):  # pragma: no cover - no resource module on Windows
        return 0


@dataclass
class Audit:
    """The whole audit, merged from partials in the main process."""

    range: str
    releases: list = field(default_factory=list)
    acc: Partial = field(default_factory=Partial)

    def add(self, part: Partial) -> None:
        self.acc.merge(part)

    @property
    def commits(self) -> int:
        return self.acc.total.commits

    def to_json(self, by: str = "author") -> dict:
        acc = self.acc
        out = {"range": self.range, **acc.total.to_dict()}
        out["periods"] = [{"period": m, **acc.periods[m].to_dict()} for m in sorted(acc.periods)]
        out["authors"] = _rows(acc.authors if by == "path" else acc.groups, "author")
        if by == "path":
            out["paths"] = _rows(acc.groups, "path")
        out["lead_time"] = self._lead_json() if self.releases else None
        return out

    def _lead_json(self) -> dict:
        acc = self.acc
        all_lead = array("f")
        periods = []
        for m in sorted(set(acc.lead) | set(acc.unreleased) | set(acc.done)):
            a = acc.lead.get(m, array("f"))
            all_lead.extend(a)
            d = acc.done.get(m)
            periods.append({"period": m, **leadtime.summary(a), "unreleased": acc.unreleased.get(m, 0),
                            "done_claims": d[0] if d else 0, "done_before_production": d[1] if d else 0,
                            "done_unreleased": d[2] if d else 0})
        lags = array("f")
        claims = before = unrel = 0
        for d in acc.done.values():
            claims += d[0]
            before += d[1]
            unrel += d[2]
            lags.extend(d[3])
        lag_sorted = sorted(lags)
        return {
            "release_tags": len(self.releases),
            "first_release": self.releases[0].name,
            "last_release": self.releases[-1].name,
            **leadtime.summary(all_lead),
            "unreleased": sum(acc.unreleased.values()),
            "histogram_edges_hours": list(leadtime.EDGES),
            "periods": periods,
            "done_before_production": {
                "claims": claims, "before_production": before, "unreleased": unrel,
                "median_lag_hours": leadtime.q(lag_sorted, 0.5),
                "p90_lag_hours": leadtime.q(lag_sorted, 0.9),
                "lag_histogram": leadtime.histogram_sorted(lag_sorted),
                "lag_sketch": leadtime.sketch_sorted(lag_sorted),
            },
        }


def _rows(groups: dict, key: str) -> list[dict]:
    rows = [{key: k, **t.to_dict()} for k, t in groups.items()]
    rows.sort(key=lambda r: (-r["commits"], r[key]))
    return rows


# -- reading git --------------------------------------------------------------------------------

class Annotator:
    """Main-process pass over the records, in git's topological order (children first).

    Marks each record SKIP (not in the audited range: reached only from a release tag, or
    after --until), UNRELEASED, or the index of the first release that contains it, by
    carrying "in range" and "first release" from children to parents. Only the walk's frontier
    is held. With path filters git's order skips commits, so a precomputed map is used instead.
    """

    def __init__(self, tips: list[str] | None, own: dict[str, int], until: float | None,
                 release_of: dict[bytes, int] | None = None) -> None:
        self.inside = None if tips is None else {t.encode() for t in tips}
        self.own = {k.encode(): v for k, v in own.items()}
        self.pending: dict[bytes, int] = {}
        self.until = until
        self.release_of = release_of
        self.count = 0

    def marks(self, recs: list[bytes], by: str) -> bytes:
        out = array("i")
        inside, own, pending, until = self.inside, self.own, self.pending, self.until
        release_of = self.release_of
        unhex = bytes.fromhex
        head, names = git_log.head, by == "path"
        for rec in recs:
            sha, parents, stamp = head(rec, names)
            if inside is not None:
                if sha in inside:
                    inside.discard(sha)
                    inside.update(parents)
                    keep = True
                else:
                    keep = False
            else:
                keep = True
            if release_of is not None:
                r = release_of.get(unhex(sha.decode()), UNRELEASED)
            else:
                best = pending.pop(sha, None)
                mine = own.get(sha)
                if mine is not None and (best is None or mine < best):
                    best = mine
                if best is not None:
                    for p in parents:
                        cur = pending.get(p)
                        if cur is None or best < cur:
                            pending[p] = best
                r = UNRELEASED if best is None else best
            if keep and until is not None:
                keep = int(stamp or 0) <= until
            if keep:
                self.count += 1
                out.append(r)
            else:
                out.append(SKIP)
        return out.tobytes()


def _widen_pipe(stream) -> None:
    """Let git write ahead while this process cuts and dispatches a chunk: a pipe holds 64 KB by
    default, so git would wait for every read. Linux only; elsewhere (or when refused) no matter."""
    try:
        import fcntl

        fcntl.fcntl(stream.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError, ValueError, AttributeError):
        pass


def auto_jobs() -> int:
    """Worker processes worth starting: one per core on a multi-core machine, none on one core.
    Measured on 2 cores (bench/README.md): 2 workers beat judging in the main process by 20-40%,
    because the main process then only reads git's output and merges small tallies."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    return 0 if n < 2 else min(n, 8)


def _quiet_worker(fds: tuple[int, ...] = ()) -> None:
    """Ctrl-C is the main process's to handle: workers ignore it (no traceback per worker). They
    close their copies of git's pipes (forked after git started), which are the main process's."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass


def start_git(repo, git_args: list[str]):
    """Start ``git log``: it may walk the whole history before its first line (``--topo-order``
    without a commit-graph), so it is started before the engine is built and the workers forked."""
    from custlint.sources.git_history import _exe

    proc = repo.git.execute([_exe(repo), *git_args], as_process=True)
    _widen_pipe(proc.proc.stdout)
    return proc


def stop_git(proc) -> None:
    """End a git started by :func:`start_git` that will not be read (an error before the audit)."""
    try:
        proc.proc.kill()
        proc.proc.wait()
    except OSError:
        pass
    for s in (proc.proc.stdout, proc.proc.stderr):
        if s is not None:
            s.close()


def run(repo, audit: Audit, proc, annotator: Annotator, *, by: str, jobs: int, progress=None) -> Audit:
    """Stream the history git (:func:`start_git`) prints through ``jobs`` workers (0: in this
    process) into ``audit``."""
    import multiprocessing as mp

    from custlint.errors import UserError

    out = proc.proc.stdout
    pool = None
    try:
        if jobs > 0 and "fork" in mp.get_all_start_methods():
            fds = tuple(s.fileno() for s in (out, proc.proc.stderr) if s is not None)
            pool = mp.get_context("fork").Pool(jobs, initializer=_quiet_worker, initargs=(fds,))
    except BaseException:
        stop_git(proc)
        raise

    def take(part: Partial) -> None:
        audit.add(part)
        if progress:
            progress.update(part.total.commits)

    try:
        inflight: deque = deque()
        names = by == "path"
        for chunk in git_log.chunks(out, names):
            ann = annotator.marks(git_log.records(chunk, names), by)
            if pool is None:
                take(judge_chunk(chunk, ann))
                continue
            inflight.append(pool.apply_async(judge_chunk, (chunk, ann)))
            while inflight and (len(inflight) > 2 * jobs or inflight[0].ready()):
                take(inflight.popleft().get())
        while inflight:
            take(inflight.popleft().get())
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        out.close()
        code = proc.proc.wait()
        err = proc.proc.stderr.read().decode("utf-8", "replace").strip() if proc.proc.stderr else ""
    if code and err:
        raise UserError(f"git log failed: {err.splitlines()[-1]}")
    return audit


class Progress:
    """A one-line progress bar on stderr; only on a terminal and never in CI."""

    def __init__(self, stream=None, total_proc=None) -> None:
        self.stream = stream or sys.stderr
        self.done = 0
        self.total: int | None = None
        self.total_proc = total_proc
        self.start = time.monotonic()
        self.last = self.start - 1.0  # draw on the first update

    @staticmethod
    def wanted(stream=None) -> bool:
        stream = stream or sys.stderr
        ci = any(os.environ.get(v) for v in ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD"))
        return not ci and hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"

    def _poll_total(self) -> None:
        p = self.total_proc
        if p is not None and p.proc.poll() is not None:
            try:
                self.total = int(p.proc.stdout.read().strip() or 0)
            except ValueError:
                self.total = None
            self.total_proc = None

    def update(self, n: int) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last < 0.1:
            return
        self.last = now
        self._poll_total()
        rate = self.done / max(now - self.start, 1e-6)
        if self.total:
            frac = min(1.0, self.done / self.total)
            bar = "#" * int(frac * 30)
            line = f"\rauditing [{bar:<30}] {self.done:,}/{self.total:,} commits  {rate:,.0f}/s "
        else:
            line = f"\rauditing {self.done:,} commits  {rate:,.0f}/s "
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.total_proc is not None:
            try:
                self.total_proc.proc.kill()
                self.total_proc.proc.wait()
            except OSError:
                pass
        self.stream.write("\r" + " " * 70 + "\r")
        self.stream.flush()

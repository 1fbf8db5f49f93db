"""Read history once and judge every commit: chunks of ``git log -z`` output, judged in worker
processes (or in this one), added up into small tallies.

The main process only reads git's output, cuts it into chunks at record boundaries and merges
what the workers send back; at most ``2 * jobs + 1`` chunks are in flight, so memory stays flat
however long the history is.
"""

from __future__ import annotations

import os
import sys
import time
from array import array
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from custlint.audit import leadtime
from custlint.audit.done import done_claim
from custlint.audit.tally import Partial, Tally
from custlint.findings import PRINCIPLES

CHUNK = 1 << 18  # bytes of git output per chunk
_BIT = {p: 1 << i for i, p in enumerate(PRINCIPLES)}
_HEADER_FIELDS = "%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B"

# set in the parent before workers fork (they inherit it), or used in-process with jobs=1
_STATE: dict = {}


def set_state(engine, by: str, measure: bool) -> None:
    _STATE.clear()
    _STATE.update(engine=engine, by=by, measure=measure)


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


def judge_chunk(chunk: bytes) -> Partial:
    """Judge every commit record in ``chunk`` and add them up."""
    from custlint.analysis import analyze
    from custlint.sources.git_history import RawCommit, to_document

    engine = _STATE["engine"]
    by = _STATE["by"]
    measure = _STATE["measure"]
    settings = engine.settings
    part = Partial()
    periods, groups, authors = part.periods, part.groups, part.authors
    total = part.total
    fromiso = datetime.fromisoformat
    if by == "path":
        records = chunk.lstrip(b"\x1e").split(b"\x00\x1e")
    else:
        records = chunk.split(b"\x00")
    for rec in records:
        if not rec.strip(b"\n"):
            continue
        files: list[str] = []
        if by == "path":
            head, _, rest = rec.partition(b"\x00")
            files = [f.decode("utf-8", "replace") for f in rest.lstrip(b"\n").split(b"\x00") if f]
            rec = head
        text = rec.decode("utf-8", "replace")
        if text.startswith("\n"):
            text = text[1:]
        sha, parents, author, email, authored, committed, message = text.split("\x1f", 6)
        c = RawCommit(sha, parents.split(), author, email, authored, committed, message)
        doc = to_document(c)
        findings, why = engine.judge(doc)
        mask = 0
        for f in findings:
            mask |= _BIT.get(f.principle, 0)
        exempt = why is not None
        try:
            ts = fromiso(committed).timestamp()
        except ValueError:
            ts = 0.0
        month = _month(ts)
        total.add(exempt, mask)
        t = periods.get(month)
        if t is None:
            t = periods[month] = Tally()
        t.add(exempt, mask)
        who = author or email or "(unknown)"
        keys = sorted({_top(f) for f in files}) if by == "path" else (who,)
        for k in keys:
            t = groups.get(k)
            if t is None:
                t = groups[k] = Tally()
            t.add(exempt, mask)
        if by == "path":
            t = authors.get(who)
            if t is None:
                t = authors[who] = Tally()
            t.add(exempt, mask)
        if len(c.parents) > 1:
            continue  # merges carry no change of their own
        if measure:
            part.shas += bytes.fromhex(sha)
            part.times.append(ts)
            part.months.append(month)
        how = done_claim(analyze(doc, settings).prose)
        if how:
            part.done.append((sha, ts, how))
    return part


@dataclass
class Audit:
    """The whole audit, built from partials in the main process."""

    range: str
    releases: list = field(default_factory=list)
    release_of: dict = field(default_factory=dict)
    measure: bool = False
    acc: Partial = field(default_factory=Partial)
    lead: dict = field(default_factory=dict)  # month -> array of lead times (hours)
    unreleased: dict = field(default_factory=dict)  # month -> commits no release contains yet
    done: dict = field(default_factory=dict)  # month -> [claims, before production, unreleased, array of lags]
    now: float = field(default_factory=time.time)

    def add(self, part: Partial) -> None:
        shas, times, months = part.shas, part.times, part.months
        part.shas, part.times, part.months = bytearray(), array("d"), []
        done = part.done
        part.done = []
        self.acc.merge(part)
        rel = self.release_of
        releases = self.releases
        lead, unreleased = self.lead, self.unreleased
        for i, month in enumerate(months):
            r = rel.get(bytes(shas[20 * i: 20 * i + 20]))
            if r is None:
                unreleased[month] = unreleased.get(month, 0) + 1
                continue
            hours = max(0.0, (releases[r].time - times[i]) / 3600.0)
            a = lead.get(month)
            if a is None:
                a = lead[month] = array("f")
            a.append(hours)
        for sha, ts, _how in done:
            month = _month(ts)
            d = self.done.get(month)
            if d is None:
                d = self.done[month] = [0, 0, 0, array("f")]
            d[0] += 1
            if not self.measure:
                continue
            r = rel.get(bytes.fromhex(sha))
            if r is None:
                d[1] += 1
                d[2] += 1
                continue
            lag = (releases[r].time - ts) / 3600.0
            if lag > 0:
                d[1] += 1
                d[3].append(lag)

    @property
    def commits(self) -> int:
        return self.acc.total.commits

    def to_json(self, by: str = "author") -> dict:
        acc = self.acc
        out = {"range": self.range, **acc.total.to_dict()}
        out["periods"] = [{"period": m, **acc.periods[m].to_dict()} for m in sorted(acc.periods)]
        people = acc.authors if by == "path" else acc.groups
        out["authors"] = _rows(people, "author")
        if by == "path":
            out["paths"] = _rows(acc.groups, "path")
        out["lead_time"] = self._lead_json() if self.measure else None
        return out

    def _lead_json(self) -> dict:
        all_lead = array("f")
        periods = []
        months = sorted(set(self.lead) | set(self.unreleased) | set(self.done))
        for m in months:
            a = self.lead.get(m, array("f"))
            all_lead.extend(a)
            s = leadtime.summary(a)
            d = self.done.get(m)
            periods.append({"period": m, **s, "unreleased": self.unreleased.get(m, 0),
                            "done_claims": d[0] if d else 0, "done_before_production": d[1] if d else 0})
        total = leadtime.summary(all_lead)
        lags = array("f")
        claims = before = unrel = 0
        for d in self.done.values():
            claims += d[0]
            before += d[1]
            unrel += d[2]
            lags.extend(d[3])
        lag_sorted = sorted(lags)
        return {
            "release_tags": len(self.releases),
            "first_release": self.releases[0].name if self.releases else None,
            "last_release": self.releases[-1].name if self.releases else None,
            **total,
            "unreleased": sum(self.unreleased.values()),
            "histogram_edges_hours": list(leadtime.EDGES),
            "periods": periods,
            "done_before_production": {
                "claims": claims, "before_production": before, "unreleased": unrel,
                "median_lag_hours": round(leadtime.quantile(lag_sorted, 0.5), 2),
                "p90_lag_hours": round(leadtime.quantile(lag_sorted, 0.9), 2),
            },
        }


def _rows(groups: dict, key: str) -> list[dict]:
    rows = [{key: k, **t.to_dict()} for k, t in groups.items()]
    rows.sort(key=lambda r: (-r["commits"], r[key]))
    return rows


# -- reading git --------------------------------------------------------------------------------

def chunks(proc_stdout, by: str):
    """Cut git's output into chunks that end on a record boundary."""
    sep = b"\x00\x1e" if by == "path" else b"\x00"
    buf = b""
    while True:
        block = proc_stdout.read(CHUNK)
        if not block:
            break
        buf += block
        cut = buf.rfind(sep)
        if cut < 0:
            continue
        yield buf[:cut + 1]
        buf = buf[cut + 1:]
    if buf.strip(b"\x00\n\x1e"):
        yield buf


def log_args(rev_range: str, *, since: str | None, until: str | None, paths: list[str], by: str) -> list[str]:
    fmt = ("%x1e" if by == "path" else "") + _HEADER_FIELDS
    args = ["log", "-z", f"--format={fmt}", "--encoding=UTF-8"]
    if by == "path":
        args.append("--name-only")
    if since:
        args.append(f"--since={since}")
    if until:
        args.append(f"--until={until}")
    return [*args, "--end-of-options", rev_range, "--", *paths]


def auto_jobs() -> int:
    """Worker processes worth starting: none on a machine with fewer than 3 cores (measured:
    git log itself and the main process need one each; see bench/README.md)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    return 0 if n < 3 else min(n - 1, 8)


def run(repo, audit: Audit, git_args: list[str], *, by: str, jobs: int, progress=None) -> Audit:
    """Stream history through ``jobs`` workers (0: in this process) into ``audit``."""
    import multiprocessing as mp

    from custlint.errors import UserError
    from custlint.sources.git_history import _exe

    proc = repo.git.execute([_exe(repo), *git_args], as_process=True)
    out = proc.proc.stdout
    pool = None
    try:
        if jobs > 0 and "fork" in mp.get_all_start_methods():
            pool = mp.get_context("fork").Pool(jobs)
        inflight: deque = deque()
        for chunk in chunks(out, by):
            if pool is None:
                part = judge_chunk(chunk)
                audit.add(part)
                if progress:
                    progress.update(part.total.commits)
                continue
            inflight.append(pool.apply_async(judge_chunk, (chunk,)))
            while inflight and (len(inflight) > 2 * jobs or inflight[0].ready()):
                part = inflight.popleft().get()
                audit.add(part)
                if progress:
                    progress.update(part.total.commits)
        while inflight:
            part = inflight.popleft().get()
            audit.add(part)
            if progress:
                progress.update(part.total.commits)
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
        self.start = self.last = time.monotonic()

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

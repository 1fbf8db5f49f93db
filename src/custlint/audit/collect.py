"""Read history once and judge every commit: chunks of ``git log -z`` output, judged in worker
processes (:mod:`custlint.audit.workers`; or in this one), added up into small tallies.

The main process only reads git's output, cuts it into chunks at record boundaries
(:mod:`custlint.sources.git_log`), marks each record's range and release (:class:`Annotator`) and
merges what the workers (:mod:`custlint.audit.worker`) send back; at most ``2 * jobs + 1`` chunks
are in flight, so memory stays flat however long the history is.
"""

from __future__ import annotations

import gc
import os
from array import array
from dataclasses import dataclass, field

from custlint.audit import leadtime
from custlint.audit.reorder import Reorder, pieces
from custlint.audit.tally import Partial, Tally
from custlint.audit.worker import SKIP, UNRELEASED, first_verdicts, judge_chunk
from custlint.audit.workers import Workers
from custlint.sources import git_log


@dataclass
class Audit:
    """The whole audit, merged from partials in the main process."""

    range: str
    releases: list = field(default_factory=list)
    acc: Partial = field(default_factory=Partial)
    rules: list = field(default_factory=list)  # the commit rules, in verdict bit order (audit/verdict.py)

    def add(self, part: Partial) -> None:
        self.acc.merge(part)

    @property
    def commits(self) -> int:
        return self.acc.total.commits

    def to_json(self, by: str = "author", unit: str | None = None, forge=None) -> dict:
        from custlint.audit import items, periods, rule_table

        acc = self.acc
        months = sorted(set(acc.periods) | set(acc.lead) | set(acc.unreleased) | set(acc.done))
        unit = periods.pick(months, unit, {m: t.checked for m, t in acc.periods.items()})
        labels = periods.span(months[0], months[-1], unit) if months else []
        out = {"range": self.range, **acc.total.to_dict(), "period": unit}
        per: dict[str, Tally] = {p: Tally() for p in labels}
        per_rules: dict[str, list[int]] = {}
        for m, t in acc.periods.items():
            per[periods.of(m, unit)].merge(t)
        for m, row in acc.rules.items():
            cur = per_rules.setdefault(periods.of(m, unit), [0] * len(row))
            for i, n in enumerate(row):
                cur[i] += n
        out["periods"] = [
            {"period": p, **per[p].to_dict(), "rules": rule_table.period_counts(per_rules.get(p), self.rules)}
            for p in labels
        ]
        out["rules"] = rule_table.rows(acc.rules, self.rules, acc.total.checked)
        out["authors"] = _rows(acc.authors if by in ("path", "team") else acc.groups, "author")
        if by == "path":
            out["paths"] = _rows(acc.groups, "path")
        elif by == "team":
            out["teams"] = _rows(acc.groups, "team")
        out["lead_time"] = self._lead_json(unit, labels) if self.releases else None
        out["items"] = items.to_json(acc.items, self.rules, forge)
        if forge is not None:
            out["forge"] = forge.to_json()
        return out

    def _lead_json(self, unit: str, labels: list[str]) -> dict:
        from custlint.audit import periods as P

        acc = self.acc
        all_lead = array("f")
        lead: dict[str, array] = {}
        unrel: dict[str, int] = {}
        done: dict[str, list] = {}
        for m, a in acc.lead.items():
            lead.setdefault(P.of(m, unit), array("f")).extend(a)
        for m, n in acc.unreleased.items():
            unrel[P.of(m, unit)] = unrel.get(P.of(m, unit), 0) + n
        for m, row in acc.done.items():
            cur = done.setdefault(P.of(m, unit), [0, 0, 0, array("f")])
            for i in range(3):
                cur[i] += row[i]
            cur[3].extend(row[3])
        periods = []
        for m in labels:
            a = lead.get(m, array("f"))
            all_lead.extend(a)
            d = done.get(m)
            periods.append(
                {
                    "period": m,
                    **leadtime.summary(a),
                    "unreleased": unrel.get(m, 0),
                    "done_claims": d[0] if d else 0,
                    "done_before_production": d[1] if d else 0,
                    "done_unreleased": d[2] if d else 0,
                }
            )
        lags = array("f")
        claims = before = unrel_done = 0
        for d in done.values():
            claims += d[0]
            before += d[1]
            unrel_done += d[2]
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
                "claims": claims,
                "before_production": before,
                "unreleased": unrel_done,
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

    def __init__(
        self,
        tips: list[str] | None,
        own: dict[str, int],
        until: float | None,
        release_of: dict[bytes, int] | None = None,
    ) -> None:
        self.inside = None if tips is None else {t.encode() for t in tips}
        self.own = {k.encode(): v for k, v in own.items()}
        self.pending: dict[bytes, int] = {}
        self.until = until
        self.release_of = release_of
        self.count = 0

    def complete(self) -> bool:
        """Every commit was seen after its children: nothing carried to a parent is left over. In a walk
        of a whole history (every parent walked) a leftover is a parent passed before a child."""
        return not self.pending and not self.inside

    def marks(self, recs: list[bytes], by: str, heads: list[tuple] | None = None) -> bytes:
        """The records' marks, in their order; ``heads``: their :func:`git_log.head`, where read already."""
        out = array("i")
        mark = out.append
        inside, own, pending, until = self.inside, self.own, self.pending, self.until
        release_of = self.release_of
        unhex = bytes.fromhex
        count = 0
        if heads is None:
            heads = git_log.heads(recs, by in ("path", "team"))
        for sha, parents, stamp in heads:
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
                if sha in own:  # a release's own commit
                    mine = own[sha]
                    if best is None or mine < best:
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
                count += 1
                mark(r)
            else:
                mark(SKIP)
        self.count += count
        return out.tobytes()


def auto_jobs() -> int:
    """Worker processes worth starting: one per core on a multi-core machine, none on one core.
    Measured on 2 cores (bench/README.md): 2 workers beat judging in the main process by 20-40%,
    because the main process then only reads git's output and merges small tallies."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:
        n = os.cpu_count() or 1
    return 0 if n < 2 else min(n, 8)


# tasks given to each worker and not answered before the audit waits for an answer (the one it works on and
# the next), and tasks given and not taken at most (answers kept while an older task is judged)
_QUEUED, _MAX_PENDING = 2, 8


def run(
    repo, audit: Audit, proc, annotator: Annotator, *, by: str, jobs: int, progress=None, reorder: bool = False
) -> Audit:
    """Stream the history git (:func:`custlint.sources.git_log.start`) prints through ``jobs`` workers (0: in this
    process) into ``audit``; with ``reorder``, git's own order put right first (:mod:`.reorder`)."""
    from custlint.errors import UserError

    out = proc.proc.stdout
    pool: Workers | None = None
    # what is alive now (the modules, the rules, their compiled patterns) lives until the audit ends: the
    # collector leaves it out while the audit runs, in this process and in the workers forked from it
    # (a full collection walked all of it, in each process, a few times an audit, and a forked worker
    # copied every page it touched). A process that froze objects of its own is left as it froze them.
    frozen = gc.get_freeze_count() == 0
    if frozen:
        gc.freeze()
    try:
        if jobs > 0 and hasattr(os, "fork"):
            # the workers close their copies of git's pipes (forked after git started), which are ours
            pool = Workers(jobs, tuple(s.fileno() for s in (out, proc.proc.stderr) if s is not None))
    except BaseException:
        if frozen:
            gc.unfreeze()
        git_log.stop(proc)
        raise

    def take(part: Partial) -> None:
        audit.add(part)
        if progress:
            progress.update(part.total.commits)

    # the first window's verdicts, by SHA: while it fills (nothing can be marked yet, so nothing sent to be
    # added up) the workers judge its chunks all the same (first_verdicts), rather than wait
    early: dict[bytes, int] = {}
    early_tasks = [0]  # first_verdicts tasks given and not taken (the oldest tasks of the workers')

    def take_next() -> None:
        """The oldest task's result: a first_verdicts task's (the oldest tasks, while any is left), or a part."""
        assert pool is not None
        if early_tasks[0]:
            early.update(pool.take())
            early_tasks[0] -= 1
        else:
            take(pool.take())

    def send(chunk: bytes, recs: list[bytes] | None, heads: list[tuple] | None = None) -> None:
        ann = annotator.marks(recs or [], by, heads)
        if pool is None:
            take(judge_chunk(chunk, ann))
            return
        pre = b""
        if heads is not None and (early or early_tasks[0]):
            # the verdicts of these records judged ahead: taken (in order) until each is in, or none is left
            while early_tasks[0] and not all(h[0] in early for h in heads):
                take_next()
            pre = array("q", [early.pop(h[0], -1) for h in heads]).tobytes()
        pool.submit(judge_chunk, (chunk, ann, pre))
        # the results in, in order, as far as they have come; then, while every worker has its next task
        # waiting, until any worker answers (not the oldest task: a worker done with its tasks would wait
        # behind a longer one), within a bound of tasks not taken
        while pool.oldest_ready():
            take_next()
        while pool.pending() > _MAX_PENDING * jobs:
            take_next()
        while pool.saturated(_QUEUED):
            pool.wait()
            while pool.oldest_ready():
                take_next()

    try:
        names = by in ("path", "team")
        window = Reorder() if reorder else None
        filling = window is not None and pool is not None
        for chunk in git_log.chunks(out, names):
            recs = git_log.records(chunk, names)
            if window is None:
                send(chunk, recs)
                continue
            let, heads = window.add(recs)
            if filling and pool is not None:
                if not let:
                    pool.submit(first_verdicts, (chunk,))
                    early_tasks[0] += 1
                    continue
                filling = False
            for piece in pieces(let, heads):
                send(*piece)
        if window is not None:
            for piece in pieces(*window.flush()):
                send(*piece)
        while pool is not None and pool.pending():
            take_next()
    finally:
        if pool is not None:
            pool.terminate()
        if frozen:
            gc.unfreeze()
        out.close()
        code = proc.proc.wait()
        err = proc.proc.stderr.read().decode("utf-8", "replace").strip() if proc.proc.stderr else ""
    if code and err:
        raise UserError(f"git log failed: {err.splitlines()[-1]}")
    return audit

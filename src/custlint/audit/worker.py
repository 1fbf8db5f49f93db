"""Judging one chunk of the audit's ``git log`` output, in a worker process (or in the main one
with ``--jobs 0``): every commit of the chunk through :meth:`Engine.principles`, added up into a
:class:`~custlint.audit.tally.Partial` for the main process to merge.
"""

from __future__ import annotations

import binascii
import time
from array import array

from custlint.analysis.done import find_done_claims
from custlint.analysis.exemptions import is_bot
from custlint.audit import cache, items
from custlint.audit.tally import Partial, Tally
from custlint.engine.findings import PRINCIPLES
from custlint.sources import git_log

_MARKS_DONE = ("closing", "transition")  # a commit marks work done: closing keywords, smart-commit transitions

SKIP, UNRELEASED = -2, -1  # record annotations besides a release index
# a worker keeps the results of messages up to _SAME_MAX bytes for a repeat, _SAME_BYTES of them at most
_SAME_MAX, _SAME_BYTES = 4096, 4 << 20
_IDENTS_MAX = 20_000  # authors a worker keeps decoded

# set in the parent before workers fork (they inherit it), or used in-process with jobs=0
_STATE: dict = {}


def set_state(engine, by: str, release_times: list[float], table=None, owners=None) -> None:
    """What the workers read: the engine, the grouping, release times, the result cache (or None),
    the CODEOWNERS rules for ``by="team"`` (:class:`custlint.audit.owners.Owners`)."""
    from custlint.audit.verdict import commit_rules, rule_bits

    _STATE.clear()  # and with it the results of messages seen under the last engine
    bits = rule_bits(engine)
    _STATE.update(
        engine=engine,
        by=by,
        release_times=release_times,
        cache=table if bits is not None else None,  # too many rules for a verdict's bits: no cache
        bits=bits or {},
        n_rules=len(commit_rules(engine)) if bits is not None else 0,
        owners=owners,
    )


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


def first_verdicts(chunk: bytes) -> dict[bytes, int]:
    """The verdicts of ``chunk``'s commits by SHA, judged before their marks are known: the audit's
    first window, judged while it fills (:func:`custlint.audit.collect.run`); -1 for a commit the
    result cache holds. :func:`judge_chunk` is then given them (``pre``) and judges none again."""
    verdicts: dict[bytes, int] = {}
    judge_chunk(chunk, b"", verdicts=verdicts)
    return verdicts


def judge_chunk(chunk: bytes, ann: bytes, pre: bytes = b"", verdicts: dict[bytes, int] | None = None) -> Partial:
    """Judge every commit record in ``chunk`` (``ann``: SKIP, UNRELEASED or a release index each).

    A commit the result cache (:mod:`custlint.audit.cache`) holds is not judged again; the
    results of the others go back to the main process in ``Partial.fresh`` to be cached. The
    commits behind the numbers (:mod:`custlint.audit.items`) are kept a few at a time: only a
    commit that makes one of those short lists has its subject decoded. ``pre``: the verdicts of
    the records, in their order, that :func:`first_verdicts` gave (-1: none), used as judged here.
    With ``verdicts``, only the verdicts of the commits are worked out, into it, by SHA (-1 for those
    the cache holds; nothing is added up), and an empty ``ann`` marks every record UNRELEASED.
    """
    from custlint.analysis.analyzer import analyze
    from custlint.audit.verdict import judge

    engine = _STATE["engine"]
    by = _STATE["by"]
    rel_times = _STATE["release_times"]
    table = _STATE.get("cache")  # a cache.Table, or None: no cache
    bits = _STATE["bits"]
    owners = _STATE.get("owners")
    settings = engine.settings
    marks = array("i")
    marks.frombytes(ann)
    part = Partial()
    lead, unreleased, done = part.lead, part.unreleased, part.done
    fresh = part.fresh
    keep = items.Keeper(part.items, _STATE.setdefault("best", {}))
    # what a row must beat: the keeper's beat(kind), kept up to date from what keep.add returns
    beat_unlinked, beat_remedy = keep.beat("unlinked"), keep.beat("remediation")
    beat_lags, beat_unreleased = keep.beat("lags"), keep.beat("unreleased_done")
    # (month, group, verdict) -> commits: added to the tallies once per chunk, not per commit
    counts: dict[tuple, int] = {}
    months: dict[float, str] = {}  # day -> month
    names = by in ("path", "team")
    groups_of = _tops if by == "path" else (owners.teams if owners is not None else None)
    get = table.get if table is not None else None
    unhex = binascii.unhexlify
    EXEMPT, DONE_KNOWN, DONE = cache.EXEMPT, cache.DONE_KNOWN, cache.DONE
    NOT_LINKED, NO_REMEDY = 1 << PRINCIPLES.index("customer-problem"), 1 << PRINCIPLES.index("customer-remediation")
    seen: dict[bytes, int] = _STATE.setdefault("seen", {})  # message -> result, for this process's chunks
    seen_bytes = _STATE.get("seen_bytes", 0)
    bots = engine.bots
    # (author, e-mail) bytes -> (name, e-mail, a bot's): decoded and looked up once per author, per process
    idents: dict[tuple, tuple] = _STATE.setdefault("idents", {})
    fields, document = git_log.fields, git_log.document
    given = None
    if pre:
        given = array("q")
        given.frombytes(pre)
    recs = git_log.records(chunk, names)
    if verdicts is not None and not ann:
        marks = array("i", [UNRELEASED]) * len(recs)
    for i, (rec, mark) in enumerate(zip(recs, marks, strict=True)):
        if mark == SKIP:
            continue
        # the dates and the message are cut apart, and anything decoded, only for a commit that is judged
        if names:
            sha, parents, stamp, author, email, mapped, mapped_email, rest, files = fields(rec, names)
            tops = groups_of(files) if groups_of is not None else ()
        else:  # fields(rec, False), without a call per commit: a record's first newline is git's, then US-separated
            if rec[0] == 10:
                rec = rec[1:]
            sha, parents, stamp, author, email, mapped, mapped_email, rest = rec.split(b"\x1f", 7)
            tops = ()
        merge = b" " in parents.strip()
        need_done = not merge and bool(rel_times)  # merges carry no change of their own
        v = -1
        key = None
        if get is not None:
            try:
                key = unhex(sha)[: cache.KEY]
            except (binascii.Error, ValueError):
                key = None
            if key is not None and len(key) == cache.KEY:
                v = get(key)
                if v >= 0 and need_done and not v & DONE_KNOWN:
                    v = -1  # judged before without releases: the done claim was not looked up
            else:
                key = None
        judged = v < 0  # not in the result cache: judged here (or the same message's result reused)
        if judged and given is not None:
            v = given[i]  # judged while the audit's first window filled
        if v < 0:
            _, _, message = rest.split(b"\x1f", 2)  # git_log.details(rest): the dates, the message
            ident = idents.get((author, email))
            if ident is None:
                if len(idents) >= _IDENTS_MAX:
                    idents.clear()
                name, mail = git_log.text(author), git_log.text(email)
                ident = idents[(author, email)] = (name, mail, is_bot(name, mail, bots))
            name, mail, bot = ident
            # a message judged before gives the same result: the judgement of a commit that is neither a
            # merge nor a bot's (exempt whatever it says) reads nothing of it but its message
            same = message if (len(message) <= _SAME_MAX and not merge and not bot) else None
            if same is not None:
                v = seen.get(same, -1)
        if v < 0:
            doc = document(sha, parents, name, mail, rest)  # to_document(raw_commit(...))
            verdict, why = judge(engine, doc, bits)
            v = verdict | (EXEMPT if why is not None else 0)
            if need_done:
                v |= DONE_KNOWN
                # the same claims the DP rules judge (memoised on the analysis, so found once per commit);
                # the analysis judge made, without a call to analyze(doc, settings) when there is one
                a = doc._analysis
                if a is None or a.settings is not settings:
                    a = analyze(doc, settings)
                for claim in a.memo("done_claims", find_done_claims):
                    if claim.kind in _MARKS_DONE:  # any(...), without a generator per commit
                        v |= DONE
                        break
            doc._analysis = None  # the document and its analysis refer to each other: freed now, not by the collector
            if same is not None:
                seen_bytes += len(same) + 64  # the key, and about what the dict keeps for it
                if seen_bytes > _SAME_BYTES:
                    seen.clear()
                    seen_bytes = len(same) + 64
                seen[same] = v
        if verdicts is not None:
            verdicts[sha] = v if judged else -1  # (-1: the cache's, read again when it is added up)
            continue
        if judged and key is not None:
            fresh += key
            fresh += v.to_bytes(cache.VB, "little")
        ts = float(stamp) if stamp.isdigit() else 0.0
        day = ts // 86400
        month = months.get(day)
        if month is None:
            month = months[day] = _month(ts)
        who = mapped or mapped_email or author or email
        k = (month, who, tops, v & ~(DONE_KNOWN | DONE))
        counts[k] = counts.get(k, 0) + 1
        # git prints newest first: once a list is full, an older commit fails one comparison
        if v & NOT_LINKED and ts >= beat_unlinked and not v & EXEMPT:
            beat_unlinked = keep.add("unlinked", ts, sha, ts, who, rest, v)
        if v & NO_REMEDY and ts >= beat_remedy and not v & EXEMPT:
            beat_remedy = keep.add("remediation", ts, sha, ts, who, rest, v)
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
                if ts >= beat_unreleased:  # keep.wants("unreleased_done", ts)
                    beat_unreleased = keep.add("unreleased_done", ts, sha, ts, who, rest, v)
            elif hours > 0:
                d[1] += 1
                d[3].append(hours)
                if hours >= beat_lags:  # keep.wants("lags", hours)
                    beat_lags = keep.add("lags", hours, sha, ts, who, rest, v, hours)
    _STATE["seen_bytes"] = seen_bytes
    keep.finish()
    _add_counts(part, counts, _STATE["n_rules"], groups_of is not None)
    part.peak_kb = _peak_kb()
    return part


def _tops(files: list[bytes]) -> tuple[str, ...]:
    return tuple(sorted({_top(git_log.text(f)) for f in files}))


def _add_counts(part: Partial, counts: dict, n_rules: int, grouped: bool) -> None:
    """The chunk's ``(month, author bytes, groups, verdict) -> commits`` into the tallies: groups
    are top-level paths or teams (``by="path"``, ``"team"``), else the author is the group.

    The keys are folded first into ``(month, verdict)`` (the total, the periods and the rules) and
    ``(author, groups, verdict)`` (the groups and authors), each in the order of first appearance,
    so every tally is added to once per distinct pair and every dict fills in the same order as
    one pass over ``counts`` would: the sums are the same, and so is every dict's order."""
    by_month: dict[tuple, int] = {}
    by_who: dict[tuple, int] = {}
    for (month, who, tops, em), n in counts.items():
        km = (month, em)
        by_month[km] = by_month.get(km, 0) + n
        kw = (who, tops, em)
        by_who[kw] = by_who.get(kw, 0) + n
    periods, total, rules = part.periods, part.total, part.rules
    shift, exempt_bit, mask_bits = cache.RULE_SHIFT, cache.EXEMPT, cache.MASK
    for (month, em), n in by_month.items():
        exempt, mask = bool(em & exempt_bit), em & mask_bits
        total.add(exempt, mask, n)
        t = periods.get(month)
        if t is None:
            t = periods[month] = Tally()
        t.add(exempt, mask, n)
        r = em >> shift
        if r and not exempt:
            row = rules.get(month)
            if row is None:
                row = rules[month] = [0] * n_rules
            while r:  # the set bits only, lowest first: bit i is rule i
                low = r & -r
                i = low.bit_length() - 1
                if i < n_rules:
                    row[i] += n
                r ^= low
    groups, authors = part.groups, part.authors
    names: dict[bytes, str] = _STATE.setdefault("names", {})  # author bytes -> the row's name, per process
    if len(names) > 100_000:
        names.clear()
    for (who, tops, em), n in by_who.items():
        exempt, mask = bool(em & exempt_bit), em & mask_bits
        name = names.get(who)
        if name is None:
            name = names[who] = person(who)
        for g in tops if grouped else (name,):
            t = groups.get(g)
            if t is None:
                t = groups[g] = Tally()
            t.add(exempt, mask, n)
        if grouped:
            t = authors.get(name)
            if t is None:
                t = authors[name] = Tally()
            t.add(exempt, mask, n)


def person(who: bytes) -> str:
    """A (mailmapped) author as one row: decoded, Unicode NFC (a name typed on two systems is one
    person), "(unknown)" when git has none."""
    import unicodedata

    return unicodedata.normalize("NFC", who.decode("utf-8", "replace")) or "(unknown)"


def _peak_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except (ImportError, OSError):  # pragma: no cover - no resource module on Windows
        return 0

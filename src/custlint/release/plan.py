"""The release plan: for each ticket the release's commits reference, close, comment or none.

The tickets are the ones the commits of ``since..REV`` reference, read exactly as the link rules
read references (the analysis of each commit: keys, ``#N``, ``owner/repo#N``, issue URLs, the
squash-merge PR number left out), plus the tickets whose own ``commits`` list holds one of them.
A ticket's commits are the ones it lists, else every commit on any branch that references it
(:func:`custlint.analysis.evidence.find_referencing_commits`, the TK301 reading) and the release's
own. Which of them REV contains is one ``git rev-list`` walk for all tickets.

- all in REV, ticket open: **close**;
- all in REV, ticket already done: **comment** that it has now reached production, with the lag;
- only some in REV: **comment** how many, never close;
- no commits found, a listed commit missing, or not in the ticket source: **none**, said as unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from custlint.document.ticket import Ticket, parse_time, ref_ticket_id

CLOSE, COMMENT, NONE = "close", "comment", "none"


@dataclass
class TicketPlan:
    id: str
    action: str
    reason: str
    kind: str = ""  # close | partial | reached | released-already | unknown | not-in-source | not-planned
    ticket: Ticket | None = None
    commits: list[str] = field(default_factory=list)  # full SHAs
    in_production: list[str] = field(default_factory=list)
    lag_hours: float | None = None
    result: str = "planned"  # what happened: planned, done, already, failed, not attempted, dry run
    detail: str = ""  # the front matter change, the comment posted, the error

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "action": self.action,
            "commits": len(self.commits),
            "in_production": len(self.in_production),
            "reason": self.reason,
            "result": self.result,
            **({"detail": self.detail} if self.detail else {}),
        }


def referenced_ids(range_commits: list, settings, repo_name: str) -> dict[str, list[str]]:
    """ticket id -> SHAs of the release's commits that reference it, as the link rules read them."""
    from custlint.analysis.analyzer import analyze
    from custlint.sources.git_history import to_document

    out: dict[str, list[str]] = {}
    for c in range_commits:
        if len(c.parents) > 1:
            continue  # "Merge pull request #12" names the PR; the merged commits carry the references
        msg = c.message
        if "-" not in msg and "#" not in msg and "/" not in msg:
            continue
        seen = set()
        for ref in analyze(to_document(c), settings).refs:
            tid = ref_ticket_id(ref, repo_name)
            if tid and tid not in seen:
                seen.add(tid)
                out.setdefault(tid, []).append(c.sha)
    return out


def build(
    tickets: list[Ticket], range_commits: list, repo, cfg, settings, release, gh_repo: str = ""
) -> list[TicketPlan]:
    from custlint.analysis.evidence import Point, containment, find_referencing_commits, resolve_commits
    from custlint.document.ticket import done_statuses, norm_status, tickets_repo
    from custlint.sources.git import Git

    repo_name = gh_repo or tickets_repo(cfg)
    in_range = {c.sha for c in range_commits}
    by_id = {t.id: t for t in tickets}
    # only ids the source would hold count, as for the link rules (ticket_links.Index.covers):
    # "#7" is no ticket of a Jira backlog, "OPS-3" none of a SHOP project
    from custlint.analysis.ticket_links import Index

    index = Index.of(dict.fromkeys(by_id, {}))
    refs = {tid: shas for tid, shas in referenced_ids(range_commits, settings, repo_name).items() if index.covers(tid)}
    git = Git(repo)
    listed = resolve_commits(git, [c for t in tickets for c in t.commits])
    touched: list[str] = list(refs)
    for t in tickets:
        if t.id not in refs and any(listed.get(c) in in_range for c in t.commits):
            touched.append(t.id)
    need_log = {tid for tid in touched if tid in by_id and not by_id[tid].commits}
    everywhere = find_referencing_commits(repo, need_log, settings, repo_name) if need_log else {}
    commits_of: dict[str, list[str]] = {}
    plans: dict[str, TicketPlan] = {}
    for tid in touched:
        found = by_id.get(tid)
        if found is None:
            plans[tid] = TicketPlan(
                tid, NONE, "not in the ticket source: unknown, so nothing is closed", "not-in-source"
            )
            plans[tid].commits = plans[tid].in_production = list(refs.get(tid, []))
            continue
        t = found
        if t.commits:
            missing = [c for c in t.commits if listed.get(c) is None]
            if missing:
                plans[tid] = TicketPlan(
                    tid,
                    NONE,
                    f"its listed commit{'s' if len(missing) > 1 else ''} {', '.join(missing[:5])} "
                    f"{'are' if len(missing) > 1 else 'is'} not in this repository: unknown, so it is not closed",
                    "unknown",
                    t,
                )
                continue
            cs = list(dict.fromkeys(sha for c in t.commits if (sha := listed.get(c))))
        else:
            cs = list(dict.fromkeys([sha for sha, _ in everywhere.get(tid, [])] + refs.get(tid, [])))
        if not cs:
            plans[tid] = TicketPlan(tid, NONE, "no commits found for it: unknown, so it is not closed", "unknown", t)
            continue
        commits_of[tid] = cs
    wanted = {c for cs in commits_of.values() for c in cs}
    masks = containment(git, [Point("REV", release.sha, release.time)], wanted - in_range)
    done_list = done_statuses(cfg)
    released_at = parse_time(release.time)
    for tid, cs in commits_of.items():
        t = by_id[tid]
        prod = [c for c in cs if c in in_range or masks.get(c, 0)]
        p = TicketPlan(tid, NONE, "", "", t, cs, prod)
        plans[tid] = p
        n = len(cs)
        if "not planned" in norm_status(t.status):
            p.kind, p.reason = "not-planned", "it was closed as not planned; left as it is"
        elif t.released and t.released == release.name:
            p.kind, p.reason = "released-already", f"it already records release {release.name}"
        elif len(prod) < n:
            p.action, p.kind = COMMENT, "partial"
            p.reason = f"{len(prod)} of {n} commits {'is' if len(prod) == 1 else 'are'} in production; it stays open until the rest ship"
        elif t.is_done(done_list):
            p.action, p.kind = COMMENT, "reached"
            done = parse_time(t.done_at) if t.done_at else None
            if done is not None and released_at is not None and released_at > done:
                p.lag_hours = round((released_at - done).total_seconds() / 3600, 2)
                p.reason = f"it was marked done {lag_words(p.lag_hours)} before it reached production"
            else:
                p.reason = "it was already marked done; it has now reached production"
        else:
            p.action, p.kind = CLOSE, "close"
            p.reason = f"all {n} of its commits are in production" if n != 1 else "its one commit is in production"
    return [plans[tid] for tid in sorted(plans, key=_order)]


def _order(tid: str) -> tuple:
    head, _, num = tid.lstrip("#").rpartition("-")
    return (head, int(num) if num.isdigit() else 0, tid) if head else ("", int(num) if num.isdigit() else 0, tid)


def lag_words(hours: float) -> str:
    if hours >= 48:
        return f"{hours / 24:.0f} days"
    if hours >= 1:
        return f"{hours:.0f} hour{'s' if round(hours) != 1 else ''}"
    return f"{max(1, round(hours * 60))} minutes"

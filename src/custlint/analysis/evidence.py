"""Production evidence for tickets marked done: deployed, not deployed, or unknown.

A done ticket's commits are the ones its front matter lists, else the ones
whose messages reference its id, found for all tickets at once with ONE
streaming ``git log --all``. Production points are the release tags that match
the production pattern, the ticket's own ``released`` tag or deployment, and
production records of a JSON-lines deployment log (or live GitHub
deployments). Which points contain which commits is worked out with ONE
``git rev-list --topo-order --parents`` walk from all points together: each
commit's set of containing points (a bit mask) flows from children to parents.
Unknown is never a pass: no commits found, a listed commit or a ``released`` tag
missing from the repository, or no production evidence at all.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from custlint.document.deployment import Deployment
from custlint.document.ticket import SourceError, Ticket, parse_time, ref_ticket_id, tickets_repo
from custlint.sources.deploy_log import read_deploy_log  # noqa: F401 - read from here too
from custlint.sources.git import Git, GitFailed

DEPLOYED, NOT_DEPLOYED, UNKNOWN = "deployed", "not deployed", "unknown"


@dataclass
class Verdict:
    state: str
    reason: str = ""  # why, in one sentence, for the finding
    commits: list[str] = field(default_factory=list)  # full SHAs judged
    missing: list[str] = field(default_factory=list)  # commits in no production point
    evidence: str = ""  # "tag v1.4.0 (2026-01-10T12:00:00Z)"
    time: str = ""  # when that production point was made (ISO 8601), for deployed tickets
    warnings: list[str] = field(default_factory=list)  # bad input about this ticket, said on stderr


@dataclass
class Point:
    """A place code reaches production: a release tag or a production deployment."""

    name: str  # "tag v1.4.0", "deployment 42"
    sha: str
    time: str  # ISO 8601
    key: str = ""  # the tag name or deployment id, for `released`


@dataclass
class Settings:
    tag_patterns: tuple[str, ...] = ("v*",)
    environments: tuple[str, ...] = ("production",)
    deploy_log: str = ""

    @classmethod
    def from_config(cls, config) -> Settings:
        prod = config.production
        log = prod.deploy_log
        if log and not Path(log).is_absolute():
            log = str(Path(config.root) / log)
        return cls(prod.release_tags, tuple(e.lower() for e in prod.environments), log)


def _text(git: Git, *args: str, input: str | None = None) -> str:
    """git's output (:meth:`custlint.sources.git.Git.run`); a failure is the ticket source's error."""
    try:
        return git.run(*args, input=input, errors="replace")
    except GitFailed as exc:
        raise SourceError(f"git {args[0]} failed: {exc}") from None


def resolve_commits(git: Git, revs: Iterable[str]) -> dict[str, str | None]:
    """Each revision (full or abbreviated SHA, tag) -> full commit SHA or None, with one ``git cat-file``."""
    revs = list(dict.fromkeys(r for r in revs if r))
    if not revs:
        return {}
    safe = [r if not r.startswith("-") and "\n" not in r else "-invalid-" for r in revs]
    out = _text(
        git, "cat-file", "--batch-check=%(objectname) %(objecttype)", input="".join(f"{r}^{{commit}}\n" for r in safe)
    )
    result: dict[str, str | None] = {}
    lines = out.splitlines()
    for rev, line in zip(revs, lines, strict=False):  # git answers one line per rev; a short answer leaves revs out
        parts = line.split()
        result[rev] = parts[0] if len(parts) == 2 and parts[1] == "commit" else None
    return result


def list_tags(git: Git) -> dict[str, tuple[str, str]]:
    """tag name -> (commit SHA, date) for every tag that points at a commit."""
    fmt = "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objecttype)%00%(*objectname)%00%(creatordate:iso-strict)"
    tags: dict[str, tuple[str, str]] = {}
    for line in _text(git, "for-each-ref", f"--format={fmt}", "refs/tags").splitlines():
        name, otype, oid, ptype, pid, date = (line.split("\x00") + [""] * 6)[:6]
        if otype == "commit":
            tags[name] = (oid, _utc(date))
        elif ptype == "commit":
            tags[name] = (pid, _utc(date))
    return tags


def _utc(text: str) -> str:
    from custlint.sources.tickets.files import iso

    return iso(text) if text else ""


def find_referencing_commits(repo, ids: set[str], settings, gh_repo: str = "") -> dict[str, list[tuple[str, str]]]:
    """ticket id -> [(sha, committed date)] of every non-merge commit on any ref whose message names it.
    One streaming ``git log --all`` for all tickets."""
    from custlint.document.refs import find_refs
    from custlint.sources.git_history import stream

    found: dict[str, list[tuple[str, str]]] = {}
    if not ids:
        return found
    projects = tuple(settings.projects) if settings is not None else ()
    if not projects:  # the tickets are known: their keys are references wherever a message names them
        projects = tuple(sorted({i.rsplit("-", 1)[0] for i in ids if "-" in i and i[:1].isalpha()}))
    not_keys = tuple(settings.not_keys) if settings is not None else ()
    for c in stream(repo, "--all"):
        if len(c.parents) > 1:
            continue  # "Merge pull request #12" names the PR; the merged commits carry the references
        msg = c.message
        if "-" not in msg and "#" not in msg and "/" not in msg:
            continue
        hit = set()
        for ref in find_refs(msg, projects=projects, not_keys=not_keys):
            tid = ref_ticket_id(ref, gh_repo)
            if tid in ids and tid not in hit:
                hit.add(tid)
                found.setdefault(tid, []).append((c.sha, c.committed))
    return found


def containment(git: Git, points: list[Point], wanted: set[str]) -> dict[str, int]:
    """For each wanted commit, the bit mask of ``points`` (by index) whose commit contains it.

    One ``git rev-list --topo-order --parents`` over all points: topo order lists every commit after
    all of its children, so a commit's mask is complete when it is read and flows on to its parents."""
    if not points or not wanted:
        return {}
    own: dict[str, int] = {}
    for i, p in enumerate(points):
        own[p.sha] = own.get(p.sha, 0) | (1 << i)
    proc = git.start("rev-list", "--topo-order", "--parents", "--stdin", stdin=True)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write("".join(f"{sha}\n" for sha in own).encode())
    proc.stdin.close()
    flowing: dict[str, int] = {}
    result: dict[str, int] = {}
    for raw in proc.stdout:
        parts = raw.split()
        if not parts:
            continue
        sha = parts[0].decode()
        mask = flowing.pop(sha, 0) | own.get(sha, 0)
        if sha in wanted:
            result[sha] = mask
        for parent in parts[1:]:
            p = parent.decode()
            flowing[p] = flowing.get(p, 0) | mask
    err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
    if proc.wait():
        raise SourceError(f"git rev-list failed: {err.splitlines()[-1] if err else 'unknown error'}")
    return result


def _short(sha: str) -> str:
    return sha[:10]


def _days_since(iso_time: str, now: _dt.datetime) -> str:
    t = parse_time(iso_time)
    if t is None:
        return ""
    days = (now - t).days
    return f", {days} day{'s' if days != 1 else ''} ago" if days >= 0 else ""


def since(t: Ticket, now: _dt.datetime | None = None) -> str:
    now = now or _dt.datetime.now(_dt.timezone.utc)
    if t.done_at:
        return f"marked done since {t.done_at}{_days_since(t.done_at, now)}"
    changed = t.extra.get("file_changed")
    if changed:
        return f"marked done (its file last changed {changed}{_days_since(changed, now)}, per git)"
    return "marked done (date unknown)"


def judge(
    tickets: list[Ticket],
    repo,
    config,
    *,
    analysis_settings=None,
    deployments: list[Deployment] | None = None,
    deploy_problems: list[str] | None = None,
    source_errors: list[str] | None = None,
    gh_repo: str = "",
) -> dict[str, Verdict]:
    """A verdict for every ticket in ``tickets`` (the done ones), from one git log and one rev-list walk."""
    if not tickets:
        return {}
    if repo is None:
        return {
            t.id: Verdict(
                UNKNOWN,
                "there is no git repository to look for its commits in; run custlint inside "
                "the repository or pass --git DIR",
            )
            for t in tickets
        }
    from custlint.sources.git import is_shallow
    from custlint.sources.git_history import FETCH_HINT, has_commits

    if not has_commits(repo):
        return {t.id: Verdict(UNKNOWN, "the repository has no commits yet") for t in tickets}
    s = Settings.from_config(config)
    git = Git(repo)
    shallow = is_shallow(repo)
    hint = f" (this clone is shallow; {FETCH_HINT})" if shallow else ""

    # 1. every tag, and the production ones
    tags = list_tags(git)
    points: list[Point] = [
        Point(f"tag {name}", sha, date, name)
        for name, (sha, date) in tags.items()
        if any(fnmatch.fnmatchcase(name, p) for p in s.tag_patterns)
    ]
    # 2. production deployments: the log, and live ones handed in by the source
    records = list(deployments or [])
    if s.deploy_log:
        try:
            logged, bad = read_deploy_log(s.deploy_log)
        except SourceError as exc:  # judge on the other evidence; the caller exits 2
            if source_errors is None:
                raise
            source_errors.append(str(exc))
            logged, bad = [], []
        records += logged
        if deploy_problems is not None:
            deploy_problems.extend(bad)
    prod = [d for d in records if d.environment.lower() in s.environments]
    resolved = resolve_commits(git, [d.sha for d in prod] + [c for t in tickets for c in t.commits])
    by_deploy_id: dict[str, Point] = {}
    first_of: dict[str, Point] = {}  # a SHA deployed again adds nothing: keep its first deployment
    for d in sorted(prod, key=lambda d: d.time or "9999"):
        sha = resolved.get(d.sha)
        if sha is None:
            if deploy_problems is not None:
                deploy_problems.append(
                    f"deployment {d.id or d.sha[:10]} ({d.environment}, {d.time}): commit {d.sha[:10]} "
                    f"is not in this repository{hint}"
                )
            continue
        pt = first_of.get(sha)
        if pt is None:
            pt = first_of[sha] = Point(
                f"{d.environment} deployment{' ' + d.id if d.id else ''} of {sha[:10]}", sha, d.time, d.id
            )
            points.append(pt)
        if d.id:
            by_deploy_id[d.id] = pt
    # 3. the tickets' own `released` tags or deployments (any tag name, not only production ones)
    released: dict[str, Point | None] = {}
    for t in tickets:
        if t.released and t.released not in released:
            if t.released in tags:
                sha, date = tags[t.released]
                released[t.released] = Point(f"released tag {t.released}", sha, date, t.released)
            else:
                released[t.released] = by_deploy_id.get(t.released)
    extra = [p for p in released.values() if p is not None and p not in points]
    points.sort(key=lambda p: (p.time or "9999", p.name))
    points += extra  # keep production points first, in time order: the lowest bit is the earliest release
    index = {id(p): i for i, p in enumerate(points)}

    # 4. each ticket's commits: listed, else found by reference in one git log
    need_refs = {t.id for t in tickets if not t.commits}
    refs = find_referencing_commits(repo, need_refs, analysis_settings, gh_repo or tickets_repo(config))
    commits_of: dict[str, list[str]] = {}
    verdicts: dict[str, Verdict] = {}
    for t in tickets:
        if t.commits:
            missing = [c for c in t.commits if resolved.get(c) is None]
            if missing:
                verdicts[t.id] = Verdict(
                    UNKNOWN,
                    f"its listed commit{'s' if len(missing) > 1 else ''} "
                    f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} not in this repository{hint}",
                )
                continue
            commits_of[t.id] = list(dict.fromkeys(sha for c in t.commits if (sha := resolved.get(c)) is not None))
        else:
            found = refs.get(t.id, [])
            if not found:
                verdicts[t.id] = Verdict(
                    UNKNOWN,
                    f"no commit lists it or references {t.id} on any branch{hint}; "
                    f"list its commits in the ticket ('commits:') or reference {t.id} in commit messages",
                )
                continue
            commits_of[t.id] = list(dict.fromkeys(sha for sha, _ in found))

    # 5. one walk for all
    wanted = {c for cs in commits_of.values() for c in cs}
    masks = containment(git, points, wanted)
    prod_bits = 0
    for p in points:
        if p not in extra:
            prod_bits |= 1 << index[id(p)]
    for t in tickets:
        if t.id in verdicts:
            continue
        cs = commits_of[t.id]
        v = Verdict(UNKNOWN, commits=cs)
        rel = released.get(t.released) if t.released else None
        if t.released and rel is None:
            v.warnings.append(
                f"{t.id}: its released tag or deployment {t.released!r} does not exist in this repository"
                f" or the deployment log{hint}"
            )
        allowed = prod_bits | (1 << index[id(rel)] if rel is not None else 0)
        common = allowed
        for c in cs:
            common &= masks.get(c, 0)
        if common:
            first = points[(common & -common).bit_length() - 1]
            if rel is not None and common >> index[id(rel)] & 1:
                first = rel
            v.state, v.evidence, v.time = (
                DEPLOYED,
                f"{first.name}{' (' + first.time + ')' if first.time else ''}",
                first.time,
            )
            v.reason = f"all {len(cs)} commit{'s' if len(cs) != 1 else ''} are in {v.evidence}"
        elif not allowed:
            v.reason = (
                f"there is no production evidence: no tag matches {' or '.join(s.tag_patterns)!r}"
                + ("" if s.deploy_log or deployments else " and no deployment log is configured")
                + ("" if not s.deploy_log and not deployments else " and no production deployment is recorded")
                + (f", and its released tag {t.released!r} does not exist" if t.released and rel is None else "")
            )
        else:
            v.state = NOT_DEPLOYED
            v.missing = [c for c in cs if not masks.get(c, 0) & allowed]
            where = f"its released {t.released!r}" if rel is not None and not prod_bits else "any production release"
            if v.missing:
                v.reason = (
                    f"{len(v.missing)} of {len(cs)} commit{'s' if len(cs) != 1 else ''} "
                    f"{'is' if len(v.missing) == 1 else 'are'} not in {where}: {', '.join(_short(c) for c in v.missing[:10])}"
                    + (f" and {len(v.missing) - 10} more" if len(v.missing) > 10 else "")
                )
            else:
                v.reason = (
                    f"each of its {len(cs)} commits is in some release, but no single production release holds them all"
                )
        verdicts[t.id] = v
    return verdicts


def judge_done(
    done: list[Ticket], repo, config, *, analysis_settings=None, gh_repo: str = ""
) -> tuple[dict[str, Verdict], list[str], list[str]]:
    """:func:`judge` the done tickets with all the evidence there is: the GitHub deployments of a
    live GitHub source, and for ticket files without a done date, the date git last changed them
    (``extra["file_changed"]``). Returns the verdicts, problems to warn about, and broken sources."""
    problems: list[str] = []
    deployments = None
    if gh_repo and repo is not None:
        from custlint.errors import UserError
        from custlint.sources.tickets.live import github_deployments

        try:
            deployments = github_deployments(gh_repo, config)
        except UserError as exc:  # the tickets were read; judge them on tags and the log alone
            problems.append(f"GitHub deployments are not used as evidence: {exc}")
    undated = [t.path for t in done if t.path and not t.done_at]
    if undated and repo is not None:
        dates = file_change_dates(repo, undated)
        for t in done:
            if t.path in dates:
                t.extra["file_changed"] = dates[t.path]
    broken: list[str] = []
    verdicts = judge(
        done,
        repo,
        config,
        analysis_settings=analysis_settings,
        deployments=deployments,
        deploy_problems=problems,
        source_errors=broken,
        gh_repo=gh_repo or "",
    )
    for v in verdicts.values():
        problems.extend(v.warnings)
    return verdicts, problems, broken


def file_change_dates(repo, paths: list[str]) -> dict[str, str]:
    """file path (as given) -> the commit date of its last change, for ticket files without a done date.
    One ``git log --name-only`` over the folders holding them."""
    import os

    from custlint.sources.git import work_tree

    root = work_tree(repo)
    if not paths or not root:
        return {}
    root = os.path.realpath(root)
    rel: dict[str, str] = {}
    for p in paths:
        full = os.path.realpath(p)
        if full.startswith(root + os.sep):
            rel[os.path.relpath(full, root).replace(os.sep, "/")] = p
    if not rel:
        return {}
    folders = sorted({os.path.dirname(r) or "." for r in rel})
    out = Git(repo).run(
        "-C",
        root,
        "log",
        "--format=%x00%cI",
        "--name-only",
        "--no-renames",
        "--",
        *folders,
        check=False,
        errors="replace",
    )
    dates: dict[str, str] = {}
    for block in out.split("\x00")[1:]:
        lines = block.strip("\n").split("\n")
        when = _utc(lines[0].strip())
        for name in lines[1:]:
            name = name.strip()
            if name in rel and rel[name] not in dates:
                dates[rel[name]] = when
    return dates

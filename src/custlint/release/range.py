"""What a release holds: REV (now in production), the previous production point, the commits
between them, and the production record ``custlint release --record`` appends.

The previous point is ``--since``, else the last production record before REV in
``production.deploy-log``, else the newest release tag (``production.release-tags``) that REV
contains, else none: a first release holds all of REV's history.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
import json
import os
from dataclasses import dataclass
from pathlib import Path

from custlint.errors import UserError


@dataclass
class Release:
    rev: str  # as given: "v1.4.0", "HEAD", a SHA
    sha: str  # the full commit SHA of REV
    since: str  # the previous production point as named ("v1.3.0", "deployment 41 of 1a2b3c4d5e"), or ""
    since_sha: str  # its commit, or "" for a first release
    since_from: str  # "--since", "deploy-log", "release tag", "none"
    time: str  # ISO 8601 UTC: when it reached production
    tag: str = ""  # the release tag REV is (or that points at its commit), or ""
    deploy_id: str = ""  # the id of the production record --record writes, or ""

    @property
    def name(self) -> str:
        """The release as tickets name it (``released:``), so that TK301 finds it as production
        evidence again: its tag, else the id of its production record, else the short SHA."""
        return self.tag or self.deploy_id or self.sha[:12]

    def as_json(self) -> dict:
        return {"rev": self.rev, "sha": self.sha, "since": self.since_sha or None, "time": self.time}


def _tag_of(repo, cfg, rev: str, sha: str) -> str:
    """REV itself when it is a tag, else the oldest release tag pointing at its commit, else ""."""
    from custlint.sources import git

    fmt = "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(creatordate:unix)"
    found: list[tuple[int, str]] = []
    for line in git.run(repo, "for-each-ref", f"--points-at={sha}", f"--format={fmt}", "refs/tags").splitlines():
        name, otype, oid, peeled, stamp = (line.split("\x00") + [""] * 5)[:5]
        if name == rev:
            return name
        if any(fnmatch.fnmatchcase(name, p) for p in cfg.production.release_tags):
            found.append((int(stamp) if stamp.isdigit() else 0, name))
    return min(found)[1] if found else ""


def now_utc() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _resolve(repo, rev: str, what: str) -> str:
    from custlint.sources.git_history import resolve

    if not rev or rev.startswith("-") or any(c.isspace() for c in rev):
        raise UserError(f"{what} {rev!r} is not a revision; pass a tag, branch or commit SHA")
    sha = resolve(repo, rev)
    if not sha:
        from custlint.sources.git import is_shallow

        hint = " (this clone is shallow: fetch the full history and tags, `fetch-depth: 0`)" if is_shallow(repo) else ""
        raise UserError(f"{what} {rev!r} is not a commit of this repository{hint}")
    return sha


def deploy_log_path(cfg) -> str:
    log = cfg.production.deploy_log
    if log and not Path(log).is_absolute():
        log = str(Path(cfg.root) / log)
    return log


def _from_deploy_log(repo, cfg, sha: str) -> tuple[str, str] | None:
    """``(name, sha)`` of the last production record before REV's own (or the last one)."""
    from custlint.analysis.evidence import resolve_commits
    from custlint.sources.deploy_log import read_deploy_log
    from custlint.sources.git import Git

    log = deploy_log_path(cfg)
    if not log or not Path(log).exists():
        return None
    records, _bad = read_deploy_log(log)
    envs = {e.lower() for e in cfg.production.environments}
    prod = [d for d in records if d.environment.lower() in envs]
    if not prod:
        return None
    full = resolve_commits(Git(repo), [d.sha for d in prod])
    mine = next((i for i, d in enumerate(prod) if full.get(d.sha) == sha), len(prod))
    for d in reversed(prod[:mine]):
        other = full.get(d.sha)
        if other and other != sha:
            return f"{d.environment} deployment{' ' + d.id if d.id else ''} of {other[:10]}", other
    return None


def _from_tags(repo, cfg, sha: str) -> tuple[str, str] | None:
    """``(tag, sha)`` of the newest release tag REV contains, other than REV itself; one git process."""
    from custlint.sources import git

    patterns = list(cfg.production.release_tags)
    if not patterns:
        return None
    fmt = "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(*objectname)%00%(creatordate:unix)"
    out = git.run(repo, "for-each-ref", f"--merged={sha}", f"--format={fmt}", "refs/tags")
    best: tuple[int, str, str] | None = None
    for line in out.splitlines():
        name, otype, oid, peeled, stamp = (line.split("\x00") + [""] * 5)[:5]
        commit = oid if otype == "commit" else peeled
        if not commit or commit == sha or not any(fnmatch.fnmatchcase(name, p) for p in patterns):
            continue
        key = (int(stamp) if stamp.isdigit() else 0, name, commit)
        if best is None or key > best:
            best = key
    return (best[1], best[2]) if best else None


def find_release(repo, cfg, rev: str | None, since: str | None, time: str | None) -> Release:
    rev = rev or "HEAD"
    sha = _resolve(repo, rev, "REV")
    when = _time(time) if time else now_utc()
    tag = _tag_of(repo, cfg, rev, sha)
    if since:
        return Release(rev, sha, since, _resolve(repo, since, "--since"), "--since", when, tag)
    for how, finder in (("deploy-log", _from_deploy_log), ("release tag", _from_tags)):
        found = finder(repo, cfg, sha)
        if found:
            return Release(rev, sha, found[0], found[1], how, when, tag)
    return Release(rev, sha, "", "", "none", when, tag)


def _time(text: str) -> str:
    from custlint.document.ticket import parse_time

    t = parse_time(text.strip())
    if t is None:
        raise UserError(f"--time {text!r} is not an ISO 8601 time; write it like 2026-12-01T12:00:00Z")
    return t.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def commits(repo, release: Release) -> list:
    """The commits of ``since..REV`` (all of REV's history for a first release), newest first, in one git log."""
    from custlint.sources.git_history import stream

    rng = f"{release.since_sha}..{release.sha}" if release.since_sha else release.sha
    return list(stream(repo, rng))


def record(cfg, release: Release, environment: str, deploy_id: str) -> str:
    """Append REV's production record to ``production.deploy-log`` (once: an equal record is not
    appended again). Returns what happened, in words."""
    from custlint.sources.deploy_log import read_deploy_log

    log = deploy_log_path(cfg)
    if not log:
        raise UserError(
            "--record needs [tool.custlint.production] deploy-log: the JSON-lines file the production records go to"
        )
    line = {"sha": release.sha, "environment": environment, "time": release.time, "id": deploy_id}
    if Path(log).exists():
        records, _ = read_deploy_log(log)
        if any(d.sha == release.sha and d.environment == environment and d.id == deploy_id for d in records):
            return f"{log} already records {release.sha[:10]} in {environment}"
        try:
            raw = Path(log).read_bytes()
        except OSError as exc:
            raise UserError(f"cannot read {log}: {exc.strerror or exc}") from None
        lead = "" if not raw or raw.endswith(b"\n") else "\n"
    else:
        lead = ""
    try:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(lead + json.dumps(line, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise UserError(f"cannot append the production record to {log}: {exc.strerror or exc}") from None
    return f"recorded {release.sha[:10]} in {environment} to {log}"

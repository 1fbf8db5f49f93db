"""Commits from git history: ranges checked and resolved, and one streaming ``git log`` process
for a whole range (git itself runs through :mod:`custlint.sources.git`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from custlint.document.message import commit_document, stored_document
from custlint.document.model import Document
from custlint.errors import UserError
from custlint.sources import git
from custlint.sources.git import GitFailed, is_shallow

# fields of one record, separated by US (0x1f); records end with NUL (-z). The body comes last.
_FORMAT = "%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%B"
FETCH_HINT = "fetch the full history (actions/checkout with `fetch-depth: 0`, or `git fetch --unshallow`)"
_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


@dataclass
class RawCommit:
    sha: str
    parents: list[str]
    author: str
    email: str
    authored: str  # ISO 8601
    committed: str
    message: str


def has_commits(repo) -> bool:
    try:
        git.run(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
        return True
    except GitFailed:
        return False


def resolve(repo, rev: str) -> str | None:
    try:
        return git.run(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").strip()
    except GitFailed:
        return None


def _ref_of(repo, name: str) -> str | None:
    for ref in (f"refs/remotes/origin/{name}", f"refs/heads/{name}", name):
        if resolve(repo, ref):
            return ref
    return None


def _ci_target(ci_target: str | None) -> str:
    if ci_target is not None:
        return ci_target
    from custlint.sources.ci_env import current

    return current().pipeline_target()


def default_branch(repo, configured: str = "", ci_target: str | None = None) -> str | None:
    """The branch a change is measured from: CI's target branch (``ci_target``, default: the CI
    environment's), config, origin/HEAD, main, master."""
    candidates: list[str] = []
    ci = _ci_target(ci_target)
    if ci:
        candidates.append(ci)
    if configured:
        candidates.append(configured)
    try:
        head = git.run(repo, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD").strip()
        candidates.append(head.rsplit("/", 1)[-1])
    except GitFailed:
        pass
    candidates += ["main", "master"]
    for name in candidates:
        ref = _ref_of(repo, name)
        if ref:
            return ref
    return None


@dataclass
class PrHead:
    """What a GitHub ``pull_request``/``pull_request_target`` payload says of the PR's commits."""

    sha: str  # pull_request.head.sha: the PR's newest commit
    number: int | None
    base_sha: str = ""  # pull_request.base.sha, '' when the payload has none


def pr_head(ci=None) -> PrHead | None:
    """The head commit the run's GitHub PR event names (``ci``: a CIEnv, default the run's); None
    outside a PR event, or when the payload cannot be read or names no well-formed head SHA (the
    caller then measures to HEAD, and still never passes on zero commits)."""
    from custlint.sources.github_event import PR_EVENTS, load_payload

    if ci is None:
        from custlint.sources.ci_env import current

        ci = current()
    if ci.event_name not in PR_EVENTS or not ci.event_path:
        return None
    try:
        payload = load_payload(ci.event_path)
    except UserError:
        return None
    pr = payload.get("pull_request")
    if not isinstance(pr, dict):
        return None
    head_raw, base_raw = pr.get("head"), pr.get("base")
    head: dict = head_raw if isinstance(head_raw, dict) else {}
    base: dict = base_raw if isinstance(base_raw, dict) else {}
    sha, base_sha, number = head.get("sha"), base.get("sha"), pr.get("number")
    if not isinstance(sha, str) or not _SHA.fullmatch(sha):  # never an option or a revision expression
        return None
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        number = None
    return PrHead(sha, number, base_sha if isinstance(base_sha, str) and _SHA.fullmatch(base_sha) else "")


def pr_fetch_hint(pr: PrHead) -> str:
    ref = f"pull/{pr.number}/head" if pr.number else pr.sha
    return (
        f"fetch it before custlint runs: actions/checkout with `fetch-depth: 0`, then `git fetch origin {ref}` "
        "(no checkout needed: custlint reads the commits, the base branch stays checked out)"
    )


def _local_pr_head(repo, pr: PrHead) -> tuple[str, bool]:
    """``(sha, fetched)``: the PR's head commit, fetched from origin (objects only, never checked
    out) when the clone lacks it: by its SHA, else by ``refs/pull/N/head``. A UserError when neither works."""
    if resolve(repo, pr.sha):
        return pr.sha, False
    wants = [pr.sha] + ([f"refs/pull/{pr.number}/head"] if pr.number else [])
    for want in wants:
        if git.fetch_commit(repo, "origin", want) and resolve(repo, pr.sha):
            return pr.sha, True
    raise UserError(
        f"the PR's head commit {pr.sha[:12]} (from the event payload) is not in this clone and "
        f"`git fetch origin` could not get it, so the PR's commits cannot be judged; {pr_fetch_hint(pr)}"
    )


@dataclass
class DefaultRange:
    range: str
    note: str
    branch: str  # the branch name the range is measured from ('main'), for the done-in-production rules


def default_range_info(
    repo, configured: str = "", ci_target: str | None = None, pr: PrHead | None = None
) -> DefaultRange:
    """Merge-base of HEAD and the target branch .. HEAD; in a PR/MR pipeline (``ci_target``, default:
    the CI environment's target branch) the PR's own commits.

    ``pr``: the head a GitHub PR event names (:func:`pr_head`). When HEAD is not that commit (the
    base branch checked out under ``pull_request_target``, GitHub's merge commit under
    ``pull_request``) the range ends at the PR's head instead, fetched from origin if the clone lacks
    it (never checked out); a head that cannot be had is an error that says how to fetch it.

    A clone that lacks the history (CI's default depth of 1) is an error that says to fetch it,
    never a silent pass over an empty or wrong range.
    """
    if not has_commits(repo):
        raise no_history_error(repo, "commits")
    shallow = is_shallow(repo)
    ci = _ci_target(ci_target)
    if ci:
        base = _ref_of(repo, ci)
        if base is None:
            where = "this shallow clone" if shallow else "this clone"
            raise UserError(
                f"the target branch '{ci}' is not in {where}, so the PR's commits cannot be told apart; {FETCH_HINT}"
            )
    else:
        base = default_branch(repo, configured, ci)
    head, fetched = "HEAD", False
    if pr is not None and resolve(repo, "HEAD") != pr.sha:
        head, fetched = _local_pr_head(repo, pr)
        if base is None and pr.base_sha and resolve(repo, pr.base_sha):
            base = pr.base_sha
    if base is None:
        hint = f"; this clone is shallow: {FETCH_HINT}" if shallow else ""
        raise UserError(
            "cannot find the default branch (no origin/HEAD, main or master); set 'default-branch' in the config "
            f"or pass a range{hint}"
        )
    try:
        mb = git.run(repo, "merge-base", base, head).strip()
    except GitFailed:
        if shallow:
            raise UserError(f"this clone is shallow and lacks the history back to {base}; {FETCH_HINT}") from None
        shown = "HEAD" if head == "HEAD" else f"the PR's head {head[:12]}"
        raise UserError(
            f"{shown} and {base} share no history; pass a range, e.g. `custlint commits {base}..{head}`"
        ) from None
    branch = base.removeprefix("refs/remotes/origin/").removeprefix("refs/heads/")
    what = f"the PR's commits (target branch {ci})" if ci else f"commits since {base}"
    if head != "HEAD":
        what += f" up to its head {head[:10]} from the event payload" + (", fetched from origin" if fetched else "")
    return DefaultRange(f"{mb}..{head}", f"range: {what} (merge-base {mb[:10]})", branch)


def default_range(repo, configured: str = "", ci_target: str | None = None) -> tuple[str, str]:
    """``(range, note)``: merge-base of HEAD and the default branch .. HEAD."""
    info = default_range_info(repo, configured, ci_target)
    return info.range, info.note


def no_history_error(repo, command: str) -> UserError:
    """Why there is no history at HEAD: an empty repository, or an unborn branch (then name a branch to use)."""
    try:
        branch = git.run(
            repo, "for-each-ref", "--count=1", "--format=%(refname:short)", "refs/heads", "refs/remotes"
        ).strip()
    except GitFailed:
        branch = ""
    try:
        head = git.run(repo, "symbolic-ref", "--quiet", "--short", "HEAD").strip()
    except GitFailed:
        head = "HEAD"
    if branch:
        return UserError(
            f"HEAD is on branch {head!r}, which has no commits yet (unborn branch); "
            f"name another branch, e.g. `custlint {command} {branch}`"
        )
    return UserError("the repository is empty (no commits yet); there is no history to read")


def check_range(repo, rev_range: str, *, command: str = "commits", shallow_ok: bool = False) -> dict[str, str]:
    """A UserError unless every end of ``rev_range`` resolves; the SHA each end resolves to. In a shallow
    clone an ``A..B`` that runs past the cut is an error too, unless ``shallow_ok`` (the audit says what is
    missing instead)."""
    if rev_range.startswith("-"):
        raise UserError(f"range {rev_range!r} looks like an option; pass a range such as main..HEAD")
    ends = [e for e in rev_range.replace("...", "..").split("..") if e] if ".." in rev_range else [rev_range]
    resolved: dict[str, str] = {}
    for end in ends:
        end = end.lstrip("^")
        sha = resolve(repo, end)
        if sha is not None:
            resolved[end] = sha
        else:
            if end.startswith("HEAD") and not has_commits(repo):
                raise no_history_error(repo, command)
            hint = f"; {FETCH_HINT}" if is_shallow(repo) else "; check the name with `git log -1 REV`"
            raise UserError(f"range {rev_range!r} does not resolve: unknown revision {end!r}{hint}")
    if not shallow_ok and len(ends) == 2 and ".." in rev_range and is_shallow(repo):
        # in a shallow clone A..B would run on past the cut and judge history that is not the branch's
        a, b = (e.lstrip("^") for e in ends)
        try:
            git.run(repo, "merge-base", a, b)
        except GitFailed:
            raise UserError(f"this clone is shallow and lacks the history between {a} and {b}; {FETCH_HINT}") from None
    return resolved


def stream(
    repo, rev_range: str, *, paths: list[str] | None = None, extra: list[str] | None = None
) -> Iterator[RawCommit]:
    """Every commit of ``rev_range``, newest first, from a single ``git log`` process."""
    args = ["log", "-z", f"--format={_FORMAT}", "--encoding=UTF-8", *(extra or []), rev_range, "--"]
    args += paths or []
    proc = git.start(repo, *args)
    out = proc.stdout
    assert out is not None  # git.start always pipes stdout
    buf = b""
    try:
        while True:
            chunk = out.read(1 << 16)
            if not chunk:
                break
            buf += chunk
            records = buf.split(b"\x00")
            buf = records.pop()
            for rec in records:
                yield _parse(rec)
        if buf.strip():
            yield _parse(buf)
    finally:
        out.close()
        code, err = git.last_error(proc)
        if code and err:
            raise UserError(f"git log failed for {rev_range!r}: {err}")


def _parse(rec: bytes) -> RawCommit:
    text = rec.decode("utf-8", errors="replace")
    if text.startswith("\n"):
        text = text[1:]
    sha, parents, author, email, authored, committed, message = text.split("\x1f", 6)
    return RawCommit(sha, parents.split(), author, email, authored, committed, message)


def to_document(c: RawCommit, comment_char: str = "#") -> Document:
    return history_document(c.sha, len(c.parents), c.author, c.email, c.authored, c.committed, c.message)


def history_document(
    sha: str, parents: int, author: str, email: str, authored: str, committed: str, message: str
) -> Document:
    """The Document of a commit in the history (:func:`to_document`) from its fields, ``parents``
    counted: the audit's worker builds it so, without a :class:`RawCommit` between (with the dates
    empty where no installed rule pack could read them: :data:`custlint.sources.git_log.NO_DATES`)."""
    # history: a commit that exists (not a message being written): squash subjects apply
    extra = {"history": True, "authored": authored, "committed": committed}
    # commit_document(..., strip_comments=False) without its keywords, for all but a rare message
    doc = stored_document(message, sha, author, email, parents, extra)
    if doc is not None:
        return doc
    return commit_document(
        message, subject=sha, author=author, author_email=email, parents=parents, strip_comments=False, extra=extra
    )

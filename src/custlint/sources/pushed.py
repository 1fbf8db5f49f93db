"""The commits being pushed, as pre-commit names them to a ``pre-push`` (or manual) hook.

At the ``pre-push`` stage pre-commit sets ``PRE_COMMIT_FROM_REF`` (what the remote has: the
remote branch's old SHA, or for a new branch the parent of its first commit no remote branch
holds) and ``PRE_COMMIT_TO_REF`` (the local SHA being pushed); ``pre-commit run --from-ref A
--to-ref B`` sets the same two. Pushing history that reaches a root commit (a new repository to
an empty remote) sets neither, only ``PRE_COMMIT_LOCAL_BRANCH``; another tool's hook may pass a
FROM of zeros for a new branch. Without a usable FROM the range starts at the merge-base of the
pushed commit with the default branch (as ``custlint commits`` does by default), so a new
feature branch is judged by its own commits, and pushing the default branch itself to a remote
that lacks it judges nothing old (said in a note; ``custlint commits HEAD`` judges everything).
"""

from __future__ import annotations

import re

from custlint.errors import UserError
from custlint.sources import git
from custlint.sources.git import GitFailed

_ZEROS = re.compile(r"0{40}(0{24})?\Z")  # git's null object name, SHA-1 or SHA-256


def pushed_range(repo, refs, configured_default: str = "") -> tuple[str, str, str]:
    """``(range, note, target branch)`` of the commits being pushed; ``refs``: the ``PRE_COMMIT_*``
    variables as :attr:`custlint.sources.ci_env.CIEnv.pre_commit` holds them."""
    from custlint.sources import git_history as gh

    from_ref = (refs.get("PRE_COMMIT_FROM_REF") or "").strip()
    to_ref = (refs.get("PRE_COMMIT_TO_REF") or refs.get("PRE_COMMIT_LOCAL_BRANCH") or "HEAD").strip()
    remote_branch = (refs.get("PRE_COMMIT_REMOTE_BRANCH") or "").removeprefix("refs/heads/")
    for name, value in (("PRE_COMMIT_TO_REF", to_ref), ("PRE_COMMIT_FROM_REF", from_ref)):
        if value.startswith("-") or ".." in value or any(c.isspace() for c in value):
            raise UserError(f"{name} {value!r} is not a commit; pre-commit sets it to the pushed commit's SHA")
    if gh.resolve(repo, to_ref) is None:
        raise UserError(f"the commit being pushed ({to_ref}) is not in this repository; run the hook from the clone")
    if from_ref and not _ZEROS.match(from_ref):
        rev_range = f"{from_ref}..{to_ref}"
        gh.check_range(repo, rev_range)
        return rev_range, f"range: the commits being pushed ({_short(from_ref)}..{_short(to_ref)})", remote_branch
    base = gh.default_branch(repo, configured_default)
    if base is None:
        raise UserError(
            "the push names no commit the remote has, and there is no default branch to start from "
            "(no origin/HEAD, main or master); set 'default-branch' in the config"
        )
    try:
        mb = git.run(repo, "merge-base", base, to_ref).strip()
    except GitFailed:
        raise UserError(
            f"the pushed commit {_short(to_ref)} shares no history with {base}; "
            f"run `custlint commits {base}..{to_ref}` or pass the range by hand"
        ) from None
    branch = base.removeprefix("refs/remotes/origin/").removeprefix("refs/heads/")
    note = f"range: the commits being pushed, from the merge-base with {branch} ({mb[:10]}) to {_short(to_ref)}"
    if mb == gh.resolve(repo, to_ref):
        note = (
            f"range: every pushed commit is in {branch} already (or {branch} itself goes to a remote that "
            "lacks it), so nothing new is judged; `custlint commits HEAD` judges all history"
        )
    return f"{mb}..{to_ref}", note, remote_branch or branch


def _short(ref: str) -> str:
    return ref[:10] if re.fullmatch(r"[0-9a-f]{40,64}", ref) else ref

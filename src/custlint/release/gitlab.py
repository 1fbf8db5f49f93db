"""Carrying a release out on GitLab: issue notes, closing issues, and merged MRs' notes.

Every request goes through :class:`custlint.sources.gitlab_api.GitLab` (custlint's one HTTP client
underneath, with the token of the GitLab ticket source: ``CUSTLINT_GITLAB_TOKEN`` as
``PRIVATE-TOKEN``, else ``CI_JOB_TOKEN``). A POST is never repeated after an answer that may mean
it was carried out; each note instead ends with the release's hidden marker (GitLab Markdown shows
no HTML comment), and the notes are read first: a rerun finds the marker and posts nothing, and an
issue already closed is not closed again. An issue or MR whose listing counts no user notes is not
asked for them.

A marker counts in any user note, whoever wrote it, as on GitHub: a forged marker can only keep a
release note from being posted (it closes nothing), while counting only the token's own notes would
post twice after a token is rotated (a new project access token is a new bot user) or when a job
token acts for another user. Lines that GitLab would run as quick actions (``/close``, ``/label``)
are escaped, since a bug's remediation plan is the ticket's text.
"""

from __future__ import annotations

import re

from custlint.errors import UserError
from custlint.release import comments as C

_WRITE_403 = "; notes and closing need scope api (a read_api token can only run --dry-run)"
# GitLab's merge commit template ends "See merge request group/project!12"; `!12` alone is the project's own MR
_MR_REF = re.compile(r"(?<![\w!/])(?:(?P<path>[A-Za-z0-9][\w.-]*(?:/[\w.-]+)+))?!(?P<iid>\d+)\b")


def gitlab_project(given: str, env: dict[str, str]) -> tuple[str, str]:
    """``(the project as the API's :id, its path for `group/project#N` references or '')``."""
    from custlint.sources.gitlab_api import project_ref

    ref = project_ref(env, given)
    path = given if "/" in given else ""
    if not path and (not given or given == env.get("CI_PROJECT_ID")):
        path = env.get("CI_PROJECT_PATH", "")
    return ref, path.strip().strip("/")


class GitLabWriter:
    def __init__(self, project: str, config, env: dict[str, str]) -> None:
        from custlint.sources.gitlab_api import DEFAULT_API, GitLab, credentials
        from custlint.sources.http import check_base_url

        self.project, self.path = gitlab_project(project, env)
        if not self.project:
            raise UserError(
                "--from gitlab needs --repo GROUP/PROJECT (or [tool.custlint.tickets] repo; in a GitLab job CI_PROJECT_ID)"
            )
        base = check_base_url(env.get("CI_API_V4_URL") or DEFAULT_API, "CI_API_V4_URL")
        token, kind = credentials(env)
        t = config.tickets
        self.client = GitLab(
            token,
            kind,
            base,
            timeout=float(t.timeout),
            retries=int(t.retries),
            max_wait=float(t.max_retry_wait),
            user=env.get("GITLAB_USER_LOGIN", ""),
        )
        self.calls = 0  # requests made, for the figures

    def _url(self, kind: str, iid: int, tail: str = "") -> str:
        return f"{self.client.base}/projects/{self.project}/{kind}/{iid}{tail}"

    def _call(self, method: str, url: str, body: dict | None = None):
        from custlint.sources.gitlab_api import ApiError

        self.calls += 1
        try:
            data, _ = self.client._request(method, url, body)
        except ApiError as exc:
            # the client's own hint names the token and the role; a job token's says to set CUSTLINT_GITLAB_TOKEN
            hint = _WRITE_403 if method != "GET" and exc.status == 403 and self.client.kind != "job" else ""
            raise UserError(f"GitLab: {exc}{hint}") from None
        return data

    def _spoken(self, kind: str, iid: int, sha: str, known_count=None) -> bool:
        from custlint.sources.gitlab_api import ApiError

        if known_count == 0:
            return False
        url = self._url(kind, iid, "/notes") + "?per_page=100&sort=asc&order_by=created_at"
        bodies: list = []
        try:
            for page in self.client.pages(url):
                self.calls += 1
                bodies.extend(n.get("body") for n in page if isinstance(n, dict) and n.get("system") is not True)
        except ApiError as exc:
            raise UserError(f"GitLab: {exc}") from None
        return C.has_marker(bodies, sha)

    def _note(self, kind: str, iid: int, text: str, sha: str) -> None:
        self._call("POST", self._url(kind, iid, "/notes"), {"body": C.with_marker(no_quick_actions(text), sha)})

    def ticket(self, plan, release) -> tuple[str, bool]:
        """Note (once) and, for close, close the issue (once): what was done, and whether anything was written."""
        iid = int(plan.id.lstrip("#"))
        t = plan.ticket
        count = t.extra.get("comments") if t is not None else None
        did = []
        if self._spoken("issues", iid, release.sha, count if isinstance(count, int) else None):
            did.append("comment was already posted")
        else:
            self._note("issues", iid, C.ticket_text(plan, release), release.sha)
            did.append("commented")
        if plan.action == "close":
            if t is not None and t.status.lower().startswith("closed"):
                did.append("already closed")
            else:
                data = self._call("PUT", self._url("issues", iid), {"state_event": "close"})
                if isinstance(data, dict) and data.get("state") not in (None, "closed"):
                    raise UserError(f"GitLab answered the close of issue {plan.id} with state {data.get('state')!r}")
                did.append("closed")
        return ", ".join(did), any(not d.startswith(("already", "comment was")) for d in did)

    # -- merge requests (--comment-prs) -------------------------------------------------------------

    def mr_iids(self, commits) -> dict[int, str]:
        """MR iid -> the first release commit naming it (``!12``, ``group/project!12``)."""
        own = self.path.lower()
        out: dict[int, str] = {}
        for c in commits:
            if "!" not in c.message:
                continue
            for m in _MR_REF.finditer(c.message):
                path = (m.group("path") or "").lower()
                if path and path != own:
                    continue  # another project's MR
                out.setdefault(int(m.group("iid")), c.sha)
        return out

    def merge_request(self, iid: int) -> dict | None:
        """The MR, or None when !iid is none."""
        from custlint.sources.gitlab_api import ApiError

        self.calls += 1
        try:
            data, _ = self.client._request("GET", self._url("merge_requests", iid))
        except ApiError as exc:
            if exc.status == 404:
                return None
            raise UserError(f"GitLab: {exc}") from None
        return data if isinstance(data, dict) else None

    def comment_mr(self, iid: int, release, checklist: list[str], count=None) -> tuple[str, bool]:
        if self._spoken("merge_requests", iid, release.sha, count):
            return "comment was already posted", False
        self._note("merge_requests", iid, C.pr_text(release, checklist), release.sha)
        return "commented", True


def merged_in(mr: dict, in_range: set[str]) -> bool:
    """Merged, and its merge (or squash) commit is one of the release's."""
    shas = {mr.get("merge_commit_sha"), mr.get("squash_commit_sha")}
    return mr.get("state") == "merged" and bool({s for s in shas if isinstance(s, str)} & in_range)


def as_pr(mr: dict) -> dict:
    """An MR in the shape :func:`custlint.release.comments.pr_checklist` reads (title, body, labels)."""
    raw = mr.get("labels")
    labels: list = raw if isinstance(raw, list) else []
    names = [lab if isinstance(lab, str) else (lab.get("name") if isinstance(lab, dict) else "") for lab in labels]
    return {"title": mr.get("title"), "body": mr.get("description"), "labels": [{"name": n} for n in names if n]}


def no_quick_actions(text: str) -> str:
    """Every line GitLab would run as a quick action (one starting with ``/``) escaped to show as text."""
    return "\n".join(("\\" + ln) if ln.lstrip().startswith("/") else ln for ln in text.split("\n"))

"""Carrying a release out on GitHub: issue comments, closing as completed, and merged PRs' comments.

Every request goes through custlint's one HTTP client (:mod:`custlint.sources.http`). A write
(POST, PATCH) is never repeated after an answer that may mean it was carried out; instead each
comment holds the release's hidden marker, and the comments are read before writing: a rerun
finds the marker and does not post again, and an issue already closed is never closed again.
An issue whose listing says it has no comments is not asked for them (one request saved each).
"""

from __future__ import annotations

import json

from custlint.release import comments as C

_WRITE_403 = (
    "GITHUB_TOKEN may not write to {repo}: it needs `issues: write` (and `pull-requests: write` for "
    "--comment-prs); a read-only token can only run --dry-run"
)


class GitHubWriter:
    def __init__(self, repo: str, config) -> None:
        from custlint.sources.tickets.live import github_client

        self.repo = repo
        self.client, self.base = github_client(repo, config)
        self.calls = 0  # requests made, for the figures

    def _get_pages(self, url: str, params: dict) -> list:
        from custlint.sources.tickets.live import _pages

        out: list = []
        for page in _pages(self.client, url, params):
            self.calls += 1
            out.extend(page)
        return out

    def _write(self, method: str, url: str, payload: dict) -> None:
        hints = self.client.hints
        self.client.hints = {**hints, 403: _WRITE_403.format(repo=self.repo)}
        try:
            self.calls += 1
            self.client.request(
                method,
                url,
                body=json.dumps(payload).encode("utf-8"),
                headers={"Content-Type": "application/json"},
            )
        finally:
            self.client.hints = hints

    def _spoken(self, number: int, sha: str, known_count=None) -> bool:
        if known_count == 0:
            return False
        bodies = [
            c.get("body")
            for c in self._get_pages(f"{self.base}/issues/{number}/comments", {"per_page": 100})
            if isinstance(c, dict)
        ]
        return C.has_marker(bodies, sha)

    def ticket(self, plan, release) -> tuple[str, bool]:
        """Comment (once) and, for close, close the issue as completed (once): what was done, and
        whether anything was written."""
        number = int(plan.id.lstrip("#"))
        t = plan.ticket
        count = t.extra.get("comments") if t is not None else None
        done_now = []
        if self._spoken(number, release.sha, count if isinstance(count, int) else None):
            done_now.append("comment was already posted")
        else:
            text = C.with_marker(C.ticket_text(plan, release), release.sha)
            self._write("POST", f"{self.base}/issues/{number}/comments", {"body": text})
            done_now.append("commented")
        if plan.action == "close":
            if t is not None and t.status.lower().startswith("closed"):
                done_now.append("already closed")
            else:
                self._write("PATCH", f"{self.base}/issues/{number}", {"state": "closed", "state_reason": "completed"})
                done_now.append("closed as completed")
        return ", ".join(done_now), any(not d.startswith(("already", "comment was")) for d in done_now)

    def pull(self, number: int) -> dict | None:
        """The pull request, or None when #number is none (a squash subject's "(#12)" may be an issue)."""
        from custlint.sources.http import HttpError

        self.calls += 1
        try:
            data = self.client.get(f"{self.base}/pulls/{number}").data
        except HttpError as exc:
            if exc.kind == "status" and exc.status == 404:
                return None
            raise
        return data if isinstance(data, dict) else None

    def comment_pr(self, number: int, release, checklist: list[str], comment_count=None) -> tuple[str, bool]:
        if self._spoken(number, release.sha, comment_count):
            return "comment was already posted", False
        text = C.with_marker(C.pr_text(release, checklist), release.sha)
        self._write("POST", f"{self.base}/issues/{number}/comments", {"body": text})
        return "commented", True

"""Links from the audit's rows to the forge: the commit, and the pull or merge request its subject
names. Read from the ``origin`` remote's URL:

- ``https://host/owner/repo(.git)``, ``ssh://git@host(:port)/owner/repo.git``, ``git://...`` and
  scp-like ``git@host:owner/repo.git``; GitLab groups nest (``group/sub/repo``);
- GitLab when the host name contains ``gitlab`` (gitlab.com, gitlab.example.com), else GitHub
  (github.com and GitHub Enterprise hosts); ``--forge gitlab`` or ``--forge github`` says which for
  a host named otherwise (a self-managed GitLab at ``git.example.com``), ``--forge none`` links nothing.
- Links are always ``https://host/...`` (an ssh port is dropped: the web interface is on https).

Commit: ``/owner/repo/commit/SHA`` on GitHub, ``/group/repo/-/commit/SHA`` on GitLab; PR:
``/pull/N``, merge request: ``/-/merge_requests/N``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

KINDS = ("auto", "github", "gitlab", "none")
_SCP = re.compile(r"^(?:[^@/:\s]+@)?(?P<host>[A-Za-z0-9.-]+):(?P<path>(?!//)[^\s]+)$")
_PART = re.compile(r"^[A-Za-z0-9._~-]+$")


@dataclass(frozen=True)
class Forge:
    kind: str  # "github" or "gitlab"
    base: str  # https://host/owner/repo

    def commit_url(self, sha: str) -> str:
        return f"{self.base}/-/commit/{sha}" if self.kind == "gitlab" else f"{self.base}/commit/{sha}"

    def pr_url(self, n: int) -> str:
        return f"{self.base}/-/merge_requests/{n}" if self.kind == "gitlab" else f"{self.base}/pull/{n}"

    def to_json(self) -> dict:
        return {"kind": self.kind, "url": self.base}


def parse(url: str, kind: str = "auto") -> Forge | None:
    """The forge of a remote URL, or None when it is not one a link can be made for (a local path,
    a file:// URL, an odd host or path)."""
    if kind == "none":
        return None
    url = url.strip()
    host = path = ""
    if "://" in url:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http", "ssh", "git", "git+ssh", "ssh+git"):
            return None
        host, path = parts.hostname or "", parts.path
    else:
        m = _SCP.match(url)
        if not m:
            return None
        host, path = m.group("host"), m.group("path")
    host = host.lower().rstrip(".")
    if not host or not re.fullmatch(r"[a-z0-9.-]+", host) or "." not in host and host != "localhost":
        return None
    path = path.strip("/")
    if path.endswith(".git"):
        path = path[:-4]
    segs = [s for s in path.split("/") if s]
    if len(segs) < 2 or not all(_PART.match(s) for s in segs) or any(s in (".", "..") for s in segs):
        return None
    if kind == "auto":
        kind = "gitlab" if "gitlab" in host else "github"
    if kind == "github":
        segs = segs[-2:]  # owner/repo (a GitHub Enterprise URL may carry a path before them)
    return Forge(kind, f"https://{host}/" + "/".join(quote(s) for s in segs))


def of_repo(repo, kind: str = "auto") -> Forge | None:
    """The forge of the repository's ``origin`` remote (None without one)."""
    from custlint.sources import git

    if kind == "none":
        return None
    try:
        url = git.run(repo, "config", "--get", "remote.origin.url").strip()
    except git.GitFailed:
        return None
    return parse(url, kind) if url else None

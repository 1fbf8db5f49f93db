"""The GitLab REST API (v4) for the sticky MR note and GitLab issues as tickets, over custlint's one
HTTP client (``sources/http.py``: retries, timeouts, the size cap, credentials dropped on a
redirect to another host).

The API is ``$CI_API_V4_URL`` (GitLab sets it in every job; default ``https://gitlab.com/api/v4``).
The token is ``CUSTLINT_GITLAB_TOKEN`` (a project or group access token, or a personal one; sent as
``PRIVATE-TOKEN``), else the job's ``CI_JOB_TOKEN`` (sent as ``JOB-TOKEN``). Most GitLab versions
do not let a job token write MR notes or read issues: the messages say to set
``CUSTLINT_GITLAB_TOKEN`` then. A token goes only to that API's host and is never printed.

Pages: ``per_page=100``, followed by the ``Link: <...>; rel="next"`` header (offset and keyset
pagination), else ``X-Next-Page``.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator

from custlint.sources.github_api import MARKER, ApiError, keep_one, sticky_body
from custlint.sources.http import MAX_BYTES, Client, HttpError, _shown, _split

DEFAULT_API = "https://gitlab.com/api/v4"
TOKEN_VAR = "CUSTLINT_GITLAB_TOKEN"
MAX_PAGES = 1000
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_FIX = f"set {TOKEN_VAR} to a project access token (role Reporter or higher, scope api) as a masked CI/CD variable"


def credentials(env: dict[str, str]) -> tuple[str, str]:
    """``(token, kind)``: kind ``private`` (``CUSTLINT_GITLAB_TOKEN``), ``job`` (``CI_JOB_TOKEN``) or ''."""
    own = (env.get(TOKEN_VAR) or "").strip()
    if own:
        return own, "private"
    job = (env.get("CI_JOB_TOKEN") or "").strip()
    return (job, "job") if job else ("", "")


def project_ref(env: dict[str, str], given: str = "") -> str:
    """The ``:id`` of the project in API paths: ``given`` (a path such as ``group/app`` or an id), else
    ``CI_PROJECT_ID``, else ``CI_PROJECT_PATH``; a path is URL-encoded (``group%2Fapp``)."""
    value = (given or env.get("CI_PROJECT_ID") or env.get("CI_PROJECT_PATH") or "").strip()
    return urllib.parse.quote(value, safe="")


class GitLab:
    def __init__(
        self,
        token: str,
        kind: str,
        base_url: str = "",
        *,
        timeout: float = 20.0,
        retries: int = 4,
        max_wait: float = 60.0,
        user: str = "",
        max_bytes: int = MAX_BYTES,
        **client,
    ) -> None:
        self._token, self.kind = token, kind
        self.base = (base_url or DEFAULT_API).rstrip("/")
        self.shown = _shown(self.base)
        self.job_user = user  # GITLAB_USER_LOGIN: whom a job token acts for
        header = "PRIVATE-TOKEN" if kind == "private" else "JOB-TOKEN"
        self._http = Client(
            "GitLab",
            timeout=timeout,
            retries=retries,
            max_wait=max_wait,
            max_bytes=max_bytes,
            secrets=[token],
            headers={header: token, "User-Agent": "custlint"} if token else {"User-Agent": "custlint"},
            **client,
        )

    def __repr__(self) -> str:  # never the token
        return f"GitLab({self.shown!r})"

    def _request(self, method: str, url: str, body: dict | None = None) -> tuple[object, dict]:
        if not url.startswith(self.base + "/"):
            raise ApiError(0, f"refusing to send the GitLab token outside {self.shown}")
        parts = _split(url)
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise ApiError(0, f"{method}: CI_API_V4_URL is not a valid http(s) URL ({self.shown})", fatal=True)
        if parts.username is not None or parts.password is not None:
            raise ApiError(0, f"CI_API_V4_URL carries a user name or password ({self.shown}); remove them", fatal=True)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        try:
            resp = self._http.request(
                method, url, body=data, headers={"Content-Type": "application/json"} if data is not None else None
            )
        except HttpError as exc:
            raise self._error(exc, method, parts.path) from None
        try:
            return (json.loads(resp.body.decode("utf-8")) if resp.body else None), resp.headers
        except ValueError:
            raise ApiError(0, f"{method} {parts.path}: GitLab's answer is not JSON; check CI_API_V4_URL") from None

    def _error(self, exc: HttpError, method: str, path: str) -> ApiError:
        what = f"{method} {path}"
        if exc.kind == "redirect":
            return ApiError(exc.status, f"{what}: {exc}", fatal=True)
        if exc.kind == "status":
            hint = ""
            if exc.status == 401 and not self.kind:
                hint = f"; no token was sent: set {TOKEN_VAR}"
            elif exc.status == 401:
                hint = f"; the token was refused ({'CI_JOB_TOKEN' if self.kind == 'job' else TOKEN_VAR}: expired or wrong?)"
            elif exc.status == 403 and self.kind == "job":
                hint = f"; this GitLab does not let CI_JOB_TOKEN do this: {_FIX}"
            elif exc.status == 403:
                hint = f"; {TOKEN_VAR} lacks the role or scope for this (Reporter or higher, scope api)"
            elif exc.status == 404:
                hint = "; no such project or merge request, or the token cannot see it"
            err = ApiError(0, f"{what}: HTTP {exc.status}{hint}")  # the status said once, before the hint
            err.status = exc.status
            return err
        return ApiError(0, str(exc))  # the client's own one line: the URL, the cause, the attempts

    # -- pages -------------------------------------------------------------------------------------

    def pages(self, url: str) -> Iterator[list]:
        """Each page of a list endpoint, following ``Link: rel="next"`` or ``X-Next-Page``."""
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            data, headers = self._request("GET", url)
            if not isinstance(data, list):
                raise ApiError(0, f"GET {_split(url).path}: GitLab answered {type(data).__name__}, not a list")
            yield data
            m = _NEXT.search(headers.get("link", ""))
            if m:
                nxt = m.group(1)
                if urllib.parse.urlsplit(nxt)[:2] != urllib.parse.urlsplit(self.base)[:2]:
                    raise ApiError(0, "GitLab pointed the next page at another host; refusing to send the token there")
            elif (headers.get("x-next-page") or "").strip().isdigit():
                nxt = _with_page(url, headers["x-next-page"].strip())
            else:
                return
            if nxt in seen or nxt == url:
                return
            seen.add(nxt)
            url = nxt
        raise ApiError(0, f"GitLab: more than {MAX_PAGES} pages at {self.shown}; narrow the query")

    # -- who writes --------------------------------------------------------------------------------

    def identity(self) -> str:
        """The user name the token writes notes as: ``GET /user`` for an access token (a project
        token's bot user), ``GITLAB_USER_LOGIN`` for the job token (it acts for that user); '' when
        that cannot be known. Read once per client."""
        if not hasattr(self, "_identity"):
            if self.kind == "job":
                self._identity = self.job_user
            else:
                data, _ = self._request("GET", f"{self.base}/user")
                name = data.get("username") if isinstance(data, dict) else None
                if not isinstance(name, str) or not name:
                    raise ApiError(0, "GET /user: GitLab's answer names no username")
                self._identity = name
        return self._identity

    # -- MR notes ----------------------------------------------------------------------------------

    def _notes_url(self, project: str, iid: str) -> str:
        return f"{self.base}/projects/{project}/merge_requests/{urllib.parse.quote(str(iid), safe='')}/notes"

    def mr_notes(self, project: str, iid: str) -> Iterator[dict]:
        url = self._notes_url(project, iid) + "?per_page=100&sort=asc&order_by=created_at"
        for page in self.pages(url):
            yield from (n for n in page if isinstance(n, dict))

    def create_note(self, project: str, iid: str, body: str) -> dict:
        data, _ = self._request("POST", self._notes_url(project, iid), {"body": body})
        return data if isinstance(data, dict) else {}

    def update_note(self, project: str, iid: str, note_id: int, body: str) -> dict:
        data, _ = self._request("PUT", f"{self._notes_url(project, iid)}/{note_id}", {"body": body})
        return data if isinstance(data, dict) else {}

    # -- issues ------------------------------------------------------------------------------------

    def issues(self, project: str) -> Iterator[list]:
        yield from self.pages(
            f"{self.base}/projects/{project}/issues?scope=all&per_page=100&order_by=created_at&sort=asc"
        )


def _with_page(url: str, page: str) -> str:
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", page))
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def written_by(note: dict, identity: str) -> bool:
    """Whether ``note`` is a user note (not a system note) whose author is ``identity``. Only
    ``author.username`` counts: the body is anyone's to write."""
    if not identity or note.get("system") is True:
        return False
    author = note.get("author")
    name = author.get("username") if isinstance(author, dict) else None
    return isinstance(name, str) and name.lower() == identity.lower()


def note_body(markdown: str) -> str:
    """The note's text: the marker, then ``markdown`` with every line that GitLab would run as a
    quick action (``/close``, ``/merge``, ``/label``: a line starting with ``/``) escaped to show as text."""
    lines = [("\\" + line) if line.lstrip().startswith("/") else line for line in markdown.split("\n")]
    return sticky_body("\n".join(lines))


def upsert_note(client: GitLab, project: str, iid: str, markdown: str, *, has_findings: bool) -> str:
    """Create or edit the one custlint note on a merge request; returns what happened, in words.

    As on GitHub (:func:`custlint.sources.github_api.upsert_sticky`): the note is found again by
    :data:`MARKER`, among the notes the token's own identity wrote only; anyone can post the marker,
    and such a note is never edited nor read. With nothing to report and no note yet, nothing is posted.
    """
    body = note_body(markdown)
    marked = [n for n in client.mr_notes(project, iid) if MARKER in str(n.get("body") or "")]
    identity = client.identity() if marked else ""
    if marked and not identity:
        raise ApiError(0, "cannot tell whom the job token writes as (no GITLAB_USER_LOGIN); " + _FIX)
    return keep_one(
        [n for n in marked if written_by(n, identity)],
        body,
        has_findings=has_findings,
        create=lambda: client.create_note(project, iid, body),
        update=lambda nid: client.update_note(project, iid, nid, body),
        noun="MR note",
    )

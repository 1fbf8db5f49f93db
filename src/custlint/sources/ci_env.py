"""The CI environment, read in one place, once per run, into a plain object.

Which CI runs custlint and what it says about the change: GitHub Actions (``GITHUB_*``), GitLab
(``GITLAB_CI``, ``CI_MERGE_REQUEST_*``, ...), any CI at all (``CI`` and friends), the credentials
of the live sources (``GITHUB_TOKEN``, ``JIRA_*``, GitLab's), what pre-commit says about a push
(``PRE_COMMIT_FROM_REF`` ...), and how the terminal wants its output (``NO_COLOR``, ``FORCE_COLOR``, ``TERM``).
custlint's own settings (``CUSTLINT_*``, the cache folder) are read where they are used
(:mod:`custlint.core.usercache`, :mod:`custlint.cli`).

:func:`read` builds a :class:`CIEnv` from any mapping; :func:`load` reads the process
environment and makes it the run's (a command's :class:`~custlint.commands._common.Context` does
so once); :func:`current` is the run's, for code no context is handed to (a rule at rule time).
"""

from __future__ import annotations

import os

from custlint.core.record import Record

# a variable any of these CIs sets: no progress bar there
CI_MARKERS = ("CI", "GITHUB_ACTIONS", "GITLAB_CI", "BUILDKITE", "JENKINS_URL", "TF_BUILD")
# what the GitLab MR reader takes (custlint.sources.gitlab_env.read_env), and the GitLab API's
# address and credentials (custlint.sources.gitlab_api: the MR note, GitLab issues)
_GITLAB = (
    "CI_PROJECT_PATH",
    "CI_COMMIT_SHA",
    "CI_PROJECT_ID",
    "CI_API_V4_URL",
    "CI_JOB_TOKEN",
    "GITLAB_USER_LOGIN",
    "CUSTLINT_GITLAB_TOKEN",
)
# what pre-commit tells a pre-push (or `run --from-ref/--to-ref`) hook about the push
PRE_COMMIT_PUSH = ("PRE_COMMIT_FROM_REF", "PRE_COMMIT_TO_REF", "PRE_COMMIT_LOCAL_BRANCH", "PRE_COMMIT_REMOTE_BRANCH")


class CIEnv(Record):
    """What the environment says; every value as the variable holds it ('' when unset)."""

    __slots__ = (
        "github_actions",
        "event_path",
        "event_name",
        "step_summary",
        "base_ref",
        "api_url",
        "token",
        "gh_token",
        "repository",
        "workspace",
        "gitlab_ci",
        "project_dir",
        "gitlab",
        "in_ci",
        "jira_base_url",
        "jira_email",
        "jira_api_token",
        "no_color",
        "force_color",
        "term",
        "git_dir",
        "pre_commit",
    )

    def __init__(
        self,
        github_actions: bool = False,
        event_path: str = "",
        event_name: str = "",
        step_summary: str = "",
        base_ref: str = "",
        api_url: str = "",
        token: str = "",
        gh_token: str = "",
        repository: str = "",
        workspace: str = "",
        gitlab_ci: str = "",
        project_dir: str = "",
        gitlab: dict | None = None,
        in_ci: bool = False,
        jira_base_url: str = "",
        jira_email: str = "",
        jira_api_token: str = "",
        no_color: str = "",
        force_color: str = "",
        term: str = "",
        git_dir: str = "",
        pre_commit: dict | None = None,
    ) -> None:
        self.github_actions = github_actions  # GITHUB_ACTIONS == "true"
        self.event_path = event_path  # GITHUB_EVENT_PATH: the event payload
        self.event_name = event_name  # GITHUB_EVENT_NAME
        self.step_summary = step_summary  # GITHUB_STEP_SUMMARY: the job summary file
        self.base_ref = base_ref  # GITHUB_BASE_REF: a PR's target branch
        self.api_url = api_url  # GITHUB_API_URL
        self.token = token  # GITHUB_TOKEN
        self.gh_token = gh_token  # GH_TOKEN
        self.repository = repository  # GITHUB_REPOSITORY: OWNER/NAME
        self.workspace = workspace  # GITHUB_WORKSPACE
        self.gitlab_ci = gitlab_ci  # GITLAB_CI
        self.project_dir = project_dir  # CI_PROJECT_DIR (GitLab)
        self.gitlab = {} if gitlab is None else gitlab  # CI_MERGE_REQUEST_*, CI_PROJECT_*, the API's URL and tokens
        self.in_ci = in_ci  # any of CI_MARKERS is set
        self.jira_base_url = jira_base_url  # JIRA_BASE_URL
        self.jira_email = jira_email  # JIRA_EMAIL
        self.jira_api_token = jira_api_token  # JIRA_API_TOKEN
        self.no_color = no_color  # NO_COLOR
        self.force_color = force_color  # FORCE_COLOR
        self.term = term  # TERM
        self.git_dir = git_dir  # GIT_DIR: the repository git runs a hook for, when git says so
        self.pre_commit = {} if pre_commit is None else pre_commit  # PRE_COMMIT_PUSH that are set

    @property
    def target_branch(self) -> str:
        """The branch the PR/MR merges into, as the CI variable holds it (``GITHUB_BASE_REF``, else
        ``CI_MERGE_REQUEST_TARGET_BRANCH_NAME``); '' outside a PR/MR pipeline."""
        return self.base_ref or self.gitlab.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "")

    @property
    def root(self) -> str:
        """The checkout the CI job runs in (``GITHUB_WORKSPACE``, else ``CI_PROJECT_DIR``); '' outside CI."""
        return self.workspace or self.project_dir

    @property
    def gitlab_mr(self) -> bool:
        """A GitLab job, or a merge request pipeline's variables."""
        return bool(self.gitlab_ci or self.gitlab.get("CI_MERGE_REQUEST_IID"))

    def pipeline_target(self) -> str:
        """The branch the PR/MR being built merges into, without ``refs/heads/``: the target branch
        variables, else a merge queue's base (read from the ``merge_group`` payload); '' outside a
        PR/MR pipeline."""
        if self.target_branch:
            return self.target_branch.removeprefix("refs/heads/")
        if self.event_name == "merge_group" and self.event_path:
            import json

            try:
                with open(self.event_path, encoding="utf-8") as fh:
                    group = json.load(fh).get("merge_group") or {}
                ref = group.get("base_ref") or ""
            except (OSError, ValueError, AttributeError):
                ref = ""
            if isinstance(ref, str) and ref:
                return ref.removeprefix("refs/heads/")
        return ""

    def env_stamp(self) -> dict[str, str]:
        """The variables judging a commit depends on (the done rules read the target branch), for
        the audit's result-cache fingerprint."""
        return {
            "GITHUB_BASE_REF": self.base_ref,
            "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": self.gitlab.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", ""),
        }


def github_actions(environ=None) -> bool:
    """Whether this is a GitHub Actions job (``GITHUB_ACTIONS=true``), without reading the rest."""
    return (os.environ if environ is None else environ).get("GITHUB_ACTIONS") == "true"


def read(environ=None) -> CIEnv:
    """A :class:`CIEnv` from ``environ`` (any mapping of names to values; default: the process environment)."""
    env = os.environ if environ is None else environ
    get = env.get
    return CIEnv(
        github_actions=github_actions(env),
        event_path=get("GITHUB_EVENT_PATH") or "",
        event_name=get("GITHUB_EVENT_NAME") or "",
        step_summary=get("GITHUB_STEP_SUMMARY") or "",
        base_ref=get("GITHUB_BASE_REF") or "",
        api_url=get("GITHUB_API_URL") or "",
        token=get("GITHUB_TOKEN") or "",
        gh_token=get("GH_TOKEN") or "",
        repository=get("GITHUB_REPOSITORY") or "",
        workspace=get("GITHUB_WORKSPACE") or "",
        gitlab_ci=get("GITLAB_CI") or "",
        project_dir=get("CI_PROJECT_DIR") or "",
        gitlab={k: v for k, v in env.items() if k.startswith("CI_MERGE_REQUEST_") or k in _GITLAB},
        in_ci=any(get(v) for v in CI_MARKERS),
        jira_base_url=get("JIRA_BASE_URL") or "",
        jira_email=get("JIRA_EMAIL") or "",
        jira_api_token=get("JIRA_API_TOKEN") or "",
        no_color=get("NO_COLOR") or "",
        force_color=get("FORCE_COLOR") or "",
        term=get("TERM") or "",
        git_dir=get("GIT_DIR") or "",
        pre_commit={k: env[k] for k in PRE_COMMIT_PUSH if env.get(k)},
    )


_CURRENT: list[CIEnv] = []


def load(environ=None) -> CIEnv:
    """Read the environment (:func:`read`) and make it the run's: what :func:`current` returns."""
    ci = read(environ)
    _CURRENT[:] = [ci]
    return ci


def current() -> CIEnv:
    """The run's CI environment (read now if no command has read it yet)."""
    return _CURRENT[0] if _CURRENT else load()

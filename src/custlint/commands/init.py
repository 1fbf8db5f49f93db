"""custlint init: set a repository up: config, PR template, pre-commit hook and CI workflow.

Nothing that exists is overwritten unless ``--force``; a ``pyproject.toml`` and an existing
``.pre-commit-config.yaml`` are only ever appended to, never rewritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from custlint.core.files import shown
from custlint.errors import UserError

HELP = "write the config, a PR template, the pre-commit entry and the CI workflow (never overwrites without --force)"

_HERE = Path(__file__).resolve().parent.parent / "init_templates"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--dir", metavar="DIR", default=".", help="the repository's top folder (default: the working directory)"
    )
    parser.add_argument(
        "--ci",
        choices=("github", "gitlab", "none"),
        help="which CI to write for (default: gitlab when .gitlab-ci.yml exists, else github)",
    )
    parser.add_argument(
        "--force", action="store_true", help="overwrite files custlint wrote before (or that are in the way)"
    )
    parser.add_argument(
        "--deploy",
        action="store_true",
        help="also run `custlint release` after each production deploy (GitHub: deployment_status, "
        "release published, release tag push; GitLab: the custlint-release job on release tags)",
    )


def template(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


class _Writer:
    def __init__(self, root: Path, force: bool) -> None:
        self.root, self.force = root, force
        self.lines: list[str] = []

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        if path.exists() and not self.force:
            self.lines.append(f"kept     {rel} (exists; --force overwrites it)")
            return
        existed = path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
        self.lines.append(f"{'replaced' if existed else 'created '} {rel}")

    def append(self, rel: str, text: str, what: str) -> None:
        path = self.root / rel
        try:
            with path.open("a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UserError(f"cannot write {shown(path)}: {exc.strerror or exc}") from None
        self.lines.append(f"appended {what} to {rel}")


HISTORY_SCAN = 2000  # commits read for the ticket keys a team uses
MIN_USES = 3  # a project key counts once this many commits use it as a reference


def history_projects(root: Path, limit: int = HISTORY_SCAN) -> list[str]:
    """The Jira-style project keys the last ``limit`` commits use as references, most used first:
    a key a team writes again and again is its tracker's ("SHOP"); one that comes up once is prose."""
    from collections import Counter

    from custlint.core.config import default_config
    from custlint.document.refs import find_refs
    from custlint.errors import UserError as _NoRepo
    from custlint.sources import git

    try:
        repo = git.open_repo(str(root))
        log = git.run(repo, "log", f"-n{limit}", "--no-merges", "--format=%B%x00", check=False)
    except (_NoRepo, git.GitFailed, OSError):
        return []
    not_keys = default_config().not_ticket_keys
    uses: Counter[str] = Counter()
    for message in log.split("\x00"):
        projects = {r.id.rsplit("-", 1)[0] for r in find_refs(message.strip(), not_keys=not_keys) if r.kind == "jira"}
        uses.update(projects)
    return [key for key, n in uses.most_common() if n >= MIN_USES]


def _ticket_projects(body: str, root: Path) -> tuple[str, str]:
    """The config template with the history's project keys written in, and a line saying so."""
    keys = history_projects(root)
    if not keys:
        return body, ""
    line = "ticket-projects = [" + ", ".join(f'"{k}"' for k in keys[:10]) + "]   # the keys your history uses"
    return body.replace(
        '# ticket-projects = ["SHOP"]       # Jira keys that count as ticket references', line
    ), f"ticket-projects: {', '.join(keys[:10])} (the keys the last {HISTORY_SCAN:,} commits use as references)"


def _config(w: _Writer) -> None:
    from custlint.core.config import _read_toml, _table_of

    body, found = _ticket_projects(template("custlint.toml"), w.root)
    if found:
        w.lines.append(f"found    {found}")
    py = w.root / "pyproject.toml"
    dot = w.root / ".custlint.toml"
    if dot.exists():
        w.write(".custlint.toml", body)
        return
    if py.is_file():
        if _table_of(py, _read_toml(py)) is not None:
            w.lines.append("kept     pyproject.toml [tool.custlint] (custlint never rewrites pyproject.toml)")
            return
        text = py.read_text(encoding="utf-8")
        table = re.sub(r"^\[production\]", "[tool.custlint.production]", body, flags=re.M)
        head, _, rest = table.partition("\nselect")
        addition = f"{'' if text.endswith(chr(10)) or not text else chr(10)}\n{head}\n[tool.custlint]\nselect{rest}"
        w.append("pyproject.toml", addition, "[tool.custlint]")
        return
    w.write(".custlint.toml", body)


def _pre_commit(w: _Writer) -> None:
    from custlint import __version__

    rel = ".pre-commit-config.yaml"
    entry = template("pre-commit-entry.yaml").replace("{version}", __version__)
    path = w.root / rel
    if not path.exists():
        w.write(rel, "repos:\n" + entry)
        return
    text = path.read_text(encoding="utf-8")
    if "custlint-commit-msg" in text:
        w.lines.append(f"kept     {rel} (already has custlint-commit-msg)")
        return
    top_keys = [m.group(1) for m in re.finditer(r"^([A-Za-z_][\w-]*):", text, re.M)]
    if not w.force:
        w.lines.append(f"kept     {rel} (exists; --force appends the custlint-commit-msg hook to its repos)")
        return
    if not top_keys or top_keys[-1] != "repos" or re.search(r"^repos:\s*\[", text, re.M):
        w.lines.append(f"kept     {rel} (its repos list is not last; add this under repos:)\n{entry.rstrip()}")
        return
    w.append(rel, ("" if text.endswith("\n") else "\n") + entry, "the custlint-commit-msg hook")


_GITHUB_TRIGGERS = """  # custlint release: after a production deploy, close the tickets now in production
  deployment_status:
  release:
    types: [published]
  push:
    tags: ["v*"]  # keep equal to [production] release-tags
"""
_GITHUB_RELEASE_JOB = """  release:
    # a successful production deployment, a published release, or a release tag pushed
    if: >-
      (github.event_name == 'deployment_status' && github.event.deployment_status.state == 'success')
      || github.event_name == 'release' || github.event_name == 'push'
    runs-on: ubuntu-latest
    permissions:
      contents: read
      issues: write  # close and comment on the tickets (GitHub issues) and comment on merged PRs
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}  # the release's commits back to the previous production point, and the tags
      - uses: custlint/custlint@v0
        with:
          command: release
"""
_GITLAB_DEPLOY = """
# custlint init --deploy: run the custlint-release job in release tag pipelines
variables:
  CUSTLINT_RELEASE: "tags"
"""


def with_release_job(workflow: str) -> str:
    """The GitHub workflow with the release triggers and job added; the PR job keeps to PR events."""
    for anchor in ("  merge_group:\n", "jobs:\n  custlint:\n    runs-on:"):
        if anchor not in workflow:
            raise UserError("the workflow template changed shape; --deploy cannot add the release job to it")
    out = workflow.replace("  merge_group:\n", "  merge_group:\n" + _GITHUB_TRIGGERS, 1)
    out = out.replace(
        "jobs:\n  custlint:\n    runs-on:",
        "jobs:\n  custlint:\n    if: github.event_name == 'pull_request' || github.event_name == 'merge_group'\n    runs-on:",
        1,
    )
    return out.rstrip("\n") + "\n" + _GITHUB_RELEASE_JOB


def run(args) -> int:
    root = Path(args.dir)
    if not root.is_dir():
        raise UserError(f"--dir {args.dir}: not a folder")
    ci = args.ci or ("gitlab" if (root / ".gitlab-ci.yml").exists() else "github")
    w = _Writer(root, args.force)
    _config(w)
    if ci == "gitlab":
        w.write(".gitlab/merge_request_templates/Default.md", template("pull_request_template.md"))
    else:
        w.write(".github/pull_request_template.md", template("pull_request_template.md"))
    _pre_commit(w)
    from custlint import __version__

    if ci == "github":
        workflow = template("github-workflow.yml").replace("{version}", __version__)
        workflow = workflow.replace("{major}", __version__.split(".")[0])
        w.write(".github/workflows/custlint.yml", with_release_job(workflow) if args.deploy else workflow)
    elif ci == "gitlab":
        text = template("gitlab-ci.yml")
        w.write(".gitlab/custlint.gitlab-ci.yml", text + _GITLAB_DEPLOY if args.deploy else text)
    print("\n".join(w.lines))
    print(
        f"pinned   custlint v{__version__} (the release of this custlint) in the files above; until that tag "
        "is published on github.com/custlint/custlint, pin a full commit SHA instead (see the comments in them)"
    )
    print(
        "next: `pre-commit install --hook-type commit-msg`"
        + ("; include .gitlab/custlint.gitlab-ci.yml from .gitlab-ci.yml" if ci == "gitlab" else "")
        + "; set [production] branches if your target branch deploys on merge"
        + ("; the release job needs a ticket source ([tickets] source)" if args.deploy else "")
    )
    return 0

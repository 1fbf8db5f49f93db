"""Every configuration key: its type, default and documentation, the single source that
:mod:`custlint.core.config` validates and builds the typed config from, and that ``custlint config``
and the README's table print."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Any

STR_LIST = "list of strings"
SEVERITY_TABLE = "table of rule = severity"

# The keys whose values are paths relative to the file that sets them: a base config's (`extend`)
# are made absolute against the base's folder, so that they keep pointing where the base means.
PATH_KEYS = frozenset(
    ("rule-paths", "code-root", "production.deploy-log", "tickets.paths", "tickets.export", "tickets.cache")
)

# key -> (type, default, documentation). Tables nest: a dict value is a sub-schema.
SCHEMA: dict[str, Any] = {
    "extend": (
        str,
        "",
        "A base config file this one inherits from (`../shared/custlint.toml`, a `pyproject.toml` with `[tool.custlint]`, `~` and `$VARS` expanded), relative to the file that names it; bases may extend further bases. This file's keys override the base's, tables (`severity`, `production`, `tickets`, `exempt`) merge key by key, a file that sets `select` starts the rule selection afresh while `extend-select` and `ignore` add to the base's, and every other list replaces the base's. Relative paths in a base stay relative to the base.",
    ),
    "select": (
        STR_LIST,
        ["ALL"],
        "Rules to run, by code, code prefix (`CP`, `KP2`) or name. `ALL` is every rule that is on by default.",
    ),
    "extend-select": (STR_LIST, [], "Rules to add to `select`, including rules that are off by default."),
    "ignore": (
        STR_LIST,
        [],
        "Rules to switch off, by code, prefix or name. The most specific of select and ignore wins.",
    ),
    "severity": (SEVERITY_TABLE, {}, 'Per-rule severity override: `{ KP203 = "error" }` (error, warning, info).'),
    "rule-paths": (STR_LIST, [], "Folders (or files) of your own TOML rule packs, relative to the config file."),
    "rule-packs": (
        STR_LIST,
        [],
        "Rule packs installed as Python packages, by entry point name (group `custlint.rule_packs`): their rules are then selectable like the shipped ones. Empty: installed packages are not looked up.",
    ),
    "exempt-types": (
        STR_LIST,
        ["docs", "chore", "ci", "build", "test", "style"],
        "Conventional Commits types that are exempt from the link rules.",
    ),
    "bot-authors": (
        STR_LIST,
        ["dependabot[bot]", "renovate[bot]", "github-actions[bot]"],
        "Commit authors (name or e-mail) whose commits are exempt. Any author ending in `[bot]` is a bot too.",
    ),
    "exempt": {
        "title": (
            STR_LIST,
            [],
            "Regular expressions searched in the title (commit subject, PR/MR title): a match exempts the work (reported as exempt, with the pattern).",
        ),
        "body": (STR_LIST, [], "Regular expressions searched in the body or description: a match exempts the work."),
        "author": (
            STR_LIST,
            [],
            "Regular expressions searched in the author's name and e-mail (`^release-bot@`): a match exempts the work.",
        ),
        "skip-labels": (
            STR_LIST,
            ["custlint-skip"],
            "PR/MR labels that skip custlint (`no-customer-impact`), compared ignoring case, spaces, `-` and `_`: the description must say why in a `Custlint-Skip: <reason>` line or a `Skip reason` section, else the PR is judged and the missing reason is finding CP102.",
        ),
    },
    "default-branch": (
        str,
        "",
        "The branch `custlint commits` measures from. Empty: `origin/HEAD`, else `main`, else `master`.",
    ),
    "ticket-projects": (
        STR_LIST,
        [],
        "Jira-style project keys that count as ticket references (`SHOP` for SHOP-12), wherever they stand. Empty: a key counts where it is used as a reference (`SHOP-12: ...`, `Refs SHOP-12`, `[SHOP-12]`), except the words in `not-ticket-keys`; `custlint init` writes the keys your history uses.",
    ),
    "ticket-from-branch": (
        bool,
        False,
        "Read a Jira-style ticket key from the branch name (`feature/SHOP-12-reorder`): a PR/MR's head branch, and the branch the commit-msg hook commits to (not commits read from history). It counts as a reference to that ticket, as `Refs SHOP-12` would and nothing more (with a ticket source the ticket's customer problem and KPI are judged, TK101-TK103). A key in capitals counts unless in `not-ticket-keys`; a lower-case one (`feature/shop-12-x`) only for a project in `ticket-projects`.",
    ),
    "not-ticket-keys": (
        STR_LIST,
        [
            "UTF",
            "SHA",
            "ISO",
            "RFC",
            "CVE",
            "HTTP",
            "TLS",
            "SSL",
            "PEP",
            "ES",
            "MD",
            "AES",
            "RSA",
            "UCS",
            "X",
            "GPL",
            "LGPL",
            "CP",
            "COVID",
            "ARM",
            "IPV",
            "BASE",
            "GHSA",
            "GPT",
            "ECMA",
            "IEEE",
            "H",
            "MP",
        ],
        "Upper-case words that look like Jira keys but are not tickets (UTF-8, SHA-256, COVID-19).",
    ),
    "ticket-url-patterns": (
        STR_LIST,
        [],
        "Regular expressions of further issue-tracker URLs that count as ticket references (`https://tracker\\.acme\\.com/item/\\d+`), beside the built-in GitHub, GitLab, Jira, Bugzilla, Linear, YouTrack, Azure DevOps, Redmine, Trac, Phabricator, Shortcut, Canny and UserVoice forms.",
    ),
    "comment-char": (str, "#", "git's `core.commentChar`: lines starting with it are dropped from a commit message."),
    "personas": (
        STR_LIST,
        [],
        "Extra words that name your customers (`merchant`, `rider`); added to the built-in personas.",
    ),
    "draft-prs": (
        ("check", "exempt"),
        "check",
        "`check` judges draft PRs/MRs like any other; `exempt` reports them as exempt (drafts cannot merge).",
    ),
    "production": {
        "branches": (
            STR_LIST,
            [],
            "Target branches that deploy to production on merge: there, closing keywords and done labels are allowed (and custlint says so).",
        ),
        "deploy-on-merge": (
            bool,
            False,
            "Every target branch deploys to production on merge (trunk-based continuous deployment).",
        ),
        "done-labels": (
            STR_LIST,
            ["done", "status: done", "shipped"],
            "PR/MR labels that claim the work is done (compared ignoring case and spaces).",
        ),
        "release-tags": (
            STR_LIST,
            ["v*"],
            "Glob patterns of the tags that mark a production release: a done ticket is deployed once one contains its commits, and `custlint audit` measures lead time to the first one that contains a commit. Empty: no release tags.",
        ),
        "environments": (
            STR_LIST,
            ["production"],
            "Deployment environments that are production (case-insensitive): in the `deploy-log` and in GitHub deployments.",
        ),
        "deploy-log": (
            str,
            "",
            'A JSON-lines deployment log a CD pipeline appends to: one `{"sha", "environment", "time", "id"}` object a line. Relative to the config file. Production evidence for done tickets.',
        ),
        "done-transitions": (
            STR_LIST,
            ["done", "close", "closed", "resolve", "resolved", "finish", "finish-work", "complete", "completed"],
            "Jira Smart Commit transitions (`SHOP-12 #done`) that move an issue to a done state.",
        ),
    },
    "tickets": {
        "source": (
            str,
            "",
            "Where tickets live, for `custlint tickets` and the ticket link rules (TK1xx): `files`, `github-json`, `jira-json`, `gitlab-json`, `github`, `gitlab` or `jira`. Empty: no ticket source; `custlint tickets` reads `paths`.",
        ),
        "paths": (
            STR_LIST,
            ["tickets"],
            "Folders (or files) of Markdown ticket files with YAML (`---`) or TOML (`+++`) front matter, relative to the config file.",
        ),
        "export": (
            str,
            "",
            "The JSON export `github-json` / `jira-json` / `gitlab-json` read when no FILE is given (relative to the config file).",
        ),
        "repo": (
            str,
            "",
            'OWNER/NAME of the GitHub repository whose issues are the tickets: read by `source = "github"` (token from `GITHUB_TOKEN`, API from `GITHUB_API_URL`), and the only repository whose `owner/repo#N` references and issue URLs count as tickets. For `source = "gitlab"`: the GitLab project, `GROUP/PROJECT` or its numeric id (default in a GitLab job: `CI_PROJECT_ID`; token from `CUSTLINT_GITLAB_TOKEN`, else `CI_JOB_TOKEN`; API from `CI_API_V4_URL`).',
        ),
        "jql": (
            str,
            "",
            'The JQL query for `source = "jira"` (`JIRA_BASE_URL`, `JIRA_EMAIL`, `JIRA_API_TOKEN`), e.g. `project = SHOP`.',
        ),
        "jira-search-path": (
            str,
            "/rest/api/3/search/jql",
            "The Jira search endpoint: `/rest/api/3/search/jql` (Jira Cloud, token pages) or `/rest/api/2/search` (Server/Data Center, startAt pages).",
        ),
        "cache": (
            str,
            ".custlint/tickets.json",
            "The local ticket cache the link rules read (written by `custlint tickets --refresh`), relative to the config file.",
        ),
        "cache-max-age-hours": (float, 24, "Older caches still count but get a warning; 0 never warns."),
        "done-statuses": (
            STR_LIST,
            ["done", "closed", "resolved", "shipped"],
            "Statuses that mean done (case-insensitive). Jira's done status category always does.",
        ),
        "kpi-review-grace-days": (
            float,
            28,
            "Days after a done ticket's KPI window ends (counted from its production time) before its missing KPI result counts as overdue in `custlint audit`; TK302 says when it is due.",
        ),
        "timeout": (float, 20, "Seconds to wait for each answer of the GitHub or Jira API."),
        "retries": (
            int,
            4,
            "Retries of an API request after a 429, a 5xx or a timeout, with exponential backoff honouring `Retry-After`.",
        ),
        "max-retry-wait": (float, 60, "The longest wait (seconds) before one retry, whatever `Retry-After` says."),
    },
    "code-root": (
        str,
        "",
        "Folder of the Python code (relative to the config file) in which metric keys named in KPIs are looked up; `--code-root` overrides. Empty: KPI metric keys are not looked up, and `custlint code`/`custlint kpis` use the working directory.",
    ),
    "metric-calls": (
        STR_LIST,
        [],
        "In-house metric calls that emit a metric, as dotted names with `*` wildcards (`telemetry.emit`, `*.track_metric`); the key is the first argument or a `name=`/`metric=`/`key=` keyword.",
    ),
    "code-exclude": (
        STR_LIST,
        [],
        "Paths under the code root to skip, as globs relative to it (`migrations`, `tests/*`, `vendor/*.py`); "
        "files named on the command line (the pre-commit hook's) are skipped too.",
    ),
    "rule-docs-url": (
        str,
        "",
        "The page of each rule that SARIF links (`helpUri`): a URL with `{code}`, `{name}` and `{version}` "
        "placeholders, for every rule, your own packs' too. Empty: the shipped rules link "
        "`https://github.com/custlint/custlint/blob/v{version}/docs/rules/{code}.md`, your own none.",
    ),
}


def _type_name(kind: Any) -> str:
    if isinstance(kind, tuple):
        return "one of " + ", ".join(f'"{k}"' for k in kind)
    return (
        kind
        if isinstance(kind, str)
        else {str: "a string", bool: "true or false", int: "a whole number", float: "a number"}.get(kind, str(kind))
    )


def describe() -> list[tuple[str, str, Any, str]]:
    """(key, type, default, doc) for every key, for the README and `custlint config`."""
    rows: list[tuple[str, str, Any, str]] = []

    def walk(schema: dict[str, Any], prefix: str) -> None:
        for key, spec in schema.items():
            if isinstance(spec, dict):
                walk(spec, f"{prefix}{key}.")
            else:
                rows.append((prefix + key, _type_name(spec[0]), spec[1], spec[2]))

    walk(SCHEMA, "")
    return rows

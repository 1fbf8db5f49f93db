"""Every configuration key: its type, default and documentation, the single source that
:mod:`custlint.core.config` validates and builds the typed config from, and that ``custlint config``
and the README's table print."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Any

STR_LIST = "list of strings"
SEVERITY_TABLE = "table of rule = severity"

# key -> (type, default, documentation). Tables nest: a dict value is a sub-schema.
SCHEMA: dict[str, Any] = {
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
        "Regular expressions of further issue-tracker URLs that count as ticket references (`https://tracker\\.acme\\.com/item/\\d+`), beside the built-in GitHub, GitLab, Jira, Bugzilla, Linear, YouTrack, Azure DevOps, Redmine, Trac, Phabricator and Shortcut forms.",
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
        "Paths under the code root to skip, as globs relative to it (`migrations`, `tests/*`, `vendor/*.py`).",
    ),
}

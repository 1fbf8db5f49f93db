"""Words custlint recognises: section names, placeholders, personas.

Kept as data in one place so the analysis, the docs and the tests agree.
"""

from __future__ import annotations

import re

# Section and trailer names, normalised (lower case, single spaces, no punctuation).
PROBLEM_NAMES = (
    "customer problem", "customer-problem", "problem", "problem statement", "the problem",
    "who is affected", "whos affected", "why", "motivation", "customer impact", "user problem",
    "customer pain", "pain point", "context and problem",
)
KPI_NAMES = (
    "kpi", "kpis", "success metric", "success metrics", "how we will know", "how will we know",
    "measure of success", "measures of success", "metric", "metrics", "success criteria", "key metric",
    "target metric",
)
SKIP_TRAILER = "custlint-skip"

PLACEHOLDERS = re.compile(
    r"\A\W*(?:tbd|tbc|todo|n/?a|none|nothing|-+|\.\.\.|…|\?+|see ticket|see jira|see issue|see above|"
    r"to be (?:defined|decided|determined)|fill (?:this )?in|coming soon|later|wip|xxx)\W*\Z",
    re.IGNORECASE,
)

DEFAULT_PERSONAS = (
    "customer", "customers", "user", "users", "end user", "end users", "buyer", "buyers", "shopper",
    "shoppers", "consumer", "consumers", "client", "clients", "seller", "sellers", "merchant",
    "merchants", "vendor", "vendors", "partner", "partners", "enterprise", "enterprises", "tenant",
    "tenants", "account", "accounts", "author", "authors", "creator", "creators", "writer", "writers",
    "publisher", "publishers", "reader", "readers", "viewer", "viewers", "listener", "listeners",
    "subscriber", "subscribers", "member", "members", "driver", "drivers", "rider", "riders",
    "courier", "couriers", "picker", "pickers", "packer", "packers", "admin", "admins",
    "administrator", "administrators", "operator", "operators", "developer", "developers",
    "patient", "patients", "student", "students", "teacher", "teachers", "guest", "guests",
    "host", "hosts", "traveler", "travelers", "traveller", "travellers", "player", "players",
    "agent", "agents", "support agent", "support agents", "employee", "employees", "staff",
    "team", "teams", "owner", "owners", "visitor", "visitors", "people", "person", "someone",
    "anyone", "everyone", "household", "households", "family", "families", "small business",
    "small businesses", "business", "businesses", "organisation", "organization", "organisations",
    "organizations", "caller", "callers", "applicant", "applicants", "candidate", "candidates",
    "recruiter", "recruiters", "user's", "customer's",
)


def norm_name(name: str) -> str:
    """'**Customer Problem:**' -> 'customer problem'."""
    name = name.strip().strip("*_`#:").strip()
    name = re.sub(r"[^\w\s-]", "", name.lower())
    return re.sub(r"\s+", " ", name).strip()


PROBLEM_SET = frozenset(PROBLEM_NAMES)
KPI_SET = frozenset(KPI_NAMES)

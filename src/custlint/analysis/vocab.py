"""Words custlint recognises: section names, placeholders, personas.

Kept as data in one place so the analysis, the docs and the tests agree.
"""

from __future__ import annotations

import re
from functools import lru_cache

from custlint.core.lazyre import lazy

# Section and trailer names, normalised (lower case, single spaces, no punctuation).
PROBLEM_NAMES = (
    "customer problem", "customer-problem", "problem", "problem statement", "the problem",
    "who is affected", "whos affected", "why", "motivation", "customer impact", "user problem",
    "customer pain", "pain point", "context and problem", "customer problems", "problem to solve",
    "what problem does this solve", "what problem are we solving", "what problem does it solve",
    "why is this needed", "why is this change needed", "why this change", "why this matters",
    "why are we doing this", "user pain", "customer need", "user need", "the customer problem",
    "problem description", "background and problem", "customer story", "user story", "pain",
)
KPI_NAMES = (
    "kpi", "kpis", "success metric", "success metrics", "how we will know", "how will we know",
    "measure of success", "measures of success", "metric", "metrics", "success criteria", "key metric",
    "target metric", "how will we measure success", "how we will measure success", "how do we measure success",
    "how we measure success", "success measure", "success measures", "definition of success",
    "success looks like", "what success looks like", "how will we know it worked", "how we will know it worked",
    "key metrics", "target metrics", "success kpi", "success kpis", "kpi target", "kpi targets",
    "expected outcome", "measurable outcome", "outcome metric", "goal metric", "expected impact",
    "expected result", "expected results", "impact metric", "target",
)
# Bug fixes: who was hurt and how many (impact), and what was done for them (remediation).
IMPACT_NAMES = (
    "impact", "customer impact", "user impact", "who is affected", "whos affected", "affected customers",
    "affected users", "blast radius", "scope of impact", "impact on customers", "who was affected",
    "customer-impact",
)
REMEDIATION_NAMES = (
    "remediation", "customer remediation", "customer-remediation", "make it right", "making it right",
    "customer follow up", "customer follow-up", "customer followup", "follow up with customers",
    "affected customer remediation", "remediation plan", "customer remedy", "remedy",
)
# Features: the press release / PR-FAQ the work started from.
PRFAQ_NAMES = (
    "pr-faq", "prfaq", "pr faq", "prfaq doc", "pr-faq doc", "press release", "press-release",
    "working backwards", "working-backwards", "pr faq document", "prfaq document", "pr-faq document",
)
SKIP_TRAILER = "custlint-skip"

PLACEHOLDERS = lazy(
    r"\A\W*(?:tbd|tbc|todo|n/?a|none|nothing|-+|\.\.\.|…|\?+|see ticket|see jira|see issue|see above|"
    r"to be (?:defined|decided|determined)|fill (?:this )?in|coming soon|later|wip|xxx)\W*\Z",
    re.IGNORECASE,
)
# Template prompts left in place of an answer: "[Describe the problem]", "Describe who is affected here",
# "What problem does this solve?". Bounded: run only on short texts (see analysis.is_placeholder).
TEMPLATE_HINT = lazy(
    r"\A\W*(?:(?:please\s+)?(?:describe|explain|summari[sz]e|state|list|link|insert|enter|provide|add|write|fill in|"
    r"tell us|mention)\b[^\n]*?(?:here|below|\.\.\.|…|:)|(?:what|who|how|which|why)\b[^\n?]*\?"
    r"|e\.g\.[^\n]*|\[[^\]\n]*\]|\{[^}\n]*\})\W*\Z",
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
    "recruiter", "recruiters", "user's", "customer's", "cook", "cooks", "diner", "diners", "holder", "holders",
    "policyholder", "policyholders", "nurse", "nurses", "doctor", "doctors", "clinician", "clinicians",
    "pharmacist", "pharmacists", "accountant", "accountants", "landlord", "landlords", "tenant's", "homeowner",
    "homeowners", "parent", "parents", "learner", "learners", "fan", "fans", "attendee", "attendees",
    # people and organisations beyond the product's own words: internal customers are customers too
    "you", "friends", "groups", "couples", "kids", "children", "humans", "individuals", "folks", "colleagues",
    "coworkers", "co-workers", "volunteers", "residents", "citizens", "voters", "taxpayers", "managers",
    "engineers", "engineer", "on-call engineers", "on-call engineer", "sres", "sre", "testers", "analysts",
    "scientists", "researchers", "designers", "editors", "photographers", "artists", "musicians", "gamers",
    "streamers", "commuters", "cyclists", "hikers", "hunters", "collectors", "supervisors", "technicians",
    "contractors", "freelancers", "lawyers", "dentists", "therapists", "caregivers", "farmers", "retailers",
    "wholesalers", "suppliers", "distributors", "resellers", "franchisees", "restaurants", "stores", "shops",
    "clinics", "hospitals", "schools", "universities", "banks", "agencies", "startups", "companies", "orgs",
    "dispatchers", "cashiers", "waiters", "chefs", "integrators", "adopters", "beginners", "newcomers",
    "administrators'", "users'", "customers'", "humans'", "shoppers'", "sellers'", "buyers'",
)


_NOT_NAME = lazy(r"[^\w\s-]")
_SPACES = lazy(r"\s+")
_NUMBERING = lazy(r"\A\d{1,2}\s+")


@lru_cache(maxsize=4096)  # few distinct names in real text; hostile text repeats one a million times
def norm_name(name: str) -> str:
    """'**Customer Problem:**' -> 'customer problem'; '2. Why?' -> 'why'."""
    name = name.strip().strip("*_`#:").strip()
    name = _NOT_NAME.sub("", name.lower())
    name = _SPACES.sub(" ", name).strip(" -")
    return _NUMBERING.sub("", name) if name[:1].isdigit() else name


PROBLEM_SET = frozenset(norm_name(n) for n in PROBLEM_NAMES)
KPI_SET = frozenset(norm_name(n) for n in KPI_NAMES)
IMPACT_SET = frozenset(norm_name(n) for n in IMPACT_NAMES)
REMEDIATION_SET = frozenset(norm_name(n) for n in REMEDIATION_NAMES)
PRFAQ_SET = frozenset(norm_name(n) for n in PRFAQ_NAMES)

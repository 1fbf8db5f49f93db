"""One fingerprint per finding, for the CI formats that match findings across runs.

GitHub code scanning matches a SARIF result to the alert of an earlier run by
``partialFingerprints``, and GitLab Code Quality matches issues by ``fingerprint``. A value that
holds the line number re-opens an alert (and drops its dismissal) whenever a line is added above
it; two findings that share a value become one alert. So the fingerprint is a hash of what the
finding is, not where it is:

- the rule, the kind of document and its subject (the commit SHA, PR number, ticket id or file);
- the message, normalised (white space collapsed, case folded): it quotes the matched text and its
  context (``'Fixes #1' closes #1 ...``) and never holds a line number;
- the occurrence index among the findings equal in all of the above, counted in line order, so two
  claims on one line (or two identical lines) stay distinct, and moving lines keeps each one's index.

The hash is SHA-256 over UTF-8 (a lone surrogate kept by ``surrogatepass``, so no text raises),
cut to 32 hex digits.
"""

from __future__ import annotations

import hashlib


def _key(f) -> str:
    return "\x1f".join((f.rule, f.source, f.subject, " ".join(f.message.split()).casefold()))


def fingerprints(findings) -> list[str]:
    """A fingerprint for each finding of ``findings``, in their order; never two alike."""
    findings = list(findings)
    order = sorted(range(len(findings)), key=lambda i: (findings[i].line, findings[i].column, i))
    seen: dict[str, int] = {}
    out = [""] * len(findings)
    for i in order:
        key = _key(findings[i])
        n = seen.get(key, 0)
        seen[key] = n + 1
        out[i] = hashlib.sha256(f"{key}\x1f{n}".encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return out

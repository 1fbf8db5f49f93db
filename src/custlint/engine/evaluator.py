"""Runs the selected rules over documents and turns hits into findings."""

from __future__ import annotations

import re
from itertools import islice

from custlint.analysis.analyzer import Settings, analyze
from custlint.engine import registry as checks
from custlint.engine.registry import Hit
from custlint.core.config import Config
from custlint.document.model import Document
from custlint.analysis.exemptions import exemption
from custlint.engine.findings import Exemption, Finding, Result
from custlint.engine.packs import MAX_PATTERN_TEXT, Rule
from custlint.document.sections import read_fields
from custlint.analysis.placeholders import is_placeholder
from custlint.analysis.vocab import norm_name

_SLOT = re.compile(r"\{([a-z_]+)\}")
# hits of one rule on one document beyond this are not listed: a hostile text with a million
# "Fixes #1" must not become a million findings (and a report of hundreds of megabytes)
MAX_HITS_PER_RULE = 50


def fill(template: str, detail: dict) -> str:
    """``{name}`` slots filled from ``detail``; unknown slots stay as they are."""
    if "{" not in template:
        return template
    return _SLOT.sub(lambda m: str(detail[m.group(1)]) if m.group(1) in detail else m.group(0), template)


TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from typing import Iterable


class Engine:
    def __init__(self, config: Config, rules: list[Rule], settings: Settings | None = None) -> None:
        self.config = config
        self.rules = rules
        self.settings = Settings.from_config(config) if settings is None else settings
        self._exempt_types = frozenset(t.lower() for t in config.exempt_types)
        self.bots = frozenset(b.lower() for b in config.bot_authors)
        self._exempt_drafts = config.draft_prs == "exempt"
        self._by_kind: dict[str, list[Rule]] = {}
        for r in self.rules:
            for k in r.applies_to:
                self._by_kind.setdefault(k, []).append(r)

    def exemption(self, doc: Document) -> str | None:
        a = analyze(doc, self.settings)
        return exemption(doc, exempt_types=self._exempt_types, bots=self.bots, skip=a.skip,
                         exempt_drafts=self._exempt_drafts)

    def judge(self, doc: Document) -> tuple[list[Finding], str | None]:
        """Findings for one document, or the reason it is exempt."""
        why = self.exemption(doc)
        if why is not None:
            return [], why
        a = analyze(doc, self.settings)
        findings: list[Finding] = []
        for rule in self._by_kind.get(doc.kind, ()):
            if rule.when and not rule.applies(doc):  # the kind is already right; only `when` is left
                continue
            hits = list(islice(evaluate(rule, doc, a), MAX_HITS_PER_RULE + 1))
            more = len(hits) > MAX_HITS_PER_RULE
            for k, hit in enumerate(hits[:MAX_HITS_PER_RULE]):
                line = hit.line if hit.line is not None else doc.file_line(1)
                message = hit.message or fill(rule.message, hit.detail)
                if more and k == MAX_HITS_PER_RULE - 1:
                    message += f" (only the first {MAX_HITS_PER_RULE} hits of {rule.code} in this document are listed)"
                findings.append(Finding(
                    rule=rule.code, name=rule.name, principle=rule.principle, severity=rule.severity,
                    message=message, source=doc.kind,
                    subject=doc.subject, line=line, fix=hit.fix if hit.fix is not None else fill(rule.fix, hit.detail),
                    path=doc.path, title=doc.title,
                ))
        return findings, None

    def run(self, docs: Iterable[Document], result: Result | None = None) -> Result:
        result = result or Result()
        for doc in docs:
            findings, why = self.judge(doc)
            if why is not None:
                result.exempt.append(Exemption(doc.kind, doc.subject, why, doc.title))
            else:
                result.checked += 1
                result.findings.extend(findings)
        return result


def evaluate(rule: Rule, doc: Document, a) -> Iterable:
    """The hits of one rule on one document."""
    if rule.kind == "analysis":
        return checks.get(rule.check, rule.check_module)(doc, a, rule.params)
    if rule.kind == "required-section":
        values = [t.value for t in doc.trailers if norm_name(t.key.replace("-", " ")) in rule.sections]
        values += [f.text for f in read_fields(doc.body, rule.sections, first_line=3)]
        if any(not is_placeholder(v) and len(v.split()) >= rule.min_words for v in values):
            return []
        return [Hit()]
    full = {"title": doc.title, "body": doc.body}.get(rule.scope, doc.text)
    text = full[:MAX_PATTERN_TEXT]
    m = rule.pattern.search(text)
    if rule.kind == "forbidden-pattern":
        if m is None:
            if len(full) > MAX_PATTERN_TEXT:  # unknown is not a pass: the rest was not searched
                return [Hit(message=f"the {rule.scope} is {len(full):,} characters long; {rule.code} searches only the "
                                    f"first {MAX_PATTERN_TEXT:,} for its pattern, so the rest is unchecked",
                            fix="shorten the text (move long logs or data into a file or a link)")]
            return []
        line = text.count("\n", 0, m.start()) + 1
        if rule.scope == "body":
            line += 2
        return [Hit(line=doc.file_line(line), detail={"match": m.group(0)[:80]})]
    return [] if m is not None else [Hit()]

"""Rule packs: TOML files of rules, shipped in ``rules/`` and written by users.

A pack is a ``[pack]`` table (name, description) and ``[[rule]]`` tables. Each
rule has a code, a kebab-case name, a principle, a default severity, the
document kinds it applies to, a kind (what it checks), a message, a fix, its
documentation and passing and failing examples. Packs are validated in full
when they load: a mistake is a :class:`UserError` naming the file and rule.

Rule kinds (in the spirit of Vale's extension points):

``required-section``
    one of ``sections`` (section, label or trailer names) must be present and
    substantive: not empty, not a placeholder, at least ``min-words`` words.
``forbidden-pattern``
    ``pattern`` (a regular expression) must not appear in ``scope``.
``required-pattern``
    ``pattern`` must appear in ``scope`` (the inverse of existence).
``analysis``
    a named check over the analysis (:mod:`custlint.engine.registry`), with ``params``.

``when`` narrows where a rule applies: ``types`` (commit or ticket types),
``labels``, ``not-types``.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from custlint.core.files import shown
from custlint.core.record import Record
from custlint.engine.findings import PRINCIPLES, SEVERITIES, SOURCES
from custlint.errors import UserError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from custlint.core.user_pattern import UserPattern

KINDS = ("required-section", "forbidden-pattern", "required-pattern", "analysis")
SCOPES = ("title", "body", "text")
_PATTERN_KINDS = ("forbidden-pattern", "required-pattern")
CODE_RE = re.compile(r"[A-Z]{1,4}[0-9]{3}\Z")
NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*\Z")
# user patterns run on at most this many characters of their scope: a pattern with one unbounded
# quantifier (allowed) can still take quadratic time on crafted text: 0.3 to 1.3 s at this length (bench/README.md)
MAX_PATTERN_TEXT = 10_000
_RULE_KEYS = {
    "code",
    "name",
    "principle",
    "severity",
    "applies-to",
    "kind",
    "message",
    "fix",
    "enabled",
    "what",
    "why",
    "examples",
    "when",
    "check",
    "params",
    "sections",
    "min-words",
    "pattern",
    "scope",
    "ignore-case",
    # the message and fix as a PR, a commit or a ticket should read them (a PR is told to add a section,
    # a ticket is never told to reference a ticket); the plain keys serve every other source
    "message-commit",
    "message-pr",
    "message-ticket",
    "fix-commit",
    "fix-pr",
    "fix-ticket",
}
_SOURCES = ("commit", "pr", "ticket")
_EXAMPLE_KEYS = {"valid", "text", "kind", "labels", "author", "type", "status", "note", "code"}
_WHEN_KEYS = {"types", "not-types", "labels"}


class Example(Record):
    __slots__ = ("valid", "text", "kind", "labels", "author", "type", "status", "note", "code")

    def __init__(
        self,
        valid: bool,
        text: str,
        kind: str,
        labels: list[str] | None = None,
        author: str = "",
        type: str = "",
        status: str = "",
        note: str = "",
        code: str = "",
    ) -> None:
        self.valid = valid
        self.text = text
        self.kind = kind
        self.labels = [] if labels is None else labels
        self.author = author
        self.type = type
        self.status = status
        self.note = note
        self.code = code  # Python code the example's code root holds (for rules that read the code)


class Rule(Record):
    __slots__ = (
        "code",
        "name",
        "principle",
        "severity",
        "applies_to",
        "kind",
        "message",
        "fix",
        "what",
        "why",
        "examples",
        "pack",
        "enabled",
        "when",
        "check",
        "params",
        "sections",
        "min_words",
        "pattern_text",
        "ignore_case",
        "scope",
        "check_module",
        "messages",
        "fixes",
        "_pattern",
    )

    def __init__(
        self,
        code: str,
        name: str,
        principle: str,
        severity: str,
        applies_to: tuple[str, ...],
        kind: str,
        message: str,
        fix: str,
        what: str,
        why: str,
        examples: list[Example],
        pack: str,
        enabled: bool = True,
        when: dict[str, list[str]] | None = None,
        check: str = "",
        params: dict[str, Any] | None = None,
        sections: frozenset[str] = frozenset(),
        min_words: int = 1,
        pattern_text: str = "",
        ignore_case: bool = True,
        scope: str = "text",
        check_module: str = "",
        messages: dict[str, str] | None = None,
        fixes: dict[str, str] | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.principle = principle
        self.severity = severity
        self.applies_to = applies_to
        self.kind = kind
        self.message = message
        self.fix = fix
        self.what = what
        self.why = why
        self.examples = examples
        self.pack = pack  # the file it came from
        self.enabled = enabled
        self.when = {} if when is None else when
        self.check = check
        self.params = {} if params is None else params
        self.sections = sections
        self.min_words = min_words
        self.pattern_text = pattern_text  # checked when the pack was loaded (or when it was cached)
        self.ignore_case = ignore_case
        self.scope = scope
        self.check_module = check_module  # the module of custlint.checks that registers ``check``
        self.messages = {} if messages is None else messages  # source kind -> its own message
        self.fixes = {} if fixes is None else fixes  # source kind -> its own fix
        self._pattern: UserPattern | None = None

    @property
    def pattern(self):
        """The ``pattern`` of the pattern kinds as a :class:`~custlint.core.user_pattern.UserPattern`
        (its ``search`` is bounded by time), compiled when a rule first runs."""
        if self._pattern is None and self.kind in _PATTERN_KINDS:  # an empty pattern too: it matches everywhere
            from custlint.core.user_pattern import UserPattern

            self._pattern = UserPattern(self.pattern_text, _flags(self.ignore_case))
        return self._pattern

    def applies(self, doc) -> bool:
        if doc.kind not in self.applies_to:
            return False
        w = self.when
        if not w:
            return True
        dtype = (doc.type or "").lower()
        if "types" in w and dtype not in w["types"] and not (set(w["types"]) & {lab.lower() for lab in doc.labels}):
            return False
        if "not-types" in w and dtype in w["not-types"]:
            return False
        if "labels" in w and not (set(w["labels"]) & {lab.lower() for lab in doc.labels}):
            return False
        return True


def _fail(where: str, what: str) -> UserError:
    return UserError(f"{where}: {what}")


def _str(raw: dict, key: str, where: str, default: str | None = None) -> str:
    value = raw.get(key, default)
    if value is None:
        raise _fail(where, f"missing '{key}'")
    if not isinstance(value, str):
        raise _fail(where, f"'{key}' must be a string")
    return value


def _str_list(raw: dict, key: str, where: str) -> list[str]:
    """A list of strings, or a UserError. A lone string is refused, not read as one item or as its
    characters: ``types = "feat"`` is one slip away from ``types = "feat, fix"``, which would match nothing."""
    value = raw.get(key, [])
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise _fail(where, f"'{key}' must be a list of strings, not the string {shown!r}: write {key} = [{shown!r}]")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"'{key}' must be a list of strings")
    return value


def _flags(ignore_case: bool) -> int:
    return re.IGNORECASE | re.MULTILINE if ignore_case else re.MULTILINE


def compile_pattern(pattern: str, where: str, ignore_case: bool = False) -> re.Pattern:
    """The compiled pattern; a UserError naming the pack and rule when it is invalid, or when its
    shape can backtrack catastrophically on untrusted text (:mod:`custlint.core.regex_safety`)."""
    from custlint.core.regex_safety import unsafe_reason

    flags = _flags(ignore_case)
    try:
        with warnings.catch_warnings():  # "FutureWarning: Possible nested set": not the user's concern here
            warnings.simplefilter("ignore")
            compiled = re.compile(pattern, flags)
            why = unsafe_reason(pattern, flags)
    except re.error as exc:
        raise _fail(where, f"invalid pattern {pattern!r}: {exc}") from None
    except RecursionError:
        why = "it nests too deeply to be checked"
    if why:
        raise _fail(where, f"unsafe pattern: {why}")
    return compiled


def _parse_rule(raw: Any, path: str, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise _fail(path, f"rule #{index + 1} must be a table")
    code = raw.get("code")
    where = f"{path}: rule {code}" if isinstance(code, str) else f"{path}: rule #{index + 1}"
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise _fail(where, f"unknown key '{unknown[0]}'; rule keys are {', '.join(sorted(_RULE_KEYS))}")
    code = _str(raw, "code", where)
    if not CODE_RE.match(code):
        raise _fail(where, "'code' must be 1-4 capital letters and 3 digits, e.g. CP101")
    name = _str(raw, "name", where)
    if not NAME_RE.match(name):
        raise _fail(where, f"'name' must be kebab-case, e.g. customer-problem-missing, not {name!r}")
    principle = _str(raw, "principle", where)
    if principle not in PRINCIPLES:
        raise _fail(where, f"'principle' must be one of {', '.join(PRINCIPLES)}")
    severity = _str(raw, "severity", where, "error")
    if severity not in SEVERITIES:
        raise _fail(where, f"'severity' must be one of {', '.join(SEVERITIES)}")
    applies = _str_list(raw, "applies-to", where) or ["commit", "pr", "ticket"]
    bad = [a for a in applies if a not in SOURCES]
    if bad:
        raise _fail(where, f"'applies-to' has {bad[0]!r}; use commit, pr, ticket or code")
    kind = _str(raw, "kind", where)
    if kind not in KINDS:
        raise _fail(where, f"'kind' must be one of {', '.join(KINDS)}")
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise _fail(where, "'enabled' must be true or false")
    when_raw = raw.get("when", {})
    if not isinstance(when_raw, dict) or set(when_raw) - _WHEN_KEYS:
        raise _fail(where, f"'when' takes only {', '.join(sorted(_WHEN_KEYS))}")
    when = {k: [v.lower() for v in _str_list(when_raw, k, where)] for k in when_raw}
    rule = Rule(
        code=code,
        name=name,
        principle=principle,
        severity=severity,
        applies_to=tuple(applies),
        kind=kind,
        message=_str(raw, "message", where),
        fix=_str(raw, "fix", where, ""),
        what=_str(raw, "what", where),
        why=_str(raw, "why", where),
        examples=[],
        pack=path,
        enabled=enabled,
        when=when,
        messages={k: _str(raw, f"message-{k}", where) for k in _SOURCES if f"message-{k}" in raw},
        fixes={k: _str(raw, f"fix-{k}", where) for k in _SOURCES if f"fix-{k}" in raw},
    )
    if kind == "analysis":
        from custlint.engine.registry import registry

        checks = registry()
        rule.check = _str(raw, "check", where)
        if rule.check not in checks:
            raise _fail(where, f"unknown check {rule.check!r}; known: {', '.join(sorted(checks))}")
        rule.check_module = checks[rule.check].__module__
        params = raw.get("params", {})
        if not isinstance(params, dict):
            raise _fail(where, "'params' must be a table")
        rule.params = params
    elif kind == "required-section":
        names = _str_list(raw, "sections", where)
        if not names:
            raise _fail(where, "'sections' must name at least one section, label or trailer")
        from custlint.analysis.vocab import norm_name

        rule.sections = frozenset(norm_name(n.replace("-", " ")) for n in names)
        mw = raw.get("min-words", 1)
        if not isinstance(mw, int) or isinstance(mw, bool) or mw < 1:
            raise _fail(where, "'min-words' must be a whole number of at least 1")
        rule.min_words = mw
    else:
        ic = raw.get("ignore-case", True)
        if not isinstance(ic, bool):
            raise _fail(where, "'ignore-case' must be true or false")
        rule.pattern_text, rule.ignore_case = _str(raw, "pattern", where), ic
        compile_pattern(rule.pattern_text, where, ic)  # checked now; run (bounded by time) when the rule first runs
        rule.scope = _str(raw, "scope", where, "text")
        if rule.scope not in SCOPES:
            raise _fail(where, f"'scope' must be one of {', '.join(SCOPES)}")
    examples = raw.get("examples", [])
    if not isinstance(examples, list):
        raise _fail(where, "'examples' must be an array of tables ([[rule.examples]])")
    for k, ex in enumerate(examples):
        ewhere = f"{where} example #{k + 1}"
        if not isinstance(ex, dict):
            raise _fail(ewhere, "must be a table")
        unknown = sorted(set(ex) - _EXAMPLE_KEYS)
        if unknown:
            raise _fail(ewhere, f"unknown key '{unknown[0]}'; example keys are {', '.join(sorted(_EXAMPLE_KEYS))}")
        valid = ex.get("valid")
        if not isinstance(valid, bool):
            raise _fail(ewhere, "'valid' must be true or false")
        ekind = _str(ex, "kind", ewhere, rule.applies_to[0])
        if ekind not in rule.applies_to:
            raise _fail(ewhere, f"'kind' {ekind!r} is not one the rule applies to")
        rule.examples.append(
            Example(
                valid,
                _str(ex, "text", ewhere),
                ekind,
                _str_list(ex, "labels", ewhere),
                _str(ex, "author", ewhere, ""),
                _str(ex, "type", ewhere, ""),
                _str(ex, "status", ewhere, ""),
                _str(ex, "note", ewhere, ""),
                _str(ex, "code", ewhere, ""),
            )
        )
    if not any(e.valid for e in rule.examples) or not any(not e.valid for e in rule.examples):
        raise _fail(where, "needs at least one passing (valid = true) and one failing (valid = false) example")
    return rule


def load_pack(path: Path, installed: bool = False) -> list[Rule]:
    """The rules of the pack at ``path``; ``installed``: it comes from an installed package
    (``rule-packs``), so its ``[pack] checks`` module may be imported."""
    from custlint.core.tomlfile import parse, read_bytes

    data = parse(read_bytes(str(path), "rule pack"), str(path), "rule pack")
    unknown = sorted(set(data) - {"pack", "rule"})
    if unknown:
        raise UserError(f"{shown(path)}: unknown table '{unknown[0]}'; a pack has [pack] and [[rule]]")
    head = data.get("pack", {})
    if isinstance(head, dict) and "checks" in head:
        if not isinstance(head["checks"], str) or not head["checks"]:
            raise UserError(f"{shown(path)}: [pack] checks must be the dotted name of a module")
        from custlint.engine.pack_packages import import_checks

        import_checks(head["checks"], path, installed)
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise UserError(f"{shown(path)}: rules must be an array of tables ([[rule]])")
    return [_parse_rule(r, str(path), i) for i, r in enumerate(rules)]


def builtin_dir() -> Path:
    """The shipped packs: inside the wheel, or the source tree's top-level rules/."""
    here = Path(__file__).resolve().parent.parent  # the custlint package
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "rules"


def pack_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(p.glob("*.toml")))
        elif p.is_file():
            files.append(p)
        elif p.exists():  # a FIFO or a device: never read (a read could hang or never end)
            raise UserError(
                f"rule pack path {shown(p)} is not a regular file or folder; fix 'rule-paths' or the path given"
            )
        else:
            raise UserError(f"rule pack path not found: {shown(p)}; fix 'rule-paths' in the config or the path given")
    return files


def load_rules(extra: Iterable[Path] = (), packages: Iterable[Path] = ()) -> list[Rule]:
    """The shipped rules, the user's (``extra``) and those of installed packages (``packages``:
    their folders), checked for clashing codes and names."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    installed = set(pack_files(packages))
    for f in pack_files([builtin_dir(), *extra, *packages]):
        for r in load_pack(f, f in installed):
            for key in (r.code, r.name):
                if key in seen:
                    raise UserError(f"{f}: rule {r.code}: '{key}' is already used by a rule in {seen[key]}")
                seen[key] = str(f)
            rules.append(r)
    return rules

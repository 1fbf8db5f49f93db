"""What a document says, worked out once per document and cached on it.

Rules are cheap predicates over an :class:`Analysis`; every property here is
computed on first use, so a rule that needs only the ticket references never
pays for the KPI reading.
"""

from __future__ import annotations

from custlint.analysis import kpi as _kpi
from custlint.analysis import personas as _personas
from custlint.analysis import prescan, vocab
from custlint.analysis import problem as _problem
from custlint.analysis import words as _words
from custlint.analysis.placeholders import is_deferred, is_placeholder  # noqa: F401 - is_placeholder is read from here too
from custlint.analysis.settings import DEFAULT_SETTINGS, Settings  # noqa: F401 - Settings is read from here too
from custlint.core.lazyre import lazy
from custlint.document import markdown as _md
from custlint.document.model import Document
from custlint.document.refs import HASH_DIGIT as _HASH_DIGIT
from custlint.document.refs import KEY_DASH as _KEY_DASH
from custlint.document.refs import Ref, find_refs, has_ref
from custlint.document.refs import may_hold_ref as _may_hold_ref
from custlint.document.sections import TEXT, Field, collect, line_stream, strip_comments

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)


_SQUASH_PR = lazy(r" \(#(\d+)\)\Z")  # "Fix the thing (#123)": GitHub's squash-merge subject
_OWN_KEY = lazy(r"[ \t]*([A-Z][A-Z0-9_]+-\d+)[ \t]*[:.\]-]")  # a ticket's title that starts with its own id
# "WB401, KP203: reason" / "WB401 reason": the rule codes a Custlint-Skip opens with, then the reason
_SKIP_CODES = lazy(r"((?:[A-Z]{1,4}[0-9]{3}(?![A-Za-z0-9_-])[ \t]*,?[ \t]*)+)[:-]?")
_CODE_SEP = lazy(r"[ \t,]+")


_LEADING_NUMBER = lazy(r"0*(\d{1,9})(?![\d.])")  # "0043-declare-variables", "4205-psi-metric"
_KEY_OR_HASH_NUMBER = lazy(r"(?:[A-Z][A-Z0-9_]*-|(?:[\w.-]+/[\w.-]+)?#)0*(\d{1,9})\Z")


def _own_number(doc: Document) -> str:
    """The number a ticket's file is known by: what its name or (for ``README.md``) its folder starts
    with ("proposals/0043-declare-variables.md", "keps/4205-psi/README.md"); "" without one."""
    if not doc.path:
        return ""
    parts = doc.path.replace("\\", "/").rsplit("/", 2)
    stem = parts[-1].rsplit(".", 1)[0]
    m = _LEADING_NUMBER.match(parts[-2] if stem.lower() in ("readme", "index") and len(parts) > 1 else stem)
    return m.group(1) if m else ""


_SQUASHED_SUBJECT = lazy(r"[ \t]*[*-][ \t]+\S.*? \(#(\d+)\)[ \t]*\Z")  # "* fix: add the event (#2802)"


def _squashed_pr(lines: list[str], ref: Ref) -> bool:
    """``ref`` is the ``(#N)`` ending a squashed commit's subject in a squash merge's body (GitHub lists
    them as ``* subject``): the pull request that commit came from, not a ticket."""
    if ref.kind != "issue" or not 0 < ref.line <= len(lines):
        return False
    m = _SQUASHED_SUBJECT.match(lines[ref.line - 1])
    return m is not None and f"#{m.group(1)}" == ref.id


def _ref_number(ref_id: str) -> str:
    """The number of a key or ``#N`` reference ("SE-0043" -> "43"), "" for other forms."""
    m = _KEY_OR_HASH_NUMBER.search(ref_id)
    return m.group(1) if m else ""


def _ref_lines(prose: str):
    """``(n, line)`` for each line of ``prose`` that :func:`_may_hold_ref` (``n`` from 0), in order: the
    literals are searched for in the whole prose, from one such line to the next, so the lines between
    cost nothing in Python. Each search starts again only once the lines read have passed its find."""
    hash_at = url_at = dash_at = -2  # the next '#<digit>', '://', key dash at or after pos (-1: none; -2: not looked)
    pos, n, counted = 0, 0, 0
    while True:
        if -1 < hash_at < pos or hash_at == -2:
            m = _HASH_DIGIT.search(prose, pos)
            hash_at = m.start() if m else -1
        if -1 < url_at < pos or url_at == -2:
            url_at = prose.find("://", pos)
        if -1 < dash_at < pos or dash_at == -2:
            m = _KEY_DASH.search(prose, pos)
            dash_at = m.start() if m else -1
        at = len(prose)
        for c in (hash_at, url_at, dash_at):
            if 0 <= c < at:
                at = c
        if at == len(prose):
            return
        start = prose.rfind("\n", pos, at) + 1 or pos
        end = prose.find("\n", at)
        n += prose.count("\n", counted, start)
        counted = start
        yield n, prose[start : end if end >= 0 else len(prose)]
        if end < 0:
            return
        pos = end + 1


# where a setext underline can start: a newline, then "-" or "=" not followed by a space and a character
# that is neither white space nor the marker (that is a list item, "- x": stripped, its line still holds
# more than the marker)
_SETEXT_START = lazy(r"\n(?:-(?! [^\s-])|=(?! [^\s=]))")


def _setext_hint(body: str, names: frozenset[str]) -> bool:
    """A setext heading (a line of ``===`` or ``---`` under a field name) somewhere in ``body``.
    The lines that can be one are found by one pattern, list items passed over."""
    for m in _SETEXT_START.finditer(body):
        pos = m.start()
        marker = body[pos + 1]
        end = body.find("\n", pos + 1)
        underline = body[pos + 1 : end if end >= 0 else len(body)].strip()
        if underline and not underline.strip(marker):
            prev = body.rfind("\n", 0, pos)
            if vocab.norm_name(body[prev + 1 : pos]) in names:
                return True
    return False


MAX_BODY = 65_536  # characters of a body that are read (GitHub caps a PR body at 65,536); the rest is not judged


def analyze(doc: Document, settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """The cached analysis of ``doc``."""
    a = doc._analysis
    if a is None or a.settings is not settings:
        a = doc._analysis = Analysis(doc, settings)
    return a


_INLINE_CODE = lazy(r"`([^`\n]*)`?")  # a backtick to the next one on its line, or to the line's end


def _blank(m) -> str:
    return " " * len(m.group(1))


def _strip_code(text: str) -> str:
    """Blank out fenced code blocks and inline code (keeps line numbers)."""
    tilde = "~" in text and "~~~" in text  # (one character first: a memchr)
    if "`" not in text and not tilde:
        return text
    if not tilde and "```" not in text:
        # no fence can open: each line's backticks pair up, an odd last one runs to the line's end,
        # the backticks dropped and what they hold blanked (the loop below, in one C-level pass)
        return _INLINE_CODE.sub(_blank, text)
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence):
                fence = ""
            out.append("")
            continue
        if stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
            out.append("")
            continue
        if "`" in line:
            parts = line.split("`")
            line = "".join(p if k % 2 == 0 else " " * len(p) for k, p in enumerate(parts))
        out.append(line)
    return "\n".join(out)


class Analysis:
    """What a document says. Each reading is a property computed on first use and kept in an attribute
    of its own: compiled (:mod:`custlint.accel`) this is a native class, and what the analyses ask of it
    is a direct call, with no descriptor of a Python class and no instance dict between."""

    def __init__(self, doc: Document, settings: Settings = DEFAULT_SETTINGS) -> None:
        self.doc = doc
        self.settings = settings
        self._memo: dict = {}  # what memo computed, by name (made here: memo runs a few times a document)
        # what each property computed (None, or -1 for the flags: not yet); the readings that may be None
        # themselves have a "known" flag
        self._reading: Reading | None = None
        self._prose: str | None = None
        self._problem_fields: list[Field] | None = None
        self._kpi_fields: list[Field] | None = None
        self._prose_lines: list[str] | None = None
        self._lower: str | None = None
        self._words: set[str] | None = None
        self._refs: list[Ref] | None = None
        self._has_refs = -1
        self._problem_linked = -1
        self._kpi_linked = -1
        self._problem: Field | None = None
        self._problem_known = False
        self._kpi: Field | None = None
        self._kpi_known = False
        self._problem_placeholder: Field | None = None
        self._problem_placeholder_known = False
        self._kpi_placeholder: Field | None = None
        self._kpi_placeholder_known = False
        self._problem_verdict: _problem.ProblemVerdict | None = None
        self._problem_verdict_known = False
        self._kpi_verdict: _kpi.KpiVerdict | None = None
        self._kpi_verdict_known = False
        self._remediation: FixVerdict | None = None
        self._prfaq: PrfaqLink | None = None
        self._skips: tuple[tuple[tuple[str, ...], str, int], ...] | None = None
        self._skip: tuple[bool, str] | None = None
        self._skip_known = False
        self._skipped_rules: dict[str, str] | None = None

    def memo(self, name: str, compute):
        """``compute(self)`` once per document, for analyses that live in their own modules
        (``a.memo("done_claims", find_done_claims)``), so adding one never touches this file."""
        cache = self._memo
        if name in cache:
            return cache[name]
        value = cache[name] = compute(self)
        return value

    # -- reading --------------------------------------------------------------
    @property
    def reading(self) -> Reading:
        """Fields by group and the prose, from the fast line reader or the CommonMark parse. The
        attributes read from it on every document (:attr:`prose`, :attr:`problem_fields`,
        :attr:`kpi_fields`) are kept with it."""
        r = self._reading
        if r is None:
            r = read_document(self.doc, self.settings)
            self._prose = r.prose
            self._problem_fields = r.fields.get("problem", [])
            self._kpi_fields = r.fields.get("kpi", [])
            self._reading = r
        return r

    @property
    def markdown(self) -> bool:
        """True when the text was read with the CommonMark parser."""
        return self.reading.markdown

    # -- text ---------------------------------------------------------------
    @property
    def prose_lines(self) -> list[str]:
        """The lines of :attr:`prose`, split once (the squash filter of :meth:`_counting` reads them for
        each line :attr:`has_refs` looks at)."""
        lines = self._prose_lines
        if lines is None:
            lines = self._prose_lines = self.prose.split("\n")
        return lines

    @property
    def prose(self) -> str:
        """Title and body without code, quotes and HTML comments: what the author claims in words
        (kept by :attr:`reading`)."""
        prose = self._prose
        if prose is None:
            prose = self.reading.prose
        return prose

    @property
    def lower(self) -> str:
        low = self._lower
        if low is None:
            low = self._lower = self.prose.lower()
        return low

    @property
    def words(self) -> set[str]:
        """The word set of the prose (lower case)."""
        ws = self._words
        if ws is None:
            ws = self._words = _words.words(self.lower)
        return ws

    def words_if_built(self) -> set[str] | None:
        """:attr:`words` where another analysis built it already, else None (nothing is built here)."""
        return self._words

    # -- references -----------------------------------------------------------
    @property
    def refs(self) -> list[Ref]:
        refs = self._refs
        if refs is None:
            refs = self._refs = self._find_refs()
        return refs

    def _find_refs(self) -> list[Ref]:
        refs = self._refs_in_prose()
        config = self.settings.config
        if config is not None and config.ticket_from_branch:  # opt-in: the branch's ticket key is a reference too
            from custlint.analysis.branch_ticket import branch_refs

            have = {r.id for r in refs}
            refs = refs + [r for r in branch_refs(self.doc, self.settings) if r.id not in have]
        if not refs:
            return refs
        return self._counting(refs)

    def _counting(self, refs: list[Ref]) -> list[Ref]:
        """The references of ``refs`` (found in the prose) that count for this document. Each one is
        kept or dropped on its own, whatever else ``refs`` holds: :attr:`has_refs` filters one
        line's references at a time with this and relies on that."""
        doc = self.doc
        if doc.kind == "ticket":  # a ticket naming its own id links nothing ("KEP-4205: ..." in its title)
            own = {doc.subject.upper()}
            m = _OWN_KEY.match(doc.title)
            if m:
                own.add(m.group(1).upper())
            number = _own_number(doc)
            return [r for r in refs if r.id.upper() not in own and not (number and _ref_number(r.id) == number)]
        pr = self._own_pr()
        if pr is None:
            return refs
        if doc.kind == "pr":
            return [r for r in refs if r.id != pr]
        lines = self.prose_lines  # a squashed commit's "(#N)" in the body is the same pull request
        return [r for r in refs if r.id != pr and not _squashed_pr(lines, r)]

    def _own_pr(self) -> str | None:
        """The pull request (``#N``) a pull request or commit is, which it does not count as a ticket: a pull
        request's own number, or in history the one GitHub's squash merge appended to the title; else None."""
        doc = self.doc
        kind = doc.kind
        if kind == "commit":
            if doc.title.endswith(")") and doc.extra.get("history"):
                m = _SQUASH_PR.search(doc.title)
                if m:
                    return f"#{m.group(1)}"
        elif kind == "pr" and doc.subject.startswith("#"):  # a pull request citing its own number cites itself
            return doc.subject
        return None

    @property
    def has_refs(self) -> bool:
        known = self._has_refs
        if known < 0:
            known = self._has_refs = int(self._find_has_refs())
        return known == 1

    def _find_has_refs(self) -> bool:
        """``bool(self.refs)``, found by the lean path without the whole list where it can: False at once
        for a prose without a reference form (:func:`_may_hold_ref`), unless a branch's ticket may count;
        else the prose's lines from the last (where trailers and "Closes #12" stand) up, stopping at the
        first line with a reference that counts (:func:`has_ref` tells a line with one from one without;
        the line's list is filtered as for the list, :meth:`_counting`, only where not every one counts). The
        list itself where anything else would change it (a ticket's own id, the config's
        ticket-url-patterns, which may time out)."""
        s = self.settings
        config = s.config
        if not prescan.ENABLED or (config is not None and config.ticket_from_branch):
            return bool(self.refs)
        prose = self.prose
        if self._refs is not None or s.url_patterns or self.doc.kind == "ticket":
            # without a reference form the list is empty: _refs_in_prose finds none, and only a branch adds one
            return _may_hold_ref(prose) and bool(self.refs)
        every = None  # every reference found counts (no pull request of its own): asked at the first line with one
        end = len(prose)  # the lines from the last up, without splitting the prose
        gated = False  # the lines above the last were found to hold a reference form (else none counts)
        counted_at, counted = -1, 0  # the "\n"s before prose[counted_at] (-1: not counted yet)
        while end >= 0:
            nl = prose.rfind("\n", 0, end)
            line = prose[nl + 1 : end]
            # has_ref's answer depends on its first_line only as "is it 1" (a title's leading key counts):
            # the line's number is counted only where the references themselves are filtered
            first = 1 if nl < 0 else 2
            formed = _may_hold_ref(line)
            if formed and has_ref(line, projects=s.projects, not_keys=s.not_keys, first_line=first):
                if every is None:
                    every = self._own_pr() is None
                if not every:
                    # the line's number: the "\n"s before it, counted once, then those between it and the last counted
                    if counted_at < 0:
                        counted = prose.count("\n", 0, nl + 1)
                    else:
                        counted -= prose.count("\n", nl + 1, counted_at)
                    counted_at = nl + 1
                if every or self._counting(
                    find_refs(line, projects=s.projects, not_keys=s.not_keys, first_line=counted + 1)
                ):
                    return True  # the same filter as refs (a squash merge's own PR ...)
            if not gated:
                # the last line is read first (where "Closes #12" stands, settled without a scan of the
                # prose); the lines above it only where one of them holds a reference form: the one
                # test of them all, in C, instead of one a line (of the whole prose where the last line
                # holds none: the same answer, as no form spans a line break)
                if nl < 0 or not _may_hold_ref(prose[:nl] if formed else prose):
                    return False
                gated = True
            end = nl
        return False

    def _refs_in_prose(self) -> list[Ref]:
        s = self.settings
        prose = self.prose
        if not _may_hold_ref(prose):
            return []  # every reference form has one of these: skip the full scan
        if "\n" not in prose:
            return find_refs(prose, projects=s.projects, not_keys=s.not_keys, url_patterns=s.url_patterns)
        refs: list[Ref] = []
        for n, line in _ref_lines(prose):  # only the lines that can hold one
            refs.extend(
                find_refs(line, projects=s.projects, not_keys=s.not_keys, first_line=n + 1, url_patterns=s.url_patterns)
            )
        return refs

    # -- fields ---------------------------------------------------------------
    def fields(self, group: str) -> list[Field]:
        """Fields of a group: problem, kpi, impact, remediation, prfaq."""
        return self.reading.fields.get(group, [])

    @property
    def problem_fields(self) -> list[Field]:
        """The problem group's fields (kept by :attr:`reading`)."""
        fields = self._problem_fields
        if fields is None:  # the reading is not done yet (which keeps them)
            fields = self.reading.fields.get("problem", [])
        return fields

    @property
    def kpi_fields(self) -> list[Field]:
        """The KPI group's fields (kept by :attr:`reading`)."""
        fields = self._kpi_fields
        if fields is None:  # the reading is not done yet (which keeps them)
            fields = self.reading.fields.get("kpi", [])
        return fields

    @property
    def problem(self) -> Field | None:
        """The customer problem as stated: the first substantive problem field, else a sentence of the
        prose that names who is affected and what goes wrong for them (``how = "prose"``)."""
        if not self._problem_known:
            fields = self.problem_fields  # (most documents have none: no call for them)
            found = _first_substantive(fields) if fields else None
            self._problem = found if found is not None else _problem.prose_problem(self)
            self._problem_known = True
        return self._problem

    @property
    def kpi(self) -> Field | None:
        """The KPI as stated: the first substantive KPI field, else a measurable sentence of the prose."""
        if not self._kpi_known:
            fields = self.kpi_fields
            found = _first_substantive(fields) if fields else None
            self._kpi = found if found is not None else _kpi.prose_kpi(self)
            self._kpi_known = True
        return self._kpi

    @property
    def problem_placeholder(self) -> Field | None:
        """A customer-problem field that holds only a placeholder (TBD, N/A, ...)."""
        if not self._problem_placeholder_known:
            fields = self.problem_fields
            # (the problem itself is asked only where a field may hold a placeholder)
            self._problem_placeholder = _placeholder(fields) if fields and self.problem is None else None
            self._problem_placeholder_known = True
        return self._problem_placeholder

    @property
    def kpi_placeholder(self) -> Field | None:
        if not self._kpi_placeholder_known:
            fields = self.kpi_fields
            self._kpi_placeholder = _placeholder(fields) if fields and self.kpi is None else None
            self._kpi_placeholder_known = True
        return self._kpi_placeholder

    # -- judgement ------------------------------------------------------------
    @property
    def problem_verdict(self) -> _problem.ProblemVerdict | None:
        """How good the stated customer problem is (None when no problem field is filled in)."""
        if not self._problem_verdict_known:
            self._problem_verdict = _problem.judge_fields(self)
            self._problem_verdict_known = True
        return self._problem_verdict

    @property
    def kpi_verdict(self) -> _kpi.KpiVerdict | None:
        """How measurable the stated KPI is (None when no KPI is stated)."""
        if not self._kpi_verdict_known:
            self._kpi_verdict = _kpi.judge(self)
            self._kpi_verdict_known = True
        return self._kpi_verdict

    @property
    def remediation(self) -> FixVerdict:
        """For a bug fix: the customer impact and the remediation it states."""
        verdict = self._remediation
        if verdict is None:
            # only fixes need it: the hook on other commits never compiles its patterns
            from custlint.analysis import remediation

            verdict = self._remediation = remediation.judge(self)
        return verdict

    @property
    def prfaq(self) -> PrfaqLink:
        """For a feature: the press release / PR-FAQ it links."""
        link = self._prfaq
        if link is None:
            from custlint.analysis import backwards  # only features need it

            link = self._prfaq = backwards.find_link(self)
        return link

    def has_persona(self, text_lower: str, ws: set[str] | None = None) -> bool:
        """The text names a person or organisation who uses what the team builds (:mod:`.personas`)."""
        return _personas.has_persona(self.settings, text_lower, ws)

    # -- links ----------------------------------------------------------------
    @property
    def problem_linked(self) -> bool:
        """A customer problem is named inline or a ticket that should hold it is referenced."""
        known = self._problem_linked
        if known < 0:
            known = self._problem_linked = int(self.has_refs or self.problem is not None)
        return known == 1

    @property
    def kpi_linked(self) -> bool:
        known = self._kpi_linked
        if known < 0:
            known = self._kpi_linked = int(self.has_refs or self.kpi is not None)
        return known == 1

    # -- skip -----------------------------------------------------------------
    @property
    def skips(self) -> tuple[tuple[tuple[str, ...], str, int], ...]:
        """Each ``Custlint-Skip:`` trailer as ``(codes, reason, line)``: ``codes`` are the rule codes it
        opens with (``Custlint-Skip: WB401, KP203 <reason>``), empty when it skips every rule."""
        skips = self._skips
        if skips is None:
            skips = self._skips = _skips(self.doc)
        return skips

    @property
    def skip(self) -> tuple[bool, str] | None:
        """``(True, reason)`` for a ``Custlint-Skip:`` trailer that skips every rule, None without one."""
        if not self._skip_known:
            self._skip = _skip_all(self.skips)
            self._skip_known = True
        return self._skip

    @property
    def skipped_rules(self) -> dict[str, str]:
        """Rule code -> the reason a per-rule ``Custlint-Skip: CODE <reason>`` gives (reasonless ones skip nothing)."""
        rules = self._skipped_rules
        if rules is None:
            rules = self._skipped_rules = {
                code: reason for codes, reason, _line in self.skips if reason for code in codes
            }
        return rules


def _placeholder(fields: list[Field]) -> Field | None:
    """The first of a group's ``fields`` that holds only a placeholder."""
    return next((f for f in fields if is_placeholder(f.text)), None)


def _skip_all(skips: tuple[tuple[tuple[str, ...], str, int], ...]) -> tuple[bool, str] | None:
    """:attr:`Analysis.skip` of these :attr:`Analysis.skips`."""
    for codes, reason, _line in skips:
        if not codes:
            return True, reason
    return None


def _skips(doc: Document) -> tuple[tuple[tuple[str, ...], str, int], ...]:
    """:attr:`Analysis.skips` of ``doc``."""
    if not doc.trailers:
        return ()
    out = []
    for t in doc.trailers:
        if t.key.lower() == vocab.SKIP_TRAILER:
            value = t.value.strip()
            m = _SKIP_CODES.match(value)
            codes = tuple(c for c in _CODE_SEP.split(m.group(1)) if c) if m else ()
            out.append((codes, value[m.end() :].strip() if m else value, t.line))
    return tuple(out)


class Reading:
    __slots__ = ("fields", "prose", "markdown")

    def __init__(self, fields: dict[str, list[Field]], prose: str, markdown: bool) -> None:
        self.fields, self.prose, self.markdown = fields, prose, markdown


_TRAILER_KEYS: dict[str, str] = {}  # "Signed-off-by" -> "signed off by": a few dozen keys recur in a history
# id(settings.groups) -> (groups, {trailer key: (name, groups it is in)}, {field name: groups it is in})
_TRAILER_GROUPS: dict[int, tuple] = {}


def _cut(body: str) -> str:
    if len(body) <= MAX_BODY:
        return body
    cut = body.rfind("\n", 0, MAX_BODY)
    return body[: cut if cut > 0 else MAX_BODY]


def _group_tables(groups: dict[str, frozenset[str]]) -> tuple:
    """``(groups, trailer table, name table)`` of these settings' groups, kept across documents: a
    history's few dozen trailer keys and field names are looked up in the groups once, not per commit."""
    known = _TRAILER_GROUPS.get(id(groups))
    if known is None or known[0] is not groups:
        if len(_TRAILER_GROUPS) > 16:
            _TRAILER_GROUPS.clear()
        known = _TRAILER_GROUPS[id(groups)] = (groups, {}, {})
    return known


def _trailer_tail(stream: list[tuple[str, str, int, int]], trailer_lines: set[int], file_line) -> int:
    """The line of the first of the text items that end ``stream`` on trailer lines (none of them
    a Jira heading), 0 without one. A field that opens on such an item is a label on a trailer line,
    which ``read_document`` drops (taken as a trailer already), so :func:`collect` may stop at the
    first of them where no field is open: in a history most commits end in trailers."""
    stop = 0
    for kind, text, line, _ in reversed(stream):
        if kind != TEXT or text[:3].lstrip()[:1] == "h" or file_line(line) not in trailer_lines:
            break
        stop = line
    return stop


def read_document(doc: Document, s: Settings) -> Reading:
    """The fields by group and the prose of ``doc``: trailers, then the body read by the line reader
    or, when it has Markdown structure (any document but a commit has), by the CommonMark parse."""
    groups = s.groups
    fields: dict[str, list[Field]] = {}
    tables = None
    if doc.trailers:
        tables = _group_tables(groups)
        table = tables[1]
        for t in doc.trailers:
            hit = table.get(t.key)
            if hit is None:
                key = _TRAILER_KEYS.get(t.key)
                if key is None:
                    key = vocab.norm_name(t.key.replace("-", " "))
                    if len(_TRAILER_KEYS) < 4096:
                        _TRAILER_KEYS[t.key] = key
                hit = (key, tuple(g for g, names in groups.items() if key in names))
                if len(table) < 4096:
                    table[t.key] = hit
            key, in_groups = hit
            for g in in_groups:
                fields.setdefault(g, []).append(Field(key, t.value, t.line, "trailer"))
    title = doc.title
    if "`" in title or "~" in title:  # (without either, _strip_code returns the text itself: no call)
        title = _strip_code(title)
    body = doc.body
    if not body:
        return Reading(fields, title, False)
    if len(body) > MAX_BODY:
        body = _cut(body)
    all_names = s.all_names
    # a commit message whose only structure is fenced code reads the same with the line reader
    use_md = doc.kind != "commit" or (_md.has_structure(body) and not _md.only_fences(body, all_names))
    if use_md:
        stream, hidden = _md.parse(body, all_names, first_line=3)
        lines = strip_comments(body).split("\n")
        for i in _md.hidden_lines(hidden):
            if i < len(lines):
                lines[i] = ""
        prose_body = _strip_code("\n".join(lines))
    else:
        # no "<!--" here (has_structure would be true, only_fences false): strip_comments is a no-op
        prose_body = _strip_code(body)
        stream = None
        if (":" in body and s.label_hint.search(body) is not None) or (
            ("=" in body or "-" in body) and _setext_hint(body, all_names)
        ):
            stream = line_stream(body, first_line=3)
    if stream:
        trailer_lines = {t.line for t in doc.trailers}
        file_line = doc.file_line
        found = collect(stream, all_names, _trailer_tail(stream, trailer_lines, file_line) if trailer_lines else 0)
        if found:
            if tables is None:
                tables = _group_tables(groups)
            of_name = tables[2]
            for f in found:
                line = file_line(f.line)
                if f.how == "label" and line in trailer_lines:
                    continue  # already taken as a trailer
                in_groups = of_name.get(f.name)
                if in_groups is None:
                    in_groups = tuple(g for g, names in groups.items() if f.name in names)
                    if len(of_name) < 4096:
                        of_name[f.name] = in_groups
                for g in in_groups:
                    fields.setdefault(g, []).append(Field(f.name, f.text, line, f.how))
    return Reading(fields, f"{title}\n\n{prose_body}", use_md)


def _first_substantive(fields: list[Field]) -> Field | None:
    for f in fields:
        if not is_placeholder(f.text):
            return f
    return None


if TYPE_CHECKING:
    from custlint.analysis.backwards import PrfaqLink
    from custlint.analysis.remediation import FixVerdict

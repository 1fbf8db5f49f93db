"""Bug fixes: who was hurt, how many, since when, and what was done for them.

A fix states the **customer impact** (who is affected, how many, since when)
and the **remediation**: the affected customers were found and contacted,
refunded, credited, their data corrected, or why none is needed (the bug never
reached production). Remediation only for the customers who complained is
called out: the ones who did not complain were hurt too.
"""

from __future__ import annotations

import re

from custlint.analysis import words as W
from custlint.core.lazyre import lazy
from custlint.core.record import Record
from custlint.document.sections import Field, label_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    from custlint.analysis.analyzer import Analysis

_COUNT_WORDS = frozenset(
    """
all every each dozens hundreds thousands millions everyone everybody nobody none half quarter third
one two three four five six seven eight nine ten percent share
""".split()
)
_SINCE = lazy(
    r"\b(?:since|started|starting|began|introduced|regressed|regression|ago|yesterday|last (?:week|night|month|release|deploy)|"
    r"after (?:the |our )?(?:\S{1,30} )?(?:deploy|deployment|release|upgrade|rollout|migration|launch)|between|"
    r"for (?:the (?:last|past) )?\d{1,4} (?:hours?|days?|weeks?|months?)|for (?:about |over )?(?:a|an|one|two|three) "
    r"(?:hours?|days?|weeks?|months?)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"\d{4}-\d{2}-\d{2}|(?:in|from|until) (?:v?\d{1,4}\.\d{1,4}|release|version))"
)
_NO_IMPACT = lazy(
    r"\bnever (?:shipped|released|deployed|reached (?:production|prod|customers|users)|went out|went live)"
    r"|\bnot (?:yet )?(?:released|shipped|deployed|live|customer[- ]facing|in production)"
    r"|\bunreleased\b|\bcaught (?:in|during|before|by) (?:code )?(?:review|staging|qa|testing|tests|ci|canary|release|the canary)"
    r"|\bonly (?:in|on|affected) (?:staging|dev|development|test|internal|the staging)"
    r"|\bno (?:customers?|users?|sellers?|buyers?|one|accounts?) (?:were |was |has been |have been )?(?:affected|impacted|hit|saw|noticed|exposed)"
    r"|\bnobody (?:was )?(?:affected|impacted|hit)|\bno customer[- ]facing\b|\bbehind a (?:disabled |feature )?flag"
    r"|\b(?:no|zero) (?:customer )?impact\b(?: on customers)?(?:[^.;\n]{0,80}?\b(?:because|as|since|:|—|-)\b)"
)
# one word boundary, tested first, for every alternative: \b and the lookbehinds are tests of the same
# position, in any order the same matches, and \b fails at once inside a word, where the four lookbehinds
# were tried at every character (the pattern's matches as when each alternative began with its own \b)
_REMEDY = lazy(
    r"\b(?:(?<!not )(?<!never )(?<!n't )(?<!no )(?:contacted|notified|emailed|e-mailed|messaged|called|refunded|credited|compensated|reimbursed|apologi[sz]ed|"
    r"reprocessed|backfilled|re-?sent|restored|corrected|recalculated|re-?issued|remediated|reconciled|re-?ran|re-?run|"
    r"reached out|reaching out|waived|re-?enabled|unblocked|reinstated)\b"
    r"|\b(?:will|to|we'll|support (?:will|is going to|has)|cs will|they will) (?:\w+ )?(?:contact|notify|email|e-mail|refund|credit|"
    r"compensate|reimburse|apologi[sz]e|reprocess|backfill|re-?send|restore|correct|recalculate|re-?issue|reach out|waive|"
    r"reinstate|unblock|re-?run)\b"
    r"|\b(?:list|query|report|export) of (?:all )?(?:the )?affected\b|\baffected (?:customers|users|accounts|orders|sellers|buyers|"
    r"merchants|drivers|riders) (?:were|have been|are being|will be|are) (?:identified|found|listed|fixed|corrected|refunded|"
    r"notified|contacted|credited)\b|\bno (?:remediation|action|follow-?up) (?:is |was )?(?:needed|required|necessary)\b"
    # "all 40,000 were unsubscribed and got a confirmation e-mail": something done for every one of them
    r"|\ball (?:of them|of the [a-z]{2,20}|the affected [a-z]{2,20}|affected [a-z]{2,20}|[\d,]{1,12} [a-z]{2,20}|[\d,]{1,12}) "
    r"(?:were|have been|are being|got|received|will (?:be|get|receive))\b"
    r"|\b(?:sent|got|received|were given|was given|offered) (?:an? |the )?(?:[a-z-]{2,20} ){0,2}(?:e-?mail|apology|refund|credit|"
    r"voucher|coupon|discount code|notice|letter|message|notification)s?\b)"
)
_COMPLAINERS = lazy(
    r"\b(?:who|that|which) (?:had )?(?:complained|reported (?:it|this|the (?:bug|issue|problem))|contacted (?:us|support)|"
    r"wrote in|reached out|opened (?:a )?tickets?|raised (?:a )?tickets?|filed (?:a )?tickets?)\b"
    r"|\b(?:reporting|complaining) (?:customers?|users?|sellers?|merchants?|buyers?)\b|\bthe (?:customer|user|seller|buyer|merchant) who\b"
)
_EVERYONE = lazy(
    r"\b(?:all|every|each|everyone|everybody) (?:the )?(?:\d{1,9} )?(?:other )?(?:affected|impacted)?\b|\bquery\b|\blist of\b|"
    r"\bidentified\b|\bfound (?:all|every|\d)|\bwhether or not they\b|\beven (?:those|if they) (?:who )?(?:did not|didn't)\b"
)


# Harm customers meet whoever the text names: crashes, data loss, wrong results, security holes. A fix
# of one is never "internal only".
CUSTOMER_FACING = lazy(
    r"\b(?:crash(?:es|ed|ing)?|panic(?:s|ked|king)?|segfaults?|segmentation fault|data loss|lost data|loses? data|"
    r"(?:data|file|database|index) corruption|corrupt(?:s|ed|ing)?|wrong (?:results?|values?|answers?|totals?|data|output)|"
    r"incorrect (?:results?|values?|totals?|data|output)|security|vulnerab(?:le|ility|ilities)|cve-\d|exploit(?:s|able)?|"
    r"insecure|denial of service|dos attack|memory exhaustion|out of memory|oom|injection|xss|csrf|ssrf|"
    r"privilege escalation|auth(?:entication|orization)? bypass|leak(?:s|ed|ing)? (?:of )?(?:credentials?|secrets?|tokens?|"
    r"passwords?|personal data|pii|data)|outage|downtime|deadlock(?:s|ed)?|hang(?:s|ing)?|freez(?:e|es|ing)|"
    r"empty results?|drop(?:s|ped)? (?:data|series|events|messages|requests))\b"
)
_TRAILER_LINE = lazy(
    r"(?:co-authored-by|signed-off-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|"
    r"helped-by|cc|change-id|reviewed-on)\s*:",
    re.IGNORECASE,
)


_SCOPE = lazy(r"[a-z]+\(([^()\n]{1,30})\)!?:", re.IGNORECASE)
_TYPE_PREFIX = lazy(r"[a-z]+!?:[ \t]*", re.IGNORECASE)
_INTERNAL_SCOPES = frozenset(
    "ci test tests testing build deps deps-dev dev-deps lint linter types typing tooling "
    "tools release docs chore e2e bench benchmarks fixtures".split()
)
_ENV_SETTING = lazy(r"\b(?:environment|env)[ _-]?var(?:iable)?s?\b")
_CLAUSE = lazy(r"[,;:.!?\n]|\b(?:and|but|when|because|so|while|which|if|since)\b")


def _internal_only(title: str, low: str, ws: set[str]) -> bool:
    """The fix is about the work itself (tests, CI, build, lint, dependencies, names in the code):
    an internal scope (``fix(ci): ...``), or internal words in every clause that says something
    goes wrong or names a place customers meet."""
    m = _SCOPE.match(title)
    if m and m.group(1).strip().lower() in _INTERNAL_SCOPES:
        return True
    if "env" in low and _ENV_SETTING.search(low):
        # an environment variable is a setting the customer makes, not a variable of the code
        low = _ENV_SETTING.sub(" setting ", low)
        ws = W.words(low)
    if ws.isdisjoint(W.INTERNAL_ONLY):
        return False
    # the subject says what the fix is; a scope says only where ("fix(ui): tidy the stepper code" tidies code)
    what = title[m.end() :] if m else _TYPE_PREFIX.sub("", title, count=1)
    title_ws = W.words(what.lower())
    if title_ws.isdisjoint(W.INTERNAL_ONLY):
        # a subject about what the product does ("fix(rss): trailing slash kept despite the option") is not
        # made the work itself by the squashed "add tests" and "update the lockfile" below it
        return False
    if m and low.startswith(title.lower()[: m.end()]):
        low = low[m.end() :]
    # a subject that names the work ("fix: drop duplicate keys from the lockfile") tells what broke: the
    # body's "breaking the install on main" is then the same work breaking, unless it names what customers meet
    internal_title = title_ws.isdisjoint(W.SURFACE)
    for clause in _CLAUSE.split(low[:4000]):
        cws = W.words(clause)
        if cws.isdisjoint(W.INTERNAL_ONLY) and (
            not cws.isdisjoint(W.SURFACE) or (not internal_title and not cws.isdisjoint(W.PAIN_STRONG))
        ):
            return False  # this clause says something goes wrong, or names what customers meet, outside the work
    return True


class FixVerdict(Record):
    __slots__ = ("impact", "who", "how_many", "since", "no_impact", "remedy", "complainers_only", "in_ticket")

    def __init__(
        self,
        impact: Field | None,
        who: bool,
        how_many: bool,
        since: bool,
        no_impact: str,
        remedy: Field | None,
        complainers_only: bool,
        in_ticket: bool = False,
    ) -> None:
        self.impact = impact  # the statement of who was hurt
        self.who = who
        self.how_many = how_many
        self.since = since
        self.no_impact = no_impact  # the reason no customer was hurt, or ""
        self.remedy = remedy
        self.complainers_only = complainers_only
        # a commit or PR that references its ticket: what it does not say about the impact and the
        # remediation is written there, exactly like the customer problem and the KPI; what it does say
        # is still judged
        self.in_ticket = in_ticket


# numbers that count something other than customers: versions, releases, time, sizes ("3 versions of
# the app", "since 4.2", "for 2 days", "500 ms")
_NOT_A_COUNT = lazy(
    r"\b\d[\d,.]*\s*(?:versions?|releases?|builds?|platforms?|browsers?|commits?|files?|lines?|bytes?|kb|mb|gb|tb|ms|"
    r"s|secs?|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times|x)\b"
    r"|\b(?:since|in|from|after|before|until|version|release|v)\s+v?\d+(?:\.\d+)+\b"
)


def _remedy_in(low: str, memo: dict[str, bool]) -> bool:
    """``_REMEDY`` finds a remediation in the normalised sentence ``low``; ``memo`` keeps the answer for
    the next loop of :func:`judge` that asks of the same sentence."""
    said = memo.get(low)
    if said is None:
        said = memo[low] = _REMEDY.search(low) is not None
    return said


def _count(low: str, ws: set[str]) -> bool:
    if W.has_digit(low):
        low = _NOT_A_COUNT.sub(" ", low)
    rest = W.NOT_TARGET.sub(" ", low) if W.has_digit(low) else low
    return bool(W.DIGIT.search(rest)) or not ws.isdisjoint(_COUNT_WORDS)


def judge(a: Analysis) -> FixVerdict:
    from custlint.analysis.placeholders import is_placeholder

    candidates: list[Field] = [f for f in a.fields("impact") + a.problem_fields if not is_placeholder(f.text)]
    ws_all = a.words
    low_all = a.lower
    if not candidates and not CUSTOMER_FACING.search(low_all) and not a.has_persona(low_all, ws_all):
        if _internal_only(a.doc.title, low_all, ws_all):
            # "fix: flaky test for the order serializer", "fix(ci): broken lockfile": the work itself,
            # nothing a customer meets and nothing going wrong for anyone else: nobody to remediate
            return FixVerdict(None, False, False, False, "internal-only change", None, False)
    all_names = a.settings.all_names
    for sentence, line in a.memo("prose_sentences", W.prose_sentences):
        if sentence.startswith(("#", "|")) or _TRAILER_LINE.match(sentence):
            continue
        lab = label_of(sentence) if ":" in sentence[:60] else None
        if lab is not None and lab[0] in all_names:
            continue  # a field: judged as one above (or a remediation, which is not the impact)
        candidates.append(Field("prose", sentence, a.doc.file_line(line), "prose"))
    best: tuple[int, Field, bool, bool, bool] | None = None
    no_impact = ""
    remedied: dict[str, bool] = {}  # a sentence's normalised text -> _REMEDY finds a remediation in it (both loops ask)
    for f in candidates:
        low = W.norm(f.text)
        if not no_impact:
            m = _NO_IMPACT.search(low)
            if m:
                no_impact = m.group(0)
        if f.how == "prose" and best is not None and best[1].how != "prose":
            break  # a stated impact field beats any sentence
        if f.how == "prose" and _remedy_in(low, remedied):
            continue  # what was done for them is the remediation, not the impact
        ws = W.words(low)
        who = (
            a.has_persona(low, ws)
            or f.how != "prose"
            and f.name in a.settings.impact_names
            and not ws.isdisjoint(W.SURFACE)
        )
        if not who:
            continue
        many = _count(low, ws)
        since = bool(_SINCE.search(low))
        if f.how == "prose" and not (
            many or since or not ws.isdisjoint(W.PAIN_STRONG) or "affected" in ws or "impacted" in ws
        ):
            continue
        score = 1 + many + since
        if best is None or score > best[0]:
            best = (score, f, who, many, since)
        if score == 3:
            break
    remedy: Field | None = None
    for f in a.fields("remediation"):
        if not is_placeholder(f.text):
            remedy = f
            break
    if remedy is None:
        for sentence, line in a.memo("prose_sentences", W.prose_sentences):
            if _remedy_in(W.norm(sentence), remedied):
                remedy = Field("prose", sentence, a.doc.file_line(line), "prose")
                break
    complainers = False
    if remedy is not None:
        low = W.norm(remedy.text if remedy.how != "prose" else a.prose)
        complainers = bool(_COMPLAINERS.search(low)) and not _EVERYONE.search(low)
    in_ticket = a.has_refs and a.doc.kind != "ticket"
    if best is None:
        return FixVerdict(None, False, False, False, no_impact, remedy, complainers, in_ticket)
    _, f, who, many, since = best
    return FixVerdict(f, who, many, since, no_impact, remedy, complainers, in_ticket)

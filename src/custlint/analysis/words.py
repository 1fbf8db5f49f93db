"""Word lists and small linear-time helpers the judgement shares.

Every regular expression here is linear: no nested or adjacent unbounded
quantifiers over the same characters; texts are whitespace-normalised before
phrase patterns run, so patterns use single spaces.
"""

from __future__ import annotations

from custlint.core.lazyre import lazy

WORD = lazy(r"[a-z0-9][a-z0-9'’-]*")
SENTENCE_END = lazy(r"(?<=[.!?;])\s+(?=[A-Z(\"'*_`])")
MAX_JUDGED = 4000  # characters of one field or sentence that the phrase patterns read


_PUNCT = '.,;:!?()[]{}<>"*_`|/\\=+~^$@&%#'
_SEPARATORS = str.maketrans({c: " " for c in _PUNCT + "…“”—–"})
# bytes.translate is a table lookup per byte, several times faster than str.translate with a dict
_B_SEPARATORS = bytes(32 if chr(b) in _PUNCT else b for b in range(256))


def words(text_lower: str) -> set[str]:
    """The word set of a lower-cased text: words as written ("can't", "sign-ups") and, when a
    text has hyphens or apostrophes, their parts too ("sign", "ups", "users'" -> "users")."""
    if text_lower.isascii():
        ws = set(text_lower.encode().translate(_B_SEPARATORS).decode().split())
        if "-" in text_lower or "'" in text_lower:
            # the parts of the few words that have them (the text's words, cut again: not a second split of it all)
            for w in [w for w in ws if "-" in w or "'" in w]:
                ws.update(w.replace("-", " ").replace("'", " ").split())
        return ws
    ws = set(text_lower.translate(_SEPARATORS).split())
    if "-" in text_lower or "'" in text_lower or "’" in text_lower:
        for w in [w for w in ws if "-" in w or "'" in w or "’" in w]:
            ws.update(w.replace("-", " ").replace("'", " ").replace("’", " ").split())
    return ws


def norm(text: str) -> str:
    """Lower case, Markdown emphasis and code marks dropped, white space collapsed, bounded."""
    text = text[:MAX_JUDGED].replace("**", " ").replace("__", " ").replace("`", " ").replace("’", "'")
    return " ".join(text.lower().split())


def plain(text: str, limit: int = 70) -> str:
    """The user's own words, shortened for a message."""
    text = " ".join(text[:400].replace("**", "").replace("__", "").replace("`", "").split())
    text = text.rstrip(" .;,")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def prose_sentences(a) -> list[tuple[str, int]]:
    """:func:`sentences` of an analysis's prose, for ``a.memo("prose_sentences", prose_sentences)``: the
    customer problem, the KPI and the remediation read the same sentences, cut once. Read, never changed."""
    return sentences(a.prose)


def has_digit(text: str) -> bool:
    """A character of ``text`` is a digit by ``str.isdigit`` (superscripts too, unlike ``\\d``)."""
    if text.isascii():
        return _ASCII_DIGIT.search(text) is not None  # the same characters in ASCII, in one C scan
    return any(c.isdigit() for c in text)


_ASCII_DIGIT = lazy(r"[0-9]")
_BLOCK_START = lazy(r"[ \t]*(?:[-*+>|#]|\d{1,9}[.)][ \t]|h[1-6]\.[ \t]|[A-Za-z][\w -]{0,40}:[ \t])")


def sentences(text: str, first_line: int = 1, limit: int = 400) -> list[tuple[str, int]]:
    """``(sentence, line)`` pairs of a prose text (at most ``limit``).

    Lines of one paragraph are joined first (people wrap at 72 columns), a list item, heading,
    table row or ``Label:`` line starts a new block; blocks are split at sentence ends.
    """
    out: list[tuple[str, int]] = []
    block: list[str] = []
    start = 0

    def flush() -> bool:
        if block:
            joined = " ".join(block)[:MAX_JUDGED]
            parts = (
                SENTENCE_END.split(joined)
                if (". " in joined or "; " in joined or "! " in joined or "? " in joined)
                else (joined,)
            )
            for part in parts:
                part = part.strip()
                if part:
                    out.append((part, first_line + start))
                    if len(out) >= limit:
                        return True
            block.clear()
        return False

    for n, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if not stripped:
            if flush():
                return out
            continue
        if block and _BLOCK_START.match(line):
            if flush():
                return out
        if not block:
            start = n
        block.append(stripped)
        if stripped[:1] in ("#", "|"):  # a heading or a table row is a block of its own
            if flush():
                return out
    flush()
    return out[:limit]


# What goes wrong for someone. Broad: used to decide a problem is *not* only a solution.
PAIN = frozenset(
    """
cannot can't cant unable fail fails failed failing failure failures error errors broken break breaks breaking
lose loses lost losing wait waits waiting waited slow slowly slower abandon abandons abandoned abandoning
abandonment confused confusing confuse confusion frustrated frustrating frustration complain complains
complained complaint complaints miss misses missed missing hard harder difficult manual manually forced stuck
blocked crash crashes crashed crashing wrong incorrect incorrectly duplicate duplicated duplicates charged
overcharged undercharged delayed delay delays late expensive costly cost costs spend spends spent spending
re-enter retype re-type re-search churn churns churned drop drops dropping leave leaves leaving unclear
don't doesn't didn't isn't aren't won't never without lack lacks lacking timeout timeouts bounce bounced
annoying annoyed tedious painful pain struggle struggles struggling risk risks exposed leak leaked leaks
unavailable outage outages downtime unreadable illegible inaccessible hours minutes seconds days want wants
need needs needed impossible only mistake mistakes lost give gives gave guess guessing unsure afraid
worried worry penalty penalties fine fines rejected reject rejects declined decline bug bugs
charging twice rebuild rebuilds rebuilding redo redoes re-create recreate recreates re-do hang hangs freezes freeze frozen spam spammed noisy garbled truncated blank empty overwhelmed
exception exceptions panic panics panicked segfault segfaults traceback deadlock deadlocks corrupt corrupted
corrupts corruption misleading inconsistent unexpected unexpectedly silently regression regressed ignored
ignores unusable unresponsive workaround workarounds flicker flickers flickering misleads mislead
stop stops stopped quit quits surprised surprising jumps contention starve starved starving
no nothing
""".split()
)
# The same, without the weak words: used to find a problem statement in free prose.
PAIN_STRONG = PAIN - frozenset(
    "without only need needs needed want wants hours minutes seconds days never no nothing don't doesn't didn't "
    "isn't aren't won't drop drops dropping leave leaves leaving give gives gave fine cost costs spend spends "
    "spent spending risk risks late empty bug bugs".split()
)


# The work itself, not what it does: a fix about these alone (and nothing going wrong for anyone, at no
# place customers meet) has nobody to remediate. Narrower than INTERNAL: an SDK's client, config or query
# is what its customers use.
INTERNAL_ONLY = frozenset(
    """
test tests testing flaky flake flakes ci lint linter linting refactor refactoring cleanup clean-up rename renamed
renames comment comments docstring docstrings variable variables constant constants typing mypy type-check
type-checking typecheck build builds pipeline workflow workflows coverage fixture fixtures mock mocks stub stubs
bump bumps dependency dependencies deps devdependencies lockfile makefile dockerfile tidy tidies tidied tidying
doc docs documentation readme changelog changeset
""".split()
)

# Persona words that are also names of software parts: "the HTTP client", "client library", "user agent",
# "JDBC driver", "file reader", "Kafka consumer", "parent process". Such a word names a person only where
# no technical word stands right before or after it (see Analysis.has_persona).
AMBIGUOUS_PERSONAS = frozenset(
    """
user users client clients driver drivers reader readers writer writers host hosts agent agents operator
operators member members owner owners holder holders listener listeners viewer viewers player players account
accounts partner partners vendor vendors author authors guest guests tenant tenants caller callers consumer
consumers subscriber subscribers publisher publishers admin admins team teams enterprise enterprises business
businesses developer developers candidate candidates fan fans parent parents family families staff creator
creators visitor visitors member's user's customer customers groups stores shops banks agencies companies
you engineers engineer managers
""".split()
)
TECH_AFTER = frozenset(
    """
library libraries lib libs side code codes id ids name names agent agents certificate certificates cert certs key keys
secret secrets config configs configuration configurations request requests response responses object objects
class classes instance instances process processes thread threads function functions method methods api apis sdk
sdks implementation implementations interface interfaces pool pools connection connections socket sockets buffer
buffers stream streams type types field fields table tables record records module modules package packages version
versions string strings struct structs value values header headers setting settings option options mode modes
binary binaries tool tooling script scripts timeout timeouts cache caches context contexts handler handlers token
tokens credential credentials data model models schema schemas service services space land namespace namespaces list
lists metadata file files directory directories dir dirs path paths port ports address addresses machine machines os
node nodes kernel pointer pointers ref refs reference references callback callbacks hook hooks plugin plugins
extension extensions component components group groups lag offset offsets precedence overload overloading
overloads thread-safe defined provided supplied specified controlled generated created-by side-effect flag flags
endpoint endpoints route routes table property properties attribute attributes variable variables argument
arguments param params parameter parameters input inputs event events instance-level level layer layers wrapper
wrappers stub stubs mock mocks test tests fixture fixtures implementation-specific pid uid gid edition panel
mechanism logic state states entity entities row rows column columns keyspace app's span spans trace traces
story stories guide guides manual manuals docs documentation
""".split()
)
# Roles that software plays as often as people do ("the client serializes ...", "an older reader panics",
# "the async httpx client"): besides TECH_BEFORE / TECH_AFTER, such a use is software where a word two
# before is technical, where a version word stands before it, where a verb only software does follows,
# or where the clause goes on to call it "it" or "its" (people are "they"). Organisations ("customers",
# "partners") are not among them: a company is an "it" too.
SOFTWARE_ROLES = frozenset(
    """
client clients reader readers writer writers driver drivers agent agents consumer consumers host hosts
listener listeners subscriber subscribers publisher publishers caller callers viewer viewers player players
""".split()
)
VERSION_BEFORE = frozenset("older newer outdated legacy upgraded downgraded patched unpatched".split())
MACHINE_VERBS = frozenset(
    """
serializes serialises serialize serialise deserializes deserialises parses marshals unmarshals instantiates
allocates spawns emits polls flushes decodes encodes invokes dereferences reconnects retries buffers caches
""".split()
)
THING_PRONOUN = lazy(r"[^.;:!?()]{0,60}?\b(it|its|they|their|them|he|she|his|her|who)\b")
# a persona word that is also a verb, used as one: "stores the result", "hosts a page", "groups the rows"
VERB_PERSONAS = frozenset("stores hosts shops banks groups".split())
DETERMINERS = frozenset("the a an its their this that these those each every all".split())
TECH_BEFORE = frozenset(
    """
http https api rest grpc graphql database db sql jdbc odbc mysql postgres postgresql redis mongo mongodb file csv
json xml yaml toml event stream remote local build ssh test mock fake dummy cluster k8s kubernetes virtual web s3
ftp sftp smtp imap pop3 dns proxy tcp udp kafka oauth oauth2 oidc saml ldap docker container print media video
audio rss pdf gpu device network storage disk log logging metrics tracing otel opentelemetry prometheus sentry
websocket socket python java golang node rust js javascript typescript native headless default custom base
abstract async sync background system service message queue topic pubsub rabbitmq sqs sns nats mqtt amqp
telemetry grafana loki webhook webhooks rpc tls ssl x509 git github gitlab npm pip cargo maven gradle docker's
the-http an-http mqtt lambda serverless downstream upstream object httpx aiohttp axios urllib3 grpcio
""".split()
)
# ... except the people of a platform or a language: "API users", "Kubernetes users", "Python developers"
# use what the team builds ("database users" and "LDAP users" are accounts, and stay software)
PLATFORM_PEOPLE = frozenset("user users developer developers".split())
PLATFORM_WORDS = frozenset(
    "api rest graphql grpc kubernetes k8s docker python java golang rust js javascript typescript node github "
    "gitlab npm pip cargo maven gradle grafana prometheus sentry web native mobile".split()
)

# People the persona list does not know, told by grammar: an agent noun ("growers", "inspectors",
# "regulars") that something goes wrong for ("growers cannot see", "inspectors at remote farms lose").
_UNLISTED_VERBS = (
    "cannot|can't|can not|could not|couldn't|don't|do not|did not|didn't|have to|had to|lose|lost|wait|waste|miss|want|"
    "need|must|struggle|spend|fail|keep having|end up|give up|abandon|complain|are forced|are unable|are stuck|"
    "get stuck|never"
).split("|")
UNLISTED_PERSONA = lazy(
    r"\b([a-z]{3,30}(?:ers|ors|ists|ians|ants|ents|ees|ars|ics))\b(?:,? (?:who|at|in|on|of|with|from|using|across)\b"
    r"[^,.;:]{0,40}?)? (?:" + "|".join(_UNLISTED_VERBS) + r")\b"
)
# where UNLISTED_PERSONA can end: a space and one of its verbs (personas.unlisted_personas looks for
# matches from the first of these only)
UNLISTED_VERB = lazy(r" (?:" + "|".join(_UNLISTED_VERBS) + r")\b")
# the first word of each of those verbs: a text UNLISTED_PERSONA matches has one among its words, where
# words() cuts the text where the pattern's word boundaries are (personas.has_persona says where)
UNLISTED_VERB_WORDS = frozenset(v.split()[0] for v in _UNLISTED_VERBS)
# agent nouns that name software, not people (the grammar above would otherwise read them as people)
TECH_AGENTS = frozenset(
    """
servers workers containers handlers listeners readers writers buffers parsers loggers schedulers controllers routers
brokers consumers producers runners drivers adapters connectors processors iterators decorators validators
serializers deserializers compilers linters formatters renderers loaders providers resolvers wrappers helpers headers
parameters filters markers numbers letters layers errors others clusters containers computers browsers crawlers
scrapers emitters exporters importers collectors reporters trackers watchers workers' tests builds requests
queries jobs pods nodes threads processes callers subscribers publishers listeners observers managers trainers
transformers encoders decoders tokenizers analyzers analysers optimizers optimisers executors dispatchers fetchers
uploaders downloaders installers launchers builders generators printers scanners checkers testers mocks stubs
integrations components modules students? tenants accounts clients vendors partners agents operators owners hosts
players viewers members authors guests documents segments elements arguments environments dependents constants
variants fragments attachments comments assignments deployments statements instruments
""".replace("?", "").split()
)

# A change someone makes: a problem that starts with one of these is a solution.
SOLUTION_START = lazy(
    r"(?:(?:we|i|you|they) (?:need|want|have|would like|should|must|will|plan) to |(?:we|i) (?:should|must|will) "
    r"|let's |lets |need to |this (?:pr|mr|change|commit|patch|ticket|story) (?:will |should |would )?"
    r"|to |please |goal(?: is)?:? (?:to )?)?"
    r"(?:adds?|adding|implement(?:s|ing)?|build(?:s|ing)?|create(?:s|ing)?|introduce(?:s|ing)?|show(?:s|ing)?|"
    r"display(?:s|ing)?|support(?:s|ing)?|enable(?:s|ing)?|allow(?:s|ing)?|provide(?:s|ing)?|make(?:s|ing)?|"
    r"migrate(?:s|ing)?|refactor(?:s|ing)?|update(?:s|ing)?|upgrade(?:s|ing)?|use|using|switch(?:es|ing)?|"
    r"move(?:s|ing)?|replace(?:s|ing)?|integrate(?:s|ing)?|expose(?:s|ing)?|new|a new|the new|redesign(?:s|ing)?|"
    r"rewrite(?:s|ing)?|remove(?:s|ing)?|bump(?:s|ing)?|cache(?:s|ing)?|extract(?:s|ing)?|convert(?:s|ing)?|"
    r"rename(?:s|ing)?|wire(?:s|ing)?|set up|setup|ship(?:s|ping)?|launch(?:es|ing)?|roll out|offer(?:s|ing)?|"
    r"let(?:s|ting)?|give(?:s|ing)?|send(?:s|ing)?|store(?:s|ing)?|persist(?:s|ing)?|track(?:s|ing)?|"
    r"extend(?:s|ing)?|optimi[sz]e(?:s|ing)?|speed up|reduce(?:s|ing)?|improve(?:s|ing)?|increase(?:s|ing)?|"
    r"have|get|put|split(?:s|ting)?|merge(?:s|ing)?|deprecate(?:s|ing)?|delete(?:s|ing)?|automate(?:s|ing)?)\b"
)

# The inside of the product: a problem made only of these has no customer in it.
INTERNAL = frozenset(
    """
code codebase cache caching layer service services microservice microservices module modules refactor
refactoring debt maintain maintained maintaining maintainable maintainability maintenance tests test testing
ci build builds pipeline pipelines database db query queries schema legacy dependency dependencies library
libraries framework class classes function functions lint linter linting coverage readability readable
duplication duplicated infra infrastructure kubernetes k8s docker terraform config configuration logging
deprecated deprecation monolith orm sql migration migrations script scripts repo repository compiler typing
mypy flaky technical internal internally developers' engineers engineer engineering boilerplate abstraction
abstractions spaghetti cleanup clean-up complexity complex coupling coupled tightly cron job jobs worker
workers queue queues yaml json xml endpoint endpoints handler handlers controller controllers helper helpers
util utils package packages python java javascript typescript react serializer serialiser fixture fixtures
mock mocks stub stubs assertion assertions unittest pytest cluster clusters server servers licence license licensing
hosting aws gcp azure elasticsearch opensearch postgres mysql redis kafka eol end-of-life on-call oncall pager paged
pagerduty alerting runbook runbooks variable variables constant constants docstring docstrings identifier
identifiers import imports annotation annotations
""".split()
)
# Where customers meet the product: a problem set there has an implied customer.
SURFACE = frozenset(
    """
checkout cart basket order orders page pages screen screens app website site login log-in sign-in signin
signup account accounts invoice invoices payment payments refund refunds delivery deliveries search results
notification notifications email emails subscription subscriptions booking bookings ride rides trip trips
purchase purchases ui ux dashboard report reports export exports feed profile inbox message messages receipt
receipts price prices pricing catalog catalogue product products listing listings payout payouts shipment
shipments parcel parcels support ticket tickets form forms upload uploads download invoice statement
statements balance card cards transfer transfers reservation reservations appointment appointments
""".split()
)

METRIC = frozenset(
    """
rate rates ratio share percentage percent time times latency duration p50 p75 p90 p95 p99 count number amount
nps csat ces score conversion conversions retention churn completion abandonment errors error failures failure
tickets contacts complaints revenue gmv aov orders bookings mau dau wau active repeat reuse reused reusing cost
costs spend uptime availability sla slo refunds returns cancellations usage adoption frequency minutes seconds
ms load accuracy calls escalations renewals upgrades resolution handle aht fcr tasks errors crashes crash-free
sessions checkouts purchases signups sign-ups installs downloads clicks views impressions visits followers
""".split()
)

NUMBER_WORD = lazy(
    r"\b(?:zero|one(?!-)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|twice|double[sd]?|"
    r"half|halve[sd]?|triple[sd]?|thrice|dozens?|hundreds?|thousands?|millions?|billions?|no more than|at most|"
    r"at least)\b"
)

# A time window: when the target must be met, or the period it is measured over.
_UNIT = r"(?:calendar |business |working |billing |release |school )?(?:days?|weeks?|wks?|months?|mos|quarters?|years?|sprints?|releases?|cycles?)"
_NUM = r"(?:\d{1,6}(?:\.\d{1,3})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|a few|few|a couple of)"
_MONTH_NAME = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}"
_DATE = (
    r"(?:\d{4}-\d{1,2}(?:-\d{1,2})?|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2} "
    + _MONTH
    + r"(?: \d{4})?|"
    + _MONTH
    + r" \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|"
    + _MONTH
    + r" \d{4})"
)
WINDOW = lazy(
    r"\b(?:within|in|over|after|during|for|across|throughout|inside|first|next|last|past|trailing|rolling|"
    r"following) (?:the )?(?:first |next |last |past |coming |following |initial |trailing |rolling )?"
    + _NUM
    + r"[ -]"
    + _UNIT
    + r"\b"
    r"|\b(?:by|before|until|till|through|thru|no later than|ending|end of|in|on|deadline|date|due|when|window|"
    r"target date|timeframe|time frame|horizon|period) (?:the )?(?:end of |close of )?(?:(?:q[1-4]|h[12])(?: ?'?\d{2,4})?|"
    r"fy ?\d{2,4}|"
    + _DATE
    + r"|(?:the |this |next )?(?:quarter|year|month|sprint|half)\b|20\d\d\b|launch ?\+ ?\d{1,3})"
    r"|\b(?:within|in|over|during|for|across|throughout|by the end of|at the end of) the (?:first|next|last|past|coming|following) "
    r"(?:calendar |business )?(?:day|week|month|quarter|year|sprint|release|half)\b"
    r"|\b(?:per|a|an|each|every|/) ?(?:day|week|month|quarter|year|session|sprint|hour)\b"
    r"|\b(?:every|each) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekday|morning|night|evening)\b"
    r"|\b(?:daily|weekly|monthly|quarterly|yearly|annually|annual|year-over-year|yoy|week-over-week|month-over-month|wow|mom)\b"
    r"|\b\d{1,4}-(?:day|week|month|year)\b|\b\d{1,4} ?(?:d|w|mo)\b"
    r"|\b\d{1,4} (?:days?|weeks?|months?|years?) (?:window|period|cohort|after|post|following|of (?:launch|release|rollout))\b"
    r"|\b(?:q[1-4]|h[12])(?: ?'?\d{2,4})?\b|\bfy ?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b" + _MONTH + r" \d{4}\b"
    r"|\b(?:this|next|the next|coming|the coming|end of the) (?:week|quarter|half|year|month|sprint|release cycle)\b"
    # a month named without a year: "by May", "before end of June", "in March" ("in may" is left out: a verb)
    r"|\b(?:by|before|until|till|through|no later than|end of|by the end of) (?:(?:early|mid|late)[ -])?"
    + _MONTH_NAME
    + r"\b"
    r"|\bin (?:(?:early|mid|late)[ -])?(?!may\b)" + _MONTH_NAME + r"\b"
)
# Numbers that are not targets: ticket keys, versions, p95, years, ordinals, times of day.
# Alternatives that begin with a word boundary and follow one another share one: "\bA|\bB" and
# "\b(?:A|B)" try the same things in the same order (the same matches), and the shared form costs half
# (sre tried each alternative's boundary at every character); tests hold it to the form it had
NOT_TARGET = lazy(
    r"\b[a-z][a-z0-9_]{0,20}-\d{1,9}\b|#\d{1,9}\b|\b(?:v\d{1,4}(?:\.\d{1,4}){0,3}\b|p\d{2,3}\b|\d{1,4}(?:\.\d{1,4}){2,3}\b"
    r"|(?:19|20)\d\d\b|\d{1,2}(?:st|nd|rd|th)\b|\d{1,2}:\d{2}\b|[a-z]{1,10}\d{1,4}[a-z]{0,4}\b)|https?://\S{1,400}"
)
DIGIT = lazy(r"\d")
BASELINE = lazy(  # consecutive alternatives share their word boundary, as in NOT_TARGET (a fifth of the time)
    r"\b(?:from (?:about |around |~|roughly |a |the )?[\d~]|baseline\b|currently\b|today\b|now (?:at |is |~)?\d|"
    r"(?:up|down) from\b|vs\.? |versus\b|compared (?:to|with)\b|was \d|were \d|last (?:quarter|month|year|week)\b)|"
    r"→|->|\b(?:before:|current:|now:|starting point\b)"
)
RELATIVE = lazy(
    r"\bby \d{1,6}(?:\.\d{1,3})? ?(?:%|(?:percent|pp|percentage points?|points|x|times|fold)\b)"
    r"|\b\d{1,6}(?:\.\d{1,3})? ?% (?:more|fewer|less|higher|lower|faster|slower|increase|decrease|reduction|lift|improvement|uplift|up|down|drop|growth)\b"
    r"|\b(?:double|doubles|halve|halves|triple|triples|\d{1,3}x)\b|\b(?:up|down) \d{1,6}(?:\.\d{1,3})? ?%"
)
VAGUE = frozenset(
    """
improve improved improves improvement improvements better satisfaction engagement experience happiness happier
delight delighted ux more increase increased increases boost enhance enhanced higher lower faster easier quality
performance smoother seamless awareness love nicer simpler positive feedback sentiment
""".split()
)
# Counts that look good in a deck and say nothing about whether customers are better off.
VANITY = lazy(
    r"\b(?:impressions?|page ?views?|pageviews|views|downloads?|installs?|installations|sign-?ups?|registrations|"
    r"followers?|likes|clicks|click-throughs?|click-through rate|ctr|visits|visitors|hits|traffic|app opens|shares|retweets|mentions|"
    r"new users|total users|registered users|new accounts|waitlist)\b"
    r"|\b(?:increase|grow|boost|expand|double|improve|more|total|organic|audience|social|our|the|brand) reach\b"
    r"|\breach(?:es|ed|ing)? (?:over |more than |at least |about |around )?[\d.,]{1,12} ?(?:k|m|million|thousand|hundred)?\+? "
    r"(?:new )?(?:users|people|customers|accounts|readers|viewers|visitors|listeners|followers|installs|downloads)\b"
)
ADOPTION = frozenset(
    """
retention retain retained retaining returning return returns repeat repeated reuse reusing reused re-use again
active churn churned conversion convert converted converts completion complete completed completing completes
paid paying purchase purchases purchased orders order revenue cohort stick stickiness engaged habit second
recurring resolve resolved resolution fewer reduce reduced less cut lower decrease decreased adoption adopt adopted
""".split()
)

# Problems that name no customer at all: what competitors have, what a stakeholder asked for, a
# metric that is low. Only used when no persona is named.
NOT_A_CUSTOMER = lazy(
    r"\b(?:our |the |all )?(?:competitors?|competition|rivals?)\b"
    r"|\bfor (?:the|a|an|our|one) [a-z0-9&-]{2,30} (?:deal|contract|renewal|rfp|tender|pitch|demo)\b"
    r"|\b(?:leadership|management|stakeholders?|the board|executives?|execs|the ceo|the cto|the cpo|our ceo|sales|sales team|"
    r"marketing team|marketing|product team|the business|finance team|legal) (?:has |have |had )?(?:asked|wants?|wanted|"
    r"requested|requires?|required|needs?|needed|would like|expects?)\b"
    r"|\b(?:click-?through(?: rate)?|ctr|conversion(?: rate)?|engagement|revenue|retention|traffic|nps|the metric|the kpi|"
    r"usage|adoption|sales) (?:is|are|was|were|has been|have been|looks?|seems?) (?:too |very |quite |still )?(?:low|down|flat|"
    r"declining|dropping|below target|lower than)\b"
)
# "As a seller I want ... so that ...": a user story names who and what they need.
USER_STORY = lazy(r"\bas an? [a-z'-]{2,30}(?: [a-z'-]{2,30}){0,3},? (?:i|we) (?:want|need|would like|wish|expect)\b")


def user_story(low: str) -> bool:
    """:data:`USER_STORY` is in the lower-cased text: only where "as a" is (every match starts so)."""
    return "as a" in low and USER_STORY.search(low) is not None


# Pain said in more than one word.
PAIN_PHRASE = lazy(
    r"\bno way to\b|\b(?:have|has|had|having) to\b|\btakes? (?:them |him |her |us |me )?(?:about |up to |over |on average |around )?\d"
    r"|\bnot able to\b|\bcan no longer\b|\bgive up\b|\bgave up\b|\bgiving up\b|\bend up\b|\bmore than \d|\bup to \d"
    r"|\bevery (?:single )?(?:time|day|week|month|order|visit|session|shift|sale|year)\b|\bby hand\b|\bone by one\b|\bone at a time\b"
    r"|\bleaves? without\b|\bleft without\b|\bwithout (?:buying|booking|ordering|paying|finishing|completing|a reply|an answer)\b"
    r"|\b(?:do|does|did|could|can|would|will)(?:n't| not) (?:understand|know|work|load|show|appear|start|open|connect|render|"
    r"respond|save|find|see|get|receive|match|update|reach|tell|explain|communicate|indicate)\b|\bno longer (?:works?|loads?|shows?|possible|able|available)\b"
    r"|\bnot (?:working|loading|shown|visible|responding|saved|found|possible)\b|\bstopped working\b|\bwithout (?:needing|having) to\b"
    r"|\bhard to\b|\bfalse (?:[a-z-]{1,20} ){0,2}(?:positives?|alerts?|alarms?|negatives?|warnings?)\b|\b[a-z]{2,30}(?:error|exception)s?\b"
    # a chore forced on them: "users must advance a mocked clock", "you need to install ...", "had to write"
    r"|\b(?:must|need to|needs to|needed to|are forced to|is forced to|were forced to) (?:manually |explicitly |first |also |still |now )?"
    r"(?:install|create|write|add|pass|set|copy|configure|supply|provide|advance|change|restart|rewrite|re-?run|work around|"
    r"patch|fork|wrap|split|edit|delete|remove|download|upgrade|downgrade|pin|disable|enable|guess|remember|know)\b"
    r"|\b(?:could|can|would|will)(?:n't| not) be (?:saved|used|found|loaded|read|set|deleted|opened|accessed|changed|"
    r"configured|served|sent|parsed|imported|installed)\b|\bwithout (?:understanding|knowing|realizing|realising)\b"
    r"|\b(?:could|can)(?:n't| ?not)\b|\binstead of (?:needing|having)\b|\bproblems? for\b"
)
# A sentence that opens with one of these, in the imperative, says what the change does ("Reject tokens of
# banned users", "Stop the retry loop"), not what goes wrong: the verb is no pain of its own.
CHANGE_VERBS = frozenset("reject rejects refuse refuses deny denies disallow disallows block blocks stop stops".split())

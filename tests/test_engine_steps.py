"""Engine.steps: the plan without the rules that cannot fire under the run's config (a check's
``inert``), and a check not called when what it reads first is empty (its ``needs``). Both must
change no finding: held here against running every rule of the plan, on the corpus and the rule
examples, without a ticket source and with one (ticket files in a temp dir)."""

from __future__ import annotations

from conftest import custlint
from custlint.analysis.analyzer import analyze
from custlint.audit.cache import MASK
from custlint.audit.verdict import codes, commit_rules, judge, rule_bits
from custlint.core.config import default_config, load_config
from custlint.engine.evaluator import Engine
from test_engine_plan import RULES, TEXTS, TYPES, _doc
from tickets_helpers import config as write_config
from tickets_helpers import ticket

LINK_RULES = {"TK101", "TK102", "TK103", "TK104"}  # the checks of checks/tickets.py that read ticket references
METRIC_RULES = {"KP220", "KP221"}  # the code root's metric rules
# one field or claim at a time (the rule examples mostly state a problem and a KPI together)
ALONE = [
    ("commit", "Speed up search\n\nKPI: make search better\n"),
    ("commit", "Speed up search\n\nKPI: faster p95 search latency\n"),
    ("commit", "Speed up search\n\nKPI: p95 search latency from 800 ms to 300 ms\n"),
    ("commit", "Grow the blog\n\nKPI: page views up 20% within 30 days\n"),
    ("commit", "Speed up search\n\nKPI: cut search latency by 50% within 30 days\n"),
    ("commit", "Add a cache\n\nCustomer problem: we need a Redis cache in front of the API\n"),
    ("commit", "Tune the pool\n\nCustomer problem: the connection pool is too small\n"),
    ("commit", "Add search\n\nCustomer problem: shoppers use the search\n"),
    ("commit", "Add search\n\nCustomer problem: TBD\nKPI: TBD\n"),
    ("commit", "Add search\n\nCustomer problem: TBD\n"),
    ("commit", "Add search\n\nKPI: n/a\n"),
    ("commit", "Fix login\n\nCloses #12\n"),
    ("commit", "Fix login\n\nThis is done and shipped.\n"),
    ("commit", "Tidy\n\nCustlint-Skip: KP203 no KPI for a rename\n"),
    ("commit", "Rename a helper\n\nCustlint-Skip: KP201, CP101 internal rename, no customer\n"),  # counted by the audit too
    ("commit", "Tidy\n\nCustlint-Skip: KP203\n"),
    ("commit", "Tidy\n\nCustlint-Skip:\n"),
    ("pr", "Fix login\n\n- [x] done\n\nFixes #3\n"),
]
CASES = [*TEXTS, *ALONE]


def _every_rule_fires(engine: Engine, doc) -> list[str] | None:
    """What running every rule of the plan (no inert, no needs) finds: the codes in plan order, None if exempt."""
    if engine.exemption(doc) is not None:
        return None
    a = analyze(doc, engine.settings)
    skipped = a.skipped_rules if a.skips else {}
    return [s.rule.code for s in engine.plan(doc) if s.rule.code not in skipped and list(s.check(doc, a, s.arg))]


def _same_as_every_rule(engine: Engine, texts) -> int:
    """Judge, principles and the audit's verdict against running every rule; returns the findings compared."""
    bits = rule_bits(engine)
    assert bits is not None
    rules = commit_rules(engine)
    n = 0
    for kind, text in texts:
        for type_ in TYPES:
            want = _every_rule_fires(engine, _doc(kind, text, type_))
            findings, why = engine.judge(_doc(kind, text, type_))
            got = list(dict.fromkeys(f.rule for f in findings))
            assert (why is None) == (want is not None), text
            if want is None:
                continue
            assert got == want, (kind, type_, text)
            mask, _ = engine.principles(_doc(kind, text, type_))
            expected = 0
            for s in engine.plan(_doc(kind, text, type_)):
                if s.rule.code in want:
                    expected |= s.bit
            assert mask == expected, text
            if kind == "commit":
                v, _ = judge(engine, _doc(kind, text, type_), bits)
                assert codes(v, rules) == [r.code for r in rules if r.code in want], text
                assert v & MASK == mask
            n += len(want)
    return n


def test_without_a_ticket_source_the_steps_hold_no_ticket_rule_and_find_the_same():
    engine = Engine(default_config(), RULES)
    for kind in ("commit", "pr"):
        for type_ in TYPES:
            doc = _doc(kind, "Add a thing\n", type_)
            planned = {s.rule.code for s in engine.plan(doc)}
            live = {s.rule.code for s in engine.steps(doc)}
            assert LINK_RULES & planned == LINK_RULES  # selected and applying ...
            assert not (LINK_RULES | METRIC_RULES) & live  # ... but left out: they cannot fire
            assert live == planned - LINK_RULES - METRIC_RULES
            assert engine.steps(_doc(kind, "Other text\n", type_)) is engine.steps(doc)  # worked out once
    assert _same_as_every_rule(engine, CASES) > 100


def test_the_rule_examples_index_brings_the_ticket_rules_back():
    """The examples' ticket index is installed after the engine worked out its steps: they are worked out again."""
    from custlint.analysis.ticket_links import example_index
    from custlint.checks.tickets import EXAMPLE_PULLS, EXAMPLE_TICKETS

    engine = Engine(default_config(), RULES)
    doc = _doc("commit", "Show windows\n\nRefs SHOP-3, SHOP-77\n")
    assert not LINK_RULES & {s.rule.code for s in engine.steps(doc)}
    with example_index(EXAMPLE_TICKETS, EXAMPLE_PULLS):
        assert LINK_RULES <= {s.rule.code for s in engine.steps(doc)}
        findings, _ = engine.judge(_doc("commit", "Show windows\n\nRefs SHOP-3, SHOP-77\n"))
        assert {"TK101", "TK102"} <= {f.rule for f in findings}
        assert _same_as_every_rule(engine, [("commit", "Show windows\n\nRefs SHOP-2\n"),
                                            ("commit", "Show windows\n\nRefs SHOP-3, SHOP-77\n")]) > 0
    assert not LINK_RULES & {s.rule.code for s in engine.steps(doc)}


def test_with_a_ticket_source_the_ticket_rules_run_and_fire_as_before(tmp_path):
    t = tmp_path / "tickets"
    ticket(t, "SHOP-1")
    ticket(t, "SHOP-2", body="## Customer problem\nRiders miss pickups at the old address.\n")
    ticket(t, "SHOP-3", title="Pickup reminder service", body="## KPI\nMissed pickups from 4% to 1% within 30 days.\n")
    path = write_config(tmp_path, 'source = "files"')
    assert custlint("tickets", "--refresh", cwd=tmp_path).code == 0
    engine = Engine(load_config(path), RULES)
    doc = _doc("commit", "Show windows\n\nRefs SHOP-3, SHOP-77\n")
    assert LINK_RULES <= {s.rule.code for s in engine.steps(doc)}
    assert not METRIC_RULES & {s.rule.code for s in engine.steps(doc)}  # still no code root
    findings, _ = engine.judge(doc)
    assert {f.rule for f in findings} & LINK_RULES == {"TK101", "TK102"}
    findings, _ = engine.judge(_doc("commit", "Show windows\n\nRefs SHOP-2\n"))
    assert {f.rule for f in findings} & LINK_RULES == {"TK103"}
    texts = [*CASES, ("commit", "Show windows\n\nRefs SHOP-1\n"), ("commit", "Show windows\n\nRefs SHOP-2\n"),
             ("commit", "Show windows\n\nRefs SHOP-3, SHOP-77\n"), ("commit", "Fix pickups\n\nFixes #8\n")]
    assert _same_as_every_rule(engine, texts) > 100


def _every_step(engine: Engine):
    """``(document, analysis, step)`` for every step of the plan of every case under every type."""
    for kind, text in CASES:
        for type_ in TYPES:
            doc = _doc(kind, text, type_)
            a = analyze(doc, engine.settings)
            for s in engine.plan(doc):
                yield doc, a, s


def test_a_check_yields_nothing_when_what_it_needs_is_empty():
    """Each check's ``needs`` promise, checked by calling the check anyway: over the corpus, the rule
    examples and every commit type, an empty ``needs`` never goes with a hit."""
    engine = Engine(default_config(), RULES)
    promised = [s for s in engine.plan(_doc("commit", "x\n")) if getattr(s.check, "needs", None) is not None]
    assert {s.rule.code for s in promised} >= {"KP203", "KP207", "CP103", "CP105", "CP102", "KP202", "DP301", "CP100"}
    empty = 0
    for doc, a, s in _every_step(engine):
        needs = getattr(s.check, "needs", None)
        if needs is not None and not needs(a):
            empty += 1
            assert list(s.check(doc, a, s.arg)) == [], (s.rule.code, doc.text)
    assert empty > 1000
    # and each promised rule fires on some text (the promise is tested where it matters)
    fired = {f.rule for kind, text in CASES for f in engine.judge(_doc(kind, text))[0]}
    assert {s.rule.code for s in promised} - fired <= {"DP302", "DP304", "DP305"}, {s.rule.code for s in promised} - fired


def test_an_inert_check_yields_nothing_under_its_config():
    engine = Engine(default_config(), RULES)
    inert = [s for s in engine.plan(_doc("commit", "x\n")) if s.rule.code in LINK_RULES | METRIC_RULES]
    assert inert and all(s.check.inert(engine.settings.config) for s in inert)
    for kind, text in CASES:
        doc = _doc(kind, text)
        a = analyze(doc, engine.settings)
        for s in inert:
            assert list(s.check(doc, a, s.arg)) == [], (s.rule.code, text)


def test_a_rule_yields_nothing_when_what_it_wants_is_empty():
    """A check's per-rule ``wants(analysis, params)`` promise (each done rule reads one kind of
    claim), checked by calling the check anyway over the corpus, the rule examples and every type."""
    engine = Engine(default_config(), RULES)
    promised = [s for s in engine.plan(_doc("commit", "x\n")) if getattr(s.check, "wants", None) is not None]
    assert {s.rule.code for s in promised} >= {"DP301", "DP302", "DP304", "DP305"}  # DP303 (labels): PRs only
    empty = 0
    for doc, a, s in _every_step(engine):
        wants = getattr(s.check, "wants", None)
        if wants is not None and not wants(a, s.arg):
            empty += 1
            assert list(s.check(doc, a, s.arg)) == [], (s.rule.code, doc.text)
            needs = getattr(s.check, "needs", None)
            assert needs is None or not needs(a) or any(
                wants(a, o.arg) for o in engine.plan(doc) if o.check is s.check
            ), (s.rule.code, doc.text)
        if wants is not None and getattr(s.check, "needs", None) is not None and not s.check.needs(a):
            assert not wants(a, s.arg), (s.rule.code, doc.text)  # an empty needs: no rule of the check wants anything
    assert empty > 1000

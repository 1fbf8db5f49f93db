"""The lean path (the gates of :mod:`custlint.analysis.prescan`) finds exactly what the full
judgement finds: the same findings (rule, message, line, fix), the same exemptions, the same
principle masks and audit verdicts, the same done claims, with the gates on and off, over the
corpus, the rule examples, generated histories and texts made of the judgement's own vocabulary;
and the commands' JSON, byte for byte, on a generated git history."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from conftest import clean_env, custlint
from custlint.analysis import kpi as K
from custlint.analysis import prescan
from custlint.analysis import words as W
from custlint.analysis.analyzer import analyze
from custlint.analysis.done import find_done_claims
from custlint.audit.verdict import judge as verdict
from custlint.audit.verdict import rule_bits
from custlint.core.config import default_config
from custlint.document.message import commit_document
from custlint.engine.evaluator import Engine
from test_engine_plan import RULES, TEXTS, TYPES
from test_engine_steps import ALONE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from gen_history import message as generated_message  # noqa: E402

LABELS = [(), ("feat",), ("bug", "customer")]


def _doc(kind: str, text: str, type_: str = "", labels=(), history: bool = False):
    d = commit_document(text, subject="x", strip_comments=False)
    d.kind = kind
    d.labels = list(labels)
    if type_:
        d.type = type_
    if history:
        d.extra["history"] = True
    return d


def _everything(engine: Engine, kind: str, text: str, type_: str, labels, history: bool = False):
    """All a command or the audit reads of one text, each from a fresh document."""
    findings, why = engine.judge(_doc(kind, text, type_, labels, history))
    mask = engine.principles(_doc(kind, text, type_, labels, history))
    v = verdict(engine, _doc(kind, text, type_, labels, history), rule_bits(engine)) if kind == "commit" else None
    d = _doc(kind, text, type_, labels, history)
    claims = [(c.kind, c.text, c.ref, c.line) for c in analyze(d, engine.settings).memo("done_claims", find_done_claims)]
    return [(f.rule, f.message, f.line, f.fix, f.severity) for f in findings], why, mask, v, claims


def _same(texts, types=TYPES, labels_list=LABELS, history: bool = False) -> int:
    engine = Engine(default_config(), RULES)
    n = 0
    saved = prescan.ENABLED
    try:
        for kind, text in texts:
            for type_ in types:
                for labels in labels_list:
                    prescan.ENABLED = True
                    lean = _everything(engine, kind, text, type_, labels, history)
                    prescan.ENABLED = False
                    full = _everything(engine, kind, text, type_, labels, history)
                    assert lean == full, (kind, type_, labels, text)
                    n += len(full[0])
    finally:
        prescan.ENABLED = saved
    return n


def test_the_gates_are_on_unless_switched_off():
    assert prescan.ENABLED


def test_corpus_and_rule_examples_are_judged_the_same():
    assert _same([*TEXTS, *ALONE]) > 1000  # findings compared


def test_generated_history_messages_are_judged_the_same():
    r = random.Random(18)
    texts = [("commit", generated_message(r, i)) for i in range(3000)]
    assert _same(texts, types=[""], labels_list=[()], history=True) > 1000


def _vocab_texts(n: int, seed: int) -> list[tuple[str, str]]:
    """Sentences made of the words the gates test for (KPI cues, words of intent, metrics, windows,
    numbers, arrows), mixed with plain words, cut over lines, in Markdown emphasis and code: the
    texts where a gate that is wrong would show."""
    r = random.Random(seed)
    cue = sorted(K._CUES | K._AHEAD)
    metric = sorted(W.METRIC)
    plain = "the a we to from it by in within of per and so this that will be".split()
    bits = ["->", "→", "=>", "%", "30 days", "6 weeks", "by Q3", "20%", "from 10 to 20", "0.3% -> 2%", "twice", "`x`", "**"]
    out = []
    for _ in range(n):
        words = []
        for _ in range(r.randint(2, 30)):
            x = r.random()
            pool = cue if x < 0.25 else metric if x < 0.45 else bits if x < 0.6 else plain
            w = r.choice(pool)
            if r.random() < 0.1:
                w = w.capitalize() if r.random() < 0.5 else f"**{w}**"
            words.append(w)
            if r.random() < 0.08:
                words.append(r.choice([".", ";", "\n", "\n\n", ". "]))
        title = r.choice(["Speed up search", "fix: retry", "Update README", "feat: add export"])
        out.append(("commit" if r.random() < 0.8 else "pr", f"{title}\n\n{' '.join(words)}\n"))
    return out


SQUASHES = [
    "Fix the login form (#12)\n\nCloses #12\n",
    "Fix the login form (#12)\n\n* fix: trim the e-mail (#12)\n* docs: say so (#13)\n",
    "Fix the login form (#12)\n\n* fix: trim the e-mail (#40)\n\nFixes #12\n",
    "Fix the login form (#12)\n\nSee #12 and SHOP-7.\n",
    "Show fees (#7)\n\nRefs #8\n",
    "Show fees (#7)\n",
]


def test_reference_filters_are_judged_the_same():
    """has_refs reads a line's references at a time with the filter of refs: squash merges' own
    PR numbers in history, a PR citing its own number (subject "#12"), tickets."""
    _same([("commit", t) for t in SQUASHES], types=["", "fix"], labels_list=[()], history=True)
    engine = Engine(default_config(), RULES)
    saved = prescan.ENABLED
    try:
        for text in SQUASHES:
            out = []
            for prescan.ENABLED in (True, False):
                d = _doc("pr", text)
                d.subject = "#12"
                findings, why = engine.judge(d)
                out.append(([(f.rule, f.message, f.line) for f in findings], why, analyze(d, engine.settings).has_refs))
            assert out[0] == out[1], text
    finally:
        prescan.ENABLED = saved


def test_texts_of_the_gates_own_vocabulary_are_judged_the_same():
    _same(_vocab_texts(1500, 7), types=["", "feat", "fix"], labels_list=[()])


def test_a_long_prose_is_judged_the_same():
    """Past MAX_JUDGED characters a sentence is cut (a word could lose its end): the gates stand back."""
    long = "Speed up search\n\n" + "word " * (W.MAX_JUDGED // 5 - 1) + "targets metric 20% within 30 days.\n"
    _same([("commit", long), ("commit", long.replace("targets", "expects"))], types=[""], labels_list=[()])


@pytest.mark.slow
def test_commands_print_the_same_json_on_a_generated_history(tmp_path: Path):
    """`custlint commits` and `custlint audit --no-cache`, real processes, gates on and off: byte for byte."""
    from gen_history import generate

    path = tmp_path / "gen"
    generate(800, path, seed=18)
    outs = {}
    for label, extra in (("lean", {}), ("full", {"CUSTLINT_FULL_JUDGEMENT": "1"})):
        env = clean_env(**extra)
        commits = custlint("commits", "HEAD", "--format", "json", "--exit-zero", cwd=path, env=env)
        audit = custlint("audit", "--no-cache", "--no-progress", "--format", "json", cwd=path, env=env)
        assert commits.code == 0 and audit.code == 0, (commits.err, audit.err)
        outs[label] = (commits.out, audit.out)
    assert outs["lean"] == outs["full"]
    assert '"findings"' in outs["lean"][0]

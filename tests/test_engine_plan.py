"""The evaluator's public interface: one plan of rules per kind, type and labels, shared by
``Engine.judge`` (every command) and ``Engine.principles`` (the audit), so they never disagree;
and the audit's ``git log`` records, read in sources/git_log.py."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from custlint.core.config import default_config
from custlint.core.tomlfile import parse
from custlint.document.message import commit_document
from custlint.engine.evaluator import PRINCIPLE_BITS, Engine, Step
from custlint.engine.findings import PRINCIPLES
from custlint.engine.packs import load_rules
from custlint.sources import git_log

RULES = load_rules()
CORPUS = Path(__file__).parent / "corpus"


def _texts() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CORPUS.glob("*.toml")):
        for case in parse(path.read_bytes(), str(path), "corpus").get("case", []):
            if case.get("kind", "commit") in ("commit", "pr") and isinstance(case.get("text"), str):
                out.append((case.get("kind", "commit"), case["text"].lstrip("\n")))
    for rule in RULES:
        for ex in rule.examples:
            if ex.kind in ("commit", "pr"):
                out.append((ex.kind, ex.text))
    return out


TEXTS = _texts()
TYPES = ["", "feat", "fix", "docs", "chore", "revert"]


def _doc(kind: str, text: str, type_: str = "", labels=()):
    d = commit_document(text, subject="x", strip_comments=False)
    d.kind = kind
    d.labels = list(labels)
    if type_:
        d.type = type_
    return d


def test_the_corpus_is_there():
    assert len(TEXTS) > 100


@pytest.mark.parametrize("labels", [(), ("feat",), ("bug", "customer")])
def test_principles_is_what_judge_finds(labels):
    engine = Engine(default_config(), RULES)
    for kind, text in TEXTS:
        for type_ in TYPES:
            findings, why = engine.judge(_doc(kind, text, type_, labels))
            mask, why2 = engine.principles(_doc(kind, text, type_, labels))
            assert why2 == why, text
            expected = 0
            for f in findings:
                expected |= PRINCIPLE_BITS[f.principle]
            assert mask == expected, (kind, type_, text)


def test_plan_is_the_rules_that_apply_in_order_and_is_kept():
    engine = Engine(default_config(), RULES)
    for type_ in TYPES:
        for labels in ((), ("feat",)):
            doc = _doc("commit", "Add a thing\n", type_, labels)
            plan = engine.plan(doc)
            assert all(isinstance(s, Step) for s in plan)
            assert [s.rule for s in plan] == [r for r in RULES if r.applies(doc)]
            assert all(s.bit == 1 << PRINCIPLES.index(s.rule.principle) for s in plan)
            assert engine.plan(_doc("commit", "Other text\n", type_, labels)) is plan  # worked out once
    # `when` narrows the plan: some rule applies to one type and not to another
    kinds = {t: {s.rule.code for s in engine.plan(_doc("commit", "x\n", t))} for t in TYPES}
    assert len({frozenset(v) for v in kinds.values()}) > 1


def test_types_no_rule_names_share_one_plan():
    """A history's scopes ("cmake: ...", "tool_operate: ...") are types no `when` names: they apply
    the rules the empty type applies, from one plan; a named type ("fix", "FIX") has its own."""
    engine = Engine(default_config(), RULES)
    plain = engine.plan(_doc("commit", "x\n"))
    for scope in ("cmake", "tool_operate", "CMake", "docs-site"):
        doc = _doc("commit", "x\n", scope)
        assert engine.plan(doc) is plain
        assert [s.rule for s in plain] == [r for r in RULES if r.applies(doc)]
    fix = engine.plan(_doc("commit", "x\n", "fix"))
    assert fix is not plain and engine.plan(_doc("commit", "x\n", "FIX")) is fix
    assert {s.rule.code for s in fix} > {s.rule.code for s in plain}
    assert [s.rule for s in fix] == [r for r in RULES if r.applies(_doc("commit", "x\n", "FIX"))]


def _record(sha: str, parents: str, stamp: int, message: str, files=()) -> bytes:
    fields = [sha, parents, str(stamp), "Ann Ö", "ann@example.com", "Ann Ö", "ann@example.com", "2024-01-02T03:04:05+00:00",
              "2024-01-02T03:04:06+00:00", message]
    rec = "\x1f".join(fields).encode() + b"\x00"
    if files is not None and files != ():
        rec = b"\x1e" + rec + b"\n" + b"".join(f.encode() + b"\x00" for f in files)
    return rec


@pytest.mark.parametrize("names", [False, True])
def test_git_log_records_and_fields(names):
    files = ["api/x.py", "README.md"] if names else ()
    shas = [f"{i:040x}" for i in range(1, 400)]
    out = b"".join(_record(s, f"{i:040x} {i + 2:040x}" if i % 7 == 0 else f"{i + 1:040x}", 1700000000 + i,
                           f"Fix {i}\n\nBody é {i}\n", files if names else ())
                   for i, s in enumerate(shas, 1))
    stream = io.BytesIO(out)
    old = git_log.CHUNK
    git_log.CHUNK = 1000  # many chunks: every one must end on a record boundary
    try:
        chunks = list(git_log.chunks(stream, names))
    finally:
        git_log.CHUNK = old
    assert len(chunks) > 5
    recs = [r for c in chunks for r in git_log.records(c, names)]
    assert len(recs) == len(shas)
    for i, (sha, rec) in enumerate(zip(shas, recs, strict=True), 1):
        h_sha, h_parents, h_stamp = git_log.head(rec, names)
        sha_b, parents, stamp, author, email, _mapped, _mapped_email, rest, got_files = git_log.fields(rec, names)
        assert h_sha == sha_b == sha.encode()
        assert h_parents == parents.split()
        assert h_stamp == stamp == str(1700000000 + i).encode()
        assert [git_log.text(f) for f in got_files] == list(files)
        authored, committed, message = git_log.details(rest)
        c = git_log.raw_commit(sha_b, parents, git_log.text(author), git_log.text(email), authored, committed, message)
        assert (c.sha, c.author, c.message) == (sha, "Ann Ö", f"Fix {i}\n\nBody é {i}\n")
        assert c.parents == parents.decode().split() and c.committed == "2024-01-02T03:04:06+00:00"


def test_log_args():
    assert git_log.log_args(["HEAD"], since=None, paths=[], names=False, topo=False) == [
        "log", "-z", f"--format={git_log.FIELDS}", "--encoding=UTF-8", "--end-of-options", "HEAD", "--"]
    args = git_log.log_args(["a..b", "v1"], since="2024-01-01", paths=["api"], names=True, topo=True)
    assert args == ["log", "-z", f"--format=%x1e{git_log.FIELDS}", "--encoding=UTF-8", "--topo-order", "--name-only",
                    "--since=2024-01-01", "--end-of-options", "a..b", "v1", "--", "api"]

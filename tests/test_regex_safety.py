"""Issue 15 item 4: counted repeats of a group holding an unbounded quantifier are refused; the
check itself stays linear; user patterns that pass it are bounded by time as well as by length."""

from __future__ import annotations

import random
import sys
import time

import pytest

from conftest import GOOD, clean_env, custlint

PACK = """[[rule]]
code = "TM901"
name = "no-wip"
principle = "done-in-production"
severity = "error"
applies-to = ["commit", "pr"]
kind = "{kind}"
pattern = '{pattern}'
scope = "text"
message = "Work in progress: '{{match}}'."
fix = "Finish it."
what = "WIP."
why = "Half-done work reaches nobody."
[[rule.examples]]
valid = {valid_first}
text = "Add reorder\\n\\nRefs SHOP-1\\n"
[[rule.examples]]
valid = {valid_second}
text = "WIP add reorder9\\n\\nRefs SHOP-1\\n"
"""


def _pack(tmp_path, pattern: str, kind: str = "forbidden-pattern"):
    pack = tmp_path / "rules" / "team.toml"
    pack.parent.mkdir(exist_ok=True)
    forbidden = kind == "forbidden-pattern"
    pack.write_text(PACK.format(pattern=pattern, kind=kind, valid_first=str(forbidden).lower(),
                                valid_second=str(not forbidden).lower()))
    (tmp_path / ".custlint.toml").write_text('rule-paths = ["rules"]\n')
    return pack


# -- the shapes of the issue, refused when the pack loads ------------------------------------------

@pytest.mark.parametrize("pattern", [r"(.*a){12}x", r"(a.*){10}b", r"(.+,){8}z"])
def test_counted_repeat_of_an_unbounded_group_is_exit_2_naming_pack_and_rule(tmp_path, pattern):
    _pack(tmp_path, pattern)
    (tmp_path / "m.txt").write_text(GOOD)
    for args in (("rules", "--check", "rules"), ("commit-msg", "m.txt")):
        start = time.monotonic()
        r = custlint(*args, cwd=tmp_path)
        assert r.code == 2, r.err
        [line] = r.err.strip().splitlines()
        assert "rules/team.toml: rule TM901" in line and "unsafe pattern" in line
        assert "counted repeat of a group holding an unbounded quantifier" in line
        assert "[^a]*a instead of .*a" in line  # the usual rewrite
        assert time.monotonic() - start < 60  # refused, not run: 30 'a's took over 120 s before


NESTED = [
    r"((.*a)b){5}x",             # the quantifier one group deeper
    r"(?:x(?:y.*a)){12}",        # two groups deeper, and the round starts with another character
    r"(?:a|.*b){12}",            # in one alternative
    r"((?:(.*a)){2}){6}",        # a counted repeat inside a counted repeat
    r"(?:(?:.*a){1}){12}x",      # inside a {1}
    r"(\d+\.?){4}",              # ended by an optional character only
    r"(\w+\s?){12}x",
    r"(?:z(?:[^,]*,|.+;)){3}",   # one alternative ends, the other does not
    r"(a\w+){2,2}",
    r"(.{1,}a){3}",              # {1,} is unbounded too
    r"(.{2,}a){3}",
]


@pytest.mark.parametrize("pattern", NESTED)
def test_nested_counted_repeats_are_refused(pattern):
    from custlint.core.regex_safety import unsafe_reason

    why = unsafe_reason(pattern)
    assert why is not None and "counted repeat" in why


@pytest.mark.parametrize("pattern", [r"(.*a){2,3}x", r"(a.+){1,}b", r"(?:.*a)+x"])
def test_repeats_with_a_range_stay_refused_as_before(pattern):
    from custlint.core.regex_safety import unsafe_reason

    assert "quantifier inside a repeated group" in unsafe_reason(pattern)


ACCEPTED = [
    r"([^,]+,){8}z",             # the round ends on a character its quantifier cannot take
    r"(\w+\s+){12}x",            # the next round starts with one the last quantifier cannot take
    r"(\d{1,3}\.){3}\d{1,3}",    # bounded quantifiers only
    r"([a-z]+-){3}\d+",
    r"(ab){3}",
    r"(a.*){1}b",                # a repeat of one is no repeat
    r"(?:a.*)?b",
    r"\bWIP\b", r"^(feat|fix)(\(.+\))?: ", r"(?:foo|bar)+", r"\bTODO\b.*",
]
if sys.version_info >= (3, 11):
    ACCEPTED += [r"(.*+a){12}", r"(?>.*a){12}"]  # possessive and atomic: never backtracked into


@pytest.mark.parametrize("pattern", ACCEPTED)
def test_unambiguous_counted_repeats_stay_accepted(pattern):
    from custlint.core.regex_safety import unsafe_reason

    assert unsafe_reason(pattern) is None


def test_every_shipped_pack_still_loads():
    from custlint.engine.packs import load_rules

    assert len(load_rules()) > 20


# -- the check itself is linear: doubling a pattern at most about doubles its time ----------------

_PIECES = [r"ab[^c]*c", r"\d{1,3}", r"x\s+y", r"(?:foo|bar)", r"[A-Z]+-\d+", r"(?:[^,]+,){2}", r"\bk\b",
           r"[\u4e00-\u4e10]", "\u00e9+\u00df", r"(?:a(?:b(?:c)))", r"\w\s\d[^a]", r"(?:q|r|s)?t"]


def _families():
    rng = random.Random(15)
    return {
        "random pieces": lambda k: "".join(rng.choice(_PIECES) for _ in range(k)),
        "counted repeats": lambda k: r"(?:[a-z]+-){3}\d" * k,
        "nested counted repeats": lambda k: "(?:[^,]+," * min(k, 60) + "){2}" * min(k, 60) + r"\d" * k,
        "distinct characters": lambda k: "".join(chr(0x4E00 + i) + "." for i in range(k)),
        "ranges of distinct characters": lambda k: "".join(f"[{chr(0x4E00 + 2 * i)}-{chr(0x4E01 + 2 * i)}]x" for i in range(k)),
        "alternatives": lambda k: "(?:" + "|".join(f"a{i}" for i in range(k)) + ")+",
    }


def _seconds(pattern: str) -> float:
    from re import _parser as parser  # noqa: PLC2701 - the checker reads the same parse

    from custlint.core.regex_safety import _check

    parsed = parser.parse(pattern)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        _check(parsed, pattern)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("family", sorted(_families()))
def test_the_safety_check_scales_linearly_with_the_pattern(family):
    make = _families()[family]
    k = 100
    while _seconds(make(k)) < 0.01 and k < 20_000:  # a size whose time is well above the clock's noise
        k *= 2
    for _attempt in range(3):  # a loaded machine: the best of three comparisons
        small, large = _seconds(make(k)), _seconds(make(2 * k))
        if large <= 2.5 * small:
            break
    assert large <= 2.5 * small, (family, k, small, large)


# -- patterns that pass the check are bounded by time ----------------------------------------------

SLOW = r"[a-z]+\d"  # one unbounded quantifier, accepted, and quadratic on a long run of letters


def test_the_slow_pattern_passes_the_shape_check():
    from custlint.core.regex_safety import unsafe_reason

    assert unsafe_reason(SLOW) is None


@pytest.mark.parametrize("kind", ["forbidden-pattern", "required-pattern"])
def test_a_pattern_that_takes_too_long_is_stopped_and_is_a_finding_not_a_pass(tmp_path, kind):
    _pack(tmp_path, SLOW, kind)
    msg = tmp_path / "m.txt"
    msg.write_text(GOOD + "\n" + "a" * 9_000 + "\n")
    r = custlint("commit-msg", "m.txt", "--format", "json", cwd=tmp_path,
                 env=clean_env(CUSTLINT_PATTERN_TIMEOUT="0.005"))
    assert r.code == 1, r.err
    [f] = [f for f in r.json()["findings"] if f["rule"] == "TM901"]
    assert "took too long (over 0.005 s)" in f["message"] and "the rest is unchecked" in f["message"]
    # the pack's own examples are short: they behave as documented under the same bound
    assert custlint("rules", "--check", "rules", cwd=tmp_path, env=clean_env(CUSTLINT_PATTERN_TIMEOUT="0.005")).code == 0


def test_a_ticket_url_pattern_that_takes_too_long_is_a_finding(tmp_path):
    (tmp_path / ".custlint.toml").write_text('ticket-url-patterns = ["[a-z]+\\\\d"]\n')
    msg = tmp_path / "m.txt"
    msg.write_text(GOOD + "\nSee https://tracker.example/" + "a" * 1_900 + "\n")
    r = custlint("commit-msg", "m.txt", "--format", "json", cwd=tmp_path,
                 env=clean_env(CUSTLINT_PATTERN_TIMEOUT="0.001"))
    assert r.code == 1, r.err
    slow = [f for f in r.json()["findings"] if "ticket-url-patterns" in f["message"]]
    assert slow and "took too long" in slow[0]["message"] and "the rest is unchecked" in slow[0]["message"]


def test_an_empty_pattern_still_runs(tmp_path):
    _pack(tmp_path, "", "required-pattern")  # matches everywhere: both examples pass, so --check says which
    (tmp_path / "m.txt").write_text(GOOD)
    r = custlint("commit-msg", "m.txt", cwd=tmp_path)
    assert r.code == 0, r.err


def test_user_pattern_timeout_in_process(monkeypatch):
    from custlint.core import user_pattern

    monkeypatch.setattr(user_pattern, "_TIMEOUT", [0.001])
    p = user_pattern.UserPattern(SLOW)
    assert p.search("abc1").group(0) == "abc1"
    with pytest.raises(user_pattern.PatternTimeout) as exc:
        p.search("a" * 20_000)
    assert exc.value.pattern == SLOW and exc.value.seconds == 0.001
    q = user_pattern.QuietPattern(SLOW)
    monkeypatch.setattr(user_pattern, "TIMEOUTS", [])
    assert q.search("a" * 20_000) is None and q.search("a" * 20_000) is None  # the second is not searched again
    assert len(user_pattern.TIMEOUTS) == 2


def test_without_regex_the_bounded_text_still_holds(monkeypatch):
    from custlint.core import user_pattern

    monkeypatch.setitem(sys.modules, "regex", None)  # import regex: ImportError
    p = user_pattern.UserPattern(r"\bWIP\b", 2)
    assert p.search("a wip b").group(0) == "wip" and not p._timed


@pytest.mark.parametrize("bad", ["", "0", "-1", "soon", "nan"])
def test_a_bad_timeout_setting_is_the_default(monkeypatch, bad):
    from custlint.core import user_pattern

    monkeypatch.setattr(user_pattern, "_TIMEOUT", [])
    monkeypatch.setenv("CUSTLINT_PATTERN_TIMEOUT", bad)
    assert user_pattern.timeout() == user_pattern.DEFAULT_TIMEOUT


# -- regex is imported only when a user pattern runs ------------------------------------------------

_PROBE = "import sys; from custlint.cli import main; main(sys.argv[1:]); print('regex' in sys.modules)"


def test_the_hook_imports_regex_only_when_a_user_pattern_runs(tmp_path):
    import subprocess

    (tmp_path / "m.txt").write_text(GOOD)

    def imported() -> bool:
        p = subprocess.run([sys.executable, "-c", _PROBE, "commit-msg", "m.txt"], cwd=tmp_path, env=clean_env(),
                           capture_output=True, text=True, timeout=120)
        return p.stdout.strip().splitlines()[-1] == "True"

    assert imported() is False  # the shipped packs only
    _pack(tmp_path, r"\bWIP\b")
    assert imported() is True

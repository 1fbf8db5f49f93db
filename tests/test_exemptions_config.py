"""The exemptions teams ask for (issue 19): by pattern on title, body or author, a PR skip label
that needs a reason, and a per-rule ``Custlint-Skip: CODE <reason>``; through the real CLI, a
real git history and real GitHub event payloads."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import BAD, clean_env, custlint

EVENTS = Path(__file__).parent / "data" / "github-events"
# a message that breaks CP101 (customer problem) and KP201 (KPI), nothing else
NO_LINKS = "Add the delivery window component\n\nWires it to the API.\n"


def _msg(tmp_path: Path, text: str) -> str:
    p = tmp_path / "MSG"
    p.write_text(text)
    return str(p)


def _json(r) -> dict:
    assert r.code in (0, 1), r.err
    return r.json()


def test_per_rule_skip_exempts_that_rule_only_and_says_so(tmp_path):
    r = custlint("commit-msg", _msg(tmp_path, NO_LINKS + "\nCustlint-Skip: KP201 a refactor has no KPI of its own\n"),
                 "--format", "json", cwd=tmp_path)
    out = _json(r)
    by_rule = {f["rule"]: f for f in out["findings"]}
    assert set(by_rule) == {"CP101", "CP107"}  # the customer problem is still judged
    assert by_rule["CP107"]["severity"] == "info"
    assert "KP201" in by_rule["CP107"]["message"] and "a refactor has no KPI" in by_rule["CP107"]["message"]
    assert r.code == 1 and out["exempt"] == []


def test_per_rule_skip_of_several_rules(tmp_path):
    r = custlint("commit-msg", _msg(tmp_path, NO_LINKS + "\nCustlint-Skip: CP101, KP201: spike, thrown away after the demo\n"),
                 "--format", "json", cwd=tmp_path)
    out = _json(r)
    assert [f["rule"] for f in out["findings"]] == ["CP107"] and r.code == 0


def test_per_rule_skip_without_reason_skips_nothing(tmp_path):
    r = custlint("commit-msg", _msg(tmp_path, NO_LINKS + "\nCustlint-Skip: KP201\n"), "--format", "json", cwd=tmp_path)
    by_rule = {f["rule"]: f for f in _json(r)["findings"]}
    assert set(by_rule) == {"CP100", "CP101", "KP201"}
    assert "KP201 has no reason, so KP201 is not skipped" in by_rule["CP100"]["message"]


def test_the_all_rule_skip_still_works_and_still_needs_a_reason(tmp_path):
    r = custlint("commit-msg", _msg(tmp_path, NO_LINKS + "\nCustlint-Skip: rename only, no behaviour change\n"),
                 "--format", "json", cwd=tmp_path)
    out = _json(r)
    assert out["findings"] == [] and out["exempt"][0]["reason"] == "Custlint-Skip: rename only, no behaviour change"
    r = custlint("commit-msg", _msg(tmp_path, NO_LINKS + "\nCustlint-Skip:\n"), "--format", "json", cwd=tmp_path)
    assert "CP100" in {f["rule"] for f in _json(r)["findings"]}


def test_exempt_title_and_body_patterns(tmp_path):
    (tmp_path / ".custlint.toml").write_text(
        '[exempt]\ntitle = ["^Release v\\\\d+\\\\.\\\\d+"]\nbody = ["(?m)^Generated-by: release-tool$"]\n'
    )
    r = custlint("commit-msg", _msg(tmp_path, "Release v2.3\n\nBumps the version.\n"), "--format", "json", cwd=tmp_path)
    out = _json(r)
    assert out["findings"] == [] and "exempt.title" in out["exempt"][0]["reason"]
    r = custlint("commit-msg", _msg(tmp_path, "Update the changelog\n\nGenerated-by: release-tool\n"), "--format", "json", cwd=tmp_path)
    assert "exempt.body" in _json(r)["exempt"][0]["reason"]
    r = custlint("commit-msg", _msg(tmp_path, "Releases page v2\n\nShows them.\n"), "--format", "json", cwd=tmp_path)
    assert {f["rule"] for f in _json(r)["findings"]} >= {"CP101"}  # no match: judged as usual


def test_exempt_author_pattern_in_a_real_history(repo, tmp_path):
    (repo.path / ".custlint.toml").write_text('[exempt]\nauthor = ["^release-bot@acme\\\\.example$"]\n')
    repo.commit("Add the config\n\nRefs #1\n")
    base = repo.git("rev-parse", "HEAD").strip()
    repo.commit(BAD, author="Release Bot", email="release-bot@acme.example")
    repo.commit(BAD)
    r = custlint("commits", f"{base}..HEAD", "--format", "json", cwd=repo.path)
    out = _json(r)
    assert len(out["exempt"]) == 1 and "exempt.author" in out["exempt"][0]["reason"]
    assert out["summary"]["checked"] == 1 and r.code == 1


def test_bad_or_unsafe_exempt_patterns_are_one_line_exit_2(tmp_path):
    for text, said in (('[exempt]\ntitle = ["("]', "exempt.title: '(' is not a valid regular expression"),
                       ('[exempt]\nbody = ["(a+)+$"]', "exempt.body: '(a+)+$': unsafe pattern"),
                       ('[exempt]\nauthor = "bot"', "'exempt.author' must be list of strings")):
        (tmp_path / ".custlint.toml").write_text(text + "\n")
        r = custlint("commit-msg", _msg(tmp_path, NO_LINKS), cwd=tmp_path)
        assert r.code == 2 and r.err.count("\n") == 1 and said in r.err and "Traceback" not in r.err, r.err


def _pr_event(tmp_path: Path, body: str, labels: list[str]) -> dict[str, str]:
    data = json.loads((EVENTS / "pull_request.opened.payload.json").read_text())
    data["pull_request"]["body"] = body
    data["pull_request"]["labels"] = [{"name": n, "color": "ededed", "default": False} for n in labels]
    p = tmp_path / "event.json"
    p.write_text(json.dumps(data))
    return clean_env(GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request", GITHUB_EVENT_PATH=str(p))


def test_a_skip_label_with_a_reason_exempts_the_pr(tmp_path):
    env = _pr_event(tmp_path, "Pins the SDK.\n\n## Skip reason\nDependency pin after a broken upstream release.\n",
                    ["Custlint Skip"])
    out = _json(custlint("pr", "--format", "json", cwd=tmp_path, env=env))
    assert out["findings"] == []
    assert out["exempt"][0]["reason"] == "label 'Custlint Skip': Dependency pin after a broken upstream release."


def test_a_skip_label_without_a_reason_is_a_finding_not_silence(tmp_path):
    env = _pr_event(tmp_path, "Pins the SDK.\n", ["custlint-skip"])
    r = custlint("pr", "--format", "json", cwd=tmp_path, env=env)
    rules = {f["rule"] for f in _json(r)["findings"]}
    assert "CP106" in rules and "CP101" in rules and r.code == 1  # judged as usual, and told why
    env = _pr_event(tmp_path, "Pins the SDK.\n\n## Skip reason\nTBD\n", ["custlint-skip"])
    assert "CP106" in {f["rule"] for f in _json(custlint("pr", "--format", "json", cwd=tmp_path, env=env))["findings"]}


def test_skip_labels_are_configurable(tmp_path):
    (tmp_path / ".custlint.toml").write_text('[exempt]\nskip-labels = ["no-customer-impact"]\n')
    body = "Pins the SDK.\n\nCustlint-Skip: dependency pin only\n"
    out = _json(custlint("pr", "--format", "json", cwd=tmp_path, env=_pr_event(tmp_path, body, ["no-customer-impact"])))
    assert out["exempt"][0]["reason"].startswith("Custlint-Skip:")  # the description's own skip
    env = _pr_event(tmp_path, "Pins the SDK.\n", ["custlint-skip"])  # no longer a skip label here
    assert "CP106" not in {f["rule"] for f in _json(custlint("pr", "--format", "json", cwd=tmp_path, env=env))["findings"]}
    env = _pr_event(tmp_path, "Pins the SDK.\n", ["No-Customer-Impact"])
    assert "CP106" in {f["rule"] for f in _json(custlint("pr", "--format", "json", cwd=tmp_path, env=env))["findings"]}

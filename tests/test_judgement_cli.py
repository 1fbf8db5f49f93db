"""The judgement end to end: the commit-msg hook and `custlint commits` on real files and repos."""

from __future__ import annotations

from conftest import GitRepo, custlint


def write(tmp_path, text, name="COMMIT_EDITMSG"):
    f = tmp_path / name
    f.write_text(text)
    return f


def test_vanity_metric_is_a_warning_and_the_commit_goes_through(tmp_path):
    f = write(tmp_path, "Launch saved lists\n\nCustomer-Problem: shoppers rebuild the same list every week\n"
                        "KPI: reach 1 million users in the first 2 weeks\n")
    r = custlint("commit-msg", str(f), cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    assert "warning KP206" in r.out and "adoption or retention" in r.out


def test_solution_as_problem_refuses_the_commit_with_a_rewrite(tmp_path):
    f = write(tmp_path, "Buy again\n\nCustomer-Problem: Add a Buy again button to the order history page\n"
                        "KPI: reorder rate from 12% to 20% within 8 weeks\n")
    r = custlint("commit-msg", str(f), cwd=tmp_path)
    assert r.code == 1
    assert "CP103" in r.out and "cannot <do what> today without" in r.out


def test_personas_from_the_config(tmp_path):
    text = "Speed up sync\n\nProblem: the sync job is slow for growers\nKPI: sync under 5 s within 4 weeks\n"
    f = write(tmp_path, text)
    assert "CP104" in custlint("commit-msg", str(f), cwd=tmp_path).out
    (tmp_path / ".custlint.toml").write_text('personas = ["growers"]\n')
    r = custlint("commit-msg", str(f), cwd=tmp_path)
    assert r.code == 0, r.out + r.err


def test_commit_with_markdown_structure_in_the_hook(tmp_path):
    f = write(tmp_path, "Show delivery windows\n\n**Customer problem:** shoppers abandon checkout because they "
                        "cannot see when an order arrives\n\n```\nKPI: not the author's\n```\n")
    r = custlint("commit-msg", str(f), cwd=tmp_path)
    assert r.code == 1 and "KP201" in r.out and "CP101" not in r.out


def test_history_gets_fix_and_feature_warnings(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Initial import\n\nCustlint-Skip: initial import")
    repo.commit("fix: null pointer in the payout job\n\nRefs PAY-902\n")  # impact and remediation in the ticket
    repo.commit("feat: one-click reorder\n\nRefs SHOP-77\nPR-FAQ: docs/prfaq/reorder.md\n")
    repo.commit("feat: saved lists\n\nRefs SHOP-80\n")  # inherits the ticket's PR-FAQ
    fix = repo.commit("fix: crash when drivers open the payout page\n\nCustomer-Problem: drivers cannot open the "
                      "payout page\nKPI: payout page error rate from 4% to 0.5% within 2 weeks\n")
    feat = repo.commit("feat: share a list\n\nCustomer-Problem: shoppers re-type the same 20 items for each "
                       "household member every week\nKPI: households using shared lists from 0% to 10% within 8 weeks\n")
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.out + r.err  # warnings only
    by_rule = {}
    for f in r.json()["findings"]:
        by_rule.setdefault(f["rule"], []).append(f["subject"])
    assert by_rule == {"CR302": [fix], "CR303": [fix], "WB401": [feat]}

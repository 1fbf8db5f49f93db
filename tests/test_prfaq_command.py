"""`custlint prfaq FILE`: a PR-FAQ document has a headline, the problem, the solution, a quote, an FAQ."""

from __future__ import annotations

from conftest import custlint

GOOD = """# Weekly shoppers can now reorder their whole basket in one click

*2027-03-01* - Today we launch Buy again.

## Customer problem
Weekly shoppers rebuild the same basket by hand every week; it takes them 6 minutes and 1 in 5 gives up.

## Solution
A "Buy again" button on every past order puts the whole basket back in the cart.

## Customer quote
> "Saturday shopping now takes me ten seconds." - Ana, a weekly shopper

## FAQ
**Q: What if an item is out of stock?**
We suggest the closest match and ask before adding it.
"""


def test_good_prfaq_is_clean(tmp_path):
    f = tmp_path / "buy-again.md"
    f.write_text(GOOD)
    r = custlint("prfaq", str(f), cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    assert "All clear" in r.out


def test_each_missing_part_is_its_own_finding(tmp_path):
    f = tmp_path / "draft.md"
    f.write_text("# PR-FAQ\n\nWe will build a reorder button.\n")
    r = custlint("prfaq", "--format", "json", str(f), cwd=tmp_path)
    assert r.code == 1
    rules = {x["rule"] for x in r.json()["findings"]}
    assert rules == {"WB411", "WB412", "WB413", "WB414", "WB415"}
    assert all(x["principle"] == "working-backwards" and x["path"] == str(f) for x in r.json()["findings"])


def test_solution_stated_as_problem_and_empty_faq(tmp_path):
    text = GOOD.replace("Weekly shoppers rebuild the same basket by hand every week; it takes them 6 minutes and 1 in 5 gives up.",
                        "Add a Buy again button to the order history page.")
    text = text.replace("**Q: What if an item is out of stock?**\nWe suggest the closest match and ask before adding it.", "Coming soon.")
    f = tmp_path / "p.md"
    f.write_text(text)
    r = custlint("prfaq", str(f), cwd=tmp_path)
    assert r.code == 1
    assert "WB412" in r.out and "states a solution as the customer problem" in r.out
    assert "WB415" in r.out and "no question" in r.out
    assert "WB411" not in r.out and "WB413" not in r.out and "WB414" not in r.out
    line = next(ln for ln in r.out.splitlines() if "WB412" in ln)
    assert f"{f}:5:" in line  # points at the problem heading


def test_bad_input_is_a_one_line_usage_error(tmp_path):
    r = custlint("prfaq", str(tmp_path / "missing.md"), cwd=tmp_path)
    assert r.code == 2 and r.err.count("\n") == 1 and "PR-FAQ file not found" in r.err
    r = custlint("prfaq", str(tmp_path), cwd=tmp_path)
    assert r.code == 2 and "is a directory" in r.err
    empty = tmp_path / "empty.md"
    empty.write_text("   \n")
    r = custlint("prfaq", str(empty), cwd=tmp_path)
    assert r.code == 2 and "is empty" in r.err
    r = custlint("prfaq", "--ignore", "WB41", str(tmp_path / "x.md"), cwd=tmp_path)
    assert r.code == 2 and "switched off" in r.err


def test_severity_config_applies(tmp_path):
    (tmp_path / ".custlint.toml").write_text('severity = { WB414 = "warning" }\n')
    f = tmp_path / "p.md"
    f.write_text(GOOD.replace('> "Saturday shopping now takes me ten seconds." - Ana, a weekly shopper', "TBD"))
    r = custlint("prfaq", str(f), cwd=tmp_path)
    assert r.code == 0 and "warning WB414" in r.out

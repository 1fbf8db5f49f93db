"""`custlint tickets` over Markdown ticket files with YAML or TOML front matter."""

from __future__ import annotations

from conftest import custlint
from custlint.sources.tickets.files import parse_ticket, read_ticket
from tickets_helpers import PROBLEM_KPI, config, ticket


def rules_by_subject(run):
    out: dict[str, set[str]] = {}
    for f in run.json()["findings"]:
        out.setdefault(f["subject"], set()).add(f["rule"])
    return out


def test_yaml_and_toml_front_matter_are_read(tmp_path):
    y = parse_ticket("---\nid: SHOP-2\ntitle: Faster checkout\nstatus: In Progress\ntype: Story\n"
                     "labels: [checkout, web]\ncommits: [abc1234]\nreleased: v1.2.0\ndone-at: 2026-01-05\n---\n"
                     "\n## KPI\np95 under 800 ms\n", "t.md")
    assert (y.id, y.title, y.status, y.type, y.labels, y.commits, y.released, y.done_at) == (
        "SHOP-2", "Faster checkout", "In Progress", "Story", ["checkout", "web"], ["abc1234"], "v1.2.0", "2026-01-05")
    assert y.body.startswith("## KPI") and y.body_line == 12 and y.title_line == 3
    t = parse_ticket('+++\nid = 41\ntitle = "Slow search"\nstatus = "closed"\nclosed = 2026-01-07T10:00:00+02:00\n+++\nBody\n', "41.md")
    assert (t.id, t.status, t.done_at, t.body) == ("#41", "closed", "2026-01-07T08:00:00Z", "Body")


def test_title_from_heading_and_id_from_file_name(tmp_path):
    f = tmp_path / "PAY-7.md"
    f.write_text("---\nstatus: open\n---\n\n# Refunds take a week\n\nText\n")
    t = read_ticket(f)
    assert (t.id, t.title, t.body, t.title_line, t.body_line) == ("PAY-7", "Refunds take a week", "Text", 5, 7)


def test_malformed_front_matter_names_the_file_and_problem(tmp_path):
    cases = {
        "a.md": ("---\nid: A-1\ntitle: [unclosed\n---\nx\n", "malformed YAML front matter"),
        "b.md": ("+++\nid = A-2\n+++\nx\n", "malformed TOML front matter"),
        "c.md": ("---\nid: A-3\ntitle: x\n", "never closed"),
        "d.md": ("# Just markdown\n", "no front matter"),
        "e.md": ("---\n- a\n- b\n---\n", "must be a mapping"),
        "f.md": ("---\nid: A-6\nstatus: open\n---\nno title\n", "no 'title'"),
        "g.md": ("---\nid: A-7\ntitle: x\nlabels: {a: 1}\n---\n", "'labels' must be a list"),
        "h.md": ('---\nid: "A-8\\n::error::x"\ntitle: x\n---\n', "'id' must be one word"),
        "i.md": ("---\nid: A-9\ntitle: [x]\n---\n", "'title' must be text"),
    }
    for name, (text, expected) in cases.items():
        (tmp_path / name).write_text(text)
        err = read_ticket(tmp_path / name)
        assert expected in str(err) and name in str(err), (name, str(err))


def test_cli_judges_a_folder_with_line_numbers(tmp_path):
    folder = tmp_path / "tickets"
    ticket(folder, "SHOP-1")
    # a solution for a title: "Shoppers cannot see ..." would itself state the customer problem
    ticket(folder, "SHOP-2", title="Delivery window widget", body="Nothing useful yet.\n\n## KPI\nTBD\n", toml=True)
    (folder / "README.md").write_text("# How we write tickets\n")
    r = custlint("tickets", "--format", "json", cwd=tmp_path)
    assert r.code == 1, r.err
    assert rules_by_subject(r) == {"SHOP-2": {"CP101", "KP202"}}
    kp = next(f for f in r.json()["findings"] if f["rule"] == "KP202")
    assert kp["path"] == "tickets/SHOP-2.md" and kp["line"] == 8 and kp["source"] == "ticket"
    assert r.json()["summary"]["checked"] == 2


def test_broken_ticket_is_exit_2_and_the_rest_still_judged(tmp_path):
    folder = tmp_path / "tickets"
    ticket(folder, "SHOP-1")
    ticket(folder, "SHOP-2", title="Delivery window widget", body="No problem stated.\n")
    (folder / "SHOP-3.md").write_text("---\nid: SHOP-3\ntitle: 'unterminated\n---\n")
    r = custlint("tickets", "--format", "json", cwd=tmp_path)
    assert r.code == 2
    assert "tickets/SHOP-3.md: malformed YAML front matter" in r.err
    assert "the other 2 were judged" in r.err
    assert rules_by_subject(r) == {"SHOP-2": {"CP101", "KP201"}}


def test_duplicate_ids_are_reported(tmp_path):
    ticket(tmp_path / "t", "SHOP-1")
    (tmp_path / "t" / "copy.md").write_text("---\nid: SHOP-1\ntitle: again\n---\n" + PROBLEM_KPI)
    r = custlint("tickets", "t", cwd=tmp_path)
    assert r.code == 2 and "duplicate ticket id 'SHOP-1'" in r.err


def test_paths_from_config_and_missing_folder(tmp_path):
    ticket(tmp_path / "backlog", "SHOP-5")
    config(tmp_path, 'paths = ["backlog"]')
    r = custlint("tickets", cwd=tmp_path)
    assert r.code == 0, r.out + r.err
    assert "1 ticket checked" in r.out
    r = custlint("tickets", "nope", cwd=tmp_path)
    assert r.code == 2 and "ticket path not found: nope" in r.err


def test_ticket_rules_follow_type_selection(tmp_path):
    ticket(tmp_path / "t", "SHOP-1", body="Nothing.\n")
    r = custlint("tickets", "t", "--select", "KP", "--format", "json", cwd=tmp_path)
    assert rules_by_subject(r) == {"SHOP-1": {"KP201"}}

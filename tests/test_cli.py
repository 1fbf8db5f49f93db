from conftest import custlint


def test_help_lists_commands():
    r = custlint("--help")
    assert r.code == 0
    for name in ("commit-msg", "commits", "rules", "rule", "config"):
        assert f"  {name}" in r.out


def test_no_command_is_usage_error():
    assert custlint().code == 2


def test_unknown_command():
    r = custlint("lint")
    assert r.code == 2 and r.err.startswith("custlint: error: unknown command 'lint'")


def test_version():
    r = custlint("--version")
    assert r.code == 0 and r.out.startswith("custlint ")


def test_rules_lists_every_rule_and_rule_explains():
    r = custlint("rules", "--format", "json")
    rows = r.json()
    codes = {x["code"] for x in rows}
    assert {"CP101", "KP201"} <= codes
    for row in rows:
        assert row["principle"] in ("customer-problem", "measurable-kpi", "done-in-production",
                                    "customer-remediation", "working-backwards")
    doc = custlint("rule", "customer-problem-missing")
    assert doc.code == 0
    assert "## What it checks" in doc.out and "## Why it matters to a customer" in doc.out
    assert "## Passes" in doc.out and "## Fails" in doc.out
    assert custlint("rule", "ZZ999").code == 2


def test_config_lists_every_key():
    r = custlint("config", "--format", "json")
    keys = {row["key"] for row in r.json()}
    assert {"select", "ignore", "exempt-types", "bot-authors", "rule-paths"} <= keys
    assert all(row["doc"] for row in r.json())


def _entry(tmp_path, code: str, *argv: str):
    import subprocess
    import sys

    from conftest import clean_env

    script = "import sys\nfrom custlint.cli import entry\n" + code + f"\nsys.argv = ['custlint', *{list(argv)!r}]\nentry()\n"
    return subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=clean_env(), capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_the_command_ends_without_teardown_but_runs_exit_handlers_and_keeps_its_code(tmp_path):
    """entry() skips the interpreter's teardown, not what a normal exit promises: the exit handlers
    (atexit) run once, everything written is out, and the exit code is main's."""
    mark = tmp_path / "handler.txt"
    handler = f"import atexit\natexit.register(lambda: open({str(mark)!r}, 'a').write('ran\\n'))"
    p = _entry(tmp_path, handler, "--version")
    assert p.returncode == 0 and p.stdout.startswith("custlint ") and mark.read_text() == "ran\n"
    mark.unlink()
    p = _entry(tmp_path, handler, "no-such-command")
    assert p.returncode == 2 and "unknown command" in p.stderr and mark.read_text() == "ran\n"
    # a long output through a pipe arrives whole (flushed before the process ends)
    p = _entry(tmp_path, "", "rules", "--format", "json")
    assert p.returncode == 0 and p.stdout.rstrip().endswith(("]", "}"))


def test_a_thread_still_running_gets_the_normal_exit(tmp_path):
    """A thread of main's that has not finished (not a daemon) is waited for, as a normal exit waits."""
    done = tmp_path / "thread.txt"
    thread = (
        "import threading, time\n"
        f"threading.Thread(target=lambda: (time.sleep(0.3), open({str(done)!r}, 'w').write('done'))).start()"
    )
    p = _entry(tmp_path, thread, "--version")
    assert p.returncode == 0 and done.read_text() == "done"

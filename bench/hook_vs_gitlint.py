"""Commit-msg hook wall time: custlint vs gitlint on the same message, run alternately.

    .venv/bin/pip install -e '.[bench]'     # gitlint
    .venv/bin/python bench/hook_vs_gitlint.py [--runs 40]

Both tools are started the way git starts a hook: a fresh process per commit, with the message
file git writes (comments and the -v scissors block included), in a repository whose
pyproject.toml configures custlint. Prints the medians and the ratio.

custlint keeps its validated rules and the parsed config in the user's cache
(custlint.core.usercache), filled by the first commit after an install or a change. The ratio is
measured as every later commit runs; "custlint (no cache)" (CUSTLINT_NO_CACHE=1, what a user
with no writable cache folder gets on every commit) is measured alongside and reported too.

custlint is measured as pre-commit installs it: a regular (not editable) install of this working
tree in a venv of its own (bench/.work/hook-venv), with its bytecode compiled by pip as for any
installed package. An editable install under PYTHONDONTWRITEBYTECODE=1 (set on some machines)
would compile every module from source on every run, which no user's hook does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MESSAGE = """Show delivery windows at checkout

Shoppers could not see when an order arrives and abandoned checkout.

Customer-Problem: shoppers abandon checkout because they cannot see when an order arrives
KPI: checkout completion rises from 61% to 65% within 6 weeks
# Please enter the commit message for your changes. Lines starting
# with '#' will be ignored, and an empty message aborts the commit.
#
# On branch feature/delivery-windows
# ------------------------ >8 ------------------------
# Do not modify or remove the line above.
diff --git a/checkout.py b/checkout.py
+    show_delivery_windows()
"""


PYPROJECT = """[project]
name = "shop"
version = "1.0"

[tool.custlint]
extend-select = ["KP207"]
personas = ["shopper"]

[tool.custlint.production]
branches = ["main"]
"""

ROOT = Path(__file__).resolve().parents[1]


def installed_custlint() -> Path:
    """custlint from this working tree, installed as pre-commit would (regular install, own venv)."""
    venv = ROOT / "bench" / ".work" / "hook-venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # the hook path needs no third-party package: --no-deps keeps the venv small and offline
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                    "--force-reinstall", str(ROOT)], check=True)
    return venv / "bin" / "custlint"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=40)
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    custlint = str(installed_custlint())
    gitlint = shutil.which("gitlint", path=str(bindir)) or shutil.which("gitlint")
    if not gitlint:
        print("gitlint is not installed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp)
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        msg = repo / ".git" / "COMMIT_EDITMSG"
        msg.write_text(MESSAGE)
        (repo / "pyproject.toml").write_text(PYPROJECT)
        cache = Path(tmp) / "cache"
        env = {**os.environ, "CUSTLINT_CACHE_DIR": str(cache)}
        cmds = {"custlint": ([custlint, "commit-msg", str(msg)], env),
                "custlint (no cache)": ([custlint, "commit-msg", str(msg)], {**env, "CUSTLINT_NO_CACHE": "1"}),
                "gitlint": ([gitlint, "--msg-filename", str(msg)], env)}
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for name, (cmd, e) in cmds.items():  # warm the page cache (and custlint's cache) once
            subprocess.run(cmd, cwd=repo, capture_output=True, env=e, check=name != "gitlint")
        for _ in range(args.runs):
            for name, (cmd, e) in cmds.items():
                t = time.perf_counter()
                subprocess.run(cmd, cwd=repo, capture_output=True, env=e)
                times[name].append(time.perf_counter() - t)
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"runs each (alternating): {args.runs}")
    for k, v in med.items():
        print(f"{k:<20} median {v:7.1f} ms   min {min(times[k]) * 1000:7.1f} ms")
    ratio = med["custlint"] / med["gitlint"]
    print(f"custlint / gitlint median: {ratio:.2f} (target <= 0.50)")
    print(f"custlint (no cache) / gitlint median: {med['custlint (no cache)'] / med['gitlint']:.2f}")
    return 0 if ratio <= 0.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())

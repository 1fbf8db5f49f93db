"""Prove that a change (a reorganisation) leaves every custlint output byte-identical.

    python bench/same_output.py fixture bench/.work/tickets-fixture
    python bench/same_output.py save bench/.work/same/before --custlint /work/before-venv/bin/custlint \\
        --tests /work/before/tests --repo synth100k=bench/.work/synth100k \\
        --repo curl=/work/.mirror/curl+curl/repo --repo tickets=bench/.work/tickets-fixture
    python bench/same_output.py save bench/.work/same/after --custlint .venv/bin/custlint ...same options...
    python bench/same_output.py compare bench/.work/same/before bench/.work/same/after

`save` runs the `custlint` executable given (never imports custlint); each run's stdout, stderr
and exit code go to DIR/<group>/<n>.{out,err,rc} (<n>.html for `audit --html`), listed in
DIR/index.tsv; DIR/repos.tsv has each repository's HEAD; DIR/timings.tsv (not compared) seconds.
Per repository: `commits HEAD` and `audit --no-cache` (json, text, HTML), `code`/`kpis` on its top
folder with the most *.py files, `tickets` if it has tickets/*.md, `prfaq` on docs/prfaq*.md. Per
input: TESTS/data/**/*.json through `pr --event`, each TESTS/corpus/*.toml case text through
`commit-msg` (json, text). Also `--help` of custlint and of each command, `rules`, `rule CODE`
for each rule, `config`. A bare git dir is cloned once (`git clone --shared`) into
bench/.work/same/wt/NAME and reused, so both captures read one clone.

Deterministic: a clean environment (no CI, GITHUB_*, GITLAB_*; TZ=UTC, C.UTF-8, COLUMNS=100,
PYTHONHASHSEED=0, CUSTLINT_NO_CACHE=1, HOME and caches in a fixed scratch folder); inputs copied
there and named relative to the working directory. Give both captures the same --tests (the change
may move tests/). The fixture's done tickets are dated 2099: no "N days ago" counted from today.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work" / "same"
SCRATCH = Path(tempfile.gettempdir()) / "custlint-same-scratch"
COMMANDS = ["audit", "code", "commit-msg", "commits", "config", "init", "kpis", "pr", "prfaq", "report",
            "rule", "rules", "tickets"]


def git(*args, cwd=None, env=None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def clean_env() -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(SCRATCH / "home"), "TZ": "UTC",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "COLUMNS": "100", "TERM": "dumb", "PYTHONHASHSEED": "0",
           "CUSTLINT_NO_CACHE": "1", "CUSTLINT_CACHE_DIR": str(SCRATCH / "cache"),
           "XDG_CACHE_HOME": str(SCRATCH / "xdg"), "GIT_CONFIG_NOSYSTEM": "1"}
    for d in ("home", "cache", "xdg"):
        (SCRATCH / d).mkdir(parents=True, exist_ok=True)
    return env


def worktree(name: str, path: str) -> Path:
    """A worktree of ``path``: itself, or for a bare git dir a shared clone kept in WORK/wt/NAME."""
    if git("-C", path, "rev-parse", "--is-bare-repository") != "true":
        return Path(git("-C", path, "rev-parse", "--show-toplevel"))
    wt = WORK / "wt" / name
    if not wt.exists():
        wt.parent.mkdir(parents=True, exist_ok=True)
        git("clone", "-q", "--shared", path, str(wt))
    if git("-C", str(wt), "rev-parse", "HEAD") != git("-C", path, "rev-parse", "HEAD"):
        sys.exit(f"{wt} is not at {path}'s HEAD; delete it to clone again (and save BEFORE again)")
    return wt


def outer_config(top: Path) -> None:
    """Warn when a config above ``top`` governs the runs in it: the change may touch that file."""
    for folder in top.resolve().parents:
        py, dot = folder / "pyproject.toml", folder / ".custlint.toml"
        if dot.is_file() or (py.is_file() and b"[tool.custlint" in py.read_bytes()):
            print(f"warning: {folder} holds a custlint config that runs in {top} read", file=sys.stderr)


def python_folder(wt: Path) -> str | None:
    """The top-level folder with the most tracked *.py files (ties: the first by name)."""
    counts = Counter(f.split("/")[0] for f in git("-C", str(wt), "ls-files", "*.py").splitlines() if "/" in f)
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None


def plan(args, env) -> tuple[list[tuple[str, Path, list[str]]], list[str]]:
    """(group, cwd, custlint arguments) per run, and the repos.tsv lines."""
    runs, repos = [], []
    inp = SCRATCH / "in"
    (inp / "events").mkdir(parents=True)
    (inp / "msgs").mkdir()
    outer_config(inp / "events")
    import tomllib  # Python 3.11+

    tests = Path(args.tests)
    events = sorted(tests.glob("data/**/*.json"))
    for f in events:
        name = str(f.relative_to(tests / "data")).replace("/", "__")
        shutil.copyfile(f, inp / "events" / name)
        runs.append(("pr", inp / "events", ["pr", "--event", name, "--format", "json", "--exit-zero"]))
    for f in sorted(tests.glob("corpus/*.toml")):
        for case in tomllib.loads(f.read_text(encoding="utf-8")).get("case", []):
            name = f"{f.stem}__{re.sub(r'[^A-Za-z0-9_.-]', '_', str(case['id']))}.txt"
            (inp / "msgs" / name).write_text(case["text"], encoding="utf-8")
            for fmt in ("json", "text"):
                runs.append(("commit-msg", inp / "msgs", ["commit-msg", name, "--format", fmt]))
    if not events or not runs[len(events):]:
        sys.exit(f"no tests/data/**/*.json or tests/corpus/*.toml cases under {tests}")
    rules = subprocess.run([args.custlint, "rules"], check=False, cwd=inp, env=env, capture_output=True, text=True).stdout
    runs += [("global", inp, a) for a in [["--help"], *([c, "--help"] for c in COMMANDS), ["rules"],
                                          ["rules", "--format", "json"], ["config"]]]
    runs += [("global", inp, ["rule", c]) for c in sorted(set(re.findall(r"(?m)^([A-Z]{2}\d{3}) ", rules)))]  # last
    for spec in args.repo:
        name, _, path = spec.partition("=")
        wt = worktree(name, path)
        outer_config(wt)
        dirty = len(git("-C", str(wt), "status", "--porcelain").splitlines())
        repos.append(f"{name}\t{wt}\t{git('-C', str(wt), 'rev-parse', 'HEAD')}\t"
                     f"{git('-C', str(wt), 'rev-list', '--count', 'HEAD')} commits\t{dirty} changed files\n")
        todo = [["commits", "HEAD", "--format", "json", "--exit-zero"], ["commits", "HEAD", "--exit-zero"],
                ["audit", "--no-cache", "--no-progress", "--format", "json", "--html", str(SCRATCH / "audit.html")],
                ["audit", "--no-cache", "--no-progress"]]
        py = python_folder(wt)
        todo += [["code", py, "--format", "json"], ["kpis", py]] if py else []
        todo += [["tickets", "--format", "json"], ["tickets"]] if any((wt / "tickets").glob("*.md")) else []
        todo += [["prfaq", str(p.relative_to(wt))] for p in sorted(wt.glob("docs/prfaq*.md"))]
        runs += [(f"repo-{name}", wt, a) for a in todo]
    return runs, repos


def save(args) -> None:
    out = Path(args.dir)
    if out.exists() and any(out.iterdir()) and not (out / "index.tsv").exists():
        sys.exit(f"{out} is not empty and not a capture; refusing to overwrite")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(SCRATCH, ignore_errors=True)
    args.custlint = str(Path(args.custlint).resolve())
    env = clean_env()
    runs, repos = plan(args, env)
    out.mkdir(parents=True)
    (out / "repos.tsv").write_text("".join(repos))
    digest = hashlib.sha256()  # of every input file, named: both captures must read the same inputs
    for f in sorted(p for p in (SCRATCH / "in").rglob("*") if p.is_file()):
        digest.update(str(f.relative_to(SCRATCH)).encode() + b"\0" + f.read_bytes())
    index, timings, t_all = [f"# inputs sha256 {digest.hexdigest()}\n"], [], time.monotonic()
    count: dict[str, int] = {}
    for group, cwd, argv in runs:
        n = count[group] = count.get(group, 0) + 1  # numbered per group: a longer list elsewhere shifts nothing
        (out / group).mkdir(exist_ok=True)
        t0 = time.monotonic()
        p = subprocess.run([args.custlint, *argv], check=False, cwd=cwd, env=env, capture_output=True, stdin=subprocess.DEVNULL)
        timings.append(f"{group}/{n}\t{time.monotonic() - t0:.3f}\t{shlex.join(argv)}\n")
        base = out / group / str(n)
        base.with_suffix(".out").write_bytes(p.stdout)
        base.with_suffix(".err").write_bytes(p.stderr)
        base.with_suffix(".rc").write_text(f"{p.returncode}\n")
        if "--html" in argv:
            html = SCRATCH / "audit.html"
            base.with_suffix(".html").write_bytes(html.read_bytes() if html.exists() else b"(not written)\n")
            html.unlink(missing_ok=True)
        index.append(f"{group}/{n}\t{cwd}\tcustlint {shlex.join(argv)}\trc={p.returncode}\n")
        if args.verbose or time.monotonic() - t0 > 5:
            print(f"{group}/{n} rc={p.returncode} {time.monotonic() - t0:.1f}s {shlex.join(argv)}", file=sys.stderr)
    (out / "index.tsv").write_text("".join(index))
    (out / "timings.tsv").write_text(f"# total {time.monotonic() - t_all:.1f}s\n" + "".join(timings))
    print(f"saved {len(runs)} runs ({sum(1 for _ in out.rglob('*.*'))} files) in {out} "
          f"in {time.monotonic() - t_all:.0f}s")


def compare(args) -> int:
    a, b = Path(args.a), Path(args.b)

    def names(d: Path) -> set[str]:
        return {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file() and p.name != "timings.tsv"}

    na, nb, bad = names(a), names(b), 0
    for rel in sorted(na ^ nb):
        bad += 1
        print(f"ONLY IN {a if rel in na else b}: {rel}")
    for rel in sorted(na & nb):
        x, y = (a / rel).read_bytes(), (b / rel).read_bytes()
        if x == y:
            continue
        bad += 1
        lx, ly = (z.decode("utf-8", "replace").splitlines(keepends=True) for z in (x, y))
        i = next((k for k, (p, q) in enumerate(zip(lx, ly, strict=False)) if p != q), min(len(lx), len(ly)))
        lo = max(0, i - 3)  # a window at the first difference: a whole diff of a 60 MB output takes long
        diff = list(difflib.unified_diff(lx[lo:i + 30], ly[lo:i + 30], f"{a}/{rel}", f"{b}/{rel}", n=3))
        print(f"DIFFERS: {rel} ({len(x)} vs {len(y)} bytes, first difference at line {i + 1})")
        diff = [re.sub(r"(?<=[-+])\d+", lambda m, lo=lo: str(int(m[0]) + lo), d) if d.startswith("@@") else d
                for d in diff]  # hunks numbered in the files, not in the window
        sys.stdout.writelines(line if line.endswith("\n") else line + "\n" for line in diff[:40])
    print(f"{len(na & nb)} files in both, {bad} differing or missing")
    return 1 if bad else 0


PK = ("Customer-Problem: shoppers abandon checkout because they cannot see when an order arrives\n"
      "KPI: checkout completion from 61% to 65% within 6 weeks\n")
APP = ("from flask import Flask\nfrom statsd import StatsClient\n\napp = Flask(__name__)\nstatsd = StatsClient()\n\n\n"
       "@app.route('/checkout')\ndef checkout():\n    statsd.incr('checkout.completed')\n    return 'ok'\n\n\n"
       "@app.post('/refund')\ndef refund():  # TODO: refunds take a week\n    return 'later'\n\n\n"
       "# TODO(SHOP-1): show the window on the cart too\n@app.get('/cart')\ndef cart():\n"
       "    return 'cart'  # custlint: ignore[CD103]\n")
CONFIG = ('personas = ["shopper", "merchant"]\ncode-root = "app"\n\n[production]\nrelease-tags = ["v*"]\n'
          'deploy-log = "deploy.jsonl"\n\n[tickets]\nsource = "files"\npaths = ["tickets"]\n')


BODY = PK.replace(": ", "\n", 1)


def tk(tid, status, title="Shoppers cannot see delivery windows", body=BODY, extra=""):
    return f"---\nid: {tid}\ntitle: {title}\nstatus: {status}\n{extra}---\n{body}"


def fixture(args) -> None:
    """A small repository: ticket files (done ones dated 2099), a config, Python code, tags, a deploy log."""
    d = Path(args.dir)
    if d.exists() and any(d.iterdir()):
        sys.exit(f"{d} exists and is not empty")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(d), "GIT_CONFIG_NOSYSTEM": "1", "TZ": "UTC"}
    d.mkdir(parents=True, exist_ok=True)
    git("init", "-q", "-b", "main", cwd=d, env=env)
    step, bot = [0], ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")

    def commit(msg, files=None, who=("Ada Dev", "ada@example.com"), tag=None, merge=None):
        step[0] += 1
        stamp = f"2026-01-{1 + step[0]:02d}T09:00:00Z"
        e = dict(env, GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1], GIT_COMMITTER_NAME=who[0],
                 GIT_COMMITTER_EMAIL=who[1], GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
        for rel, text in (files or {}).items():
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            (d / rel).write_text(text)
        git("add", "-A", cwd=d, env=e)
        git(*(["merge", "-q", "--no-ff", merge] if merge else ["commit", "-q", "--allow-empty"]), "-m", msg, cwd=d, env=e)
        if tag:
            git("tag", "-a", tag, "-m", f"Release {tag}", cwd=d, env=e)
        return git("rev-parse", "HEAD", cwd=d)

    commit("docs: start the shop", {".custlint.toml": CONFIG, "README.md": "# Shop\n",
                                    "tickets/README.md": "# How we write tickets\n",
                                    "tickets/SHOP-1.md": tk("SHOP-1", "open", extra="type: Story\nlabels: [checkout, web]\n"),
                                    "tickets/SHOP-2.md": '+++\nid = "SHOP-2"\ntitle = "Delivery window widget"\n'
                                                         'status = "open"\n+++\nNothing useful yet.\n\n## KPI\nTBD\n'})
    commit(f"Show delivery windows on the checkout page\n\n{PK}\nRefs SHOP-1\n", {"app/__init__.py": "", "app/checkout.py": APP})
    commit("Update dependencies and tidy imports", {"app/util.py": "import os\n"})
    shop3 = commit("feat(search): rank results by stock\n\nRefs SHOP-3\n", {
        "tickets/SHOP-3.md": tk("SHOP-3", "Done", extra="done-at: 2099-01-03\n"),
        "app/search.py": "# TODO SHOP-3 tune the ranking\ndef rank(items):\n    return sorted(items)\n"}, tag="v1.0.0")
    commit("Part one of SHOP-4\n\nFixes #12\n", {"tickets/SHOP-4.md": tk("SHOP-4", "closed", extra="closed: 2099-01-09T10:00:00Z\n")})
    commit("Bump requests from 2.31 to 2.32", {"requirements.txt": "requests==2.32\n"}, who=bot)
    git("checkout", "-q", "-b", "topic", cwd=d)
    commit("Retry failed coupon codes\n\nMerchants lose sales when a coupon silently fails.\n\nSHOP-5 #done\n",
           {"app/coupons.py": "def retry(code):\n    return code\n",
            "tickets/SHOP-5.md": tk("SHOP-5", "resolved", extra="done-at: 2099-02-01\n")})
    git("checkout", "-q", "main", cwd=d)
    commit("wip")
    commit("Merge branch 'topic'", merge="topic", tag="v1.1.0")
    commit("Finish SHOP-4: part two\n\nKPI: TBD\n", {"app/checkout.py": APP + "\n"})
    commit("Fix double charge on bank timeout\n\nCustomers in Brazil were charged twice when the bank timed out.\n\n"
           "Refs PAY-7\n", {"tickets/PAY-7.md": tk("PAY-7", "done", extra="done-at: 2099-03-01\nreleased: v9.9.9\n"),
                            "tickets/PAY-8.md": tk("PAY-8", "In Progress", "Improve conversion", "## KPI\nImprove conversion\n")})
    commit("ci: record deployments", {"deploy.jsonl": json.dumps(
        {"sha": shop3, "environment": "production", "time": "2026-01-06T12:00:00Z", "id": "d1"}) + "\n"})
    commit("docs: PR-FAQ for delivery windows\n\nRefs SHOP-1\n", {
        "docs/prfaq.md": "# Shoppers see when their order arrives\n\n## Problem\nShoppers abandon checkout.\n\n"
                         "## Solution\nA delivery window on the checkout page.\n"})
    print(f"fixture: {d} at {git('rev-parse', 'HEAD', cwd=d)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("save", help="run custlint on every input and store the outputs in DIR")
    s.add_argument("dir")
    s.add_argument("--custlint", required=True, help="the custlint executable to run")
    s.add_argument("--repo", action="append", default=[], metavar="NAME=PATH", help="a git worktree or bare git dir")
    s.add_argument("--tests", default=str(HERE.parent / "tests"), help="holds data/ and corpus/ (default: %(default)s)")
    s.add_argument("--verbose", "-v", action="store_true")
    c = sub.add_parser("compare", help="report every file that differs between two captures; exit 1 if any")
    c.add_argument("a")
    c.add_argument("b")
    sub.add_parser("fixture", help="make the tickets fixture repository in DIR").add_argument("dir")
    args = ap.parse_args()
    return {"save": save, "fixture": fixture, "compare": compare}[args.cmd](args) or 0


if __name__ == "__main__":
    sys.exit(main())

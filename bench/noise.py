"""Noise on real history (issue 14): over the newest 500 non-exempt first-parent commits of public
repositories, the share of commits with an error and with a warning, and per rule, before and after.

    M=/work/.mirror; R=""; for r in curl+curl pallets+flask psf+requests vitejs+vite apache+kafka \\
        prometheus+prometheus grafana+loki traefik+traefik supabase+auth home-assistant+frontend; do
        R="$R --repo $r=$M/$r/repo"; done
    python3 bench/noise.py run --custlint /work/before-venv/bin/custlint $R --json bench/.work/noise/before.json
    python3 bench/noise.py run --custlint .venv/bin/custlint $R --json bench/.work/noise/after.json
    python3 bench/noise.py compare bench/.work/noise/before.json bench/.work/noise/after.json

Stdlib only; never imports custlint, runs the executable `--custlint` names. Each repository
(`NAME=PATH`, a bare git dir or a work tree) is cloned with `git clone --shared --no-checkout` into
bench/.work/noise/NAME (a work tree is used as it is), and checked to have no custlint config in it
or above it. `git rev-list --first-parent HEAD` gives the first-parent line, newest first; one
`custlint commits <oldest of the window>^..HEAD --format json --exit-zero` judges a window of it
(900 commits, doubled until it holds enough), in a clean environment: no CI, GITHUB_* or GITLAB_*
variables, HOME and caches in a temporary folder, CUSTLINT_NO_CACHE=1. The range also holds the
commits merges bring in; only first-parent SHAs are kept, the exempt ones dropped, and the newest
500 of the rest are the judged commits. A rule's share is the share of judged commits with at
least one finding of that rule.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

WORK = Path(__file__).resolve().parent / ".work" / "noise"
TABLE = re.compile(r'^\s*\[+\s*tool\s*\.\s*"?custlint|^\s*tool\s*\.\s*"?custlint', re.MULTILINE)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def clean_env(home: str) -> dict:
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "XDG_CACHE_HOME": f"{home}/.cache", "XDG_CONFIG_HOME": f"{home}/.config",
            "GIT_CONFIG_NOSYSTEM": "1", "CUSTLINT_NO_CACHE": "1", "NO_COLOR": "1"}


def work_tree(name: str, src: Path) -> Path:
    """A work tree of the repository at ``src``: itself if it is one, else a shared clone of it."""
    if (src / ".git").exists():
        return src
    head = git(src, "--git-dir", str(src), "rev-parse", "HEAD").strip()
    wt = WORK / name
    if wt.exists() and git(wt, "rev-parse", "HEAD").strip() != head:
        shutil.rmtree(wt)
    if not wt.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        # no checkout: custlint reads only messages, and the mirrors lack some large blobs
        subprocess.run(["git", "clone", "--quiet", "--shared", "--no-checkout", str(src), str(wt)], check=True)
    return wt


def check_no_config(wt: Path) -> None:
    """custlint looks for its config from the working directory up to the repository's top (issue 15:
    never above it): there must be none there, nor one in the repository's HEAD. Folders above the
    clone are checked too, for a custlint older than that rule (the before run)."""
    for f in (".custlint.toml", "pyproject.toml"):
        p = subprocess.run(["git", "show", f"HEAD:{f}"], cwd=wt, capture_output=True, check=False)
        if p.returncode == 0 and b"custlint" in p.stdout:
            sys.exit(f"{wt}: HEAD's {f} may configure custlint; this bench measures the default policy")
    folders = [wt.resolve()] if os.environ.get("NOISE_CONFIG_ABOVE_OK") else [wt.resolve(), *wt.resolve().parents]
    for folder in folders:
        if (folder / ".custlint.toml").is_file():
            sys.exit(f"{folder}/.custlint.toml would configure custlint; move the work trees elsewhere")
        py = folder / "pyproject.toml"
        if py.is_file() and TABLE.search(py.read_text(errors="replace")):
            sys.exit(f"{py} has [tool.custlint]; move the work trees elsewhere")


def judge(exe: str, name: str, src: Path, n: int, window: int, env: dict) -> dict:
    wt = work_tree(name, src)
    check_no_config(wt)
    fp = git(wt, "rev-list", "--first-parent", "HEAD").split()
    t0 = time.perf_counter()
    while True:
        win = fp[:window]
        rng = "HEAD" if len(win) == len(fp) else f"{win[-1]}^..HEAD"
        p = subprocess.run([exe, "commits", rng, "--format", "json", "--exit-zero"], cwd=wt, env=env,
                           capture_output=True, text=True, check=False)
        if p.returncode != 0:
            sys.exit(f"{name}: custlint exited {p.returncode}: {p.stderr.strip()}")
        rep = json.loads(p.stdout)
        exempt = {e["subject"]: e["reason"] for e in rep["exempt"] if e["source"] == "commit"}
        judged = [s for s in win if s not in exempt]
        if len(judged) >= n or len(win) == len(fp):
            break
        window *= 2
    seconds = time.perf_counter() - t0
    in_range = int(git(wt, "rev-list", "--count", rng))
    s = rep["summary"]
    if s["checked"] + s["exempt"] != in_range:
        print(f"warning: {name}: custlint judged {s['checked']} + {s['exempt']} exempt of {in_range} commits in {rng}",
              file=sys.stderr)
    judged = judged[:n]
    scanned = fp.index(judged[-1]) + 1 if judged else len(fp)
    keep = set(judged)
    titles = dict(line.split("\t", 1) for line in git(wt, "log", "--first-parent", f"-{scanned}", "--format=%H\t%s").splitlines())
    per: dict[str, dict[str, str]] = {}
    rules: dict[str, dict] = {}
    for f in rep["findings"]:
        if f["source"] != "commit" or f["subject"] not in keep:
            continue
        sev = per.setdefault(f["subject"], {})
        if sev.get(f["rule"]) != "error":
            sev[f["rule"]] = f["severity"]
        r = rules.setdefault(f["rule"], {"name": f["name"], "severity": f["severity"], "commits": 0, "examples": []})
        if len(r["examples"]) < 3 and all(e[0] != f["subject"] for e in r["examples"]):
            r["examples"].append([f["subject"], titles.get(f["subject"], ""), f["message"]])
    for sev in per.values():
        for code in sev:
            rules[code]["commits"] += 1
    reasons = Counter(" ".join(exempt[s].split()[:2]) for s in fp[:scanned] if s in exempt)
    return {"name": name, "path": str(src), "head": fp[0], "range": rng, "window": len(win), "seconds": round(seconds, 1),
            "first_parent_scanned": scanned, "judged": len(judged),
            "errors": sum("error" in v.values() for v in per.values()),
            "warnings": sum("warning" in v.values() for v in per.values()),
            "exempt_reasons": dict(reasons.most_common()), "rules": dict(sorted(rules.items())),
            "judged_shas": judged, "commits": {sha: dict(sorted(per[sha].items())) for sha in judged if sha in per},
            "notes": sorted({str(x) for x in rep.get("notes", [])})}


def total(repos: list[dict]) -> dict:
    t = {"judged": sum(r["judged"] for r in repos), "errors": sum(r["errors"] for r in repos),
         "warnings": sum(r["warnings"] for r in repos), "rules": {}}
    for r in repos:
        for code, x in r["rules"].items():
            y = t["rules"].setdefault(code, {"name": x["name"], "severity": x["severity"], "commits": 0})
            y["commits"] += x["commits"]
    return t


def pct(k: int, n: int) -> str:
    return f"{100 * k / n:.1f}%" if n else "-"


def cmd_run(a) -> int:
    repos = []
    exe = shutil.which(a.custlint) or sys.exit(f"--custlint {a.custlint}: no such executable")
    a.custlint = str(Path(exe).absolute())
    with tempfile.TemporaryDirectory(prefix="noise-home-") as home:
        env = clean_env(home)
        version = subprocess.run([a.custlint, "--version"], env=env, capture_output=True, text=True, check=False).stdout.strip()
        for spec in a.repo:
            name, _, path = spec.partition("=")
            if not path:
                sys.exit(f"--repo {spec}: say NAME=PATH")
            r = judge(a.custlint, name, Path(path), a.commits, a.window, env)
            repos.append(r)
            print(f"{name:24} {r['judged']:4} judged ({r['first_parent_scanned']} first-parent scanned), "
                  f"error {pct(r['errors'], r['judged']):>6}, warning {pct(r['warnings'], r['judged']):>6}, {r['seconds']} s",
                  file=sys.stderr)
    out = {"custlint": a.custlint, "version": version, "commits": a.commits, "repos": repos, "total": total(repos)}
    t = out["total"]
    print(f"\n{a.custlint} ({version}): {t['judged']} commits judged")
    print("| repository | judged | with an error | with a warning |\n|---|---|---|---|")
    for r in repos + [dict(t, name="**total**")]:
        print(f"| {r['name']} | {r['judged']} | {pct(r['errors'], r['judged'])} | {pct(r['warnings'], r['judged'])} |")
    print("\n| rule | severity | commits | share |\n|---|---|---|---|")
    for code, x in sorted(t["rules"].items(), key=lambda kv: -kv[1]["commits"]):
        print(f"| {code} {x['name']} | {x['severity']} | {x['commits']} | {pct(x['commits'], t['judged'])} |")
    if a.json:
        Path(a.json).parent.mkdir(parents=True, exist_ok=True)
        Path(a.json).write_text(json.dumps(out, indent=1) + "\n")
    return 0


def cmd_compare(a) -> int:
    b, f = (json.loads(Path(p).read_text()) for p in (a.before, a.after))
    tb, ta = b["total"], f["total"]
    print(f"before: {b['custlint']} ({b['version']}); after: {f['custlint']} ({f['version']})\n")
    print("| repository | judged | error before | error after | warning before | warning after |\n|---|---|---|---|---|---|")
    after = {r["name"]: r for r in f["repos"]}
    rows = [(r, after.get(r["name"])) for r in b["repos"]] + [(dict(tb, name="**total**"), dict(ta, name="**total**"))]
    for x, y in rows:
        if y is None:
            continue
        judged = str(x["judged"]) if x["judged"] == y["judged"] else f"{x['judged']} / {y['judged']}"
        print(f"| {x['name']} | {judged} | {pct(x['errors'], x['judged'])} | {pct(y['errors'], y['judged'])} "
              f"| {pct(x['warnings'], x['judged'])} | {pct(y['warnings'], y['judged'])} |")
    print("\n| rule | severity before → after | share before (commits) | share after (commits) | change |\n|---|---|---|---|---|")
    codes = set(tb["rules"]) | set(ta["rules"])

    def share(t, c):
        return t["rules"][c]["commits"] / t["judged"] if c in t["rules"] and t["judged"] else 0.0

    for c in sorted(codes, key=lambda c: (-abs(share(ta, c) - share(tb, c)), c)):
        x, y = tb["rules"].get(c), ta["rules"].get(c)
        name = (y or x)["name"]
        sev = f"{x['severity'] if x else '-'} → {y['severity'] if y else '-'}"
        nb, na = (t["rules"].get(c, {}).get("commits", 0) for t in (tb, ta))
        print(f"| {c} {name} | {sev} | {100 * share(tb, c):.1f}% ({nb}) | {100 * share(ta, c):.1f}% ({na}) "
              f"| {100 * (share(ta, c) - share(tb, c)):+.1f} pt |")
    flips = Counter()
    for r in b["repos"]:
        y = after.get(r["name"])
        if y is None:
            continue
        both = set(r["judged_shas"]) & set(y["judged_shas"])
        for sha in both:
            e0 = "error" in r["commits"].get(sha, {}).values()
            e1 = "error" in y["commits"].get(sha, {}).values()
            flips[(e0, e1)] += 1
    n = sum(flips.values())
    print(f"\ncommits judged by both: {n}; error before and after {flips[(True, True)]}, "
          f"error before only {flips[(True, False)]}, error after only {flips[(False, True)]}, "
          f"no error either {flips[(False, False)]}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run", help="judge the repositories with one custlint")
    run.add_argument("--custlint", required=True, help="the custlint executable to run")
    run.add_argument("--repo", action="append", required=True, metavar="NAME=PATH")
    run.add_argument("--commits", type=int, default=500, help="non-exempt first-parent commits per repository")
    run.add_argument("--window", type=int, default=900, help="first-parent commits judged at first")
    run.add_argument("--json", metavar="FILE", help="save the results")
    cmp_ = sub.add_parser("compare", help="before/after table of two saved results")
    cmp_.add_argument("before")
    cmp_.add_argument("after")
    a = ap.parse_args()
    return cmd_run(a) if a.cmd == "run" else cmd_compare(a)


if __name__ == "__main__":
    sys.exit(main())

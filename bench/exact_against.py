"""Issue 18's proof for a rewrite of a reader: every text judged by this tree and by a baseline tree
(another checkout's ``src``, e.g. a ``git worktree`` of the commit before the rewrite) gives the same
findings (rule, message, line, fix, severity), exemption, principle mask, audit verdict and done
claims; and ``custlint audit --no-cache`` / ``custlint commits`` JSON of whole histories is
byte-identical between the two trees.

    git worktree add --detach /tmp/base <commit before the rewrite>
    python bench/exact_against.py /tmp/base/src /tmp/custlint-bench/hist100000 \
        /work/.mirror/curl+curl/repo /work/.mirror/hashicorp+terraform/repo [--commits 30000] [--texts-only]

The texts: the corpus and the rule examples (as commits and PRs, under six commit types and three
label sets), 3,000 generated history messages, 1,500 texts of the gates' own vocabulary, and the
newest ``--commits`` messages of each repository (as history commits, and as PR descriptions).
Each tree judges them in its own process (``PYTHONPATH`` set to the tree's ``src``), so the two
never share a module.

    python bench/exact_against.py plain <repos...>   # this tree compiled (custlint compile) against itself as plain Python

With ``plain`` for the baseline, the baseline is this tree run with ``CUSTLINT_ACCEL=0`` and this tree
must be using its compiled modules (:mod:`custlint.accel`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIELDS = "%H%x1f%P%x1f%ct%x1f%an%x1f%ae%x1f%aN%x1f%aE%x1f%aI%x1f%cI%x1f%B"


def _texts(repos: list[str], commits: int) -> list[tuple]:
    """``(kind, text, type, labels, history)`` of every case, the same list for both trees."""
    import random

    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(HERE))
    from gen_history import message
    from test_engine_plan import TEXTS, TYPES
    from test_engine_steps import ALONE
    from test_lean_exact import SQUASHES, _vocab_texts

    cases: list[tuple] = []
    for kind, text in [*TEXTS, *ALONE]:
        for t in TYPES:
            for labels in ((), ("feat",), ("bug", "customer")):
                cases.append((kind, text, t, labels, False))
    r = random.Random(18)
    cases += [("commit", message(r, i), "", (), True) for i in range(3000)]
    cases += [(k, t, ty, (), False) for k, t in _vocab_texts(1500, 7) for ty in ("", "feat", "fix")]
    cases += [("commit", t, ty, (), True) for t in SQUASHES for ty in ("", "fix")]
    for repo in repos:
        out = subprocess.run(["git", "-C", repo, "log", "-z", "--format=%B", f"-{commits}"], capture_output=True,
                             check=True).stdout
        for m in out.split(b"\x00"):
            if m.strip():
                text = m.decode("utf-8", "replace")
                cases.append(("commit", text, "", (), True))
                cases.append(("pr", text, "", (), False))
    return cases


def _judge(cases_file: str, out_file: str) -> None:
    """In a tree's own process: every case's results, pickled (run with PYTHONPATH=<tree>/src): what
    the lean-path test compares of a text (findings, exemption, mask, audit verdict, done claims)."""
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(HERE))
    from custlint.core.config import default_config
    from custlint.engine.evaluator import Engine
    from custlint.engine.packs import load_rules
    from test_lean_exact import _everything

    with open(cases_file, "rb") as f:
        cases = pickle.load(f)
    engine = Engine(default_config(), load_rules())
    results = [_everything(engine, *case) for case in cases]
    with open(out_file, "wb") as f:
        pickle.dump(results, f)


_ACCEL: dict[str, str] = {}  # tree name -> its CUSTLINT_ACCEL (the baseline "plain": "0")


def _tree_env(env: dict[str, str], src: str, name: str) -> dict[str, str]:
    """``env`` for running tree ``name`` (``src``): its package first on the path, neither the lean
    path nor the compiled modules switched by the caller's environment, the baseline "plain" as
    plain Python."""
    env = {k: v for k, v in env.items() if k not in ("CUSTLINT_FULL_JUDGEMENT", "CUSTLINT_ACCEL")}
    env["PYTHONPATH"] = src
    if name in _ACCEL:
        env["CUSTLINT_ACCEL"] = _ACCEL[name]
    return env


def _in_tree(src: str, *args: str, name: str = "") -> None:
    subprocess.run([sys.executable, __file__, *args], env=_tree_env(dict(os.environ), src, name), check=True)


def texts(base: str, repos: list[str], commits: int, tmp: Path) -> bool:
    cases = _texts(repos, commits)
    cf = tmp / "cases.pickle"
    cf.write_bytes(pickle.dumps(cases))
    res = {}
    for name, src in (("base", base), ("this", str(ROOT / "src"))):
        _in_tree(src, "--judge", str(cf), str(tmp / f"{name}.pickle"), name=name)
        res[name] = pickle.loads((tmp / f"{name}.pickle").read_bytes())
    differ = [i for i, (a, b) in enumerate(zip(res["base"], res["this"], strict=True)) if a != b]
    digest = hashlib.sha256(pickle.dumps(res["this"])).hexdigest()[:12]
    n = sum(len(r[0]) for r in res["this"])
    print(f"texts: {len(cases):,} cases, {n:,} findings: {len(differ)} differ (results {digest})", flush=True)
    for i in differ[:5]:
        print(f"  {cases[i][:1] + cases[i][2:]} {cases[i][1][:300]!r}\n    base {res['base'][i]}\n    this {res['this'][i]}")
    return not differ


def histories(base: str, repos: list[str], commits: int, tmp: Path) -> bool:
    import filecmp

    from audit import CUSTLINT, _user_env, usable
    from lean_exact import _run

    same = True
    for r in repos:
        repo = usable(Path(r))
        shas = subprocess.run(["git", "-C", str(repo), "rev-list", f"--max-count={commits + 1}", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.split()
        rng = f"{shas[-1]}..HEAD" if len(shas) > commits else "HEAD"
        for what, args in (("audit", ["audit", "--repo", str(repo), "--no-cache", "--no-progress", "--format", "json"]),
                           ("commits", ["commits", rng, "--repo", str(repo), "--exit-zero", "--format", "json"])):
            files, secs = {}, {}
            for name, src in (("base", base), ("this", str(ROOT / "src"))):
                env = _tree_env(_user_env(), src, name)
                files[name] = tmp / f"{repo.name}-{what}-{name}.json"
                secs[name] = _run([*CUSTLINT, *args, "-o", str(files[name])], env, str(tmp))
            ok = filecmp.cmp(files["base"], files["this"], shallow=False)
            same = same and ok
            print(f"{repo} {what}: {'identical' if ok else 'DIFFERENT'}, {files['this'].stat().st_size:,} bytes | "
                  f"base {secs['base']:.2f}s, this {secs['this']:.2f}s", flush=True)
    return same


def main() -> None:
    if sys.argv[1:2] == ["--judge"]:
        _judge(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", help="the baseline tree's src folder, or plain: this tree as plain Python")
    ap.add_argument("repos", nargs="*")
    ap.add_argument("--commits", type=int, default=30000)
    ap.add_argument("--texts-only", action="store_true", help="judge the texts; skip the whole-history JSON")
    a = ap.parse_args()
    if a.base == "plain":
        a.base = str(ROOT / "src")
        _ACCEL["base"] = "0"
        probe = "import custlint, sys; sys.exit(0 if custlint.accel.ACTIVE else custlint.accel.REASON)"
        env = {k: v for k, v in os.environ.items() if k != "CUSTLINT_ACCEL"}
        if subprocess.run([sys.executable, "-c", probe], env=dict(env, PYTHONPATH=a.base)).returncode:
            raise SystemExit("this tree does not use compiled modules: run custlint compile first")
    if not (Path(a.base) / "custlint").is_dir():
        raise SystemExit(f"{a.base} holds no custlint package: give the baseline checkout's src folder")
    sys.path.insert(0, str(HERE))
    with tempfile.TemporaryDirectory(prefix="custlint-exact-") as tmp:
        ok = texts(a.base, a.repos, a.commits, Path(tmp))
        if not a.texts_only:
            ok = histories(a.base, a.repos, a.commits, Path(tmp)) and ok
    print("all identical" if ok else "SOME DIFFER")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

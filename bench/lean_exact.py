"""Issue 18's proof that the lean path changes nothing: `custlint audit --no-cache --format json` of
whole histories, and `custlint commits --format json` of their newest 30,000 commits, with the
gates of custlint.analysis.prescan on and off (CUSTLINT_FULL_JUDGEMENT=1), compared byte for byte.

    python bench/lean_exact.py /tmp/custlint-bench/hist100000 /work/.mirror/curl+curl/repo \
        /work/.mirror/hashicorp+terraform/repo [--commits 30000]

Each command runs from a scratch folder (no project config in the way), with the bench's
environment (bytecode kept, as installed); a bare mirror without a `config` file is audited
through the bench's `usable()` clone, as bench/audit.py does.
"""

from __future__ import annotations

import argparse
import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from audit import CUSTLINT, _user_env, usable  # noqa: E402

MODES = {"lean": {}, "full": {"CUSTLINT_FULL_JUDGEMENT": "1"}}


def _run(cmd: list[str], env: dict, cwd: str) -> float:
    t = time.perf_counter()
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {p.stderr.decode(errors='replace')[-500:]}")
    return time.perf_counter() - t


def prove(repo: Path, commits: int, out: Path) -> bool:
    n = int(subprocess.run(["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True,
                           check=True).stdout)
    rng = "HEAD"
    if n > commits:  # the newest `commits` commits in git's order (HEAD~N counts first parents only)
        shas = subprocess.run(["git", "-C", str(repo), "rev-list", f"--max-count={commits + 1}", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.split()
        rng = f"{shas[-1]}..HEAD"
    same = True
    for what, args in (("audit", ["audit", "--repo", str(repo), "--no-cache", "--no-progress", "--format", "json"]),
                       ("commits", ["commits", rng, "--repo", str(repo), "--exit-zero", "--format", "json"])):
        files, secs = {}, {}
        for mode, extra in MODES.items():
            env = {k: v for k, v in _user_env().items() if k != "CUSTLINT_FULL_JUDGEMENT"}
            env.update(extra)
            files[mode] = out / f"{repo.name}-{what}-{mode}.json"
            secs[mode] = _run([*CUSTLINT, *args, "-o", str(files[mode])], env, str(out))
        ok = filecmp.cmp(files["lean"], files["full"], shallow=False)
        same = same and ok
        size = files["lean"].stat().st_size
        print(f"{repo} {what} ({n:,} commits{'' if what == 'audit' else f', range {rng}'}): "
              f"{'identical' if ok else 'DIFFERENT'}, {size:,} bytes | lean {secs['lean']:.2f}s, full {secs['full']:.2f}s",
              flush=True)
    return same


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repos", nargs="+")
    ap.add_argument("--commits", type=int, default=30000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="custlint-lean-") as tmp:
        ok = all([prove(usable(Path(r)), a.commits, Path(tmp)) for r in a.repos])
    print("all identical" if ok else "SOME DIFFER")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

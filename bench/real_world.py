"""custlint's judgement on real texts of public repositories: precision, recall and F1 per principle.

    python bench/real_world.py --clones DIR                # the table, texts read from clones in DIR
    python bench/real_world.py --clones DIR --show-errors  # every disagreement, with the findings
    python bench/real_world.py --clone                     # clone what is missing into bench/.work/clones

`bench/real/*.toml` holds only labels and sources: each `[[text]]` names a commit of a public
repository (its message is the text) or a file at a commit (`path`: a design document judged as a
ticket), with the principles a product lead expects custlint to report (`expect`, letters P K R W,
as in tests/corpus) and a one-line reason. The labels were written from docs/judgement.md before
custlint was run on the texts. The texts themselves are never copied into this repository: they are
read from local clones, found in DIR as `OWNER/NAME`, `OWNER+NAME`, `OWNER+NAME/repo` or
`OWNER__NAME` (a bare clone or a work tree). `--clone` makes missing ones with
`git clone --bare --filter=blob:none https://github.com/OWNER/NAME`.

A commit is read as `custlint commits` reads it (parents and author included, so merges and bots
are exempt as they are there) and judged under the default config, exactly as `custlint` runs
without one. A principle counts as reported when the shipped rules give an error or a warning
finding of that principle.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from accuracy import LETTERS, engine, print_table, tally  # noqa: E402
from custlint.document.ticket import Ticket  # noqa: E402
from custlint.document.ticket import to_document as ticket_document
from custlint.sources.git_history import _FORMAT, _parse  # noqa: E402
from custlint.sources.git_history import to_document as commit_document

LABELS = ROOT / "bench" / "real"
DEFAULT_CLONES = ROOT / "bench" / ".work" / "clones"


def load_labels(pattern: str = "*.toml") -> list[dict]:
    """The labelled texts of the label files matching ``pattern`` (globs, comma-separated)."""
    texts = []
    files = sorted({f for glob in pattern.split(",") if glob.strip() for f in LABELS.glob(glob.strip())})
    for f in files:
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        for t in data.get("text", []):
            t["repo"] = data["repo"]
            t["file"] = f.name
            texts.append(t)
    return texts


def find_clone(folder: Path, repo: str) -> Path | None:
    owner, name = repo.split("/")
    for cand in (folder / owner / name, folder / f"{owner}+{name}" / "repo", folder / f"{owner}+{name}",
                 folder / f"{owner}__{name}", folder / f"{name}.git"):
        if (cand / "HEAD").is_file() or (cand / ".git").exists():
            return cand
    return None


def clone(folder: Path, repo: str) -> Path:
    owner, name = repo.split("/")
    dest = folder / owner / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none", f"https://github.com/{repo}", str(dest)],
                   check=True)
    return dest


def _git(clone_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(clone_dir), *args], check=True, capture_output=True).stdout


def title_and_body(text: str) -> tuple[str, str]:
    """A design document's title is its first heading (else its first line); the rest is its body."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[0].strip() == "---":  # front matter: not part of the prose
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        lines = lines[end + 1:]
    for i, line in enumerate(lines):
        if line.strip():
            head = line.strip()
            if head.startswith("#"):
                head = head.lstrip("#").strip()
            return head, "\n".join(lines[i + 1:]).strip("\n")
    return "", ""


def document(t: dict, clone_dir: Path):
    if t.get("path"):
        raw = _git(clone_dir, "show", f"{t['commit']}:{t['path']}").decode("utf-8", "replace")
        title, body = title_and_body(raw)
        doc = ticket_document(Ticket(id=t["id"], title=title, body=body, type=t.get("type", ""),
                                     labels=list(t.get("labels", []))))
        doc.kind = t.get("kind", "ticket")
        doc.path = t["path"]  # as custlint's ticket files source gives it
        return doc
    rec = _git(clone_dir, "log", "-1", "--no-walk", "--encoding=UTF-8", f"--format={_FORMAT}", t["commit"])
    doc = commit_document(_parse(rec.rstrip(b"\n") + b"\n"))
    doc.kind = t.get("kind", "commit")
    if t.get("labels"):
        doc.labels = list(t["labels"])
    if t.get("type") and doc.kind != "commit":
        doc.type = t["type"].lower()
    return doc


_SQUASH = re.compile(r" \(#(\d+)\)\Z")


def as_pr(doc):
    """A squash-merged commit as the pull request it was: its subject without GitHub's ``(#N)`` is the
    PR's title and its body the PR's description (what ``custlint pr`` judges); other commits unchanged."""
    m = _SQUASH.search(doc.title) if doc.kind == "commit" and doc.parents < 2 else None
    if m is None:
        return doc
    from custlint.sources.pr_description import pr_document

    return pr_document(title=doc.title[: m.start()], body=doc.body, subject=f"#{m.group(1)}", author=doc.author,
                       author_is_bot=doc.author_is_bot)


def score(texts: list[dict], clones: Path, *, make_clones: bool = False, prs: bool = False):
    eng = engine()
    stats = {p: [0, 0, 0] for p in LETTERS.values()}
    errors, missing = [], set()
    dirs: dict[str, Path | None] = {}
    for t in texts:
        repo = t["repo"]
        if repo not in dirs:
            dirs[repo] = find_clone(clones, repo) or (clone(clones, repo) if make_clones else None)
        if dirs[repo] is None:
            missing.add(repo)
            continue
        doc = document(t, dirs[repo])
        findings, _why = eng.judge(as_pr(doc) if prs else doc)
        shown = [f for f in findings if f.severity in ("error", "warning") and f.principle in LETTERS.values()]
        tally(stats, errors, t, {f.principle for f in shown}, shown)
    return stats, errors, missing


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clones", type=Path, default=DEFAULT_CLONES, help="folder of local clones (default bench/.work/clones)")
    ap.add_argument("--clone", action="store_true", help="clone missing repositories from GitHub")
    ap.add_argument("--files", default="*.toml", help="glob(s) of label files in bench/real/, comma-separated (default all)")
    ap.add_argument("--show-errors", action="store_true")
    ap.add_argument("--as-pr", action="store_true",
                    help="judge squash-merged commits as the pull requests they were (title without (#N), body)")
    args = ap.parse_args(argv)
    texts = load_labels(args.files)
    stats, errors, missing = score(texts, args.clones, make_clones=args.clone, prs=args.as_pr)
    judged = len(texts) - sum(1 for t in texts if t["repo"] in missing)
    repos = {t["repo"] for t in texts} - missing
    print(f"{judged} labelled real texts from {len(repos)} repositories in bench/real/{args.files}")
    if missing:
        print(f"not found in {args.clones} (skipped; --clone fetches them): {', '.join(sorted(missing))}")
    print_table(stats)
    if args.show_errors:
        for what, p, t, findings in errors:
            where = t.get("path") or t["commit"][:12]
            print(f"\n{what}: {p} in {t['id']} ({t['repo']} {where}); label reason: {t.get('reason', '')}")
            for f in findings:
                print(f"  {f.rule} {f.severity}: {f.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

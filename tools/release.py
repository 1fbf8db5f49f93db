"""make release VERSION=X.Y.Z: bump the version, date the changelog entry, commit, tag vX.Y.Z and
move the major tag vX. Local only: it never pushes; it prints the push command.

The one source of the version is ``__version__`` in src/custlint/__init__.py. The files that pin
custlint's own release (the GitLab templates' CUSTLINT_REF, the component's default ref) are
derived from it here, and tests/test_release.py keeps them equal between releases.

Refuses, in one line and exit 2, before changing anything: a VERSION that is not X.Y.Z, one lower
than the current version, a tag that exists already, a dirty work tree, a detached HEAD, a changelog
with nothing to release.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

VERSION_FILE = "src/custlint/__init__.py"
# files that name the release they belong to: (path, pattern whose group 1 is the version)
PINS = (
    ("ci/gitlab-template.yml", r'CUSTLINT_REF: "v(\d+\.\d+\.\d+)"'),
    ("src/custlint/init_templates/gitlab-ci.yml", r'CUSTLINT_REF: "v(\d+\.\d+\.\d+)"'),
    ("templates/custlint.yml", r'default: "v(\d+\.\d+\.\d+)"  # custlint-ref'),
)
CHANGELOG = "CHANGELOG.md"
URL = "https://github.com/custlint/custlint"
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
_SECTION = re.compile(r"^## \[([^\]]+)\](.*)$", re.M)


class Refused(Exception):
    pass


def git(root: Path, *args: str, check: bool = True) -> str:
    p = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and p.returncode:
        raise Refused(f"git {' '.join(args)} failed: {' '.join(p.stderr.split())}")
    return p.stdout.strip()


def current_version(root: Path) -> str:
    m = re.search(r'^__version__ = "([^"]+)"', (root / VERSION_FILE).read_text(encoding="utf-8"), re.M)
    if not m:
        raise Refused(f"{VERSION_FILE} has no __version__ line")
    return m.group(1)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def changelog_entry(text: str, version: str, today: str) -> tuple[str, str]:
    """The changelog with ``version``'s entry dated ``today`` (what is under Unreleased moved into
    it, an empty Unreleased left above), and that entry's body (for the tag's message)."""
    sections = list(_SECTION.finditer(text))
    names = [m.group(1) for m in sections]
    if "Unreleased" not in names:
        raise Refused(f"{CHANGELOG} has no '## [Unreleased]' section; add one (Keep a Changelog)")

    def body(i: int) -> str:
        end = sections[i + 1].start() if i + 1 < len(sections) else _links_start(text)
        return text[sections[i].end() : end].strip("\n")

    u = names.index("Unreleased")
    unreleased = body(u)
    if version in names:
        v = names.index(version)
        if sections[v].group(2).strip() not in ("- UNRELEASED", ""):
            raise Refused(f"{CHANGELOG} already has a dated entry for {version}; choose the next version")
        merged = _merge(unreleased, body(v))
        start, end = sections[u].start(), (sections[v + 1].start() if v + 1 < len(sections) else _links_start(text))
    else:
        if not unreleased.strip():
            raise Refused(f"{CHANGELOG} has nothing under [Unreleased]; say what {version} changes first")
        merged = unreleased
        start, end = sections[u].start(), (sections[u + 1].start() if u + 1 < len(sections) else _links_start(text))
    entry = f"## [Unreleased]\n\n## [{version}] - {today}\n\n{merged.strip()}\n\n"
    new = text[:start] + entry + text[end:].lstrip("\n")
    return _links(new, version), merged.strip()


def _merge(unreleased: str, existing: str) -> str:
    """Unreleased's items put into the entry's own ``### Kind`` groups (new groups first)."""
    if not unreleased.strip():
        return existing

    def groups(text: str) -> list[tuple[str, str]]:
        parts = re.split(r"^(### .+)$", text, flags=re.M)
        out = [("", parts[0].strip())] if parts[0].strip() else []
        out += [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts), 2)]
        return out

    old = groups(existing)
    new = groups(unreleased)
    heads = [h for h, _ in old]
    merged = {h: b for h, b in old}
    for h, b in new:
        merged[h] = f"{b}\n{merged[h]}" if h in merged else b
        if h not in heads:
            heads.append(h)
    return "\n\n".join(f"{h}\n{merged[h]}" if h else merged[h] for h in heads)


def _links_start(text: str) -> int:
    m = re.search(r"^\[[^\]]+\]: ", text, re.M)
    return m.start() if m else len(text)


def _links(text: str, version: str) -> str:
    head, tail = text[: _links_start(text)].rstrip("\n"), text[_links_start(text) :]
    links = [line for line in tail.splitlines() if line.strip()]
    links = [line for line in links if not line.startswith(("[Unreleased]:", f"[{version}]:"))]
    links = [f"[Unreleased]: {URL}/compare/v{version}...HEAD", f"[{version}]: {URL}/releases/tag/v{version}", *links]
    return head + "\n\n" + "\n".join(links) + "\n"


def release(root: Path, version: str, today: str | None = None) -> list[str]:
    """Do the release in the repository at ``root``; returns what was done, in lines."""
    if not _SEMVER.fullmatch(version or ""):
        raise Refused(f"VERSION={version!r} is not X.Y.Z (e.g. make release VERSION=0.2.0)")
    top = Path(git(root, "rev-parse", "--show-toplevel"))
    if git(top, "status", "--porcelain", "--untracked-files=normal"):
        raise Refused("the work tree has uncommitted changes; commit or stash them, then release")
    branch = git(top, "symbolic-ref", "--short", "-q", "HEAD", check=False)
    if not branch:
        raise Refused("HEAD is detached; check out the branch to release from")
    tag, major = f"v{version}", f"v{version.split('.')[0]}"
    if git(top, "tag", "--list", tag):
        raise Refused(f"the tag {tag} exists already; choose the next version")
    current = current_version(top)
    if _key(version) < _key(current):
        raise Refused(f"VERSION={version} is lower than the current version {current}")
    today = today or dt.datetime.now(dt.timezone.utc).date().isoformat()
    log, notes = changelog_entry((top / CHANGELOG).read_text(encoding="utf-8"), version, today)

    changed = [VERSION_FILE, CHANGELOG]
    vf = top / VERSION_FILE
    vf.write_text(
        re.sub(
            r'^__version__ = "[^"]+"', f'__version__ = "{version}"', vf.read_text(encoding="utf-8"), count=1, flags=re.M
        ),
        encoding="utf-8",
    )
    for rel, pattern in PINS:
        path = top / rel
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        new, n = re.subn(pattern, lambda m: m.group(0).replace(m.group(1), version), text)
        if n == 0:
            raise Refused(f"{rel} no longer holds its release pin ({pattern}); update tools/release.py")
        path.write_text(new, encoding="utf-8")
        changed.append(rel)
    (top / CHANGELOG).write_text(log, encoding="utf-8")
    git(top, "add", "--", *changed)
    refs = sorted(set(re.findall(r"\(#(\d+)\)", notes)), key=int)
    message = f"Release {version}\n\n{notes}\n"
    if refs:  # custlint's own policy: a commit references the issues holding its customer problem
        message += "\nRefs " + ", ".join(f"#{r}" for r in refs) + "\n"
    p = subprocess.run(
        ["git", "commit", "-q", "--cleanup=verbatim", "-F", "-"], cwd=top, input=message, capture_output=True, text=True
    )
    if p.returncode:
        git(top, "reset", "-q", "--hard", "HEAD")  # nothing half-done stays behind
        raise Refused(f"git commit refused the release commit ({' '.join(p.stderr.split())[:300]}); nothing was tagged")
    git(top, "tag", "-a", tag, "-m", f"custlint {version}\n\n{notes}\n")
    git(top, "tag", "-f", "-a", major, "-m", f"custlint {major}: moves to the newest {major}.x release ({version})")
    sha = git(top, "rev-parse", "HEAD")
    return [
        f"released custlint {version} on {branch} at {sha[:12]}: tagged {tag}, moved {major}",
        f"publish: git push origin {branch} {tag} && git push --force origin {major}",
    ]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("release: usage: make release VERSION=X.Y.Z\n")
        return 2
    try:
        lines = release(Path.cwd(), argv[0].strip())
    except Refused as exc:
        sys.stderr.write(f"release: error: {exc}\n")
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

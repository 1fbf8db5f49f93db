"""``custlint audit --by team``: the owners of each file a commit touches, from CODEOWNERS.

The file is read at the audited range's tip, from the first of ``.github/CODEOWNERS``,
``CODEOWNERS``, ``docs/CODEOWNERS`` and ``.gitlab/CODEOWNERS`` that exists (GitHub looks in the
first three, GitLab in the last three). Each line is a pattern and its owners (``@user``,
``@org/team``, ``@group/subgroup``, an e-mail address); ``#`` starts a comment, ``\\#`` and
``\\ `` escape. As on both forges, the **last** matching line wins; a matching line with no owners
leaves the file unowned.

Patterns follow ``.gitignore`` as the forges read them: ``/`` at the start, or inside the pattern,
anchors it at the top; a pattern without one matches at any depth; ``dir/`` matches everything
below a directory of that name; ``*`` stays within a folder and ``**`` crosses folders; a pattern
naming a folder (``/docs``) owns everything below it, but ``docs/*`` only the files directly in
it (GitHub's documented reading).

GitLab sections: ``[Section]``, ``^[Optional section]``, ``[Section][2]`` (approvals) and default
owners after the header (``[Docs] @docs-team``: lines of the section without owners take them).
Within a section the last match wins; a file's owners are the union over the sections (every
section's owners must approve), which is how GitLab reads them. ``!pattern`` in a section (GitLab's
exclusion) leaves matching files without owners there.

A commit counts once for every team that owns one of its files; files no line owns count for
``(no owner)``.
"""

from __future__ import annotations

import re

FILES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
NO_OWNER = "(no owner)"
_SECTION = re.compile(r"^\^?\[(?P<name>[^\]]+)\](?:\[\d+\])?(?P<owners>(?:\s+\S+)*)\s*$")
_MEMO_MAX = 200_000


def _translate(pat: str) -> re.Pattern:
    anchored = pat.startswith("/") or "/" in pat.strip("/")
    dir_only = pat.endswith("/")
    body = pat.strip("/")
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if body.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = body.find("]", i + 1)
            if j > i + 1:
                cls = body[i + 1 : j].replace("\\", "\\\\")
                out.append("[" + ("^" + cls[1:] if cls[0] == "!" else cls) + "]")
                i = j + 1
                continue
            out.append(re.escape(c))
        else:
            out.append(re.escape(c))
        i += 1
    last = body.rsplit("/", 1)[-1]
    if dir_only:
        tail = "/.*"
    elif "*" in last and not last.endswith("**"):
        tail = ""  # docs/* owns the files in docs, not those in its folders
    else:
        tail = "(?:/.*)?"  # a name owns the folder of that name and everything below it
    return re.compile(("" if anchored else "(?:.*/)?") + "".join(out) + tail + r"\Z", re.DOTALL)


def _split(line: str) -> list[str]:
    """A line's words, ``\\ `` kept as a space inside a word."""
    words, cur, i = [], "", 0
    while i < len(line):
        c = line[i]
        if c == "\\" and i + 1 < len(line):
            cur += line[i + 1]
            i += 2
            continue
        if c.isspace():
            if cur:
                words.append(cur)
            cur = ""
        elif c == "#" and not cur:
            break  # a comment to the end of the line
        else:
            cur += c
        i += 1
    if cur:
        words.append(cur)
    return words


class Owners:
    """The rules of one CODEOWNERS file, asked for the teams of a commit's files."""

    def __init__(self, text: str, source: str = "CODEOWNERS") -> None:
        self.source = source
        # sections, each a list of (pattern, owners or None for an exclusion), in file order
        self.sections: list[list[tuple[re.Pattern, tuple[str, ...] | None]]] = [[]]
        self.rules = 0
        self._memo: dict[bytes, tuple[str, ...]] = {}
        default: tuple[str, ...] = ()
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            m = _SECTION.match(line)
            if m and not line.startswith("\\["):
                self.sections.append([])
                default = tuple(m.group("owners").split())
                continue
            words = _split(line)
            if not words:
                continue
            pat, owners = words[0], tuple(words[1:]) or default
            exclude = pat.startswith("!")
            try:
                rx = _translate(pat[1:] if exclude else pat)
            except re.error:
                continue
            self.sections[-1].append((rx, None if exclude else owners))
            self.rules += 1

    def of(self, path: str) -> tuple[str, ...]:
        """The owners of one file (empty: nobody)."""
        got: list[str] = []
        for rules in self.sections:
            for rx, owners in reversed(rules):
                if rx.match(path):
                    for o in owners or ():
                        if o not in got:
                            got.append(o)
                    break
        return tuple(got)

    def teams(self, files: list[bytes]) -> tuple[str, ...]:
        """The teams of a commit's files (names as git lists them), :data:`NO_OWNER` for unowned ones."""
        memo = self._memo
        out: set[str] = set()
        for f in files:
            t = memo.get(f)
            if t is None:
                if len(memo) > _MEMO_MAX:
                    memo.clear()
                t = memo[f] = self.of(f.decode("utf-8", "replace")) or (NO_OWNER,)
            out.update(t)
        return tuple(sorted(out))


def read(repo, rev: str) -> Owners | None:
    """The CODEOWNERS file at ``rev`` (the first of :data:`FILES` there), or None."""
    from custlint.sources import git

    for path in FILES:
        try:
            text = git.run(repo, "cat-file", "blob", f"{rev}:{path}", errors="replace")
        except git.GitFailed:
            continue
        return Owners(text, path)
    return None

"""The commit-msg hook in every state git runs it in: merges (MERGE_HEAD), pulls, reverts,
cherry-picks, amends and rebase rewords, through a REAL `pre-commit install --hook-type
commit-msg` of this checkout and real git commands; and git's merge subjects as a policy."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BAD, GOOD, GitRepo, clean_env, custlint
from custlint.analysis.exemptions import is_merge_subject
from test_precommit import _snapshot_of_this_repo

GOOD2 = """Let shoppers pick a delivery slot

Customer-Problem: shoppers miss deliveries because they cannot choose when the parcel comes
KPI: missed deliveries fall from 9% to 5% of orders within 8 weeks
"""
MERGE_REASON = "merge commit (in progress)"


# -- a real pre-commit install --------------------------------------------------------------------

@pytest.fixture(scope="module")
def hook_source(tmp_path_factory):
    """This checkout as a pre-commit hook repository, and one pre-commit cache for the module
    (pre-commit builds the hook's environment once, on the first commit)."""
    base = tmp_path_factory.mktemp("hookstates")
    rev = _snapshot_of_this_repo(base / "custlint")
    config = (f"repos:\n  - repo: {base / 'custlint'}\n    rev: {rev}\n    hooks:\n"
              "      - id: custlint-commit-msg\n        verbose: true\n")  # the hook's output also when it passes
    env = clean_env(PRE_COMMIT_HOME=str(base / "cache"), GIT_EDITOR="true", GIT_MERGE_AUTOEDIT="no")
    return config, env


class Hooked:
    """A git repository with custlint's commit-msg hook installed by pre-commit."""

    def __init__(self, path: Path, config: str, env: dict[str, str], *, clone_of: Path | None = None) -> None:
        self.path = path
        self.env = env
        if clone_of is None:
            GitRepo(path)
        else:
            subprocess.run(["git", "clone", "-q", str(clone_of), str(path)], env=env, check=True, capture_output=True)
            self.git("config", "commit.gpgsign", "false")
        (path / ".pre-commit-config.yaml").write_text(config)
        p = subprocess.run([sys.executable, "-m", "pre_commit", "install", "--hook-type", "commit-msg"], cwd=path,
                           env=env, capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr
        self.tick = 0

    def run(self, *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess:
        """``git ARGS`` as a user types it: hooks run, nothing raised."""
        return subprocess.run(["git", *args], cwd=cwd or self.path, env={**self.env, **extra}, capture_output=True,
                              text=True, timeout=600, stdin=subprocess.DEVNULL)

    def git(self, *args: str, cwd: Path | None = None, **extra: str) -> str:
        p = self.run(*args, cwd=cwd, **extra)
        assert p.returncode == 0, f"git {' '.join(args)}: {p.stdout}{p.stderr}"
        return p.stdout.strip()

    def change(self, message: str, file: str | None = None, content: str | None = None, *, verify: bool = False,
               cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Commit a change to ``file``; through the hook when ``verify``, else set-up (``--no-verify``)."""
        self.tick += 1
        where = cwd or self.path
        name = file or f"file{self.tick}.txt"
        (where / name).write_text(content if content is not None else f"change {self.tick}\n")
        self.git("add", name, cwd=where)
        args = ["commit", "-q", "-F", "-"] + ([] if verify else ["--no-verify"])
        p = subprocess.run(["git", *args], cwd=where, env=self.env, input=message, capture_output=True, text=True,
                           timeout=600)
        if not verify:
            assert p.returncode == 0, p.stdout + p.stderr
        return p

    def head(self, fmt: str = "%s", rev: str = "HEAD", cwd: Path | None = None) -> str:
        return self.git("log", "-1", f"--format={fmt}", rev, cwd=cwd)

    def parents(self, rev: str = "HEAD", cwd: Path | None = None) -> int:
        return len(self.head("%P", rev, cwd).split())

    def git_dir(self, cwd: Path | None = None) -> Path:
        return Path(self.git("rev-parse", "--absolute-git-dir", cwd=cwd))


def _out(p: subprocess.CompletedProcess) -> str:
    return p.stdout + p.stderr


@pytest.fixture
def hooked(hook_source, tmp_path) -> Hooked:
    config, env = hook_source
    repo = Hooked(tmp_path / "work", config, env)
    repo.change("Add the pre-commit config\n", ".pre-commit-config.yaml", config)
    return repo


def _script(path: Path, body: str) -> str:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


# -- merges ------------------------------------------------------------------------------------

@pytest.mark.slow  # a real pre-commit install
def test_the_hook_gates_ordinary_commits(hooked):
    bad = hooked.change(BAD, verify=True)
    assert bad.returncode != 0 and "CP101" in _out(bad) and "KP201" in _out(bad)
    assert hooked.head() == "Add the pre-commit config"
    good = hooked.change(GOOD, verify=True)
    assert good.returncode == 0, _out(good)
    assert hooked.head() == "Show delivery windows at checkout"


@pytest.mark.slow  # a real pre-commit install
def test_merge_no_ff_is_exempt(hooked):
    hooked.git("checkout", "-q", "-b", "feature")
    hooked.change(GOOD)
    hooked.git("checkout", "-q", "main")
    hooked.change(GOOD2)
    p = hooked.run("merge", "--no-ff", "feature")
    assert p.returncode == 0, _out(p)
    assert hooked.parents() == 2 and hooked.head() == "Merge branch 'feature'"
    assert MERGE_REASON in _out(p)  # the hook ran, and said why it let the merge through
    assert not (hooked.git_dir() / "MERGE_HEAD").exists()


@pytest.mark.slow  # a real pre-commit install
def test_a_merge_with_a_message_of_ones_own_is_a_merge_too(hooked):
    # MERGE_HEAD decides, not the subject: a merge's message may say anything
    hooked.git("checkout", "-q", "-b", "feature")
    hooked.change(GOOD)
    hooked.git("checkout", "-q", "main")
    hooked.change(GOOD2)
    p = hooked.run("merge", "--no-ff", "feature", "-m", "Bring the delivery window work in")
    assert p.returncode == 0, _out(p)
    assert hooked.parents() == 2 and hooked.head() == "Bring the delivery window work in"
    assert MERGE_REASON in _out(p)


@pytest.mark.slow  # a real pre-commit install
def test_conflicted_merge_finished_with_commit_no_edit(hooked):
    hooked.git("checkout", "-q", "-b", "feature")
    hooked.change(GOOD, "app.txt", "feature\n")
    hooked.git("checkout", "-q", "main")
    hooked.change(GOOD2, "app.txt", "main\n")
    conflict = hooked.run("merge", "feature")
    assert conflict.returncode != 0 and "CONFLICT" in _out(conflict)
    msg = (hooked.git_dir() / "MERGE_MSG").read_text()
    assert msg.startswith("Merge branch 'feature'") and "# Conflicts:" in msg  # what the hook will be handed
    (hooked.path / "app.txt").write_text("both\n")
    hooked.git("add", "app.txt")
    p = hooked.run("commit", "--no-edit")
    assert p.returncode == 0, _out(p)
    assert hooked.parents() == 2 and hooked.head() == "Merge branch 'feature'"
    assert "# Conflicts:" in hooked.head("%B")  # --no-edit: git strips nothing, the block is committed
    assert MERGE_REASON in _out(p)


@pytest.mark.slow  # a real pre-commit install
def test_pull_no_rebase_from_a_second_clone(hook_source, tmp_path):
    config, env = hook_source
    upstream = tmp_path / "upstream.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(upstream)], env=env, check=True)
    first = Hooked(tmp_path / "first", config, env, clone_of=upstream)
    first.change("Add the pre-commit config\n", ".pre-commit-config.yaml", config)
    first.git("push", "-q", "origin", "main")
    second = Hooked(tmp_path / "second", config, env, clone_of=upstream)
    assert second.change(GOOD, "a.txt", verify=True).returncode == 0
    assert first.change(GOOD2, "b.txt", verify=True).returncode == 0
    first.git("push", "-q", "origin", "main")
    p = second.run("pull", "--no-rebase")
    assert p.returncode == 0, _out(p)
    assert second.parents() == 2 and second.head() == f"Merge branch 'main' of {tmp_path / 'upstream'}"
    assert MERGE_REASON in _out(p)


@pytest.mark.slow  # a real pre-commit install
def test_merge_in_a_linked_worktree(hooked, tmp_path):
    # a worktree's message file is .git/worktrees/<name>/MERGE_MSG, next to its own MERGE_HEAD
    hooked.change(GOOD)
    side = tmp_path / "side"
    hooked.git("worktree", "add", "-q", "-b", "side", str(side), "HEAD~1")
    hooked.change(GOOD2, cwd=side)
    p = hooked.run("merge", "--no-ff", "main", cwd=side)
    assert p.returncode == 0, _out(p)
    assert hooked.parents(cwd=side) == 2 and hooked.head(cwd=side) == "Merge branch 'main' into side"
    assert MERGE_REASON in _out(p)


@pytest.mark.slow  # a real pre-commit install
def test_a_title_that_only_starts_with_merge_is_judged_by_the_hook(hooked):
    # no merge in progress and not a merge subject git writes: an ordinary commit
    p = hooked.change("Merge the duplicate accounts on sign-up\n", verify=True)
    assert p.returncode != 0 and "KP201" in _out(p)
    assert hooked.head() == "Add the pre-commit config"


# -- reverts and cherry-picks ---------------------------------------------------------------------

@pytest.mark.slow  # a real pre-commit install
def test_revert_no_edit(hooked):
    hooked.change(GOOD, "a.txt")
    p = hooked.run("revert", "--no-edit", "HEAD")
    assert p.returncode == 0, _out(p)
    assert hooked.head() == 'Revert "Show delivery windows at checkout"' and hooked.parents() == 1


@pytest.mark.slow  # a real pre-commit install
def test_conflicted_revert_is_a_revert_by_its_subject(hooked):
    hooked.change(GOOD, "app.txt", "one\n")
    hooked.change(GOOD2, "app.txt", "two\n")
    conflict = hooked.run("revert", "--no-edit", "HEAD~1")
    assert conflict.returncode != 0 and (hooked.git_dir() / "REVERT_HEAD").exists()
    (hooked.path / "app.txt").write_text("resolved\n")
    hooked.git("add", "app.txt")
    p = hooked.run("revert", "--continue")  # git commits through the hook now (GIT_EDITOR=true keeps the message)
    assert p.returncode == 0, _out(p)
    assert hooked.head() == 'Revert "Show delivery windows at checkout"'
    assert "(revert)" in _out(p)


def _cherry_setup(hooked: Hooked, message: str, *, conflict: bool) -> str:
    hooked.change(GOOD, "app.txt", "base\n")
    hooked.git("checkout", "-q", "-b", "feature")
    sha_file = "app.txt" if conflict else "feature.txt"
    hooked.change(message, sha_file, "feature\n")
    sha = hooked.head("%H")
    hooked.git("checkout", "-q", "main")
    hooked.change(GOOD2, "app.txt" if conflict else "main.txt", "main\n")
    return sha


@pytest.mark.slow  # a real pre-commit install
def test_cherry_pick_e_with_the_editor_keeping_the_message(hooked):
    sha = _cherry_setup(hooked, GOOD, conflict=False)
    p = hooked.run("cherry-pick", "-e", sha)
    assert p.returncode == 0, _out(p)
    assert hooked.head() == "Show delivery windows at checkout" and hooked.head("%H") != sha


@pytest.mark.slow  # a real pre-commit install
def test_cherry_pick_e_runs_no_commit_msg_hook(hooked, tmp_path):
    # git's sequencer commits a cherry-pick (and a revert) with --no-verify unless it stops for a
    # conflict: what the editor writes is never handed to the hook. CI's `custlint commits` is the gate.
    sha = _cherry_setup(hooked, GOOD, conflict=False)
    (tmp_path / "bad.txt").write_text(BAD)
    editor = _script(tmp_path / "editor.sh", f'cp "{tmp_path / "bad.txt"}" "$1"\n')
    p = hooked.run("cherry-pick", "-e", sha, GIT_EDITOR=editor)
    assert p.returncode == 0, _out(p)
    assert hooked.head() == "Add the delivery window component"
    assert "custlint" not in _out(p)


@pytest.mark.slow  # a real pre-commit install
@pytest.mark.parametrize("finish", [("commit", "--no-edit"), ("cherry-pick", "--continue")])
def test_conflicted_cherry_pick_x_is_judged_like_any_commit(hooked, finish):
    # the message the hook reads ends with git's "(cherry picked from commit ...)" line and a
    # commented "# Conflicts:" block: neither hides the trailers or adds anything
    sha = _cherry_setup(hooked, GOOD, conflict=True)
    conflict = hooked.run("cherry-pick", "-x", sha)
    assert conflict.returncode != 0 and (hooked.git_dir() / "CHERRY_PICK_HEAD").exists()
    msg = (hooked.git_dir() / "MERGE_MSG").read_text()
    assert f"(cherry picked from commit {sha})" in msg and "# Conflicts:" in msg
    (hooked.path / "app.txt").write_text("resolved\n")
    hooked.git("add", "app.txt")
    p = hooked.run(*finish)
    assert p.returncode == 0, _out(p)
    assert hooked.head() == "Show delivery windows at checkout" and hooked.parents() == 1
    assert f"(cherry picked from commit {sha})" in hooked.head("%B")
    assert "All clear: 1 commit message checked." in _out(p)
    # CI reads the commit as the hook read its message, "# Conflicts:" block committed or not
    r = custlint("commits", "HEAD~1..HEAD", "--format", "json", cwd=hooked.path, env=hooked.env)
    assert r.code == 0 and r.json()["summary"]["checked"] == 1, r.out + r.err


@pytest.mark.slow  # a real pre-commit install
def test_a_skip_trailer_survives_the_conflicts_block_in_history(hooked):
    # `git commit --no-edit` commits the "# Conflicts:" block after the trailers; git's own trailer
    # parsing ignores it, and so does custlint's, at the hook and in history alike
    skip = "Hot-fix the payment timeout\n\nCustlint-Skip: outage fix, the ticket follows\n"
    sha = _cherry_setup(hooked, skip, conflict=True)
    assert hooked.run("cherry-pick", "-x", sha).returncode != 0
    (hooked.path / "app.txt").write_text("resolved\n")
    hooked.git("add", "app.txt")
    p = hooked.run("commit", "--no-edit")
    assert p.returncode == 0 and "Custlint-Skip: outage fix, the ticket follows" in _out(p), _out(p)
    assert "# Conflicts:" in hooked.head("%B")
    r = custlint("commits", "HEAD~1..HEAD", "--format", "json", cwd=hooked.path, env=hooked.env)
    assert r.code == 0 and [e["reason"] for e in r.json()["exempt"]] == ["Custlint-Skip: outage fix, the ticket follows"]


@pytest.mark.slow  # a real pre-commit install
def test_conflicted_cherry_pick_of_a_bad_message_is_refused(hooked):
    sha = _cherry_setup(hooked, BAD, conflict=True)
    assert hooked.run("cherry-pick", "-x", sha).returncode != 0
    before = hooked.head("%H")
    (hooked.path / "app.txt").write_text("resolved\n")
    hooked.git("add", "app.txt")
    p = hooked.run("commit", "--no-edit")
    assert p.returncode != 0 and "CP101" in _out(p) and "KP201" in _out(p)
    assert hooked.head("%H") == before and (hooked.git_dir() / "CHERRY_PICK_HEAD").exists()


# -- amend and rebase -i --------------------------------------------------------------------------

@pytest.mark.slow  # a real pre-commit install
def test_amend_with_a_bad_then_a_good_message(hooked):
    hooked.change(GOOD)
    before, parent = hooked.head("%H"), hooked.head("%P")
    bad = hooked.run("commit", "--amend", "-m", BAD)
    assert bad.returncode != 0 and "CP101" in _out(bad)
    assert hooked.head("%H") == before  # nothing amended
    good = hooked.run("commit", "--amend", "-m", GOOD2)
    assert good.returncode == 0, _out(good)
    assert hooked.head() == "Let shoppers pick a delivery slot" and hooked.head("%P") == parent


def _reword(hooked: Hooked, tmp_path: Path, message: str) -> subprocess.CompletedProcess:
    (tmp_path / "new.txt").write_text(message)
    seq = _script(tmp_path / "seq.sh", 'sed -i "1s/^pick/reword/" "$1"\n')
    # like an editor: the new message above the comment lines git wrote
    editor = _script(tmp_path / "editor.sh", f'{{ cat "{tmp_path / "new.txt"}"; grep "^#" "$1"; }} > "$1.new" && mv "$1.new" "$1"\n')
    return hooked.run("rebase", "-i", "HEAD~2", GIT_SEQUENCE_EDITOR=seq, GIT_EDITOR=editor)


@pytest.mark.slow  # a real pre-commit install
def test_rebase_reword_to_a_bad_message_stops_the_rebase(hooked, tmp_path):
    hooked.change(GOOD)
    hooked.change(GOOD2)
    before = hooked.head("%H")
    p = _reword(hooked, tmp_path, BAD)
    assert p.returncode != 0 and "CP101" in _out(p)
    assert (hooked.git_dir() / "rebase-merge").is_dir()  # git stopped at the reword
    hooked.git("rebase", "--abort")
    assert hooked.head("%H") == before and hooked.head("%s", "HEAD~1") == "Show delivery windows at checkout"


@pytest.mark.slow  # a real pre-commit install
def test_rebase_reword_to_a_good_message(hooked, tmp_path):
    hooked.change(BAD)  # a commit that slipped through (--no-verify), reworded
    hooked.change(GOOD2)
    p = _reword(hooked, tmp_path, GOOD)
    assert p.returncode == 0, _out(p)
    assert hooked.head("%s", "HEAD~1") == "Show delivery windows at checkout"
    assert hooked.head() == "Let shoppers pick a delivery slot"
    assert "All clear: 1 commit message checked." in _out(p)


@pytest.mark.slow  # a real pre-commit install
def test_the_message_of_a_rebase_squash_reads_as_its_first_commit(hooked, tmp_path):
    # git (2.39) runs no commit-msg hook for a squash, but a hook it hands this file to must read
    # it: the "# This is a combination of 2 commits." comments, and both messages
    hooked.change(GOOD)
    hooked.change("Tweak the copy of the delivery window\n\nRefs #12\n")
    seq = _script(tmp_path / "seq.sh", 'sed -i "2s/^pick/squash/" "$1"\n')
    keep = tmp_path / "squash-msg"
    editor = _script(tmp_path / "editor.sh", f'cp "$1" "{keep}"\n')
    assert hooked.run("rebase", "-i", "HEAD~2", GIT_SEQUENCE_EDITOR=seq, GIT_EDITOR=editor).returncode == 0
    text = keep.read_text()
    assert text.startswith("# This is a combination of 2 commits.")
    msg = hooked.git_dir() / "COMMIT_EDITMSG"
    msg.write_text(text)
    r = custlint("commit-msg", str(msg), "--format", "json", cwd=hooked.path, env=hooked.env)
    assert r.code == 0, r.out + r.err
    assert r.json()["summary"]["checked"] == 1 and r.json()["findings"] == []


# -- finding the git dir, cheaply -----------------------------------------------------------------

def _fake_git(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose `git` records that it was started (then runs the real one)."""
    import shutil

    real = shutil.which("git")
    marker = tmp_path / "git-was-run"
    bindir = tmp_path / "bin"
    bindir.mkdir()
    _script(bindir / "git", f'echo "$@" >> "{marker}"\nexec "{real}" "$@"\n')
    return clean_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"), marker


def test_the_hook_starts_no_git_when_the_message_file_is_in_the_git_dir(repo, tmp_path):
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(GOOD2)
    repo.git("checkout", "-q", "main")
    repo.commit(GOOD)
    env, marker = _fake_git(tmp_path)
    msg = repo.path / ".git" / "COMMIT_EDITMSG"
    msg.write_text(BAD)
    r = custlint("commit-msg", ".git/COMMIT_EDITMSG", cwd=repo.path, env=env)
    assert r.code == 1 and "CP101" in r.out
    # a merge git was told not to commit yet: MERGE_HEAD in the git dir, as while the hook runs
    r = subprocess.run(["git", "merge", "--no-commit", "--no-ff", "feature"], cwd=repo.path, env=clean_env(),
                       capture_output=True, text=True)
    assert (repo.path / ".git" / "MERGE_HEAD").exists(), r.stdout + r.stderr
    msg.write_text(BAD)
    r = custlint("commit-msg", ".git/COMMIT_EDITMSG", "--format", "json", cwd=repo.path, env=env)
    assert r.code == 0 and [e["reason"] for e in r.json()["exempt"]] == [MERGE_REASON]
    assert not marker.exists()  # neither run started git


def test_git_dir_from_the_environment_then_from_git(repo, tmp_path):
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(GOOD2)
    repo.git("checkout", "-q", "main")
    repo.git("merge", "--no-commit", "--no-ff", "feature")
    assert (repo.path / ".git" / "MERGE_HEAD").exists()
    outside = tmp_path / "draft.txt"  # a message file outside any git dir
    outside.write_text(BAD)
    env, marker = _fake_git(tmp_path)
    r = custlint("commit-msg", str(outside), "--format", "json", cwd=tmp_path,
                 env={**env, "GIT_DIR": str(repo.path / ".git")})
    assert r.code == 0 and [e["reason"] for e in r.json()["exempt"]] == [MERGE_REASON]
    assert not marker.exists()  # $GIT_DIR: no git started
    r = custlint("commit-msg", str(outside), "--format", "json", cwd=repo.path, env=env)
    assert r.code == 0 and [e["reason"] for e in r.json()["exempt"]] == [MERGE_REASON]
    assert "rev-parse" in marker.read_text()  # neither: git says where the repository is
    r = custlint("commit-msg", str(outside), cwd=tmp_path, env=clean_env())  # no repository at all
    assert r.code == 1 and "CP101" in r.out


def test_a_folder_with_a_file_named_head_is_not_a_git_dir(repo, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "HEAD").write_text("ref: refs/heads/main\n")
    (folder / "MERGE_HEAD").write_text("0" * 40 + "\n")
    (folder / "msg").write_text(BAD)
    r = custlint("commit-msg", str(folder / "msg"), cwd=tmp_path, env=clean_env())
    assert r.code == 1 and "CP101" in r.out


# -- git's merge subjects, in every command ------------------------------------------------------

@pytest.mark.parametrize("title", [
    "Merge branch 'feature'",
    "Merge branch 'feature' into develop",
    "Merge branch 'main' of github.com:shop/checkout",
    "Merge branch 'main' of https://github.com/shop/checkout into release/2.4",
    "Merge branches 'a' and 'b'",
    "Merge branches 'a', 'b' and 'c' into main",
    "Merge remote-tracking branch 'origin/main'",
    "Merge remote-tracking branch 'origin/main' into feature/x",
    "Merge remote-tracking branches 'origin/a' and 'origin/b'",
    "Merge tag 'v2.4.0'",
    "Merge tag 'v2.4.0' of https://github.com/shop/checkout",
    "Merge tags 'v1' and 'v2'",
    "Merge commit 'abc1234'",
    "Merge commit 'abc1234' into main",
    "Merge HEAD, branch 'x' of ../upstream",
    "Merge branch 'a'; commit 'abc1234' of ../other",
    "Merge https://github.com/shop/checkout",
    "Merge pull request #123 from shop/feature/delivery-windows",
    "Merge branch 'feature/delivery' into 'main'",  # GitLab
])
def test_merge_subjects_git_github_and_gitlab_write(title):
    assert is_merge_subject(title)


@pytest.mark.parametrize("title", [
    "Merge duplicate accounts on sign-up",
    "Merge the two address forms into one",
    "Merge branch feature",  # git quotes the names
    "Merge branches 'a'",  # branches: two or more
    "Merge branch 'a' and 'b'",
    "Merge branch 'x' and fix the tests",
    "Merge branch 'x' into main, then fix the tests",
    "Merge pull request from shop/feature",
    "Merge pull request #12",
    "Merge: x",
    "Merge",
    "merge branch 'x'",
    "Merged branch 'x'",
    "Merge /api/v2 endpoints",
])
def test_titles_that_only_start_with_merge(title):
    assert not is_merge_subject(title)


@pytest.mark.parametrize(("raw", "strip"), [
    ("T\n\nKPI: x\n(cherry picked from commit abc)\n\n# Conflicts:\n#\tapp.txt\n#\tSHOP-123.md\n", False),  # history
    ("T\n\nKPI: x\n\nConflicts:\n\tapp.txt\n", True),  # git before 2.0, at the hook
    ("T\n\nKPI: x\n\nConflicts:\n\tapp.txt\n", False),
])
def test_the_conflicts_block_git_writes_is_not_read(raw, strip):
    from custlint.document.message import commit_document

    doc = commit_document(raw, "x", strip_comments=strip)
    assert [(t.key, t.value) for t in doc.trailers] == [("KPI", "x")]
    assert "Conflicts" not in doc.body and "SHOP-123" not in doc.body


@pytest.mark.parametrize(("raw", "title", "body"), [
    ("T\n\nThe body says Conflicts:\n", "T", "The body says Conflicts:"),
    ("T\n\nConflicts:\n", "T", "Conflicts:"),  # no paths listed: not git's block
    ("Conflicts:\n\tapp.txt\n", "Conflicts:", "\tapp.txt"),  # never the title
    ("T\n\nFixes #12\n\n#123\n", "T", "Fixes #12\n\n#123"),
])
def test_text_that_is_not_git_conflicts_block_stays(raw, title, body):
    from custlint.document.message import commit_document

    doc = commit_document(raw, "x", strip_comments=False)
    assert (doc.title, doc.body) == (title, body)


def test_merge_subject_is_linear_on_hostile_titles():
    import time

    start = time.perf_counter()
    for title in ("Merge branches " + "'a', " * 50_000 + "'b'", "Merge branch 'x' of " + "a" * 500_000 + " b",
                  "Merge branch 'x'; " * 50_000, "Merge tag 'a', " * 50_000):
        assert not is_merge_subject(title)
    assert time.perf_counter() - start < 2


def test_a_merge_at_the_edge_of_a_shallow_clone_is_still_a_merge(repo, tmp_path):
    # git shows the cut-off commit of a shallow clone with no parents: its subject tells the merge
    repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(GOOD2)
    repo.git("checkout", "-q", "main")
    repo.commit(GOOD)
    repo.git("merge", "-q", "--no-ff", "--no-edit", "feature")
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)], env=clean_env(), check=True)
    assert subprocess.run(["git", "log", "-1", "--format=%P"], cwd=shallow, env=clean_env(), capture_output=True,
                          text=True, check=True).stdout.strip() == ""
    r = custlint("commits", "HEAD", "--format", "json", cwd=shallow)
    assert r.code == 0 and [e["reason"] for e in r.json()["exempt"]] == ["merge commit (git's merge subject)"], r.out + r.err


def test_commits_and_audit_treat_a_merge_subject_as_a_merge(repo):
    # a merge whose parents are not seen (here: a single-parent commit carrying git's subject, as a
    # shallow clone's edge or a grafted history shows one) is exempt; "Merge duplicate ..." is judged
    repo.commit(GOOD)
    repo.commit("Merge branch 'release/2.4' into main\n")
    repo.commit("Merge pull request #41 from shop/delivery-windows\n\nDelivery windows\n")
    feature = repo.commit("Merge duplicate accounts on sign-up\n")
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    doc = r.json()
    reasons = {e["title"]: e["reason"] for e in doc["exempt"]}
    assert reasons == {"Merge branch 'release/2.4' into main": "merge commit (git's merge subject)",
                       "Merge pull request #41 from shop/delivery-windows": "merge commit (git's merge subject)"}
    assert {f["subject"] for f in doc["findings"]} == {feature}
    assert r.code == 1
    a = custlint("audit", "--format", "json", cwd=repo.path)
    assert a.code in (0, 1), a.err
    summary = a.json()
    assert summary["commits"] == 4 and summary["exempt"] == 2 and summary["checked"] == 2, a.out

"""`custlint commits` on real repositories made in a temp dir."""

from __future__ import annotations

import os
import stat

from conftest import BAD, GOOD, GitRepo, clean_env, custlint


def findings_by_subject(run):
    out: dict[str, set[str]] = {}
    for f in run.json()["findings"]:
        out.setdefault(f["subject"], set()).add(f["rule"])
    return out


def test_default_range_is_since_merge_base(repo: GitRepo):
    repo.commit(BAD)  # on main: not part of the branch's range
    repo.git("checkout", "-q", "-b", "feature")
    good = repo.commit(GOOD)
    bad = repo.commit(BAD)
    r = custlint("commits", "--format", "json", cwd=repo.path)
    assert r.code == 1
    assert findings_by_subject(r) == {bad: {"CP101", "KP201"}}
    assert r.json()["summary"]["checked"] == 2
    assert any("merge-base" in n for n in r.json()["notes"])
    assert good not in findings_by_subject(r)


def test_explicit_range_and_exemptions(repo: GitRepo):
    base = repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "side")
    repo.commit(GOOD)
    repo.git("checkout", "-q", "main")
    repo.commit("docs: readme\n")
    repo.commit(BAD, author="dependabot[bot]", email="49699333+dependabot[bot]@users.noreply.github.com")
    repo.git("merge", "-q", "--no-ff", "side", "-m", "Merge branch 'side'")
    repo.commit('Revert "Something"\n\nThis reverts commit abc.\n')
    r = custlint("commits", f"{base}..HEAD", "--format", "json", cwd=repo.path)
    assert r.code == 0, r.out
    reasons = sorted(e["reason"] for e in r.json()["exempt"])
    assert reasons == ["bot author dependabot[bot]", "merge commit", "revert", "type 'docs'"]
    assert r.json()["summary"]["checked"] == 1


def test_whole_history_with_HEAD(repo: GitRepo):
    repo.commit(GOOD)
    repo.commit(BAD)
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert r.json()["summary"]["checked"] == 2 and r.code == 1


def test_text_output_names_commit_and_title(repo: GitRepo):
    sha = repo.commit(BAD)
    r = custlint("commits", "HEAD", cwd=repo.path)
    assert f"commit {sha[:10]} Add the delivery window component" in r.out
    assert "line 1: error CP101" in r.out


def test_on_the_default_branch_itself_nothing_is_in_range(repo: GitRepo):
    repo.commit(BAD)
    r = custlint("commits", cwd=repo.path)
    assert r.code == 0 and "no commits in" in r.out


def test_range_that_does_not_resolve(repo: GitRepo):
    repo.commit(GOOD)
    r = custlint("commits", "nosuch..HEAD", cwd=repo.path)
    assert r.code == 2 and "does not resolve: unknown revision 'nosuch'" in r.err


def test_not_a_git_repository(tmp_path):
    r = custlint("commits", cwd=tmp_path)
    assert r.code == 2 and "not a git repository" in r.err


def test_empty_repository(repo: GitRepo):
    for args in ((), ("HEAD",)):
        r = custlint("commits", *args, cwd=repo.path)
        assert r.code == 2 and "no commits yet" in r.err


def test_shallow_clone_says_how_to_fetch(repo: GitRepo, tmp_path):
    for _ in range(3):
        repo.commit(GOOD)
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit(BAD)
    clone = tmp_path / "shallow"
    import subprocess
    subprocess.run(["git", "clone", "-q", "--depth", "1", "--branch", "feature", f"file://{repo.path}", str(clone)],
                   check=True, env=clean_env())
    subprocess.run(["git", "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main"], cwd=clone, check=True, env=clean_env())
    subprocess.run(["git", "remote", "set-head", "origin", "main"], cwd=clone, check=True, env=clean_env())
    r = custlint("commits", cwd=clone)
    assert r.code == 2
    assert "fetch-depth: 0" in r.err


def test_one_git_log_process_for_the_whole_range(repo: GitRepo, tmp_path):
    for i in range(30):
        repo.commit(GOOD if i % 2 else BAD)
    log = tmp_path / "git-calls.log"
    wrapper = tmp_path / "git-wrapper"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec git "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path,
                 env=clean_env(GIT_PYTHON_GIT_EXECUTABLE=str(wrapper)))
    assert r.json()["summary"]["checked"] == 30
    calls = log.read_text().splitlines()
    assert sum(1 for c in calls if c.startswith("log ")) == 1
    assert len(calls) <= 5, calls  # a few rev-parse calls to check the range, never one per commit


def test_non_utf8_commit_with_declared_encoding(repo: GitRepo):
    repo.git("config", "i18n.commitEncoding", "ISO-8859-1")
    (repo.path / "f").write_text("x")
    repo.git("add", "f")
    import subprocess
    subprocess.run(["git", "commit", "-q", "-F", "-"], cwd=repo.path, env=clean_env(),
                   input="Caf\xe9 menu\n\nRefs SHOP-4\n".encode("latin-1"), check=True)
    r = custlint("commits", "HEAD", "--format", "json", cwd=repo.path)
    assert r.code == 0 and r.json()["summary"]["checked"] == 1


def test_never_writes_to_the_repository(repo: GitRepo):
    repo.commit(GOOD)
    repo.commit(BAD)

    def snapshot():
        out = {}
        for root, _dirs, files in os.walk(repo.path / ".git"):
            for name in files:
                p = os.path.join(root, name)
                out[p] = (os.path.getsize(p), os.path.getmtime(p))
        return out

    before = snapshot()
    custlint("commits", "HEAD", cwd=repo.path)
    custlint("commits", cwd=repo.path)
    assert snapshot() == before


def test_unborn_branch_names_a_branch_and_an_explicit_range_still_works(repo: GitRepo):
    repo.commit(BAD)
    repo.git("checkout", "-q", "--orphan", "fresh")
    r = custlint("commits", "HEAD", cwd=repo.path)
    assert r.code == 2 and "unborn branch" in r.err and "custlint commits main" in r.err
    r = custlint("commits", "main", "--format", "json", cwd=repo.path)  # was refused: HEAD had no commits
    assert r.code == 1 and r.json()["summary"]["checked"] == 1

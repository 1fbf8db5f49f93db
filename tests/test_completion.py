"""`custlint completion bash|zsh|fish`: scripts made from the commands' parsers, run by the real shells.

bash: the script is sourced and its function called with COMP_WORDS/COMP_CWORD as readline sets
them. fish: `complete -C` asks fish itself what it would offer. zsh: the script passes `zsh -n`,
registers itself with compinit, and a real interactive zsh on a pseudo-terminal completes with it.
A shell that is not installed is skipped, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import clean_env, custlint


def _script(shell: str, tmp_path: Path) -> Path:
    r = custlint("completion", shell)
    assert r.code == 0 and r.err == "", r.err
    path = tmp_path / f"custlint.{shell}"
    path.write_text(r.out)
    return path


def _need(shell: str) -> str:
    exe = shutil.which(shell)
    if exe is None:
        pytest.skip(f"{shell} is not installed, so its completion script cannot be run")
    return exe


def _codes() -> list[str]:
    return sorted(row["code"] for row in custlint("rules", "--format", "json").json())


# ---------------------------------------------------------------- bash

BASH_DRIVER = r"""
source "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
_custlint
printf '%s\n' "${COMPREPLY[@]}"
"""


@pytest.fixture(scope="module")
def bash_complete(tmp_path_factory):
    exe = _need("bash")
    folder = tmp_path_factory.mktemp("bash")
    script = _script("bash", folder)
    (folder / "msg.txt").write_text("x")
    (folder / "sub dir").mkdir()

    def complete(*words: str) -> list[str]:
        p = subprocess.run([exe, "--norc", "--noprofile", "-c", BASH_DRIVER, "bash", str(script), *words],
                           cwd=folder, capture_output=True, text=True, env=clean_env(), timeout=60)
        assert p.returncode == 0 and p.stderr == "", p.stderr
        return [line for line in p.stdout.splitlines() if line]

    return complete


def test_bash_script_passes_the_syntax_check(tmp_path):
    exe = _need("bash")
    p = subprocess.run([exe, "-n", str(_script("bash", tmp_path))], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_bash_completes_commands_options_and_values(bash_complete):
    assert set(bash_complete("custlint", "comm")) == {"commit-msg", "commits"}
    assert "completion" in bash_complete("custlint", "")
    options = bash_complete("custlint", "commit-msg", "--")
    assert {"--quiet", "--statistics", "--strict", "--color", "--format", "--exit-zero", "--config"} <= set(options)
    assert set(bash_complete("custlint", "commits", "--pushed", "--format", "")) == {
        "text", "json", "sarif", "github", "gitlab", "junit"}
    assert bash_complete("custlint", "pr", "--color", "a") == ["auto", "always"]
    assert bash_complete("custlint", "code", "--color", "=", "ne") == ["never"]  # --color=ne
    assert bash_complete("custlint", "tickets", "--from", "gi") == ["github-json", "gitlab-json", "github", "gitlab"]
    assert bash_complete("custlint", "completion", "") == ["bash", "zsh", "fish"]


def test_bash_completes_rule_codes_after_a_comma(bash_complete):
    codes = _codes()
    assert bash_complete("custlint", "commits", "--select", "CP10") == [c for c in codes if c.startswith("CP10")]
    got = bash_complete("custlint", "commits", "--ignore", "CP101,KP20")
    assert got and all(x.startswith("CP101,KP20") for x in got)
    assert bash_complete("custlint", "rule", "KP20") == [c for c in codes if c.startswith("KP20")]


def test_bash_completes_files_and_nothing_for_free_text(bash_complete):
    assert bash_complete("custlint", "commit-msg", "ms") == ["msg.txt"]
    assert bash_complete("custlint", "commit-msg", "--config", "ms") == ["msg.txt"]
    assert bash_complete("custlint", "code", "--code-root", "su") == ["sub dir"]  # a name with a space, whole
    assert bash_complete("custlint", "pr", "--title", "") == []
    assert bash_complete("custlint", "report", "") == ["merge"]
    assert bash_complete("custlint", "report", "merge", "ms") == ["msg.txt"]


def test_bash_completes_git_refs_in_a_range(tmp_path):
    exe = _need("bash")
    script = _script("bash", tmp_path)
    repo = tmp_path / "repo"
    env = clean_env()
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "first"], cwd=repo, check=True, env=env)
    subprocess.run(["git", "branch", "feature/reorder"], cwd=repo, check=True, env=env)
    p = subprocess.run([exe, "--norc", "-c", BASH_DRIVER, "bash", str(script), "custlint", "commits", "main..fe"],
                       cwd=repo, capture_output=True, text=True, env=env, timeout=60)
    assert p.stdout.split() == ["main..feature/reorder"], p.stderr


# ---------------------------------------------------------------- fish


def _fish(script: Path, line: str, cwd: Path) -> list[str]:
    exe = _need("fish")
    p = subprocess.run([exe, "--no-config", "-c", f"source {script}; complete -C '{line}'"], cwd=cwd,
                       capture_output=True, text=True, env=clean_env(), timeout=60)
    assert p.returncode == 0 and p.stderr == "", p.stderr
    return [x.split("\t")[0] for x in p.stdout.splitlines()]


def test_fish_script_syntax_and_completions(tmp_path):
    exe = _need("fish")
    script = _script("fish", tmp_path)
    p = subprocess.run([exe, "--no-execute", str(script)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    (tmp_path / "msg.txt").write_text("x")
    assert set(_fish(script, "custlint comm", tmp_path)) == {"commit-msg", "commits"}
    assert {"--quiet", "--statistics", "--strict", "--color"} <= set(_fish(script, "custlint commits --", tmp_path))
    assert set(_fish(script, "custlint commits --color ", tmp_path)) == {"auto", "always", "never"}
    assert set(_fish(script, "custlint pr --format ", tmp_path)) == {"text", "json", "sarif", "github", "gitlab",
                                                                      "junit"}
    assert "CP101" in _fish(script, "custlint rule CP1", tmp_path)
    assert "msg.txt" in _fish(script, "custlint commit-msg ms", tmp_path)


# ---------------------------------------------------------------- zsh


def test_zsh_script_syntax_and_registration(tmp_path):
    exe = _need("zsh")
    script = _script("zsh", tmp_path)
    p = subprocess.run([exe, "-n", str(script)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    p = subprocess.run([exe, "-f", "-c", f"autoload -U compinit; compinit -u -D; source {script}; "
                        "print -r -- $_comps[custlint]"], capture_output=True, text=True, env=clean_env(), timeout=60)
    assert p.stdout.strip() == "_custlint", p.stdout + p.stderr


# an interactive zsh on a pseudo-terminal (zsh/zpty) types LINE and a TAB; compadd is wrapped to print
# each match it is given, and the completion ends the shell (the markers are split so that the
# terminal's echo of these lines never looks like a match)
ZSH_DRIVER = r"""zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PS1=''; unsetopt zle_bracketed_paste 2>/dev/null"
zpty -w z "autoload -U compinit; compinit -u -D"
zpty -w z "source ${(q)1}"
zpty -w z "zstyle ':completion:*' list-grouped false"
zpty -w z "zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "<""HIT>$h"; done; }'
zpty -w z 'finish () { print -r -- "<""END>"; exit }'
zpty -w z 'comppostfuncs=(finish)'
zpty -w z 'zstyle ":completion:*" format ""'
zpty -w -n z "$2"$'\t'
local line
while zpty -r z line; do
  [[ $line == *'<END>'* ]] && break
  [[ $line == *'<HIT>'* ]] && print -r -- "${${line##*<HIT>}%%$'\r'}"
done
zpty -d z
"""


def _zsh(script: Path, line: str, cwd: Path) -> list[str]:
    exe = _need("zsh")
    driver = cwd / "driver.zsh"
    driver.write_text(ZSH_DRIVER)
    p = subprocess.run([exe, "-f", str(driver), str(script), line], cwd=cwd, capture_output=True, text=True,
                       env=clean_env(TERM="xterm"), timeout=60)
    if p.returncode == 3:
        pytest.skip("zsh has no zsh/zpty module, so completion cannot be driven")
    return [x.strip() for x in p.stdout.splitlines() if x.strip()]


def test_zsh_completes_in_a_real_interactive_shell(tmp_path):
    script = _script("zsh", tmp_path)
    (tmp_path / "msg.txt").write_text("x")
    assert set(_zsh(script, "custlint comm", tmp_path)) == {"commit-msg", "commits"}
    assert set(_zsh(script, "custlint commits --st", tmp_path)) == {"--statistics", "--strict"}
    assert set(_zsh(script, "custlint commits --color ", tmp_path)) == {"auto", "always", "never"}
    assert set(_zsh(script, "custlint pr --format=", tmp_path)) == {"text", "json", "sarif", "github", "gitlab",
                                                                    "junit"}
    assert _zsh(script, "custlint commits --select CP10", tmp_path) == [c for c in _codes() if c.startswith("CP10")]
    assert _zsh(script, "custlint report ", tmp_path) == ["merge"]
    assert "msg.txt" in _zsh(script, "custlint commit-msg ms", tmp_path)

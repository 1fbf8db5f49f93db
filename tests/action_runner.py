"""Runs action.yml's composite steps the way the GitHub Actions runner does, for the action tests.

What the runner does and this does too: each step's ``env`` and ``with`` values are expressions
(``${{ inputs.x }}``, ``${{ steps.id.outputs.y }}``, ``${{ github.action_path }}``,
``${{ runner.os }}``...) evaluated before the step; a ``run`` step is written to a file and run
with ``bash --noprofile --norc -eo pipefail FILE``; what it appends to ``$GITHUB_OUTPUT``
(``name=value`` lines, or ``name<<DELIM`` blocks) becomes ``steps.<id>.outputs``; an ``if:`` is
evaluated; the action's ``outputs:`` are evaluated at the end. The ``uses:`` steps are played by
small stand-ins: setup-python answers ``python-path`` and ``python-version`` (this test run's
Python; what it was given is recorded in ``Run.used``); actions/cache/restore and /save restore
and save a folder from a store on disk by key, with GitHub's rules (exact key, else the newest
entry whose key starts with a restore key; an existing key is never overwritten). After a failed
step only steps whose ``if:`` says ``always()`` (or ``failure()``) run, as on the runner.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Run:
    rc: int
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    steps: dict[str, dict[str, str]] = field(default_factory=dict)
    used: list[tuple[str, dict]] = field(default_factory=list)  # (uses, evaluated with:)
    cache_hits: dict[str, str] = field(default_factory=dict)  # key asked -> key restored
    job_env: str = ""  # what the steps wrote to $GITHUB_PATH and $GITHUB_ENV (the user's later steps)


class CacheStore:
    """actions/cache's service: saved folders by key, in save order."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.keys: list[str] = []

    def restore(self, key: str, restore_keys: list[str], path: Path) -> str | None:
        found = key if key in self.keys else None
        if found is None:
            for prefix in restore_keys:
                matches = [k for k in self.keys if k.startswith(prefix)]
                if matches:
                    found = matches[-1]  # the newest
                    break
        if found is not None:
            shutil.copytree(self.root / _safe(found), path, dirs_exist_ok=True)
        return found

    def save(self, key: str, path: Path) -> None:
        if key in self.keys or not path.is_dir():
            return
        shutil.copytree(path, self.root / _safe(key))
        self.keys.append(key)


def _safe(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", key)


def _outputs(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            j = lines.index(delim, i + 1)
            out[name] = "\n".join(lines[i + 1 : j])
            i = j + 1
            continue
        if "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
        i += 1
    return out


class ActionRunner:
    def __init__(self, workspace: Path, temp: Path, cache: CacheStore, *, action_path: Path = ROOT,
                 action_ref: str = "v0.1.0", env: dict[str, str] | None = None) -> None:
        self.action = yaml.safe_load((action_path / "action.yml").read_text(encoding="utf-8"))
        self.workspace, self.temp, self.cache = workspace, temp, cache
        self.action_path, self.action_ref = action_path, action_ref
        self.env = dict(env or {})
        self.home = temp / "home"

    def _eval(self, text: str, ctx: dict) -> str:
        return _EXPR.sub(lambda m: self._value(m.group(1), ctx), str(text))

    def _condition(self, expr: str, ctx: dict, failed: bool) -> bool:
        """An ``if:``: terms joined by ``&&``; a term is ``always()``, ``success()``, ``failure()`` or
        ``CONTEXT.PATH == 'text'`` / ``!= 'text'``. Without a status function it means success() && ..."""
        status = None
        ok = True
        for term in (t.strip() for t in expr.split("&&")):
            if term in ("always()", "success()", "failure()"):
                status = term
                continue
            m = re.fullmatch(r"(\S+)\s*(==|!=)\s*'([^']*)'", term)
            if not m:
                raise AssertionError(f"the simulation cannot evaluate {term!r}")
            equal = self._value(m.group(1), ctx) == m.group(3)
            ok = ok and (equal if m.group(2) == "==" else not equal)
        if status == "always()":
            return ok
        if status == "failure()":
            return ok and failed
        return ok and not failed

    @staticmethod
    def _value(expr: str, ctx: dict) -> str:
        node = ctx
        for part in expr.split("."):
            if not isinstance(node, dict) or part not in node:
                return ""  # the runner's null becomes ''
            node = node[part]
        return str(node)

    def run(self, inputs: dict[str, str] | None = None, *, timeout: float = 300, until: str = "") -> Run:
        """Every step (or the steps up to the one with id ``until``)."""
        given = {k: str(v.get("default", "")) for k, v in self.action["inputs"].items()}
        given.update(inputs or {})
        self.temp.mkdir(parents=True, exist_ok=True)
        self.home.mkdir(parents=True, exist_ok=True)
        base_env = {
            "PATH": os.environ["PATH"],
            "RUNNER_OS": "Linux",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_RUN_ID": "4711",
            "GITHUB_RUN_ATTEMPT": "1",
            "LANG": "C.UTF-8",
            **self.env,
            # the runner's own: never the test machine's home
            "HOME": str(self.home),
            "RUNNER_TEMP": str(self.temp),
            "GITHUB_ACTION_PATH": str(self.action_path),
            "GITHUB_PATH": str(self.temp / "github-path"),  # what a step adds to the job's PATH
            "GITHUB_ENV": str(self.temp / "github-env"),  # and to the job's environment
        }
        ctx: dict = {
            "inputs": given,
            "steps": {},
            "github": {"action_path": str(self.action_path), "action_ref": self.action_ref,
                       "token": "ghs_fake", "sha": "0" * 40},
            "runner": {"os": "Linux", "temp": str(self.temp)},
        }
        # `${{ github.token }}` in an input's default is evaluated like any expression
        given.update({k: self._eval(v, ctx) for k, v in given.items()})
        result = Run(rc=0)
        failed = False
        for n, step in enumerate(self.action["runs"]["steps"]):
            sid = step.get("id", f"step{n}")
            if not self._condition(step.get("if", "success()"), ctx, failed):
                continue
            env = {k: self._eval(v, ctx) for k, v in (step.get("env") or {}).items()}
            with_ = {k: self._eval(v, ctx) for k, v in (step.get("with") or {}).items()}
            outputs: dict[str, str] = {}
            if "uses" in step:
                result.used.append((step["uses"], with_))
                name = step["uses"].split("@", 1)[0]
                if name == "actions/setup-python":
                    v = sys.version_info
                    outputs = {"python-path": sys.executable, "python-version": f"{v[0]}.{v[1]}.{v[2]}"}
                elif name == "actions/cache/restore":
                    path = Path(with_["path"])
                    restore = [k for k in with_.get("restore-keys", "").splitlines() if k.strip()]
                    hit = self.cache.restore(with_["key"], restore, path)
                    if hit:
                        result.cache_hits[with_["key"]] = hit
                    outputs = {"cache-hit": str(hit == with_["key"]).lower(), "cache-matched-key": hit or ""}
                elif name == "actions/cache/save":
                    self.cache.save(with_["key"], Path(with_["path"]))
                else:
                    raise AssertionError(f"the simulation has no stand-in for {step['uses']}")
            else:
                out_file = self.temp / f"output-{sid}"
                out_file.write_text("", encoding="utf-8")
                script = self.temp / f"script-{sid}.sh"
                script.write_text(step["run"], encoding="utf-8")
                p = subprocess.run(
                    ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                    cwd=self.workspace,
                    env={**base_env, **env, "GITHUB_OUTPUT": str(out_file)},
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                result.stdout += p.stdout
                result.stderr += p.stderr
                outputs = _outputs(out_file)
                if p.returncode != 0 and not failed:
                    result.rc, failed = p.returncode, True
            ctx["steps"][sid] = {"outputs": outputs}
            result.steps[sid] = outputs
            if sid == until:
                break
        result.job_env = "".join(
            (self.temp / f).read_text(encoding="utf-8") for f in ("github-path", "github-env") if (self.temp / f).exists()
        )
        result.outputs = {k: self._eval(v["value"], ctx) for k, v in self.action.get("outputs", {}).items()}
        return result

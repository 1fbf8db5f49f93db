"""The judgement's hot modules compiled to C with mypyc, used where a build of them matches the sources.

A history audit judges every commit through the same few thousand lines of Python (the document,
the readers, the verdict, the worker's loop); CPython spends most of that time on the steps between
them. mypyc (part of mypy, which compiles mypy and black) turns those modules, unchanged, into C
extensions: the same code and so the same findings, in about a third less time per commit.

    custlint compile           # compile MODULES (needs a C compiler and mypy); `make install` does it
    custlint compile --status  # whether custlint uses the build, and why not

The build goes to :func:`build_dir` (inside the package, never beside the sources: a compiled module
there would be imported whatever became of its source), with a manifest of each source's size,
mtime and CRC-32. :func:`enable`, at custlint's import, serves the compiled modules only when every
source is the one compiled (an edited file turns the whole build off: the compiled modules call each
other directly), for this interpreter (its cache tag and extension suffix). Otherwise, and with
``CUSTLINT_ACCEL=0``, everything runs as plain Python, which stays the reference: the tests judge
the same texts and histories both ways and require identical output.
"""

from __future__ import annotations

import os
import sys

# the modules compiled: what judging a commit runs, in the document, the readers, the audit's worker
MODULES = (
    "custlint.analysis.analyzer",
    "custlint.analysis.closing",
    "custlint.analysis.done",
    "custlint.analysis.exemptions",
    "custlint.analysis.kpi",
    "custlint.analysis.personas",
    "custlint.analysis.placeholders",
    "custlint.analysis.prescan",
    "custlint.analysis.problem",
    "custlint.analysis.remediation",
    "custlint.analysis.settings",
    "custlint.analysis.words",
    "custlint.audit.collect",
    "custlint.audit.items",
    "custlint.audit.reorder",
    "custlint.audit.tally",
    "custlint.audit.verdict",
    "custlint.audit.worker",
    "custlint.document.markdown",
    "custlint.document.message",
    "custlint.document.model",
    "custlint.document.refs",
    "custlint.document.sections",
    "custlint.reporters.json_indent",
    "custlint.sources.git_history",
    "custlint.sources.git_log",
)
MANIFEST = "manifest.txt"
_PACKAGE = os.path.dirname(os.path.abspath(__file__))

ACTIVE = False  # this process serves the compiled modules
REASON = "not looked at yet"  # why not (or what it serves)


def _suffix() -> str:
    """The file name ending of this interpreter's extension modules."""
    from importlib.machinery import EXTENSION_SUFFIXES

    return EXTENSION_SUFFIXES[0]


def _tag() -> str:
    """The interpreter a build is for: its cache tag and the suffix of its extension modules."""
    return f"{sys.implementation.cache_tag} {_suffix()}"


def manifest_line(name: str, so: str, st: os.stat_result, crc: int) -> str:
    """The manifest's line for compiled module ``name`` (file ``so`` in the build), whose source had
    stat ``st`` and whose compiled copy had CRC-32 ``crc``."""
    return f"{name}\t{so}\t{st.st_size}\t{st.st_mtime_ns}\t{crc}"


def build_dir() -> str:
    """Where the build lives: ``$CUSTLINT_ACCEL_DIR``, else ``_compiled`` in the package's folder."""
    return os.environ.get("CUSTLINT_ACCEL_DIR") or os.path.join(_PACKAGE, "_compiled")


def _source(name: str) -> str:
    return os.path.join(os.path.dirname(_PACKAGE), *name.split(".")) + ".py"


def _crc(path: str) -> int:
    import zlib

    with open(path, "rb") as f:
        return zlib.crc32(f.read())


class _Finder:
    """Serves each compiled module (and mypyc's shared library of them) from the build."""

    def __init__(self, paths: dict[str, str]) -> None:
        self.paths = paths

    def find_spec(self, fullname, path=None, target=None):
        so = self.paths.get(fullname)
        if so is None:
            return None
        from importlib.machinery import ExtensionFileLoader, ModuleSpec  # not importlib.util: 3 ms of imports

        spec = ModuleSpec(fullname, ExtensionFileLoader(fullname, so), origin=so)
        spec.has_location = True  # __file__ is the compiled file
        return spec


def _read(where: str) -> dict[str, str] | str:
    """Module name -> compiled file, from the manifest in ``where``; or why the build cannot be used."""
    try:
        with open(os.path.join(where, MANIFEST), encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError:
        return "not built (custlint compile)"
    if not lines or lines[0] != _tag():
        return "built for another Python (custlint compile)"
    damaged = "its manifest is damaged or a compiled file is missing (custlint compile)"
    paths: dict[str, str] = {}
    for line in lines[1:]:
        # "name, file" (mypyc's shared library, a top-level module of its own) or manifest_line's five
        parts = line.split("\t")
        so = os.path.join(where, parts[1]) if len(parts) in (2, 5) else ""
        if not so or not os.path.isfile(so):
            return damaged
        if len(parts) == 5:
            name, _, size, mtime, crc = parts
            if not (size.isdigit() and mtime.isdigit() and crc.isdigit()):
                return damaged
            src = _source(name)
            try:
                st = os.stat(src)
            except OSError:
                return f"{name} has no source (custlint compile)"
            if st.st_size != int(size) or (st.st_mtime_ns != int(mtime) and _crc(src) != int(crc)):
                return f"{name} changed since the build (custlint compile)"
        paths[parts[0]] = so
    if set(MODULES) - paths.keys():
        return "built from another list of modules (custlint compile)"
    return paths


def enable() -> bool:
    """Serve the compiled modules, if a build matches the sources and the interpreter (and
    ``CUSTLINT_ACCEL`` is not ``0``). Called once, at custlint's import, before any of them loads."""
    global ACTIVE, REASON
    if ACTIVE:
        return True
    if os.environ.get("CUSTLINT_ACCEL", "") == "0":
        REASON = "turned off (CUSTLINT_ACCEL=0)"
        return False
    got = _read(build_dir())
    if isinstance(got, str):
        REASON = got
        return False
    if any(name in sys.modules for name in MODULES):  # imported as Python already: keep them so
        REASON = "its modules were imported before custlint"
        return False
    sys.meta_path.insert(0, _Finder(got))
    ACTIVE, REASON = True, f"{len(MODULES)} modules compiled"
    return True


def build(where: str | None = None) -> str:
    """Compile :data:`MODULES` with mypyc into ``where`` (:func:`build_dir`); return it. The sources
    are compiled from a copy, so nothing compiled ever stands beside them."""
    import shutil
    import subprocess
    import tempfile

    from custlint.errors import UserError

    where = where or build_dir()
    for need in ("mypyc", "setuptools"):
        try:
            __import__(need)
        except ImportError:
            raise UserError(f"{need} is not installed: pip install 'custlint[accel]', then build again") from None
    with tempfile.TemporaryDirectory(prefix="custlint-accel-") as tmp:
        # the manifest: each source's size and mtime before it is copied, and the CRC-32 of the copy
        # compiled. A source changed meanwhile has another mtime, and is then used only if its bytes
        # are the ones compiled
        stats = {name: os.stat(_source(name)) for name in MODULES}
        top = os.path.join(tmp, "custlint")
        shutil.copytree(_PACKAGE, top, ignore=shutil.ignore_patterns("__pycache__", "_compiled", "*.so", "*.pyd"))
        files = [os.path.join(*name.split(".")) + ".py" for name in MODULES]
        crcs = {name: _crc(os.path.join(tmp, f)) for name, f in zip(MODULES, files, strict=True)}
        p = subprocess.run(
            # the modules compiled are type-checked; what they import is read for its types only (its own
            # checks are make lint's, under pyproject.toml's settings), and PyYAML and regex ship no types
            [sys.executable, "-m", "mypyc", "--follow-imports=silent", "--ignore-missing-imports", *files],
            cwd=tmp,
            capture_output=True,
            text=True,
            env={**os.environ, "MYPYC_OPT_LEVEL": os.environ.get("MYPYC_OPT_LEVEL", "3")},
        )
        if p.returncode != 0:
            said = (p.stdout + p.stderr).strip().splitlines()
            first = [line for line in said if "error:" in line][:1] or said[-1:] or ["no output"]
            raise UserError(f"mypyc failed: {first[0]}; custlint runs as plain Python meanwhile")
        suffix = _suffix()
        shutil.rmtree(where, ignore_errors=True)
        os.makedirs(where)
        lines = [_tag()]
        for lib in sorted(os.listdir(tmp)):  # mypyc's shared library of the group, if it made one
            if lib.endswith(suffix) and "__mypyc" in lib:
                shutil.copy2(os.path.join(tmp, lib), os.path.join(where, lib))
                lines.append(f"{lib[: -len(suffix)]}\t{lib}")
        for name in MODULES:
            so = name + suffix
            shutil.copy2(os.path.join(tmp, *name.split(".")) + suffix, os.path.join(where, so))
            lines.append(manifest_line(name, so, stats[name], crcs[name]))
        with open(os.path.join(where, MANIFEST), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    from custlint.engine.ruleset import write_built

    write_built(where)  # the shipped rules parsed once, read by a first run (custlint.engine.ruleset)
    return where

"""Runs the selected code rules over files: pre-filter, tokenize or parse on demand, suppressions.

Per file: decode (not UTF-8 is CD100), ask each selected rule whether it ``wants`` the text,
run those (the comment rules use the tokenizer, the others the libcst module, parsed once and
only when asked for), apply ``# custlint: ignore[CODE] reason`` comments, and syntax-check a file
no rule parsed with the built-in compiler (confirmed with libcst, so syntax newer than the running
Python is not called an error). Files are spread over a process pool.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

UNREADABLE = "CD100"
SUPPRESSION = "CD101"


class ParseFailure(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Options:
    """What a worker needs; plain data so it crosses to worker processes."""

    codes: tuple[str, ...]  # selected code rules
    names: dict[str, str] = field(default_factory=dict)  # rule name -> code, for suppressions by name
    metric_calls: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    not_keys: tuple[str, ...] = ()
    views: dict[str, dict[str, tuple[str, int]]] = field(default_factory=dict)  # Django views by file


class SourceFile:
    """One file as the rules see it."""

    def __init__(self, path: str, text: str, options: Options, real_path: str = "") -> None:
        self.path = path
        self.text = text
        self.options = options
        self.views = options.views.get(real_path, {}) if real_path else {}
        self.parsed = False

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def comments(self):
        from custlint.sources.python.comments import TokenizeError, comments

        try:
            return comments(self.text)
        except TokenizeError as exc:
            raise ParseFailure(f"syntax error on line {exc.line}: {exc}", exc.line) from None

    @cached_property
    def module(self):
        import libcst as cst

        self.parsed = True
        try:
            return cst.parse_module(self.text)
        except cst.ParserSyntaxError as exc:
            import ast

            try:  # the compiler's message and line read better than the parser's, when it agrees
                compile(self.text, self.path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            except SyntaxError as err:
                raise ParseFailure(f"syntax error on line {err.lineno}: {err.msg}", err.lineno or 1) from None
            except (ValueError, RecursionError, MemoryError):
                pass
            raise ParseFailure(f"syntax error on line {exc.raw_line}: {exc.message}", exc.raw_line) from None
        except RecursionError:
            raise ParseFailure("too deeply nested for the parser", 1) from None
        except Exception as exc:  # libcst's own errors on syntax it does not know yet (t-strings, ...)
            raise ParseFailure(f"libcst cannot parse it ({type(exc).__name__}: {exc})", 1) from None

    @cached_property
    def scan(self):
        """Emission sites and per-definition facts (custlint.analysis.metrics.emissions.ModuleScan)."""
        from custlint.analysis.metrics.emissions import scan_module

        return scan_module(self.module, self.path, self.options.metric_calls)

    def line_of(self, node) -> int:
        return self.scan.line_of(node)


def _rules(codes) -> list:
    from custlint.coderules import rule_classes

    return [cls() for cls in rule_classes() if cls.CODE in codes]


_RULE_CACHE: dict[tuple, list] = {}


def check_text(display: str, text: str | None, problem: str | None, opts: Options, real_path: str = "") -> list[tuple]:
    """Hits of one file as ``(code, line, message or None, detail)``."""
    codes = set(opts.codes)
    if text is None:
        return [(UNREADABLE, 1, None, {"problem": problem})] if UNREADABLE in codes else []
    key = tuple(sorted(codes))
    rules = _RULE_CACHE.get(key)
    if rules is None:
        rules = _RULE_CACHE[key] = _rules(codes)
    src = SourceFile(display, text, opts, real_path)
    hits: list[tuple] = []
    try:
        for rule in rules:
            if rule.CODE == UNREADABLE or not rule.wants(src):
                continue
            for h in rule.check(src):
                hits.append((rule.CODE, h.line, h.message, h.detail, h.anchor))
        if not src.parsed and UNREADABLE in codes:
            _syntax_check(src)
    except ParseFailure as exc:
        return [(UNREADABLE, exc.line, None, {"problem": str(exc)})] if UNREADABLE in codes else []
    except RecursionError:
        return [(UNREADABLE, 1, None, {"problem": "too deeply nested to check"})] if UNREADABLE in codes else []
    if hits and "custlint" in text.lower():
        hits = _apply_suppressions(src, hits, opts)
    return [(c, line, msg, detail) for c, line, msg, detail, _a in hits]


def _syntax_check(src: SourceFile) -> None:
    import ast

    try:
        compile(src.text, src.path, "exec", ast.PyCF_ONLY_AST | ast.PyCF_TYPE_COMMENTS, dont_inherit=True)
    except SyntaxError as err:
        src.__dict__.pop("module", None)
        try:
            _ = src.module  # newer syntax than this Python knows parses with libcst
        except ParseFailure:
            import sys

            raise ParseFailure(
                f"syntax error on line {err.lineno}: {err.msg} (for Python "
                f"{sys.version_info[0]}.{sys.version_info[1]}, and libcst cannot parse it either)",
                err.lineno or 1,
            ) from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(f"cannot be compiled: {exc}", 1) from None


_COMMENT_ONLY = re.compile(r"\s*(#.*)?\Z")


def _apply_suppressions(src: SourceFile, hits: list[tuple], opts: Options) -> list[tuple]:
    from custlint.sources.python.comments import suppressions

    sups = [s for s in suppressions(src.comments) if s.reason and s.codes]
    if not sups:
        return hits
    lines = src.lines
    kept = []
    for code, line, msg, detail, anchor in hits:
        if code == SUPPRESSION:
            kept.append((code, line, msg, detail, anchor))
            continue
        top = min(anchor or line, line)
        suppressed = False
        for s in sups:
            if code not in s.codes and not any(opts.names.get(c) == code for c in s.codes):
                continue
            if top <= s.line <= line:
                suppressed = True
            elif s.own_line and s.line < top and all(_COMMENT_ONLY.match(lines[i - 1]) for i in range(s.line + 1, top)):
                suppressed = True
            if suppressed:
                break
        if not suppressed:
            kept.append((code, line, msg, detail, anchor))
    return kept


def check_chunk(items, opts: Options) -> list[list[tuple]]:
    """Worker: ``items`` are ``(path, display)``; one list of hits per item."""
    from custlint.sources.python.files import read_text

    out = []
    for path, display in items:
        text, problem = read_text(Path(path))
        out.append(check_text(display, text, problem, opts, str(Path(path).resolve())))
    return out


def lint(files: list[tuple[str, str]], opts: Options, jobs: int | None = None) -> list[list[tuple]]:
    from custlint.core.pool import run_chunks

    return run_chunks(check_chunk, files, opts, jobs)


def fill_hit(rule: Any, hit: tuple) -> tuple[str, str]:
    """The finding's message and fix for a hit of ``rule``."""
    from custlint.engine.findings import fill

    code, line, msg, detail = hit
    return (msg or fill(rule.message, detail)), fill(rule.fix, detail)


def _display(path: Path) -> str:
    import os

    rel = os.path.relpath(path)
    return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()


def lint_paths(paths, rules: list, config, code_root: Path | None = None, jobs: int | None = None, display=_display):
    """Run the code ``rules`` (selected :class:`~custlint.engine.packs.Rule` records of kind ``code``) over
    ``paths`` (files or folders) and return a :class:`~custlint.engine.findings.Result`."""
    from custlint.engine.findings import Finding, Result
    from custlint.sources.python.files import expand, python_files

    exclude = config.code_exclude
    # code-exclude is relative to the code root, and holds for files named on the command line too
    skipped: list[Path] = []
    files = expand([str(p) for p in paths], exclude, code_root if code_root is not None else Path.cwd(), skipped)
    codes = tuple(r.code for r in rules)
    views: dict = {}
    if "CD103" in codes:
        from custlint.sources.python.django_urls import index_urls

        seen: dict[Path, None] = {}
        roots = [code_root] if code_root is not None else []
        for root in roots:
            for f in python_files(root, exclude):
                if f.name == "urls.py":
                    seen[f.resolve()] = None
        for f in files:
            if f.name == "urls.py":
                seen[f.resolve()] = None
        views = index_urls(list(seen), display=display)
    opts = Options(
        codes=codes,
        names={r.name: r.code for r in rules},
        metric_calls=config.metric_calls,
        projects=config.ticket_projects,
        not_keys=config.not_ticket_keys,
        views=views,
    )
    items = [(str(f), display(f)) for f in files]
    all_hits = lint(items, opts, jobs)
    by_code = {r.code: r for r in rules}
    result = Result(checked=len(items))
    if skipped:
        shown = ", ".join(display(f) for f in skipped[:5]) + (
            f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        )
        result.notes.append(f"skipped by code-exclude: {shown}")
    for (_path, disp), hits in zip(items, all_hits, strict=True):
        for hit in hits:
            rule = by_code[hit[0]]
            message, fix = fill_hit(rule, hit)
            result.findings.append(
                Finding(
                    rule=rule.code,
                    name=rule.name,
                    principle=rule.principle,
                    severity=rule.severity,
                    message=message,
                    source="code",
                    subject=disp,
                    line=hit[1],
                    fix=fix,
                    path=disp,
                )
            )
    return result

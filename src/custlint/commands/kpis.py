"""custlint kpis [DIR]: the inventory of metrics the code emits, with file and line."""

from __future__ import annotations

import json
import sys

HELP = "list the metrics the Python code under DIR emits (statsd, DogStatsD, Prometheus, OpenTelemetry), with file and line"


def add_arguments(parser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        metavar="DIR",
        help="the code root (default: the config's code-root, else the working directory)",
    )
    parser.add_argument("--config", metavar="FILE", help="config file (for metric-calls and code-exclude)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the inventory to FILE instead of stdout")
    parser.add_argument("--jobs", "-j", type=int, metavar="N", help="worker processes (default: the number of cores)")


def run(args) -> int:
    from pathlib import Path

    from custlint.analysis.metrics.inventory import build
    from custlint.core.config import load_config
    from custlint.core.files import shown
    from custlint.errors import UserError

    cfg = load_config(args.config)
    if args.dir:
        root = Path(args.dir)
    elif cfg.code_root:
        root = cfg.root / cfg.code_root
    else:
        root = Path.cwd()
    if not root.is_dir():
        raise UserError(f"{shown(root)} is not a folder; pass the folder of your Python code")
    if args.jobs is not None and args.jobs < 1:
        raise UserError("--jobs must be at least 1")
    inv = build(root, cfg.metric_calls, cfg.code_exclude, args.jobs)
    for path, problem in inv.problems:
        sys.stderr.write(f"custlint: warning: {shown(path)}: {' '.join(problem.split())}\n")
    text = _json(inv) if args.format == "json" else _text(inv)
    if args.output:
        try:
            from custlint.reporters.safe_stream import printable

            Path(args.output).write_text(printable(text), encoding="utf-8")
        except OSError as exc:
            raise UserError(f"cannot write to {args.output}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0


def _json(inv) -> str:
    from custlint.reporters.safe_stream import json_text

    return (
        json_text(
            json.dumps(
                {
                    "version": 1,
                    "root": inv.root.as_posix(),
                    "metrics": [e.to_dict() for e in inv.emissions],
                    "unresolved": [{"path": p, "line": ln, "call": c} for p, ln, c in inv.unresolved],
                    "unreadable": [{"path": p, "problem": why} for p, why in inv.problems],
                    "summary": inv.summary(),
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        + "\n"
    )


def _text(inv) -> str:
    from custlint.core.files import shown
    from custlint.reporters.text import clean

    out: list[str] = []
    width = max((len(e.key) for e in inv.emissions), default=6)
    for e in inv.emissions:
        note = ""
        if e.kind == "prometheus" and e.names and e.names[0] != e.key:
            note = f" (exposed as {e.names[0]})"
        dyn = " (key computed at run time)" if e.dynamic else ""
        out.append(f"{clean(e.key):<{width}}  {e.kind:<13} {clean(e.call):<28} {shown(e.path)}:{e.line}{note}{dyn}")
    for p, ln, call in inv.unresolved:
        out.append(
            f"{'?':<{width}}  {'unresolved':<13} {clean(call):<28} {shown(p)}:{ln} (key from another module custlint could not find)"
        )
    s = inv.summary()
    out.append("")
    out.append(
        f"{s['metrics']} metrics emitted at {s['sites']} sites; {s['files']} Python files under {shown(inv.root.as_posix())}, "
        f"{s['parsed']} parsed (the others cannot hold an emission)."
    )
    return "\n".join(out) + "\n"

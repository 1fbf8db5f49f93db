"""custlint rules: list every rule; --check PATH runs a rule pack's examples."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from custlint.commands._common import Context, add_common

HELP = "list every rule by code (code, name, principle, severity); --check PATH tests a rule pack"


def add_arguments(parser) -> None:
    parser.add_argument("--check", metavar="PATH", help="validate a rule pack (file or folder) and run its examples")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_common(parser, formats=False)


def run(args) -> int:
    if args.check:
        return _check(args)
    ctx = Context(args)
    selected = {r.code for r in ctx.rules}
    every = sorted(ctx.all_rules, key=lambda r: r.code)  # by code, as ruff and flake8 list theirs
    if args.format == "json":
        rows = [
            {
                "code": r.code,
                "name": r.name,
                "principle": r.principle,
                "severity": r.severity,
                "applies_to": list(r.applies_to),
                "selected": r.code in selected,
                "pack": Path(r.pack).name,
                "what": r.what,
            }
            for r in every
        ]
        from custlint.reporters.safe_stream import json_text

        sys.stdout.write(json_text(json.dumps(rows, indent=2, ensure_ascii=False)) + "\n")
        return 0
    width = max((len(r.name) for r in every), default=4)
    sys.stdout.write(f"{'code':<6} {'name':<{width}} {'principle':<20} {'severity':<8} {'on':<3} applies to\n")
    for r in every:
        on = "yes" if r.code in selected else "no"
        sev = next((s.severity for s in ctx.rules if s.code == r.code), r.severity)
        sys.stdout.write(
            f"{r.code:<6} {r.name:<{width}} {r.principle:<20} {sev:<8} {on:<3} {', '.join(r.applies_to)}\n"
        )
    sys.stdout.write(f"\n{len(ctx.all_rules)} rules, {len(selected)} selected. `custlint rule CODE` explains one.\n")
    return 0


def _check(args) -> int:
    from custlint.engine.examples import run_example
    from custlint.engine.packs import load_pack, pack_files

    files = pack_files([Path(args.check)])
    if not files:
        from custlint.errors import UserError

        raise UserError(f"no rule packs (*.toml) in {args.check}")
    failed = total = 0
    for f in files:
        from custlint.engine.pack_packages import is_installed_pack  # its check module may be imported

        for rule in load_pack(f, is_installed_pack(f)):
            for i, ex in enumerate(rule.examples):
                total += 1
                ok, findings = run_example(rule, ex)
                verdict = "ok" if ok else "FAIL"
                kind = "passing" if ex.valid else "failing"
                if not ok:
                    failed += 1
                    got = ", ".join(x.rule for x in findings) or "no finding"
                    sys.stdout.write(
                        f"{verdict:<4} {rule.code} {kind} example #{i + 1} ({f.name}): expected "
                        f"{'no finding' if ex.valid else rule.code}, got {got}\n"
                    )
                elif args.verbose:
                    sys.stdout.write(f"{verdict:<4} {rule.code} {kind} example #{i + 1}\n")
    sys.stdout.write(f"{total - failed} of {total} examples behave as documented.\n")
    return 1 if failed else 0

"""custlint config: every configuration key with its type, default and meaning."""

from __future__ import annotations

import json
import sys

HELP = "list every configuration key, or show the config in force (--show)"


def add_arguments(parser) -> None:
    parser.add_argument("--show", action="store_true", help="print the config file in force and its values")
    parser.add_argument("--config", metavar="FILE", help="config file to show")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args) -> int:
    from custlint.core.config import describe, load_config

    if args.show:
        cfg = load_config(args.config)
        from custlint.reporters.safe_stream import json_text

        sys.stdout.write(
            json_text(
                json.dumps(
                    {"file": str(cfg.path) if cfg.path else None, "values": cfg.as_dict()}, indent=2, ensure_ascii=False
                )
            )
            + "\n"
        )
        return 0
    rows = describe()
    if args.format == "json":
        from custlint.reporters.safe_stream import json_text

        rows_json = [{"key": k, "type": t, "default": d, "doc": doc} for k, t, d, doc in rows]
        sys.stdout.write(json_text(json.dumps(rows_json, indent=2, ensure_ascii=False)) + "\n")
    elif args.format == "markdown":
        sys.stdout.write("| key | type | default | meaning |\n|---|---|---|---|\n")
        for k, t, d, doc in rows:
            sys.stdout.write(f"| `{k}` | {t} | `{json.dumps(d)}` | {doc} |\n")
    else:
        for k, t, d, doc in rows:
            sys.stdout.write(f"{k} ({t}, default {json.dumps(d)})\n    {doc}\n")
    return 0

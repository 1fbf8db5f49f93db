"""custlint config: every configuration key with its type, default and meaning."""

from __future__ import annotations

import json
import sys

HELP = "list every configuration key, show the config in force (--show), or print its JSON Schema (--schema)"


def add_arguments(parser) -> None:
    parser.add_argument(
        "--show",
        action="store_true",
        help="print the config in force: its file, the base files it extends, every value, and which file set each",
    )
    parser.add_argument(
        "--schema",
        action="store_true",
        help="print the JSON Schema (draft-07) of [tool.custlint] / .custlint.toml, for editors and SchemaStore",
    )
    parser.add_argument("--config", metavar="FILE", help="config file to show")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _origins(cfg) -> dict[str, list[str]]:
    """Dotted key -> the files whose value is in force (keys no file sets are defaults)."""
    if cfg.origins or cfg.path is None:
        return {k: list(v) for k, v in cfg.origins.items()}
    from custlint.core.config import _read_toml, _table_of

    table = _table_of(cfg.path, _read_toml(cfg.path)) or {}
    out: dict[str, list[str]] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out.update({f"{key}.{sub}": [str(cfg.path)] for sub in value})
        else:
            out[key] = [str(cfg.path)]
    return out


def run(args) -> int:
    from custlint.core.config import describe, load_config

    if args.schema:
        from custlint.core.json_schema import schema_text

        sys.stdout.write(schema_text())
        return 0
    if args.show:
        cfg = load_config(args.config)
        from custlint.reporters.safe_stream import json_text

        shown = {
            "file": str(cfg.path) if cfg.path else None,
            "values": cfg.as_dict(),
            "extends": [str(p) for p in cfg.extends],
            "origins": _origins(cfg),
        }
        sys.stdout.write(json_text(json.dumps(shown, indent=2, ensure_ascii=False)) + "\n")
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

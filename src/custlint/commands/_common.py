"""What commands share: the common options, the engine set-up, and turning a result into output and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path

from custlint.core.config import Config, load_config
from custlint.engine.findings import Result
from custlint.sources import ci_env

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (the hook's start-up)
if TYPE_CHECKING:
    import argparse


def add_common(parser: argparse.ArgumentParser, *, formats: bool = True) -> None:
    g = parser.add_argument_group("common options")
    g.add_argument(
        "--config",
        metavar="FILE",
        help="config file (default: nearest .custlint.toml or pyproject.toml with [tool.custlint])",
    )
    if formats:
        g.add_argument(
            "--format",
            metavar="FORMAT",
            help="output format: text (default), json, and the others `custlint --help` lists",
        )
        g.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
    g.add_argument("--select", metavar="RULES", help="comma-separated rules to run (replaces the config's select)")
    g.add_argument("--extend-select", metavar="RULES", help="comma-separated rules to add")
    g.add_argument(
        "--ignore", metavar="RULES", help="comma-separated rules to switch off (added to the config's ignore)"
    )
    g.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are error findings")
    g.add_argument("--verbose", "-v", action="store_true", help="say more: every exempt item, every note")
    g.add_argument(
        "--code-root",
        metavar="DIR",
        help="Python code in which metric keys named in KPIs are looked up (default: the config's code-root)",
    )


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


class Context:
    """The CI environment, the config, the selected rules and the engine, built once per run."""

    def __init__(self, args: argparse.Namespace, config: Config | None = None) -> None:
        from custlint.engine.evaluator import Engine
        from custlint.engine.ruleset import every_rule
        from custlint.engine.selection import select_rules

        self.ci = ci_env.load()  # read once; what has no context at hand asks ci_env.current()
        self.args = args
        cfg = config or load_config(getattr(args, "config", None))
        extra = [Path(p) if Path(p).is_absolute() else cfg.root / p for p in cfg.rule_paths]
        self.all_rules = every_rule(extra)
        self.code_root = _code_root(args, cfg)
        if self.code_root is not None:  # the checks read the code root, absolute, from the config
            cfg = cfg.replace(code_root=str(self.code_root))
        self.config = cfg  # a copy when overridden: the config given is never changed
        from custlint.engine.selection import check_known

        given = {
            flag: _split(getattr(args, flag.replace("-", "_"), None)) for flag in ("select", "extend-select", "ignore")
        }
        for flag, sels in given.items():  # a typo on the command line is blamed on the command line
            check_known(sels, self.all_rules, f"--{flag} on the command line")
        select = given["select"] or list(cfg.select)
        extend = list(cfg.extend_select) + given["extend-select"]
        if self.code_root is not None and getattr(args, "verbose", False):
            extend = extend + ["kpi-metric-emitted"]  # verbose: say where each KPI metric is emitted
        ignore = list(cfg.ignore) + given["ignore"]
        self.rules = select_rules(self.all_rules, select, extend, ignore, cfg.severity, where=cfg.display_path)
        self.engine = Engine(cfg, self.rules)

    def default_format(self) -> str:
        return "text"


def _code_root(args: argparse.Namespace, cfg: Config) -> Path | None:
    """``--code-root`` (relative to the working directory) or ``code-root`` (relative to the config
    file), checked to be a folder, absolute; the Context puts it into its copy of the config."""
    from custlint.errors import UserError

    given = getattr(args, "code_root", None)
    if given:
        root, origin = Path(given).resolve(), "--code-root"
    elif cfg.code_root:
        root, origin = (cfg.root / cfg.code_root).resolve(), f"{cfg.display_path} 'code-root'"
    else:
        return None
    if not root.is_dir():
        raise UserError(
            f"{origin}: {root} is not a folder; point it at the Python code the KPIs' metrics are emitted by"
        )
    return root


def emit(
    ctx: Context, result: Result, command: str, *, default_format: str | None = None, extra: dict | None = None
) -> int:
    """Print ``result`` in the chosen format and return the exit code."""
    from custlint.reporters import ReportInfo, render

    args = ctx.args
    ci = ctx.ci
    # under GitHub Actions the default is annotations (--format github)
    fmt = getattr(args, "format", None) or default_format or ("github" if ci.github_actions else "text")
    output = getattr(args, "output", None)
    color = fmt == "text" and output is None and sys.stdout.isatty() and not ci.no_color
    info = ReportInfo(
        command=command,
        rules=ctx.rules,
        config_path=str(ctx.config.path or ""),
        color=color,
        verbose=getattr(args, "verbose", False),
        extra=dict(extra or {}),
    )
    text = render(fmt, result, info)
    if fmt == "text" and output is None and ci.github_actions:
        # the text holds commit messages and PR text: the runner must not take any line of it as a command
        from custlint.reporters.github import no_commands

        text = no_commands(text)
    if output:
        try:
            from custlint.reporters.safe_stream import printable

            Path(output).write_text(printable(text), encoding="utf-8")
        except OSError as exc:
            from custlint.errors import UserError

            raise UserError(f"cannot write report to {output}: {exc.strerror or exc}") from None
    else:
        from custlint.reporters.safe_stream import write_report

        write_report(sys.stdout, text)  # under Actions the annotations are marked as custlint's own
        sys.stdout.flush()
    if result.has_errors and not getattr(args, "exit_zero", False):
        return 1
    return 0

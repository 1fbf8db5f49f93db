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
        from custlint.reporters import FORMATS

        fmt = g.add_argument(
            "--format",
            metavar="FORMAT",
            help=f"output format: {', '.join(FORMATS)} (default: text; github under GitHub Actions)",
        )
        fmt.completion_choices = FORMATS  # type: ignore[attr-defined]  # not argparse's choices: render() says what is wrong
        g.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE instead of stdout")
        g.add_argument(
            "--quiet",
            "-q",
            action="store_true",
            help="print the findings and errors only: no notes, exempt list, summary line or warnings "
            "(nothing at all on a clean run); machine formats are unchanged",
        )
        g.add_argument(
            "--statistics",
            action="store_true",
            help="print how many findings each rule has instead of the findings (text or json)",
        )
        g.add_argument("--strict", action="store_true", help="warnings fail too: exit 1 on any error or warning")
        g.add_argument(
            "--color",
            choices=COLOR_CHOICES,
            metavar="WHEN",
            help="colour the text output: auto (default: a terminal, unless NO_COLOR is set, FORCE_COLOR "
            "forces it, TERM=dumb stops it), always, never",
        )
        g.add_argument(
            "--report",
            action="append",
            metavar="FORMAT:FILE",
            help="also write this run's report in FORMAT to FILE (repeatable; e.g. json:custlint.json, gitlab:cq.json)",
        )
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


COLOR_CHOICES = ("auto", "always", "never")


def wants_color(choice: str | None, ci: ci_env.CIEnv, to_terminal: bool) -> bool:
    """Whether the text output is coloured: ``--color always/never`` first, then ``NO_COLOR`` (any
    value), then ``FORCE_COLOR`` (any value but ``0`` or ``false``), then ``TERM=dumb``, then
    whether the output is a terminal."""
    if choice in ("always", "never"):
        return choice == "always"
    if ci.no_color:
        return False
    if ci.force_color and ci.force_color.lower() not in ("0", "false"):
        return True
    if ci.term == "dumb":
        return False
    return to_terminal


def warn(args: argparse.Namespace, text: str) -> None:
    """A warning on stderr (one line), unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        sys.stderr.write(f"custlint: warning: {' '.join(text.split())}\n")


def say(args: argparse.Namespace, text: str) -> None:
    """What custlint did or skipped, on stderr (one line), unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        sys.stderr.write(f"custlint: {' '.join(text.split())}\n")


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
        self.all_rules = every_rule(extra, cfg.rule_packs)
        self.code_root = _code_root(args, cfg)
        if self.code_root is not None:  # the checks read the code root, absolute, from the config
            cfg = cfg.replace(code_root=str(self.code_root))
        self.config = cfg  # a copy when overridden: the config given is never changed
        if cfg.rule_docs_url:
            from custlint.engine.rule_docs import check_template

            check_template(cfg.rule_docs_url, cfg.display_path)
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
    extra_reports: list[tuple[str, str]] = []
    if getattr(args, "report", None):  # --report FORMAT:FILE; nothing more to import on the hook's path
        from custlint.reporters import _extra

        extra_reports = _extra.parse(args.report)  # a bad value stops before anything is written
    # under GitHub Actions the default is annotations (--format github)
    fmt = getattr(args, "format", None) or default_format or ("github" if ci.github_actions else "text")
    if getattr(args, "statistics", False) and not getattr(args, "format", None):
        fmt = "text"  # a table of counts, also under GitHub Actions (whose default is annotations)
    output = getattr(args, "output", None)
    choice = getattr(args, "color", None)
    color = fmt == "text" and (choice == "always" or (output is None and wants_color(choice, ci, sys.stdout.isatty())))
    info = ReportInfo(
        command=command,
        rules=ctx.rules,
        config_path=str(ctx.config.path or ""),
        color=color,
        verbose=getattr(args, "verbose", False),
        extra={"rule_docs_url": ctx.config.rule_docs_url, **(extra or {})},
        quiet=getattr(args, "quiet", False),
    )
    if getattr(args, "statistics", False):
        from custlint.reporters.statistics import render_statistics

        text = render_statistics(fmt, result, info)
    else:
        text = render(fmt, result, info)
    if extra_reports:
        from custlint.reporters import _extra

        _extra.write(extra_reports, result, info)
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
    if getattr(args, "exit_zero", False):
        return 0
    if result.has_errors or (getattr(args, "strict", False) and any(f.severity == "warning" for f in result.findings)):
        return 1
    return 0

"""custlint completion bash|zsh|fish: a shell completion script, made from the commands' own parsers.

The script is written on demand from what each command module's ``add_arguments`` declares (its
options, which take a value, their choices, files or folders) plus the shipped rule codes, so it
is never out of step with ``--help``; nothing of it is built on any other command's path.
"""

from __future__ import annotations

import sys

HELP = "print a shell completion script: bash, zsh or fish (see the README for where to put it)"
SHELLS = ("bash", "zsh", "fish")

FILE_METAVARS = ("FILE", "PATH", "AUDIT.json")
DIR_METAVARS = ("DIR",)
REF_METAVARS = ("RANGE", "BRANCH")
RULE_METAVARS = ("RULES",)


def add_arguments(parser) -> None:
    parser.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish")


class Option:
    __slots__ = ("flags", "value", "choices", "help")

    def __init__(self, flags: list[str], value: str, choices: list[str], help: str) -> None:
        self.flags = flags  # ["-o", "--output"]
        self.value = value  # "" (a switch), "file", "dir", "choice", "rule", "ref", "text"
        self.choices = choices
        self.help = help


class Command:
    __slots__ = ("name", "help", "options", "positionals")

    def __init__(self, name: str, help: str) -> None:
        self.name = name
        self.help = help
        self.options: list[Option] = []
        self.positionals: list[tuple[str, str, list[str]]] = []  # (kind as Option.value, nargs, choices)


def _kind(metavar: str | None, choices) -> str:
    if choices:
        return "choice"
    head = (metavar or "").split()[0] if metavar else ""
    if head in FILE_METAVARS:
        return "file"
    if head in DIR_METAVARS:
        return "dir"
    if head in REF_METAVARS:
        return "ref"
    if head in RULE_METAVARS:
        return "rule"
    if head == "CODE":
        return "code"
    return "text"


def _short_help(text: str | None) -> str:
    """The help's first clause, on one line, for a menu."""
    words = " ".join((text or "").split())
    for stop in ("; ", " (", ": "):
        if stop in words:
            words = words.split(stop, 1)[0]
    return words[:70]


def _add_actions(cmd: Command, parser) -> None:
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            cmd.options.append(Option(list(action.option_strings), "", [], "show this help"))
        elif isinstance(action, argparse._SubParsersAction):
            cmd.positionals.append(("choice", "1", sorted(action.choices)))
            for sub in action.choices.values():
                _add_actions(cmd, sub)
        elif action.option_strings:
            choices = list(action.choices or getattr(action, "completion_choices", ()) or ())
            value = "" if action.nargs == 0 else _kind(action.metavar, choices)
            if not any(o.flags == list(action.option_strings) for o in cmd.options):
                cmd.options.append(Option(list(action.option_strings), value, choices, _short_help(action.help)))
        else:
            choices = list(action.choices or ())
            cmd.positionals.append((_kind(action.metavar, choices), str(action.nargs or "1"), choices))


def commands() -> list[Command]:
    """Every command, as its parser declares it (each command module is imported here, and only here)."""
    from custlint import cli

    out = []
    for name in cli._command_names():
        module = cli._load(name)
        parser = cli._parser(f"custlint {name}", module.HELP)
        module.add_arguments(parser)
        cmd = Command(name, _short_help(module.HELP))
        _add_actions(cmd, parser)
        out.append(cmd)
    return out


def rule_codes() -> list[str]:
    from custlint.engine.ruleset import every_rule

    return sorted({r.code for r in every_rule()})


def run(args) -> int:
    from custlint.commands import _shells

    render = {"bash": _shells.bash, "zsh": _shells.zsh, "fish": _shells.fish}[args.shell]
    sys.stdout.write(render(commands(), rule_codes()))
    return 0

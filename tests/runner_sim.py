"""How the GitHub Actions runner reads a step's output, for the injection tests.

Modelled on actions/runner ActionCommandManager.TryProcessCommand and ActionCommand.TryParseV2 /
TryParse: every line of stdout and stderr is tried as a command; v2 is a line that, trimmed,
starts with ``::``; legacy v1 is ``##[`` anywhere in the line; ``::stop-commands::TOKEN`` pauses
all commands until a ``::TOKEN::`` line.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Command:
    name: str
    props: dict[str, str] = field(default_factory=dict)
    data: str = ""
    line: str = ""


def _unescape_data(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_prop(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse_v2(line: str) -> Command | None:
    t = line.strip()
    if not t.startswith("::"):
        return None
    end = t.find("::", 2)
    if end < 0:
        return None
    info, data = t[2:end], t[end + 2:]
    name, _, props_raw = info.partition(" ")
    if not name:
        return None
    props = {}
    for pair in filter(None, props_raw.split(",")):
        k, _, v = pair.partition("=")
        props[k] = _unescape_prop(v)
    return Command(name.lower(), props, _unescape_data(data), line)


def _parse_v1(line: str) -> Command | None:
    i = line.find("##[")
    if i < 0:
        return None
    rb = line.find("]", i)
    if rb < 0:
        return None
    info = line[i + 3: rb]
    name = info.split(" ", 1)[0]
    if not name:
        return None
    return Command(name.lower(), {}, line[rb + 1:], line)


def commands(output: str) -> list[Command]:
    """The workflow commands the runner would process, in order."""
    done: list[Command] = []
    stop_token = None
    for line in output.splitlines():
        cmd = _parse_v2(line) or _parse_v1(line)
        if cmd is None:
            continue
        if stop_token is not None:
            if cmd.name == stop_token.lower():
                stop_token = None
                done.append(cmd)
            continue
        if cmd.name == "stop-commands":
            stop_token = cmd.data
        done.append(cmd)
    return done

"""``custlint <command>``: finds the command's module and runs it.

Each command is a module in :mod:`custlint.commands` with ``HELP`` (one line),
``add_arguments(parser)`` and ``run(args) -> int``. Only the module of the
command being run is imported, so the commit-msg hook pays for nothing else.

Exit codes: 0 clean (warnings allowed), 1 error findings, 2 a usage, config,
input or environment error, said in one line on stderr.
"""

from __future__ import annotations

import importlib
import os
import sys

from custlint import __version__
from custlint.errors import UserError


def _command_names() -> list[str]:
    import pkgutil

    from custlint import commands

    return sorted(
        m.name.replace("_", "-") for m in pkgutil.iter_modules(commands.__path__) if not m.name.startswith("_")
    )


def _load(name: str):
    """The command's module, or None when there is no such command (no directory scan on this path)."""
    if not name or name.startswith(("-", "_")) or not name.replace("-", "").isalnum():
        return None
    try:
        return importlib.import_module(f"custlint.commands.{name.replace('-', '_')}")
    except ModuleNotFoundError as exc:
        if exc.name == f"custlint.commands.{name.replace('-', '_')}":
            return None
        raise


def _parser(prog: str, description: str):
    """argparse, imported only for a command line the fast path does not read (about 4 ms)."""
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str):  # one line and exit 2, like every other user error
            raise UserError(f"{message}; see '{self.prog} --help'")

        def _get_formatter(self):
            # argparse builds a formatter for every add_argument, and its default width comes from
            # shutil.get_terminal_size: importing shutil (with bz2, lzma, fnmatch) was 2 ms of every hook
            # typeshed's formatter_class protocol names only prog=; argparse's formatters all take width=
            return self.formatter_class(prog=self.prog, width=_columns() - 2)  # type: ignore[call-arg]

    return _Parser(prog=prog, description=description)


def _columns() -> int:
    """The terminal's width as shutil.get_terminal_size gives it: $COLUMNS, else stdout's terminal, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    stdout = sys.__stdout__  # None when Python runs without one
    if stdout is None:
        return 80
    try:
        return os.get_terminal_size(stdout.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _free_text(argv: list[str], options: tuple[str, ...]) -> list[str]:
    """``--title -x`` read as ``--title=-x``: the value of an option that takes free text (a
    command's ``FREE_TEXT``) is the next argument whatever it starts with, as git's ``-m`` takes
    it. argparse would take ``-x`` for an option and refuse the command line. (``--`` ends the options.)"""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            return out + argv[i:]
        if arg in options and i + 1 < len(argv):
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def _top_help() -> str:
    lines = [f"usage: custlint <command> [options]   (custlint {__version__})", "", "commands:"]
    for name in _command_names():
        lines.append(f"  {name:<12} {_load(name).HELP}")
    lines += [
        "",
        "Run 'custlint <command> --help' for a command's options.",
        "Exit codes: 0 clean, 1 error findings, 2 usage, config, input or environment error.",
    ]
    return "\n".join(lines)


MAX_LINE = 1000  # characters of one error line: a 5,000-character path in a config is cut in the middle


def _one_line(text: object) -> str:
    # never let a message start a new line: in CI a line starting with '::' is a workflow command
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_LINE else f"{line[: MAX_LINE - 300]} ... {line[-280:]}"


def _os_error(exc: OSError) -> str:
    """One line for an OSError no command turned into a UserError: the file system refused a path
    (a name too long, no permission, a loop of links, a full disk): the input's or the machine's, not custlint's."""
    what = exc.strerror or type(exc).__name__
    names = [n for n in (exc.filename, exc.filename2) if n is not None]
    where = " -> ".join(repr(os.fsdecode(n) if isinstance(n, bytes) else str(n)) for n in names)
    return f"{what}{': ' + where if where else ''}; check the paths in the config and on the command line"


def main(argv: list[str] | None = None) -> int:
    from custlint.reporters import safe_stream
    from custlint.sources.ci_env import github_actions

    # every line written to stdout or stderr passes one writer: it replaces what no reader can show
    # safely (lone surrogates, control characters) and, under GitHub Actions, breaks any workflow
    # command in it, but the annotations --format github writes as its own (SECURITY.md 2)
    state = safe_stream.install(runner=github_actions())
    try:
        return _main(argv)
    finally:
        safe_stream.uninstall(state)


def entry() -> None:
    """The ``custlint`` command (and ``python -m custlint``): :func:`main`, then the process ends as
    soon as what it wrote is out, without the interpreter's teardown.

    A normal exit tears down every module and frees every object one by one: 30-40 ms after an
    audit of 40,000 commits (the rules, their compiled patterns, the report's data), paid once the
    work is done, by every CI job and every hook run. Here the standard streams are flushed, the exit
    handlers run (``atexit``: temporary folders, multiprocessing's finalizers, a coverage tool's
    data), the streams are flushed again, and the process exits with main's code (mypy ends the same
    way). Where that is not known to be safe, the normal exit is taken: a stream that cannot be
    flushed, a thread that is still running. ``main`` itself (called from Python) exits nothing."""
    code = main()
    _end(code)


def _flushed() -> bool:
    """Standard output and error flushed; False where one cannot be (a closed pipe, a closed stream)."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return False
    return True


def _end(code: int) -> None:
    import threading

    if not _flushed():
        sys.exit(code)  # Python's own exit says what it says of a stream that cannot be written
    main_thread = threading.main_thread()
    if any(t is not main_thread and not t.daemon and t.is_alive() for t in threading.enumerate()):
        sys.exit(code)  # a thread's work may still be under way: the normal exit waits for it
    import atexit

    atexit._run_exitfuncs()
    _flushed()  # what the exit handlers wrote
    os._exit(code)


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or argv[0] in ("-h", "--help", "help"):
            print(_top_help())
            return 0 if argv else 2
        if argv[0] in ("-V", "--version"):
            print(f"custlint {__version__}")
            return 0
        name = argv[0]
        module = _load(name)
        if module is None:
            raise UserError(f"unknown command {name!r}; commands: {', '.join(_command_names())}")
        fast = getattr(module, "fast_args", None)
        args = fast(argv[1:]) if fast is not None else None  # the hook's one-file call, without argparse
        if args is None:
            parser = _parser(f"custlint {name}", module.HELP)
            module.add_arguments(parser)
            args = parser.parse_args(_free_text(argv[1:], getattr(module, "FREE_TEXT", ())))
        args.command = name
        return module.run(args)
    except UserError as exc:
        sys.stderr.write(f"custlint: error: {_one_line(exc)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("custlint: interrupted\n")
        return 130
    except RecursionError:  # a JSON or TOML input nested thousands of levels deep: the user's input, not a bug
        sys.stderr.write(
            "custlint: error: an input (event payload, export, API answer, config or front matter) is nested "
            "too deeply to read; flatten it\n"
        )
        return 2
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
    except OSError as exc:  # after BrokenPipeError, one of its kind
        sys.stderr.write(f"custlint: error: {_one_line(_os_error(exc))}\n")
        return 2
    except Exception as exc:  # a bug in custlint, not the user's mistake
        if os.environ.get("CUSTLINT_DEBUG"):
            raise
        sys.stderr.write(
            f"custlint: internal error: {_one_line(type(exc).__name__ + ': ' + str(exc))}; "
            "rerun with CUSTLINT_DEBUG=1 for details and report it\n"
        )
        return 2

"""The ``zhenggai`` command line: a thin shell over the library.

Each sub-command lives in its own module, imported only when that command runs (or when the help
lists them): ``zhenggai check`` does not pay for ``parse``'s comparison code or ``schema``'s
JSON Schema generation at start-up. Every expected error is printed as one line
(code, file, place, message) on stderr and exits 2; ``--debug`` shows the traceback.

Run as the program (``main()`` without arguments: the ``zhenggai`` script, ``python -m engine.cli``),
``main`` owns a short-lived process and tunes it for start-up (see ``engine.cli.process``).
"""

from __future__ import annotations

import importlib
import sys
import traceback
from typing import NoReturn

import click

from engine.cli import process
from engine.errors import EngineError, ZhenggaiError

# Sub-command name -> (module, attribute) of its click command.
_COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("engine.cli.check_cmd", "check_command"),
    "parse": ("engine.cli.parse_cmd", "parse"),
    "rules": ("engine.cli.rules_cmd", "rules"),
    "schema": ("engine.cli.schema_cmd", "schema"),
    "serve": ("engine.cli.serve_cmd", "serve"),
}


class _LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _COMMANDS:
            module, attribute = _COMMANDS[cmd_name]
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command)
            process.imports_done()
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="zhenggai", prog_name="zhenggai")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """zhenggai (整改): check Chinese rectification notices against declarative rules.

    \b
    Examples:
      zhenggai check fixtures/raw/yuzhou-2021-01-07.txt
      zhenggai parse fixtures/raw/huainan-tzb-2020-12-17.txt --format json
      zhenggai schema notice > notice.schema.json
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug



def _traceback() -> None:
    """``--debug``: the traceback of the error being handled, then exit 2 as without it."""
    traceback.print_exc()
    sys.exit(2)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning expected errors into one line and exit code 2.

    With ``argv`` (tests, embedding) it ends by raising SystemExit. Without, it is the program: it
    runs ``sys.argv`` and ends the process itself (``process.run_program``).
    """
    if argv is None:
        process.run_program(_run, sys.argv[1:])
    _run(argv)


def _run(args: list[str]) -> NoReturn:
    """Run the CLI on ``args``; always ends with SystemExit (the exit code)."""
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="zhenggai", standalone_mode=False)
    except ZhenggaiError as exc:
        if debug:
            _traceback()
        click.echo(f"zhenggai: error: {exc}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("zhenggai: aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        click.echo(f"zhenggai: error: {exc.format_message()}".replace("\n", " "), err=True)
        sys.exit(2)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("zhenggai: interrupted", err=True)
        sys.exit(130)
    except (Exception, RecursionError) as exc:  # a bug: still one line (the traceback with --debug)
        if debug:
            _traceback()
        error = EngineError(f"internal error: {type(exc).__name__}: {exc}", hint="rerun with --debug for details")
        click.echo(f"zhenggai: error: {error}", err=True)
        sys.exit(2)
    sys.exit(0)

"""The `samarbeid` command line and its one error boundary.

Exit codes: 0 ok, 1 the data or input is wrong, 2 usage error, 3 a bug in samarbeid (the
traceback is written to a file), 130 interrupted.

Commands load lazily (issue 19): each is one line of COMMANDS below, its name -> the
"module:function" that registers it on a Typer app (the `register(app)` of its module). Nothing
of a command is imported until it runs or its --help is shown; `samarbeid --help` reads only
the help texts. A new command: a module with `register(app)`, and one line in COMMANDS, in the
place where --help should list it. tests/test_startup.py checks that --help and --version load
no heavy library, and that every line names the command its module registers.
"""

from __future__ import annotations

import codecs
import gc
import io
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from samarbeid_cli import __version__, i18n
from samarbeid_cli.cli.help_text import TranslatedHelp, typer_speaks, use_language
from samarbeid_cli.cli.lazy import LazyCommands
from samarbeid_cli.cli.options import (
    EXIT_CODES,
    WORKSPACE_VARIABLE,
    FlagsShownAsFlags,
    chosen_workspace,
    refuse_identity_numbers,
    workspace_language,
)
from samarbeid_cli.cli.usage_errors import translated
from samarbeid_cli.errors import DataError, SamarbeidError, UsageError
from samarbeid_cli.i18n import _, ngettext
from samarbeid_cli.models.identity_number import redact

EXIT_CODES_HELP = f"Exit codes: {EXIT_CODES}."

COMMANDS = {
    "validate": "samarbeid_cli.cli.validate:register",
    "schema": "samarbeid_cli.cli.schema:register",
    "schedule": "samarbeid_cli.cli.schedule:register",
    "diff": "samarbeid_cli.cli.diff:register",
    "check-revisions": "samarbeid_cli.cli.check_revisions:register",
    "init": "samarbeid_cli.cli.init:register",
    "check-consent": "samarbeid_cli.cli.check_consent:register",
    "checklist": "samarbeid_cli.cli.checklist:register",
    "wheel": "samarbeid_cli.cli.wheel:register",
    "invite": "samarbeid_cli.cli.invite:register",
    "conflicts": "samarbeid_cli.cli.conflicts:register",
    "assumptions": "samarbeid_cli.cli.assumptions:register",
    "agenda": "samarbeid_cli.cli.agenda:register",
    "minutes": "samarbeid_cli.cli.minutes:register",
    "routine": "samarbeid_cli.cli.routine:register",
    "overview": "samarbeid_cli.cli.overview:register",
    "site": "samarbeid_cli.cli.site:register",
    "responses": "samarbeid_cli.cli.responses:register",
    "login": "samarbeid_cli.cli.login:register",
    "logout": "samarbeid_cli.cli.login:register_logout",
    "history": "samarbeid_cli.cli.routine_history:register",
}
"""Every command, in the order --help lists them: name -> "module:function" registering it."""


def report_error(err: SamarbeidError) -> None:
    """Print a SamarbeidError to stderr: one line per problem, then a count.

    Identity numbers never reach the terminal: findings blank them out themselves, and every
    other message is blanked out here.
    """
    if isinstance(err, DataError):
        for finding in err.findings:
            typer.echo(str(finding), err=True)
        files = len({finding.path for finding in err.findings})
        typer.echo(
            "samarbeid: "
            + ngettext(
                "{count} problem in {files} file(s); nothing was written.",
                "{count} problems in {files} file(s); nothing was written.",
                len(err.findings),
            ).format(count=len(err.findings), files=files),
            err=True,
        )
    else:
        typer.echo(f"samarbeid: {redact(str(err))}", err=True)


# The reader of the output went away (`samarbeid ... | head`): leave quietly, with the code click
# itself uses when it meets a closed pipe, so the exit is the same whichever layer sees it.
BROKEN_PIPE = 1


def _quiet_stdout() -> None:
    """The reader went away: point stdout at /dev/null so the final flush cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


class _Boundary(TranslatedHelp, FlagsShownAsFlags, TyperGroup):
    """Turns every exception into a message and an exit code; nothing else prints errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy = LazyCommands(COMMANDS, self.rich_markup_mode)
        for name, command in self.commands.items():  # any registered the usual way
            self._lazy[name] = command
        self.commands = self._lazy
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # the names alone (typer's would build every command)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and cmd_name in self._lazy:
            return self._lazy.summary(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        # The list of commands needs their names and help, not their options.
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def make_context(
        self, info_name: str | None, args: list[str], *rest: Any, **kwargs: Any
    ) -> Any:
        # Chosen anew for every run (tests run many in one process); `--lang` may override.
        if i18n.is_chosen():
            use_language(i18n.from_environment())
        else:
            use_language(workspace_language(args) or "en")
        try:
            return super().make_context(info_name, args, *rest, **kwargs)
        except ClickUsageError as err:
            typer_speaks()  # typer prints it, in the chosen language
            raise translated(err) from None
        except (typer.TyperException, typer.Abort):
            typer_speaks()
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            refuse_identity_numbers(ctx)
            return super().invoke(ctx)
        except ClickUsageError as err:
            # A command's own options are parsed here, inside the group's invoke.
            typer_speaks()
            raise translated(err) from None
        except SamarbeidError as err:
            report_error(err)
            raise typer.Exit(err.exit_code) from err
        except typer.Exit:
            raise
        except (typer.Abort, typer.TyperException):
            typer_speaks()  # typer prints it, in the chosen language
            raise
        except KeyboardInterrupt:
            typer.echo("samarbeid: " + _("interrupted."), err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise typer.Exit(BROKEN_PIPE) from None
        except Exception as err:
            import tempfile  # only here: a run that does not crash needs neither
            import traceback

            # UTF-8 whatever the locale: a traceback may hold any character a path or value had.
            with tempfile.NamedTemporaryFile(
                "w",
                encoding="utf-8",
                errors="backslashreplace",
                newline="\n",
                prefix="samarbeid-crash-",
                suffix=".txt",
                delete=False,
            ) as handle:
                traceback.print_exc(file=handle)
            typer.echo(
                "samarbeid: "
                + _(
                    "sorry, this is a bug in samarbeid ({error}). The details are in {file}; "
                    "please attach that file to an issue."
                ).format(error=type(err).__name__, file=handle.name),
                err=True,
            )
            raise typer.Exit(3) from err


app = typer.Typer(
    cls=_Boundary,
    name="samarbeid",
    help=(
        "Run a municipality's collaboration arenas for children and youth (ressursteam, "
        "ansvarsgruppe, SLT, BTI, ...) from YAML data in git.\n\n"
        "The data lives in data/municipalities/<slug>.yaml and "
        "data/arenas/<municipality>/<arena>.yaml. Start with 'samarbeid validate', then "
        "'samarbeid schedule --municipality <slug>'.\n\n" + EXIT_CODES_HELP + "\n\nExamples:\n"
        "  samarbeid validate\n      Check every data file of the workspace you are in.\n"
        "  samarbeid schedule -m selbu\n      The coming half-year's meetings for Selbu.\n"
        "  samarbeid schedule --help\n      Everything schedule can do."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"samarbeid {__version__}")
        raise typer.Exit()


def _language(value: str | None) -> None:
    if value is None:
        return
    language = i18n.language_of(value)
    if language is None or (language == "en" and not value.lower().startswith("en")):
        raise typer.BadParameter(_("must be nb (bokmål), nn (nynorsk) or en"))
    use_language(language)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            envvar=WORKSPACE_VARIABLE,
            help="The municipality's workspace (the folder with data/), for every command. "
            "Default: the current folder or the nearest one above it with data/.",
        ),
    ] = None,
    lang: str | None = typer.Option(
        None,
        "--lang",
        callback=_language,
        is_eager=True,
        metavar="nb|nn|en",
        help="The language of samarbeid's messages and help: nb (bokmål), nn (nynorsk) or en. "
        "Default: SAMARBEID_LANG, else your locale (LC_ALL, LC_MESSAGES, LANG): nb or no gives "
        "bokmål, nn nynorsk, anything else English; where none is set, the målform of the "
        "workspace's municipality.",
    ),
) -> None:
    """Root options."""
    if workspace is not None and not workspace.is_dir():
        raise UsageError(_("--workspace {path}: is not a folder").format(path=workspace))
    chosen_workspace[0] = workspace
    from samarbeid_cli.delivery import targets

    targets.begin(workspace)


def _console_never_fails() -> None:
    """Let an output that cannot show a character print "?" rather than stop the run.

    A Windows console or pipe may speak cp1252 or cp850, which have no "–" (kl. 08.30–09.30),
    or cp437, which has no "ø"; Python's stdout then raises UnicodeEncodeError. UTF-8 outputs
    are left as they are, and so is a stream that already tolerates errors (stderr does).
    """
    for stream in (sys.stdout, sys.stderr):
        if (
            isinstance(stream, io.TextIOWrapper)
            and stream.errors == "strict"
            and codecs.lookup(stream.encoding).name != "utf-8"
        ):
            stream.reconfigure(errors="replace")


def _fewer_collections() -> None:
    """Let the cyclic garbage collector run less often: a tenth of the time of validate.

    Reading a national data set allocates millions of small objects (events, nodes, values)
    that reference counting frees; the data holds no cycles. With CPython's default threshold
    the collector walks the young objects every 700 allocations, and every so often all of
    them (issue 19). What start-up imported lives as long as the process and is frozen out of
    every walk. mypy raises its thresholds the same way.
    """
    gc.freeze()
    gc.set_threshold(_GC_THRESHOLD, 20, 20)


_GC_THRESHOLD = 50_000


def main() -> None:
    """Console-script entry point."""
    _console_never_fails()
    _fewer_collections()
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("samarbeid: " + _("interrupted.") + "\n")
        sys.exit(130)
    except BrokenPipeError:
        _quiet_stdout()
        sys.exit(BROKEN_PIPE)

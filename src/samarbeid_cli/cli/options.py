"""Options and small conversions shared by several commands."""

from __future__ import annotations

import datetime as dt
import inspect
import os
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from typer.core import TyperCommand

from samarbeid_cli.cli.help_text import TranslatedHelp
from samarbeid_cli.errors import InputError, UsageError
from samarbeid_cli.i18n import N_, _

EXIT_CODES = (
    "0 ok; 1 invalid data or input (every problem is printed as path:line:col: field: "
    "message); 2 usage error; 3 a bug in samarbeid; 130 interrupted"
)


class FlagsShownAsFlags:
    """--help shows `--json`, not `--json <bool>` (typer prints a type for every option)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


# What to write instead, where an option has a better answer than "remove it".
_INSTEAD = {
    "--case": N_("use the case's reference in your case system instead (e.g. AG-2027-014)"),
}


def refuse_identity_numbers(ctx: Any) -> None:
    """Refuse any argument of the command in `ctx` that holds an identity number.

    Every value is read the way the privacy guard reads the data (`--location` goes into the
    .ics, the .eml and the agenda; `--out` becomes a file name; a path is echoed in messages
    and reports), whether it came from the command line or from an environment variable.

    Raises:
        UsageError: Names the option or argument, never its value.
    """
    from samarbeid_cli.models.identity_number import identity_number_spans

    for param in ctx.command.params:
        value = ctx.params.get(param.name)
        values = value if isinstance(value, list | tuple) else [value]
        if any(
            isinstance(item, str | Path) and identity_number_spans(str(item)) for item in values
        ):
            long_names = [name for name in param.opts if name.startswith("--")]
            shown = long_names[0] if long_names else (param.metavar or param.name).upper()
            instead = _INSTEAD.get(
                shown, N_("remove it: what samarbeid writes names roles, never people")
            )
            raise UsageError(
                _("{option} looks like a national identity number; {instead}").format(
                    option=shown, instead=_(instead)
                )
            )


class Command(TranslatedHelp, FlagsShownAsFlags, TyperCommand):
    """Every samarbeid command: flags shown as flags in --help, in the user's language, and
    no argument that holds an identity number."""

    def invoke(self, ctx: Any) -> Any:
        refuse_identity_numbers(ctx)
        return super().invoke(ctx)


WORKSPACE_VARIABLE = "SAMARBEID_WORKSPACE"
"""A municipality's workspace (its repository root or data folder), for every command."""

_MALFORM = re.compile(r"^malform:\s*[\"']?(nb|nn)[\"']?\s*(?:#.*)?$", re.MULTILINE)


def workspace_language(args: list[str], environ: Mapping[str, str] | None = None) -> str | None:
    """`nb` or `nn`: the målform of the one municipality of the workspace the command runs in
    (`--workspace`, else SAMARBEID_WORKSPACE, else the current folder), for messages when
    neither SAMARBEID_LANG nor the locale says; None where there is no such municipality.

    Read before the command line is parsed and before any data is loaded, so it looks only
    at the `malform:` line; a workspace with several municipalities has no one målform.
    """
    env = os.environ if environ is None else environ
    start: str | None = None
    for index, arg in enumerate(args):
        if arg in ("--workspace", "-w") and index + 1 < len(args):
            start = args[index + 1]
        elif arg.startswith("--workspace="):
            start = arg.partition("=")[2]
    folder = Path(start or env.get(WORKSPACE_VARIABLE) or Path.cwd())
    try:
        for candidate in (folder, *folder.resolve().parents):
            for data in (candidate, candidate / "data"):
                municipalities = data / "municipalities"
                if municipalities.is_dir():
                    files = [p for p in municipalities.glob("*.yaml") if "." not in p.stem]
                    if len(files) != 1:
                        return None
                    found = _MALFORM.search(files[0].read_text(encoding="utf-8"))
                    return found[1] if found else "nb"
    except (OSError, UnicodeDecodeError):
        return None
    return None


chosen_workspace: list[Path | None] = [None]
"""--workspace (or the variable) of the running command; the root callback sets it each run."""


def data_dir_from(path: Path | None, *, option: str = "--data") -> Path:
    """The data folder to use: `path` (a data folder or a file inside one), or the workspace's.

    Args:
        path: What the user gave, if anything.
        option: How the user passes a folder to this command, for the message when none is
            found ("--data" or "a path argument").
    """
    from samarbeid_cli.loading.workspace import find_data_dir

    if path is None and chosen_workspace[0] is not None:
        path = chosen_workspace[0]
        option = f"--workspace or {WORKSPACE_VARIABLE}"
    if path is None:
        try:
            return find_data_dir(Path.cwd())
        except InputError as err:
            raise InputError(
                _(
                    "no data folder here or in the folders above (looked for "
                    "data/municipalities/); run samarbeid inside the workspace, or pass the "
                    "folder with {option} (or 'samarbeid --workspace DIR ...' for any command)"
                ).format(option=option)
            ) from err
    if not path.exists():
        raise UsageError(_("{path} does not exist").format(path=path))
    return find_data_dir(path if path.is_dir() else path.parent)


def in_planned_years(day: dt.date, option: str, text: str) -> dt.date:
    """`day` if it lies in the years samarbeid plans for.

    Raises:
        UsageError: It does not (`9999-12-31` would crash the first half-year after it).
    """
    from samarbeid_cli.services.periods import FIRST_YEAR, LAST_YEAR

    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(
            _("{option} must be a date from {first}-01-01 to {last}-12-31 (got {text})").format(
                option=option, first=FIRST_YEAR, last=LAST_YEAR, text=repr(text)
            )
        )
    return day


def outside_data(path: Path, data_dir: Path, option: str, *, folder: bool = True) -> None:
    """Refuse, before any work, an output the write would refuse (see delivery/targets.py):
    in the data folder or holding it, onto an input of this run, onto a device.

    Raises:
        UsageError: Nothing may be written at `path`.
    """
    from samarbeid_cli.delivery import targets

    targets.protect_workspace(data_dir)
    targets.refuse(path, folder=folder, name=f"{option} {path}")


def today_from(text: str | None) -> dt.date:
    """`--today`, or the real date: the one place that reads the clock for a date."""
    if text is None:
        return dt.datetime.now().astimezone().date()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("--today must be a date such as 2026-12-01 (got {text})").format(text=repr(text))
        ) from None
    return in_planned_years(day, "--today", text)


def stamp_from(text: str | None) -> dt.datetime:
    """DTSTAMP: `--stamp`, else SOURCE_DATE_EPOCH (reproducible builds), else now, in UTC.

    A date without a time or offset is refused with a suggestion that is itself accepted.
    """
    if text is not None:
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            raise UsageError(
                _(
                    "--stamp must be a date and time with a UTC offset, such as "
                    "2026-06-15T09:00:00Z or 2026-06-15T11:00:00+02:00 (got {text})"
                ).format(text=repr(text))
            ) from None
        if stamp.tzinfo is None:
            plain = stamp.isoformat()
            needs = (
                _("--stamp needs a UTC offset, e.g. {plain}Z or {plain}+01:00 (got {text})")
                if "T" in text.upper() or " " in text
                else _(
                    "--stamp needs a time and a UTC offset, e.g. {plain}Z or {plain}+01:00 "
                    "(got {text})"
                )
            )
            raise UsageError(needs.format(plain=plain, text=repr(text)))
        from samarbeid_cli.services.periods import FIRST_YEAR, LAST_YEAR

        if not FIRST_YEAR <= stamp.year <= LAST_YEAR:
            raise UsageError(
                _("--stamp must be a date and time from {first} to {last} (got {text})").format(
                    first=FIRST_YEAR, last=LAST_YEAR, text=repr(text)
                )
            )
        return stamp.astimezone(dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                _("SOURCE_DATE_EPOCH must be whole seconds (got {epoch})").format(epoch=repr(epoch))
            ) from None
    return dt.datetime.now(dt.UTC)


def help_from(docstring: str | None, examples: list[tuple[str, str]] | None = None) -> str:
    """A command's --help from its docstring: paragraphs kept, the source's line breaks not.

    Typer's rich help keeps every newline, so a docstring wrapped at 100 columns would come out
    ragged on a narrower terminal. The exit codes and the examples (command, what it does) are
    appended, each example on lines of its own.
    """
    paragraphs = [" ".join(p.split()) for p in inspect.cleandoc(docstring or "").split("\n\n")]
    own = [index for index, p in enumerate(paragraphs) if p.startswith("Exit codes")]
    for index in own:
        # A command with exit codes of its own still lists the two every command shares.
        if "130" not in paragraphs[index]:
            paragraphs[index] = (
                paragraphs[index].rstrip(".") + "; 3 a bug in samarbeid; 130 interrupted."
            )
    text = "\n\n".join(paragraphs)
    if not own:
        text += f"\n\nExit codes: {EXIT_CODES}."
    if examples:
        lines = [f"  {command}\n      {what}" for command, what in examples]
        text += "\n\nExamples:\n" + "\n".join(lines)
    return text


STDOUT = Path("-")
"""`--out -`: print the one document instead of writing it."""


def print_or_write(
    out: Path | None,
    content: bytes,
    *,
    binary: bool = False,
    private: bool = False,
    announce: bool = True,
) -> None:
    """A command's one document: printed (no --out, or --out -), else written to `out`.

    The file is written all or nothing, and only where delivery/targets.py allows: never into
    the data, onto an input of the run or onto a device.

    Args:
        out: --out as given.
        content: The document.
        binary: Print the bytes as they are (.ics with its CRLF, .docx) instead of as text.
        private: It holds personal data: the file is readable by its owner only.
        announce: Say "wrote FILE" on stderr.

    Raises:
        UsageError: Nothing may be written at `out`.
    """
    import typer

    from samarbeid_cli.delivery import targets
    from samarbeid_cli.delivery.writing import write_all

    if out is None or out == STDOUT:
        typer.echo(content if binary else content.decode(), nl=False)
        return
    targets.refuse(out, folder=False, name=f"--out {out}")
    write_all({out: content}, private=private)
    if announce:
        typer.echo(_("wrote {path}").format(path=out), err=True)


class Publish(StrEnum):
    """Calendar services a series or a meeting can be published in (`--publish`)."""

    outlook = "outlook"

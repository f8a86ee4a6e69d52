"""--help in the user's language.

Typer reads every help text when the commands are defined, at import, long before `--lang`
or the locale is known. So help stays English in the code and is translated when it is
shown: each paragraph of a command's help and each option's help is one message of the
catalogue, and the Examples' command lines are kept as they are (they must run as shown).
The catalogue learns these messages from `extract`, which Babel runs on this file (see
babel.cfg): it walks the commands as the help shows them, so nothing is missed.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import IO, Any

from samarbeid_cli import i18n
from samarbeid_cli.cli import lazy
from samarbeid_cli.i18n import N_, _

_EXAMPLES = "Examples:"
_EXAMPLE_TEXT = "      "
"""An example's description is indented by six spaces, its command line by two."""

# Typer's own words in --help and usage errors: module constants it reads when it prints, set
# in the chosen language (typer has no catalogue of its own for them).
_TYPER_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}


def use_language(language: str) -> None:
    """Speak `language` in messages and in typer's help and usage errors."""
    i18n.use(language)
    if "typer.rich_utils" in sys.modules:
        typer_speaks()


def typer_speaks() -> None:
    """typer's help and usage errors in the chosen language, before typer prints either.

    typer's rendering is imported here, when it is about to be used, not at start-up:
    `--version` and a command that runs need none of it.
    """
    rich_utils = lazy.rich_utils()
    for name, text in _TYPER_TEXTS.items():
        setattr(rich_utils, name, _(text))


def messages(help_text: str) -> list[str]:
    """The catalogue's messages in a help text: its paragraphs, and the Examples' heading and
    descriptions."""
    found: list[str] = []
    for paragraph in help_text.split("\n\n"):
        if paragraph.startswith(_EXAMPLES + "\n"):
            found.append(_EXAMPLES)
            found += [
                line.strip() for line in paragraph.splitlines() if line.startswith(_EXAMPLE_TEXT)
            ]
        elif paragraph.strip() and not _is_command_line(paragraph):
            found.append(paragraph)
    return found


def _is_command_line(paragraph: str) -> bool:
    """An example given as a paragraph of its own (`samarbeid diff main...HEAD`): kept as is."""
    return paragraph.startswith("samarbeid ")


def translate(help_text: str) -> str:
    """`help_text` in the chosen language, paragraph by paragraph."""
    paragraphs = []
    for paragraph in help_text.split("\n\n"):
        if paragraph.startswith(_EXAMPLES + "\n"):
            lines = [_(_EXAMPLES)] + [
                _EXAMPLE_TEXT + _(line.strip()) if line.startswith(_EXAMPLE_TEXT) else line
                for line in paragraph.splitlines()[1:]
            ]
            paragraphs.append("\n".join(lines))
        elif paragraph.strip() and not _is_command_line(paragraph):
            paragraphs.append(_(paragraph))
        else:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


@contextlib.contextmanager
def _translated(objects: list[Any]) -> Iterator[None]:
    """Each object's `help` (and a command's `epilog`, where its examples are) translated
    while the block runs, then back as it was."""
    shown = [(item, name) for item in objects for name in ("help", "epilog") if hasattr(item, name)]
    before = [getattr(item, name) for item, name in shown]
    try:
        for (item, name), text in zip(shown, before, strict=True):
            if text:
                setattr(item, name, translate(text))
        yield
    finally:
        for (item, name), text in zip(shown, before, strict=True):
            setattr(item, name, text)


class TranslatedHelp:
    """--help and the usage line in the chosen language (a mixin for click commands)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        typer_speaks()
        shown: list[Any] = [self, *self.get_params(ctx)]  # type: ignore[attr-defined]
        if hasattr(self, "commands"):
            shown += [self.get_command(ctx, name) for name in self.list_commands(ctx)]  # type: ignore[attr-defined]
        with _translated(shown):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage:") + " ")


def _every_help() -> Iterator[tuple[str, str]]:
    """(where it is shown, help text) for every command and option."""
    import typer.main

    from samarbeid_cli.cli import app

    root: Any = typer.main.get_command(app)
    root_context = root.context_class(root, info_name="samarbeid")
    commands: list[tuple[Any, Any]] = [(root, root_context)]
    for name, command in sorted(root.commands.items()):
        commands.append(
            (command, command.context_class(command, info_name=name, parent=root_context))
        )
    for command, context in commands:
        where = context.command_path
        yield f"{where} --help", command.help or ""
        yield f"{where} --help", command.epilog or ""
        for param in command.get_params(context):
            shown = param.opts[0] if param.opts else param.name
            yield f"{where} {shown}", getattr(param, "help", None) or ""


def extract(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel's extractor for this file: its own marked texts, then every help message."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    seen: set[str] = set()
    for where, help_text in _every_help():
        for text in messages(help_text):
            if text not in seen:
                seen.add(text)
                yield 0, None, text, [where]

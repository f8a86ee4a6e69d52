"""Typer's usage errors ("No such option", "Missing option") in the user's language.

Typer builds these messages in English with f-strings (its copy of click has no gettext), so
they cannot be looked up in a catalogue as they are. Each error is recognised by its class and
the values it carries, and said again through our own catalogue; the boundary in
`cli/__init__.py` raises the result in its place, so every command inherits it.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click import exceptions as click_errors

from samarbeid_cli.i18n import _

# Typer's own sentences inside a BadParameter or a plain UsageError: (pattern, message).
_MISSING_COMMAND = "Missing command."
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", re.S)
_NO_SUCH_COMMAND = re.compile(r"No such command (?P<name>'.*')\.", re.S)
_NOT_ONE_OF = re.compile(r"(?:Value error, )?(?P<value>.*) is not one of (?P<choices>.*)\.", re.S)
_NOT_VALID = re.compile(r"Value (?P<value>.*) is not a valid (?P<label>.*)\.", re.S)
_PATH = re.compile(
    r"(?P<label>File|Directory|Path) (?P<path>'.*') "
    r"(?P<problem>does not exist|is a file|is a directory|is not readable|is not writable)\.",
    re.S,
)
_REQUIRES = re.compile(
    r"Option (?P<option>'.*') requires (?:an argument|(?P<count>\d+) arguments)\."
)
_NO_VALUE = re.compile(r"Option (?P<option>'.*') does not take a value\.")
_TAKES = re.compile(r"Argument (?P<name>'.*') takes (?P<count>\d+) values\.")


def translated(err: click_errors.UsageError) -> click_errors.UsageError:
    """`err` said in the chosen language, as an error typer prints the same way (exit code 2).

    An error whose message is not one of typer's (samarbeid's own `BadParameter` texts are
    translated already) keeps its message; only typer's frame around it is translated.
    """
    if isinstance(err, click_errors.NoArgsIsHelpError):
        return err
    message = _message(err)
    if message is None:
        return err
    return click_errors.UsageError(message, err.ctx)


def _message(err: click_errors.UsageError) -> str | None:
    if isinstance(err, click_errors.NoSuchOption):
        message = _("No such option: {option}").format(option=err.option_name)
        if err.possibilities:
            message += " " + _("(Possible options: {options})").format(
                options=", ".join(sorted(err.possibilities))
            )
        return message
    if isinstance(err, click_errors.MissingParameter):
        return _missing(err)
    if isinstance(err, click_errors.BadParameter):
        hint = err.param_hint if err.param_hint is not None else _hint(err.param)
        if isinstance(hint, list | tuple):
            hint = " / ".join(repr(item) for item in hint)
        inner = _inner(err)
        if hint is None:
            return _("Invalid value: {message}").format(message=inner)
        return _("Invalid value for {option}: {message}").format(option=hint, message=inner)
    return _plain(err.message)


def _hint(param: Any) -> str | None:
    """How typer names the option or argument (`'--name'`, `'DIR'`)."""
    return None if param is None else str(param.get_error_hint())


def _missing(err: click_errors.MissingParameter) -> str:
    kind = err.param_type or getattr(err.param, "param_type_name", None) or "parameter"
    hint = err.param_hint if err.param_hint is not None else _hint(err.param)
    if isinstance(hint, list | tuple):
        hint = " / ".join(repr(item) for item in hint)
    if kind == "argument":
        message = _("Missing argument {name}.").format(name=hint)
    elif kind == "option":
        message = _("Missing option {name}.").format(name=hint)
    else:
        message = _("Missing {name}.").format(name=hint)
    choices = _choices(err.param)
    if choices:
        message += " " + _("Choose from: {choices}.").format(choices=", ".join(choices))
    return message


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not getattr(descriptor, "is_choice", False):
        return []
    return [str(getattr(choice, "value", choice)) for choice in descriptor.choices or ()]


def _inner(err: click_errors.BadParameter) -> str:
    """The sentence inside "invalid value for ...": typer's in our words, ours as it is."""
    from pydantic import ValidationError

    cause = err.__cause__
    if isinstance(cause, ValidationError) and cause.errors():
        error = cause.errors()[0]
        if error["type"] != "value_error":
            from samarbeid_cli.loading.messages import describe

            return describe(error)
    return _plain(err.message) or err.message


def _plain(message: str) -> str | None:
    """One of typer's sentences in our words, or None if `message` is not one of them."""
    if message == _MISSING_COMMAND:
        return _("Missing command.")
    if match := _EXTRA_ARGUMENTS.fullmatch(message):
        return _("Got unexpected extra argument(s) ({arguments})").format(arguments=match["args"])
    if match := _NO_SUCH_COMMAND.fullmatch(message):
        return _("No such command {name}.").format(name=match["name"])
    if match := _NOT_ONE_OF.fullmatch(message):
        return _("{value} is not one of {choices}.").format(
            value=match["value"], choices=match["choices"]
        )
    if match := _NOT_VALID.fullmatch(message):
        return _("{value} is not a valid {kind}.").format(value=match["value"], kind=match["label"])
    if match := _PATH.fullmatch(message):
        return _path_message(match["label"], match["problem"]).format(path=match["path"])
    if match := _REQUIRES.fullmatch(message):
        if match["count"] is None:
            return _("Option {option} requires an argument.").format(option=match["option"])
        return _("Option {option} requires {count} arguments.").format(
            option=match["option"], count=match["count"]
        )
    if match := _NO_VALUE.fullmatch(message):
        return _("Option {option} does not take a value.").format(option=match["option"])
    if match := _TAKES.fullmatch(message):
        return _("Argument {name} takes {count} values.").format(
            name=match["name"], count=match["count"]
        )
    return None


def _path_message(label: str, problem: str) -> str:
    shown = {"File": _("File"), "Directory": _("Directory"), "Path": _("Path")}[label]
    return {
        "does not exist": _("{label} {path} does not exist."),
        "is a file": _("{label} {path} is a file."),
        "is a directory": _("{label} {path} is a directory."),
        "is not readable": _("{label} {path} is not readable."),
        "is not writable": _("{label} {path} is not writable."),
    }[problem].format(label=shown, path="{path}")

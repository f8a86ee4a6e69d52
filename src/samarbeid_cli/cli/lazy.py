"""Commands loaded when they are used, and typer's help rendering without what it never uses.

`samarbeid --version` needs no command at all, `samarbeid validate` one, and `samarbeid --help`
only each command's help text; building every command up front (typer reads every function's
signature) and importing rich's Markdown and Traceback (markdown-it, pygments) for help that is
written in rich markup cost more than the rest of start-up together (issue 19).
"""

from __future__ import annotations

import importlib
import inspect
import sys
import types
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperCommand

from samarbeid_cli.i18n import _

Register = Callable[[typer.Typer], None]


def _register_function(where: str) -> Register:
    """The function named by "package.module:function"."""
    module, _, name = where.partition(":")
    register: Register = getattr(importlib.import_module(module), name)
    return register


def _registered(where: str) -> typer.models.CommandInfo:
    """What the command's register function adds to an app of its own."""
    scratch = typer.Typer(add_completion=False)
    _register_function(where)(scratch)
    (info,) = scratch.registered_commands
    return info


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands, name -> click command, each built the first time it is looked up.

    Names (and so the order of --help, completion and "did you mean") come from the table
    alone; nothing is imported until a command itself is asked for.
    """

    def __init__(self, table: dict[str, str], rich_markup_mode: Any) -> None:
        self._table = dict(table)
        self._rich_markup_mode = rich_markup_mode
        self._built: dict[str, Any] = {}
        self._summaries: dict[str, TyperCommand] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._table:
                raise KeyError(name)
            scratch = typer.Typer(
                add_completion=False,
                rich_markup_mode=self._rich_markup_mode,
                pretty_exceptions_enable=False,
            )
            _register_function(self._table[name])(scratch)
            command = typer.main.get_command(scratch)
            if command.name != name:
                raise RuntimeError(
                    _("{where} registers {got}, not {name}").format(
                        where=self._table[name], got=repr(command.name), name=repr(name)
                    )
                )
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._table.setdefault(name, "")
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._table[name]
        self._built.pop(name, None)
        self._summaries.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._table

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def summary(self, name: str) -> Any:
        """The command as a list of commands shows it (name and help), without its options.

        A command already built is itself; any other is a stand-in made from what its
        register function passes to typer, so listing them does not read every signature.
        """
        if name in self._built:
            return self._built[name]
        if name not in self._summaries:
            info = _registered(self._table[name])
            self._summaries[name] = TyperCommand(
                name=name,
                help=inspect.getdoc(info.callback)
                if info.help is None
                else inspect.cleandoc(info.help),
                short_help=info.short_help,
                hidden=info.hidden,
                deprecated=info.deprecated,
                rich_help_panel=info.rich_help_panel,
                rich_markup_mode=self._rich_markup_mode,
            )
        return self._summaries[name]


class _MarkdownLater:
    """Stands in for rich.markdown.Markdown until something makes one."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        from rich.markdown import Markdown

        return Markdown(*args, **kwargs)


class _TracebackLater:
    """Stands in for rich.traceback.Traceback until something makes one."""

    @classmethod
    def from_exception(cls, *args: Any, **kwargs: Any) -> Any:
        from rich.traceback import Traceback

        return Traceback.from_exception(*args, **kwargs)


# What typer.rich_utils imports at its top but uses only for markup_mode="markdown" and for
# pretty tracebacks (both off here): markdown-it, pygments and rich.pretty come with them.
_LATER = {
    "rich.markdown": ("Markdown", _MarkdownLater),
    "rich.traceback": ("Traceback", _TracebackLater),
}


def rich_utils() -> types.ModuleType:
    """typer.rich_utils, imported without rich.markdown and rich.traceback.

    Both are put in sys.modules as stand-ins only while typer.rich_utils is imported, and taken
    out again at once, so any other import of them gets the real module.
    """
    if "typer.rich_utils" in sys.modules:
        return sys.modules["typer.rich_utils"]
    stand_ins = {}
    for module_name, (name, stand_in) in _LATER.items():
        if module_name not in sys.modules:
            module = types.ModuleType(module_name)
            setattr(module, name, stand_in)
            stand_ins[module_name] = module
    sys.modules.update(stand_ins)
    try:
        import typer.rich_utils
    finally:
        for module_name, module in stand_ins.items():
            if sys.modules.get(module_name) is module:
                del sys.modules[module_name]
    return typer.rich_utils

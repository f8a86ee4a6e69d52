"""Start-up imports only what is asked for (issue 19): `samarbeid --help` and `--version` load
no data library and none of typer's Markdown rendering, and each command is loaded only when it
runs or shows its help. Checked by the modules a fresh interpreter has loaded, not by time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer.main

from samarbeid_cli.cli import COMMANDS
from tests.conftest import app

# Runs the CLI in a fresh interpreter, then reports its exit code and every module it loaded.
# With "eager", every command is built before the run, as they all were before issue 19.
_PROBE = """
import json, sys
import typer.main
from samarbeid_cli.cli import app
args, eager = json.loads(sys.argv[1])
group = typer.main.get_command(app)
if eager:
    for name in group.commands:
        group.commands[name]
try:
    group.main(args=args, prog_name="samarbeid")
    code = 0
except SystemExit as done:
    code = done.code
sys.stdout.flush()
sys.stderr.write("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

# What no --help needs: the data, calendar, document and Markdown libraries, and the layers
# below the CLI.
NEVER_FOR_HELP = (
    "yaml",
    "ruamel",
    "icalendar",
    "jinja2",
    "markdown_it",
    "rich.markdown",
    "pygments",
    "samarbeid_cli.loading",
    "samarbeid_cli.services",
    "samarbeid_cli.renderers",
)


def _run(args: list[str], *, eager: bool = False, lang: str = "en") -> tuple[int, str, set[str]]:
    env = {**os.environ, "COLUMNS": "80", "SAMARBEID_LANG": lang}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps([args, eager])],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    errors, _, report = done.stderr.rpartition("\n")
    found = json.loads(report)
    assert errors == "", errors
    return found["code"], done.stdout, set(found["modules"])


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(
        module
        for module in modules
        for name in names
        if module == name or module.startswith(name + ".")
    )


@pytest.mark.parametrize(
    "args", [["--help"], [], ["--version"]], ids=["--help", "no args", "--version"]
)
def test_root_help_and_version_load_no_heavy_library(args: list[str]) -> None:
    code, shown, modules = _run(args)

    assert code == (2 if args == [] else 0), shown  # with no command, the help and a usage code
    assert shown.strip()
    assert _loaded(modules, (*NEVER_FOR_HELP, "pydantic")) == []


def test_version_loads_no_help_rendering() -> None:
    """`--version` prints one line: no command and none of typer's help rendering is loaded."""
    code, shown, modules = _run(["--version"])

    assert code == 0
    assert shown.startswith("samarbeid ")
    assert _loaded(modules, ("rich", "typer.rich_utils")) == []
    assert sorted({where.split(":")[0] for where in COMMANDS.values()} & modules) == []


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_help_loads_that_command_alone(name: str) -> None:
    """`samarbeid <command> --help` builds that command, no other, and no data library."""
    code, shown, modules = _run([name, "--help"])

    assert code == 0, shown
    assert f"samarbeid {name}" in shown
    assert _loaded(modules, NEVER_FOR_HELP) == []
    own = COMMANDS[name].split(":")[0]  # login and logout share a module
    others = {where.split(":")[0] for other, where in COMMANDS.items() if other != name} - {own}
    assert sorted(others & modules) == []


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_root_help_is_the_same_as_with_every_command_built(lang: str) -> None:
    """The list of commands shows each command's help exactly as the command itself has it."""
    lazy = _run(["--help"], lang=lang)
    eager = _run(["--help"], eager=True, lang=lang)

    assert lazy[:2] == eager[:2]
    assert "check-consent" in lazy[1]


def test_every_line_of_the_table_names_the_command_it_registers() -> None:
    group = typer.main.get_command(app)

    assert list(group.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    for name in COMMANDS:
        assert group.commands[name].name == name  # type: ignore[attr-defined]

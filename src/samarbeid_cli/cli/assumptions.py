"""`samarbeid assumptions`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from


def assumptions(
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", "-m", help="Only this municipality (slug)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the checklist as JSON.")] = False,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """List what to verify with the municipality: every assumption written in the data
    (municipality and arena files) and every default samarbeid filled in (the agenda's lead
    time, the meeting length, every-N-weeks anchor dates, school years not from the adopted
    skolerute, staggered per-unit slots), each as path:line:col.

    Exit codes: 0 ok; 1 invalid data; 2 usage error.
    """
    from samarbeid_cli.loading.workspace import load_valid
    from samarbeid_cli.renderers import assumptions as render
    from samarbeid_cli.services.assumptions import assumptions as collect

    loaded = load_valid(data_dir_from(data))
    found = collect(loaded.workspace, loaded.sources, municipality)
    if as_json:
        typer.echo(render.as_json(found))
    else:
        render.to_terminal(found)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(assumptions.__doc__, EXAMPLES))(assumptions)


EXAMPLES = [
    ("samarbeid assumptions", "Everything to verify, for every municipality."),
    ("samarbeid assumptions -m aukra --json", "Aukra's checklist as JSON, for a spreadsheet."),
]

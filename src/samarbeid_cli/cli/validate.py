"""`samarbeid validate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from, today_from

EXAMPLES = [
    ("samarbeid validate", "Check the data/ folder of the workspace you are in."),
    (
        "samarbeid validate data/arenas/aukra/bti-team.yaml",
        "The same check, for the data folder this file is in.",
    ),
    ("samarbeid validate --json", "Findings and summary as JSON, for scripts and editors."),
]


def validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="The data folder (or a file in it). Default: data/ of the workspace you are in."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the findings and summary as JSON.")
    ] = False,
    today: Annotated[
        str | None,
        typer.Option(help="Judge due revisions as of this date (YYYY-MM-DD). Default: today."),
    ] = None,
) -> None:
    """Check every municipality and arena file, and every reference between them.

    Every problem is printed as [bold]path:line:col: field.path: message[/bold], then the
    command exits 1. With valid data it prints a summary and exits 0; warnings (an overdue
    revision, a school calendar that ends too soon) do not change the exit code.
    """
    from samarbeid_cli.renderers import validation as render
    from samarbeid_cli.services.validation import check_folder

    data_dir = data_dir_from(path, option="a path, e.g. 'samarbeid validate path/to/data'")
    verdict = check_folder(data_dir, lambda: today_from(today))
    errors, warnings, summary = verdict.errors, verdict.warnings, verdict.summary
    if as_json:
        typer.echo(render.as_json(errors, warnings, summary))
    else:
        render.to_terminal(errors, warnings, summary)
    if errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(validate.__doc__, EXAMPLES))(validate)

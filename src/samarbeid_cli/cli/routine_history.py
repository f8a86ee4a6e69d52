"""`samarbeid history`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, help_from


def history(
    arena: Annotated[
        str,
        typer.Option(
            "--arena",
            "-a",
            help="The arena file's slug, or a unit's series slug (the same routine).",
        ),
    ],
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            "-m",
            help="The municipality's slug. Default: the one municipality that has the arena.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the versions as JSON.")] = False,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """List a routine's versions from git, oldest first: the date and commit of each, what it
    changed, when the routine says it was last revised and who approved it.

    Values a version does not state are shown as not stated. A file renamed with
    renamed_from: is followed back to its old name.

    Exit codes: 0 ok; 1 invalid data, or not in a git repository; 2 usage error.

    Examples:

    samarbeid history -a samordningsteam-barn-og-unge

    samarbeid history -m aukra -a bti-team --json
    """
    from samarbeid_cli.cli.choosing import pick
    from samarbeid_cli.cli.options import data_dir_from
    from samarbeid_cli.errors import UsageError
    from samarbeid_cli.i18n import _
    from samarbeid_cli.loading.at_revision import routine_versions
    from samarbeid_cli.loading.workspace import load_valid
    from samarbeid_cli.renderers import routine_history as render
    from samarbeid_cli.services.agenda import every_slug, series_named
    from samarbeid_cli.services.routine_history import revisions

    data_dir = data_dir_from(data)
    workspace = load_valid(data_dir).workspace
    if municipality is None:
        # A unit's series slug (`<arena>--<unit>`) names its arena file, as in every command.
        holders = sorted(slug for slug in workspace.arenas if series_named(workspace, slug, arena))
        if len(holders) != 1:
            raise UsageError(
                _("--arena {arena}: give --municipality; {count} municipalities have it").format(
                    arena=repr(arena), count=len(holders)
                )
            )
        municipality = holders[0]
    pick(municipality, sorted(workspace.municipalities), _("municipality"), "--municipality")
    named = series_named(workspace, municipality, arena)
    if not named:
        pick(arena, every_slug(workspace, municipality), _("arena"), "--arena")
    arena = named[0].routine
    record = workspace.municipalities[municipality]
    found = routine_versions(data_dir, municipality, arena)
    names = {slug: found.name for slug, found in workspace.arenas_of(municipality).items()}
    listed = revisions(found.versions, record, names)
    if as_json:
        typer.echo(render.as_json(arena, listed, found.shallow))
        return
    name = workspace.arenas_of(municipality)[arena].name
    typer.echo(render.as_text(name, arena, listed, record.malform, found.shallow), nl=False)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(name="history", cls=Command, help=help_from(history.__doc__))(history)

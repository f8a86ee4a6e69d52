"""`samarbeid check-revisions`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import (
    Command,
    data_dir_from,
    help_from,
    in_planned_years,
    today_from,
)
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("--as-of must be a date such as 2026-12-01 (got {value})").format(value=repr(text))
        ) from None
    return in_planned_years(day, "--as-of", text)


def check_revisions(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge as of this date (YYYY-MM-DD). Default: today."),
    ] = None,
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", "-m", help="Only this municipality (slug)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """List the routines whose revision is overdue or due within 30 days.

    Each arena's revision: block says how often its routine is revised (interval_months,
    default 12) and when it last was (last_revised). Where the data is in git, it also warns
    when a commit (or the working tree) changed an arena's routine fields after that date
    without updating last_revised: a revision that was made but not recorded.

    Exit codes: 0 nothing overdue (due-soon revisions and warnings are printed); 1 a revision
    is overdue, or the data is invalid; 2 usage error.

    Examples:

    samarbeid check-revisions

    samarbeid check-revisions --municipality selbu --as-of 2027-05-15

    samarbeid check-revisions --json
    """
    from samarbeid_cli.i18n import _
    from samarbeid_cli.loading.at_revision import arena_histories, is_shallow
    from samarbeid_cli.loading.workspace import load_valid
    from samarbeid_cli.renderers import revisions as render
    from samarbeid_cli.services.revisions import check, history_wanted

    day = today_from(None) if as_of is None else _date(as_of)
    data_dir = data_dir_from(data)
    workspace = load_valid(data_dir).workspace
    if municipality is not None and municipality not in workspace.municipalities:
        known = ", ".join(sorted(workspace.municipalities)) or _("none")
        raise UsageError(
            _("--municipality: no municipality {slug}; known: {known}").format(
                slug=repr(municipality), known=known
            )
        )
    # A shallow clone's history stops short: read there, a routine's last change would seem
    # to be the clone's first commit, and a stale date would go unseen.
    shallow = is_shallow(data_dir)
    histories = (
        None
        if shallow
        else arena_histories(data_dir, workspace, history_wanted(workspace, municipality))
    )
    working_tree = day >= today_from(None)
    report = check(
        workspace, day, municipality, histories, working_tree=working_tree, shallow=shallow
    )
    if as_json:
        typer.echo(render.as_json(report))
    else:
        typer.echo(render.as_text(report, workspace, municipality), nl=False)
    if report.shallow:
        typer.echo(
            "samarbeid: "
            + _(
                "the data is in a shallow clone, so changes after the revision dates were not "
                "checked: the check needs the full history (git fetch --unshallow; in CI, "
                "fetch-depth: 0 on GitHub or GIT_DEPTH: 0 on GitLab)"
            ),
            err=True,
        )
    elif not report.history_checked:
        typer.echo(
            "samarbeid: "
            + _(
                "the data is not in a git repository, so changes after the revision dates were "
                "not checked"
            ),
            err=True,
        )
    if report.overdue:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(check_revisions.__doc__))(check_revisions)

"""`samarbeid responses`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from, today_from

EXAMPLES = [
    ("samarbeid responses -m selbu", "Who comes and who has sent forfall, per meeting."),
    (
        "samarbeid responses -m aukra --period 2027-H1 --json",
        "The same for spring 2027, as JSON.",
    ),
]


def responses(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. selbu.")
    ],
    period: Annotated[
        str | None,
        typer.Option(help="YYYY-H1 or YYYY-H2. Default: the coming half-year (as schedule)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answers as JSON.")] = False,
    history: Annotated[
        Path | None,
        typer.Option(
            help="The issue history file that 'schedule --publish outlook' recorded the "
            "meetings in. Default: as schedule.",
            envvar="SAMARBEID_HISTORY",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(help="Pretend today is this date (YYYY-MM-DD) when choosing the period."),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """Read the attendees' answers to the meetings published in Outlook (schedule --publish
    outlook) and print, per meeting, who comes, who may come, who has sent forfall and who
    has not answered, with the time of each answer.

    Nothing is changed, in Outlook or in the history. Sign in as for publishing.

    Exit codes: 0 ok; 1 nothing was published for the period, Graph refused the sign-in, or
    the answers to a meeting could not be read (the lists are then not complete); 2 usage
    error.
    """
    from rich.console import Console

    from samarbeid_cli.cli.publishing import graph_settings
    from samarbeid_cli.delivery import graph, outlook
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.errors import InputError
    from samarbeid_cli.i18n import _
    from samarbeid_cli.loading.workspace import load_valid
    from samarbeid_cli.renderers import responses as render
    from samarbeid_cli.services.periods import Period, coming_period

    data_dir = data_dir_from(data)
    workspace = load_valid(data_dir).workspace
    if municipality not in workspace.municipalities:
        from samarbeid_cli.cli.choosing import pick

        pick(municipality, sorted(workspace.municipalities), _("municipality"), "--municipality")
    record = workspace.municipalities[municipality]
    chosen = Period.parse(period) if period else coming_period(today_from(today))
    history_file = history or issue_history.history_path(data_dir, municipality)
    found = issue_history.load(history_file)
    if not outlook.open_events(found, str(chosen)):
        raise InputError(
            _(
                "nothing of {municipality} is published in Outlook for {period} according to "
                "{history}: run 'samarbeid schedule -m {municipality} --period {period} "
                "--publish outlook' first"
            ).format(municipality=municipality, period=chosen, history=history_file)
        )
    meetings = outlook.read_answers(
        found, str(chosen), graph.Client(graph_settings(record.calendar))
    )
    if as_json:
        typer.echo(render.as_json(meetings))
    else:
        render.to_terminal(Console(soft_wrap=True), meetings, record.malform, record.timezone)
    unread = [meeting for meeting in meetings if meeting.unread]
    if unread:
        from samarbeid_cli.errors import DeliveryError

        raise DeliveryError(
            _(
                "the answers to {names} could not be read from Outlook: the lists above are "
                "not complete"
            ).format(names=", ".join(sorted({meeting.summary for meeting in unread})))
        )


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(responses.__doc__, EXAMPLES))(responses)

"""`samarbeid agenda`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.document_options import DataFolder, Format, LangChoice, OutFile
from samarbeid_cli.cli.options import Command, Publish, data_dir_from, help_from, today_from
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _

_MUNICIPALITY_HELP = "The municipality's slug, e.g. selbu. With --due: only this one."


_ARENA_HELP = (
    "The arena's slug as schedule names its series; for a per-unit arena one unit's, "
    "e.g. skoleteam--julsundet-skole, or the arena's own when one unit meets that day."
)


def agenda(
    municipality: Annotated[
        str | None, typer.Option("--municipality", "-m", help=_MUNICIPALITY_HELP)
    ] = None,
    arena: Annotated[str | None, typer.Option("--arena", "-a", help=_ARENA_HELP)] = None,
    date: Annotated[str | None, typer.Option(help="The meeting's date, YYYY-MM-DD.")] = None,
    next_: Annotated[
        bool, typer.Option("--next", help="The arena's next meeting on or after today.")
    ] = False,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="md, html (one page) or docx (needs --out).")
    ] = Format.md,
    out: OutFile = None,
    lang: LangChoice = None,
    due: Annotated[
        bool,
        typer.Option("--due", help="List the meetings whose agenda must go out in the window."),
    ] = False,
    within: Annotated[
        int, typer.Option(min=1, max=366, help="With --due: the window's length in days.")
    ] = 7,
    as_of: Annotated[
        str | None, typer.Option(help="With --due: the window's first day. Default: today.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="With --due: print JSON.")] = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send",
            help="E-mail the agenda to those the series invites (the text in the body, "
            "saksliste.html attached), over the SMTP settings schedule --send uses. The issue "
            "history records who received it: a re-run sends it only to whoever has not, and "
            "a changed agenda to everyone.",
        ),
    ] = False,
    publish: Annotated[
        Publish | None,
        typer.Option(
            help="Put the agenda on the meeting in the convener's Outlook calendar instead, "
            "where schedule or invite --publish outlook made it: attached to the event "
            "(Exchange sends it to the attendees), or e-mailed to them through Outlook where "
            "the event takes no attachment. Recorded in the issue history as --send is.",
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option(
            help="The meeting is about one child's case: its pseudonymous reference, e.g. "
            "AG-2027-014, never a name. The agenda follows up the case, as invite --case writes "
            "it."
        ),
    ] = None,
    today: Annotated[
        str | None, typer.Option(help="Pretend today is this date (YYYY-MM-DD), for --next.")
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(help="The issue history file (see schedule).", envvar="SAMARBEID_HISTORY"),
    ] = None,
    data: DataFolder = None,
) -> None:
    """Write the agenda (saksliste) of one meeting, or list the agendas due to go out.

    The agenda gives the time and place in words, the chair, the day it must be sent by (the
    meeting minus the arena's agenda lead time), the previous meeting and where its minutes
    are, the standing items and the topics submitted for the meeting in
    data/arenas/<municipality>/<arena>/topics/<date>-<slug>.yaml. An arena replaces the
    standing items with its own standing-items.yaml. A per-unit arena's agenda is one unit's
    (--arena <arena>--<unit>); its topics and standing items are in the arena file's folder
    and reach every unit, unless a topic names its unit.

    With --due it lists, across arenas, every meeting whose send-by date falls in the --within
    days from --as-of (that day included, the last day excluded), for a weekly job.

    Exit codes: 0 ok; 1 invalid data or input (no meeting that day); 2 usage error.

    Examples:

      samarbeid agenda -m selbu -a samordningsteam-barn-og-unge --next

      samarbeid agenda -m selbu -a samordningsteam-barn-og-unge --next -f docx --out s.docx

      samarbeid agenda --due --as-of 2027-01-04 --json
    """
    from samarbeid_cli.cli import run_documents

    if due:
        first = run_documents.date_from(as_of, "--as-of") if as_of else today_from(today)
        run_documents.due(data_dir_from(data), municipality, first, within, as_json)
        return
    if municipality is None or arena is None or (date is None) == (not next_):
        raise UsageError(
            _("give --municipality, --arena and one of --date or --next (or --due for the list)")
        )
    if case is not None:
        from samarbeid_cli.services.one_off import case_reference

        case = case_reference(case)
    session = run_documents.Session(data_dir_from(data), municipality)
    day = run_documents.date_from(date, "--date") if date else None
    series = session.check_series(municipality, arena, day, today_from(today))
    document = run_documents.meeting_document(
        session, municipality, series, day, today_from(today), case=case, history_file=history
    )
    chosen_lang = session.lang(municipality, lang)
    if publish is not None:
        if send or out is not None:
            raise UsageError(
                _(
                    "--publish {service} delivers the agenda on its own: run --out or --send "
                    "separately"
                ).format(service=publish.value)
            )
        run_documents.publish_agenda(session, municipality, document, chosen_lang, history)
        return
    if send:
        run_documents.send_agenda(session, municipality, document, chosen_lang, history)
        return
    session.deliver("agenda", output_format, chosen_lang, out, doc=document)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    text, _, examples = help_from(agenda.__doc__).partition("\n\nExamples:")
    app.command(cls=Command, help=text, epilog="Examples:" + examples)(agenda)

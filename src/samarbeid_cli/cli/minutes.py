"""`samarbeid minutes`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.document_options import DataFolder, Format, LangChoice, OutFile
from samarbeid_cli.cli.options import Command, Publish, data_dir_from, help_from

_ARENA_HELP = (
    "The arena's slug as schedule names its series; for a per-unit arena one unit's, "
    "e.g. skoleteam--julsundet-skole, or the arena's own when one unit meets that day."
)


def minutes(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. selbu.")
    ],
    arena: Annotated[str, typer.Option("--arena", "-a", help=_ARENA_HELP)],
    date: Annotated[str, typer.Option(help="The meeting's date, YYYY-MM-DD.")],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="md, html (one page) or docx (needs --out).")
    ] = Format.md,
    out: OutFile = None,
    lang: LangChoice = None,
    answers: Annotated[
        Publish | None,
        typer.Option(
            help="Fill present and excused from the attendees' answers in Outlook, where the "
            "meeting was published there (as samarbeid responses reads them; needs the "
            "sign-in). Where none can be read the minutes say so and are written all the same. "
            "Without it, minutes reads nothing online.",
        ),
    ] = None,
    case: Annotated[
        str | None,
        typer.Option(
            help="The meeting is about one child's case: its pseudonymous reference, e.g. "
            "AG-2027-014, never a name. The minutes follow up the case as agenda --case does."
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(help="The issue history file (see schedule).", envvar="SAMARBEID_HISTORY"),
    ] = None,
    data: DataFolder = None,
) -> None:
    """Write the minutes skeleton (referat) of one meeting, for the minutes writer to fill in.

    It holds the header, an attendance table of the participants (present, absent, excused),
    one section per agenda item with discussion, conclusion, responsible and deadline, the
    distribution list (with the services that must receive the minutes electronically), the
    archive and the next meeting's date.

    Exit codes: 0 ok; 1 invalid data or input (no meeting that day); 2 usage error.

    Examples:

      samarbeid minutes -m selbu -a samordningsteam-barn-og-unge --date 2027-02-12

      samarbeid minutes -m selbu -a samordningsteam-barn-og-unge --date 2027-05-07 -f md
    """
    from samarbeid_cli.cli import run_documents

    if case is not None:
        from samarbeid_cli.services.one_off import case_reference

        case = case_reference(case)
    session = run_documents.Session(data_dir_from(data), municipality)
    day = run_documents.date_from(date, "--date")
    series = session.check_series(municipality, arena, day, day)
    document = run_documents.meeting_document(
        session,
        municipality,
        series,
        day,
        day,
        case=case,
        history_file=history,
    )
    chosen_lang = session.lang(municipality, lang)
    read = (
        run_documents.outlook_attendance(session, municipality, document, chosen_lang, history)
        if answers is not None
        else {}
    )
    session.deliver("minutes", output_format, chosen_lang, out, doc=document, **read)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    text, _, examples = help_from(minutes.__doc__).partition("\n\nExamples:")
    app.command(cls=Command, help=text, epilog="Examples:" + examples)(minutes)

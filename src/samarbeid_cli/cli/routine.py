"""`samarbeid routine`."""

from __future__ import annotations

from typing import Annotated

import typer

from samarbeid_cli.cli.document_options import DataFolder, Format, LangChoice, OutFile
from samarbeid_cli.cli.options import Command, data_dir_from, help_from


def routine(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. selbu.")
    ],
    arena: Annotated[
        str,
        typer.Option(
            "--arena",
            "-a",
            help="The arena file's slug: one routine for every unit of a per-unit arena.",
        ),
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="md, html (one page) or docx (needs --out).")
    ] = Format.md,
    out: OutFile = None,
    lang: LangChoice = None,
    data: DataFolder = None,
) -> None:
    """Write an arena's routine document from its YAML: mandate, tasks, participants,
    revision, invitations, conduct and minutes (the shape of Selbu's routine).

    The YAML is what is reviewed; this document is what is published. A per-unit arena has one
    routine, with a table of the units that hold it (convener, place and meeting day of each).
    Facts the source did not give (the arena's assumptions) are listed at the end, to be
    confirmed.

    Exit codes: 0 ok; 1 invalid data or input; 2 usage error.

    Examples:

      samarbeid routine -m selbu -a samordningsteam-barn-og-unge

      samarbeid routine -m aukra -a tverrfagleg-forskoleteam -f docx --out rutine.docx
    """
    from samarbeid_cli.cli import run_documents
    from samarbeid_cli.services.documents import routine_document

    session = run_documents.Session(data_dir_from(data), municipality)
    routine = session.check_routine(municipality, arena)
    record = session.workspace.municipalities[municipality]
    arenas = session.workspace.arenas_of(municipality)
    document = routine_document(routine, arenas[routine], record, arenas)
    session.deliver("routine", output_format, session.lang(municipality, lang), out, doc=document)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    text, _, examples = help_from(routine.__doc__).partition("\n\nExamples:")
    app.command(cls=Command, help=text, epilog="Examples:" + examples)(routine)

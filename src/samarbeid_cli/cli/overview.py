"""`samarbeid overview`."""

from __future__ import annotations

from typing import Annotated

import typer

from samarbeid_cli.cli.document_options import DataFolder, Format, LangChoice, OutFile
from samarbeid_cli.cli.options import Command, data_dir_from, help_from


def overview(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. aukra.")
    ],
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="html (default), md or docx (needs --out).")
    ] = Format.html,
    out: OutFile = None,
    lang: LangChoice = None,
    data: DataFolder = None,
) -> None:
    """Write the public overview of a municipality's arenas, for its website.

    Arenas are grouped by level (individ, system) and age band, each with its mandate, the
    parties, the frequency in words and who is responsible. The HTML is one self-contained,
    accessible page: a table per group with column and row headers, the page's language set
    to nb or nn, no JavaScript, and a print style.

    Exit codes: 0 ok; 1 invalid data or input; 2 usage error.

    Examples:

      samarbeid overview -m aukra --out oversikt.html

      samarbeid overview -m selbu -f md
    """
    from samarbeid_cli.cli import run_documents
    from samarbeid_cli.services.documents import overview_document

    session = run_documents.Session(data_dir_from(data), municipality)
    record = session.workspace.municipalities[municipality]
    document = overview_document(session.workspace.arenas_of(municipality), record)
    session.deliver("overview", output_format, session.lang(municipality, lang), out, doc=document)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    text, _, examples = help_from(overview.__doc__).partition("\n\nExamples:")
    app.command(cls=Command, help=text, epilog="Examples:" + examples)(overview)

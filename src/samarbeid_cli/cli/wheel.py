"""`samarbeid wheel`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, help_from, print_or_write, stamp_from


class Format(StrEnum):
    """How the wheel is written."""

    table = "table"
    ics = "ics"
    svg = "svg"
    html = "html"


def wheel(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. inderoy.")
    ],
    year: Annotated[int, typer.Option(min=2000, max=2100, help="The year, e.g. 2027.")],
    school_year: Annotated[
        bool,
        typer.Option(
            "--school-year", help="August YEAR to July YEAR+1, with August at the top of the wheel."
        ),
    ] = False,
    output_format: Annotated[
        Format,
        typer.Option(
            "--format", "-f", help="table, ics (all-day events), svg (A4 picture) or html."
        ),
    ] = Format.table,
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    stamp: Annotated[
        str | None,
        typer.Option(
            help="DTSTAMP for ics (ISO date-time with offset); default SOURCE_DATE_EPOCH, else now."
        ),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """The annual wheel (årshjul) of a year: as a list, a calendar or the wheel picture.

    Shows the wheel's entries and dated milestones from the data, and what samarbeid derives:
    the log-control rounds, the send-out of the meeting series in June and December, and the
    routine revisions that fall due. The SVG has twelve month sectors and one ring per kind of
    item with a legend; an item's words run along its arc where they fit, the others are
    numbered and listed below; html puts the whole list beside it.

    Exit codes: 0 ok; 1 invalid data, or the file cannot be written; 2 usage error.

    Examples:

    samarbeid wheel -m inderoy --year 2027

    samarbeid wheel -m inderoy --year 2027 --format svg --out arshjul-2027.svg

    samarbeid wheel -m inderoy --year 2027 --school-year --format ics --out arshjul.ics
    """
    from samarbeid_cli.cli.choosing import workspace_with
    from samarbeid_cli.renderers import wheel_calendar, wheel_output, wheel_svg
    from samarbeid_cli.renderers.wheel_texts import item_texts
    from samarbeid_cli.services.wheel import Span, wheel_items

    workspace = workspace_with(data, municipality)
    record = workspace.municipalities[municipality]
    span = Span(year, school_year)
    texts = item_texts(wheel_items(record, workspace.arenas_of(municipality), span), record.malform)
    title = record.annual_wheel.title if record.annual_wheel else None
    content = {
        Format.table: lambda: wheel_output.as_table(texts, span, record.malform, title).encode(),
        Format.svg: lambda: wheel_svg.render(texts, span, record.malform, title).encode(),
        Format.html: lambda: wheel_output.as_html(texts, span, record.malform, title).encode(),
        Format.ics: lambda: wheel_calendar.ics(
            texts, span, municipality, record.timezone, stamp_from(stamp)
        ),
    }[output_format]()
    # An .ics as bytes: Windows' text stdout would write its CRLF line ends as "\r\r\n".
    print_or_write(out, content, binary=output_format is Format.ics)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(wheel.__doc__))(wheel)

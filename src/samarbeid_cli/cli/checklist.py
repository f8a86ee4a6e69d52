"""`samarbeid checklist`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, data_dir_from, help_from, today_from


class Format(StrEnum):
    """How the checklists are written."""

    md = "md"
    html = "html"
    docx = "docx"


def checklist(
    municipality: Annotated[
        str, typer.Option("--municipality", "-m", help="The municipality's slug, e.g. inderoy.")
    ],
    round_name: Annotated[
        str | None,
        typer.Option("--round", help="The round YYYY-N: the N-th control month of the year."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(help="The round in this date's month or the next one. Default: today."),
    ] = None,
    unit: Annotated[str | None, typer.Option(help="Only this unit.")] = None,
    register: Annotated[
        Path | None,
        typer.Option(
            help="A consent register (see check-consent): list each active log of the unit "
            "with its consent status on the round's first day."
        ),
    ] = None,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="md, html or docx (docx needs --out).")
    ] = Format.md,
    out: Annotated[
        Path | None,
        typer.Option(help="Write one file per unit into this folder instead of stdout."),
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """Checklists for the log control, three times a year: one per unit for a round.

    The rounds are the months in the municipality's log_control; the checks and archiving
    triggers come from there too. With --register, each unit's active logs are
    listed with their consent status from the same sweep as check-consent.

    Exit codes: 0 ok; 1 invalid data or register, or a file cannot be written; 2 usage error.

    Examples:

    samarbeid checklist -m inderoy --round 2027-1

    samarbeid checklist -m inderoy --date 2027-04-20 --unit Barnehage --format html

    samarbeid checklist -m inderoy --round 2027-2 --register ~/samtykker.csv -f docx --out kontroll
    """
    from samarbeid_cli.cli.choosing import date_option, workspace_with
    from samarbeid_cli.delivery.writing import check_output_folder, write_all
    from samarbeid_cli.errors import InputError, UsageError
    from samarbeid_cli.i18n import _
    from samarbeid_cli.loading.consent_register import read_register
    from samarbeid_cli.renderers import checklist_output
    from samarbeid_cli.services import checklist as service
    from samarbeid_cli.services.consent import sweep

    if round_name and date:
        raise UsageError(_("give --round or --date, not both"))
    if output_format is Format.docx and out is None:
        raise UsageError(_("--format docx writes files: add --out FOLDER"))
    if out is not None:
        check_output_folder(out, "--out")
    workspace = workspace_with(data, municipality)
    record = workspace.municipalities[municipality]
    control = record.log_control
    if control is None:
        shown = workspace.municipality_files[municipality]
        raise InputError(
            _("{path}:1:1: log_control: is not set, so there are no rounds to check").format(
                path=shown
            )
        )
    chosen = (
        service.named_round(control, round_name)
        if round_name
        else service.round_on_or_after(
            control, date_option(date, "--date") if date else today_from(None)
        )
    )
    read = read_register(register) if register else None
    result = sweep(read.rows, record.consent, chosen.first_day, 30) if read else None
    lists = service.checklists(record, control, chosen, unit, read.rows if read else None, result)
    from samarbeid_cli.renderers.docx import reference_document

    overrides = data_dir_from(data).parent / "templates"
    reference = reference_document(overrides) if output_format is Format.docx else None
    files: dict[Path, bytes] = {}
    for item in lists:
        text = checklist_output.markdown(item, record)
        content = checklist_output.encoded(
            text, output_format.value, record.malform, record.name, reference
        )
        name = f"logkontroll-{chosen}-{checklist_output.file_stem(item.unit)}.{output_format}"
        files[(out or Path()) / name] = content
    if out is None:
        typer.echo(b"\n".join(files.values()).decode(), nl=False)
    else:
        write_all(files)
        for path in files:
            typer.echo(_("wrote {path}").format(path=path), err=True)
    if read and read.malformed:
        for finding in read.malformed:
            typer.echo(str(finding), err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(checklist.__doc__))(checklist)

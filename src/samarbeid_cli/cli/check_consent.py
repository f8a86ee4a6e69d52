"""`samarbeid check-consent`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import STDOUT, Command, help_from, print_or_write, today_from
from samarbeid_cli.i18n import _


class Format(StrEnum):
    """How the sweep is printed."""

    table = "table"
    json = "json"
    csv = "csv"


def check_consent(
    register: Annotated[
        Path,
        typer.Argument(
            help="The consent register: .csv (';' or ',', UTF-8 with or without BOM) or .yaml. "
            "Never inside the repository."
        ),
    ],
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            "-m",
            help="Take the renewal interval, self-consent age and målform from this "
            "municipality. Default: 2 years, 15 years, bokmål.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Judge as of this date (2027-02-01 or 01.02.2027)."),
    ] = None,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            min=0,
            max=3650,
            help="Report consents expiring within this many days (at most ten years).",
        ),
    ] = 30,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="table (text for the leader), json or csv.")
    ] = Format.table,
    out: Annotated[
        Path | None, typer.Option(help="Write the report to this file instead of stdout.")
    ] = None,
    data: Annotated[
        Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
    ] = None,
) -> None:
    """Sweep a consent register for the Stafettlogg: expired, expiring, withdrawn and missing
    consents on active logs, and youth who now give their own consent.

    Findings are grouped by unit and log holder. For each log and kind only the latest consent
    counts (renewing adds a row). An empty 'expires' means 'given' plus the renewal interval;
    29 February plus 2 years is 28 February. A row that cannot be read is printed to stderr
    as path:line:col: column: message and the other rows are still checked. A register that
    git tracks, or a cell holding a national identity number, is refused.

    Exit codes: 0 nothing expired or missing; 1 a consent expired, an active log has no valid
    consent to the log (none, or withdrawn), a row could not be read, or the register was
    refused; 2 usage error.

    Examples:

    samarbeid check-consent ~/samtykker.csv --municipality inderoy

    samarbeid check-consent samtykker.yaml --as-of 2027-02-01 --within 60 --format json

    samarbeid check-consent samtykker.csv -m inderoy --format csv --out funn.csv
    """
    from samarbeid_cli.cli.choosing import date_option, workspace_with
    from samarbeid_cli.loading.consent_register import read_register
    from samarbeid_cli.models.municipality import Consent
    from samarbeid_cli.renderers import consent_report
    from samarbeid_cli.services.checklist import unit_name
    from samarbeid_cli.services.consent import sweep

    record = (
        workspace_with(data, municipality).municipalities[municipality] if municipality else None
    )
    day = date_option(as_of, "--as-of") if as_of else today_from(None)
    read = read_register(register)
    result = sweep(read.rows, record.consent if record else Consent(), day, within)
    if output_format is Format.json:
        text = consent_report.as_json(result, read.malformed, read.path)
    elif output_format is Format.csv:
        text = consent_report.as_csv(result)
    else:
        text = consent_report.as_text(
            result,
            read.malformed,
            record.malform if record else "nb",
            record.name if record else None,
            (lambda text: unit_name(record, text)) if record else str,
        )
    if out is None or out == STDOUT:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        # The report names logs and consents: personal data, so readable by its owner only.
        print_or_write(out, text.encode(), private=True, announce=False)
    for finding in read.malformed:
        typer.echo(str(finding), err=True)
    if read.malformed:
        typer.echo(
            _(
                "samarbeid: {count} problem(s) in rows of {path}; the other rows were checked."
            ).format(count=len(read.malformed), path=read.path),
            err=True,
        )
    if result.alert or read.malformed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command("check-consent", cls=Command, help=help_from(check_consent.__doc__))(check_consent)

"""The steps of `schedule`: load, compute, render, write (all or nothing), send."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import typer
from rich.console import Console

from samarbeid_cli.delivery.state import STATE_FILE, read_state, state_bytes
from samarbeid_cli.delivery.writing import write_all
from samarbeid_cli.errors import UsageError
from samarbeid_cli.loading.workspace import load_valid
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.renderers import calendar_files, schedule_output
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period, coming_period
from samarbeid_cli.services.schedule import schedule


def _pick(name: str, known: list[str], what: str, option: str) -> None:
    if name in known:
        return
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise UsageError(f"{option}: no {what} {name!r}; {hint}known: {', '.join(known) or 'none'}")


def _choose(workspace: Workspace, municipality: str, arenas: list[str]) -> dict[str, Arena]:
    _pick(municipality, sorted(workspace.municipalities), "municipality", "--municipality")
    known = workspace.arenas_of(municipality)
    for slug in arenas:
        _pick(slug, sorted(known), f"arena in {municipality}", "--arena")
    return {slug: arena for slug, arena in known.items() if not arenas or slug in arenas}


def run(
    *,
    data_dir: Path,
    municipality: str,
    arenas: list[str],
    period_text: str | None,
    today: dt.date,
    stamp: dt.datetime,
    output_format: str,
    out: Path | None,
    invitations_dir: Path | None,
    send: bool,
    verbose: bool = False,
) -> None:
    """Run `samarbeid schedule` (see its help)."""
    from samarbeid_cli.delivery import sending

    workspace = load_valid(data_dir).workspace
    chosen = _choose(workspace, municipality, arenas)
    record = workspace.municipalities[municipality]
    period = Period.parse(period_text) if period_text else coming_period(today)
    smtp = (
        sending.settings(
            record.smtp, sending.environment(), workspace.municipality_files[municipality]
        )
        if send
        else None
    )
    calendar = Calendar(
        record,
        workspace.municipality_files[municipality],
        (period.year - 1, period.year, period.year + 1),
    )
    all_series = schedule(municipality, chosen, period, calendar)

    folders = [folder for folder in (out, invitations_dir) if folder is not None]
    previous: dict[str, calendar_files.Issued] = {}
    for folder in folders:
        for uid, entry in read_state(folder).items():
            if uid not in previous or entry.sequence > previous[uid].sequence:
                previous[uid] = entry
    issued = calendar_files.issue_state(all_series, record, previous)

    files: dict[Path, bytes] = {}
    if out is not None:
        for name, content in calendar_files.ics_files(all_series, record, stamp, issued).items():
            files[out / name] = content
    mail = (
        calendar_files.invitations(all_series, record, stamp, issued)
        if (invitations_dir or send)
        else None
    )
    if invitations_dir is not None and mail is not None:
        for name, message in mail.messages.items():
            files[invitations_dir / name] = bytes(message)
    for folder in folders:
        files[folder / STATE_FILE] = state_bytes(issued)

    chosen_because = None if period_text else f"the coming half-year as of {today.isoformat()}"
    if output_format == "json":
        typer.echo(schedule_output.as_json(all_series, record.timezone))
    elif output_format == "ics":
        typer.echo(
            calendar_files.combined_ics(all_series, record, stamp, issued).decode(), nl=False
        )
    else:
        schedule_output.to_terminal(
            Console(soft_wrap=True),
            all_series,
            record,
            period,
            None if period_text else today,
            verbose=verbose,
        )

    write_all(files)
    # soft_wrap: paths stay on one line, to copy and paste.
    report = Console(stderr=output_format != "table", soft_wrap=True)
    if chosen_because and output_format != "table":
        report.print(f"period {period} ({period.first_day} to {period.last_day}), {chosen_because}")
    written = [str(path) for path in files if path.name != STATE_FILE]
    # Report what is on disk before sending, so a failed delivery still says where the .eml are.
    if mail is not None:
        schedule_output.report_invitations(
            report, written, mail.without_organizer, mail.without_address
        )
    else:
        for name in written:
            report.print(f"wrote {name}")
    if mail is not None and smtp is not None:
        sent = sending.send(list(mail.messages.values()), smtp)
        report.print(f"sent {sent} invitation(s) over {smtp.host}:{smtp.port}")

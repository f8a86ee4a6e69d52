"""The steps of `invite`: load, make the one meeting, then issue it as `schedule` does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from samarbeid_cli.cli import issuing
from samarbeid_cli.cli.choosing import pick
from samarbeid_cli.cli.options import outside_data
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.delivery import sending
from samarbeid_cli.delivery.writing import check_output_folder, locked
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.topics import load_valid as load_with_topics
from samarbeid_cli.renderers import documents as render
from samarbeid_cli.renderers import texts
from samarbeid_cli.services import agenda, documents
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.invitations import invitees
from samarbeid_cli.services.one_off import (
    OneOff,
    file_stem,
    last_meeting_of_case,
    one_off_series,
)


def run(
    *,
    data_dir: Path,
    municipality: str,
    request: OneOff,
    out: Path | None,
    send: bool,
    strict: bool,
    stamp: dt.datetime,
    history_file: Path | None,
    now: Callable[[], dt.datetime],
    publish: str | None = None,
) -> None:
    """Run `samarbeid invite` (see its help)."""
    if publish is not None and (out is not None or send):
        raise UsageError(
            _(
                "--publish {service} delivers the meeting on its own: run --out or --send "
                "separately"
            ).format(service=publish)
        )
    if out is None and publish is None:
        raise UsageError(
            _(
                "--out DIR is needed: the folder the .ics and the .eml are written to (or "
                "--publish outlook to make the meeting in Outlook)"
            )
        )
    if out is not None:
        check_output_folder(out, "--out")
        outside_data(out, data_dir, "--out")
    workspace, extras = load_with_topics(data_dir)
    pick(municipality, sorted(workspace.municipalities), _("municipality"), "--municipality")
    named = agenda.series_named(workspace, municipality, request.arena_slug)
    what = _("arena in {municipality}").format(municipality=municipality)
    pick(request.arena_slug, agenda.every_slug(workspace, municipality), what, "--arena")
    if len(named) > 1:
        # One meeting outside the series is one unit's: which one, the data cannot tell.
        raise UsageError(
            _(
                "--arena: {arena!r} is held by each unit, with a series of its own; a meeting "
                "outside the series is one unit's: name one: {units}"
            ).format(arena=request.arena_slug, units=", ".join(i.slug for i in named))
        )
    instance = named[0]
    record = workspace.municipalities[municipality]
    source = workspace.municipality_files[municipality]
    smtp = sending.settings(record.smtp, sending.environment(), source) if send else None
    year = request.day.year
    calendar = Calendar(record, source, (year - 1, year, year + 1))
    series = replace(
        one_off_series(municipality, record, instance.arena, request, calendar),
        routine=instance.routine,
        unit=instance.unit,
    )
    meeting = series.meetings[0]
    path = history_file or issue_history.history_path(data_dir, municipality)
    if publish is not None:
        from samarbeid_cli.cli import publishing

        publishing.publish_series(
            publishing.Publishing(
                record=record,
                all_series=[series],
                period=str(series.period),
                history_file=path,
                one_off=True,
                participants=request.participants,
            ),
            confirm=lambda _question: False,
        )
        Console(soft_wrap=True).print(
            f"{series.arena.name}: "
            f"{texts.meeting_text(meeting.start, meeting.end, record.malform)}"
            + (f", {meeting.location}" if meeting.location else "")
        )
        return
    assert out is not None
    # The agenda goes with the invitation (seed 000: the saksliste is sent with the meeting).
    one = agenda.as_arena_meeting(series, meeting, scheduled=False)
    content = documents.meeting_document(
        record,
        one,
        agenda.neighbours(workspace, one),
        extras.standing_items.get((municipality, instance.routine)),
        extras.topics_for(municipality, instance.routine, request.day, instance.unit),
        case=request.case,
        case_previous=_last_meeting_of_case(path, municipality, request),
    )
    overrides = data_dir.parent / "templates"
    agenda_html = render.document(
        "agenda",
        "html",
        record.malform,
        overrides if overrides.is_dir() else None,
        doc=content,
    )
    report = Console(stderr=True, soft_wrap=True)
    # Without a convener's address no invitation can be made; the .ics alone can still be
    # imported and sent by hand, so only --send makes that an error.
    mailing = send or invitees(series.arena, record).organizer is not None
    if not mailing:
        report.print(
            "[yellow]"
            + _(
                "no convener has an address in the roster: writing the .ics only, to send "
                "from your own calendar"
            )
            + "[/yellow]"
        )
    job = issuing.Job(
        record=record,
        all_series=[series],
        stamp=stamp,
        out=out,
        invitations_dir=out if mailing else None,
        send=send,
        strict=strict,
        smtp=smtp,
        what=_("for {day}").format(day=request.day.isoformat()),
        name=file_stem(request),
        one_off=True,
        attachments={"saksliste.html": agenda_html},
        participants=request.participants,
    )

    def describe(_: object) -> None:
        Console(soft_wrap=True).print(
            f"{series.arena.name}: "
            f"{texts.meeting_text(meeting.start, meeting.end, record.malform)}"
            + (f", {meeting.location}" if meeting.location else "")
        )

    with issue_history.locked(path), locked([out]):
        history = issue_history.load(path)
        issuing.issue(
            job,
            history,
            cancellations_for=lambda _: [],
            print_stdout=describe,
            report=report,
            now=now,
        )


def _last_meeting_of_case(path: Path, municipality: str, request: OneOff) -> dt.date | None:
    """The day of the same case's last meeting that `invite` issued, from the history."""
    if request.case is None:
        return None
    entries = issue_history.load(path).entries
    return last_meeting_of_case(
        (uid for uid, entry in entries.items() if not entry.cancelled),
        municipality,
        request.arena_slug,
        request.case,
        request.day,
    )

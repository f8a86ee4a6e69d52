"""The steps shared by `agenda`, `minutes`, `routine` and `overview`: load, pick the
municipality and arena, render in the chosen målform, write or print."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer

from samarbeid_cli.cli.choosing import pick
from samarbeid_cli.cli.document_options import Format, Lang
from samarbeid_cli.cli.options import STDOUT, outside_data, print_or_write
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.topics import ArenaExtras, load_valid
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.renderers import documents as render
from samarbeid_cli.renderers import texts


def date_from(text: str, option: str) -> dt.date:
    """A YYYY-MM-DD option value."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            _("{option} must be a date such as 2027-01-15 (got {value})").format(
                option=option, value=repr(text)
            )
        ) from None


class Session:
    """A loaded workspace and the choices every document command makes."""

    def __init__(self, data_dir: Path, municipality: str | None) -> None:
        self.data_dir = data_dir
        self.workspace: Workspace
        self.extras: ArenaExtras
        self.workspace, self.extras = load_valid(data_dir)
        overrides = data_dir.parent / "templates"
        self.overrides = overrides if overrides.is_dir() else None
        if municipality is not None:
            pick(municipality, sorted(self.workspace.municipalities), _("municipality"), "-m")

    def check_series(
        self, municipality: str, arena: str, day: dt.date | None, today: dt.date
    ) -> str:
        """The series `--arena` names, as `schedule` names them: a plain arena, one unit's
        `<arena>--<unit>`, or a per-unit arena's file slug, which names the one unit whose
        series meets on `day` (or, without a day, meets first from `today`).

        Raises:
            UsageError: Unknown, or a per-unit arena where no one unit is meant; lists the
                unit slugs.
        """
        from samarbeid_cli.errors import InputError
        from samarbeid_cli.services.agenda import (
            every_slug,
            meeting_on,
            next_meeting,
            series_named,
        )

        named = series_named(self.workspace, municipality, arena)
        if not named:
            pick(
                arena,
                every_slug(self.workspace, municipality),
                _("arena in {municipality}").format(municipality=municipality),
                "--arena",
            )
        if len(named) == 1:
            return named[0].slug
        meetings = []
        for instance in named:
            try:
                meetings.append(
                    meeting_on(self.workspace, municipality, instance.slug, day)
                    if day is not None
                    else next_meeting(self.workspace, municipality, instance.slug, today)
                )
            except InputError:
                continue
        if day is None and meetings:
            first = min(meeting.start for meeting in meetings)
            meetings = [meeting for meeting in meetings if meeting.start == first]
        if len(meetings) == 1:
            return meetings[0].arena_slug
        units = ", ".join(instance.slug for instance in named)
        when = day.isoformat() if day is not None else _("next")
        raise UsageError(
            _(
                "--arena: {arena!r} is held by each unit, with a series of its own, and "
                "{count} of them meet {when}; name one: {units}"
            ).format(arena=arena, count=len(meetings), when=when, units=units)
            if meetings
            else _(
                "--arena: {arena!r} is held by each unit, and no unit's series meets {when}; "
                "name one: {units}"
            ).format(arena=arena, when=when, units=units)
        )

    def check_routine(self, municipality: str, arena: str) -> str:
        """The arena file `--arena` names: one routine covers every unit of a per-unit arena,
        so a unit's series slug names its arena file's routine.

        Raises:
            UsageError: Unknown.
        """
        from samarbeid_cli.services.agenda import every_slug, series_named

        named = series_named(self.workspace, municipality, arena)
        if not named:
            pick(
                arena,
                every_slug(self.workspace, municipality),
                _("arena in {municipality}").format(municipality=municipality),
                "--arena",
            )
        return named[0].routine

    def lang(self, municipality: str, chosen: Lang | None) -> str:
        """`--lang`, else the municipality's målform."""
        return chosen.value if chosen else self.workspace.municipalities[municipality].malform

    def deliver(
        self, kind: str, output_format: Format, lang: str, out: Path | None, **context: Any
    ) -> None:
        """Render one document and print it, or write it (all or nothing) to `out`."""
        if output_format is Format.docx and out is None:
            raise UsageError(_("--format docx writes a Word file: give --out FILE.docx"))
        if out is not None and out != STDOUT:
            outside_data(out, self.data_dir, "--out", folder=False)
        content = render.document(kind, output_format.value, lang, self.overrides, **context)
        print_or_write(out, content, binary=output_format is Format.docx)


def due_json(rows: list[dict[str, Any]]) -> str:
    """The --due list as JSON (its shape is documented in the README)."""
    return json.dumps(rows, indent=2, ensure_ascii=False)


def meeting_document(
    session: Session,
    municipality: str,
    arena: str,
    day: dt.date | None,
    today: dt.date,
    *,
    case: str | None = None,
    history_file: Path | None = None,
) -> Any:
    """The agenda's or minutes' content for the meeting on `day` (or the next from `today`);
    for a `case`, its last meeting comes from the issue history. A meeting called outside any
    series takes its time, and leave to be on a closed day, from the invitation `invite`
    issued for it (for the case, where there is one), from the same history."""
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.services import agenda, documents
    from samarbeid_cli.services.one_off import (
        chosen_participants,
        invited_start,
        invited_uids,
        last_meeting_of_case,
    )

    workspace = session.workspace
    path = history_file or issue_history.history_path(session.data_dir, municipality)
    on_demand = not agenda.instance_of(workspace, municipality, arena).arena.has_series
    live: list[str] = []
    entries: dict[str, issue_history.Entry] = {}
    if case is not None or (day is not None and on_demand):
        entries = issue_history.load(path).entries
        live = [uid for uid, entry in entries.items() if not entry.cancelled]
    if day is not None:
        invited = invited_start(live, municipality, arena, case, day) if on_demand else None
        # What the invitation recorded beyond its start (histories before issue 21 have
        # neither): its end, and the parties chosen with -p.
        recorded = [entries[uid] for uid in invited_uids(live, municipality, arena, case, day)]
        ends = {entry.end for entry in recorded}
        parties = {entry.participants for entry in recorded}
        meeting = agenda.meeting_on(
            workspace,
            municipality,
            arena,
            day,
            invited=invited,
            invited_end=_clock(ends.pop()) if invited and len(ends) == 1 else None,
        )
        chosen = (
            chosen_participants(parties.pop(), workspace.municipalities[municipality])
            if invited and len(parties) == 1
            else None
        )
        if chosen is not None:
            meeting = dataclasses.replace(
                meeting, arena=meeting.arena.model_copy(update={"participants": chosen})
            )
    else:
        meeting = agenda.next_meeting(workspace, municipality, arena, today)
    # A per-unit arena's standing items and topics are in its arena file's folder.
    routine = meeting.routine_slug
    previous = None
    if case is not None:
        previous = last_meeting_of_case(live, municipality, arena, case, meeting.date)
    return documents.meeting_document(
        workspace.municipalities[municipality],
        meeting,
        agenda.neighbours(workspace, meeting),
        session.extras.standing_items.get((municipality, routine)),
        session.extras.topics_for(municipality, routine, meeting.date, meeting.unit),
        case=case,
        case_previous=previous,
    )


def _clock(text: str) -> dt.time | None:
    """The wall-clock time of an ISO 8601 moment the issue history records; None for ""."""
    try:
        return dt.datetime.fromisoformat(text).time() if text else None
    except ValueError:
        return None


def due(
    data_dir: Path, municipality: str | None, as_of: dt.date, within: int, as_json: bool
) -> None:
    """Print the meetings whose agenda must go out in the window (`agenda --due`)."""
    from samarbeid_cli.services import agenda

    session = Session(data_dir, municipality)
    chosen = [municipality] if municipality else sorted(session.workspace.municipalities)
    meetings = agenda.due(session.workspace, chosen, as_of, within)
    if as_json:
        rows = [
            {
                "municipality": m.municipality,
                "arena": m.arena_slug,
                "routine": m.routine_slug,
                "unit": m.unit,
                "name": m.arena.name,
                "date": m.date.isoformat(),
                "start": m.start.isoformat(),
                "end": m.end.isoformat(),
                "location": m.location,
                "send_by": m.send_by.isoformat(),
                "lead_days": m.arena.agenda.lead_days,
            }
            for m in meetings
        ]
        typer.echo(due_json(rows))
        return
    last = as_of + dt.timedelta(days=within - 1)
    typer.echo(
        _("agendas due {first} to {last}: {count}").format(
            first=as_of.isoformat(), last=last.isoformat(), count=len(meetings)
        )
    )
    for m in meetings:
        typer.echo(
            _("send by {send_by}  meeting {start}  {arena}  {name}").format(
                send_by=m.send_by.isoformat(),
                start=f"{m.start:%Y-%m-%d %H:%M}",
                arena=f"{m.municipality}/{m.arena_slug}",
                name=m.arena.name,
            )
        )


def _nobody_to_mail(people: Any) -> str | None:
    """Why the agenda cannot be e-mailed to anyone, or None where it can."""
    if people.organizer is None:
        return _("no convener has an address")
    if not people.attendees:
        return _("nobody but the convener has an address")
    return None


def _agenda_parts(
    session: Session, municipality: str, document: Any, lang: str, *, mailed: bool = True
) -> tuple[Any, str, bytes]:
    """Whom the agenda goes to, and the agenda as Markdown and as the page attached.

    Raises:
        InputError: `mailed`, and nobody but the convener (or not even the convener) has an
            address.
    """
    from samarbeid_cli.errors import InputError
    from samarbeid_cli.services.invitations import invitees

    meeting = document.meeting
    people = invitees(meeting.arena, session.workspace.municipalities[municipality])
    why = _nobody_to_mail(people)
    if mailed and why is not None:
        raise InputError(
            _("nobody to send the agenda of {arena} to: {why}; add addresses to the roster").format(
                arena=meeting.arena_slug, why=why
            )
        )
    html = render.document("agenda", "html", lang, session.overrides, doc=document)
    text = render.document("agenda", "md", lang, session.overrides, doc=document).decode()
    return people, text, html


def _agenda_email(
    record: Any, document: Any, people: Any, text: str, html: bytes, key: str, sequence: int
) -> Any:
    """The agenda e-mail (`calendar_files.agenda_email`), the same for SMTP and Graph."""
    from samarbeid_cli.renderers import calendar_files

    meeting = document.meeting
    return calendar_files.agenda_email(
        arena_name=meeting.arena.name,
        day=meeting.date,
        agenda_text=text,
        agenda_html=html,
        organizer=people.organizer,
        attendees=people.attendees,
        municipality=record,
        stamp=dt.datetime.now(dt.UTC),
        # A changed agenda is a new message: mail systems drop one whose Message-ID they
        # have seen.
        key=key if sequence == 0 else f"{key}.{sequence}",
    )


def send_agenda(
    session: Session, municipality: str, document: Any, lang: str, history_file: Path | None
) -> None:
    """E-mail one meeting's agenda to everyone its series invites who has not had it yet,
    recording in the issue history who received it, and report who got it.

    Raises:
        InputError: Nobody but the convener (or not even the convener) has an address.
        DeliveryError: Not every recipient was accepted.
    """
    from rich.console import Console

    from samarbeid_cli.cli import issuing
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.delivery import issuing as use_case
    from samarbeid_cli.delivery import sending

    workspace = session.workspace
    record = workspace.municipalities[municipality]
    smtp = sending.settings(
        record.smtp, sending.environment(), workspace.municipality_files[municipality]
    )
    meeting = document.meeting
    people, text, html = _agenda_parts(session, municipality, document, lang)
    key = f"saksliste.{meeting.arena_slug}.{meeting.date.isoformat()}"
    path = history_file or issue_history.history_path(session.data_dir, municipality)
    with issue_history.locked(path):
        history = issue_history.load(path)
        issued = use_case.issue_message(
            history,
            key,
            text.encode() + html,
            arena=meeting.arena_slug,
            summary=meeting.arena.name,
            start=meeting.start.isoformat(),
            agenda=True,
        )
        message = _agenda_email(record, document, people, text, html, key, issued.sequence)
        outgoing = use_case.Message(
            f"saksliste-{meeting.arena_slug}-{meeting.date.isoformat()}",
            key,
            issued.sequence,
            message,
            smtp.sender or people.organizer.email,
            tuple(sending.Recipient(p.email, p.label or p.name) for p in people.attendees),
        )
        sent = use_case.send_missing(history, [outgoing], smtp, lambda: dt.datetime.now(dt.UTC))
    report = Console(stderr=True, soft_wrap=True)
    issuing.report_already(report, sent.already)
    issuing.report_sending(report, sent.report, smtp.where)


def publish_agenda(
    session: Session, municipality: str, document: Any, lang: str, history_file: Path | None
) -> None:
    """Put one meeting's agenda on its Outlook event (or mail it through Graph), as
    `delivery.outlook_agenda` describes, and report what was done.

    Raises:
        InputError: The meeting is not published in Outlook, nobody to send to, or not
            signed in.
        DeliveryError: Graph refused.
    """
    from rich.console import Console

    from samarbeid_cli.cli.publishing import graph_settings
    from samarbeid_cli.delivery import graph, outlook_agenda, outlook_meetings
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.delivery import issuing as use_case
    from samarbeid_cli.errors import InputError

    record = session.workspace.municipalities[municipality]
    settings = graph_settings(record.calendar)
    meeting = document.meeting
    # Attaching to the event needs nobody to send to: only the mail fallback does.
    people, text, html = _agenda_parts(session, municipality, document, lang, mailed=False)
    key = f"saksliste.{meeting.arena_slug}.{meeting.date.isoformat()}"
    name = f"{meeting.arena.name} {texts.message_day(meeting.date)}"
    path = history_file or issue_history.history_path(session.data_dir, municipality)
    with issue_history.locked(path):
        history = issue_history.load(path)
        client = graph.Client(settings)
        found = outlook_meetings.find_event(history, meeting.arena_slug, meeting.start, client)
        if found is None:
            raise InputError(
                _(
                    "{name} is not published in Outlook according to {history}: publish it "
                    "first (schedule or invite --publish outlook), or e-mail the agenda with "
                    "--send"
                ).format(name=name, history=path)
            )
        issued = use_case.issue_message(
            history,
            key,
            text.encode() + html,
            arena=meeting.arena_slug,
            summary=meeting.arena.name,
            start=meeting.start.isoformat(),
            agenda=True,
        )
        nobody = _nobody_to_mail(people)
        mail = outlook_agenda.AgendaMail(
            name,
            key,
            None
            if nobody is not None
            else _agenda_email(record, document, people, text, html, key, issued.sequence),
            tuple((p.email, p.name) for p in people.attendees) if nobody is None else (),
            page=html,
            nobody=nobody,
        )
        outlook_agenda.deliver(
            history,
            issued,
            found.event,
            mail,
            client,
            now=lambda: dt.datetime.now(dt.UTC),
            report=Console(stderr=True, soft_wrap=True),
        )


def outlook_attendance(
    session: Session, municipality: str, document: Any, lang: str, history_file: Path | None
) -> dict[str, Any]:
    """`minutes --answers outlook`: the template's `outlook_answers`, from the answers to the
    meeting's Outlook event (read as `samarbeid responses` reads them). Where none can be
    read (not published, not signed in, Graph refused), says why on stderr and leaves the
    table for the minutes writer: the minutes are written all the same.

    Raises:
        InputError: The issue history is not samarbeid's.
    """
    from rich.console import Console
    from rich.markup import escape

    from samarbeid_cli.cli.publishing import graph_settings
    from samarbeid_cli.delivery import graph, outlook_meetings
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.errors import InputError
    from samarbeid_cli.renderers import responses
    from samarbeid_cli.services.invitations import invitees

    record = session.workspace.municipalities[municipality]
    meeting = document.meeting
    path = history_file or issue_history.history_path(session.data_dir, municipality)
    history = issue_history.load(path)
    answers: tuple[responses.Answer, ...] = ()
    problem: str | None
    try:
        client = graph.Client(graph_settings(record.calendar))
        found = outlook_meetings.find_event(history, meeting.arena_slug, meeting.start, client)
        if found is None:
            problem = _("{name} is not published in Outlook according to {history}").format(
                name=f"{meeting.arena.name} {texts.message_day(meeting.date)}", history=path
            )
        else:
            read = outlook_meetings.meeting_answers(history, found, client)
            problem, answers = read.problem, read.answers
    except (InputError, graph.GraphError) as err:
        problem = str(err)
    if problem:
        Console(stderr=True, soft_wrap=True).print(
            "[yellow]"
            + _(
                "no answers from Outlook: {problem}; the attendance is left for the minutes writer"
            ).format(problem=escape(problem))
            + "[/yellow]"
        )
        return {"outlook_answers": responses.Attendance(False)}
    party_of = {
        invitee.email.lower(): invitee.label
        for invitee in invitees(meeting.arena, record).attendees
    }
    return {"outlook_answers": responses.attendance(answers, party_of, lang)}

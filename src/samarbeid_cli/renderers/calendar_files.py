"""Series -> the files `schedule` writes: one .ics per arena for import (METHOD:PUBLISH), and
one .eml invitation (METHOD:REQUEST) per UID for Outlook's accept/decline."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

import icalendar

from samarbeid_cli.models.arena import Ref
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.renderers import documents, ical, texts
from samarbeid_cli.services import sequence
from samarbeid_cli.services.invitations import (
    Invitee,
    Invitees,
    NotInvited,
    display_name,
    invitees,
)
from samarbeid_cli.services.schedule import Meeting, Series
from samarbeid_cli.services.sequence import Issued, next_issue

__all__ = [
    "Invitations",
    "Issued",
    "Mail",
    "cancellation",
    "combined_ics",
    "description",
    "ics_files",
    "invitations",
    "issue_state",
]

_DIGEST_STAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _names(refs: Sequence[Ref], municipality: Municipality) -> list[str]:
    return [display_name(ref, municipality) for ref in refs]


def description(series: Series, municipality: Municipality) -> str:
    """DESCRIPTION: the mandate in short, who convenes, the agenda rule, where minutes go."""
    arena = series.arena
    minutes = arena.minutes
    names = {
        "conveners": _names(arena.convener, municipality),
        "chair": display_name(arena.chair, municipality) if arena.chair else None,
        "deputy": display_name(arena.deputy_chair, municipality) if arena.deputy_chair else None,
        "prepared_with": _names(arena.agenda.prepared_with, municipality),
        "writer": display_name(minutes.writer, municipality)
        if minutes and minutes.writer
        else None,
        "dispatch": _names(minutes.electronic_dispatch, municipality) if minutes else [],
    }
    return documents.render(
        "ical/description", municipality.malform, arena=arena, names=names, period=series.period
    ).strip()


def _years(series: Series) -> list[int]:
    return [series.period.year]


def _events_by_uid(
    series: Series,
    municipality: Municipality,
    stamp: dt.datetime,
    issued: Mapping[str, Issued],
    invitation: ical.Invitation | None = None,
    changes: Mapping[str, str] | None = None,
) -> dict[str, list[icalendar.Event]]:
    text = description(series, municipality)
    changes = changes or {}
    return {
        uid: ical.events(
            series,
            uid,
            meetings,
            stamp,
            issued[uid].sequence if uid in issued else 0,
            f"{changes[uid]}\n\n{text}" if uid in changes else text,
            invitation,
        )
        for uid, meetings in series.by_uid()
    }


def change_lines(
    all_series: Sequence[Series],
    municipality: Municipality,
    was: Mapping[str, tuple[str, str | None]],
) -> dict[str, str]:
    """UID -> what its re-issue changed, in one line ("Nytt klokkeslett: 09.00 (var 08.30)."),
    for every UID whose earlier issue (`was`: its first start, ISO 8601, and place) differs.

    Not part of the content's digest: it says how this SEQUENCE differs from the one before,
    so the digest of the same meetings stays the same.
    """
    lines = {}
    for series in all_series:
        for uid, meetings in series.by_uid():
            if uid not in was or not meetings:
                continue
            found = sequence.change(*was[uid], meetings[0].start, meetings[0].location)
            if found:
                lone = len(meetings) == 1 and series.rule is None
                lines[uid] = texts.change_text(found, municipality.malform, lone=lone)
    return lines


def _invitation(
    series: Series, municipality: Municipality, people: Invitees | None = None
) -> ical.Invitation | None:
    people = people or invitees(series.arena, municipality)
    if people.organizer is None:
        return None
    return ical.Invitation(people.organizer, people.attendees)


def issue_state(
    all_series: Sequence[Series], municipality: Municipality, previous: Mapping[str, Issued]
) -> dict[str, Issued]:
    """The SEQUENCE of every UID issued now: up by one where the content changed."""
    digests = {}
    for series in all_series:
        invitation = _invitation(series, municipality)
        people = repr(invitation)
        for uid, events in _events_by_uid(series, municipality, _DIGEST_STAMP, {}).items():
            content = b"".join(event.to_ical() for event in events) + people.encode()
            digests[uid] = hashlib.sha256(content).hexdigest()
    return next_issue(previous, digests)


def ics_files(
    all_series: Sequence[Series],
    municipality: Municipality,
    stamp: dt.datetime,
    issued: Mapping[str, Issued],
    changes: Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """`<arena-slug>.ics` for every arena with meetings in the period (METHOD:PUBLISH); a
    re-issued UID's DESCRIPTION starts with what changed (`changes`, from `change_lines`)."""
    files = {}
    for series in all_series:
        events = [
            event
            for uid_events in _events_by_uid(
                series, municipality, stamp, issued, changes=changes
            ).values()
            for event in uid_events
        ]
        if events:
            files[f"{series.arena_slug}.ics"] = ical.calendar(
                events, municipality.timezone, _years(series)
            )
    return files


def combined_ics(
    all_series: Sequence[Series],
    municipality: Municipality,
    stamp: dt.datetime,
    issued: Mapping[str, Issued],
    *,
    method: str | None = "PUBLISH",
    name: str | None = None,
) -> bytes:
    """Every arena's events in one calendar (for `--format ics` on stdout).

    With `method=None` and a `name` it is a feed to subscribe to by URL (`samarbeid site`):
    no METHOD, no ORGANIZER or ATTENDEE, the calendar named (see `ical.calendar`).
    """
    events = [
        event
        for series in all_series
        for uid_events in _events_by_uid(series, municipality, stamp, issued).values()
        for event in uid_events
    ]
    years = sorted({series.period.year for series in all_series}) or [stamp.year]
    return ical.calendar(events, municipality.timezone, years, method=method, name=name)


@dataclass(frozen=True)
class Mail:
    """One invitation e-mail and exactly whom it is for (never re-read from its headers)."""

    name: str
    """File name: `<arena>.eml`, or `<arena>-<n>.eml` per meeting."""
    uid: str
    sequence: int
    arena_slug: str
    message: EmailMessage
    organizer: Invitee
    attendees: tuple[Invitee, ...]
    not_invited: tuple[NotInvited, ...]


@dataclass
class Invitations:
    """The invitation e-mails of a run, and whom they could not reach."""

    mails: list[Mail] = field(default_factory=list)
    without_organizer: list[str] = field(default_factory=list)
    without_attendees: list[str] = field(default_factory=list)
    """Arenas not invited to: only the convener has an address, so nobody would be invited."""
    """Arenas not invited to: no convener has an address in the roster."""
    not_invited: dict[str, list[NotInvited]] = field(default_factory=dict)
    """Arena slug -> roles and services with no address in the roster."""

    @property
    def messages(self) -> dict[str, EmailMessage]:
        """File name -> message."""
        return {mail.name: mail.message for mail in self.mails}


def _address(person: Invitee) -> Address:
    # Address objects quote a display name such as 'Æ <x@y>,' instead of parsing it.
    local, _, domain = person.email.rpartition("@")
    return Address(display_name=person.name, username=local, domain=domain)


def _email(
    series: Series,
    municipality: Municipality,
    uid: str,
    meetings: Sequence[Meeting],
    events: list[icalendar.Event],
    invitation: ical.Invitation,
    stamp: dt.datetime,
    sequence: int,
    change: str | None = None,
) -> EmailMessage:
    malform = municipality.malform
    text = documents.render(
        "email/invitation",
        malform,
        change=change,
        arena=series.arena,
        period_text=texts.period_text(series.period, malform),
        meetings=[texts.meeting_text(m.start, m.end, malform) for m in meetings],
        skipped=[
            f"{texts.day_text(skipped.date, malform)}: {skipped.reason}"
            for skipped in (series.skipped if series.rule is not None else [])
        ],
        description=description(series, municipality),
        organizer=invitation.organizer.name,
        updated=sequence > 0,
        day=texts.day_text(meetings[0].start.date(), malform) if len(meetings) == 1 else None,
    )
    calendar_bytes = ical.calendar(events, municipality.timezone, _years(series), method="REQUEST")
    message_id = f"<{uid.split('@')[0]}.{sequence}@samarbeid.invalid>"
    return _message(
        text, invitation.organizer, invitation.attendees, stamp, message_id, uid, calendar_bytes
    )


def _plain(
    text: str,
    organizer: Invitee,
    attendees: Sequence[Invitee],
    stamp: dt.datetime,
    message_id: str,
) -> EmailMessage:
    """The headers and text part every e-mail of samarbeid has: `text` is the subject, a blank
    line, then the body; addresses come from the roster as Address objects."""
    subject, _, body = text.partition("\n\n")
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(organizer)
    message["To"] = [_address(attendee) for attendee in attendees]
    message["Subject"] = subject.strip()
    message["Date"] = format_datetime(stamp)
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def _message(
    text: str,
    organizer: Invitee,
    attendees: Sequence[Invitee],
    stamp: dt.datetime,
    message_id: str,
    boundary_seed: str,
    calendar_bytes: bytes,
    method: str = "REQUEST",
) -> EmailMessage:
    """A multipart/alternative e-mail: `text` (subject, blank line, body) and the calendar."""
    message = _plain(text, organizer, attendees, stamp, message_id)
    message.add_alternative(
        calendar_bytes.decode(),
        subtype="calendar",
        params={"method": method, "name": "invite.ics" if method == "REQUEST" else "cancel.ics"},
        cte="base64",
    )
    # The default boundary is random; a fixed one keeps the file byte-identical per stamp.
    boundary = hashlib.sha256(boundary_seed.encode()).hexdigest()[:24]
    message.set_boundary(f"=_samarbeid_{boundary}")
    return message


def invitations(
    all_series: Sequence[Series],
    municipality: Municipality,
    stamp: dt.datetime,
    issued: Mapping[str, Issued],
    changes: Mapping[str, str] | None = None,
) -> Invitations:
    """One METHOD:REQUEST e-mail per UID: per regular series, or per meeting of a per-term
    arena (a REQUEST carries one UID, RFC 5546 3.2.2). A re-issued UID's e-mail and
    DESCRIPTION say what changed (`changes`, from `change_lines`)."""
    changes = changes or {}
    result = Invitations()
    for series in all_series:
        if not series.meetings:
            continue
        people = invitees(series.arena, municipality)
        invitation = _invitation(series, municipality, people)
        if people.not_invited:
            result.not_invited[series.arena_slug] = people.not_invited
        if invitation is None:
            result.without_organizer.append(series.arena_slug)
            continue
        if not invitation.attendees:
            result.without_attendees.append(series.arena_slug)
            continue
        events_by_uid = _events_by_uid(series, municipality, stamp, issued, invitation, changes)
        for position, (uid, meetings) in enumerate(series.by_uid()):
            name = (
                f"{series.arena_slug}.eml"
                if series.rule is not None
                else f"{series.arena_slug}-{position + 1}.eml"
            )
            sequence = issued[uid].sequence if uid in issued else 0
            message = _email(
                series,
                municipality,
                uid,
                meetings,
                events_by_uid[uid],
                invitation,
                stamp,
                sequence,
                changes.get(uid),
            )
            result.mails.append(
                Mail(
                    name,
                    uid,
                    sequence,
                    series.arena_slug,
                    message,
                    invitation.organizer,
                    tuple(invitation.attendees),
                    tuple(people.not_invited),
                )
            )
    return result


# Where the agenda goes in the e-mail template's text: the plain part gets the agenda as plain
# text there, the HTML part the agenda as HTML.
_AGENDA_PLACE = "\x00agenda\x00"


def _html_paragraphs(text: str) -> str:
    return "".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in paragraph.splitlines()) + "</p>\n"
        for paragraph in text.strip().split("\n\n")
        if paragraph.strip()
    )


def agenda_email(
    *,
    arena_name: str,
    day: dt.date,
    agenda_text: str,
    agenda_html: bytes,
    organizer: Invitee,
    attendees: Sequence[Invitee],
    municipality: Municipality,
    stamp: dt.datetime,
    key: str,
) -> EmailMessage:
    """The agenda sent to those the series invites (seed 000: the saksliste goes out a week
    before; it names the previous minutes): a multipart/alternative body, plain text and HTML
    saying the same as the page attached, never raw Markdown.

    Args:
        agenda_text: The agenda as Markdown, as `agenda -f md` prints it.
        agenda_html: The agenda page attached as saksliste.html.
    """
    from samarbeid_cli.renderers.plain_text import markdown_to_text

    text = documents.render(
        "email/agenda",
        municipality.malform,
        arena=arena_name,
        day=texts.day_text(day, municipality.malform),
        agenda=_AGENDA_PLACE,
        organizer=organizer.name,
    )
    subject, _, body = text.partition("\n\n")
    before, _, after = body.partition(_AGENDA_PLACE)
    plain = before + markdown_to_text(agenda_text).strip() + after
    message = _plain(
        f"{subject}\n\n{plain}", organizer, attendees, stamp, f"<{key}@samarbeid.invalid>"
    )
    page = (
        f'<!DOCTYPE html>\n<html lang="{municipality.malform}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(subject.strip())}</title>\n</head>\n<body>\n"
        f"{_html_paragraphs(before)}{documents.markdown_to_html(agenda_text)}"
        f"{_html_paragraphs(after)}</body>\n</html>\n"
    )
    message.add_alternative(page, subtype="html")
    message.add_attachment(agenda_html.decode(), subtype="html", filename="saksliste.html")
    boundary = hashlib.sha256(key.encode()).hexdigest()[:24]
    message.set_boundary(f"=_samarbeid_{boundary}")
    alternative = next(message.iter_parts())
    alternative.set_boundary(f"=_samarbeid_alt_{boundary}")
    return message


def first_start(series: Series, uid: str) -> str:
    """The first meeting's start under `uid` (ISO 8601), kept for a later cancellation."""
    for found, meetings in series.by_uid():
        if found == uid and meetings:
            return meetings[0].start.isoformat()
    return ""


def first_location(series: Series, uid: str) -> str:
    """The first meeting's place under `uid` ("" for none), kept to say when it changes."""
    for found, meetings in series.by_uid():
        if found == uid and meetings:
            return meetings[0].location or ""
    return ""


def cancellation(
    *,
    uid: str,
    sequence: int,
    summary: str,
    start: dt.datetime,
    organizer: Invitee,
    attendees: Sequence[Invitee],
    municipality: Municipality,
    stamp: dt.datetime,
) -> EmailMessage:
    """A METHOD:CANCEL e-mail for every meeting under `uid` (RFC 5546 3.2.5), so calendars that
    accepted the series remove it instead of keeping a ghost."""
    malform = municipality.malform
    calendar_bytes = ical.cancellation(
        uid=uid,
        sequence=sequence,
        summary=summary,
        start=start,
        organizer=organizer,
        attendees=attendees,
        stamp=stamp,
        zone_name=municipality.timezone,
    )
    text = documents.render(
        "email/cancellation",
        malform,
        summary=summary,
        first=texts.day_text(start.date(), malform),
        organizer=organizer.name,
    )
    message_id = f"<{uid.split('@')[0]}.{sequence}.cancel@samarbeid.invalid>"
    return _message(
        text, organizer, attendees, stamp, message_id, f"{uid} cancel", calendar_bytes, "CANCEL"
    )

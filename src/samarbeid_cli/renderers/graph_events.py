"""Series -> Microsoft Graph events (JSON bodies of POST /events), one per meeting.

Each meeting is its own event, as the calendar files do for per-term arenas: the meetings of a
regular series are then matched one to one with their Outlook events by the rule's date, so a
moved, dropped or re-timed meeting changes exactly one event. What an event carries is what
the invitation shows (subject, the description the .ics carries, place, time, attendees from
the roster), nothing else of the data. Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from samarbeid_cli.models.arena import MeetingForm
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.renderers.calendar_files import description
from samarbeid_cli.services.invitations import NotInvited, invitees
from samarbeid_cli.services.schedule import Meeting, Series

WINDOWS_ZONES = {"Europe/Oslo": "W. Europe Standard Time"}
"""IANA zone -> the Windows name Outlook keeps events in (CLDR's windowsZones.xml maps
"W. Europe Standard Time" to Europe/Berlin, Europe/Oslo among others: the same rules since
1980). A zone not listed goes as UTC, which Graph always takes."""
UID_PROPERTY = "String {8d4b8e29-6c1f-4a53-9f3e-2b7c5a0d6e14} Name samarbeidUid"
"""The extended property that carries samarbeid's UID and the meeting on every event."""
TEAMS = "Teams"


@dataclass(frozen=True)
class PlannedEvent:
    """One meeting as a Graph event."""

    uid: str
    meeting: str
    """The rule's date (ISO) for a meeting of a regular series; "" for a UID of one meeting."""
    series: Series
    start: dt.datetime
    body: dict[str, Any]
    digest: str
    """Of `body`: when it differs from the one recorded, the event is updated."""

    @property
    def name(self) -> str:
        """For messages: the series' slug and the meeting's day."""
        return f"{self.series.arena_slug} {self.start.date().isoformat()}"


def zone_and_name(zone_name: str) -> tuple[ZoneInfo, str]:
    """The zone times are written in, and the name Graph is given for it."""
    if zone_name in WINDOWS_ZONES:
        return ZoneInfo(zone_name), WINDOWS_ZONES[zone_name]
    return ZoneInfo("UTC"), "UTC"


def html_body(text: str) -> str:
    """The description as HTML: escaped, one paragraph per block, line breaks kept."""
    blocks = [block for block in text.split("\n\n") if block.strip()]
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in block.splitlines()) + "</p>"
        for block in blocks
    )


def _online(series: Series, meeting: Meeting) -> bool:
    form = series.arena.meeting.form
    return form in (MeetingForm.digital, MeetingForm.hybrid) or meeting.location == TEAMS


def _time(moment: dt.datetime, zone: ZoneInfo, name: str) -> dict[str, str]:
    local = moment.astimezone(zone).replace(tzinfo=None)
    return {"dateTime": local.isoformat(timespec="seconds"), "timeZone": name}


def event_body(
    series: Series,
    meeting: Meeting,
    uid: str,
    key: str,
    text: str,
    attendees: Sequence[dict[str, Any]],
    zone_name: str,
) -> dict[str, Any]:
    """The JSON of one event, without `transactionId` (added on create)."""
    zone, name = zone_and_name(zone_name)
    body: dict[str, Any] = {
        "subject": series.arena.name,
        "body": {"contentType": "html", "content": html_body(text)},
        "start": _time(meeting.start, zone, name),
        "end": _time(meeting.end, zone, name),
        "attendees": list(attendees),
        "responseRequested": True,
        "singleValueExtendedProperties": [{"id": UID_PROPERTY, "value": key}],
    }
    if meeting.location:
        body["location"] = {"displayName": meeting.location}
    if _online(series, meeting):
        # Exchange makes the Teams meeting and puts its join link in every invitation.
        body["isOnlineMeeting"] = True
        body["onlineMeetingProvider"] = "teamsForBusiness"
    return body


def planned_events(
    all_series: Sequence[Series], municipality: Municipality
) -> tuple[list[PlannedEvent], dict[str, list[NotInvited]]]:
    """Every meeting as an event, and per series whom the invitation cannot reach."""
    planned: list[PlannedEvent] = []
    not_invited: dict[str, list[NotInvited]] = {}
    for series in all_series:
        people = invitees(series.arena, municipality)
        not_invited[series.arena_slug] = list(people.not_invited)
        organizer = people.organizer.email.lower() if people.organizer else None
        # The calendar's owner organizes; the other conveners, chair and participants attend.
        attendees = [
            {
                "emailAddress": {"address": person.email, "name": person.label or person.name},
                "type": "optional" if person.role == "OPT-PARTICIPANT" else "required",
            }
            for person in people.attendees
            if person.email.lower() != organizer
        ]
        if people.organizer is not None and people.organizer.email:
            attendees.insert(
                0,
                {
                    "emailAddress": {
                        "address": people.organizer.email,
                        "name": people.organizer.label or people.organizer.name,
                    },
                    "type": "required",
                },
            )
        text = description(series, municipality)
        for uid, meetings in series.by_uid():
            for meeting in meetings:
                occurrence = (
                    meeting.slot.isoformat()
                    if series.rule is not None and meeting.slot is not None
                    else ""
                )
                key = f"{uid}/{occurrence}" if occurrence else uid
                body = event_body(series, meeting, uid, key, text, attendees, municipality.timezone)
                digest = hashlib.sha256(
                    json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
                ).hexdigest()
                planned.append(PlannedEvent(uid, occurrence, series, meeting.start, body, digest))
    return planned, not_invited

"""Series -> Microsoft Graph events (JSON bodies of POST /events).

A regular series (weekly, every N weeks, the nth weekday of each month) is ONE event with a
`recurrence` (patternedRecurrence, in the municipality's Windows zone), so every attendee
gets one invitation for the half-year; the rule's dates the engine skipped are occurrences to
remove, and a meeting moved off its date (or at another place than the series' own) is a
changed occurrence (a PATCH of its start, end, location). It is published so only when the
pattern's own expansion, less those, is exactly the engine's dates; any other series (per
term, per year, a zone Graph is not given by name) is one event per meeting, matched with its
meeting by the rule's date. What an event carries is what the invitation shows (subject, the
description the .ics carries, place, time, attendees from the roster), nothing else of the
data. Pure: no I/O.
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
from samarbeid_cli.renderers import texts
from samarbeid_cli.renderers.calendar_files import description
from samarbeid_cli.services.invitations import NotInvited, invitees
from samarbeid_cli.services.schedule import Meeting, Rule, Series, nth_weekday

WINDOWS_ZONES = {"Europe/Oslo": "W. Europe Standard Time"}
"""IANA zone -> the Windows name Outlook keeps events in (CLDR's windowsZones.xml maps
"W. Europe Standard Time" to Europe/Berlin, Europe/Oslo among others: the same rules since
1980). A zone not listed goes as UTC, which Graph always takes."""
UID_PROPERTY = "String {8d4b8e29-6c1f-4a53-9f3e-2b7c5a0d6e14} Name samarbeidUid"
"""The extended property that carries samarbeid's UID and the meeting on every event."""
TEAMS = "Teams"
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Graph's dayOfWeek, by Python's weekday number."""
WEEK_INDEX = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
"""The rule's nth weekday of the month -> Graph's weekIndex."""
CHANGEABLE = frozenset({"start", "end", "location"})
"""What an occurrence of a series may have of its own (else: one event per meeting)."""
REMOVED = "removed"
"""The digest of an occurrence removed from its series."""
PENDING = "pending"
"""The recorded digest of a removal planned when the series was created and not yet done."""


@dataclass(frozen=True)
class Occurrence:
    """One of the pattern's dates that is not the series' plain occurrence."""

    date: str
    """The rule's date (ISO): where the pattern puts it, Graph's originalStart."""
    patch: dict[str, Any] | None
    """The PATCH of the occurrence (start, end, location), or None: removed (skipped)."""

    @property
    def digest(self) -> str:
        """What is recorded once done; compared with the history on the next run."""
        if self.patch is None:
            return REMOVED
        return hashlib.sha256(
            json.dumps(self.patch, sort_keys=True, ensure_ascii=False).encode()
        ).hexdigest()


@dataclass(frozen=True)
class PlannedEvent:
    """One meeting as a Graph event, or a regular series as one series master."""

    uid: str
    meeting: str
    """The rule's date (ISO) for a meeting of a regular series published one event per
    meeting; "" for a series master and for a UID of one meeting."""
    series: Series
    start: dt.datetime
    body: dict[str, Any]
    digest: str
    """Of `body`: when it differs from the one recorded, the event is updated."""
    occurrences: tuple[Occurrence, ...] = ()
    """For a series master: the dates removed or changed, by date."""
    plain: dict[str, dict[str, Any]] | None = None
    """For a series master: every date of the pattern -> the PATCH that puts its occurrence
    back as the series has it (for an occurrence changed before and plain now)."""

    @property
    def is_series(self) -> bool:
        """Whether this is a series master (a `recurrence`)."""
        return "recurrence" in self.body

    @property
    def name(self) -> str:
        """For messages: the series' slug and the meeting's day (a series': its half-year)."""
        if self.is_series:
            return f"{self.series.arena_slug} {self.series.period}"
        return f"{self.series.arena_slug} {texts.message_day(self.start.date())}"

    @property
    def meetings(self) -> int:
        """How many meetings the event holds: a series' occurrences less the removed ones."""
        if not self.is_series:
            return 1
        removed = sum(1 for o in self.occurrences if o.patch is None)
        return len(self.plain or {}) - removed


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


def expansion(rule: Rule, first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates Graph's pattern for `rule` gives from `first` (a date of the rule) to `last`:
    weekly, every `interval` weeks from `first`'s week; relativeMonthly, the nth (or last)
    weekday of each month."""
    if rule.freq == "WEEKLY":
        step = dt.timedelta(weeks=rule.interval)
        return [first + step * n for n in range((last - first) // step + 1)]
    assert rule.nth is not None, "a monthly rule has its week"
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = nth_weekday(year, month, rule.weekday, rule.nth)
        if first <= day <= last:
            found.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def recurrence(rule: Rule, first: dt.date, last: dt.date, zone: str) -> dict[str, Any]:
    """The patternedRecurrence of `rule` from `first` to `last` (range type endDate)."""
    pattern: dict[str, Any] = {
        "type": "weekly" if rule.freq == "WEEKLY" else "relativeMonthly",
        "interval": rule.interval,
        "daysOfWeek": [DAYS[rule.weekday]],
    }
    if rule.freq == "WEEKLY":
        pattern["firstDayOfWeek"] = "monday"
    else:
        assert rule.nth is not None, "a monthly rule has its week"
        pattern["index"] = WEEK_INDEX[rule.nth]
    return {
        "pattern": pattern,
        "range": {
            "type": "endDate",
            "startDate": first.isoformat(),
            "endDate": last.isoformat(),
            "recurrenceTimeZone": zone,
        },
    }


def _digest(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _as_series(
    series: Series,
    uid: str,
    meetings: Sequence[Meeting],
    text: str,
    attendees: Sequence[dict[str, Any]],
    zone_name: str,
) -> PlannedEvent | None:
    """The series as one series master, or None where the pattern cannot say it: only when
    the pattern's dates, less the skipped ones, are the engine's, and the meetings differ
    from the series at most in start, end and place."""
    rule = series.rule
    if rule is None or zone_name not in WINDOWS_ZONES or not meetings:
        return None
    if any(meeting.slot is None for meeting in meetings):
        return None
    held = {meeting.slot: meeting for meeting in meetings if meeting.slot is not None}
    skipped = {day.date for day in series.skipped}
    if len(held) != len(meetings) or held.keys() & skipped:
        return None
    dates = sorted(held.keys() | skipped)
    if expansion(rule, dates[0], dates[-1]) != dates:
        return None
    zone = ZoneInfo(zone_name)
    plain = [meeting for meeting in meetings if not meeting.moved]
    if not plain:
        return None
    reference = plain[0]
    clock = reference.start.astimezone(zone).time()
    length = reference.end - reference.start
    places = [meeting.location for meeting in meetings]
    place = max(dict.fromkeys(places), key=places.count)  # the most frequent, first on ties

    def at(day: dt.date) -> Meeting:
        start = dt.datetime.combine(day, clock, tzinfo=zone)
        return Meeting(start, start + length, place, slot=day)

    first = at(dates[0])
    body = event_body(series, first, uid, uid, text, attendees, zone_name)
    body["recurrence"] = recurrence(rule, dates[0], dates[-1], WINDOWS_ZONES[zone_name])
    occurrences: list[Occurrence] = []
    plain_of: dict[str, dict[str, Any]] = {}
    for day in dates:
        usual = event_body(series, at(day), uid, uid, text, attendees, zone_name)
        plain_of[day.isoformat()] = {key: usual[key] for key in sorted(CHANGEABLE) if key in usual}
        if day in skipped:
            occurrences.append(Occurrence(day.isoformat(), None))
            continue
        own = event_body(series, held[day], uid, uid, text, attendees, zone_name)
        differs = {key for key in own.keys() | usual.keys() if own.get(key) != usual.get(key)}
        if not differs:
            continue
        if not differs <= CHANGEABLE or not differs <= own.keys():
            return None  # e.g. Teams at one meeting only, or no place where the series has one
        occurrences.append(Occurrence(day.isoformat(), {key: own[key] for key in sorted(differs)}))
    return PlannedEvent(
        uid, "", series, first.start, body, _digest(body), tuple(occurrences), plain_of
    )


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
            master = _as_series(series, uid, meetings, text, attendees, municipality.timezone)
            if master is not None:
                planned.append(master)
                continue
            for meeting in meetings:
                occurrence = (
                    meeting.slot.isoformat()
                    if series.rule is not None and meeting.slot is not None
                    else ""
                )
                key = f"{uid}/{occurrence}" if occurrence else uid
                body = event_body(series, meeting, uid, key, text, attendees, municipality.timezone)
                planned.append(
                    PlannedEvent(uid, occurrence, series, meeting.start, body, _digest(body))
                )
    return planned, not_invited

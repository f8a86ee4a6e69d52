"""Series -> iCalendar (RFC 5545) that Outlook, Google, Apple and Thunderbird read alike.

The only module that imports icalendar. What keeps the clients in agreement:
- VTIMEZONE in the yearly-rule form (DAYLIGHT/STANDARD each with an RRULE). icalendar's own
  generator writes a list of RDATEs, which Outlook ignores; it then falls back to standard
  time and shows summer meetings an hour off.
- One VEVENT with an RRULE per regular series, UNTIL in UTC (RFC 5545 requires UTC when
  DTSTART has a TZID), one EXDATE per skipped date with DTSTART's TZID and clock time, and a
  RECURRENCE-ID override for a moved meeting. Never RDATE, which Outlook drops.
- No X-WR-TIMEZONE: Google and Apple let it override the TZIDs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from samarbeid_cli import __version__
from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.types import last_sunday, summer_time_offsets, year_off_the_eu_rule
from samarbeid_cli.services.invitations import Invitee
from samarbeid_cli.services.schedule import Meeting, Series

PRODID = f"-//samarbeid//samarbeid {__version__}//NO"
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Invitation:
    """What a METHOD:REQUEST calendar adds: the organizer and the attendees."""

    organizer: Invitee
    attendees: Sequence[Invitee]


def vtimezone(zone_name: str, years: Sequence[int]) -> icalendar.Timezone:
    """The zone's VTIMEZONE in yearly-rule form.

    Raises:
        InputError: The zone does not follow the EU summer-time rule (switch at 01:00 UTC on
            the last Sundays of March and October), the only rule written in this form.
    """
    zone = ZoneInfo(zone_name)
    winter = dt.datetime(years[0], 1, 15, 12, tzinfo=zone)
    summer = dt.datetime(years[0], 7, 15, 12, tzinfo=zone)
    standard_offset, daylight_offset = summer_time_offsets(zone_name, years[0])
    timezone = icalendar.Timezone()
    timezone.add("tzid", zone_name)
    if standard_offset == daylight_offset:
        standard = icalendar.TimezoneStandard()
        # VTIMEZONE onsets are local wall-clock times, without zone (RFC 5545 3.6.5).
        standard.add("dtstart", dt.datetime(1970, 1, 1))  # noqa: DTZ001
        standard.add("tzoffsetfrom", standard_offset)
        standard.add("tzoffsetto", standard_offset)
        standard.add("tzname", winter.tzname())
        timezone.add_component(standard)
        return timezone
    off_rule = year_off_the_eu_rule(zone_name, years)
    if off_rule is not None:
        raise InputError(
            _(
                "time zone {zone_name} does not switch summer time on the EU dates in "
                "{off_rule}; samarbeid writes calendars for zones such as Europe/Oslo"
            ).format(zone_name=zone_name, off_rule=off_rule)
        )
    for component, month, offsets, name in (
        (icalendar.TimezoneDaylight(), 3, (standard_offset, daylight_offset), summer.tzname()),
        (icalendar.TimezoneStandard(), 10, (daylight_offset, standard_offset), winter.tzname()),
    ):
        local_switch = dt.datetime.combine(last_sunday(1970, month), dt.time()) + (
            dt.timedelta(hours=1) + offsets[0]
        )
        component.add("dtstart", local_switch)
        component.add("tzoffsetfrom", offsets[0])
        component.add("tzoffsetto", offsets[1])
        component.add("tzname", name)
        component.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1SU"})
        timezone.add_component(component)
    return timezone


def _address(person: Invitee, role: str | None = None) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = person.name
    if role:
        address.params["CUTYPE"] = "INDIVIDUAL"
        address.params["ROLE"] = role
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
    return address


def _event(
    series: Series,
    meeting: Meeting,
    uid: str,
    stamp: dt.datetime,
    sequence: int,
    description: str,
    invitation: Invitation | None,
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", series.arena.name)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    if meeting.location:
        event.add("location", meeting.location)
    event.add("description", description)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if invitation:
        event.add("organizer", _address(invitation.organizer))
        for attendee in invitation.attendees:
            event.add("attendee", _address(attendee, attendee.role))
    return event


def events(
    series: Series,
    uid: str,
    meetings: Sequence[Meeting],
    stamp: dt.datetime,
    sequence: int,
    description: str,
    invitation: Invitation | None = None,
) -> list[icalendar.Event]:
    """The VEVENTs of one UID: for a regular series a master with RRULE, EXDATEs and
    overrides; otherwise one VEVENT for the single meeting."""
    if not meetings:
        return []
    if series.rule is None:
        return [
            _event(series, meeting, uid, stamp, sequence, description, invitation)
            for meeting in meetings
        ]
    rule = series.rule
    first, last = meetings[0], meetings[-1]
    assert first.slot is not None and last.slot is not None
    zone = first.start.tzinfo
    clock = first.start.time()
    # DTSTART is the rule's first date with a meeting; if that meeting was moved, an
    # override below carries it to its new day.
    master_start = dt.datetime.combine(first.slot, clock, tzinfo=zone)
    master = _event(
        series,
        Meeting(master_start, master_start + (first.end - first.start), first.location, first.slot),
        uid,
        stamp,
        sequence,
        description,
        invitation,
    )
    recurrence: dict[str, object] = {
        "freq": rule.freq.lower(),
        "until": dt.datetime.combine(last.slot, clock, tzinfo=zone).astimezone(dt.UTC),
    }
    if rule.interval != 1:
        recurrence["interval"] = rule.interval
    day = _DAYS[rule.weekday]
    recurrence["byday"] = f"{rule.nth}{day}" if rule.nth else day
    master.add("rrule", recurrence)
    for skipped in series.skipped:
        if first.slot < skipped.date < last.slot:
            master.add("exdate", dt.datetime.combine(skipped.date, clock, tzinfo=zone))
    result = [master]
    for meeting in meetings:
        if meeting.moved or meeting.location != first.location:
            assert meeting.slot is not None
            override = _event(series, meeting, uid, stamp, sequence, description, invitation)
            override.add("recurrence-id", dt.datetime.combine(meeting.slot, clock, tzinfo=zone))
            result.append(override)
    return result


def cancellation(
    *,
    uid: str,
    sequence: int,
    summary: str,
    start: dt.datetime,
    organizer: Invitee,
    attendees: Sequence[Invitee],
    stamp: dt.datetime,
    zone_name: str,
) -> bytes:
    """A METHOD:CANCEL calendar for every meeting under `uid`: no RECURRENCE-ID, so a whole
    series goes; SEQUENCE above the last one issued, or clients ignore it (RFC 5546 3.2.5)."""
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("status", "CANCELLED")
    event.add("organizer", _address(organizer))
    for attendee in attendees:
        event.add("attendee", _address(attendee, attendee.role))
    return calendar([event], zone_name, [start.year], method="CANCEL")


def calendar(
    all_events: Sequence[icalendar.Event],
    zone_name: str,
    years: Sequence[int],
    method: str | None = "PUBLISH",
    name: str | None = None,
) -> bytes:
    """A VCALENDAR holding the events and the time zone they use.

    Args:
        all_events: The VEVENTs.
        zone_name: Their time zone, written as a VTIMEZONE.
        years: The years the VTIMEZONE covers.
        method: PUBLISH (a file to import), REQUEST or CANCEL (iTIP); None for a feed to
            subscribe to by URL, which carries no METHOD at all (RFC 7986: a subscribed
            calendar is not an iTIP message, and Outlook refuses a feed with METHOD:REQUEST).
        name: A feed's name (RFC 7986 NAME, and X-WR-CALNAME, which Outlook, Google and Apple
            show instead); with it the feed asks to be refreshed daily.
    """
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method is not None:
        cal.add("method", method)
    if name is not None:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", "PT24H")
    cal.add_component(vtimezone(zone_name, years))
    for event in all_events:
        cal.add_component(event)
    return bytes(cal.to_ical())

"""The annual wheel as an iCalendar file: one all-day (or multi-day) event per item.

Dates are VALUE=DATE with DTEND the day after the last day (RFC 5545 3.6.1), so clients show
them as all-day bars. The calendar itself (PRODID, VTIMEZONE, METHOD) comes from `ical`, the
same as `schedule`'s files.
"""

from __future__ import annotations

import datetime as dt

import icalendar

from samarbeid_cli.renderers import ical
from samarbeid_cli.renderers.wheel_texts import ItemText
from samarbeid_cli.services.wheel import Span


def uid(municipality_slug: str, text: ItemText) -> str:
    """Stable per item: the municipality, the ring, the first day and a digest of the words."""
    return f"{municipality_slug}-wheel-{text.item.key}@samarbeid"


def ics(
    texts: list[ItemText], span: Span, municipality_slug: str, zone: str, stamp: dt.datetime
) -> bytes:
    """A METHOD:PUBLISH calendar of the wheel's items."""
    events = []
    for text in texts:
        event = icalendar.Event()
        event.add("uid", uid(municipality_slug, text))
        event.add("dtstamp", stamp)
        event.add("summary", text.title)
        event.add("dtstart", text.item.start)
        event.add("dtend", text.item.end + dt.timedelta(days=1))
        event.add("categories", [text.category])
        if text.responsible:
            event.add("description", text.responsible)
        event.add("transp", "TRANSPARENT")
        events.append(event)
    years = sorted({span.first_day.year, span.last_day.year})
    return ical.calendar(events, zone, years)

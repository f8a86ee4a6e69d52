"""One meeting's Outlook event: found in the issue history, and its attendees' answers.

`agenda --publish outlook` puts the agenda on it and `minutes --answers outlook` reads who
comes; both find the event the way publishing recorded it (`delivery.outlook`) and read it
the way `samarbeid responses` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from samarbeid_cli.delivery import graph, outlook
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.renderers.responses import MeetingAnswers


@dataclass(frozen=True)
class Found:
    """A meeting's event and where the history keeps it."""

    uid: str
    meeting: str
    event: issue_history.Published


def find_event(
    history: issue_history.History, arena: str, start: dt.datetime, client: graph.Client
) -> Found | None:
    """The Outlook event of the meeting of `arena` that starts at `start` (else the one on its
    day), as publishing recorded it: its own event, or its occurrence in a published series
    (asked of Graph, since the history keeps only the occurrences samarbeid changed); None
    when it is not published or is cancelled.

    Raises:
        GraphError: Graph refused to list a series' occurrences.
    """
    on_the_day: Found | None = None
    masters: list[tuple[str, issue_history.Published]] = []
    for uid, entry in sorted(history.entries.items()):
        if entry.agenda or entry.arena != arena:
            continue
        for meeting, event in sorted(entry.published.items()):
            if event.cancelled or not event.start:
                continue
            if not meeting:
                masters.append((uid, event))
                continue
            if dt.datetime.fromisoformat(event.start) == start:
                return Found(uid, meeting, event)
            if event.start[:10] == start.date().isoformat():
                on_the_day = on_the_day or Found(uid, meeting, event)
    zone = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else ZoneInfo("Europe/Oslo")
    for uid, event in masters:
        held_in = outlook.meeting_event(history, uid, start.date(), zone, client)
        if held_in is not None:
            return Found(
                uid, "", replace(event, id=held_in, start=start.isoformat(), occurrences={})
            )
    return on_the_day


def meeting_answers(
    history: issue_history.History, found: Found, client: graph.Client
) -> MeetingAnswers:
    """The answers to the one meeting `found` names, read as `samarbeid responses` reads them.

    Raises:
        SignInError: Graph refused the sign-in.
    """
    entry = history.entries[found.uid]
    alone = issue_history.History(
        history.path, {found.uid: replace(entry, published={found.meeting: found.event})}
    )
    (answers,) = outlook.read_answers(alone, entry.period, client)
    return answers

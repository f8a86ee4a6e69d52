"""One meeting's Outlook event: found in the issue history, and its attendees' answers.

`agenda --publish outlook` puts the agenda on it and `minutes --answers outlook` reads who
comes; both find the event the way publishing recorded it (`delivery.outlook`) and read it
the way `samarbeid responses` does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from samarbeid_cli.delivery import graph, outlook
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.renderers.responses import MeetingAnswers


@dataclass(frozen=True)
class Found:
    """A meeting's event and where the history keeps it."""

    uid: str
    meeting: str
    event: issue_history.Published


def find_event(history: issue_history.History, arena: str, start: dt.datetime) -> Found | None:
    """The Outlook event of the meeting of `arena` that starts at `start` (else the one on its
    day), as publishing recorded it; None when it is not published or is cancelled."""
    on_the_day: Found | None = None
    for uid, entry in sorted(history.entries.items()):
        if entry.agenda or entry.arena != arena:
            continue
        for meeting, event in sorted(entry.published.items()):
            if event.cancelled or not event.start:
                continue
            if dt.datetime.fromisoformat(event.start) == start:
                return Found(uid, meeting, event)
            if event.start[:10] == start.date().isoformat():
                on_the_day = on_the_day or Found(uid, meeting, event)
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

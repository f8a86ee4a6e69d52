"""The answers to published meetings: per meeting who comes and who has sent forfall."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.renderers import texts

ORDER = ("accepted", "tentative", "declined", "none")


@dataclass(frozen=True)
class Answer:
    """One attendee's answer to one meeting."""

    name: str
    address: str
    response: str
    """accepted, tentative, declined or none."""
    at: str | None


@dataclass(frozen=True)
class MeetingAnswers:
    """The answers to one published meeting, or why none could be read."""

    arena: str
    summary: str
    start: str
    answers: tuple[Answer, ...] = ()
    problem: str | None = None
    unread: bool = False
    """The answers could not be read (Graph unreachable, refused, the event gone): the list
    is not complete, and the command fails."""
    period: str = ""
    """The half-year (YYYY-Hn); shown instead of `start` where that is "" (the series' first
    meeting is not known without reading Outlook)."""


def as_json(meetings: Sequence[MeetingAnswers]) -> str:
    """One object per meeting: arena, name, start, and each attendee's answer."""
    return json.dumps(
        [
            {
                "arena": meeting.arena,
                "name": meeting.summary,
                "start": meeting.start or None,
                "period": meeting.period,
                "attendees": [
                    {
                        "name": answer.name,
                        "email": answer.address,
                        "response": answer.response,
                        "at": answer.at,
                    }
                    for answer in meeting.answers
                ],
                "problem": meeting.problem,
            }
            for meeting in meetings
        ],
        indent=2,
        ensure_ascii=False,
    )


def to_terminal(
    console: Console, meetings: Sequence[MeetingAnswers], malform: str, zone: str
) -> None:
    """Per meeting its day and time in the municipality's målform, then one line per answer
    that anyone gave (kommer, kanskje, forfall, ikke svart)."""
    from samarbeid_cli.services.periods import Period

    for meeting in meetings:
        if meeting.start:
            start = dt.datetime.fromisoformat(meeting.start).astimezone(ZoneInfo(zone))
            clock = texts.word(malform, "clock")
            when = f"{texts.day_text(start.date(), malform)} {clock} {start:%H.%M}"
        else:
            when = texts.period_text(Period.parse(meeting.period), malform)
        console.print(f"[bold]{escape(meeting.summary)}[/bold], {escape(when)}")
        if meeting.problem:
            console.print(f"  [yellow]{escape(meeting.problem)}[/yellow]")
            continue
        if not meeting.answers:  # no attendee in Outlook: nobody can answer
            console.print(f"  [yellow]{escape(texts.word(malform, 'nobody_invited'))}[/yellow]")
            continue
        for response in ORDER:
            people = [a for a in meeting.answers if a.response == response]
            if people:
                names = ", ".join(f"{a.name} ({a.address})" for a in people)
                console.print(f"  {texts.word(malform, f'answer_{response}')}: {escape(names)}")


@dataclass(frozen=True)
class Attendance:
    """What `minutes --answers outlook` writes in the attendance table."""

    read: bool
    """Whether the answers could be read; else the minutes say so."""
    cells: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """A participant as the table names it -> its "present" and "excused" cells."""


def attendance(answers: Sequence[Answer], party_of: Mapping[str, str], lang: str) -> Attendance:
    """The cells of the attendance table from the answers: an accepted or tentative answer in
    "present" and a declined one in "excused", each said to be Outlook's answer (an answer is
    not who came). `party_of` maps an attendee's address to the participant they stand for;
    attendees it does not know (the convener) and unanswered invitations are left out."""
    from samarbeid_cli.renderers.document_words import WORDS

    words = WORDS[lang]
    said: dict[str, tuple[list[str], list[str]]] = {}
    for answer in answers:
        party = party_of.get(answer.address.lower())
        if party is None or answer.response == "none":
            continue
        present, excused = said.setdefault(party, ([], []))
        cell = excused if answer.response == "declined" else present
        text = words[f"outlook_{answer.response}"]
        if text not in cell:
            cell.append(text)
    return Attendance(True, {party: ("; ".join(p), "; ".join(e)) for party, (p, e) in said.items()})

"""Publishing the series into an Outlook calendar through Microsoft Graph.

The second way out beside SMTP: each meeting becomes an event in the convener's calendar, and
Exchange sends the invitations (with a Teams link for digital meetings). What went where is
kept in the issue history, in each UID's entry (`published`: the meeting -> Graph's event id
and a digest of what was sent), so that a re-run:

- creates only meetings that have no event yet (with a `transactionId`, so a create that
  Graph received but whose answer was lost is not made twice);
- updates (PATCH) the events whose meeting changed, and sends nothing for the others;
- cancels (POST /cancel, so Exchange tells the attendees) the events of meetings the data no
  longer has, and of the series `--cancel ARENA` names or that are gone from the data.

Every change that Graph accepts is written to the history at once, so a run stopped half-way
is finished by running it again. A sign-in Graph refuses (401, 403) stops the run; any other
refusal is reported for its meeting and the others go on; the run then fails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.delivery import graph
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.errors import DeliveryError
from samarbeid_cli.i18n import _
from samarbeid_cli.renderers.graph_events import PlannedEvent
from samarbeid_cli.renderers.responses import Answer, MeetingAnswers
from samarbeid_cli.services.sequence import Issued


@dataclass(frozen=True)
class Withdrawal:
    """An Outlook event to cancel: its meeting is gone, or its series is cancelled."""

    uid: str
    meeting: str
    event: issue_history.Published
    summary: str

    @property
    def name(self) -> str:
        """For messages: the name and the meeting's day."""
        return f"{self.summary} {self.event.start[:10]}".strip()


@dataclass
class Outcome:
    """What a publishing run did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)


def open_events(
    history: issue_history.History, period: str
) -> dict[tuple[str, str], tuple[issue_history.Entry, issue_history.Published]]:
    """(UID, meeting) -> its entry and event, for every event of the period not cancelled."""
    return {
        (uid, meeting): (entry, event)
        for uid, entry in history.entries.items()
        if entry.period == period and not entry.agenda
        for meeting, event in entry.published.items()
        if not event.cancelled
    }


def withdrawals(
    history: issue_history.History,
    period: str,
    planned: Sequence[PlannedEvent],
    *,
    cancel: Sequence[str],
    arenas: Sequence[str],
    confirm_gone: Callable[[list[str]], bool],
) -> list[Withdrawal]:
    """The events to cancel: meetings dropped from a series that is still there, every
    meeting of a series named in `cancel` (a per-unit arena's slug names every unit's), and,
    when `confirm_gone` agrees, every meeting of a series gone from the data."""
    current = {(event.uid, event.meeting) for event in planned}
    current_series = {event.series.arena_slug for event in planned}
    chosen: list[Withdrawal] = []
    gone: list[Withdrawal] = []
    for (uid, meeting), (entry, event) in sorted(open_events(history, period).items()):
        if entry.one_off:  # a meeting of `invite`, never part of a half-year's series
            continue
        withdrawal = Withdrawal(uid, meeting, event, entry.summary or entry.arena)
        named = any(entry.arena == slug or entry.arena.startswith(f"{slug}--") for slug in cancel)
        if named:
            chosen.append(withdrawal)
        elif (uid, meeting) in current:
            continue
        elif arenas and entry.arena not in arenas:
            continue
        elif entry.arena in current_series:
            # The series is there, this meeting is not (a new closed day, a shorter term).
            chosen.append(withdrawal)
        else:
            gone.append(withdrawal)
    if gone:
        names = sorted({f"{w.summary} ({w.uid})" for w in gone})
        if confirm_gone(names):
            chosen += gone
    return chosen


def _transaction(event: PlannedEvent, before: issue_history.Published | None) -> str:
    """The same for a retry of the same create; new once an earlier event was cancelled."""
    seed = f"{event.uid}/{event.meeting}/{event.digest}/{before.id if before else ''}"
    return "samarbeid-" + hashlib.sha256(seed.encode()).hexdigest()[:32]


def _write(
    client: graph.Client,
    owner: str,
    event: PlannedEvent,
    before: issue_history.Published | None,
    outcome: Outcome,
) -> tuple[str, list[str], str]:
    """PATCH the event `before` names, else create it; the id, the list it counts in and
    the line that reports it. An event deleted in Outlook by hand is made again: the data
    still has the meeting.

    Raises:
        GraphError: Graph refused.
    """
    if before is not None and not before.cancelled:
        try:
            client.request("PATCH", f"{owner}/events/{before.id}", event.body)
        except graph.GraphError as err:
            if err.status != 404 or isinstance(err, graph.SignInError):
                raise
        else:
            return before.id, outcome.updated, _("updated {name} in Outlook")
    body = {**event.body, "transactionId": _transaction(event, before)}
    event_id = str(client.request("POST", f"{owner}/events", body).get("id") or "")
    if not event_id:
        raise graph.GraphError(_("Graph created the event but gave no id"))
    if before is not None and not before.cancelled:
        return event_id, outcome.created, _("{name} was gone from Outlook; created it again")
    return event_id, outcome.created, _("created {name} in Outlook")


def publish(
    history: issue_history.History,
    planned: Sequence[PlannedEvent],
    cancel: Sequence[Withdrawal],
    client: graph.Client,
    *,
    issued: Mapping[str, Issued],
    about: Callable[[str], dict[str, Any]],
    comment: str,
    report: Console,
) -> Outcome:
    """Create, update and cancel what differs from the history; the caller holds its lock.

    Raises:
        SignInError: Graph refused the sign-in; what went before is recorded.
        InputError: The history cannot be written.
    """
    outcome = Outcome()
    owner = client.settings.calendar_owner
    for event in planned:
        entry = history.entries.get(event.uid)
        before = entry.published.get(event.meeting) if entry else None
        if before is not None and not before.cancelled and before.digest == event.digest:
            outcome.unchanged += 1
            continue
        try:
            event_id, done, line = _write(client, owner, event, before, outcome)
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            failure = f"{event.name}: {err}"
            outcome.failed.append(failure)
            report.print(f"[red]{escape(failure)}[/red]")
            continue
        history.record_issue(event.uid, issued[event.uid], **about(event.uid))
        history.record_published(
            event.uid,
            event.meeting,
            issue_history.Published(event_id, event.digest, event.start.isoformat()),
        )
        issue_history.save(history)
        done.append(event.name)
        report.print(line.format(name=escape(event.name)))
    for withdrawal in cancel:
        try:
            client.request(
                "POST", f"{owner}/events/{withdrawal.event.id}/cancel", {"Comment": comment}
            )
            line = _("cancelled {name} in Outlook; Exchange tells the attendees")
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            if err.status != 404:
                failure = f"{withdrawal.name}: {err}"
                outcome.failed.append(failure)
                report.print(f"[red]{escape(failure)}[/red]")
                continue
            line = _("{name} was already gone from Outlook; recorded as cancelled")
        history.record_published(
            withdrawal.uid, withdrawal.meeting, replace(withdrawal.event, cancelled=True)
        )
        issue_history.save(history)
        outcome.cancelled.append(withdrawal.name)
        report.print(line.format(name=escape(withdrawal.name)))
    return outcome


def summarize(outcome: Outcome, report: Console, history_path: str) -> None:
    """The last lines of a run; a failed change fails the run.

    Raises:
        DeliveryError: Graph refused a change.
    """
    changes = len(outcome.created) + len(outcome.updated) + len(outcome.cancelled)
    if not changes and not outcome.failed:
        report.print(
            _(
                "nothing has changed since the series was last published: nothing was sent to "
                "Outlook ({unchanged} meeting(s) already there)"
            ).format(unchanged=outcome.unchanged)
        )
        return
    report.print(
        _(
            "Outlook: {created} created, {updated} updated, {cancelled} cancelled, {unchanged} "
            "unchanged; recorded in {path}"
        ).format(
            created=len(outcome.created),
            updated=len(outcome.updated),
            cancelled=len(outcome.cancelled),
            unchanged=outcome.unchanged,
            path=escape(history_path),
        )
    )
    if outcome.failed:
        raise DeliveryError(
            _(
                "publishing to Outlook did not finish: Graph refused {failed} change(s), "
                "listed above. What it accepted is recorded, so running the same command again "
                "does only what is missing"
            ).format(failed=len(outcome.failed))
        )


ANSWERS = {
    "accepted": "accepted",
    "tentativelyAccepted": "tentative",
    "declined": "declined",
    "none": "none",
    "notResponded": "none",
}
"""Graph's responseType -> samarbeid's word for it; `organizer` is the calendar's owner."""
_NO_TIME = "0001-01-01"


def read_answers(
    history: issue_history.History, period: str, client: graph.Client
) -> list[MeetingAnswers]:
    """Every published meeting of `period` with its attendees' answers, by start.

    Raises:
        SignInError: Graph refused the sign-in.
    """
    owner = client.settings.calendar_owner
    found: list[MeetingAnswers] = []
    for (_uid, _meeting), (entry, event) in sorted(
        open_events(history, period).items(), key=lambda item: (item[1][1].start, item[0])
    ):
        arena, summary = entry.arena, entry.summary or entry.arena
        try:
            answer = client.request(
                "GET", f"{owner}/events/{event.id}?$select=subject,attendees,isCancelled"
            )
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            problem = _("the meeting is gone from Outlook") if err.status == 404 else str(err)
            found.append(MeetingAnswers(arena, summary, event.start, problem=problem))
            continue
        if answer.get("isCancelled"):
            found.append(
                MeetingAnswers(
                    arena, summary, event.start, problem=_("the meeting is cancelled in Outlook")
                )
            )
            continue
        answers = []
        for attendee in answer.get("attendees") or []:
            address = attendee.get("emailAddress") or {}
            status = attendee.get("status") or {}
            response = ANSWERS.get(str(status.get("response") or "none"))
            if response is None:
                continue
            at = status.get("time")
            answers.append(
                Answer(
                    str(address.get("name") or address.get("address") or ""),
                    str(address.get("address") or ""),
                    response,
                    str(at)
                    if at and not str(at).startswith(_NO_TIME) and response != "none"
                    else None,
                )
            )
        found.append(MeetingAnswers(arena, summary, event.start, tuple(answers)))
    return found

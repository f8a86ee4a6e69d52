"""Publishing the series into an Outlook calendar through Microsoft Graph.

The second way out beside SMTP: a regular series becomes one series in the convener's
calendar (a series master with a `recurrence`; its skipped dates removed, its moved meetings
changed occurrences), any other meeting an event of its own, and Exchange sends the
invitations (with a Teams link for digital meetings). What went where is kept in the issue
history, in each UID's entry (`published`: the meeting, "" for a series master -> Graph's
event id, a digest of what was sent and, for a series, the occurrences removed or changed,
each with its id and digest), so that a re-run:

- creates only what has no event yet (with a `transactionId`, so a create that Graph
  received but whose answer was lost is not made twice);
- updates (PATCH) the events whose meeting changed (for a series: the master, and the
  occurrences whose own change changed), and sends nothing for the others;
- cancels (POST /cancel, so Exchange tells the attendees) the events of meetings the data no
  longer has (for a series: the occurrence), and of the series `--cancel ARENA` names or that
  are gone from the data (for a series: the master, and so every occurrence).

Graph has no way to create a series without some of its dates, and its documentation of
DELETE says "If the event is a meeting, deleting the event on the organizer's calendar sends
a cancellation message to the meeting attendees" (learn.microsoft.com/graph/api/event-delete).
So a new series is created WITHOUT attendees: an appointment in the convener's own calendar,
of which Exchange tells nobody. Its skipped dates are deleted and its moved meetings changed
while it is one, and only then is the master PATCHed with the attendees alone; of that,
Graph's documentation of PATCH says "An event update that includes only the attendees
property in the request body sends a meeting update to only the attendees that have changed"
(learn.microsoft.com/graph/api/event-update), and every attendee is new to it, so each gets
one invitation for the series as it then stands, and no cancellation for a holiday. Until
that PATCH is accepted the master is recorded with the digest `uninvited:<digest>`, and the
next run finishes it (or, where the data changed meanwhile, deletes the appointment nobody
has seen and makes the series anew). A date removed from a series published before is
cancelled with the message that says why (`/cancel`): that cancellation the attendees are
meant to get. A removed occurrence cannot be brought back in Graph: when the data holds a
meeting again on such a date, the series is cancelled and created anew.

Every change that Graph accepts is written to the history at once, so a run stopped half-way
is finished by running it again. A sign-in Graph refuses (401, 403) stops the run; any other
refusal is reported for its meeting and the others go on; the run then fails.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.delivery import graph
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.errors import DeliveryError
from samarbeid_cli.i18n import _
from samarbeid_cli.renderers import graph_events, texts
from samarbeid_cli.renderers.graph_events import PlannedEvent
from samarbeid_cli.renderers.responses import Answer, MeetingAnswers
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.sequence import Issued


@dataclass(frozen=True)
class Withdrawal:
    """An Outlook event to cancel: its meeting is gone, or its series is cancelled."""

    uid: str
    meeting: str
    event: issue_history.Published
    summary: str
    requested: bool = False
    """Named by `--cancel`: the series stays cancelled on later publishes."""

    @property
    def name(self) -> str:
        """For messages: the name and the meeting's day."""
        if not self.event.start:
            return self.summary
        day = dt.date.fromisoformat(self.event.start[:10])
        return f"{self.summary} {texts.message_day(day)}".strip()


@dataclass
class Outcome:
    """What a publishing run did."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Series left as they are in Outlook: cancelled on request, or gone from the data and
    not confirmed to cancel."""


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
            chosen.append(replace(withdrawal, requested=True))
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


PAGE = 100
"""Occurrences asked for per page of /instances (Graph's default is 10)."""


def _instances(
    client: graph.Client, owner: str, master: str, event: PlannedEvent
) -> dict[str, dict[str, Any]]:
    """The occurrences Graph holds of a series master, by the rule's date (their
    originalStart in the municipality's zone), every page of them.

    Raises:
        GraphError: Graph refused.
    """
    zone = event.start.tzinfo
    period = event.series.period
    window = [
        dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
        for day in (period.first_day - dt.timedelta(days=7), period.last_day + dt.timedelta(days=8))
    ]
    query = urllib.parse.urlencode(
        {
            "startDateTime": window[0].strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endDateTime": window[1].strftime("%Y-%m-%dT%H:%M:%SZ"),
            "$top": str(PAGE),
            "$select": "id,originalStart,start,end,location,type",
        }
    )
    found: dict[str, dict[str, Any]] = {}
    path: str | None = f"{owner}/events/{master}/instances?{query}"
    # Times in the series' own zone, as samarbeid writes them (Graph's default is UTC).
    prefer = {"Prefer": f'outlook.timezone="{event.body["start"]["timeZone"]}"'}
    while path is not None:
        answer = client.request("GET", path, headers=prefer)
        for item in answer.get("value") or []:
            original = str(item.get("originalStart") or "")
            try:
                moment = dt.datetime.fromisoformat(original.replace("Z", "+00:00"))
            except ValueError:
                continue
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            found[moment.astimezone(zone).date().isoformat()] = item
        following = str(answer.get("@odata.nextLink") or "")
        if following and not following.startswith(client.settings.url):
            raise graph.GraphError(_("Graph's next page is not at the Graph endpoint"))
        path = following[len(client.settings.url) :] if following else None
    return found


def meeting_event(
    history: issue_history.History,
    uid: str,
    day: dt.date,
    zone: ZoneInfo,
    client: graph.Client,
) -> str | None:
    """The Graph id of what holds `uid`'s meeting on `day` (in `zone`): its own event, or
    the occurrence of its series (asked of Graph: the history keeps only the occurrences
    samarbeid changed); None where nothing published holds it. For what goes with one
    meeting, such as its agenda.

    Raises:
        GraphError: Graph refused.
    """
    entry = history.entries.get(uid)
    if entry is None:
        return None
    owner = client.settings.calendar_owner
    for meeting, event in sorted(entry.published.items()):
        if event.cancelled:
            continue
        if not meeting and _is_series(client, event.id):
            first = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
            window = {
                "startDateTime": first.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "endDateTime": (first + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "$select": "id,start",
            }
            path = f"{owner}/events/{event.id}/instances?{urllib.parse.urlencode(window)}"
            listed = client.request("GET", path).get("value") or []
            return (str(listed[0].get("id") or "") or None) if listed else None
        start = dt.datetime.fromisoformat(event.start) if event.start else None
        if start is not None and start.astimezone(zone).date() == day:
            return event.id
    return None


def _is_series(client: graph.Client, event_id: str) -> bool:
    """Whether an event is a series master (a UID of one meeting is not)."""
    path = f"{client.settings.calendar_owner}/events/{event_id}?$select=type"
    return str(client.request("GET", path).get("type") or "") == "seriesMaster"


def _transaction(event: PlannedEvent, before: issue_history.Published | None) -> str:
    """The same for a retry of the same create; new once an earlier event was cancelled."""
    seed = f"{event.uid}/{event.meeting}/{event.digest}/{before.id if before else ''}"
    return "samarbeid-" + hashlib.sha256(seed.encode()).hexdigest()[:32]


UNINVITED = "uninvited:"
"""Before the digest of a series master created without its attendees, until they are added."""


def _write(
    client: graph.Client,
    owner: str,
    event: PlannedEvent,
    before: issue_history.Published | None,
    outcome: Outcome,
    *,
    create: Mapping[str, Any] | None = None,
) -> tuple[str, list[str], str]:
    """PATCH the event `before` names, else create it (with `create` where given, else the
    event's body); the id, the list it counts in and the line that reports it. An event
    deleted in Outlook by hand is made again: the data still has the meeting.

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
    body = {
        **(event.body if create is None else create),
        "transactionId": _transaction(event, before),
    }
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
        if event.is_series:
            _publish_series(
                history,
                event,
                client,
                issued=issued,
                about=about,
                comment=comment,
                report=report,
                outcome=outcome,
            )
            continue
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
        if not event.body.get("attendees"):
            _no_attendees(report, event)
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
        if withdrawal.requested:
            entry = history.entries[withdrawal.uid]
            history.entries[withdrawal.uid] = replace(entry, withdrawn=True)
        issue_history.save(history)
        outcome.cancelled.append(withdrawal.name)
        report.print(line.format(name=escape(withdrawal.name)))
    return outcome


def _refused(outcome: Outcome, report: Console, name: str, err: graph.GraphError) -> None:
    failure = f"{name}: {err}"
    outcome.failed.append(failure)
    report.print(f"[red]{escape(failure)}[/red]")


def _publish_series(
    history: issue_history.History,
    event: PlannedEvent,
    client: graph.Client,
    *,
    issued: Mapping[str, Issued],
    about: Callable[[str], dict[str, Any]],
    comment: str,
    report: Console,
    outcome: Outcome,
    again: bool = True,
) -> None:
    """One series master and its removed and changed occurrences; each change recorded as
    soon as Graph accepts it. A master made without its attendees by a run that stopped,
    and gone from Outlook since (deleted by hand), is made anew (once: `again`).

    Raises:
        SignInError: Graph refused the sign-in.
        InputError: The history cannot be written.
    """
    owner = client.settings.calendar_owner
    wanted = {o.date: o for o in event.occurrences}
    before = _open_master(history, event)
    plain = event.plain or {}
    uninvited = UNINVITED + event.digest
    if before is not None and before.digest.startswith(UNINVITED) and before.digest != uninvited:
        # Stopped before its attendees were added, and the data changed since: nobody has
        # heard of this appointment, so it is deleted (no attendees: Exchange sends nothing)
        # and the series made as it now is.
        try:
            client.request("DELETE", f"{owner}/events/{before.id}")
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            if err.status != 404:
                _refused(outcome, report, event.name, err)
                return
        history.record_published(event.uid, event.meeting, replace(before, cancelled=True))
        issue_history.save(history)
        before = None
    draft = before is not None and before.digest == uninvited
    if (
        before is not None
        and not draft
        and any(
            done.digest == graph_events.REMOVED
            and day in plain
            and (day not in wanted or wanted[day].patch is not None)
            for day, done in before.occurrences.items()
        )
    ):
        # A meeting again on a date removed from the series: Graph cannot restore an
        # occurrence, so the series is cancelled and made anew.
        try:
            client.request("POST", f"{owner}/events/{before.id}/cancel", {"Comment": comment})
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            if err.status != 404:
                _refused(outcome, report, event.name, err)
                return
        history.record_published(event.uid, event.meeting, replace(before, cancelled=True))
        issue_history.save(history)
        report.print(
            _("{name} has a meeting again on a date removed from its series: made anew").format(
                name=escape(event.name)
            )
        )
        before = _open_master(history, event)
    written = created = False
    if before is not None and (draft or before.digest == event.digest):
        master, recorded = before.id, dict(before.occurrences)
    else:
        entry = history.entries.get(event.uid)
        # A series cancelled before is made anew with another transactionId.
        cancelled = entry.published.get(event.meeting) if entry and before is None else None
        # Made without its attendees, so that removing its skipped dates tells nobody
        # (Graph's event-delete: deleting a *meeting* in the organizer's calendar sends
        # the attendees a cancellation); they are added once its dates are right.
        appointment = {key: value for key, value in event.body.items() if key != "attendees"}
        try:
            master, done, line = _write(
                client, owner, event, before or cancelled, outcome, create=appointment
            )
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            _refused(outcome, report, event.name, err)
            return
        written, created = True, done is outcome.created
        draft = created
        if created:
            # The skipped dates of the new series are deleted, not cancelled with the message
            # for dropped meetings, also when a stopped run is resumed.
            recorded = {
                o.date: issue_history.Occurrence("", graph_events.PENDING)
                for o in event.occurrences
                if o.patch is None
            }
        else:
            # Dates the pattern no longer has are no occurrences of the series any more.
            recorded = {
                day: done
                for day, done in (before.occurrences if before else {}).items()
                if day in plain
            }
        done.append(event.name)
        report.print(line.format(name=escape(event.name)))

    def record() -> None:
        history.record_published(
            event.uid,
            event.meeting,
            issue_history.Published(
                master,
                uninvited if draft else event.digest,
                event.start.isoformat(),
                occurrences=dict(recorded),
            ),
        )
        issue_history.save(history)

    if written:
        history.record_issue(event.uid, issued[event.uid], **about(event.uid))
        record()
    todo = [o for o in event.occurrences if _recorded(recorded, o.date) != o.digest]
    # An occurrence changed before and plain now goes back to the series' own time and place.
    todo += [
        back
        for day in sorted(recorded)
        if day not in wanted and day in plain
        for back in [graph_events.Occurrence(day, plain[day])]
        if recorded[day].digest != back.digest
    ]
    if not todo and not written and not draft:
        outcome.unchanged += event.meetings
        return

    def gone(err: graph.GraphError) -> bool:
        """Whether Graph no longer has the master an earlier run made without attendees."""
        return draft and not created and again and err.status == 404

    def remake() -> None:
        assert before is not None, "a master recorded by an earlier run"
        history.record_published(event.uid, event.meeting, replace(before, cancelled=True))
        issue_history.save(history)
        _publish_series(
            history,
            event,
            client,
            issued=issued,
            about=about,
            comment=comment,
            report=report,
            outcome=outcome,
            again=False,
        )

    if todo or (written and not created):
        try:
            instances = _instances(client, owner, master, event)
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            if gone(err):
                remake()
                return
            _refused(outcome, report, event.name, err)
            return
    else:
        instances = {}  # a new series with nothing to remove or change: no need to list it
    refused = len(outcome.failed)
    if written and not created:
        # After a change of the master Graph may have dropped its exceptions: check them.
        for day, occurrence in sorted(wanted.items()):
            shown = instances.get(day)
            if occurrence in todo:
                continue
            if occurrence.patch is None and shown is not None:
                todo.append(occurrence)
            elif occurrence.patch is not None and not _shows(shown, occurrence.patch):
                todo.append(occurrence)
    for occurrence in sorted(todo, key=lambda o: o.date):
        name = f"{event.series.arena_slug} {occurrence.date}"
        shown = instances.get(occurrence.date)
        try:
            _change(
                client,
                owner,
                occurrence,
                shown,
                deleted=draft or (_recorded(recorded, occurrence.date) == graph_events.PENDING),
                comment=comment,
            )
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            _refused(outcome, report, name, err)
            continue
        if shown is not None and not draft:
            if (
                occurrence.patch is None
                and _recorded(recorded, occurrence.date) != graph_events.PENDING
            ):
                outcome.cancelled.append(name)
                report.print(
                    _("cancelled {name} in Outlook; Exchange tells the attendees").format(
                        name=escape(name)
                    )
                )
            elif occurrence.patch is not None:
                outcome.updated.append(name)
                report.print(_("updated {name} in Outlook").format(name=escape(name)))
        recorded[occurrence.date] = issue_history.Occurrence(
            str(shown["id"]) if shown else _recorded_id(recorded, occurrence.date),
            occurrence.digest,
        )
        if not written:
            history.record_issue(event.uid, issued[event.uid], **about(event.uid))
            written = True
        record()
    if draft and len(outcome.failed) == refused:
        try:
            _invite(client, owner, event, master, created=created, report=report, outcome=outcome)
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            if gone(err):
                remake()
                return
            _refused(outcome, report, event.name, err)
            return
        draft = False
        if not written:
            history.record_issue(event.uid, issued[event.uid], **about(event.uid))
        record()


def _invite(
    client: graph.Client,
    owner: str,
    event: PlannedEvent,
    master: str,
    *,
    created: bool,
    report: Console,
    outcome: Outcome,
) -> None:
    """Add the attendees to a series master made without them, its dates right by now: the
    attendees alone, so that Exchange sends each of them the invitation (event-update: "An
    event update that includes only the attendees property in the request body sends a
    meeting update to only the attendees that have changed"), and nothing to anyone else.

    Raises:
        GraphError: Graph refused.
    """
    attendees = event.body.get("attendees") or []
    if attendees:
        client.request("PATCH", f"{owner}/events/{master}", {"attendees": attendees})
        report.print(
            _("invited the attendees of {name} in Outlook; Exchange sends the invitation").format(
                name=escape(event.name)
            )
        )
    else:
        _no_attendees(report, event)
    if not created:  # made by a run that stopped before this: the series is out only now
        outcome.updated.append(event.name)


def _no_attendees(report: Console, event: PlannedEvent) -> None:
    """Say plainly that a meeting went into Outlook with nobody invited to it."""
    report.print(
        "[yellow]"
        + _(
            "{name} has no attendees in Outlook: nobody it invites has an address in the "
            "roster (see above), so Exchange sent no invitation; add their addresses and "
            "publish again"
        ).format(name=escape(event.name))
        + "[/yellow]"
    )


def _open_master(
    history: issue_history.History, event: PlannedEvent
) -> issue_history.Published | None:
    entry = history.entries.get(event.uid)
    found = entry.published.get(event.meeting) if entry else None
    return found if found is not None and not found.cancelled else None


def _recorded(recorded: Mapping[str, issue_history.Occurrence], day: str) -> str:
    found = recorded.get(day)
    return found.digest if found else ""


def _recorded_id(recorded: Mapping[str, issue_history.Occurrence], day: str) -> str:
    found = recorded.get(day)
    return found.id if found else ""


def _change(
    client: graph.Client,
    owner: str,
    occurrence: graph_events.Occurrence,
    shown: Mapping[str, Any] | None,
    *,
    deleted: bool,
    comment: str,
) -> None:
    """Remove (DELETE, or /cancel with a message) or PATCH one occurrence Graph lists as
    `shown`; a removal of an occurrence Graph no longer lists is done already.

    Raises:
        GraphError: Graph refused, or has no occurrence to change.
    """
    if occurrence.patch is None:
        if shown is None:
            return
        if deleted:
            client.request("DELETE", f"{owner}/events/{shown['id']}")
        else:
            client.request("POST", f"{owner}/events/{shown['id']}/cancel", {"Comment": comment})
        return
    if shown is None:
        raise graph.GraphError(
            _("Graph has no occurrence of the series on {day}").format(day=occurrence.date),
            status=404,
        )
    client.request("PATCH", f"{owner}/events/{shown['id']}", occurrence.patch)


def _shows(shown: Mapping[str, Any] | None, patch: Mapping[str, Any]) -> bool:
    """Whether an occurrence as Graph lists it has what `patch` gave it (times to the second:
    Graph lists them with seven digits of fraction)."""
    if shown is None:
        return False
    for key, value in patch.items():
        found = shown.get(key)
        if key in ("start", "end") and isinstance(found, dict) and isinstance(value, dict):
            same_time = str(found.get("dateTime") or "")[:19] == str(value.get("dateTime"))[:19]
            if not same_time or found.get("timeZone") != value.get("timeZone"):
                return False
        elif key == "location" and isinstance(found, dict) and isinstance(value, dict):
            if found.get("displayName") != value.get("displayName"):
                return False
        elif found != value:
            return False
    return True


def summarize(outcome: Outcome, report: Console, history_path: str) -> None:
    """The last lines of a run; a failed change fails the run.

    Raises:
        DeliveryError: Graph refused a change.
    """
    changes = len(outcome.created) + len(outcome.updated) + len(outcome.cancelled)
    if not changes and not outcome.failed and outcome.kept:
        report.print(
            _("nothing was sent to Outlook; left as it is in Outlook: {listed}").format(
                listed=escape(", ".join(outcome.kept))
            )
        )
        return
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


def _answers(found: Mapping[str, Any], organizers: frozenset[str]) -> tuple[Answer, ...]:
    """The attendees' answers of one event or occurrence as Graph gives them, the organizer
    left out (`organizers`: the addresses that organize it, lower-case): the organizer is no
    attendee who has to answer."""
    answers = []
    for attendee in found.get("attendees") or []:
        address = attendee.get("emailAddress") or {}
        if str(address.get("address") or "").lower() in organizers:
            continue
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
                str(at) if at and not str(at).startswith(_NO_TIME) and response != "none" else None,
            )
        )
    return tuple(answers)


def _period_window(period: str) -> str:
    """startDateTime and endDateTime of a half-year, a day's margin each side (UTC)."""
    half = Period.parse(period)
    first = dt.datetime.combine(half.first_day - dt.timedelta(days=1), dt.time(), dt.UTC)
    last = dt.datetime.combine(half.last_day + dt.timedelta(days=2), dt.time(), dt.UTC)
    return urllib.parse.urlencode(
        {
            "startDateTime": first.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "endDateTime": last.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "$top": str(PAGE),
            "$select": "start,attendees,isCancelled",
        }
    )


def _occurrence_start(item: Mapping[str, Any]) -> str:
    """An occurrence's start as ISO 8601 with its offset (Graph gives it in UTC, or in the
    Windows zone samarbeid names)."""
    start = item.get("start") or {}
    local = dt.datetime.fromisoformat(str(start.get("dateTime") or "")[:19])
    named = {name: iana for iana, name in graph_events.WINDOWS_ZONES.items()}
    zone_name = named.get(str(start.get("timeZone") or ""), "UTC")
    return local.replace(tzinfo=ZoneInfo(zone_name)).isoformat()


def read_answers(
    history: issue_history.History, period: str, client: graph.Client
) -> list[MeetingAnswers]:
    """Every published meeting of `period` with its attendees' answers, by start; each
    occurrence of a series on its own.

    Raises:
        SignInError: Graph refused the sign-in.
    """
    owner = client.settings.calendar_owner
    found: list[MeetingAnswers] = []
    for (_uid, _meeting), (entry, event) in sorted(
        open_events(history, period).items(), key=lambda item: (item[1][1].start, item[0])
    ):
        arena, summary = entry.arena, entry.summary or entry.arena
        path = (
            f"{owner}/events/{event.id}?$select=subject,attendees,isCancelled,recurrence,organizer"
        )
        try:
            answer = client.request("GET", path)
            occurrences: list[dict[str, Any]] = []
            if answer.get("recurrence") and not answer.get("isCancelled"):
                page: str | None = f"{owner}/events/{event.id}/instances?{_period_window(period)}"
                while page is not None:
                    listed = client.request("GET", page)
                    occurrences += listed.get("value") or []
                    following = str(listed.get("@odata.nextLink") or "")
                    if following and not following.startswith(client.settings.url):
                        raise graph.GraphError(_("Graph's next page is not at the Graph endpoint"))
                    page = following[len(client.settings.url) :] if following else None
        except graph.SignInError:
            raise
        except graph.GraphError as err:
            problem = _("the meeting is gone from Outlook") if err.status == 404 else str(err)
            found.append(
                MeetingAnswers(
                    arena,
                    summary,
                    _first_meeting(entry, event),
                    problem=problem,
                    unread=True,
                    period=period,
                )
            )
            continue
        if answer.get("isCancelled"):
            found.append(
                MeetingAnswers(
                    arena,
                    summary,
                    _first_meeting(entry, event),
                    problem=_("the meeting is cancelled in Outlook"),
                    period=period,
                )
            )
            continue
        organized_by = (answer.get("organizer") or {}).get("emailAddress") or {}
        organizers = frozenset(
            address.lower()
            for address in (
                entry.organizer[1] if entry.organizer else "",
                str(organized_by.get("address") or ""),
            )
            if address
        )
        if not answer.get("recurrence"):
            found.append(
                MeetingAnswers(
                    arena, summary, event.start, _answers(answer, organizers), period=period
                )
            )
            continue
        for item in occurrences:
            if item.get("isCancelled"):
                continue
            start = _occurrence_start(item)
            found.append(
                MeetingAnswers(arena, summary, start, _answers(item, organizers), period=period)
            )
    first = dt.datetime.combine(Period.parse(period).first_day, dt.time(), dt.UTC)
    return sorted(
        found,
        key=lambda m: dt.datetime.fromisoformat(m.start).astimezone(dt.UTC) if m.start else first,
    )


def _first_meeting(entry: issue_history.Entry, event: issue_history.Published) -> str:
    """The first meeting of a published event as the history knows it. A series master
    starts on its pattern's first date, which need not be a meeting (a closed day removed,
    or a moved occurrence): then the first meeting the schedule had when it was published
    (the entry's start), else "" (not known without reading Outlook)."""
    if event.start[:10] not in event.occurrences:
        return event.start
    return entry.start if entry.start[:10] != event.start[:10] else ""

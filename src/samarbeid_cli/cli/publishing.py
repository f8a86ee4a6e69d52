"""`schedule --publish outlook`: the series as meetings in an Outlook calendar (Microsoft Graph).

The steps: the Graph endpoint and sign-in (before anything is read or locked), the events the
data gives, then under the history's lock what to cancel, the requests, and the report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.delivery import graph, outlook
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.errors import InputError, UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.renderers import calendar_files, delivery_report, graph_events
from samarbeid_cli.services.schedule import Series


@dataclass(frozen=True)
class Publishing:
    """What to publish, and what the coordinator asked to cancel."""

    record: Municipality
    all_series: list[Series]
    period: str
    history_file: Path
    cancel: tuple[str, ...] = ()
    restore: tuple[str, ...] = ()
    """Arenas cancelled with --cancel before, to publish again."""
    arenas: tuple[str, ...] = ()
    assume_yes: bool = False
    one_off: bool = False
    participants: tuple[str, ...] = ()
    """For a meeting of `invite`: the role or service slugs chosen with `-p`, recorded in the
    issue history so that its agenda and minutes name the same parties."""


def graph_settings(calendar: str | None = None) -> graph.GraphSettings:
    """Endpoint and sign-in: SAMARBEID_GRAPH_TOKEN, else the sign-in of `samarbeid login`;
    the mailbox SAMARBEID_GRAPH_MAILBOX names, else the municipality's `calendar:`, else the
    signed-in user's.

    Raises:
        InputError: A bad endpoint, or not signed in.
    """
    from samarbeid_cli.delivery import signin

    settings = graph.settings(os.environ, signin.graph_token_source(os.environ))
    if not settings.mailbox and calendar:
        settings = replace(settings, mailbox=calendar)
    sign_in = signin.configured(os.environ)
    unattended = sign_in is not None and sign_in.unattended
    if unattended and not settings.mailbox and not os.environ.get(graph.ENVIRONMENT["token"]):
        raise InputError(
            _(
                "an app signed in as itself has no calendar of its own: set {mailbox} to the "
                "service mailbox to publish in"
            ).format(mailbox=graph.ENVIRONMENT["mailbox"])
        )
    return settings


def publish_series(job: Publishing, *, confirm: Callable[[str], bool]) -> None:
    """Publish `job` into the calendar the sign-in writes in (see `delivery.outlook`)."""
    from samarbeid_cli.services.invitations import invitees

    settings = graph_settings(job.record.calendar)
    report = Console(stderr=True, soft_wrap=True)
    planned, not_invited = graph_events.planned_events(job.all_series, job.record)
    series_of = {uid: series for series in job.all_series for uid, _m in series.by_uid()}

    def about(uid: str) -> dict[str, Any]:
        series = series_of[uid]
        # The convener organizes the series (each unit's its own): no attendee who has to
        # answer, so `responses` leaves them out.
        convener = invitees(series.arena, job.record).organizer
        return {
            "arena": series.arena_slug,
            "period": str(series.period),
            "summary": series.arena.name,
            "start": calendar_files.first_start(series, uid),
            "one_off": job.one_off,
            "organizer": (convener.label or convener.name, convener.email)
            if convener is not None and convener.email
            else None,
        } | (
            # One meeting of `invite`: its end and chosen parties, for its agenda and minutes.
            {"end": series.meetings[0].end.isoformat(), "participants": job.participants}
            if job.one_off and series.meetings
            else {}
        )

    kept: list[str] = []

    def confirm_gone(names: list[str]) -> bool:
        listed = ", ".join(names)
        question = _(
            "{count} series published before for {period} are no longer in the data: "
            "{listed}. Cancel their meetings in Outlook (Exchange tells the attendees)?"
        ).format(count=len(names), period=job.period, listed=listed)
        if job.assume_yes or confirm(question):
            return True
        report.print(
            "[yellow]"
            + _("not cancelled: {listed}; run again with --cancel ARENA to withdraw them").format(
                listed=escape(listed)
            )
            + "[/yellow]"
        )
        kept.extend(names)
        return False

    with issue_history.locked(job.history_file):
        history = issue_history.load(job.history_file)
        known = {e.arena for e in history.entries.values() if e.period == job.period}
        for slug in job.cancel:
            if not any(a == slug or a.startswith(f"{slug}--") for a in known):
                raise UsageError(
                    _(
                        "--cancel: nothing of {slug} was published for {period} according to "
                        "{history}; there is nothing to cancel"
                    ).format(slug=repr(slug), period=job.period, history=job.history_file)
                )
        planned = _leave_withdrawn(job, history, planned, kept, report)
        issued = calendar_files.issue_state(job.all_series, job.record, history.issued())
        # A one-off meeting (invite) stands alone: what else the period holds is not its concern.
        cancel = (
            []
            if job.one_off
            else outlook.withdrawals(
                history,
                job.period,
                planned,
                cancel=job.cancel,
                arenas=job.arenas,
                confirm_gone=confirm_gone,
            )
        )
        delivery_report.not_invited(
            report, {slug: people for slug, people in not_invited.items() if people}, {}
        )
        outcome = outlook.publish(
            history,
            planned,
            cancel,
            graph.Client(settings),
            issued=issued,
            about=about,
            comment=_("This meeting is cancelled; it is no longer in the arena's series."),
            report=report,
        )
    outcome.kept += kept
    outlook.summarize(outcome, report, str(job.history_file))


def _names(arena: str, slug: str) -> bool:
    """Whether a history entry's arena is `slug`'s (a per-unit arena's slug names every unit)."""
    return arena == slug or arena.startswith(f"{slug}--")


def _leave_withdrawn(
    job: Publishing,
    history: issue_history.History,
    planned: list[graph_events.PlannedEvent],
    kept: list[str],
    report: Console,
) -> list[graph_events.PlannedEvent]:
    """The planned events without the series cancelled with --cancel before (they stay
    cancelled, with one line each); those `job.restore` names are published again.

    Raises:
        UsageError: --restore names an arena that is not cancelled for the period.
    """
    if job.one_off:
        return planned
    withdrawn = {
        uid: entry
        for uid, entry in history.entries.items()
        if entry.period == job.period and entry.withdrawn and not entry.one_off
    }
    for slug in job.restore:
        restored = [uid for uid, entry in withdrawn.items() if _names(entry.arena, slug)]
        if not restored:
            raise UsageError(
                _(
                    "--restore: {slug} is not cancelled for {period} according to {history}; "
                    "there is nothing to restore"
                ).format(slug=slug, period=job.period, history=job.history_file)
            )
        for uid in restored:
            history.entries[uid] = replace(history.entries[uid], withdrawn=False)
            del withdrawn[uid]
    left = sorted(
        {
            withdrawn[event.uid].arena.partition("--")[0]
            for event in planned
            if event.uid in withdrawn
        }
    )
    for slug in left:
        report.print(
            "[yellow]"
            + _(
                "{slug} was cancelled with --cancel for {period}: left cancelled in Outlook "
                "(--restore {slug} publishes it again)"
            ).format(slug=escape(slug), period=job.period)
            + "[/yellow]"
        )
    kept.extend(left)
    return [event for event in planned if event.uid not in withdrawn]

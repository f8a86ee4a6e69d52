"""Issuing, shared by every command that writes calendar files or sends invitations: the issue
history's SEQUENCE, the files written all or nothing, and sending with a report of who got what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.delivery import issuing as use_case
from samarbeid_cli.delivery import sending
from samarbeid_cli.delivery.writing import write_all
from samarbeid_cli.errors import DeliveryError, InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.renderers import calendar_files, delivery_report
from samarbeid_cli.services.invitations import Invitee
from samarbeid_cli.services.schedule import Series
from samarbeid_cli.services.sequence import Issued


@dataclass(frozen=True)
class Job:
    """What to issue, and how."""

    record: Municipality
    all_series: list[Series]
    stamp: dt.datetime
    out: Path | None
    invitations_dir: Path | None
    send: bool
    strict: bool
    smtp: sending.SmtpSettings | None
    what: str
    """For messages: 'for 2027-H1'."""
    name: str | None = None
    """File name (without extension) for a one-off meeting; default: the arena's slug."""
    one_off: bool = False
    """A meeting of `invite`: never taken for a series that is gone from the data."""
    stale: tuple[Path, ...] = ()
    """Files an earlier run wrote for series that are gone or cancelled: removed in the swap."""
    attachments: Mapping[str, bytes] = field(default_factory=dict)
    """File name -> HTML document attached to every invitation and written beside it."""
    participants: tuple[str, ...] = ()
    """For a meeting of `invite`: the role or service slugs chosen with `-p`, recorded in the
    issue history so that its agenda and minutes name the same parties."""


@dataclass(frozen=True)
class Cancellation:
    """A previously sent series to withdraw with METHOD:CANCEL."""

    name: str
    uid: str
    sequence: int
    mail: EmailMessage
    organizer: Invitee
    attendees: tuple[Invitee, ...]


def issue(
    job: Job,
    history: issue_history.History,
    *,
    cancellations_for: Callable[[set[str]], list[Cancellation]],
    print_stdout: Callable[[dict[str, Issued]], None],
    report: Console,
    now: Callable[[], dt.datetime],
) -> None:
    """Write, record and send what `job` asks for; the caller holds the history's lock.

    Raises:
        InputError: --strict and someone cannot be invited, or no invitation can be made.
        DeliveryError: Not every recipient of every message was accepted.
    """
    stamp, record, all_series, smtp = job.stamp, job.record, job.all_series, job.smtp
    issued = calendar_files.issue_state(all_series, record, history.issued())
    was = {
        uid: (earlier.start, earlier.location)
        for series in all_series
        for uid, _meetings in series.by_uid()
        if uid in issued and (earlier := history.was(uid, issued[uid])) is not None
    }
    changes = calendar_files.change_lines(all_series, record, was)
    mailing = job.invitations_dir is not None or job.send
    mail = (
        calendar_files.invitations(all_series, record, stamp, issued, changes) if mailing else None
    )
    if mail is not None and job.name is not None:
        mail.mails = [
            replace(item, name=f"{job.name}.eml" if len(mail.mails) == 1 else f"{job.name}-{n}.eml")
            for n, item in enumerate(mail.mails, start=1)
        ]
    series_of = {uid: series for series in all_series for uid, _meeting in series.by_uid()}
    # A series cancelled with --cancel that is still in the data, unchanged, stays cancelled:
    # a fresh REQUEST would bring the meetings back into every calendar.
    still_cancelled = (
        [item for item in mail.mails if history.cancelled(item.uid, issued[item.uid])]
        if mail is not None
        else []
    )
    if mail is not None and still_cancelled:
        mail.mails = [item for item in mail.mails if item not in still_cancelled]
    for item in still_cancelled:
        report.print(
            "[yellow]"
            + _(
                "{name}: {uid} was cancelled and has not changed since, so it is not invited "
                "again; remove the arena from the data, or change it to issue it anew"
            ).format(name=escape(item.name), uid=escape(item.uid))
            + "[/yellow]"
        )

    if mail is not None and job.strict:
        missing = [
            f"{m.name}: {delivery_report.not_invited_text(m.not_invited)}"
            for m in mail.mails
            if m.not_invited
        ] + [
            _("{slug}: no convener has an address").format(slug=slug)
            for slug in mail.without_organizer
        ]
        if missing:
            raise InputError(
                _(
                    "--strict: not everyone can be invited (no address in the roster): "
                    "{missing}. Add them to the roster; nothing was written or sent"
                ).format(missing="; ".join(missing))
            )
    cancellations = cancellations_for(set(series_of))
    if mail is not None and not mail.mails and not cancellations and not still_cancelled:
        reasons = []
        if mail.without_organizer:
            reasons.append(
                _("no convener of {arenas} has an address in the roster").format(
                    arenas=", ".join(mail.without_organizer)
                )
            )
        if mail.without_attendees:
            reasons.append(
                _("nobody invited to {arenas} has an address in the roster").format(
                    arenas=", ".join(mail.without_attendees)
                )
            )
        if reasons:
            raise InputError(
                _(
                    "no invitation could be made {what}: {why}; add the conveners' addresses "
                    "to the roster. Nothing was written or recorded"
                ).format(what=job.what, why="; ".join(reasons))
            )
        # No meetings at all: addresses are not what is missing.
        undecided = [series.arena_slug for series in all_series if series.undecided]
        if undecided:
            raise InputError(
                _(
                    "no invitation could be made {what}: no arena has meetings in the period; "
                    "{arenas} have no meeting day or start time in the data: decide them "
                    "(`samarbeid assumptions` lists the decisions to make). Nothing was "
                    "written or recorded"
                ).format(what=job.what, arenas=", ".join(undecided))
            )
        raise InputError(
            _(
                "no invitation could be made {what}: no arena has meetings in the period. "
                "Nothing was written or recorded"
            ).format(what=job.what)
        )

    files: dict[Path, bytes] = {}
    before = history.to_bytes()

    def about(uid: str) -> dict[str, Any]:
        series = series_of[uid]
        return {
            "arena": series.arena_slug,
            "period": str(series.period),
            "summary": series.arena.name,
            "start": calendar_files.first_start(series, uid),
            "location": calendar_files.first_location(series, uid),
            "one_off": job.one_off,
        } | (
            # One meeting of `invite`: its end and chosen parties, for its agenda and minutes.
            {"end": series.meetings[0].end.isoformat(), "participants": job.participants}
            if job.one_off and series.meetings
            else {}
        )

    if job.out is not None:
        written_ics = calendar_files.ics_files(all_series, record, stamp, issued, changes)
        if job.name is not None:
            written_ics = {f"{job.name}.ics": content for content in written_ics.values()}
        for name, content in written_ics.items():
            files[job.out / name] = content
        for series in all_series:
            if f"{job.name or series.arena_slug}.ics" in written_ics:
                for uid, _meeting in series.by_uid():
                    history.record_issue(uid, issued[uid], **about(uid))
    if mail is not None:
        for item in mail.mails:
            organizer = (item.organizer.name, item.organizer.email)
            history.record_issue(uid := item.uid, issued[uid], organizer=organizer, **about(uid))
            for name, content in job.attachments.items():
                item.message.add_attachment(content.decode(), subtype="html", filename=name)
            if job.invitations_dir is not None:
                files[job.invitations_dir / item.name] = bytes(item.message)
    # A cancellation is recorded when a recipient accepts it (delivery.issuing): the file is
    # a preview, and the --send that follows must still find the series to withdraw.
    for cancel in cancellations:
        if job.invitations_dir is not None:
            files[job.invitations_dir / cancel.name] = bytes(cancel.mail)
    if job.out is not None:
        for name, content in job.attachments.items():
            files[job.out / f"{job.name or 'vedlegg'}-{name}"] = content
    after = history.to_bytes()
    if after != before:
        files[history.path] = after

    write_all(files, remove=job.stale)
    print_stdout(issued)
    written = [str(path) for path in files if path != history.path]
    delivery_report.written(report, written)
    if mail is not None and job.invitations_dir is not None:
        report_changes(report, [(item.name, item.uid) for item in mail.mails], changes)
    if mail is not None:
        delivery_report.not_invited(
            report,
            {item.name: item.not_invited for item in mail.mails},
            {slug: mail.not_invited.get(slug, []) for slug in mail.without_organizer},
            {slug: mail.not_invited.get(slug, []) for slug in mail.without_attendees},
        )
    if history.path in files:
        report.print(
            _("recorded the issue history in {path}").format(path=escape(str(history.path)))
        )
    if not job.send or mail is None:
        for cancel in cancellations:
            report.print(
                _(
                    "cancellation of {uid} written as {name}; not sent, and not recorded "
                    "until --send sends it"
                ).format(uid=escape(cancel.uid), name=escape(cancel.name))
                if job.invitations_dir is not None
                else _(
                    "cancellation of {uid} not sent: --send sends it, --invitations DIR "
                    "writes it as a file"
                ).format(uid=escape(cancel.uid))
            )
        return

    assert smtp is not None
    messages = [
        use_case.Message(
            item.name,
            item.uid,
            item.sequence,
            item.message,
            smtp.sender or item.organizer.email,
            tuple(sending.Recipient(a.email, a.label or a.name) for a in item.attendees),
        )
        for item in mail.mails
    ] + [
        use_case.Message(
            cancel.name,
            cancel.uid,
            cancel.sequence,
            cancel.mail,
            smtp.sender or cancel.organizer.email,
            tuple(sending.Recipient(a.email, a.label or a.name) for a in cancel.attendees),
            cancellation=True,
        )
        for cancel in cancellations
    ]
    sent = use_case.send_missing(history, messages, smtp, now)
    report_already(report, sent.already)
    report_sending(report, sent.report, smtp.where, changes)


def report_changes(
    report: Console, messages: Sequence[tuple[str, str]], changes: Mapping[str, str]
) -> None:
    """What each re-issued message (name, UID) changed, as the message itself says it."""
    for name, uid in messages:
        if uid in changes:
            report.print(f"{escape(name)}: {escape(changes[uid])}")


def report_already(report: Console, names: Sequence[str]) -> None:
    """The messages that everyone already had, so were not sent again."""
    for name in names:
        report.print(
            _("{name}: already received by everyone at this SEQUENCE; not sent").format(
                name=escape(name)
            )
        )


def report_sending(
    report: Console,
    result: sending.SendReport,
    where: str,
    changes: Mapping[str, str] | None = None,
) -> None:
    failed: list[str] = []
    for delivery in result.deliveries:
        item = delivery.outgoing
        if delivery.accepted:
            people = ", ".join(delivery_report.person(r.label, r.email) for r in delivery.accepted)
            report.print(
                _("sent {name} ({uid}, SEQUENCE {sequence}) to {people}").format(
                    name=escape(item.name),
                    uid=escape(item.uid),
                    sequence=item.sequence,
                    people=escape(people),
                )
            )
            report_changes(report, [(item.name, item.uid)], changes or {})
        for refusal in delivery.refused:
            who = (
                delivery_report.person(refusal.recipient.label, refusal.recipient.email)
                if refusal.recipient
                else _("every recipient")
            )
            line = _("{name}: the server refused {who}: {reason}").format(
                name=item.name, who=who, reason=refusal.reason
            )
            failed.append(line)
            report.print(f"[red]{escape(line)}[/red]")
    for item in result.unsent:
        people = ", ".join(delivery_report.person(r.label, r.email) for r in item.recipients)
        line = _("not sent: {name} (to {people})").format(name=item.name, people=people)
        failed.append(line)
        report.print(f"[red]{escape(line)}[/red]")
    if result.complete:
        count = len(result.deliveries)
        report.print(
            _("sent {count} message(s) over {where}; every recipient was accepted").format(
                count=count, where=where
            )
        )
        return
    sent = sum(1 for delivery in result.deliveries if delivery.accepted)
    stopped = f": {result.failure}" if result.failure else ""
    raise DeliveryError(
        _(
            "sending over {where} did not reach everyone{stopped}. {sent} of {total} "
            "message(s) went out; {failed} problem(s) listed above. What was accepted is "
            "recorded, so running the same command again sends only what is missing"
        ).format(
            where=where,
            stopped=stopped,
            sent=sent,
            total=len(result.deliveries) + len(result.unsent),
            failed=len(failed),
        )
    )

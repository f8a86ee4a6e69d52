"""The steps of `schedule`: load, compute, render, write (all or nothing), send, record."""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.delivery import sending
from samarbeid_cli.delivery.writing import write_all
from samarbeid_cli.errors import DeliveryError, InputError, UsageError
from samarbeid_cli.loading.workspace import load_valid
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.renderers import calendar_files, delivery_report, schedule_output
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.invitations import Invitee
from samarbeid_cli.services.periods import Period, coming_period
from samarbeid_cli.services.schedule import Series, schedule


def _pick(name: str, known: list[str], what: str, option: str) -> None:
    if name in known:
        return
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise UsageError(f"{option}: no {what} {name!r}; {hint}known: {', '.join(known) or 'none'}")


def _choose(workspace: Workspace, municipality: str, arenas: list[str]) -> dict[str, Arena]:
    _pick(municipality, sorted(workspace.municipalities), "municipality", "--municipality")
    known = workspace.arenas_of(municipality)
    for slug in arenas:
        _pick(slug, sorted(known), f"arena in {municipality}", "--arena")
    return {slug: arena for slug, arena in known.items() if not arenas or slug in arenas}


@dataclass(frozen=True)
class Request:
    """What the coordinator asked `schedule` to do."""

    data_dir: Path
    municipality: str
    arenas: list[str]
    period_text: str | None
    today: dt.date
    stamp: dt.datetime
    output_format: str
    out: Path | None
    invitations_dir: Path | None
    send: bool
    strict: bool = False
    cancel: tuple[str, ...] = ()
    assume_yes: bool = False
    history_file: Path | None = None


@dataclass(frozen=True)
class Cancellation:
    """A previously sent series to withdraw with METHOD:CANCEL."""

    name: str
    uid: str
    sequence: int
    mail: EmailMessage
    organizer: Invitee
    attendees: tuple[Invitee, ...]


def _cancellations(
    history: issue_history.History,
    request: Request,
    period: Period,
    current_uids: set[str],
    record: Municipality,
    confirm: Callable[[str], bool],
    report: Console,
) -> list[Cancellation]:
    """Explicit `--cancel ARENA`s, and (confirmed) sent series the data no longer has."""
    open_entries = {
        uid: entry
        for uid, entry in history.entries.items()
        if entry.period == str(period) and not entry.cancelled and entry.received
    }
    chosen: dict[str, issue_history.Entry] = {}
    for slug in request.cancel:
        found = {uid: e for uid, e in open_entries.items() if e.arena == slug}
        if not found:
            raise UsageError(
                f"--cancel: nothing of {slug!r} was sent for {period} according to "
                f"{delivery_report.person('', str(history.path))}; there is nothing to cancel"
            )
        chosen.update(found)
    gone = {
        uid: entry
        for uid, entry in open_entries.items()
        if uid not in current_uids
        and uid not in chosen
        and (not request.arenas or entry.arena in request.arenas)
    }
    if gone:
        listed = ", ".join(f"{entry.summary or entry.arena} ({uid})" for uid, entry in gone.items())
        question = (
            f"{len(gone)} series sent before for {period} are no longer in the data: {listed}. "
            "Send a cancellation (METHOD:CANCEL) so calendars remove them?"
        )
        if request.assume_yes or confirm(question):
            chosen.update(gone)
        else:
            report.print(
                f"[yellow]not cancelled: {escape(listed)}; run again with --cancel ARENA to "
                "withdraw them[/yellow]"
            )
    people = {person.email.lower(): person for found in record.roster.values() for person in found}
    result = []
    for uid, entry in sorted(chosen.items()):
        if entry.organizer is None or not entry.start:
            raise InputError(
                f"{history.path}: {uid} lacks the organizer or start a cancellation needs"
            )
        organizer = Invitee(entry.organizer[0], entry.organizer[1], "CHAIR")
        attendees = tuple(
            Invitee(people[a].name if a in people else a, a, "REQ-PARTICIPANT", a)
            for a in sorted(entry.received)
            if a != organizer.email.lower()
        )
        sequence = entry.sequence + 1
        message = calendar_files.cancellation(
            uid=uid,
            sequence=sequence,
            summary=entry.summary or entry.arena,
            start=dt.datetime.fromisoformat(entry.start),
            organizer=organizer,
            attendees=attendees,
            municipality=record,
            stamp=request.stamp,
        )
        name = f"avlyst-{uid.partition('@')[0]}.eml"
        result.append(Cancellation(name, uid, sequence, message, organizer, attendees))
    return result


def run(
    request: Request,
    *,
    now: Callable[[], dt.datetime],
    confirm: Callable[[str], bool],
) -> None:
    """Run `samarbeid schedule` (see its help)."""
    workspace = load_valid(request.data_dir).workspace
    municipality = request.municipality
    chosen = _choose(workspace, municipality, request.arenas)
    for slug in request.cancel:
        chosen.pop(slug, None)
    record = workspace.municipalities[municipality]
    source = workspace.municipality_files[municipality]
    period = (
        Period.parse(request.period_text) if request.period_text else coming_period(request.today)
    )
    smtp = sending.settings(record.smtp, sending.environment(), source) if request.send else None
    calendar = Calendar(record, source, (period.year - 1, period.year, period.year + 1))
    all_series = schedule(municipality, chosen, period, calendar)

    mailing = request.invitations_dir is not None or request.send
    issuing = mailing or request.out is not None or bool(request.cancel)
    history_file = request.history_file or issue_history.history_path(
        request.data_dir, municipality
    )
    # soft_wrap: paths stay on one line, to copy and paste.
    report = Console(stderr=request.output_format != "table", soft_wrap=True)
    lock = issue_history.locked(history_file) if issuing else contextlib.nullcontext()
    with lock:
        history = issue_history.load(
            history_file,
            [folder for folder in (request.out, request.invitations_dir) if folder is not None],
        )
        _issue(request, record, period, all_series, history, smtp, report, now, confirm)


def _issue(
    request: Request,
    record: Municipality,
    period: Period,
    all_series: list[Series],
    history: issue_history.History,
    smtp: sending.SmtpSettings | None,
    report: Console,
    now: Callable[[], dt.datetime],
    confirm: Callable[[str], bool],
) -> None:
    stamp = request.stamp
    issued = calendar_files.issue_state(all_series, record, history.issued())
    mailing = request.invitations_dir is not None or request.send
    mail = calendar_files.invitations(all_series, record, stamp, issued) if mailing else None
    series_of = {uid: series for series in all_series for uid, _ in series.by_uid()}

    if mail is not None and request.strict:
        missing = [
            f"{m.name}: {delivery_report.not_invited_text(m.not_invited)}"
            for m in mail.mails
            if m.not_invited
        ] + [f"{slug}: no convener has an address" for slug in mail.without_organizer]
        if missing:
            raise InputError(
                "--strict: not everyone can be invited (no address in the roster): "
                + "; ".join(missing)
                + ". Add them to the roster; nothing was written or sent"
            )
    cancellations = _cancellations(
        history, request, period, set(series_of), record, confirm, report
    )
    if mail is not None and not mail.mails and not cancellations:
        why = (
            f"no convener of {', '.join(mail.without_organizer)} has an address in the roster"
            if mail.without_organizer
            else "no arena has meetings in the period"
        )
        raise InputError(
            f"no invitation could be made for {period}: {why}; add the conveners' addresses "
            "to the roster. Nothing was written or recorded"
        )

    files: dict[Path, bytes] = {}
    before = history.to_bytes()

    def about(uid: str) -> dict[str, object]:
        series = series_of[uid]
        return {
            "arena": series.arena_slug,
            "period": str(series.period),
            "summary": series.arena.name,
            "start": calendar_files.first_start(series, uid),
        }

    if request.out is not None:
        written_ics = calendar_files.ics_files(all_series, record, stamp, issued)
        for name, content in written_ics.items():
            files[request.out / name] = content
        for series in all_series:
            if f"{series.arena_slug}.ics" in written_ics:
                for uid, _ in series.by_uid():
                    history.record_issue(uid, issued[uid], **about(uid))
    if mail is not None:
        for item in mail.mails:
            organizer = (item.organizer.name, item.organizer.email)
            history.record_issue(uid := item.uid, issued[uid], organizer=organizer, **about(uid))
            if request.invitations_dir is not None:
                files[request.invitations_dir / item.name] = bytes(item.message)
    for cancel in cancellations:
        if request.invitations_dir is not None:
            files[request.invitations_dir / cancel.name] = bytes(cancel.mail)
        if not request.send:
            history.record_cancelled(cancel.uid, cancel.sequence)
    if history.to_bytes() != before:
        files[history.path] = history.to_bytes()

    write_all(files)
    _print(request, all_series, record, period, issued)
    written = [str(path) for path in files if path != history.path]
    delivery_report.written(report, written)
    if mail is not None:
        delivery_report.not_invited(
            report,
            {item.name: item.not_invited for item in mail.mails},
            {slug: mail.not_invited.get(slug, []) for slug in mail.without_organizer},
        )
    if history.path in files:
        report.print(f"recorded the issue history in {escape(str(history.path))}")
    if not request.send or mail is None:
        for cancel in cancellations:
            report.print(f"cancellation of {escape(cancel.uid)} written as {escape(cancel.name)}")
        return

    assert smtp is not None
    outgoing: list[sending.Outgoing] = []
    already: list[str] = []
    for item in mail.mails:
        labels = {a.email: a.label or a.name for a in item.attendees}
        missing = history.missing(item.uid, [a.email for a in item.attendees], item.sequence)
        if not missing:
            already.append(item.name)
            continue
        outgoing.append(
            sending.Outgoing(
                item.name,
                item.uid,
                item.sequence,
                item.message,
                smtp.sender or item.organizer.email,
                tuple(sending.Recipient(a, labels[a]) for a in missing),
            )
        )
    cancelled_uids = {cancel.uid: cancel for cancel in cancellations}
    for cancel in cancellations:
        outgoing.append(
            sending.Outgoing(
                cancel.name,
                cancel.uid,
                cancel.sequence,
                cancel.mail,
                smtp.sender or cancel.organizer.email,
                tuple(sending.Recipient(a.email, a.label or a.name) for a in cancel.attendees),
            )
        )
    for name in already:
        report.print(f"{escape(name)}: already received by everyone at this SEQUENCE; not sent")

    def delivered(delivery: sending.Delivery) -> None:
        item = delivery.outgoing
        if item.uid in cancelled_uids:
            history.record_cancelled(item.uid, item.sequence)
        history.record_received(
            item.uid,
            [r.email for r in delivery.accepted],
            item.sequence,
            now().isoformat(timespec="seconds"),
        )
        write_all({history.path: history.to_bytes()})

    result = sending.send(outgoing, smtp, delivered)
    _report_sending(report, result, smtp.where)


def _print(
    request: Request,
    all_series: list[Series],
    record: Municipality,
    period: Period,
    issued: dict[str, calendar_files.Issued],
) -> None:
    """stdout, only once the files are on disk."""
    chosen_because = (
        None if request.period_text else f"the coming half-year as of {request.today.isoformat()}"
    )
    if request.output_format == "json":
        typer.echo(schedule_output.as_json(all_series, record.timezone))
    elif request.output_format == "ics":
        content = calendar_files.combined_ics(all_series, record, request.stamp, issued)
        typer.echo(content.decode(), nl=False)
    else:
        schedule_output.to_terminal(
            Console(soft_wrap=True), all_series, record, period, chosen_because
        )
    if chosen_because and request.output_format != "table":
        Console(stderr=True, soft_wrap=True).print(
            f"period {period} ({period.first_day} to {period.last_day}), {chosen_because}"
        )


def _report_sending(report: Console, result: sending.SendReport, where: str) -> None:
    failed: list[str] = []
    for delivery in result.deliveries:
        item = delivery.outgoing
        if delivery.accepted:
            people = ", ".join(delivery_report.person(r.label, r.email) for r in delivery.accepted)
            report.print(
                f"sent {escape(item.name)} ({escape(item.uid)}, SEQUENCE {item.sequence}) "
                f"to {escape(people)}"
            )
        for refusal in delivery.refused:
            who = (
                delivery_report.person(refusal.recipient.label, refusal.recipient.email)
                if refusal.recipient
                else "every recipient"
            )
            line = f"{item.name}: the server refused {who}: {refusal.reason}"
            failed.append(line)
            report.print(f"[red]{escape(line)}[/red]")
    for item in result.unsent:
        people = ", ".join(delivery_report.person(r.label, r.email) for r in item.recipients)
        line = f"not sent: {item.name} (to {people})"
        failed.append(line)
        report.print(f"[red]{escape(line)}[/red]")
    if result.complete:
        count = len(result.deliveries)
        report.print(f"sent {count} message(s) over {where}; every recipient was accepted")
        return
    sent = sum(1 for delivery in result.deliveries if delivery.accepted)
    stopped = f": {result.failure}" if result.failure else ""
    raise DeliveryError(
        f"sending over {where} did not reach everyone{stopped}. {sent} of "
        f"{len(result.deliveries) + len(result.unsent)} message(s) went out; "
        f"{len(failed)} problem(s) listed above. What was accepted is recorded, so running "
        "the same command again sends only what is missing"
    )

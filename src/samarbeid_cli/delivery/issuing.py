"""What each way of issuing records in the issue history, and sending that records as it goes.

Every command that issues (`schedule`, `invite`, `agenda`) and every way out (SMTP today,
Microsoft Graph next) keeps the history through here, so they all keep it alike:

- Written to a folder (calendar files with `--out`, invitation files with `--invitations`):
  each UID's SEQUENCE and a digest of its content, what it is (arena, period, name, first
  start) and the organizer an invitation file names. Not who received it: nobody is known to
  have. Not a cancellation file either: it is a preview until it is sent.
- Sent (`--send`): the same, and for each recipient the server accepted, the SEQUENCE and
  when, written at once (`send_missing`); a cancellation likewise (the series is cancelled
  from the first acceptance; a recipient without the cancellation's SEQUENCE still needs it).
  Not a recipient that was refused or never reached, so the next run sends to them alone.
- Published (the feeds of `site`): nothing. CI builds the site from the committed history,
  and a subscriber re-reads a feed whole. A feed carries the SEQUENCE that the next issue of
  the same content carries.

The SEQUENCE goes up whenever the content differs from what was recorded, whichever way it
goes out next, so every calendar that holds an earlier issue takes the new one. Nothing a
later way does erases what an earlier way recorded: calendar files written after sending keep
the organizer and the recipients that a cancellation is sent from and to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.delivery import sending
from samarbeid_cli.services.sequence import Issued, next_issue


@dataclass(frozen=True)
class Message:
    """One message to send: what the history knows it by, and everyone who should have it."""

    name: str
    uid: str
    sequence: int
    message: EmailMessage
    sender: str
    recipients: tuple[sending.Recipient, ...]
    cancellation: bool = False
    """It withdraws `uid` (METHOD:CANCEL): recorded as cancelled once a recipient accepts it."""


@dataclass(frozen=True)
class Sent:
    """What a run of `send_missing` did."""

    report: sending.SendReport
    already: tuple[str, ...]
    """The messages everyone had at their SEQUENCE already: not sent again."""


def issue_message(history: issue_history.History, key: str, content: bytes, **about: Any) -> Issued:
    """Record a message that is not a calendar event (an agenda) as about to be sent.

    Its SEQUENCE goes up when its content changes, so a changed agenda goes to everyone again
    and an unchanged one only to whoever lacks it.
    """
    digest = hashlib.sha256(content).hexdigest()
    issued = next_issue(history.issued(), {key: digest})[key]
    history.record_issue(key, issued, **about)
    return issued


def send_missing(
    history: issue_history.History,
    messages: Sequence[Message],
    smtp: sending.SmtpSettings,
    now: Callable[[], dt.datetime],
) -> Sent:
    """Send each message to those of its recipients the history says lack it at its SEQUENCE,
    and write each acceptance to the history as the server gives it, so a run that is refused
    or stopped half-way is completed by running it again. The caller holds the history's lock
    and has recorded each message's issue.

    Raises:
        InputError: The history cannot be written.
    """
    outgoing: list[sending.Outgoing] = []
    already: list[str] = []
    for item in messages:
        wanted = {recipient.email: recipient for recipient in item.recipients}
        missing = history.missing(item.uid, list(wanted), item.sequence)
        if not missing:
            already.append(item.name)
            continue
        outgoing.append(
            sending.Outgoing(
                item.name,
                item.uid,
                item.sequence,
                item.message,
                item.sender,
                tuple(wanted[address] for address in missing),
            )
        )
    cancellations = {item.uid for item in messages if item.cancellation}

    def delivered(delivery: sending.Delivery) -> None:
        item = delivery.outgoing
        history.record_received(
            item.uid,
            [recipient.email for recipient in delivery.accepted],
            item.sequence,
            now().isoformat(timespec="seconds"),
            cancellation=item.uid in cancellations,
        )
        issue_history.save(history)

    # Nothing missing: no connection, no sign-in.
    report = sending.send(outgoing, smtp, delivered) if outgoing else sending.SendReport()
    return Sent(report, tuple(already))

"""A meeting's agenda onto its Outlook event (Microsoft Graph), or by mail where it cannot go.

`agenda --publish outlook` finds the meeting's event in the issue history (recorded there by
`schedule` or `invite --publish outlook`), adds the agenda page to it as a `fileAttachment`,
and updates the event so that Exchange sends the attachment to the attendees (Graph's
documentation: an attachment added by the organizer reaches the attendees with an update of
the event). Where Exchange does not let the event take an attachment, the same message the
SMTP way sends (subject, the agenda as HTML, saksliste.html attached) goes to the attendees
through `sendMail`.

What went out is recorded in the agenda's own entry of the history (its key
`saksliste.<arena>.<date>`, as `agenda --send` records it): the attachment under `published`
(event id -> attachment id and the agenda's digest), the mail under `received` (address ->
SEQUENCE), so a re-run sends nothing twice and a changed agenda replaces the attachment or is
mailed again.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.delivery import graph
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.errors import DeliveryError
from samarbeid_cli.i18n import _
from samarbeid_cli.services.sequence import Issued

PENDING = "attached-not-announced"
"""The digest recorded for an attachment whose update did not reach Exchange: the next run
replaces it."""
ATTACHMENT_NAME = "saksliste.html"


@dataclass(frozen=True)
class AgendaMail:
    """The agenda as it goes out: the SMTP message and whom it is for."""

    name: str
    """For messages: the arena's name and the meeting's day."""
    key: str
    """The agenda's entry in the history."""
    message: EmailMessage | None
    """None where nobody can be e-mailed it (`nobody` says why)."""
    recipients: tuple[tuple[str, str], ...]
    """(address, name) of each attendee."""
    page: bytes = b""
    """The agenda page attached as saksliste.html; else the one the message attaches."""
    nobody: str | None = None
    """Why nobody can be e-mailed the agenda (no convener or no attendee has an address):
    it can still go onto the event."""


def _page(mail: AgendaMail) -> bytes:
    if mail.page or mail.message is None:
        return mail.page
    for part in mail.message.iter_attachments():
        if part.get_filename() == ATTACHMENT_NAME:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload
    return b""  # not reached: `calendar_files.agenda_email` always attaches the page


def _attachment(page: bytes) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.fileAttachment",
        "name": ATTACHMENT_NAME,
        "contentType": "text/html",
        "contentBytes": base64.b64encode(page).decode("ascii"),
    }


def _mail(mail: AgendaMail, message: EmailMessage, addresses: Sequence[str]) -> dict[str, Any]:
    """The SMTP agenda message as Graph's `message`: the HTML alternative as the body."""
    html = message.get_body(("html",))
    content = html.get_content() if html is not None else ""
    names = dict(mail.recipients)
    return {
        "Message": {
            "subject": str(message["Subject"]),
            "body": {"contentType": "html", "content": content},
            "toRecipients": [
                {"emailAddress": {"address": address, "name": names.get(address, "")}}
                for address in addresses
            ],
            "attachments": [_attachment(_page(mail))],
        },
        "SaveToSentItems": True,
    }


def _attach(
    client: graph.Client,
    owner: str,
    event: issue_history.Published,
    before: issue_history.Published | None,
    page: bytes,
    digest: str,
    record: Callable[[str, str], None],
) -> None:
    """Replace an earlier attachment, add the agenda, and update the event so Exchange sends
    it; `record(attachment id, PENDING)` once it is added, `record(attachment id, digest)`
    once the update is accepted.

    Raises:
        GraphError: Graph refused a step.
    """
    path = f"{owner}/events/{event.id}"
    if before is not None:
        try:
            client.request("DELETE", f"{path}/attachments/{before.id}")
        except graph.GraphError as err:
            if err.status != 404 or isinstance(err, graph.SignInError):
                raise
    added = client.request("POST", f"{path}/attachments", _attachment(page))
    attachment_id = str(added.get("id") or "")
    record(attachment_id, PENDING)
    body = client.request("GET", f"{path}?$select=body").get("body")
    client.request("PATCH", path, {"body": body} if isinstance(body, dict) else {})
    record(attachment_id, digest)


def deliver(
    history: issue_history.History,
    issued: Issued,
    event: issue_history.Published,
    mail: AgendaMail,
    client: graph.Client,
    *,
    now: Callable[[], dt.datetime],
    report: Console,
) -> None:
    """Attach the agenda to `event`, else mail it to whoever lacks it; record each step in the
    history as Graph accepts it. The caller holds the history's lock and has recorded the
    agenda's issue (`issued`).

    Raises:
        SignInError: Graph refused the sign-in.
        DeliveryError: Graph refused the mail.
        InputError: The history cannot be written.
    """
    owner = client.settings.calendar_owner
    entry = history.entries[mail.key]
    before = entry.published.get(event.id)
    addresses = [address for address, _name in mail.recipients]
    if before is not None and before.digest == issued.digest and not before.cancelled:
        report.print(_("the agenda of {name} is in Outlook already").format(name=escape(mail.name)))
        return
    missing = history.missing(mail.key, addresses, issued.sequence)
    if addresses and not missing:
        report.print(
            _("the agenda of {name} was e-mailed to everyone already").format(
                name=escape(mail.name)
            )
        )
        return

    def record(attachment_id: str, digest: str) -> None:
        history.record_published(
            mail.key, event.id, issue_history.Published(attachment_id, digest, event.start)
        )
        issue_history.save(history)

    try:
        _attach(client, owner, event, before, _page(mail), issued.digest, record)
    except graph.GraphError as err:
        if isinstance(err, graph.SignInError) and err.status == 401:
            raise
        # Graph's own words: a refused attachment is not a refused sign-in.
        if isinstance(err, graph.SignInError):
            err = graph.GraphError(
                f"{err.status} {err.code or '-'}: {err.said or '-'}", status=err.status
            )
        report.print(
            "[yellow]"
            + _(
                "Outlook did not take the agenda of {name} as an attachment ({err}); "
                "e-mailing it to the attendees through Outlook instead"
            ).format(name=escape(mail.name), err=escape(str(err)))
            + "[/yellow]"
        )
    else:
        if mail.nobody is not None:
            report.print(
                _(
                    "attached the agenda to {name} in Outlook; the meeting has no attendees "
                    "yet ({why}), so Exchange sends it to nobody until they are added"
                ).format(name=escape(mail.name), why=escape(mail.nobody))
            )
            return
        report.print(
            _(
                "attached the agenda to {name} in Outlook; Exchange sends it to the attendees "
                "with an update of the meeting"
            ).format(name=escape(mail.name))
        )
        return
    if mail.message is None or not missing:
        raise DeliveryError(
            _(
                "nobody to e-mail the agenda of {name} to ({why}), and Outlook did not take "
                "it as an attachment: add addresses to the roster, or give the agenda to the "
                "attendees another way"
            ).format(name=mail.name, why=mail.nobody or _("nobody has an address"))
        )
    try:
        client.request("POST", f"{owner}/sendMail", _mail(mail, mail.message, missing))
    except graph.SignInError as err:
        if err.status != 403:
            raise
        raise DeliveryError(
            _(
                "{name}: Graph refused to send the agenda ({code}): the app registration needs "
                "the delegated permission Mail.Send with admin consent, and the signed-in "
                "account must be allowed to send from this mailbox; then run 'samarbeid login' "
                "again"
            ).format(name=mail.name, code=err.code or "403")
        ) from None
    except graph.GraphError as err:
        raise DeliveryError(
            _(
                "{name}: the agenda was not sent: {err}. Nothing of it is recorded as sent, so "
                "running the same command again sends it"
            ).format(name=mail.name, err=err)
        ) from None
    history.record_received(mail.key, missing, issued.sequence, now().isoformat(timespec="seconds"))
    issue_history.save(history)
    report.print(
        _("sent the agenda of {name} by e-mail through Outlook to {count} attendee(s)").format(
            name=escape(mail.name), count=len(missing)
        )
    )

"""Send invitation e-mails over SMTP, and say exactly which reached whom.

Three ways to send (see the README's "Sending" section):
- a relay that accepts the municipality's own host without sign-in (an Exchange connector),
- OAuth 2 (SASL XOAUTH2) with an access token, which Microsoft 365 and Google Workspace need
  once password sign-in for SMTP is turned off,
- a password, where the server still allows it.

Credentials come only from the coordinator's environment and go only to a host named there
(`SAMARBEID_SMTP_HOST`): a pull request to the data can change the data's `smtp:` block, and must
not be able to redirect a password or token to a server of its choosing. Nothing signs in
without TLS with a verified certificate (the system trust store, or `SSL_CERT_FILE`).
"""

from __future__ import annotations

import io
import os
import shlex
import smtplib
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Literal

from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.municipality import Smtp

ENVIRONMENT = {
    "host": "SAMARBEID_SMTP_HOST",
    "port": "SAMARBEID_SMTP_PORT",
    "starttls": "SAMARBEID_SMTP_STARTTLS",
    "user": "SAMARBEID_SMTP_USER",
    "password": "SAMARBEID_SMTP_PASSWORD",
    "token": "SAMARBEID_SMTP_OAUTH_TOKEN",
    "token_command": "SAMARBEID_SMTP_TOKEN_COMMAND",
}
IMPLICIT_TLS_PORT = 465
_TOKEN_COMMAND_SECONDS = 120
MESSAGE_SECONDS = 120.0
"""The most one message may take, from the first byte asked for to the server's last reply
(and the same for connecting and signing in): a server that trickles a byte every few seconds
never trips the per-read timeout, so the whole exchange has a deadline of its own."""
MAX_REPLY_BYTES = 64 * 1024
"""The longest reply read from the server. RFC 5321 replies are a few lines of at most 512
bytes; smtplib bounds each line but not their number, so an endless EHLO reply filled memory."""

Security = Literal["tls", "starttls", "none"]
SignIn = Literal["none", "password", "oauth"]


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send. The secret never shows in repr, logs or messages."""

    host: str
    port: int
    security: Security
    sign_in: SignIn
    user: str | None
    secret: str | None = field(default=None, repr=False)
    sender: str | None = None

    @property
    def where(self) -> str:
        """host:port and how the connection is protected, for messages."""
        how = {"tls": "TLS", "starttls": "STARTTLS", "none": _("no encryption")}[self.security]
        return f"{self.host}:{self.port} ({how})"


def _flag(text: str, name: str) -> bool:
    if text.lower() in {"1", "true", "yes", "on"}:
        return True
    if text.lower() in {"0", "false", "no", "off"}:
        return False
    raise InputError(
        _("{name} must be true or false (got {text})").format(name=name, text=repr(text))
    )


def _token_from_command(command: str) -> str:
    name = ENVIRONMENT["token_command"]
    windows = sys.platform == "win32"
    try:
        # Not POSIX rules on Windows: they would take the backslashes of C:\Program Files\...
        # for escapes. There the line goes to CreateProcess whole; the program splits it.
        argv = shlex.split(command, posix=not windows)
    except ValueError as err:
        raise InputError(
            _("{name} cannot be split into a command line: {err}").format(name=name, err=err)
        ) from err
    if not argv:
        raise InputError(_("{name} is empty").format(name=name))
    try:
        done = subprocess.run(
            command if windows else argv,
            capture_output=True,
            text=True,
            timeout=_TOKEN_COMMAND_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError) as err:
        raise InputError(
            _("{name} ({command}) could not be run: {err}").format(
                name=name, command=argv[0], err=err.__class__.__name__
            )
        ) from err
    token = done.stdout.strip()
    # Neither stdout nor stderr is echoed: either may hold the token or a refresh token.
    if done.returncode != 0:
        raise InputError(
            _("{name} ({command}) failed with exit code {code}; run it yourself to see why").format(
                name=name, command=argv[0], code=done.returncode
            )
        )
    if not token or any(c.isspace() for c in token):
        raise InputError(
            _(
                "{name} ({command}) must print the access token alone on one line (it printed "
                "{printed})"
            ).format(
                name=name,
                command=argv[0],
                printed=_("nothing") if not token else _("more than one word"),
            )
        )
    return token


def _not_a_port() -> str:
    return _("{port} must be a port number (got {got})")


def settings(configured: Smtp | None, environ: Mapping[str, str], source: str) -> SmtpSettings:
    """Merge the municipality's `smtp:` block with SAMARBEID_SMTP_* variables (which win).

    Raises:
        InputError: No host, a value that does not parse, credentials for a host the
            environment does not name, or sign-in without TLS.
    """

    def env(key: str) -> str | None:
        return environ.get(ENVIRONMENT[key]) or None  # set but empty: unset

    trusted_host = env("host")
    host = trusted_host or (configured.host if configured else None)
    if not host:
        raise InputError(
            _(
                "--send needs an SMTP server: set {host} (and {port}, {user} and a token or "
                "password; see the README's 'Sending' section) or add an smtp: block to {source}"
            ).format(**ENVIRONMENT, source=source)
        )
    port_text = env("port")
    try:
        port = int(port_text) if port_text else (configured.port if configured else 587)
    except ValueError:
        raise InputError(_not_a_port().format(**ENVIRONMENT, got=repr(port_text))) from None
    if not 1 <= port <= 65535:
        raise InputError(_not_a_port().format(**ENVIRONMENT, got=repr(port_text)))
    starttls_text = env("starttls")
    starttls = (
        _flag(starttls_text, ENVIRONMENT["starttls"])
        if starttls_text is not None
        else (configured.starttls if configured else True)
    )
    security: Security = "tls" if port == IMPLICIT_TLS_PORT else "starttls" if starttls else "none"

    password, token, token_command = env("password"), env("token"), env("token_command")
    given = [
        ENVIRONMENT[key]
        for key, value in (
            ("password", password),
            ("token", token),
            ("token_command", token_command),
        )
        if value
    ]
    user = env("user") or (configured.user if configured else None)
    sender = configured.sender if configured else None
    from samarbeid_cli.delivery import signin

    # The sign-in of `samarbeid login` (or the app's own) serves SMTP too: XOAUTH2 with a
    # token for Exchange Online's SMTP, so no token script is needed.
    signed_in = not given and bool(user) and signin.configured(environ) is not None
    if signed_in:
        given = [signin.ENVIRONMENT["client_id"]]
    if not given:
        if user:
            raise InputError(
                _(
                    "SMTP user {mailbox} is set but no credentials are: set {token} or "
                    "{token_command} (OAuth, Microsoft 365 and Google Workspace) or {password}; "
                    "credentials are read only from the environment"
                ).format(**ENVIRONMENT, mailbox=repr(user))
            )
        return SmtpSettings(host, port, security, "none", None, None, sender)
    if len(given) > 1:
        raise InputError(_("set only one of {names}").format(names=", ".join(given)))
    if trusted_host is None:
        raise InputError(
            _(
                "{given} is set, but the SMTP host {server} comes only from {source}: "
                "credentials go only to a host named in {host}, so that a change to the data "
                "cannot send them elsewhere; set it in your environment"
            ).format(**ENVIRONMENT, given=given[0], server=repr(host), source=source)
        )
    if security == "none":
        raise InputError(
            _(
                "refusing to sign in to {server}:{number} without TLS: use port {tls_port} "
                "(TLS) or STARTTLS (unset {starttls} and remove 'starttls: false')"
            ).format(**ENVIRONMENT, server=host, number=port, tls_port=IMPLICIT_TLS_PORT)
        )
    if not user:
        raise InputError(
            _("{given} is set but {user} (the mailbox) is not").format(
                **ENVIRONMENT, given=given[0]
            )
        )
    if password:
        return SmtpSettings(host, port, security, "password", user, password, sender)
    if signed_in:
        secret = signin.smtp_token(environ)
    else:
        secret = token or _token_from_command(str(token_command))
    return SmtpSettings(host, port, security, "oauth", user, secret, sender)


@dataclass(frozen=True)
class Recipient:
    """One person an invitation goes to, and why (their role, for the report)."""

    email: str
    label: str


@dataclass(frozen=True)
class Outgoing:
    """One message to send and exactly whom to send it to (never re-read from its headers)."""

    name: str
    uid: str
    sequence: int
    message: EmailMessage
    sender: str
    recipients: tuple[Recipient, ...]


@dataclass(frozen=True)
class Refusal:
    """A recipient (or a whole message) the server would not take."""

    recipient: Recipient | None
    reason: str


@dataclass(frozen=True)
class Delivery:
    """What the server accepted of one message."""

    outgoing: Outgoing
    accepted: tuple[Recipient, ...]
    refused: tuple[Refusal, ...]


@dataclass
class SendReport:
    """Every message of a run: accepted (per recipient), refused, or never tried."""

    deliveries: list[Delivery] = field(default_factory=list)
    unsent: list[Outgoing] = field(default_factory=list)
    failure: str | None = None
    """Why the run stopped early (the connection or sign-in failed), if it did."""

    @property
    def complete(self) -> bool:
        """Every recipient of every message was accepted."""
        return (
            not self.unsent
            and self.failure is None
            and all(not delivery.refused for delivery in self.deliveries)
        )


def _reason(code: int, text: bytes | str) -> str:
    said = text.decode(errors="replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(said.split())}"


def _xoauth2(user: str, token: str) -> Callable[..., str]:
    initial = f"user={user}\x01auth=Bearer {token}\x01\x01"

    def respond(challenge: bytes | None = None) -> str:
        # On failure the server sends a JSON error as a challenge; an empty reply ends it.
        return initial if challenge is None else ""

    return respond


class _Stopped(smtplib.SMTPException):
    """The server took longer than the deadline, or sent a reply too long to be one."""


class _Reader(io.RawIOBase):
    """The socket as smtplib reads it, each read held to the deadline and the reply bound."""

    def __init__(self, connection: _Bounds) -> None:
        super().__init__()
        self.connection = connection

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        connection = self.connection
        connection.before_io()
        try:
            count: int = connection.sock.recv_into(buffer)
        except TimeoutError:
            connection.before_io()  # past the deadline: say so, not just "timed out"
            raise
        connection.reply_bytes += count
        if connection.reply_bytes > MAX_REPLY_BYTES:
            connection.stopped = _(
                "{host} sent a reply longer than {size} KiB; no SMTP server does that"
            ).format(host=connection.host_name, size=MAX_REPLY_BYTES // 1024)
            raise OSError(connection.stopped)
        return count


class _Bounds(smtplib.SMTP):
    """smtplib's client with a deadline for each exchange and a bound on each reply."""

    sock: socket.socket

    def __init__(self, host: str, port: int, *, timeout: float, **kwargs: object) -> None:
        self.host_name = host
        self.per_read = timeout
        self.deadline = 0.0
        self.seconds = 0.0
        self.reply_bytes = 0
        self.stopped: str | None = None
        self.start_deadline()
        super().__init__(host, port, timeout=timeout, **kwargs)  # type: ignore[arg-type]

    def start_deadline(self) -> None:
        """Give the next exchange (connecting and signing in, or one message) its own time."""
        self.seconds = MESSAGE_SECONDS
        self.deadline = time.monotonic() + MESSAGE_SECONDS

    def before_io(self) -> None:
        """Hold the next read or write to what is left of the deadline.

        Raises:
            TimeoutError: The deadline has passed.
        """
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.stopped = _(
                "{host} did not finish the exchange within {seconds:g} seconds; the server "
                "is too slow or stalling"
            ).format(host=self.host_name, seconds=self.seconds)
            raise TimeoutError(self.stopped)
        self.sock.settimeout(min(left, self.per_read))

    def send(self, s: Any) -> None:
        if self.sock is not None:
            try:
                self.before_io()
            except TimeoutError as err:
                self.close()
                raise _Stopped(str(err)) from err
        super().send(s)

    def getreply(self) -> tuple[int, bytes]:
        if self.file is None and self.sock is not None:
            self.file = io.BufferedReader(_Reader(self))
        self.reply_bytes = 0
        try:
            return super().getreply()
        except smtplib.SMTPServerDisconnected as err:
            # smtplib turns every read error into "Connection unexpectedly closed".
            if self.stopped:
                raise _Stopped(self.stopped) from err
            raise


class _BoundedSMTP(_Bounds):
    """Plain SMTP (and STARTTLS), bounded."""


class _BoundedSMTPSSL(_Bounds, smtplib.SMTP_SSL):
    """SMTP over TLS from the first byte, bounded."""


def _connect(smtp: SmtpSettings, timeout: float) -> _Bounds:
    context = ssl.create_default_context()
    connection: _Bounds
    if smtp.security == "tls":
        connection = _BoundedSMTPSSL(smtp.host, smtp.port, timeout=timeout, context=context)
    else:
        connection = _BoundedSMTP(smtp.host, smtp.port, timeout=timeout)
    try:
        connection.ehlo()
        if smtp.security == "starttls":
            if not connection.has_extn("starttls"):
                raise smtplib.SMTPNotSupportedError(
                    _("{host} does not offer STARTTLS; refusing to go on unencrypted").format(
                        host=smtp.host
                    )
                )
            connection.starttls(context=context)
            connection.ehlo()
        if smtp.sign_in == "password":
            assert smtp.user is not None and smtp.secret is not None
            connection.login(smtp.user, smtp.secret)
        elif smtp.sign_in == "oauth":
            assert smtp.user is not None and smtp.secret is not None
            connection.auth("XOAUTH2", _xoauth2(smtp.user, smtp.secret))
    except BaseException:
        connection.close()
        raise
    return connection


def _failure(err: BaseException, smtp: SmtpSettings) -> str:
    if isinstance(err, smtplib.SMTPAuthenticationError):
        return _("sign-in as {user} was refused ({reason})").format(
            user=smtp.user, reason=_reason(err.smtp_code, err.smtp_error)
        )
    if isinstance(err, ssl.SSLCertVerificationError):
        return _("the server's certificate could not be verified ({reason})").format(
            reason=err.verify_message
        )
    if isinstance(err, smtplib.SMTPResponseException):
        return _reason(err.smtp_code, err.smtp_error)
    return str(err) or err.__class__.__name__


def send(
    outgoing: Sequence[Outgoing],
    smtp: SmtpSettings,
    on_delivery: Callable[[Delivery], None],
    timeout: float = 30,
) -> SendReport:
    """Send every message over one connection; `on_delivery` hears of each as it is accepted,
    so a run that stops half-way has recorded what went.

    A refused recipient or message is reported and the others are still sent; a broken
    connection or a refused sign-in stops the run, and what was not sent is listed.
    """
    report = SendReport()
    pending = list(outgoing)
    try:
        connection = _connect(smtp, timeout)
    except (smtplib.SMTPException, OSError) as err:
        report.unsent, report.failure = pending, _failure(err, smtp)
        return report
    try:
        return _send_each(connection, pending, report, smtp, on_delivery)
    finally:
        _quit(connection)


def _quit(connection: _Bounds) -> None:
    """Say goodbye, briefly; the messages are already accepted, so a server that does not
    answer QUIT changes nothing."""
    connection.start_deadline()
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _send_each(
    connection: _Bounds,
    pending: list[Outgoing],
    report: SendReport,
    smtp: SmtpSettings,
    on_delivery: Callable[[Delivery], None],
) -> SendReport:
    while pending:
        item = pending[0]
        connection.start_deadline()
        to = [recipient.email for recipient in item.recipients]
        refused: tuple[Refusal, ...] = ()
        try:
            said = connection.send_message(item.message, from_addr=item.sender, to_addrs=to)
        except smtplib.SMTPRecipientsRefused as err:
            said = err.recipients
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as err:
            refused = (Refusal(None, _reason(err.smtp_code, err.smtp_error)),)
            said = {}
        except (smtplib.SMTPException, OSError) as err:
            report.unsent, report.failure = pending, _failure(err, smtp)
            return report
        by_address = {recipient.email: recipient for recipient in item.recipients}
        refused += tuple(
            Refusal(by_address.get(address), _reason(code, text))
            for address, (code, text) in said.items()
        )
        accepted = (
            ()
            if refused and refused[0].recipient is None
            else tuple(r for r in item.recipients if r.email not in said)
        )
        delivery = Delivery(item, accepted, refused)
        report.deliveries.append(delivery)
        pending.pop(0)
        if accepted:
            on_delivery(delivery)
    return report


def environment() -> Mapping[str, str]:
    """The process environment (a parameter elsewhere, so tests can pass their own)."""
    return os.environ

"""Send invitation e-mails over SMTP. Host, port, STARTTLS and user come from the
municipality's `smtp:` block or the environment; the password only from the environment."""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr

from samarbeid_cli.errors import DeliveryError, InputError
from samarbeid_cli.models.municipality import Smtp

ENVIRONMENT = {
    "host": "SAMARBEID_SMTP_HOST",
    "port": "SAMARBEID_SMTP_PORT",
    "starttls": "SAMARBEID_SMTP_STARTTLS",
    "user": "SAMARBEID_SMTP_USER",
    "password": "SAMARBEID_SMTP_PASSWORD",
}


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send."""

    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str | None


def settings(configured: Smtp | None, environ: Mapping[str, str], source: str) -> SmtpSettings:
    """Merge the municipality's `smtp:` block with SAMARBEID_SMTP_* variables (which win).

    Raises:
        InputError: No host is configured, or a value does not parse.
    """
    host = environ.get(ENVIRONMENT["host"]) or (configured.host if configured else None)
    if not host:
        raise InputError(
            f"--send needs an SMTP server: set {ENVIRONMENT['host']} (and {ENVIRONMENT['port']}, "
            f"{ENVIRONMENT['user']}, {ENVIRONMENT['password']}) or add an smtp: block to {source}"
        )
    port_text = environ.get(ENVIRONMENT["port"])
    try:
        port = int(port_text) if port_text else (configured.port if configured else 587)
    except ValueError:
        raise InputError(
            f"{ENVIRONMENT['port']} must be a port number (got {port_text!r})"
        ) from None
    starttls_text = environ.get(ENVIRONMENT["starttls"]) or None  # set but empty: unset
    if starttls_text is None:
        starttls = configured.starttls if configured else True
    elif starttls_text.lower() in {"1", "true", "yes", "on"}:
        starttls = True
    elif starttls_text.lower() in {"0", "false", "no", "off"}:
        starttls = False
    else:
        raise InputError(f"{ENVIRONMENT['starttls']} must be true or false (got {starttls_text!r})")
    user = environ.get(ENVIRONMENT["user"]) or (configured.user if configured else None)
    password = environ.get(ENVIRONMENT["password"])
    if user and not password:
        raise InputError(
            f"SMTP user {user!r} is set but {ENVIRONMENT['password']} is not; the password is "
            "read only from the environment"
        )
    sender = configured.sender if configured else None
    return SmtpSettings(host, port, starttls, user, password, sender)


def send(messages: Sequence[EmailMessage], smtp: SmtpSettings) -> int:
    """Send every message over one connection; returns how many were sent.

    Raises:
        DeliveryError: The server cannot be reached or refuses a message; says how many went.
    """
    sent = 0
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as connection:
            connection.ehlo()
            if smtp.starttls:
                connection.starttls(context=ssl.create_default_context())
                connection.ehlo()
            if smtp.user and smtp.password:
                connection.login(smtp.user, smtp.password)
            for message in messages:
                sender = smtp.sender or parseaddr(str(message["From"]))[1]
                recipients = [address for _, address in getaddresses([str(message["To"])])]
                connection.send_message(message, from_addr=sender, to_addrs=recipients)
                sent += 1
    except (smtplib.SMTPException, OSError) as err:
        raise DeliveryError(
            f"sending over {smtp.host}:{smtp.port} failed after {sent} of {len(messages)} "
            f"invitation(s): {err}"
        ) from err
    return sent


def environment() -> Mapping[str, str]:
    """The process environment (a parameter elsewhere, so tests can pass their own)."""
    return os.environ

"""Microsoft Graph over HTTPS: the few requests samarbeid makes, with bounded waits.

Only the standard library: a request has a timeout for connecting and for each read, a 429 or
503 is retried after the `Retry-After` the service names (bounded, and a bounded number of
times), and an expired token is refreshed once where the sign-in can refresh it. The access
token goes only to the endpoint in `SAMARBEID_GRAPH_URL` (default Microsoft's), which must be
https:// or http:// on this machine's loopback address; it is never printed or written, and
the data cannot name the endpoint.
"""

from __future__ import annotations

import email.utils
import ipaddress
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from samarbeid_cli.errors import DeliveryError, InputError
from samarbeid_cli.i18n import _

DEFAULT_URL = "https://graph.microsoft.com/v1.0"
ENVIRONMENT = {
    "token": "SAMARBEID_GRAPH_TOKEN",
    "url": "SAMARBEID_GRAPH_URL",
    "mailbox": "SAMARBEID_GRAPH_MAILBOX",
}
TIMEOUT_SECONDS = 30.0
"""For connecting and for each read of a response."""
MAX_ATTEMPTS = 4
"""A request throttled (429) or unavailable (503) is tried at most this often."""
MAX_RETRY_AFTER_SECONDS = 120.0
"""The longest wait a `Retry-After` can ask for before samarbeid gives up instead."""
MAX_RESPONSE_BYTES = 4 * 1024 * 1024

TokenSource = Callable[[bool], str]
"""Gives an access token; called with True once after a 401, to refresh an expired one."""


class GraphError(DeliveryError):
    """A request Graph answered with an error (or did not answer)."""

    def __init__(self, message: str, *, status: int = 0, code: str = "", said: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.said = said
        """Graph's own error message, without samarbeid's advice."""


class SignInError(GraphError):
    """401 or 403: nothing more can be done with this sign-in; the run stops."""


@dataclass(frozen=True)
class GraphSettings:
    """Where Graph is, and how to sign the requests. The token never shows in repr."""

    url: str
    token: TokenSource = field(repr=False)
    mailbox: str | None = None
    """A mailbox to write in (`/users/{mailbox}`), else the signed-in user's (`/me`)."""

    @property
    def calendar_owner(self) -> str:
        """The path of the mailbox the events go into."""
        if self.mailbox:
            return "/users/" + urllib.parse.quote(self.mailbox, safe="@.")
        return "/me"


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_url(text: str) -> str:
    """The Graph endpoint, without a trailing slash.

    Raises:
        InputError: Not https://, nor http:// on a loopback address.
    """
    parsed = urllib.parse.urlsplit(text)
    host = parsed.hostname or ""
    allowed = parsed.scheme == "https" or (parsed.scheme == "http" and _loopback(host))
    if not host or not allowed or parsed.query or parsed.fragment:
        raise InputError(
            _(
                "{name} must be an https:// address, or http:// on this machine (127.0.0.1, "
                "::1 or localhost), so that the token cannot travel unencrypted (got {url})"
            ).format(name=ENVIRONMENT["url"], url=repr(text))
        )
    return text.rstrip("/")


def settings(environ: Mapping[str, str], token: TokenSource | None = None) -> GraphSettings:
    """The Graph endpoint and sign-in from SAMARBEID_GRAPH_* (a given token source wins over
    SAMARBEID_GRAPH_TOKEN only when that is unset).

    Raises:
        InputError: A bad endpoint, or no way to sign in.
    """
    url = checked_url(environ.get(ENVIRONMENT["url"]) or DEFAULT_URL)
    mailbox = environ.get(ENVIRONMENT["mailbox"]) or None
    fixed = (environ.get(ENVIRONMENT["token"]) or "").strip()
    if fixed:
        if any(character.isspace() for character in fixed):
            raise InputError(
                _("{name} must be one access token, without spaces").format(
                    name=ENVIRONMENT["token"]
                )
            )
        return GraphSettings(url, lambda _refresh: fixed, mailbox)
    if token is None:
        raise InputError(
            _(
                "not signed in to Microsoft 365: run 'samarbeid login' (or set {name} to an "
                "access token, for scripts)"
            ).format(name=ENVIRONMENT["token"])
        )
    return GraphSettings(url, token, mailbox)


def _retry_after(value: str | None, attempt: int) -> float:
    """Seconds to wait: Retry-After as seconds or an HTTP date, else a growing pause."""
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            pass
        else:
            return max(0.0, when.timestamp() - time.time())
    return float(2**attempt)


def _error_of(status: int, raw: bytes) -> tuple[str, str]:
    """Graph's error code and message from an error body ({"error": {"code", "message"}})."""
    try:
        found = json.loads(raw.decode("utf-8")).get("error") or {}
        return str(found.get("code") or ""), str(found.get("message") or "")
    except (ValueError, AttributeError):
        return "", ""


@dataclass
class Client:
    """Requests to one Graph endpoint with one sign-in."""

    settings: GraphSettings
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0
    """How many requests were sent (retries included), for the report."""
    _token: str | None = field(default=None, repr=False)

    def _opener(self) -> urllib.request.OpenerDirector:
        host = urllib.parse.urlsplit(self.settings.url).hostname or ""
        # A proxy in the environment must not see a stand-in on this machine.
        handlers = [urllib.request.ProxyHandler({})] if _loopback(host) else []
        return urllib.request.build_opener(*handlers)

    def request(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """Send one request (`path` below the endpoint) and return the JSON answer ({} if
        none).

        Raises:
            SignInError: 401 (after one refresh) or 403.
            GraphError: Any other error, after the retries a 429 or 503 allows.
        """
        url = self.settings.url + path
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        refreshed = False
        attempt = 0
        opener = self._opener()
        while True:
            attempt += 1
            if self._token is None:
                self._token = self.settings.token(refreshed)
            sent = urllib.request.Request(url, data=data, method=method)
            sent.add_header("Authorization", f"Bearer {self._token}")
            sent.add_header("Accept", "application/json")
            if data is not None:
                sent.add_header("Content-Type", "application/json")
            for name, value in (headers or {}).items():
                sent.add_header(name, value)
            self.requests += 1
            try:
                with opener.open(sent, timeout=TIMEOUT_SECONDS) as answer:
                    raw = answer.read(MAX_RESPONSE_BYTES + 1)
            except urllib.error.HTTPError as err:
                status = err.code
                retry_after = err.headers.get("Retry-After") if err.headers else None
                try:
                    raw = err.read(MAX_RESPONSE_BYTES)
                except OSError:
                    raw = b""
                finally:
                    err.close()
                code, message = _error_of(status, raw)
                if status == 401 and not refreshed:
                    refreshed = True
                    self._token = None
                    # A fixed token gives the same token again: one more try, then stop.
                    continue
                if status in (401, 403):
                    raise SignInError(
                        _signin_message(status, code, message),
                        status=status,
                        code=code,
                        said=message,
                    ) from None
                if status in (429, 503) and attempt < MAX_ATTEMPTS:
                    wait = _retry_after(retry_after, attempt)
                    if wait <= MAX_RETRY_AFTER_SECONDS:
                        self.sleep(wait)
                        continue
                raise GraphError(
                    _("Graph answered {method} with {status} {code}: {message}").format(
                        method=method,
                        status=status,
                        code=code or "-",
                        message=message or _("no message"),
                    ),
                    status=status,
                    code=code,
                    said=message,
                ) from None
            except (urllib.error.URLError, OSError) as err:
                reason = getattr(err, "reason", err)
                raise GraphError(
                    _("Graph at {url} could not be reached: {reason}").format(
                        url=self.settings.url, reason=reason
                    )
                ) from None
            if len(raw) > MAX_RESPONSE_BYTES:
                raise GraphError(_("Graph's answer was too long to read"))
            if not raw.strip():
                return {}
            try:
                parsed = json.loads(raw.decode("utf-8"))
            except ValueError:
                raise GraphError(_("Graph's answer was not JSON")) from None
            return parsed if isinstance(parsed, dict) else {}


def _signin_message(status: int, code: str, message: str) -> str:
    if status == 401:
        advice = _(
            "the sign-in was not accepted (expired or for another service); run 'samarbeid "
            "login' again, or set a fresh SAMARBEID_GRAPH_TOKEN"
        )
    else:
        advice = _(
            "the signed-in account may not write in this calendar: the app registration needs "
            "Calendars.ReadWrite (and admin consent), and a service mailbox must let this "
            "account write"
        )
    return (
        _("Microsoft Graph refused the request ({status} {code}): {advice}. {message}")
        .format(status=status, code=code or "-", advice=advice, message=message)
        .strip()
    )

"""Signing in to Microsoft 365 with MSAL, for Graph and for SMTP (XOAUTH2).

Two ways, both from the coordinator's environment (never from the data, which a pull request
can change): `SAMARBEID_GRAPH_TENANT` and `SAMARBEID_GRAPH_CLIENT_ID` name the app
registration; then
- `samarbeid login` signs the coordinator in with the device-code flow (a code to enter in a
  browser, so it works in any terminal and over SSH) and keeps the tokens in a per-user cache
  (msal-extensions: encrypted where the system offers it, else a file only the user may read,
  outside every repository); every later run takes a token from it silently, and
  `samarbeid logout` removes it;
- with `SAMARBEID_GRAPH_CLIENT_SECRET` (or `SAMARBEID_GRAPH_CERTIFICATE`, a .pfx file), the
  app signs in as itself (client credentials, application permissions) for unattended runs
  into a service mailbox (`SAMARBEID_GRAPH_MAILBOX`); nothing is cached.

msal and msal-extensions are imported only here and only when a token is needed (the extra
`samarbeid[outlook]`), so `--help` and every other command start without them. Tokens and
secrets are never printed or written anywhere but the cache.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samarbeid_cli.delivery.graph import TokenSource
from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _

ENVIRONMENT = {
    "tenant": "SAMARBEID_GRAPH_TENANT",
    "client_id": "SAMARBEID_GRAPH_CLIENT_ID",
    "secret": "SAMARBEID_GRAPH_CLIENT_SECRET",
    "certificate": "SAMARBEID_GRAPH_CERTIFICATE",
    "certificate_password": "SAMARBEID_GRAPH_CERTIFICATE_PASSWORD",
    "cache": "SAMARBEID_GRAPH_TOKEN_CACHE",
}
GRAPH_SCOPES = (
    "https://graph.microsoft.com/Calendars.ReadWrite",
    "https://graph.microsoft.com/Mail.Send",
)
"""Delegated: the calendar, and mail for an agenda the event cannot take as an attachment
(`agenda --publish outlook`). MSAL adds offline_access (the refresh token) itself."""
SMTP_SCOPES = ("https://outlook.office365.com/SMTP.Send",)
APP_SCOPES = {"graph": ("https://graph.microsoft.com/.default",)}
APP_SCOPES["smtp"] = ("https://outlook.office365.com/.default",)
AUTHORITY = "https://login.microsoftonline.com/"
_TENANT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}")
_CLIENT_ID = re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class SignIn:
    """The app registration and how it signs in. The secret never shows in repr."""

    tenant: str
    client_id: str
    cache: Path
    credential: Any = field(default=None, repr=False)
    """A client secret or certificate: the app signs in as itself."""

    @property
    def unattended(self) -> bool:
        """Client credentials: no user, no cache."""
        return self.credential is not None

    @property
    def authority(self) -> str:
        """The Entra ID endpoint of the tenant (always Microsoft's, never the data's)."""
        return AUTHORITY + self.tenant


def default_cache(environ: Mapping[str, str]) -> Path:
    """The per-user cache file, in the user's cache folder (never in a repository)."""
    if environ.get(ENVIRONMENT["cache"]):
        return Path(environ[ENVIRONMENT["cache"]])
    if sys.platform == "win32" and environ.get("LOCALAPPDATA"):
        base = Path(environ["LOCALAPPDATA"])
    elif environ.get("XDG_CACHE_HOME"):
        base = Path(environ["XDG_CACHE_HOME"])
    else:
        base = Path.home() / ".cache"
    return base / "samarbeid" / "msal-token-cache.bin"


def configured(environ: Mapping[str, str]) -> SignIn | None:
    """The sign-in the environment names; None when it names no app registration.

    Raises:
        InputError: Only one of tenant and client id, or either is malformed.
    """
    tenant = (environ.get(ENVIRONMENT["tenant"]) or "").strip()
    client_id = (environ.get(ENVIRONMENT["client_id"]) or "").strip()
    if not tenant and not client_id:
        return None
    if not tenant or not client_id:
        raise InputError(
            _(
                "set both {tenant} (the tenant's id or domain) and {client_id} (the app "
                "registration's application id) to sign in"
            ).format(**ENVIRONMENT)
        )
    if not _TENANT.fullmatch(tenant):
        raise InputError(
            _("{tenant} must be the tenant's id or domain, e.g. selbu.onmicrosoft.com").format(
                **ENVIRONMENT
            )
        )
    if not _CLIENT_ID.fullmatch(client_id):
        raise InputError(
            _(
                "{client_id} must be the app registration's application (client) id, a GUID "
                "such as 00000000-0000-0000-0000-000000000000"
            ).format(**ENVIRONMENT)
        )
    secret = environ.get(ENVIRONMENT["secret"]) or None
    certificate = environ.get(ENVIRONMENT["certificate"]) or None
    if secret and certificate:
        raise InputError(_("set only one of {secret} and {certificate}").format(**ENVIRONMENT))
    credential: Any = secret
    if certificate:
        credential = {"private_key_pfx_path": certificate}
        if environ.get(ENVIRONMENT["certificate_password"]):
            credential["passphrase"] = environ[ENVIRONMENT["certificate_password"]]
    return SignIn(tenant, client_id, default_cache(environ), credential)


def _modules() -> tuple[Any, Any]:
    try:
        import msal
        import msal_extensions
    except ImportError as err:
        raise InputError(
            _(
                "signing in to Microsoft 365 needs the msal and msal-extensions packages: "
                "install samarbeid with them, e.g. pipx install 'samarbeid[outlook]'"
            )
        ) from err
    return msal, msal_extensions


def _token_cache(sign_in: SignIn, extensions: Any) -> Any:
    """The cache: encrypted (DPAPI, Keychain, libsecret) where the system has it, else a file
    that only the user may read or write."""
    folder = sign_in.cache.parent
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        folder.chmod(stat.S_IRWXU)
    try:
        persistence = extensions.build_encrypted_persistence(str(sign_in.cache))
    except (ImportError, OSError, RuntimeError, ValueError):
        # No DPAPI, Keychain or libsecret (a server without a desktop session, say): the
        # fallback msal-extensions itself recommends, a file only this user may read.
        if not sign_in.cache.exists():
            descriptor = os.open(sign_in.cache, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(descriptor)
        with contextlib.suppress(OSError):
            sign_in.cache.chmod(stat.S_IRUSR | stat.S_IWUSR)
        persistence = extensions.FilePersistence(str(sign_in.cache))
    return extensions.PersistedTokenCache(persistence)


def _public(sign_in: SignIn) -> Any:
    msal, extensions = _modules()
    return msal.PublicClientApplication(
        sign_in.client_id,
        authority=sign_in.authority,
        token_cache=_token_cache(sign_in, extensions),
    )


def _confidential(sign_in: SignIn) -> Any:
    msal, _extensions = _modules()
    return msal.ConfidentialClientApplication(
        sign_in.client_id, client_credential=sign_in.credential, authority=sign_in.authority
    )


def _refused(result: Mapping[str, Any] | None) -> str:
    """MSAL's error code and description; never a token."""
    if not result:
        return _("no answer")
    return f"{result.get('error', '')}: {result.get('error_description', '')}".strip(": ")


def _needed(environ: Mapping[str, str]) -> SignIn:
    sign_in = configured(environ)
    if sign_in is None:
        raise InputError(
            _(
                "set {tenant} and {client_id} to the tenant and the app registration the "
                "municipality's IT made for samarbeid (see the README's 'Outlook through "
                "Microsoft Graph')"
            ).format(**ENVIRONMENT)
        )
    return sign_in


def login(environ: Mapping[str, str], show: Callable[[str], None]) -> str:
    """Sign in with the device code (or check the client credentials); the account's name.

    Raises:
        InputError: Not configured, msal missing, or the sign-in failed.
    """
    sign_in = _needed(environ)
    if sign_in.unattended:
        _app_token(sign_in, "graph")
        return sign_in.client_id
    app = _public(sign_in)
    flow = app.initiate_device_flow(scopes=list(GRAPH_SCOPES))
    if "user_code" not in flow:
        raise InputError(_("the sign-in could not start: {why}").format(why=_refused(flow)))
    show(str(flow["message"]))
    result = app.acquire_token_by_device_flow(flow)
    if not result or "access_token" not in result:
        raise InputError(_("the sign-in failed: {why}").format(why=_refused(result)))
    claims = result.get("id_token_claims") or {}
    return str(claims.get("preferred_username") or claims.get("name") or "")


def logout(environ: Mapping[str, str]) -> Path | None:
    """Forget every account and remove the cache; the file removed, or None if there was none.

    Raises:
        InputError: Not configured.
    """
    sign_in = configured(environ)
    cache = sign_in.cache if sign_in else default_cache(environ)
    if not cache.exists():
        return None
    if sign_in is not None and not sign_in.unattended:
        # An encrypted store keeps the tokens outside the file: clear them through MSAL too.
        with contextlib.suppress(InputError):
            app = _public(sign_in)
            for account in app.get_accounts():
                app.remove_account(account)
    for path in (cache, cache.with_name(cache.name + ".lockfile")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return cache


def _app_token(sign_in: SignIn, resource: str) -> str:
    result = _confidential(sign_in).acquire_token_for_client(scopes=list(APP_SCOPES[resource]))
    if not result or "access_token" not in result:
        raise InputError(
            _("the app could not sign in with its credentials: {why}").format(why=_refused(result))
        )
    return str(result["access_token"])


def _user_token(sign_in: SignIn, scopes: tuple[str, ...], refresh: bool) -> str:
    app = _public(sign_in)
    accounts = app.get_accounts()
    if not accounts:
        raise InputError(_("not signed in to Microsoft 365: run 'samarbeid login'"))
    result = app.acquire_token_silent(list(scopes), account=accounts[0], force_refresh=refresh)
    if not result or "access_token" not in result:
        raise InputError(
            _(
                "the sign-in has expired or lacks a permission ({why}): run 'samarbeid login'"
            ).format(why=_refused(result))
        )
    return str(result["access_token"])


def graph_token_source(environ: Mapping[str, str]) -> TokenSource | None:
    """Tokens for Graph from the sign-in the environment names; None when it names none.
    msal is imported only when the first token is asked for.

    Raises:
        InputError: The environment's sign-in is malformed.
    """
    sign_in = configured(environ)
    if sign_in is None:
        return None
    if sign_in.unattended:
        return lambda _refresh: _app_token(sign_in, "graph")
    return lambda refresh: _user_token(sign_in, GRAPH_SCOPES, refresh)


def smtp_token(environ: Mapping[str, str]) -> str:
    """An access token for SMTP (XOAUTH2) from the same sign-in.

    Raises:
        InputError: Not configured, not signed in, or refused.
    """
    sign_in = _needed(environ)
    if sign_in.unattended:
        return _app_token(sign_in, "smtp")
    return _user_token(sign_in, SMTP_SCOPES, False)

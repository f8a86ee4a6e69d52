"""`samarbeid login` and `samarbeid logout`."""

from __future__ import annotations

import typer

from samarbeid_cli.cli.options import Command, help_from

LOGIN_EXAMPLES = [
    ("samarbeid login", "Sign in as the coordinator, with a code to enter in a browser."),
    (
        "samarbeid schedule -m selbu --period 2027-H1 --publish outlook",
        "Then publish the spring's meetings in your Outlook calendar.",
    ),
]
LOGOUT_EXAMPLES = [
    ("samarbeid logout", "Remove the sign-in that 'samarbeid login' kept."),
    ("samarbeid login", "Sign in again, e.g. as another coordinator."),
]


def login() -> None:
    """Sign in to Microsoft 365 so that samarbeid can publish the series in Outlook (schedule
    --publish outlook), read the answers (responses) and send e-mail over SMTP with OAuth.

    The tenant and the app registration come from SAMARBEID_GRAPH_TENANT and
    SAMARBEID_GRAPH_CLIENT_ID (the municipality's IT makes the registration; see the README's
    'Outlook through Microsoft Graph'). You get a code to enter at Microsoft's sign-in page, in
    any browser, so it works over SSH too. The sign-in is kept for your user only (encrypted
    where the system can), outside every repository, until 'samarbeid logout'. With
    SAMARBEID_GRAPH_CLIENT_SECRET or SAMARBEID_GRAPH_CERTIFICATE the app signs in as itself
    for unattended runs, and login only checks that it can.

    Exit codes: 0 signed in; 1 not configured, msal missing, or the sign-in failed; 2 usage
    error.
    """
    import os

    from samarbeid_cli.delivery import signin
    from samarbeid_cli.i18n import _

    who = signin.login(os.environ, lambda text: typer.echo(text, err=True))
    typer.echo(_("signed in as {who}").format(who=who) if who else _("signed in"), err=True)


def logout() -> None:
    """Remove the sign-in that 'samarbeid login' kept for your user (its token cache).

    Exit codes: 0 signed out, or there was nothing to remove; 1 the configuration is wrong;
    2 usage error.
    """
    import os

    from samarbeid_cli.delivery import signin
    from samarbeid_cli.i18n import _

    removed = signin.logout(os.environ)
    typer.echo(
        _("signed out: removed {path}").format(path=removed)
        if removed
        else _("not signed in: nothing to remove"),
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Add `login` to the app."""
    app.command(cls=Command, help=help_from(login.__doc__, LOGIN_EXAMPLES))(login)


def register_logout(app: typer.Typer) -> None:
    """Add `logout` to the app (one command per registration, for lazy loading)."""
    app.command(cls=Command, help=help_from(logout.__doc__, LOGOUT_EXAMPLES))(logout)

"""Choosing a municipality or an arena of the workspace by slug, and the dates commands take."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from samarbeid_cli.cli.options import data_dir_from
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.workspace import Workspace


def pick(name: str, known: list[str], what: str, option: str) -> None:
    """Refuse a slug that is not among `known`, suggesting the closest one.

    Raises:
        UsageError: `name` is unknown; names the option, the closest slug and every known one.
    """
    if name in known:
        return
    close = difflib.get_close_matches(name, known, n=1)
    hint = _("did you mean {name}? ").format(name=repr(close[0])) if close else ""
    raise UsageError(
        _("{option}: no {what} {name}; {hint}known: {known}").format(
            option=option,
            what=what,
            name=repr(name),
            hint=hint,
            known=", ".join(known) or _("none"),
        )
    )


def workspace_with(data: Path | None, slug: str) -> Workspace:
    """The valid workspace of `data`, after checking it has the municipality `slug`.

    Raises:
        UsageError: No such municipality (with the closest slug as a hint).
    """
    from samarbeid_cli.loading.workspace import load_valid

    workspace = load_valid(data_dir_from(data)).workspace
    pick(slug, sorted(workspace.municipalities), _("municipality"), "--municipality")
    return workspace


def date_option(text: str, option: str) -> dt.date:
    """A date option's value: ISO 8601 or dd.mm.yyyy.

    Raises:
        UsageError: The text is no real date.
    """
    from samarbeid_cli.cli.options import in_planned_years
    from samarbeid_cli.models.consent import parse_register_date

    try:
        day = parse_register_date(text)
    except ValueError:
        raise UsageError(
            _("{option} must be a date such as 2027-02-01 or 01.02.2027 (got {value})").format(
                option=option, value=repr(text)
            )
        ) from None
    return in_planned_years(day, option, text)

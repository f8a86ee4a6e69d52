"""Choosing one municipality of the workspace by slug, and the dates commands take."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

from samarbeid_cli.cli.options import data_dir_from
from samarbeid_cli.errors import UsageError
from samarbeid_cli.models.workspace import Workspace


def workspace_with(data: Path | None, slug: str) -> Workspace:
    """The valid workspace of `data`, after checking it has the municipality `slug`.

    Raises:
        UsageError: No such municipality (with the closest slug as a hint).
    """
    from samarbeid_cli.loading.workspace import load_valid

    workspace = load_valid(data_dir_from(data)).workspace
    known = sorted(workspace.municipalities)
    if slug not in known:
        close = difflib.get_close_matches(slug, known, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise UsageError(
            f"--municipality: no municipality {slug!r}; {hint}known: {', '.join(known) or 'none'}"
        )
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
            f"{option} must be a date such as 2027-02-01 or 01.02.2027 (got {text!r})"
        ) from None
    return in_planned_years(day, option, text)

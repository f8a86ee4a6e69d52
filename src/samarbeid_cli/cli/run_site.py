"""The steps of `site`: load, plan the pages and feeds, render, write the folder at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from samarbeid_cli.cli.run_documents import Session
from samarbeid_cli.delivery import history as issue_history
from samarbeid_cli.delivery.writing import check_output_folder, write_all
from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.renderers import calendar_files
from samarbeid_cli.renderers import site as render
from samarbeid_cli.services import site as plan
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period

SITE_MARKER = ".samarbeid-site"
MARKER_TEXT = b"This folder is built by 'samarbeid site' and replaced whole by the next build.\n"


def run(
    *,
    data_dir: Path,
    municipality: str,
    out: Path,
    periods: list[str],
    school_year: bool,
    stamp: dt.datetime,
    today: dt.date,
    history_file: Path | None = None,
) -> None:
    """Run `samarbeid site` (see its help)."""
    check_output_folder(out, "--out")
    chosen = (
        sorted({Period.parse(text) for text in periods}) if periods else plan.feed_periods(today)
    )
    session = Session(data_dir, municipality)
    workspace = session.workspace
    record = workspace.municipalities[municipality]
    years = range(chosen[0].year - 1, chosen[-1].year + 2)
    calendar = Calendar(record, workspace.municipality_files[municipality], tuple(years))
    shown, other = plan.wheel_spans(today, school_year)
    site = plan.site(
        municipality, record, workspace.arenas_of(municipality), chosen, calendar, shown, other
    )
    # Read only (see delivery.issuing): a feed carries the SEQUENCE that an invitation of the
    # same content carries, one up where the data changed since the last issue.
    history_file = history_file or issue_history.history_path(data_dir, municipality)
    recorded = issue_history.load(history_file).issued()
    issued = calendar_files.issue_state(
        [series for feed in site.feeds for series in feed.series], record, recorded
    )
    files = render.files(site, record.malform, stamp, issued, session.overrides)
    files[SITE_MARKER] = MARKER_TEXT
    # The site is rebuilt whole: a page or feed of an arena that is gone must go too. Only a
    # folder samarbeid built (it has the marker) or an empty one is replaced.
    if out.is_dir() and any(out.iterdir()) and not (out / SITE_MARKER).is_file():
        raise UsageError(
            _(
                "--out {path}: holds files that are not a samarbeid site, and the site replaces "
                "its folder as a whole; give an empty or new folder"
            ).format(path=out)
        )
    write_all({out / name: content for name, content in files.items()}, replace=[out])
    typer.echo(_("wrote {count} files to {path}").format(count=len(files), path=out), err=True)

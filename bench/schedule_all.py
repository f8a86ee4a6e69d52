"""Schedule every arena of every municipality for one half-year, in one process.

    python bench/schedule_all.py DATA_DIR --period 2027-H1

Loads the data folder once (as `schedule` does: valid data or exit 1), then computes each
municipality's series with the same library calls `samarbeid schedule` makes. Prints one
line: municipalities, arenas, meetings. This stands in for a `schedule --municipality all`
until the CLI has one; bench/run.py names the command in one place (SCHEDULE_ALL) so it is
a one-line switch.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from samarbeid_cli.errors import SamarbeidError
from samarbeid_cli.loading.workspace import load_valid
from samarbeid_cli.services.closed_days import Calendar
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.schedule import Series, schedule


def schedule_all(data_dir: Path, period: Period) -> dict[str, list[Series]]:
    """Every municipality's series for `period`, by municipality slug."""
    workspace = load_valid(data_dir).workspace
    years = (period.year - 1, period.year, period.year + 1)
    return {
        slug: schedule(
            slug,
            workspace.arenas_of(slug),
            period,
            Calendar(municipality, workspace.municipality_files[slug], years),
        )
        for slug, municipality in workspace.municipalities.items()
    }


def main(argv: list[str] | None = None) -> int:
    """Run from the command line; 0 on success, 1 on invalid data."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--period", default="2027-H1")
    args = parser.parse_args(argv)
    try:
        result = schedule_all(args.data_dir, Period.parse(args.period))
    except SamarbeidError as err:
        print(f"schedule_all: {err}", file=sys.stderr)
        return 1
    arenas = sum(len(series) for series in result.values())
    meetings = sum(len(one.meetings) for series in result.values() for one in series)
    print(f"{len(result)} municipalities, {arenas} arenas, {meetings} meetings in {args.period}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How `conflicts` shows double bookings: a line per pair, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.services.conflicts import Booking, Conflict
from samarbeid_cli.services.periods import Period


def _booking(booking: Booking) -> dict[str, str]:
    return {
        "arena": booking.series,
        "routine": booking.routine,
        "name": booking.name,
        "start": booking.start.isoformat(),
        "end": booking.end.isoformat(),
    }


def as_json(conflicts: Sequence[Conflict]) -> str:
    """A list of `{"first", "second", "shared"}`; each meeting as {arena, routine, name, start,
    end}, `shared` as `role:<slug>` / `service:<slug>`."""
    return json.dumps(
        [
            {
                "first": _booking(conflict.first),
                "second": _booking(conflict.second),
                "shared": list(conflict.shared),
            }
            for conflict in conflicts
        ],
        ensure_ascii=False,
        indent=2,
    )


def to_terminal(
    console: Console, conflicts: Sequence[Conflict], municipality: str, period: Period
) -> None:
    """One line per double booking, then a count."""
    for conflict in conflicts:
        first, second = conflict.first, conflict.second
        console.print(
            f"{first.start:%Y-%m-%d %H:%M}-{first.end:%H:%M} [bold]{escape(first.series)}[/bold]"
            f" overlaps {second.start:%H:%M}-{second.end:%H:%M} "
            f"[bold]{escape(second.series)}[/bold]: {escape(', '.join(conflict.shared))}"
        )
    noun = "double booking" if len(conflicts) == 1 else "double bookings"
    console.print(f"{len(conflicts)} {noun} in {municipality} {period}.")

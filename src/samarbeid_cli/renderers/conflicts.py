"""How `conflicts` shows double bookings: a line per pair, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.i18n import _, ngettext
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
            _("{first} {first_series} overlaps {second} {second_series}: {shared}").format(
                first=f"{first.start:%Y-%m-%d %H:%M}-{first.end:%H:%M}",
                first_series=f"[bold]{escape(first.series)}[/bold]",
                second=f"{second.start:%H:%M}-{second.end:%H:%M}",
                second_series=f"[bold]{escape(second.series)}[/bold]",
                shared=escape(", ".join(conflict.shared)),
            )
        )
    console.print(
        ngettext(
            "{count} double booking in {municipality} {period}.",
            "{count} double bookings in {municipality} {period}.",
            len(conflicts),
        ).format(count=len(conflicts), municipality=municipality, period=period)
    )

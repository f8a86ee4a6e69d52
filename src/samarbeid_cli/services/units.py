"""Per-unit arenas: one routine ("each school holds its own ressursteam") -> one arena per unit.

Each unit's arena is the routine with the unit's name, place and convener, every role the unit
has its own holder of replaced by the unit's, and (unless the routine says `stagger: false`) its
own slot: every-N-weeks series move one week per unit (then one weekday per round), other
kinds one weekday per unit; past five weekdays a round starts one meeting-length later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from samarbeid_cli.models.arena import Arena, MeetingForm, Participant, Ref
from samarbeid_cli.models.frequency import NO_SERIES, EveryNWeeks
from samarbeid_cli.models.municipality import Municipality, Unit
from samarbeid_cli.models.types import Weekday

UNIT_SEPARATOR = "--"
"""Between the routine's slug and the unit's in a per-unit series' slug: arena slugs never
contain two hyphens in a row, so `skoleteam--julsundet-skole` cannot clash with an arena."""

_WEEKDAYS = list(Weekday)


@dataclass(frozen=True)
class Instance:
    """One arena as it is scheduled: a plain arena, or one unit's instance of a routine."""

    slug: str
    """The arena's slug, or `<arena>--<unit>`: names the UID and the calendar file."""
    routine: str
    """The slug of the arena file."""
    unit: str | None
    arena: Arena


def units_of(arena: Arena, municipality: Municipality) -> list[tuple[str, Unit]]:
    """The units that hold the arena, in the arena's order or else the municipality's."""
    if arena.per_unit is None:
        return []
    if arena.per_unit.units:
        return [
            (slug, municipality.units[slug])
            for slug in arena.per_unit.units
            if slug in municipality.units
        ]
    kinds = set(arena.per_unit.kinds)
    return [(slug, unit) for slug, unit in municipality.units.items() if unit.kind in kinds]


def _swap(ref: Ref, unit: Unit) -> Ref:
    own = unit.roles.get(ref.role) if ref.role is not None else None
    if own is None:
        return ref
    return ref.model_copy(update={"role": own.role, "service": own.service})


def _swap_all(refs: list[Any], unit: Unit) -> list[Any]:
    return [_swap(ref, unit) for ref in refs]


def _staggered(arena: Arena, index: int) -> dict[str, Any]:
    """The frequency and start time of the `index`-th unit's instance."""
    frequency = arena.frequency
    if isinstance(frequency, NO_SERIES) or index == 0 or frequency.weekday is None:
        return {}
    weeks, rest = 0, index
    if isinstance(frequency, EveryNWeeks) and frequency.every_weeks > 1:
        weeks, rest = index % frequency.every_weeks, index // frequency.every_weeks
    days, rounds = rest % len(_WEEKDAYS), rest // len(_WEEKDAYS)
    weekday = frequency.weekday
    shifted = _WEEKDAYS[(weekday.number + days) % len(_WEEKDAYS)]
    update: dict[str, Any] = {"weekday": shifted}
    if isinstance(frequency, EveryNWeeks) and frequency.anchor is not None:
        update["anchor"] = frequency.anchor + dt.timedelta(
            weeks=weeks, days=shifted.number - weekday.number
        )
    changes: dict[str, Any] = {"frequency": frequency.model_copy(update=update)}
    start = arena.meeting.start
    if rounds and start is not None:
        later = dt.datetime.combine(dt.date(2000, 1, 1), start) + arena.duration() * rounds
        changes["meeting"] = arena.meeting.model_copy(update={"start": later.time()})
    return changes


def unit_arena(arena: Arena, unit: Unit, index: int) -> Arena:
    """One unit's instance of a per-unit arena (see the module's docstring)."""
    assert arena.per_unit is not None, "only per-unit arenas have unit instances"
    participants: list[Participant] = _swap_all(list(arena.participants), unit)
    convener = (
        list(unit.leader)
        if arena.per_unit.convener == "unit"
        else _swap_all(list(arena.convener), unit)
    )
    update: dict[str, Any] = {
        "name": f"{arena.name} – {unit.name}",
        "participants": participants,
        "convener": convener,
        "chair": _swap(arena.chair, unit) if arena.chair else None,
        "deputy_chair": _swap(arena.deputy_chair, unit) if arena.deputy_chair else None,
        "agenda": arena.agenda.model_copy(
            update={"prepared_with": _swap_all(list(arena.agenda.prepared_with), unit)}
        ),
    }
    if arena.minutes is not None:
        minutes = arena.minutes
        update["minutes"] = minutes.model_copy(
            update={
                "writer": _swap(minutes.writer, unit) if minutes.writer else None,
                "recipients": _swap_all(list(minutes.recipients), unit),
                "electronic_dispatch": _swap_all(list(minutes.electronic_dispatch), unit),
            }
        )
    meeting = arena.meeting
    if meeting.form is not MeetingForm.digital:
        meeting = meeting.model_copy(update={"location": unit.place, "alternating_locations": []})
    update["meeting"] = meeting
    if arena.per_unit.stagger:
        staggered = _staggered(arena.model_copy(update={"meeting": meeting}), index)
        update.update(staggered)
    return arena.model_copy(update=update).for_unit_calendar(unit.calendar)


def instances(arenas: dict[str, Arena], municipality: Municipality) -> list[Instance]:
    """Every arena to schedule: plain arenas as they are, per-unit arenas once per unit."""
    result = []
    for slug, arena in arenas.items():
        if arena.per_unit is None:
            result.append(Instance(slug, slug, None, arena))
            continue
        for index, (unit_slug, unit) in enumerate(units_of(arena, municipality)):
            result.append(
                Instance(
                    f"{slug}{UNIT_SEPARATOR}{unit_slug}",
                    slug,
                    unit_slug,
                    unit_arena(arena, unit, index),
                )
            )
    return result

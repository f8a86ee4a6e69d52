"""Log-control checklists (seed 004: "kontroll av aktive logger tre ganger i året").

A round is named YYYY-N: the N-th of the year's control months in `log_control.months`. Each
unit gets the municipality's checks and archiving triggers, and, with a consent register, one
line per active log of the unit with its consent status from the sweep.

A unit is named in `log_control.units` as the consent register names it: by a unit's slug
(`solsiden-barnehage`) or name, or by a text of its own ("Helsestasjonen"). The sheet shows the
unit's name and the unit's own leader; where the data names no leader, none is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_date

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.consent import LogStatus, RegisterRow
from samarbeid_cli.models.municipality import LogControl, Municipality, Unit
from samarbeid_cli.services.consent import Problem, Sweep


@dataclass(frozen=True)
class Round:
    """One control round."""

    year: int
    number: int
    month: int

    def __str__(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def first_day(self) -> dt.date:
        """The day the round's consent status is judged by."""
        return dt.date(self.year, self.month, 1)

    def name(self, malform: str) -> str:
        """ "Runde 1, februar 2027": the round as the checklist and the årshjul name it (the
        word is the same in bokmål and nynorsk, the month is the målform's)."""
        month = format_date(self.first_day, "LLLL y", locale=malform)
        return f"Runde {self.number}, {month}"


def named_round(control: LogControl, text: str) -> Round:
    """The round `--round YYYY-N` names.

    Raises:
        UsageError: Not YYYY-N, or N beyond the rounds of the year.
    """
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    months = sorted(control.months)
    if not match:
        raise UsageError(
            _("--round must be YYYY-N such as 2027-1 (got {text})").format(text=repr(text))
        )
    number = int(match[2])
    if not 1 <= number <= len(months):
        raise UsageError(
            _("--round: {year} has rounds 1 to {last} (months {months}), not {number}").format(
                year=match[1],
                last=len(months),
                months=", ".join(str(month) for month in months),
                number=number,
            )
        )
    return Round(int(match[1]), number, months[number - 1])


def round_on_or_after(control: LogControl, day: dt.date) -> Round:
    """The round in `day`'s month, or the next one."""
    months = sorted(control.months)
    for number, month in enumerate(months, start=1):
        if month >= day.month:
            return Round(day.year, number, month)
    return Round(day.year + 1, 1, months[0])


@dataclass(frozen=True)
class LogLine:
    """An active log of the unit and what the sweep found about it."""

    log_id: str
    holder: str
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class UnitChecklist:
    """The checklist of one unit for one round."""

    unit: str
    """The unit's name."""
    round: Round
    responsible: tuple[str, ...]
    """The unit's own leader (roles or services); empty where the data names none."""
    checks: tuple[str, ...]
    archiving_triggers: tuple[str, ...]
    logs: tuple[LogLine, ...] | None


def unit_of(municipality: Municipality, text: str) -> Unit | None:
    """The unit of the municipality that `text` names, by its slug or its name."""
    wanted = text.strip().casefold()
    for slug, unit in municipality.units.items():
        if wanted in (slug.casefold(), unit.name.casefold()):
            return unit
    return None


def unit_name(municipality: Municipality, text: str) -> str:
    """The unit's name for a register's or the data's unit text; the text where no unit has it."""
    unit = unit_of(municipality, text)
    return unit.name if unit is not None else text


@dataclass(frozen=True)
class ControlUnit:
    """A unit that gets a checklist: its name, its leader, and the texts a register may use."""

    name: str
    leaders: tuple[str, ...]
    spellings: frozenset[str]


def units_of(municipality: Municipality, control: LogControl) -> list[ControlUnit]:
    """The units named in the data, else one per responsible role (led by that role)."""
    from samarbeid_cli.services.invitations import display_name

    if not control.units:
        result = []
        for ref in control.responsible:
            name = municipality.roles[ref.role].name if ref.role in municipality.roles else ref.role
            result.append(ControlUnit(name, (name,), frozenset({name.casefold()})))
        return result
    units = []
    for entry in control.units:
        text = entry.name
        own = tuple(display_name(ref, municipality) for ref in entry.leader)
        unit = unit_of(municipality, text)
        if unit is None:
            units.append(ControlUnit(text, own, frozenset({text.casefold()})))
            continue
        slugs = {slug for slug, known in municipality.units.items() if known is unit}
        units.append(
            ControlUnit(
                unit.name,
                own or tuple(display_name(ref, municipality) for ref in unit.leader),
                frozenset({text.casefold(), unit.name.casefold(), *slugs}),
            )
        )
    return units


def checklists(
    municipality: Municipality,
    control: LogControl,
    chosen: Round,
    unit: str | None,
    register: list[RegisterRow] | None,
    sweep: Sweep | None,
) -> list[UnitChecklist]:
    """A checklist for every unit (or only `unit`), with the register's logs when given.

    Raises:
        UsageError: `unit` is none of the units.
    """
    units = units_of(municipality, control)
    if unit is not None:
        matching = [known for known in units if unit.strip().casefold() in known.spellings]
        if not matching:
            raise UsageError(
                _("--unit: no unit {unit}; the units are: {value}").format(
                    unit=repr(unit), value=", ".join(known.name for known in units)
                )
            )
        units = matching
    result = []
    for known in units:
        logs = None
        if register is not None and sweep is not None:
            active: dict[str, str] = {}
            closed = {
                row.record.log_id for row in register if row.record.log_status is LogStatus.closed
            }
            for row in register:
                record = row.record
                if record.unit.strip().casefold() in known.spellings and (
                    record.log_id not in closed
                ):
                    active.setdefault(record.log_id, record.holder)
            logs = tuple(
                LogLine(
                    log_id,
                    holder,
                    tuple(f.problem for f in sweep.findings if f.log_id == log_id),
                )
                for log_id, holder in sorted(active.items())
            )
        result.append(
            UnitChecklist(
                known.name,
                chosen,
                known.leaders,
                tuple(control.checks),
                tuple(control.archiving_triggers),
                logs,
            )
        )
    return result

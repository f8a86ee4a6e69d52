"""Log-control checklists (seed 004: "kontroll av aktive logger tre ganger i året").

A round is named YYYY-N: the N-th of the year's control months in `log_control.months`. Each
unit gets the municipality's checks and archiving triggers, and, with a consent register, one
line per active log of the unit with its consent status from the sweep.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.consent import LogStatus, RegisterRow
from samarbeid_cli.models.municipality import LogControl, Municipality
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
    round: Round
    responsible: tuple[str, ...]
    checks: tuple[str, ...]
    archiving_triggers: tuple[str, ...]
    logs: tuple[LogLine, ...] | None


def units_of(municipality: Municipality, control: LogControl) -> list[str]:
    """The units named in the data, else one per responsible role."""
    if control.units:
        return list(control.units)
    return [
        municipality.roles[ref.role].name if ref.role in municipality.roles else ref.role
        for ref in control.responsible
    ]


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
        matching = [name for name in units if name.casefold() == unit.casefold()]
        if not matching:
            raise UsageError(
                _("--unit: no unit {unit}; the units are: {value}").format(
                    unit=repr(unit), value=", ".join(units)
                )
            )
        units = matching
    responsible = tuple(
        municipality.roles[ref.role].name if ref.role in municipality.roles else ref.role
        for ref in control.responsible
    )
    result = []
    for name in units:
        logs = None
        if register is not None and sweep is not None:
            active: dict[str, str] = {}
            closed = {
                row.record.log_id for row in register if row.record.log_status is LogStatus.closed
            }
            for row in register:
                record = row.record
                if record.unit.casefold() == name.casefold() and record.log_id not in closed:
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
                name,
                chosen,
                responsible,
                tuple(control.checks),
                tuple(control.archiving_triggers),
                logs,
            )
        )
    return result

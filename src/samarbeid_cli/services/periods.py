"""Half-years: H1 is 1 January-30 June, H2 is 1 July-31 December."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.types import FIRST_YEAR, LAST_YEAR

__all__ = ["FIRST_YEAR", "LAST_YEAR", "Period", "coming_period"]


@dataclass(frozen=True, order=True)
class Period:
    """A half-year, such as 2027-H1."""

    year: int
    half: Literal[1, 2]

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read `YYYY-H1` or `YYYY-H2`.

        Raises:
            UsageError: The text is not such a period.
        """
        match = re.fullmatch(r"(\d{4})-[Hh]([12])", text.strip())
        if not match:
            raise UsageError(
                _("--period must look like 2027-H1 or 2026-H2 (got {text})").format(text=repr(text))
            )
        if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise UsageError(
                _("--period must be a half-year from {first}-H1 to {last}-H2 (got {text})").format(
                    first=FIRST_YEAR, last=LAST_YEAR, text=repr(text)
                )
            )
        half: Literal[1, 2] = 1 if match[2] == "1" else 2
        return cls(int(match[1]), half)

    @property
    def first_day(self) -> dt.date:
        """1 January or 1 July."""
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> dt.date:
        """30 June or 31 December."""
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    def following(self) -> Period:
        """The half-year after this one."""
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)

    def school_year_key(self) -> str:
        """The school year this half-year belongs to: 2027-H1 -> '2026-27', 2027-H2 -> '2027-28'."""
        start = self.year - 1 if self.half == 1 else self.year
        return f"{start}-{(start + 1) % 100:02d}"

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"


def coming_period(today: dt.date) -> Period:
    """The half-year a coordinator sends the series for: in June the autumn, in December
    the spring (seed 000: "i juni og desember for kommende halvår").

    Raises:
        UsageError: That half-year lies after the last year samarbeid plans for.
    """
    coming = Period(today.year, 2) if today.month <= 6 else Period(today.year + 1, 1)
    if coming.year > LAST_YEAR:
        raise UsageError(
            _(
                "--today {today}: the coming half-year would be {coming}, after {last}-H2, the "
                "last one samarbeid plans for; give --today {last}-06-30 or earlier"
            ).format(today=today.isoformat(), coming=coming, last=LAST_YEAR)
        )
    return coming

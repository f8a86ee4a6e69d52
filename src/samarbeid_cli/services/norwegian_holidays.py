"""Norway's public holidays, worked out from the date of Easter.

The days the Act on public holidays (lov om helligdager og helligdagsfred) names, with 1 May
and 17 May from 1947 (lov om 1. og 17. mai som høgtidsdager), named as the `holidays`
package names them in Norwegian: the same table, without importing that package's 250
countries, which cost a quarter of `validate` on a small data folder (issue 19).
tests/test_norwegian_holidays.py holds the two side by side.
"""

from __future__ import annotations

import datetime as dt

from dateutil.easter import easter

_DELIMITER = "; "
"""Between the names of two holidays on one day, in alphabetical order (`holidays` does so)."""


def public_holidays(year: int) -> list[tuple[dt.date, str]]:
    """Every public holiday of `year` and its Norwegian name, by date; two on one day (17 May
    on Whit Monday) are one entry with both names."""
    sunday = easter(year)
    days = [
        (dt.date(year, 1, 1), "Første nyttårsdag"),
        (sunday - dt.timedelta(days=3), "Skjærtorsdag"),
        (sunday - dt.timedelta(days=2), "Langfredag"),
        (sunday, "Første påskedag"),
        (sunday + dt.timedelta(days=1), "Andre påskedag"),
        (sunday + dt.timedelta(days=39), "Kristi himmelfartsdag"),
        (sunday + dt.timedelta(days=49), "Første pinsedag"),
        (sunday + dt.timedelta(days=50), "Andre pinsedag"),
        (dt.date(year, 12, 25), "Første juledag"),
        (dt.date(year, 12, 26), "Andre juledag"),
    ]
    if year >= 1947:
        days += [(dt.date(year, 5, 1), "Arbeidernes dag"), (dt.date(year, 5, 17), "Grunnlovsdag")]
    names: dict[dt.date, set[str]] = {}
    for day, name in days:
        names.setdefault(day, set()).add(name)
    return [(day, _DELIMITER.join(sorted(names[day]))) for day in sorted(names)]

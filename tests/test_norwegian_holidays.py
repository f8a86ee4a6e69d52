"""The public holidays samarbeid works out are the `holidays` package's, day for day and name
for name (issue 19: the package is no longer imported to schedule)."""

from __future__ import annotations

import pytest

from samarbeid_cli.models.types import LAST_YEAR
from samarbeid_cli.services.closed_days import _norwegian_holidays
from samarbeid_cli.services.norwegian_holidays import public_holidays

holidays = pytest.importorskip("holidays")


@pytest.mark.parametrize("year", range(1901, LAST_YEAR + 1))
def test_every_year_matches_the_holidays_package(year: int) -> None:
    """From 1901 (before 1947 without 1 and 17 May) to the last year samarbeid plans for;
    the package lists nothing outside 1901-2100, where the law goes on."""
    norway = holidays.country_holidays("NO", years=year, language="no", include_sundays=False)
    assert public_holidays(year) == [(day, str(name)) for day, name in sorted(norway.items())]


def test_several_years_are_one_table_by_date() -> None:
    years = (2026, 2027, 2028)
    norway = holidays.country_holidays("NO", years=years, language="no", include_sundays=False)
    assert list(_norwegian_holidays(years)) == [
        (day, str(name)) for day, name in sorted(norway.items())
    ]
    # Whit Monday on Constitution Day: one day, both names.
    assert ("Andre pinsedag; Grunnlovsdag") in dict(_norwegian_holidays(years)).values()

"""Dates, times and the few fixed words of terminal output, in bokmål or nynorsk (Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from samarbeid_cli.services.periods import Period

_WORDS = {
    "nb": {
        "clock": "kl.",
        "moved": "flyttet fra {date} ({reason})",
        "on_demand": "ved behov: ingen fast møterekke",
        "no_meetings": "ingen møter i perioden",
        "shortfall": "fant bare {found} ledige {weekday}er i terminen (ønsket {wanted})",
        "half_1": "første halvår {year} (januar–juni)",
        "half_2": "andre halvår {year} (juli–desember)",
    },
    "nn": {
        "clock": "kl.",
        "moved": "flytta frå {date} ({reason})",
        "on_demand": "ved behov: inga fast møterekkje",
        "no_meetings": "ingen møte i perioden",
        "shortfall": "fann berre {found} ledige {weekday}ar i terminen (ønskte {wanted})",
        "half_1": "første halvår {year} (januar–juni)",
        "half_2": "andre halvår {year} (juli–desember)",
    },
}


def word(malform: str, key: str, **values: object) -> str:
    """A fixed phrase in the municipality's written standard."""
    return _WORDS[malform][key].format(**values)


def day_text(day: dt.date, malform: str) -> str:
    """ "fredag 8. januar 2027"."""
    return format_date(day, "EEEE d. MMMM y", locale=malform)


def weekday_name(day: dt.date, malform: str) -> str:
    """ "fredag"."""
    return format_date(day, "EEEE", locale=malform)


def meeting_text(start: dt.datetime, end: dt.datetime, malform: str) -> str:
    """ "fredag 8. januar 2027 kl. 08.30–09.30", in the meeting's own wall-clock time."""
    return (
        f"{day_text(start.date(), malform)} {word(malform, 'clock')} "
        f"{format_time(start.time(), 'HH.mm', locale=malform)}–"
        f"{format_time(end.time(), 'HH.mm', locale=malform)}"
    )


def period_text(period: Period, malform: str) -> str:
    """ "første halvår 2027 (januar–juni)"."""
    return word(malform, f"half_{period.half}", year=period.year)

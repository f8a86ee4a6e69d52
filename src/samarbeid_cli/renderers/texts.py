"""Dates, times and the few fixed words of terminal output, in bokmål or nynorsk (Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from samarbeid_cli.models.frequency import (
    EveryNWeeks,
    Frequency,
    FrequencyNotStated,
    Monthly,
    OnDemand,
    PerTerm,
    PerYear,
    Weekly,
)
from samarbeid_cli.services.periods import Period
from samarbeid_cli.services.sequence import Change

_WORDS = {
    "nb": {
        "clock": "kl.",
        "new_date": "Ny dato: {now} (var {before}).",
        "new_first_date": "Første møte: {now} (var {before}).",
        "new_time": "Nytt klokkeslett: {now} (var {before}).",
        "new_place": "Nytt sted: {now} (var {before}).",
        "no_place": "ikke oppgitt",
        "moved": "flyttet fra {date} ({reason})",
        "on_demand": "ved behov: ingen fast møterekke",
        "no_meetings": "ingen møter i perioden",
        "shortfall": "fant bare {found} ledige {weekday}er i terminen (ønsket {wanted})",
        "half_1": "første halvår {year} (januar–juni)",
        "half_2": "andre halvår {year} (juli–desember)",
        "chosen": "førstkommende halvår per {date}",
        "every_week": "hver uke på {days}",
        "every_other_week": "annenhver uke på {days}",
        "every_n_weeks": "hver {n}. uke på {days}",
        "monthly": "den {n}. {day}en i hver måned",
        "monthly_last": "den siste {day}en i hver måned",
        "per_term": "{spring} møter om våren og {autumn} om høsten, på {days}",
        "range": "{low}–{high} møter i året, på {days}",
        "on_demand_short": "ved behov",
        "not_stated": "møtefrekvens ikke fastsatt",
        "no_day": "ukedag ikke fastsatt",
        "per_year": "{count} møter i året, fordelt over årets åpne uker (utledet), på {days}",
        "undecided": "ikke planlagt: {fields} ikke fastsatt",
        "details_missing": "ikke planlagt: detaljer mangler",
        "frequency.weekday": "ukedag",
        "frequency.week": "uke i måneden",
        "frequency.anchor": "datoen møterekken følger",
        "monthly_no_week": "en gang i måneden på {day}, uke i måneden ikke fastsatt",
        "meeting.start": "starttid",
        "days": "mandager tirsdager onsdager torsdager fredager",
        "answer_accepted": "kommer",
        "answer_tentative": "kanskje",
        "answer_declined": "forfall",
        "answer_none": "ikke svart",
        "nobody_invited": "ingen er invitert (ingen adresser), så ingen kan svare",
    },
    "nn": {
        "clock": "kl.",
        "new_date": "Ny dato: {now} (var {before}).",
        "new_first_date": "Første møte: {now} (var {before}).",
        "new_time": "Nytt klokkeslett: {now} (var {before}).",
        "new_place": "Ny stad: {now} (var {before}).",
        "no_place": "ikkje oppgitt",
        "moved": "flytta frå {date} ({reason})",
        "on_demand": "ved behov: inga fast møterekkje",
        "no_meetings": "ingen møte i perioden",
        "shortfall": "fann berre {found} ledige {weekday}ar i terminen (ønskte {wanted})",
        "half_1": "første halvår {year} (januar–juni)",
        "half_2": "andre halvår {year} (juli–desember)",
        "chosen": "førstkomande halvår per {date}",
        "every_week": "kvar veke på {days}",
        "every_other_week": "annakvar veke på {days}",
        "every_n_weeks": "kvar {n}. veke på {days}",
        "monthly": "den {n}. {day}en i kvar månad",
        "monthly_last": "den siste {day}en i kvar månad",
        "per_term": "{spring} møte om våren og {autumn} om hausten, på {days}",
        "range": "{low}–{high} møte i året, på {days}",
        "on_demand_short": "ved behov",
        "not_stated": "møtefrekvens ikkje fastsett",
        "no_day": "vekedag ikkje fastsett",
        "per_year": "{count} møte i året, fordelte over opne veker i året (utleidd), på {days}",
        "undecided": "ikkje planlagt: {fields} ikkje fastsett",
        "details_missing": "ikkje planlagt: detaljar manglar",
        "frequency.weekday": "vekedag",
        "frequency.week": "veke i månaden",
        "frequency.anchor": "datoen møterekkja følgjer",
        "monthly_no_week": "ein gong i månaden på {day}, veke i månaden ikkje fastsett",
        "meeting.start": "starttid",
        "days": "måndagar tysdagar onsdagar torsdagar fredagar",
        "answer_accepted": "kjem",
        "answer_tentative": "kanskje",
        "answer_declined": "forfall",
        "answer_none": "ikkje svart",
        "nobody_invited": "ingen er invitert (ingen adresser), så ingen kan svare",
    },
}


def word(malform: str, key: str, **values: object) -> str:
    """A fixed phrase in the municipality's written standard."""
    return _WORDS[malform][key].format(**values)


def undecided_text(fields: tuple[tuple[str, ...], ...], malform: str) -> str:
    """ "ikke planlagt: ukedag og starttid ikke fastsatt"; "ikke planlagt: detaljer mangler"
    for an arena whose details are not written yet."""
    if ("details",) in fields:
        return word(malform, "details_missing")
    names = [word(malform, ".".join(field)) for field in fields]
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} og {names[-1]}"
    return word(malform, "undecided", fields=joined)


def day_text(day: dt.date, malform: str) -> str:
    """ "fredag 8. januar 2027"."""
    return format_date(day, "EEEE d. MMMM y", locale=malform)


def message_day(day: dt.date) -> str:
    """ "12. februar 2027" (nb, nn), "12 February 2027" (en): a day in words in the language
    samarbeid's messages speak (`i18n.current`), not in the municipality's målform."""
    from samarbeid_cli import i18n

    lang = i18n.current()
    if lang in ("nb", "nn"):
        return format_date(day, "d. MMMM y", locale=lang)
    return format_date(day, "d MMMM y", locale="en")


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


def change_text(change: Change, malform: str, *, lone: bool) -> str:
    """ "Nytt klokkeslett: 09.00 (var 08.30).": what a re-issue changed, in one line. For a
    series (`lone` False) the date is its first meeting's."""
    parts = []
    if change.date is not None:
        before, now = (day_text(day, malform) for day in change.date)
        parts.append(
            word(malform, "new_date" if lone else "new_first_date", now=now, before=before)
        )
    if change.time is not None:
        before, now = (format_time(time, "HH.mm", locale=malform) for time in change.time)
        parts.append(word(malform, "new_time", now=now, before=before))
    if change.place is not None:
        before, now = (place or word(malform, "no_place") for place in change.place)
        parts.append(word(malform, "new_place", now=now, before=before))
    return " ".join(parts)


def period_text(period: Period, malform: str) -> str:
    """ "første halvår 2027 (januar–juni)"."""
    return word(malform, f"half_{period.half}", year=period.year)


def chosen_text(today: dt.date, malform: str) -> str:
    """ "førstkommende halvår per 22. november 2026": why the period was chosen."""
    return word(malform, "chosen", date=format_date(today, "d. MMMM y", locale=malform))


def frequency_text(frequency: Frequency, malform: str) -> str:
    """How often an arena meets, in words, for an arena whose data gives no `text`."""
    if isinstance(frequency, OnDemand):
        return word(malform, "on_demand_short")
    if isinstance(frequency, FrequencyNotStated):
        return word(malform, "not_stated")
    weekday = frequency.weekday
    days = (
        word(malform, "no_day")
        if weekday is None
        else word(malform, "days").split()[weekday.number]
    )
    if isinstance(frequency, PerYear):
        return word(malform, "per_year", count=frequency.per_year, days=days)
    if isinstance(frequency, Weekly) or (
        isinstance(frequency, EveryNWeeks) and frequency.every_weeks == 1
    ):
        return word(malform, "every_week", days=days)
    if isinstance(frequency, EveryNWeeks):
        if frequency.every_weeks == 2:
            return word(malform, "every_other_week", days=days)
        return word(malform, "every_n_weeks", n=frequency.every_weeks, days=days)
    if isinstance(frequency, Monthly):
        # 2024-01-01 is a Monday, so this is the weekday's name.
        day = (
            word(malform, "no_day")
            if weekday is None
            else format_date(dt.date(2024, 1, 1 + weekday.number), "EEEE", locale=malform)
        )
        if frequency.week is None:
            return word(malform, "monthly_no_week", day=day)
        if frequency.week == "last":
            return word(malform, "monthly_last", day=day)
        return word(malform, "monthly", n=frequency.week, day=day)
    if isinstance(frequency, PerTerm):
        return word(
            malform, "per_term", spring=frequency.spring, autumn=frequency.autumn, days=days
        )
    return word(
        malform, "range", low=frequency.min_per_year, high=frequency.max_per_year, days=days
    )

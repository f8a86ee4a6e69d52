"""How often an arena meets: one record kind per way the seeds write it.

Every kind keeps the seed's own wording in `text`, for display; the other fields are what the
scheduler computes from.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from samarbeid_cli.i18n import _
from samarbeid_cli.models.types import (
    DAY_NAMES,
    DateRange,
    IsoDate,
    Month,
    PositiveInt,
    Record,
    Weekday,
    or_not_stated,
)

PER_YEAR_HELP = (
    "The number of meetings a year the source states ('8 ganger i året'); validate warns, per "
    "school year, when the schedule gives a different number."
)


MAX_WEEKS = 52
"""A year's weeks: no rule meets less often than every 52 weeks or more often than once a week
(per_term and range spread their meetings over one weekday, one meeting a week at most)."""
MAX_PER_TERM = 26
"""The weeks of a term (January-June, August-December), so the meetings one weekday can hold."""


class Window(Record):
    """ "overføringsmøte i april-mai": the months (every year) or dates a rule's meetings
    are spread in."""

    months: list[Month] = Field(default_factory=list, description="E.g. [4, 5] for April-May.")
    dates: list[DateRange] = Field(
        default_factory=list, description="Date ranges, e.g. {start: 2027-04-12, end: 2027-05-28}."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Window:
        if not self.months and not self.dates:
            raise ValueError(_("needs months or dates"))
        return self

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return day.month in self.months or any(span.start <= day <= span.end for span in self.dates)


_WEEKDAY_NAMES: dict[str, Weekday] = {
    **{day.value: day for day in Weekday},
    "mandag": Weekday.monday,
    "måndag": Weekday.monday,
    "tirsdag": Weekday.tuesday,
    "tysdag": Weekday.tuesday,
    "onsdag": Weekday.wednesday,
    "torsdag": Weekday.thursday,
    "fredag": Weekday.friday,
}
"""English, bokmål and nynorsk names of the meeting days, as the seeds and coordinators write
them (the frequency texts say "på fredager", "kvar tredje tysdag")."""
_WEEKEND = ("saturday", "sunday", "lørdag", "laurdag", "søndag", "sundag")


def _weekday(value: Any) -> Any:
    """`fredag`, `Tysdag` or `friday` -> Weekday.friday; a misspelt name suggests the nearest."""
    if not isinstance(value, str):
        return value
    text = value.strip().lower()
    if text in _WEEKDAY_NAMES:
        return _WEEKDAY_NAMES[text]
    # Plurals as the frequency texts write them: "fredager", "torsdagar", "fridays".
    for ending in ("er", "ar", "s"):
        if text.endswith(ending) and text.removesuffix(ending) in _WEEKDAY_NAMES:
            return _WEEKDAY_NAMES[text.removesuffix(ending)]
    if text in _WEEKEND:
        raise ValueError(
            _("{day} is a weekend day; arenas meet Monday to Friday (mandag–fredag)").format(
                day=repr(value.strip())
            )
        )
    close = difflib.get_close_matches(text, [*_WEEKDAY_NAMES, *_WEEKEND], n=1, cutoff=0.6)
    hint = (
        _("did you mean {name}? ").format(name=repr(close[0]))
        if close and close[0] not in _WEEKEND
        else ""
    )
    raise ValueError(
        _(
            "unknown weekday {day}; {hint}write monday–friday, or in Norwegian "
            "mandag–fredag (nynorsk måndag, tysdag)"
        ).format(day=repr(value.strip()), hint=hint)
    )


def weekdays_named_in(text: str) -> set[Weekday]:
    """The meeting days a frequency text names ("hver 6. uke på fredager" -> {friday})."""
    found = set()
    for word in re.findall(r"[a-zæøå]+", text.lower()):
        for candidate in (
            word,
            *(word.removesuffix(e) for e in ("er", "ar", "s") if word.endswith(e)),
        ):
            if candidate in _WEEKDAY_NAMES:
                found.add(_WEEKDAY_NAMES[candidate])
    return found


WEEKDAY_HELP = "The meeting day, or not_stated where the source does not say (no series then)."

MeetingDay = Annotated[
    Weekday,
    BeforeValidator(_weekday),
    WithJsonSchema(
        {
            "type": "string",
            "description": "The meeting day in English, bokmål or nynorsk (any case).",
            "enum": list(_WEEKDAY_NAMES),
        }
    ),
]


class EveryNWeeks(Record):
    """ "hver 6. uke på fredager", "kvar tredje tysdag": in step with an anchor date."""

    kind: Literal["every_n_weeks"]
    every_weeks: Annotated[int, Field(ge=1, le=MAX_WEEKS)] = Field(
        description="Weeks between meetings; 1 is weekly, 52 once a year."
    )
    weekday: Annotated[MeetingDay | None, or_not_stated()] = Field(description=WEEKDAY_HELP)
    anchor: Annotated[IsoDate | None, or_not_stated()] = Field(
        description="One date the series meets (or would meet) on; keeps it in step across "
        "half-years. Must fall on `weekday`. not_stated: no series until it is decided."
    )
    text: str | None = Field(default=None, description="The frequency in the source's words.")
    per_year: PositiveInt | None = Field(default=None, description=PER_YEAR_HELP)

    @field_validator("anchor")
    @classmethod
    def _anchor_on_weekday(cls, anchor: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if anchor is None:
            return None
        weekday = info.data.get("weekday")
        if isinstance(weekday, Weekday) and anchor.weekday() != weekday.number:
            raise ValueError(
                _("{anchor} is a {day}, but weekday is {weekday}").format(
                    anchor=anchor.isoformat(),
                    day=_(DAY_NAMES[anchor.weekday()]),
                    weekday=weekday.value,
                )
            )
        if not 2000 <= anchor.year <= 2100:
            raise ValueError(
                _("{anchor} is not a plausible anchor year").format(anchor=anchor.isoformat())
            )
        return anchor


class Weekly(Record):
    """ "kvar veke": every week on one weekday."""

    kind: Literal["weekly"]
    weekday: Annotated[MeetingDay | None, or_not_stated()] = Field(description=WEEKDAY_HELP)
    text: str | None = None
    per_year: PositiveInt | None = Field(default=None, description=PER_YEAR_HELP)


def _week_of_month(value: Any) -> Any:
    """The loader gives every scalar as text: "2" is week 2, "last" stays "last"."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


WeekOfMonth = Annotated[Literal[1, 2, 3, 4, "last"], BeforeValidator(_week_of_month)]


class Monthly(Record):
    """ "månadlege møter (torsdagar)": the nth or last weekday of each month."""

    kind: Literal["monthly"]
    weekday: Annotated[MeetingDay | None, or_not_stated()] = Field(description=WEEKDAY_HELP)
    week: Annotated[WeekOfMonth | None, or_not_stated()] = Field(
        description="Which of the month's weekdays: 1-4, or last; not_stated where the source "
        "does not say (no series then)."
    )
    stay_in_month: bool = Field(
        default=True,
        description="When the chosen day is closed, meet on the nearest open same weekday of "
        "that month (else the nearest open weekday of the month); a month is lost only when it "
        "is closed throughout. false: follow on_closed_day within the week.",
    )
    text: str | None = None
    per_year: PositiveInt | None = Field(default=None, description=PER_YEAR_HELP)


class PerTerm(Record):
    """ "6 årlege møter - vår: 3, haust: 3": spread evenly over each school term."""

    kind: Literal["per_term"]
    spring: Annotated[int, Field(ge=0, le=MAX_PER_TERM)] = Field(
        description="Meetings January-June, at most one a week."
    )
    autumn: Annotated[int, Field(ge=0, le=MAX_PER_TERM)] = Field(
        description="Meetings August-December, at most one a week."
    )
    weekday: Annotated[MeetingDay | None, or_not_stated()] = Field(description=WEEKDAY_HELP)
    window: Window | None = Field(
        default=None, description="Spread the meetings only over these months or dates."
    )
    text: str | None = None
    per_year: PositiveInt | None = Field(default=None, description=PER_YEAR_HELP)

    @model_validator(mode="after")
    def _meets_at_all(self) -> PerTerm:
        if self.spring == 0 and self.autumn == 0:
            raise ValueError(
                _(
                    "spring and autumn are both 0, so the arena never meets; give a count, "
                    "or use kind: on_demand"
                )
            )
        return self

    def meetings_in(self, half: Literal[1, 2]) -> int:
        """Meetings in the first (spring) or second (autumn) half of a year."""
        return self.spring if half == 1 else self.autumn


class PerYearRange(Record):
    """ "4-6 møter i året": the lower bound is scheduled as a series, the rest called ad hoc.

    The minimum is what the arena has committed to, so that is what goes in the calendars:
    split over the terms with spring taking the odd one, and spread like `per_term`.
    """

    kind: Literal["range"]
    min_per_year: Annotated[int, Field(ge=1, le=MAX_WEEKS)]
    max_per_year: Annotated[int, Field(ge=1, le=MAX_WEEKS)]
    weekday: Annotated[MeetingDay | None, or_not_stated()] = Field(description=WEEKDAY_HELP)
    window: Window | None = Field(
        default=None, description="Spread the meetings only over these months or dates."
    )
    text: str | None = None
    per_year: PositiveInt | None = Field(default=None, description=PER_YEAR_HELP)

    @field_validator("max_per_year")
    @classmethod
    def _ordered(cls, max_per_year: int, info: ValidationInfo) -> int:
        min_per_year = info.data.get("min_per_year")
        if isinstance(min_per_year, int) and max_per_year < min_per_year:
            raise ValueError(
                _("must be min_per_year ({min_per_year}) or more (got {max_per_year})").format(
                    min_per_year=min_per_year, max_per_year=max_per_year
                )
            )
        return max_per_year

    def meetings_in(self, half: Literal[1, 2]) -> int:
        """Meetings scheduled in the first (spring) or second (autumn) half of a year."""
        autumn = self.min_per_year // 2
        return self.min_per_year - autumn if half == 1 else autumn


class PerYear(Record):
    """ "8 ganger i året": a yearly count alone, spread by samarbeid over the school year's
    open weeks (the calendar year for an arena not bound to school). The split into autumn
    and spring is derived, not the source's, and shown as such."""

    kind: Literal["per_year"]
    per_year: Annotated[int, Field(ge=1, le=MAX_WEEKS)] = Field(
        description="The meetings a year the source states; at most one a week."
    )
    weekday: Annotated[MeetingDay | None, or_not_stated()] = Field(
        default=None, description=WEEKDAY_HELP
    )
    window: Window | None = Field(
        default=None, description="Spread the meetings only over these months or dates."
    )
    text: str | None = None


class OnDemand(Record):
    """ "ved behov", "koordinator avtalar nytt møte": no series, but the arena exists. The
    source must say so; a frequency it does not give is `not_stated`."""

    kind: Literal["on_demand"]
    text: str | None = None


class FrequencyNotStated(Record):
    """The source gives no frequency: no series, and documents say it is not decided (never
    "ved behov", which the source must say)."""

    kind: Literal["not_stated"]
    text: str | None = None


def _kind_of_a_yearly_count(value: Any) -> Any:
    """`frequency: {per_year: 8}` with no kind is a yearly count to spread (`kind: per_year`)."""
    if isinstance(value, dict) and "kind" not in value and "per_year" in value:
        return {"kind": "per_year", **value}
    return value


Frequency = Annotated[
    EveryNWeeks
    | Weekly
    | Monthly
    | PerTerm
    | PerYearRange
    | PerYear
    | OnDemand
    | FrequencyNotStated,
    Field(discriminator="kind"),
    BeforeValidator(_kind_of_a_yearly_count),
]

NO_SERIES = (OnDemand, FrequencyNotStated)
"""The kinds that give no series: met on demand, or not stated."""

FREQUENCY_KINDS = (
    "every_n_weeks",
    "weekly",
    "monthly",
    "per_term",
    "range",
    "per_year",
    "on_demand",
    "not_stated",
)

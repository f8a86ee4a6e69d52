"""Shared field types: each rule about a value's shape is written once, here.

The YAML loader hands every scalar over as text (see `loading.yaml_source`), so these types
decide what `0301`, `8:30` or `2026-08-21` mean, not YAML 1.1.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue

from samarbeid_cli.i18n import N_, _
from samarbeid_cli.models.characters import CONTROL

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
"""English, for the catalogue: pass one through `_()` where it is shown."""


class Record(BaseModel):
    """Base of every data record: unknown keys are errors and records never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _text_only(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(_("must be {what}").format(what=what))
    return value.strip()


def is_slug(text: str) -> bool:
    """Whether all of `text` is a slug (`re.match` with `$` would let a trailing newline in)."""
    return re.fullmatch(SLUG_PATTERN, text) is not None


def _slug(value: Any) -> str:
    text = _text_only(value, _("a slug such as 'ppt' or 'sektorsjef-oppvekst'"))
    if not is_slug(text):
        raise ValueError(
            _(
                "must be a slug of lowercase a-z, digits and single hyphens, such as "
                "'sektorsjef-oppvekst' (got {text})"
            ).format(text=repr(text))
        )
    return text


Slug = Annotated[
    str,
    BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN}),
]


def _kommunenummer(value: Any) -> str:
    text = _text_only(value, _('a 4-digit kommunenummer in quotes, such as "0301"'))
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(
            _('must be exactly 4 digits, such as "0301" (got {text})').format(text=repr(text))
        )
    return text


KommuneNummer = Annotated[
    str,
    BeforeValidator(_kommunenummer),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}$"}),
]


def _clock_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    text = _text_only(value, _("a clock time such as 08:30"))
    match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", text)
    if not match:
        raise ValueError(
            _("must be a clock time such as 08:30 or 8.30 (got {text})").format(text=repr(text))
        )
    return dt.time(int(match[1]), int(match[2]))


ClockTime = Annotated[
    dt.time,
    BeforeValidator(_clock_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^([01]?\d|2[0-3])[:.][0-5]\d$"}),
]


def _iso_date(value: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = _text_only(value, _("an ISO 8601 date such as 2026-08-21"))
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("is not a real date (got {text})").format(text=repr(text))) from None
    raise ValueError(
        _("must be an ISO 8601 date such as 2026-08-21 (got {text})").format(text=repr(text))
    )


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


FIRST_YEAR = 2000
LAST_YEAR = 2100
"""The years samarbeid plans for. Far outside them date arithmetic fails (the half-year after
9999-H2 has no first day), so dates the user gives are held to them before anything is computed."""


def last_sunday(year: int, month: int) -> dt.date:
    """The last Sunday of the month: the day the EU switches summer time in March and October."""
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


def summer_time_offsets(zone_name: str, year: int) -> tuple[dt.timedelta, dt.timedelta]:
    """The zone's UTC offsets in mid-January and mid-July of `year` (equal: no summer time)."""
    zone = ZoneInfo(zone_name)
    winter = dt.datetime(year, 1, 15, 12, tzinfo=zone).utcoffset()
    summer = dt.datetime(year, 7, 15, 12, tzinfo=zone).utcoffset()
    assert winter is not None and summer is not None
    return winter, summer


def year_off_the_eu_rule(zone_name: str, years: Iterable[int]) -> int | None:
    """The first of `years` in which the zone, whose offsets in the first year decide whether
    it has summer time at all, does not switch at 01:00 UTC on the last Sundays of March and
    October: the only rule a calendar's VTIMEZONE is written in (`renderers.ical`)."""
    years = list(years)
    standard, daylight = summer_time_offsets(zone_name, years[0])
    if standard == daylight:
        return None
    zone = ZoneInfo(zone_name)
    for year in years:
        for month, before, after in ((3, standard, daylight), (10, daylight, standard)):
            switch = dt.datetime.combine(last_sunday(year, month), dt.time(1), tzinfo=dt.UTC)
            if (switch - dt.timedelta(minutes=1)).astimezone(
                zone
            ).utcoffset() != before or switch.astimezone(zone).utcoffset() != after:
                return year
    return None


@functools.cache
def _year_a_calendar_fails(zone_name: str) -> int | None:
    """A planned year for whose calendars the zone's VTIMEZONE cannot be written, if any."""
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if year_off_the_eu_rule(zone_name, [year]) is not None:
            return year
    return None


def _time_zone(value: Any) -> str:
    text = _text_only(value, _("an IANA time zone such as Europe/Oslo"))
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            _("is not a known IANA time zone such as Europe/Oslo (got {text})").format(
                text=repr(text)
            )
        ) from None
    year = _year_a_calendar_fails(text)
    if year is not None:
        raise ValueError(
            _(
                "{text} does not switch summer time on the EU dates in {year}; "
                "samarbeid writes calendars for zones such as Europe/Oslo, or zones "
                "without summer time such as UTC"
            ).format(text=text, year=year)
        )
    return text


TimeZoneName = Annotated[str, BeforeValidator(_time_zone), WithJsonSchema({"type": "string"})]

# One plain address (RFC 5321 dot-atom local part, ASCII domain): no display name, no list, no
# quotes or comments. A roster value such as "slt,attacker@evil.example" would otherwise become a
# second recipient wherever an address list is parsed again.
_LOCAL_PART = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]"
_EMAIL = re.compile(f"{_LOCAL_PART}@{_DOMAIN}")


def is_email(text: str) -> bool:
    """Whether `text` is one plain e-mail address, as the roster's addresses must be."""
    return _EMAIL.fullmatch(text) is not None and len(text) <= 254


def _email(value: Any) -> str:
    text = _text_only(value, _("an e-mail address"))
    if _EMAIL.fullmatch(text) and len(text) <= 254:
        return text
    odd = sorted({c for c in text if c in ',;:()<>[]\\"' or c.isspace() or not c.isascii()})
    hint = (
        f"; it contains {' '.join(repr(c) for c in odd)}: write one plain address, one per "
        "roster entry"
        if odd
        else ""
    )
    raise ValueError(
        _("must be one e-mail address such as ppt@kommune.example.no (got {text}){hint}").format(
            text=repr(text), hint=hint
        )
    )


Email = Annotated[
    str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]


def _age_band(value: Any) -> tuple[int, int]:
    text = _text_only(value, _('an age band such as "0-6"'))
    match = re.fullmatch(r"(\d{1,2})\s*[-–]\s*(\d{1,2})", text)
    if not match:
        raise ValueError(
            _('must be an age band such as "0-6" or "6-18" (got {text})').format(text=repr(text))
        )
    low, high = int(match[1]), int(match[2])
    if low > high:
        raise ValueError(
            _("must go from the lower age to the higher (got {text})").format(text=repr(text))
        )
    return low, high


def _phone(value: Any) -> str:
    text = _text_only(value, 'a phone number such as "71 00 00 00"')
    if not re.fullmatch(r"(\+47 ?)?\d(?: ?\d){7}", text):
        raise ValueError(
            _(
                'must be a Norwegian phone number of 8 digits, such as "71 00 00 00" or '
                '"+47 71 00 00 00" (got {text})'
            ).format(text=repr(text))
        )
    return text


PhoneNumber = Annotated[
    str,
    BeforeValidator(_phone),
    WithJsonSchema({"type": "string", "pattern": r"^(\+47 ?)?\d( ?\d){7}$"}),
]
"""A public phone number (a switchboard, a service's desk), as written."""


AgeBand = Annotated[
    tuple[int, int],
    BeforeValidator(_age_band),
    PlainSerializer(lambda band: f"{band[0]}-{band[1]}", return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}\s*[-–]\s*\d{1,2}$"}),
]


def one_line(value: str) -> str:
    """`value` without surrounding whitespace, if it is one line of text.

    Raises:
        ValueError: It is empty, or holds a line break, tab or other control character.
    """
    text = value.strip()
    if not text:
        raise ValueError(_("must not be empty"))
    if CONTROL.search(text):
        raise ValueError(
            _(
                "must be one line, without line breaks, tabs or control characters (got {text})"
            ).format(text=repr(text))
        )
    return text


Text = Annotated[str, AfterValidator(one_line), Field(min_length=1)]
"""One line of text: a name, a place, a list item such as one task of a mandate.

Surrounding whitespace is dropped, so a folded block (`>`), whose text ends in a line break,
is one line; a line break, tab or other control character inside is refused, since names end
up in e-mail headers and calendar fields where a line break starts a new header. A paragraph
break inside a mandate item is refused too: write two items. The free-text fields typed plain
`str` (`note`, `legal_basis`, a frequency's `text`, ...) may hold line breaks and tabs; every
other control character (CR, NUL, ESC, U+2028, ...) is refused in every value and key by the
loader (`loading.yaml_source`), at its line, whatever the field's type.
"""
PositiveInt = Annotated[int, Field(ge=1)]
Month = Annotated[int, Field(ge=1, le=12)]
Malform = Literal["nb", "nn"]


class Weekday(StrEnum):
    """Meeting weekdays; weekends are not meeting days for municipal arenas."""

    monday = "monday"
    tuesday = "tuesday"
    wednesday = "wednesday"
    thursday = "thursday"
    friday = "friday"

    @property
    def number(self) -> int:
        """Python's weekday number: Monday is 0."""
        return list(Weekday).index(self)


class Level(StrEnum):
    """The three levels the routines sort arenas into (individnivå, systemnivå, tenestenivå)."""

    individ = "individ"
    system = "system"
    tjeneste = "tjeneste"


def as_list(value: Any) -> Any:
    """Let a single item stand where a list is expected (`level: system`)."""
    return [value] if isinstance(value, str | dict) else value


class _OneOrManySchema:
    """JSON Schema for a list that also takes a single item (see `as_list`), so editors and
    schema validators accept `level: system` as the loader does."""

    def __get_pydantic_json_schema__(
        self, core_schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        resolved = handler.resolve_ref_schema(schema)
        if resolved.get("type") == "array" and "items" in resolved:
            return {"anyOf": [resolved["items"], schema]}
        return schema


ONE_OR_MANY = _OneOrManySchema()
"""Put after `BeforeValidator(as_list)` and the list's constraints in an `Annotated`."""


class DateRange(Record):
    """A closed range of dates, both ends included."""

    start: IsoDate
    end: IsoDate

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if isinstance(start, dt.date) and end < start:
            raise ValueError(
                _("must be on or after start ({start}), got {end}").format(
                    start=start.isoformat(), end=end
                )
            )
        return end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end


NOT_STATED = "not_stated"
"""The one spelling, in every field that allows it, of "the source does not say": the value
is a decision still to make, never filled in (`convener: not_stated`, `weekday: not_stated`)."""


class _NotStated:
    """`not_stated` where a value is expected: the field takes `empty` (None or an empty list)
    in the model, and its JSON Schema accepts the word beside the value's own schema."""

    def __init__(self, empty: Any) -> None:
        self.empty = empty

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip() == NOT_STATED:
            return self.empty() if callable(self.empty) else self.empty
        return value

    def __get_pydantic_json_schema__(
        self, core_schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        word = {"const": NOT_STATED, "description": "The source does not say: a decision to make."}
        if list(schema) == ["anyOf"]:
            return {"anyOf": [*schema["anyOf"], word]}
        return {"anyOf": [schema, word]}


def or_not_stated(empty: Any = None) -> Any:
    """An `Annotated` marker: the field may be `not_stated` (see `NOT_STATED`); put it last, so
    it runs before the field's other validators. `empty` is None, or `list` for list fields."""
    marker = _NotStated(empty)
    return _NotStatedValidator(marker)


class _NotStatedValidator(BeforeValidator):
    """A BeforeValidator that also widens the JSON Schema with the word `not_stated`."""

    def __init__(self, marker: _NotStated) -> None:
        super().__init__(marker)
        object.__setattr__(self, "_marker", marker)

    def __get_pydantic_json_schema__(
        self, core_schema: Any, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        marker: _NotStated = object.__getattribute__(self, "_marker")
        return marker.__get_pydantic_json_schema__(core_schema, handler)

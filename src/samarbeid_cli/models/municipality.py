"""A municipality: its services, roles, school calendar and yearly routines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from samarbeid_cli.i18n import _
from samarbeid_cli.models.arena import Ref
from samarbeid_cli.models.defaults import default
from samarbeid_cli.models.types import (
    ONE_OR_MANY,
    DateRange,
    Email,
    IsoDate,
    KommuneNummer,
    Malform,
    Month,
    PositiveInt,
    Record,
    Slug,
    Text,
    TimeZoneName,
    as_list,
    is_email,
)


class Service(Record):
    """A service (tjeneste) that arenas name as participant or minutes recipient."""

    name: Text
    external: bool = Field(default=False, description="Run by another body, e.g. the police.")


class Role(Record):
    """A role (stilling/funksjon); arenas name roles, never people."""

    name: Text
    service: Slug | None = Field(default=None, description="The service the role belongs to.")


class Person(Record):
    """Who holds a role right now, for invitations only."""

    name: Text
    email: Email


Roster = dict[Slug, Annotated[list[Person], BeforeValidator(as_list), ONE_OR_MANY]]


class SchoolYear(Record):
    """One school year of the adopted skolerute.

    Days before `first_day` and after `last_day` count as the summer break.
    """

    first_day: IsoDate
    last_day: IsoDate
    breaks: dict[Text, DateRange] = Field(
        default_factory=dict,
        description="Named breaks in the municipality's own words: høstferie, juleferie, ...",
    )
    planning_days: list[IsoDate] = Field(
        default_factory=list, description="Planleggingsdager: no pupils, staff busy."
    )
    source: str | None = Field(
        default=None, description="Where these dates come from, or that they are assumed."
    )


_SCHOOL_YEAR_KEY = re.compile(r"(\d{4})-(\d{2})")


def _school_year_key(value: Any) -> str:
    match = _SCHOOL_YEAR_KEY.fullmatch(str(value))
    if not match or (int(match[1]) + 1) % 100 != int(match[2]):
        raise ValueError(
            _("must name a school year such as '2026-27' (got {value})").format(value=repr(value))
        )
    return str(value)


SchoolYearKey = Annotated[str, BeforeValidator(_school_year_key)]


def school_year_start(key: str) -> int:
    """The calendar year a school year key such as '2026-27' begins in."""
    return int(key[:4])


class ClosedDays(Record):
    """Extra days the municipality keeps free of meetings (e.g. julaften)."""

    start: IsoDate
    end: IsoDate | None = Field(default=None, description="Last day; defaults to start.")
    reason: Text

    @field_validator("end")
    @classmethod
    def _not_before_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
        # Here, not among the cross-checks: a schema error elsewhere in the file does not
        # hold it back for a second round of validate (issue 18).
        start = info.data.get("start")
        if end is not None and isinstance(start, dt.date) and end < start:
            raise ValueError(
                _("must be on or after start ({start}), got {end}").format(
                    start=start.isoformat(), end=end
                )
            )
        return end

    def covers(self, day: dt.date) -> bool:
        """Whether `day` is one of these closed days."""
        return self.start <= day <= (self.end or self.start)


class Consent(Record):
    """Consent rules for logs such as the Stafettlogg."""

    self_consent_age: Annotated[int, Field(ge=12, le=18)] = Field(
        default=default("consent.self_consent_age"),
        description="From this age youth consent without their parents.",
    )
    renewal_interval_years: PositiveInt = default("consent.renewal_interval_years")


class RoleRef(Record):
    """A pointer to a role of the municipality."""

    role: Slug


def _unit_by_name(value: Any) -> Any:
    """A unit of the log control given as its name alone (`- Barnehage`)."""
    return {"name": value} if isinstance(value, str) else value


class ControlUnit(Record):
    """A unit whose leader controls its logs: a unit's slug or name from `units:`, or a text
    of its own, as the consent register names it."""

    name: Text
    leader: Annotated[list[Ref], BeforeValidator(as_list), ONE_OR_MANY] = Field(
        default_factory=list,
        description="Who controls the unit's logs, e.g. {role: styrere}. Default: the leader of "
        "the unit of `units:` that the name names; else not stated.",
    )


class LogControl(Record):
    """ "kontroll av aktive logger tre ganger i året"."""

    months: list[Month]
    responsible: list[RoleRef] = Field(default_factory=list)
    checks: list[Text] = Field(default_factory=list)
    archiving_triggers: list[Text] = Field(
        default_factory=list, description="When the log holder archives a printout of the log."
    )
    units: list[Annotated[ControlUnit, BeforeValidator(_unit_by_name)]] = Field(
        default_factory=list,
        description="The units that each get a checklist, named as the consent register names "
        "them: a name, or {name, leader}. Default: one per responsible role.",
    )
    source: str | None = None


class WheelEntry(Record):
    """One slice of the annual wheel: what is done in which months."""

    months: list[Month]
    activities: list[Text]
    responsible: list[RoleRef] = Field(default_factory=list)


class Milestone(Record):
    """A dated one-off deadline, e.g. a plan's status report that a council decision asks for."""

    date: IsoDate
    owner: RoleRef
    due: Text = Field(description="What is due by the date.")
    done: bool = False
    source: str | None = None


class AnnualWheel(Record):
    """The årshjul; may live in a file beside the municipality file."""

    title: Text | None = None
    entries: list[WheelEntry]
    milestones: list[Milestone] = Field(default_factory=list)


SCHOOL_CALENDAR = "school"
"""`calendar: school` (the default): a unit keeps the school calendar, `school_years`."""
NO_CALENDAR = "none"
"""`calendar: none`: a unit keeps no calendar of its own; only public holidays and the
municipality's closed days are closed."""


class UnitCalendar(Record):
    """A unit's own year, e.g. the kindergartens': open in the school breaks, closed on the
    days listed here (some weeks of summer, planning days) besides public holidays and the
    municipality's closed days."""

    closed: list[ClosedDays] = Field(
        default_factory=list,
        description="The unit's closed weeks and days: start, end (optional) and reason, "
        "e.g. {start: 2027-07-05, end: 2027-07-30, reason: sommerstengt}.",
    )
    source: str | None = Field(
        default=None, description="Where these dates come from, or that they are assumed."
    )


class Unit(Record):
    """A school, kindergarten or other unit that holds its own instance of per-unit arenas."""

    name: Text
    kind: Slug = Field(description="What the unit is, e.g. skole, barnehage, helsestasjon.")
    address: Text | None = None
    room: Text | None = Field(default=None, description="Where its meetings are held.")
    leader: Annotated[list[Ref], BeforeValidator(as_list), Field(min_length=1), ONE_OR_MANY] = (
        Field(
            description="The roles (or services) that stand for the unit, e.g. its rektor or "
            "styrer; they convene the unit's meetings."
        )
    )
    roles: dict[Slug, Ref] = Field(
        default_factory=dict,
        description="A municipality-wide role -> this unit's own, e.g. skoleleiinga -> "
        "{role: skoleleiinga-julsundet}: a per-unit arena that names the general role gets the "
        "unit's.",
    )
    calendar: Slug = Field(
        default=SCHOOL_CALENDAR,
        description="The year the unit's meetings of arenas bound to the school calendar "
        "follow: school (the school calendar, the default), the name of one of the "
        "municipality's calendars (e.g. a kindergarten calendar: open in the school breaks, "
        "closed as it lists), or none (public holidays only).",
    )

    @property
    def place(self) -> str:
        """Where the unit's meetings are held: room, name and address."""
        return ", ".join(part for part in (self.room, self.name, self.address) if part)


class Smtp(Record):
    """Where invitations are sent from; the password only ever comes from the environment."""

    host: Text
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    starttls: bool = True
    user: str | None = None
    sender: Email | None = Field(
        default=None, description="Envelope sender; defaults to the convener's address."
    )


def _mailbox(value: Any) -> str:
    """`calendar:`: one mailbox's address. Where to sign in and where tokens go is never the
    data's to say (issue 16), so a tenant, a client or an endpoint here is refused."""
    if isinstance(value, str) and is_email(value.strip()):
        return value.strip()
    message = _("must be the e-mail address of the mailbox to publish in (got {value})").format(
        value=repr(value)
    )
    if isinstance(value, dict) or (isinstance(value, str) and "://" in value):
        message = _(
            "must be the e-mail address of the mailbox to publish in; a data file never names "
            "the tenant, the app (client) or the endpoint: they come from "
            "SAMARBEID_GRAPH_TENANT, SAMARBEID_GRAPH_CLIENT_ID and SAMARBEID_GRAPH_URL in the "
            "coordinator's environment"
        )
    raise ValueError(message)


Mailbox = Annotated[
    str, BeforeValidator(_mailbox), WithJsonSchema({"type": "string", "format": "email"})
]


class Municipality(Record):
    """A municipality file, `data/municipalities/<slug>.yaml`."""

    name: Text
    kommunenummer: KommuneNummer
    malform: Malform = Field(description="nb (bokmål) or nn (nynorsk), as the municipality writes.")
    timezone: TimeZoneName = "Europe/Oslo"
    services: dict[Slug, Service] = Field(default_factory=dict)
    roles: dict[Slug, Role] = Field(default_factory=dict)
    roster: Roster = Field(
        default_factory=dict,
        description="Optional: role or service slug -> whom to invite. Roles stand alone.",
    )
    school_years: dict[SchoolYearKey, SchoolYear] = Field(default_factory=dict)
    closed_days: list[ClosedDays] = Field(default_factory=list)
    meeting_free_first_school_days: Annotated[int, Field(ge=0, le=30)] | None = Field(
        default=None,
        description="Keep the meetings of arenas bound to the school calendar out of the first "
        "N school days of each school year (e.g. 5); default (or 0): none kept free. Listed "
        "by `samarbeid assumptions` when 1 or more.",
    )
    calendars: dict[Slug, UnitCalendar] = Field(
        default_factory=dict,
        description="Units' own calendars by name, e.g. barnehage: the kindergartens' closed "
        "weeks and days; a unit names one with `calendar:`.",
    )
    consent: Consent = Field(default_factory=Consent)
    log_control: LogControl | None = None
    annual_wheel: AnnualWheel | None = Field(
        default=None,
        description="Inline, or the name of a file beside this one such as inderoy.arshjul.yaml.",
    )
    smtp: Smtp | None = None
    calendar: Mailbox | None = Field(
        default=None,
        description="The mailbox whose Outlook calendar the series is published in (schedule "
        "--publish outlook), e.g. a shared or the convener's mailbox the coordinator may write "
        "to. Default: the signed-in user's own. An address only: the tenant, the app and the "
        "endpoint come from the coordinator's environment.",
    )
    units: dict[Slug, Unit] = Field(
        default_factory=dict,
        description="Schools, kindergartens and other units that each hold per-unit arenas.",
    )
    assumptions: list[Text] = Field(
        default_factory=list,
        description="Facts the source does not give, filled in here; to verify with the "
        "municipality (`samarbeid assumptions` lists them).",
    )

"""An arena (samarbeidsarena): `data/arenas/<municipality>/<arena>.yaml`, one per file so that a
routine revision is one reviewable diff."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from samarbeid_cli.i18n import _
from samarbeid_cli.models.defaults import default
from samarbeid_cli.models.frequency import NO_SERIES, Frequency
from samarbeid_cli.models.types import (
    NOT_STATED,
    ONE_OR_MANY,
    AgeBand,
    ClockTime,
    Email,
    IsoDate,
    Level,
    PhoneNumber,
    PositiveInt,
    Record,
    Slug,
    Text,
    as_list,
    or_not_stated,
)


class Ref(Record):
    """Points at exactly one role or service of the arena's municipality."""

    role: Slug | None = None
    service: Slug | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Ref:
        if (self.role is None) == (self.service is None):
            raise ValueError(_("needs exactly one of 'role' or 'service'"))
        return self

    @property
    def kind(self) -> Literal["role", "service"]:
        """Which list of the municipality the slug belongs to."""
        return "role" if self.role is not None else "service"

    @property
    def slug(self) -> str:
        """The role's or service's slug."""
        return self.role if self.role is not None else str(self.service)


class Participant(Ref):
    """A participating role or service, with how often it takes part where the routine says."""

    attends_per_year: PositiveInt | None = Field(
        default=None, description="For services that join only some meetings (Inderøy: 1 or 2)."
    )
    optional: bool = Field(default=False, description="Joins when relevant ('ved behov').")
    case_only: bool = Field(
        default=False,
        description="Joins only for a case or part of a meeting (parents, the child, a teacher); "
        "listed in documents and descriptions, never sent the series invitation.",
    )
    note: str | None = None


class Contact(Ref):
    """Whom the public contacts about the arena: a role or service with a public address or
    phone (a switchboard, a shared mailbox), never a person's own."""

    email: Email | None = None
    phone: PhoneNumber | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if self.email is None and self.phone is None:
            raise ValueError(_("needs a public 'email' or 'phone'"))
        return self


class MeetingForm(StrEnum):
    """How the arena meets."""

    digital = "digital"
    physical = "physical"
    hybrid = "hybrid"


class Meeting(Record):
    """Form, place and time of the arena's meetings."""

    form: Annotated[MeetingForm | None, or_not_stated()] = Field(
        description="digital, physical or hybrid; not_stated where the source does not say."
    )
    location: Text | None = Field(
        default=None, description="A room, or 'Teams'. Defaults to 'Teams' for digital meetings."
    )
    alternating_locations: list[Text] = Field(
        default_factory=list,
        description="Venues taken in turn ('vekselvis Barnebo og Bergetippen').",
    )
    start: Annotated[ClockTime | None, or_not_stated()] = Field(
        default=None,
        description="Wall-clock start, e.g. 08:30; not_stated where the source does not say "
        "(no series then).",
    )
    duration_minutes: Annotated[Annotated[int, Field(ge=5, le=600)] | None, or_not_stated()] = (
        Field(
            default=None,
            description="Minutes; left out or not_stated, calendars use the default "
            f"({default('meeting.duration_minutes')}) and documents say it is not decided.",
        )
    )

    @field_validator("duration_minutes")
    @classmethod
    def _ends_the_same_day(cls, minutes: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("start")
        if (
            minutes is not None
            and isinstance(start, dt.time)
            and start.hour * 60 + start.minute + minutes > 24 * 60
        ):
            raise ValueError(
                _(
                    "a meeting from {start} for {minutes} minutes would end after "
                    "midnight; shorten it or start earlier"
                ).format(start=format(start, "%H:%M"), minutes=minutes)
            )
        return minutes

    def place_of(self, index: int) -> str | None:
        """Where the `index`-th meeting of a series is held."""
        if self.alternating_locations:
            return self.alternating_locations[index % len(self.alternating_locations)]
        if self.location is None and self.form is MeetingForm.digital:
            return "Teams"
        return self.location


class CaseDiscussion(StrEnum):
    """How individual cases are discussed."""

    anonymous = "anonymous"
    anonymous_or_consent = "anonymous_or_consent"
    consent = "consent"


class Minutes(Record):
    """Who writes the minutes (referat), where they are kept and who receives them."""

    writer: Ref | None = None
    archive: Text | None = Field(default=None, description="Archive system, e.g. Elements.")
    all_participants_receive: bool = False
    recipients: list[Ref] = Field(default_factory=list)
    electronic_dispatch: list[Ref] = Field(
        default_factory=list, description="Must receive the minutes electronically (ekspederes)."
    )
    attach_to_next_invitation: bool = False


class Agenda(Record):
    """How the agenda (saksliste) comes about."""

    lead_days: Annotated[int, Field(ge=0, le=60)] = Field(
        default=default("agenda.lead_days"),
        description="Sent at the latest this many days before the meeting.",
    )
    prepared_with: list[Ref] = Field(
        default_factory=list, description="Whom the convener sets the agenda with (i samråd med)."
    )
    submissions: str | None = Field(
        default=None, description="Who may submit cases, in the source's words."
    )

    @property
    def lead_days_stated(self) -> bool:
        """Whether the data gives the lead time; the default 7 is no municipality's rule."""
        return "lead_days" in self.model_fields_set


class ApprovalMeeting(Record):
    """The meeting that decided a revision: an arena (its slug, or a body's name) and a day."""

    arena: Text = Field(description="The arena's slug, e.g. 'sektorledermote', or its name.")
    date: IsoDate


class Approval(Record):
    """Who approved a routine revision, when, and which meeting decided it."""

    date: IsoDate
    by: Ref = Field(description="The role (or service) that approved, e.g. {role: sektorsjef}.")
    meeting: ApprovalMeeting | None = None


class Revision(Record):
    """How the arena's routine is kept up to date."""

    interval_months: Annotated[int, Field(ge=1, le=120)] = Field(
        default=default("revision.interval_months"),
        description="Months between revisions; at most 120 (ten years).",
    )
    responsible: Ref | Literal["arena"] = Field(
        description="A role or service, or 'arena' when the arena revises its own routine."
    )
    last_revised: IsoDate | None = None
    basis: str | None = Field(default=None, description="E.g. 'an evaluation of the forum'.")
    approved: Approval | None = Field(
        default=None, description="Who approved the last revision, when, and in which meeting."
    )


class PerUnit(Record):
    """ "Each school holds its own ressursteam": one series per unit of the municipality."""

    kinds: list[Slug] = Field(
        default_factory=list, description="Every unit of these kinds, e.g. [skole, barnehage]."
    )
    units: list[Slug] = Field(
        default_factory=list, description="Or these units, by slug, in this order."
    )
    convener: Literal["unit", "arena"] = Field(
        default="unit",
        description="unit: the unit's leader convenes its meetings; arena: the arena's own "
        "convener, with each role the unit has its own holder of (units.<slug>.roles) replaced.",
    )
    stagger: bool = Field(
        default=True,
        description="Give each unit its own slot: every_n_weeks moves one week per unit, other "
        "kinds one weekday per unit. false: every unit meets on the rule's own dates.",
    )

    @model_validator(mode="after")
    def _kinds_or_units(self) -> PerUnit:
        if bool(self.kinds) == bool(self.units):
            raise ValueError(_("needs exactly one of 'kinds' or 'units'"))
        return self


class CasePlan(StrEnum):
    """The plan or log a case meeting follows up."""

    individuell_plan = "individuell_plan"
    stafettlogg = "stafettlogg"
    tiltaksplan = "tiltaksplan"


class CaseMeeting(Record):
    """Each meeting is about one child's case (an ansvarsgruppe, a stafettloggmøte): its
    agenda names the case by reference, the plan it follows up and who takes part in the
    case, instead of the series' status round of services."""

    title: Text | None = Field(
        default=None,
        description="One meeting's name, in the singular, where the arena's is plural "
        "('Stafettloggmøte' for 'Stafettloggmøter'). Default: the arena's name.",
    )
    follows_up: CasePlan | None = Field(
        default=None,
        description="individuell_plan, stafettlogg or tiltaksplan: the plan or log the "
        "meetings follow up, where the routine says; left out, the agenda names none.",
    )


class OnClosedDay(StrEnum):
    """What happens to a meeting that falls on a holiday or (for school arenas) a break."""

    skip = "skip"
    earlier = "earlier"
    later = "later"


_DETAILS = ("level", "mandate", "convener", "meeting", "frequency")
"""The fields an arena must give unless its details are not written yet (`details:
not_stated`)."""


def _details_optional(schema: dict[str, Any]) -> None:
    """The exported schema says what validation does: an arena with `details: not_stated`
    needs only its name; every other arena needs the fields of `_DETAILS` as well."""
    schema["required"] = [name for name in schema.get("required", []) if name not in _DETAILS]
    schema["if"] = {
        "properties": {"details": {"const": NOT_STATED}},
        "required": ["details"],
    }
    schema["else"] = {"required": list(_DETAILS)}


class Arena(Record):
    """A collaboration arena for children and youth."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_details_optional)

    name: Text
    details: Literal["not_stated"] | None = Field(
        default=None,
        description="not_stated: the source names the arena (a heading) but writes none of "
        "its details yet. Level, mandate, convener, meeting and frequency may then be left "
        "out and are not stated; documents say 'detaljer mangler', `assumptions` lists it and "
        "schedule leaves it out.",
    )
    level: Annotated[list[Level], BeforeValidator(as_list), ONE_OR_MANY, or_not_stated(list)] = (
        Field(
            description="individ, system and/or tjeneste; the first is the arena's main level. "
            "not_stated where the source does not say."
        )
    )
    age_band: AgeBand | None = Field(default=None, description='Ages served, e.g. "0-6".')
    legal_basis: str | None = None
    mandate: Annotated[list[Text], BeforeValidator(as_list), ONE_OR_MANY, or_not_stated(list)] = (
        Field(description="The mandate, one item or a list; not_stated where the source is silent.")
    )
    tasks: list[Text] = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    participants_text: str | None = Field(
        default=None, description="The participants in the source's words, for display."
    )
    participants_open: Text | None = Field(
        default=None,
        description="An open list in words ('og andre tjenester ved behov, t.d. ...'): shown, "
        "never invited.",
    )
    convener: Annotated[list[Ref], BeforeValidator(as_list), ONE_OR_MANY, or_not_stated(list)] = (
        Field(
            description="Who convenes (kaller inn / møteansvarleg). The first one sends "
            "invitations. not_stated where the source does not say."
        )
    )
    convener_rule: Literal["all", "any_of"] = Field(
        default="all",
        description="all: they convene together; any_of: one of them, as convener_condition "
        "says ('A eller B').",
    )
    convener_condition: Text | None = Field(
        default=None,
        description="When which convener calls, in words, e.g. 'barnevernet når det er eit "
        "barnevernstiltak'.",
    )
    chair: Ref | None = None
    deputy_chair: Ref | None = None
    minutes: Minutes | None = None
    meeting: Meeting
    frequency: Frequency
    per_unit: PerUnit | None = Field(
        default=None, description="Held by every unit of some kinds, or by a list of units."
    )
    school_calendar: bool = Field(
        default=False, description="Bound to the school calendar: meetings avoid school breaks."
    )
    on_closed_day: OnClosedDay = OnClosedDay.skip
    case_discussion: CaseDiscussion | None = None
    case_meeting: CaseMeeting | None = Field(
        default=None,
        description="Set where every meeting is about one child's case (ansvarsgruppe, "
        "stafettloggmøte, a samarbeidsmøte about one child): the agenda has a case's shape.",
    )
    agenda: Agenda = Field(default_factory=Agenda)
    revision: Revision | None = None
    leads_to: list[Slug] = Field(
        default_factory=list,
        description="Arenas of the same municipality this one can lead to, by file name ('Et av "
        "oppfølgingstiltakene kan være samarbeidsmøter'); shown as links.",
    )
    see_also: list[Slug] = Field(
        default_factory=list,
        description="Related arenas of the same municipality, by file name ('Ansvarsgruppemøter "
        "er en mer formalisert form av samarbeidsmøter'); shown as links.",
    )
    renamed_from: Slug | None = Field(
        default=None,
        description="The slug this arena's file had before it was renamed: the arena stays the "
        "same, so its calendar series keeps its UIDs and nothing needs cancelling.",
    )
    contact: Contact | None = Field(
        default=None,
        description="Whom the public contacts: a role or service with a public email or phone; "
        "shown on the overview and the site.",
    )
    notes: list[Text] = Field(
        default_factory=list,
        description="Routine details without a field of their own, in the routine's own words; "
        "public.",
    )
    internal_notes: list[Text] = Field(
        default_factory=list,
        description="Working notes for the coordinator; in the routine document only, never on "
        "the overview or the site.",
    )
    assumptions: list[Text] = Field(
        default_factory=list,
        description="Facts the source does not give, filled in to verify; internal.",
    )
    source_wording: dict[str, Text] = Field(
        default_factory=dict,
        description="The source's own words, verbatim, where a field above corrects their "
        "spelling or målform: the field (frequency.text, mandate[0], participants_text) -> the "
        "text as the source writes it. Kept so the correction can be checked against the "
        "source; documents show the corrected field.",
    )

    _unit_calendar: str = PrivateAttr(default="school")
    """Set on one unit's instance of a per-unit arena (`services.units`): the calendar the unit
    names (`units.<slug>.calendar`), which a school-bound arena's meetings follow there."""

    @property
    def unit_calendar(self) -> str:
        """The calendar a school-bound arena follows: `school` for a plain arena, else its
        unit's (`school`, `none`, or the name of one of the municipality's `calendars`)."""
        return self._unit_calendar

    def for_unit_calendar(self, name: str) -> Arena:
        """A copy of the arena that follows the unit calendar `name`."""
        copy = self.model_copy()
        copy._unit_calendar = name
        return copy

    @model_validator(mode="before")
    @classmethod
    def _details_not_written(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("details") == NOT_STATED:
            unstated: dict[str, Any] = {
                "level": NOT_STATED,
                "mandate": NOT_STATED,
                "convener": NOT_STATED,
                "meeting": {"form": NOT_STATED},
                "frequency": {"kind": NOT_STATED},
            }
            return {**unstated, **data}
        return data

    @property
    def details_missing(self) -> bool:
        """Whether the arena's details are not written yet (`details: not_stated`)."""
        return self.details == NOT_STATED

    @field_validator("source_wording")
    @classmethod
    def _wording_names_a_field(cls, wording: dict[str, str]) -> dict[str, str]:
        for key in wording:
            field = re.split(r"[.\[]", key, maxsplit=1)[0]
            if field not in cls.model_fields or field == "source_wording":
                raise ValueError(
                    _(
                        "{key} is not a field of the arena; name the field the source's words "
                        "belong to, such as frequency.text or mandate[0]"
                    ).format(key=repr(key))
                )
        return wording

    def public(self) -> Arena:
        """The arena as a public page shows it: without `assumptions` (the coordinator's
        working notes on what is still to verify, often in English) and `internal_notes`."""
        return self.model_copy(update={"assumptions": [], "internal_notes": []})

    @field_validator("level", "mandate", "convener", mode="before")
    @classmethod
    def _stated_or_not(cls, value: object) -> object:
        if isinstance(value, list) and not value:
            raise ValueError(
                _("must not be empty; write {not_stated} where the source does not say").format(
                    not_stated=NOT_STATED
                )
            )
        return value

    @model_validator(mode="after")
    def _conveners_agree(self) -> Arena:
        if self.convener_rule == "any_of" and len(self.convener) < 2:
            raise ValueError(_("convener_rule any_of needs two or more conveners"))
        if self.convener_condition is not None and self.convener_rule != "any_of":
            raise ValueError(_("convener_condition needs convener_rule: any_of"))
        return self

    @property
    def standing_participants(self) -> list[Participant]:
        """The participants invited to the series (not those who join only for a case)."""
        return [participant for participant in self.participants if not participant.case_only]

    @property
    def case_participants(self) -> list[Participant]:
        """The participants who join only for a case or part of a meeting."""
        return [participant for participant in self.participants if participant.case_only]

    @property
    def has_series(self) -> bool:
        """Whether the arena meets on a schedule (not only on demand)."""
        return not isinstance(self.frequency, NO_SERIES)

    def duration(self) -> dt.timedelta:
        """Length of one meeting: the data's, else the default (an assumption)."""
        minutes = self.meeting.duration_minutes
        return dt.timedelta(
            minutes=default("meeting.duration_minutes") if minutes is None else minutes
        )

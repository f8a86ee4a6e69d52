"""What each document says, as plain records: agenda, minutes, routine and overview.

Pure: the meeting, its neighbours, the topics and standing items come in as values. Wording,
dates in words and the målform belong to the renderers and templates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from dateutil.relativedelta import relativedelta

from samarbeid_cli.models.arena import Arena, Participant, Ref
from samarbeid_cli.models.frequency import NO_SERIES, EveryNWeeks
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.topic import DEFAULT_STANDING_ITEMS, StandingItem, SubmittedTopic
from samarbeid_cli.models.types import NOT_STATED, Level
from samarbeid_cli.services.agenda import ArenaMeeting
from samarbeid_cli.services.invitations import display_name
from samarbeid_cli.services.units import instances


@dataclass(frozen=True)
class Party:
    """A participating role or service as a document shows it."""

    name: str
    service: str | None
    """The service a role belongs to, by name; None for a service itself."""
    optional: bool
    case_only: bool
    note: str | None


@dataclass(frozen=True)
class Item:
    """One numbered item of a meeting's agenda (and section of its minutes)."""

    number: int
    builtin: str | None
    """previous_minutes, status_round, information or any_other_business; None for a topic
    or an arena's own standing item."""
    title: str | None
    kind: str | None = None
    submitted_by: str | None = None
    minutes_needed: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class People:
    """The arena's roles and services by name, as every document needs them."""

    participants: list[Party]
    """The standing members, invited to the series."""
    case_participants: list[Party]
    """Those who join only for a case or part of a meeting; never sent the series."""
    participants_open: str | None
    """An open list in words ("andre som melder inn sak"): shown, never invited."""
    conveners: list[str]
    conveners_any_of: bool
    """One of the conveners calls the meeting ("A eller B"), not all of them together."""
    convener_condition: str | None
    """When which convener calls, in words."""
    chair: str | None
    deputy_chair: str | None
    prepared_with: list[str]
    minutes_writer: str | None
    minutes_recipients: list[str]
    """Everyone who receives the minutes, the electronic recipients included."""
    electronic_dispatch: list[str]
    revision_responsible: str | None
    status_round: list[str]
    """The services (or roles without one) that report in the status round."""
    contact: str | None = None
    """The public contact: the role or service by name, with its public address and phone."""


@dataclass(frozen=True)
class CaseFacts:
    """What a meeting about one child's case is: never the child, only the case's reference."""

    title: str
    """One meeting's name, in the singular, with the case reference where there is one:
    "Stafettloggmøte (sak SL-2027-003)"."""
    reference: str | None
    """The pseudonymous case reference (`--case`); None when none was given."""
    follows_up: str | None
    """individuell_plan, stafettlogg or tiltaksplan, where the routine says; else None."""
    previous: dt.date | None
    """The day of the case's last meeting, where the issue history has one."""
    parties: list[CaseParty]
    """Everyone who takes part in the case, standing or for the case alone, in the data's
    order."""


@dataclass(frozen=True)
class CaseParty:
    """One who takes part in a case: the role (parents, the child, a service) and what it
    does in the meeting."""

    party: Party
    tasks: list[str]
    """convener, chair, minutes_writer: the parts of the meeting the role has."""


@dataclass(frozen=True)
class MeetingDocument:
    """An agenda or a minutes skeleton: one meeting and what it is about."""

    municipality: str
    arena: Arena
    meeting: ArenaMeeting
    people: People
    items: list[Item]
    previous: ArenaMeeting | None
    next: ArenaMeeting | None
    case: CaseFacts | None = None
    """Set for a meeting about one child's case: its agenda has the case's own shape."""


@dataclass(frozen=True)
class UnitSeries:
    """One unit's own series of a per-unit arena, as the routine lists it."""

    slug: str
    """The series' slug (`<arena>--<unit>`), the `--arena` of its agendas and minutes."""
    name: str
    conveners: list[str]
    place: str | None
    weekday: int | None
    """0 Monday - 6 Sunday; None for an arena that meets on demand or whose day is not
    stated."""
    start: dt.time | None
    every_weeks_from: dt.date | None
    """For an every-N-weeks rule: the date the unit's series counts from (units are
    staggered a week apart)."""
    calendar: str = "school"
    """The calendar the unit's series follows where the arena is bound to the school
    calendar: `school`, `none`, or the name of one of the municipality's `calendars`."""


@dataclass(frozen=True)
class Related:
    """An arena another one refers to: one it can lead to, or a related one."""

    kind: str
    """"leads_to" or "see_also", the field that names it."""
    slug: str
    name: str


def related(arena: Arena, arenas: Mapping[str, Arena]) -> list[Related]:
    """The arenas `arena` names in `leads_to` and `see_also`, in that order, with their names."""
    return [
        Related(kind, other, arenas[other].name)
        for kind in ("leads_to", "see_also")
        for other in getattr(arena, kind)
        if other in arenas
    ]


@dataclass(frozen=True)
class RevisionFacts:
    """What the data states about a routine's revision; None where it states nothing."""

    last_revised: dt.date | None
    next_due: dt.date | None
    """`last_revised` plus the interval; None when the last revision is not stated."""
    approved_by: str | None
    approved_on: dt.date | None
    meeting: str | None
    """The meeting that decided it: an arena's name, or the body the data names."""
    meeting_on: dt.date | None


@dataclass(frozen=True)
class RoutineDocument:
    """The routine of an arena (seed 000's shape); one for every unit of a per-unit arena."""

    municipality: str
    arena: Arena
    people: People
    units: list[UnitSeries]
    """For a per-unit arena: each unit's series; empty otherwise."""
    related: list[Related] = field(default_factory=list)
    revision: RevisionFacts | None = None
    """None when the arena has no revision: block."""


def revision_facts(
    arena: Arena, municipality: Municipality, arena_names: Mapping[str, str]
) -> RevisionFacts | None:
    """The revision lines of a routine: last revised, next due and who approved, as stated."""
    revision = arena.revision
    if revision is None:
        return None
    last = revision.last_revised
    approved = revision.approved
    meeting = approved.meeting if approved else None
    return RevisionFacts(
        last_revised=last,
        next_due=last + relativedelta(months=revision.interval_months) if last else None,
        approved_by=display_name(approved.by, municipality) if approved else None,
        approved_on=approved.date if approved else None,
        meeting=arena_names.get(meeting.arena, meeting.arena) if meeting else None,
        meeting_on=meeting.date if meeting else None,
    )


@dataclass(frozen=True)
class OverviewRow:
    """One arena in the public overview."""

    slug: str
    arena: Arena
    parties: str | None
    """The parties in the source's words; None: the template lists `people`'s."""
    people: People
    responsible: list[str]
    responsible_any_of: bool
    """The responsible are alternatives ("A eller B"), not all of them."""
    units: list[str]
    """For a per-unit arena: the names of the units that each hold it."""
    related: list[Related] = field(default_factory=list)
    main: bool = True
    """Listed under the arena's main level (its first); its other levels list it again."""


@dataclass(frozen=True)
class AgeGroup:
    """Arenas of one level for one age band; `band` None means no band is given."""

    band: tuple[int, int] | None
    rows: list[OverviewRow]


@dataclass(frozen=True)
class LevelGroup:
    """The arenas that work on `level` (`not_stated` for those whose level is not stated)."""

    level: str
    age_groups: list[AgeGroup]


@dataclass(frozen=True)
class OverviewDocument:
    """The municipality's public overview (seed 001's shape)."""

    municipality: str
    levels: list[LevelGroup]


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _party(participant: Participant, municipality: Municipality) -> Party:
    service = None
    if participant.role is not None:
        role = municipality.roles.get(participant.role)
        if role is not None and role.service is not None:
            owner = municipality.services.get(role.service)
            service = owner.name if owner else role.service
    return Party(
        name=display_name(participant, municipality),
        service=service,
        optional=participant.optional,
        case_only=participant.case_only,
        note=participant.note,
    )


def people(arena: Arena, municipality: Municipality) -> People:
    """Every role and service the arena names, by the municipality's names for them."""

    def names(refs: Sequence[Ref]) -> list[str]:
        return _unique(display_name(ref, municipality) for ref in refs)

    parties = [_party(p, municipality) for p in arena.participants]
    standing = [party for party in parties if not party.case_only]
    minutes = arena.minutes
    dispatch = names(minutes.electronic_dispatch) if minutes else []
    listed = list(minutes.recipients) if minutes else []
    # Minutes go to every participant unless the arena names its own recipients instead.
    everyone = minutes is None or minutes.all_participants_receive or not listed
    recipients = _recipients(
        [
            *(ref for ref in arena.participants if not ref.case_only and everyone),
            *listed,
            *(minutes.electronic_dispatch if minutes else []),
        ],
        municipality,
    )
    revision = arena.revision
    responsible = None
    if revision is not None and isinstance(revision.responsible, Ref):
        responsible = display_name(revision.responsible, municipality)
    return People(
        participants=standing,
        case_participants=[party for party in parties if party.case_only],
        participants_open=arena.participants_open,
        conveners=names(arena.convener),
        conveners_any_of=arena.convener_rule == "any_of",
        convener_condition=arena.convener_condition,
        chair=display_name(arena.chair, municipality) if arena.chair else None,
        deputy_chair=display_name(arena.deputy_chair, municipality) if arena.deputy_chair else None,
        prepared_with=names(arena.agenda.prepared_with),
        minutes_writer=display_name(minutes.writer, municipality)
        if minutes and minutes.writer
        else None,
        minutes_recipients=recipients,
        electronic_dispatch=dispatch,
        revision_responsible=responsible,
        status_round=_unique(party.service or party.name for party in standing),
        contact=_contact(arena, municipality),
    )


def _service_of(ref: Ref, municipality: Municipality) -> str | None:
    """The service a role or service reference stands for; None for a role of no service."""
    if ref.service is not None:
        return ref.service
    role = municipality.roles.get(ref.slug)
    return role.service if role is not None else None


def _recipients(refs: Sequence[Ref], municipality: Municipality) -> list[str]:
    """Everyone who receives the minutes, each once, in order: a service that a role of its
    own already receives for (Selbu's "Fagleder PPT" and the electronic dispatch to "PPT") is
    not named again; two roles of one service are two recipients."""
    through_roles = {_service_of(ref, municipality) for ref in refs if ref.role is not None} - {
        None
    }
    return _unique(
        display_name(ref, municipality)
        for ref in refs
        if ref.service is None or ref.service not in through_roles
    )


def _contact(arena: Arena, municipality: Municipality) -> str | None:
    """ "Helsestasjonen, helsestasjon@kommune.example.no, 71 00 00 00"."""
    contact = arena.contact
    if contact is None:
        return None
    reach = [value for value in (contact.email, contact.phone) if value]
    return ", ".join([display_name(contact, municipality), *reach])


def agenda_items(
    standing_items: Sequence[StandingItem] | None,
    topics: Sequence[SubmittedTopic],
    municipality: Municipality,
    has_previous: bool = True,
) -> list[Item]:
    """The numbered items: the standing items in order, the topics where `topics` stands
    (at the end when an arena's own list leaves it out). Without a previous meeting (a
    case's first meeting, one called outside the series) there are no minutes to approve."""
    order: list[StandingItem] = (
        list(standing_items)
        if standing_items is not None
        else [StandingItem(builtin=key) for key in DEFAULT_STANDING_ITEMS]
    )
    if not has_previous:
        order = [item for item in order if item.builtin != "previous_minutes"]
    if not any(item.builtin == "topics" for item in order):
        order.append(StandingItem(builtin="topics"))
    items: list[Item] = []
    for standing in order:
        if standing.builtin == "topics":
            for submitted in topics:
                topic = submitted.topic
                items.append(
                    Item(
                        number=len(items) + 1,
                        builtin=None,
                        title=topic.title,
                        kind=topic.kind.value,
                        submitted_by=display_name(topic.submitted_by, municipality),
                        minutes_needed=topic.minutes_needed,
                        description=topic.description,
                    )
                )
        else:
            items.append(Item(len(items) + 1, standing.builtin, standing.title))
    return items


def case_items(
    standing_items: Sequence[StandingItem] | None,
    topics: Sequence[SubmittedTopic],
    municipality: Municipality,
    has_previous: bool,
) -> list[Item]:
    """The numbered items of a case meeting: what the last meeting agreed (when there was
    one), the plan's goals and measures, the submitted topics and eventuelt, or the arena's
    own standing items where it has them; always ending with agreeing the next meeting."""
    own = standing_items is not None
    order = (
        list(standing_items)
        if standing_items is not None
        else [StandingItem(builtin="topics"), StandingItem(builtin="any_other_business")]
    )
    first = [] if own else [*(["previous_agreements"] if has_previous else []), "plan_follow_up"]
    items = [
        *(Item(0, key, None) for key in first),
        *agenda_items(order, topics, municipality, has_previous),
        Item(0, "next_meeting", None),
    ]
    return [replace(item, number=number) for number, item in enumerate(items, start=1)]


def case_facts(
    meeting: ArenaMeeting,
    municipality: Municipality,
    reference: str | None,
    previous: dt.date | None,
) -> CaseFacts | None:
    """What makes a meeting one child's case: an arena whose meetings are (`case_meeting`), or
    a case reference given for this meeting. None for a meeting of the series kind."""
    arena = meeting.arena
    if arena.case_meeting is None and reference is None:
        return None
    suffix = f" (sak {reference})" if reference else ""
    # `invite --case` names the meeting "<arena> (sak <reference>)" already (one_off).
    title = (arena.case_meeting and arena.case_meeting.title) or arena.name.removesuffix(suffix)
    plan = arena.case_meeting.follows_up if arena.case_meeting else None
    return CaseFacts(
        title=title + suffix,
        reference=reference,
        follows_up=plan.value if plan else None,
        previous=previous,
        parties=[
            CaseParty(_party(participant, municipality), _tasks(participant, arena))
            for participant in (*_absent_conveners(arena), *arena.participants)
        ],
    )


def _absent_conveners(arena: Arena) -> list[Participant]:
    """The conveners the participants leave out (`invite -p` names others), first: whoever
    calls the meeting takes part in the case."""
    present = {(p.kind, p.slug) for p in arena.participants}
    return [
        Participant(role=ref.role, service=ref.service)
        for ref in arena.convener
        if (ref.kind, ref.slug) not in present
    ]


def _tasks(participant: Participant, arena: Arena) -> list[str]:
    def same(ref: Ref | None) -> bool:
        return ref is not None and (ref.kind, ref.slug) == (participant.kind, participant.slug)

    writer = arena.minutes.writer if arena.minutes else None
    return [
        task
        for task, holds in (
            ("convener", any(same(ref) for ref in arena.convener)),
            ("chair", same(arena.chair)),
            ("minutes_writer", same(writer)),
        )
        if holds
    ]


def meeting_document(
    municipality: Municipality,
    meeting: ArenaMeeting,
    neighbours: tuple[ArenaMeeting | None, ArenaMeeting | None],
    standing_items: Sequence[StandingItem] | None,
    topics: Sequence[SubmittedTopic],
    *,
    case: str | None = None,
    case_previous: dt.date | None = None,
) -> MeetingDocument:
    """What the agenda and the minutes of one meeting say.

    Args:
        case: The case reference the meeting is about (`--case`), if any.
        case_previous: The day of the same case's last meeting, if there was one. For a case
            meeting the series' neighbours are other children's meetings: not its own.
    """
    facts = case_facts(meeting, municipality, case, case_previous)
    if facts is not None:
        items = case_items(standing_items, topics, municipality, case_previous is not None)
    else:
        items = agenda_items(standing_items, topics, municipality, neighbours[0] is not None)
    return MeetingDocument(
        municipality=municipality.name,
        arena=meeting.arena,
        meeting=meeting,
        people=people(meeting.arena, municipality),
        items=items,
        previous=neighbours[0] if facts is None else None,
        next=neighbours[1] if facts is None else None,
        case=facts,
    )


def _unit_series(slug: str, arena: Arena, municipality: Municipality) -> list[UnitSeries]:
    result = []
    for instance in instances({slug: arena}, municipality):
        if instance.unit is None:
            continue
        own = instance.arena
        frequency = own.frequency
        result.append(
            UnitSeries(
                slug=instance.slug,
                name=municipality.units[instance.unit].name,
                conveners=people(own, municipality).conveners,
                place=own.meeting.place_of(0),
                weekday=None
                if isinstance(frequency, NO_SERIES) or frequency.weekday is None
                else frequency.weekday.number,
                start=own.meeting.start,
                every_weeks_from=frequency.anchor
                if isinstance(frequency, EveryNWeeks) and frequency.every_weeks > 1
                else None,
                calendar=own.unit_calendar,
            )
        )
    return result


def routine_document(
    slug: str,
    arena: Arena,
    municipality: Municipality,
    arenas: Mapping[str, Arena] | None = None,
) -> RoutineDocument:
    """What the routine document of one arena file says, with each unit's series for a
    per-unit arena, and the arenas of `arenas` it refers to."""
    return RoutineDocument(
        municipality.name,
        arena,
        people(arena, municipality),
        _unit_series(slug, arena, municipality),
        related(arena, arenas or {}),
        revision_facts(
            arena, municipality, {slug: found.name for slug, found in (arenas or {}).items()}
        ),
    )


_LEVEL_ORDER = [Level.individ, Level.system, Level.tjeneste]


def _overview_row(
    slug: str, arena: Arena, municipality: Municipality, arenas: Mapping[str, Arena], main: bool
) -> OverviewRow:
    found = people(arena, municipality)
    units = _unit_series(slug, arena, municipality)
    responsible = (
        _unique(name for unit in units for name in unit.conveners) if units else found.conveners
    )
    return OverviewRow(
        slug=slug,
        arena=arena,
        parties=arena.participants_text,
        people=found,
        responsible=responsible,
        responsible_any_of=found.conveners_any_of and not units,
        units=[unit.name for unit in units],
        related=related(arena, arenas),
        main=main,
    )


def overview_document(arenas: dict[str, Arena], municipality: Municipality) -> OverviewDocument:
    """The arenas grouped by level (individ, system, tjeneste; an arena on several levels under
    each, one whose level is not stated last), then by age band from the
    youngest; arenas without a band last. Within a group, in file-name order. A per-unit arena
    is one row, naming its units; the responsible are each unit's conveners. Public: no
    arena's assumptions reach it."""
    levels = []
    for level in [*_LEVEL_ORDER, None]:
        rows_by_band: dict[tuple[int, int] | None, list[OverviewRow]] = {}
        for slug, arena in arenas.items():
            # An arena on several levels is listed under each; one whose level is not stated
            # under "not stated", last.
            if (level not in arena.level) if level is not None else bool(arena.level):
                continue
            main = not arena.level or arena.level[0] is level
            row = _overview_row(slug, arena.public(), municipality, arenas, main)
            rows_by_band.setdefault(arena.age_band, []).append(row)
        if rows_by_band:
            bands = sorted(rows_by_band, key=lambda band: (band is None, band or (0, 0)))
            name = level.value if level is not None else NOT_STATED
            levels.append(LevelGroup(name, [AgeGroup(band, rows_by_band[band]) for band in bands]))
    return OverviewDocument(municipality.name, levels)

"""Who an arena's invitation goes to: roles and services resolved through the roster."""

from __future__ import annotations

from dataclasses import dataclass, field

from samarbeid_cli.models.arena import Arena, Participant, Ref
from samarbeid_cli.models.municipality import Municipality


@dataclass(frozen=True)
class Invitee:
    """A person (from the roster) invited in some part."""

    name: str
    email: str
    role: str = "REQ-PARTICIPANT"
    """CHAIR, REQ-PARTICIPANT or OPT-PARTICIPANT (RFC 5545 3.2.16)."""
    label: str = ""
    """The role or service they are invited as, as the municipality writes it."""


@dataclass(frozen=True)
class NotInvited:
    """A role or service the arena names that no invitation reaches: no address in the roster."""

    name: str
    part: str
    """convener, chair, deputy_chair or participant."""


@dataclass(frozen=True)
class Invitees:
    """The organizer, the attendees, and everyone the invitation cannot reach."""

    organizer: Invitee | None
    attendees: list[Invitee] = field(default_factory=list)
    not_invited: list[NotInvited] = field(default_factory=list)

    @property
    def without_address(self) -> list[str]:
        """The names of those not invited, in the order the arena lists them."""
        return [missing.name for missing in self.not_invited]


def display_name(ref: Ref, municipality: Municipality) -> str:
    """A role's or service's name as the municipality writes it."""
    if ref.role is not None:
        role = municipality.roles.get(ref.role)
        return role.name if role else ref.role
    service = municipality.services.get(ref.slug)
    return service.name if service else ref.slug


def invitees(arena: Arena, municipality: Municipality) -> Invitees:
    """Resolve the convener (ORGANIZER) and everyone else the arena names (ATTENDEE).

    The first convener with an address organizes; other conveners, the chair and the deputy
    attend even when the participant list leaves them out (the chair as CHAIR), participants
    as REQ- or OPT-PARTICIPANT. Everyone whose role or service has no address in the roster is
    in `not_invited`, once, with the part they have: nobody is dropped silently.
    """
    organizer = None
    for ref in arena.convener:
        people = municipality.roster.get(ref.slug, [])
        if people:
            label = display_name(ref, municipality)
            organizer = Invitee(people[0].name, people[0].email, "CHAIR", label)
            break
    chair = arena.chair.slug if arena.chair else None
    named: list[tuple[Ref, str]] = [(ref, "convener") for ref in arena.convener]
    named += [(ref, "chair") for ref in [arena.chair] if ref is not None]
    named += [(ref, "deputy_chair") for ref in [arena.deputy_chair] if ref is not None]
    # Participants who join only for a case are named in documents, never sent the series.
    named += [(ref, "participant") for ref in arena.participants if not ref.case_only]

    seen = {organizer.email.lower()} if organizer else set()
    done: set[str] = set()
    attendees: list[Invitee] = []
    missing: list[NotInvited] = []
    for ref, part in named:
        if ref.slug in done:
            continue
        done.add(ref.slug)
        label = display_name(ref, municipality)
        people = municipality.roster.get(ref.slug, [])
        if not people:
            missing.append(NotInvited(label, part))
            continue
        if ref.slug == chair:
            role = "CHAIR"
        elif isinstance(ref, Participant) and (ref.optional or ref.attends_per_year):
            role = "OPT-PARTICIPANT"
        else:
            role = "REQ-PARTICIPANT"
        for person in people:
            if person.email.lower() not in seen:
                seen.add(person.email.lower())
                attendees.append(Invitee(person.name, person.email, role, label))
    return Invitees(organizer, attendees, missing)

"""Who an arena's invitation goes to: roles and services resolved through the roster."""

from __future__ import annotations

from dataclasses import dataclass, field

from samarbeid_cli.models.arena import Arena, Ref
from samarbeid_cli.models.municipality import Municipality


@dataclass(frozen=True)
class Invitee:
    """A person (from the roster) invited in some part."""

    name: str
    email: str
    role: str = "REQ-PARTICIPANT"
    """CHAIR, REQ-PARTICIPANT or OPT-PARTICIPANT (RFC 5545 3.2.16)."""


@dataclass(frozen=True)
class Invitees:
    """The organizer, the attendees, and the participants nobody could be found for."""

    organizer: Invitee | None
    attendees: list[Invitee] = field(default_factory=list)
    without_address: list[str] = field(default_factory=list)


def display_name(ref: Ref, municipality: Municipality) -> str:
    """A role's or service's name as the municipality writes it."""
    if ref.role is not None:
        role = municipality.roles.get(ref.role)
        return role.name if role else ref.role
    service = municipality.services.get(ref.slug)
    return service.name if service else ref.slug


def invitees(arena: Arena, municipality: Municipality) -> Invitees:
    """Resolve the convener (ORGANIZER) and every participant (ATTENDEE) in the roster.

    The chair attends as CHAIR, optional participants as OPT-PARTICIPANT. A participant whose
    role or service has no roster entry is listed in `without_address`, never dropped silently.
    """
    organizer = None
    for ref in arena.convener:
        people = municipality.roster.get(ref.slug, [])
        if people:
            organizer = Invitee(people[0].name, people[0].email, "CHAIR")
            break
    chair_slug = arena.chair.slug if arena.chair else None
    seen = {organizer.email.lower()} if organizer else set()
    attendees: list[Invitee] = []
    missing: list[str] = []
    for participant in arena.participants:
        people = municipality.roster.get(participant.slug, [])
        if not people:
            if not organizer or participant.slug not in {ref.slug for ref in arena.convener}:
                missing.append(display_name(participant, municipality))
            continue
        if participant.slug == chair_slug:
            part = "CHAIR"
        elif participant.optional or participant.attends_per_year is not None:
            part = "OPT-PARTICIPANT"
        else:
            part = "REQ-PARTICIPANT"
        for person in people:
            if person.email.lower() not in seen:
                seen.add(person.email.lower())
                attendees.append(Invitee(person.name, person.email, part))
    return Invitees(organizer, attendees, missing)

"""Every value samarbeid fills in where the data is silent, in one table.

A default is an assumption, never the municipality's rule: the models take their defaults
from here, `samarbeid assumptions` lists each one an arena or municipality relies on, the
documents print "ikke fastsatt" / "ikkje fastsett" instead of it, and the README's table of
defaults is this one (a test compares them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Default:
    """One value filled in where the data does not give it."""

    file: Literal["arena", "municipality"]
    field: str
    """The dotted field, e.g. `meeting.duration_minutes`."""
    value: int
    unit: str
    """What `value` counts, in English: minutes, days, months, years."""
    used_for: str
    """What samarbeid uses it for, in English, for `assumptions` and the README."""


DEFAULTS: dict[str, Default] = {
    item.field: item
    for item in (
        Default(
            "arena",
            "meeting.duration_minutes",
            60,
            "minutes",
            "the length of each meeting in calendars and invitations",
        ),
        Default(
            "arena",
            "agenda.lead_days",
            7,
            "days",
            "the day `agenda --due` lists an agenda to send; never printed as the rule",
        ),
        Default(
            "arena",
            "revision.interval_months",
            12,
            "months",
            "when `check-revisions` finds a routine due",
        ),
        Default(
            "municipality",
            "consent.self_consent_age",
            15,
            "years",
            "the age `check-consent` reports youth who may consent themselves",
        ),
        Default(
            "municipality",
            "consent.renewal_interval_years",
            2,
            "years",
            "when `check-consent` finds a consent without `expires` expired",
        ),
    )
}


def default(field: str) -> int:
    """The value filled in for `field` (a key of `DEFAULTS`)."""
    return DEFAULTS[field].value

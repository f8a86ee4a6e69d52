"""What an arena's meetings discuss beyond the arena file: submitted topics and standing items.

Both live in a folder beside the arena file, so that submitting a topic is one small file in
one reviewable change:
    data/arenas/<municipality>/<arena>/topics/<YYYY-MM-DD>-<slug>.yaml
    data/arenas/<municipality>/<arena>/standing-items.yaml
A per-unit arena has one folder for all its units: its standing items and topics apply to every
unit's meeting that day, unless a topic names its `unit`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, model_validator

from samarbeid_cli.i18n import _
from samarbeid_cli.models.arena import Ref
from samarbeid_cli.models.types import Record, Slug, Text


class TopicKind(StrEnum):
    """What the meeting does with a topic."""

    information = "information"
    discussion = "discussion"
    decision = "decision"


class Topic(Record):
    """A topic (sak) submitted for one meeting; roles and services, never people or children."""

    title: Text
    submitted_by: Ref = Field(description="The role or service that submits the topic.")
    kind: TopicKind
    minutes_needed: Annotated[int, Field(ge=1, le=480)] | None = Field(
        default=None, description="Meeting time the topic needs, in minutes."
    )
    description: str | None = Field(
        default=None, description="A short background; anonymous, as the case discussion rule says."
    )
    unit: Slug | None = Field(
        default=None,
        description="For a per-unit arena: only this unit's meeting (a unit slug); without it "
        "the topic is on every unit's meeting that day.",
    )


Builtin = Literal["previous_minutes", "status_round", "topics", "information", "any_other_business"]

DEFAULT_STANDING_ITEMS: tuple[Builtin, ...] = (
    "previous_minutes",
    "status_round",
    "topics",
    "information",
    "any_other_business",
)
"""Seed 000's meetings: approval of the previous minutes, a status round from each service,
the submitted topics, information and eventuelt."""


class StandingItem(Record):
    """One standing item: a built-in one (worded in the municipality's målform) or own text."""

    builtin: Builtin | None = None
    title: Text | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> StandingItem:
        if (self.builtin is None) == (self.title is None):
            raise ValueError(_("needs exactly one of 'builtin' or 'title'"))
        return self


class StandingItems(Record):
    """`standing-items.yaml`: the arena's own standing items, in order.

    `builtin: topics` marks where the submitted topics go; without it they come last.
    """

    standing_items: list[StandingItem]


@dataclass(frozen=True)
class SubmittedTopic:
    """A topic with the meeting date and slug its file name gives."""

    date: dt.date
    slug: str
    topic: Topic
    path: str

    def for_meeting(self, day: dt.date, unit: str | None) -> bool:
        """Whether the topic is on the agenda of `unit`'s (or a plain arena's) meeting on `day`."""
        return self.date == day and self.topic.unit in (None, unit)

"""The words of the annual wheel in bokmål or nynorsk: ring names, derived items, month names.

The words come from templates/wheel/labels.<målform>.txt.j2; month names from Babel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel.dates import format_date

from samarbeid_cli.renderers import documents
from samarbeid_cli.services.wheel import Category, WheelItem


def label(malform: str, what: str, **values: object) -> str:
    """One label from the wheel's template, e.g. label("nn", "category", ring="series")."""
    return documents.render("wheel/labels", malform, what=what, **values).strip()


def month_name(year: int, month: int, malform: str) -> str:
    """ "januar" (the standalone form)."""
    return format_date(dt.date(year, month, 1), "LLLL", locale=malform)


def category_name(category: Category, malform: str) -> str:
    """The ring's name for the legend."""
    return label(malform, "category", ring=category.value)


def when_text(item: WheelItem, malform: str) -> str:
    """ "januar–mars", "juni" or "15. november"."""
    if item.start == item.end:
        return format_date(item.start, "d. MMMM", locale=malform)
    first = month_name(item.start.year, item.start.month, malform)
    last = month_name(item.end.year, item.end.month, malform)
    return first if first == last else f"{first}–{last}"


def title_text(item: WheelItem, malform: str) -> str:
    """The item's words: the data's own, or the wording of what samarbeid derived."""
    text = (
        item.title
        if item.derived is None
        else label(malform, item.derived.value, subject=item.title)
    )
    return f"{text} {label(malform, 'done')}" if item.done else text


@dataclass(frozen=True)
class ItemText:
    """An item as every output shows it."""

    number: int
    item: WheelItem
    when: str
    title: str
    responsible: str
    category: str


def item_texts(items: list[WheelItem], malform: str) -> list[ItemText]:
    """Numbered texts for the items, in their order."""
    return [
        ItemText(
            number,
            item,
            when_text(item, malform),
            title_text(item, malform),
            ", ".join(item.responsible),
            category_name(item.category, malform),
        )
        for number, item in enumerate(items, start=1)
    ]

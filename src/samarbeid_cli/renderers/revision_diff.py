"""`samarbeid diff` in words: terminal text, Markdown for a pull request, or JSON.

The words come from `templates/diff/` in each municipality's målform; weekday and month names
and clock times from Babel.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any

from babel.dates import format_time, get_day_names

from samarbeid_cli.loading.at_revision import DataAtRevision
from samarbeid_cli.models.characters import CONTROL
from samarbeid_cli.models.types import Weekday, is_slug
from samarbeid_cli.renderers import documents, texts
from samarbeid_cli.services.revision_diff import ArenaDiff, Change, Comparison, MunicipalityDiff


def _join(items: Iterable[str], conjunction: str) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _helpers(malform: str) -> dict[str, Callable[..., str]]:
    names = get_day_names("wide", locale=malform)

    def weekday(day: Weekday | None) -> str:
        if day is None:
            return "ukedag ikke fastsatt" if malform == "nb" else "vekedag ikkje fastsett"
        return str(names[day.number])

    def clock(time: dt.time) -> str:
        return str(format_time(time, "HH.mm", locale=malform))

    def day(date: dt.date) -> str:
        return texts.day_text(date, malform)

    def dates(days: Iterable[dt.date]) -> str:
        return ", ".join(texts.day_text(date, malform) for date in days)

    def code(items: Iterable[str]) -> str:
        return ", ".join(f"`{item}`" for item in items)

    return {
        "weekday": weekday,
        "clock": clock,
        "day": day,
        "dates": dates,
        "code": code,
        "join": _join,
    }


def change_text(change: Change, malform: str, part: str = "line") -> list[str]:
    """A change as the lines a reader sees ("Frekvens: ... → ..."), or one of its values."""
    text = documents.render("diff/change", malform, change=change, part=part, **_helpers(malform))
    return [line for line in text.splitlines() if line.strip()]


def _shown(text: str, md: bool) -> str:
    """A name or a slug as the report prints it: an arena that could not be read is named by
    its file, and a committed file name may hold a line break (a raw heading in the pull
    request's comment) or Markdown; both are written out as the characters they are."""
    text = CONTROL.sub(lambda match: repr(match[0])[1:-1], text)
    return documents.markdown_escaped(text) if md else text


def _slug_shown(slug: str, md: bool) -> str:
    return f"`{slug}`" if is_slug(slug) else _shown(f"'{slug}'", md)


def _municipality(municipality: MunicipalityDiff, comparison: Comparison, md: bool) -> str:
    malform = municipality.malform
    arenas = [
        {
            "slug": _slug_shown(arena.slug, md),
            "name": _shown(arena.name, md),
            "status": arena.status,
            "unreadable_at": arena.unreadable_at,
            "meetings": arena.meetings,
            "lines": [line for change in arena.changes for line in change_text(change, malform)],
        }
        for arena in municipality.arenas
    ]
    return documents.render(
        "diff/municipality",
        malform,
        municipality=municipality,
        shown_name=_shown(municipality.name, md),
        arenas=arenas,
        md=md,
        period=texts.period_text(comparison.period, malform),
        sides={"old": comparison.old, "new": comparison.new},
        **_helpers(malform),
    ).rstrip()


def as_text(comparison: Comparison, *, md: bool) -> str:
    """The report for a terminal, or (md) as Markdown to post on a pull request."""
    sections = [_municipality(item, comparison, md) for item in comparison.municipalities]
    invalid = [side for side in (comparison.old, comparison.new) if side.errors]
    return (
        documents.render(
            "diff/report",
            comparison.malform,
            old=comparison.old,
            new=comparison.new,
            invalid=invalid,
            sections=sections,
            md=md,
            **_helpers(comparison.malform),
        ).rstrip()
        + "\n"
    )


def _side(side: DataAtRevision) -> dict[str, Any]:
    return {
        "revision": None if side.commit is None else side.label,
        "commit": side.commit,
        "valid": not side.errors,
        "errors": [finding.as_json() for finding in side.errors],
    }


def _change(change: Change, malform: str) -> dict[str, Any]:
    row: dict[str, Any] = {"aspect": change.aspect}
    if change.added or change.removed:
        row["added"], row["removed"] = list(change.added), list(change.removed)
    else:
        row["old"] = None if change.old is None else change_text(change, malform, "old")[0]
        row["new"] = None if change.new is None else change_text(change, malform, "new")[0]
    row["text"] = change_text(change, malform)
    return row


def _arena(arena: ArenaDiff, malform: str) -> dict[str, Any]:
    return {
        "slug": arena.slug,
        "name": arena.name,
        "status": arena.status,
        "unreadable_at": list(arena.unreadable_at),
        "changes": [_change(change, malform) for change in arena.changes],
        "meetings": {
            "added": [day.isoformat() for day in arena.meetings.added],
            "dropped": [day.isoformat() for day in arena.meetings.dropped],
            "problem": arena.meetings.problem,
        },
    }


def as_json(comparison: Comparison) -> str:
    """The same report as data (shape in the README)."""
    return json.dumps(
        {
            "old": _side(comparison.old),
            "new": _side(comparison.new),
            "period": str(comparison.period),
            "municipalities": [
                {
                    "slug": item.slug,
                    "name": item.name,
                    "malform": item.malform,
                    "status": item.status,
                    "unreadable_at": list(item.unreadable_at),
                    "fields": list(item.fields),
                    "arenas": [_arena(arena, item.malform) for arena in item.arenas],
                }
                for item in comparison.municipalities
            ],
        },
        ensure_ascii=False,
        indent=2,
    )

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
from samarbeid_cli.renderers.field_labels import label
from samarbeid_cli.services.revision_diff import ArenaDiff, Change, Comparison, MunicipalityDiff
from samarbeid_cli.services.revision_plan import Plan, Window
from samarbeid_cli.services.word_diff import Segment


def _join(items: Iterable[str], conjunction: str) -> str:
    words = list(items)
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def edited_text(segments: Iterable[Segment], md: bool) -> str:
    """Words kept as they are, removed [-so-] and added {+so+} (as git's --word-diff writes
    them), or in Markdown ~~removed~~ and **added**."""
    marks = (
        {"removed": ("~~", "~~"), "added": ("**", "**")}
        if md
        else {
            "removed": ("[-", "-]"),
            "added": ("{+", "+}"),
        }
    )
    joined = ""
    previous = None
    for kind, text in segments:
        shown = documents.markdown_escaped(text) if md else text
        if kind != "same":
            opening, closing = marks[kind]
            shown = f"{opening}{shown}{closing}"
        # A removal and the addition that replaces it sit together: "[-6.-]{+4.+}".
        joined += (
            shown if previous is None or (previous, kind) == ("removed", "added") else (" " + shown)
        )
        previous = kind
    return joined


def _helpers(malform: str, md: bool = False) -> dict[str, Callable[..., Any]]:
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
        "label": lambda aspect: label(aspect, malform),
        "labels_of": lambda aspects: [label(aspect, malform) for aspect in aspects],
        "edited": lambda segments: edited_text(segments, md),
    }


def change_text(change: Change, malform: str, part: str = "line", md: bool = False) -> list[str]:
    """A change as the lines a reader sees ("Frekvens: ... → ..."), or one of its values."""
    text = documents.render(
        "diff/change", malform, change=change, part=part, **_helpers(malform, md)
    )
    return [line for line in text.splitlines() if line.strip()]


def _shown(text: str, md: bool) -> str:
    """A name or a slug as the report prints it: an arena that could not be read is named by
    its file, and a committed file name may hold a line break (a raw heading in the pull
    request's comment) or Markdown; both are written out as the characters they are."""
    text = CONTROL.sub(lambda match: repr(match[0])[1:-1], text)
    return documents.markdown_escaped(text) if md else text


def _slug_shown(slug: str, md: bool) -> str:
    return f"`{slug}`" if is_slug(slug) else _shown(f"'{slug}'", md)


def window_text(window: Window, malform: str) -> dict[str, Any]:
    """A window's half-year in words, and the day it is counted from when that is not its
    first ("andre halvår 2026", "fredag 4. desember 2026")."""
    full = texts.period_text(window.period, malform)
    return {
        "whole": window.whole,
        "full": full,
        "name": full.split(" (")[0],
        "from": texts.day_text(window.first_day, malform),
    }


def _plan(plan: Plan, malform: str) -> dict[str, Any]:
    return {
        "window": window_text(plan.window, malform),
        "changed": plan.changed,
        "before": plan.before,
        "after": plan.after,
        "added": plan.added,
        "dropped": plan.dropped,
    }


def _municipality(municipality: MunicipalityDiff, comparison: Comparison, md: bool) -> str:
    malform = municipality.malform
    arenas = [
        {
            "slug": _slug_shown(arena.slug, md),
            "name": _shown(arena.name, md),
            "status": arena.status,
            "unreadable_at": arena.unreadable_at,
            "meetings": arena.meetings,
            "plans": [_plan(plan, malform) for plan in arena.meetings.plans]
            if arena.meetings
            else [],
            "renamed_from": _slug_shown(arena.renamed_from, md) if arena.renamed_from else None,
            "renamed_from_slug": arena.renamed_from,
            "rename_stated": arena.rename_stated,
            "sent": arena.sent,
            "lines": [
                line for change in arena.changes for line in change_text(change, malform, md=md)
            ],
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
        **_helpers(malform, md),
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
            warnings=comparison.warnings,
            sections=sections,
            md=md,
            **_helpers(comparison.malform, md),
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
        "renamed_from": arena.renamed_from,
        "rename_stated": arena.rename_stated,
        "sent": arena.sent,
        "meetings": {
            "added": [day.isoformat() for day in arena.meetings.added],
            "dropped": [day.isoformat() for day in arena.meetings.dropped],
            "problem": arena.meetings.problem,
            "plans": [
                {
                    "period": str(plan.window.period),
                    "from": plan.window.first_day.isoformat(),
                    "before": [day.isoformat() for day in plan.before],
                    "after": [day.isoformat() for day in plan.after],
                    "dropped": [
                        {
                            "date": item.day.isoformat(),
                            "why": item.why,
                            "reason": item.reason,
                            "moved_to": item.moved_to.isoformat() if item.moved_to else None,
                        }
                        for item in plan.dropped
                    ],
                }
                for plan in arena.meetings.plans
            ],
        },
    }


def as_json(comparison: Comparison) -> str:
    """The same report as data (shape in the README)."""
    return json.dumps(
        {
            "old": _side(comparison.old),
            "new": _side(comparison.new),
            "period": str(comparison.period),
            "periods": [
                {"period": str(window.period), "from": window.first_day.isoformat()}
                for window in comparison.windows
            ],
            "warnings": [finding.as_json() for finding in comparison.warnings],
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

"""`samarbeid history` in words (the municipality's målform) or as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from samarbeid_cli.renderers import texts
from samarbeid_cli.renderers.document_words import short_date
from samarbeid_cli.renderers.field_labels import label
from samarbeid_cli.services.arena_changes import ApprovalShown
from samarbeid_cli.services.routine_history import RoutineRevision

_WORDS = {
    "nb": {
        "heading": "{name} (`{slug}`): {count} versjoner i git, eldste først",
        "heading_one": "{name} (`{slug}`): 1 versjon i git",
        "none": "{name} (`{slug}`): ingen versjoner i git ennå",
        "first": "første versjon",
        "changed": "endret: {fields}",
        "unchanged": "ingen endring i rutinen",
        "invalid": "ugyldig i denne versjonen; se samarbeid validate ved denne revisjonen",
        "last_revised": "sist revidert {date}",
        "approved": "godkjent av {by} {date}",
        "approved_in": " (vedtatt i {meeting}, {date})",
        "not_stated": "ikke oppgitt",
        "no_revision_date": "sist revidert: ikke oppgitt",
        "no_approval": "godkjenning: ikke oppgitt",
        "and": "og",
        "shallow": "Merk: dette er en grunn kopi (shallow clone), så eldre versjoner kan mangle; "
        "hent hele historikken med git fetch --unshallow.",
    },
    "nn": {
        "heading": "{name} (`{slug}`): {count} versjonar i git, eldste først",
        "heading_one": "{name} (`{slug}`): 1 versjon i git",
        "none": "{name} (`{slug}`): ingen versjonar i git enno",
        "first": "første versjon",
        "changed": "endra: {fields}",
        "unchanged": "inga endring i rutinen",
        "invalid": "ugyldig i denne versjonen; sjå samarbeid validate ved denne revisjonen",
        "last_revised": "sist revidert {date}",
        "approved": "godkjend av {by} {date}",
        "approved_in": " (vedteke i {meeting}, {date})",
        "not_stated": "ikkje oppgitt",
        "no_revision_date": "sist revidert: ikkje oppgitt",
        "no_approval": "godkjenning: ikkje oppgitt",
        "and": "og",
        "shallow": "Merk: dette er ein grunn kopi (shallow clone), så eldre versjonar kan "
        "mangle; hent heile historikken med git fetch --unshallow.",
    },
}


def _approval(approved: ApprovalShown, malform: str) -> str:
    words = _WORDS[malform]
    text = words["approved"].format(by=approved.by, date=short_date(approved.date, malform))
    if approved.meeting and approved.meeting_on:
        text += words["approved_in"].format(
            meeting=approved.meeting, date=short_date(approved.meeting_on, malform)
        )
    return text


def _line(revision: RoutineRevision, malform: str) -> str:
    words = _WORDS[malform]
    when = f"{texts.day_text(revision.day, malform)} ({revision.commit[:7]})"
    if not revision.valid:
        return f"- {when}: {words['invalid']}"
    if revision.first:
        what = words["first"]
    elif revision.changed:
        names = [label(aspect, malform) for aspect in dict.fromkeys(revision.changed)]
        joined = (
            f"{', '.join(names[:-1])} {words['and']} {names[-1]}" if len(names) > 1 else names[0]
        )
        what = words["changed"].format(fields=joined)
    else:
        what = words["unchanged"]
    revised = (
        words["last_revised"].format(date=short_date(revision.last_revised, malform))
        if revision.last_revised
        else words["no_revision_date"]
    )
    approved = _approval(revision.approved, malform) if revision.approved else words["no_approval"]
    return f"- {when}: {what}; {revised}; {approved}"


def as_text(
    name: str,
    slug: str,
    history: Sequence[RoutineRevision],
    malform: str,
    shallow: bool,
) -> str:
    """The routine's versions, oldest first, one line each."""
    words = _WORDS.get(malform, _WORDS["nb"])
    malform = malform if malform in _WORDS else "nb"
    if not history:
        heading = words["none"]
    else:
        heading = words["heading_one"] if len(history) == 1 else words["heading"]
    lines = [heading.format(name=name, slug=slug, count=len(history))]
    lines += [_line(revision, malform) for revision in history]
    if shallow:
        lines += ["", words["shallow"]]
    return "\n".join(lines) + "\n"


def _approved_json(approved: ApprovalShown | None) -> dict[str, Any] | None:
    if approved is None:
        return None
    return {
        "date": approved.date.isoformat(),
        "by": approved.by,
        "meeting": approved.meeting,
        "meeting_date": approved.meeting_on.isoformat() if approved.meeting_on else None,
    }


def as_json(slug: str, history: Sequence[RoutineRevision], shallow: bool) -> str:
    """The same as data: `{"arena", "shallow", "revisions"}`."""
    return json.dumps(
        {
            "arena": slug,
            "shallow": shallow,
            "revisions": [
                {
                    "commit": revision.commit,
                    "date": revision.day.isoformat(),
                    "valid": revision.valid,
                    "first": revision.first,
                    "changed": list(dict.fromkeys(revision.changed)),
                    "last_revised": revision.last_revised.isoformat()
                    if revision.last_revised
                    else None,
                    "approved": _approved_json(revision.approved),
                }
                for revision in history
            ],
        },
        ensure_ascii=False,
        indent=2,
    )

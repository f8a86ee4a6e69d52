"""`samarbeid check-revisions` as text (each municipality in its målform) or JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable

from babel.dates import format_date

from samarbeid_cli.models.workspace import Workspace
from samarbeid_cli.renderers import documents
from samarbeid_cli.services.revisions import DUE_WITHIN_DAYS, RevisionReport


def as_text(report: RevisionReport, workspace: Workspace, municipality: str | None) -> str:
    """One block per municipality: overdue, due soon, without a date, then stale dates."""
    blocks = []
    for slug, record in sorted(workspace.municipalities.items()):
        if municipality not in (None, slug):
            continue

        def day(date: dt.date, malform: str = record.malform) -> str:
            return str(format_date(date, "d. MMMM y", locale=malform))

        def code(items: Iterable[str]) -> str:
            return ", ".join(f"`{item}`" for item in items)

        blocks.append(
            documents.render(
                "revisions/report",
                record.malform,
                municipality=record,
                due=[item for item in report.due if item.municipality == slug],
                stale=[item for item in report.stale if item.municipality == slug],
                without_plan=[item for item in report.without_plan if item.municipality == slug],
                horizon=report.as_of + dt.timedelta(days=DUE_WITHIN_DAYS),
                day=day,
                code=code,
            ).rstrip()
        )
    return "\n\n".join(blocks) + "\n"


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def as_json(report: RevisionReport) -> str:
    """`{"as_of", "due_within_days", "overdue", "revisions", "stale", "without_plan",
    "history_checked", "shallow"}`."""
    return json.dumps(
        {
            "as_of": report.as_of.isoformat(),
            "due_within_days": DUE_WITHIN_DAYS,
            "overdue": report.overdue,
            "revisions": [
                {key: _plain(value) for key, value in dataclasses.asdict(item).items()}
                for item in report.due
            ],
            "stale": [
                {key: _plain(value) for key, value in dataclasses.asdict(item).items()}
                for item in report.stale
            ],
            "without_plan": [dataclasses.asdict(item) for item in report.without_plan],
            "history_checked": report.history_checked,
            "shallow": report.shallow,
        },
        ensure_ascii=False,
        indent=2,
    )

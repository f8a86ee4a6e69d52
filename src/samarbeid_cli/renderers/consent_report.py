"""A consent sweep as the leader reads it (bokmål/nynorsk text), as JSON, or as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Sequence

from samarbeid_cli.models.finding import Finding
from samarbeid_cli.renderers import documents
from samarbeid_cli.services.consent import Sweep, SweepFinding

CSV_COLUMNS = (
    "unit",
    "holder",
    "log_id",
    "problem",
    "kind",
    "row",
    "given",
    "expires",
    "withdrawn",
    "turns_age_in",
)


def _norwegian(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _row(finding: SweepFinding) -> dict[str, object]:
    return {
        "unit": finding.unit,
        "holder": finding.holder,
        "log_id": finding.log_id,
        "problem": finding.problem.value,
        "kind": finding.kind.value if finding.kind else None,
        "row": finding.line,
        "given": _iso(finding.given),
        "expires": _iso(finding.expires),
        "withdrawn": _iso(finding.withdrawn),
        "turns_age_in": finding.turns_age_in,
    }


def as_text(
    result: Sweep,
    malformed: Sequence[Finding],
    malform: str,
    municipality: str | None,
    unit_name: Callable[[str], str] = str,
) -> str:
    """The report, grouped by unit and log holder, in the municipality's written standard.

    `unit_name` gives the name of the unit the register writes (by its slug, say).
    """
    groups = [
        {
            "unit": unit_name(unit),
            "holder": holder,
            "findings": [
                {
                    "problem": finding.problem.value,
                    "kind": finding.kind.value if finding.kind else None,
                    "log_id": finding.log_id,
                    "given": _norwegian(finding.given),
                    "expires": _norwegian(finding.expires),
                    "withdrawn": _norwegian(finding.withdrawn),
                    "turns_age_in": finding.turns_age_in,
                }
                for finding in findings
            ],
        }
        for (unit, holder), findings in result.groups()
    ]
    return documents.render(
        "consent/report",
        malform,
        as_of=_norwegian(result.as_of),
        municipality=municipality,
        within_days=result.within_days,
        age=result.self_consent_age,
        groups=groups,
        malformed=len(malformed),
    )


def as_json(result: Sweep, malformed: Sequence[Finding], register: str) -> str:
    """`{"register", "as_of", "within_days", "self_consent_age", "alert", "findings",
    "malformed"}`."""
    return json.dumps(
        {
            "register": register,
            "as_of": result.as_of.isoformat(),
            "within_days": result.within_days,
            "self_consent_age": result.self_consent_age,
            "alert": result.alert,
            "findings": [_row(finding) for finding in result.findings],
            "malformed": [finding.as_json() for finding in malformed],
        },
        ensure_ascii=False,
        indent=2,
    )


# A cell that starts like a formula is run as one by Excel and LibreOffice ("=HYPERLINK(...)"
# in a holder's name); a leading apostrophe makes it text (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def as_csv(result: Sweep) -> str:
    """One line per finding, `;`-separated as Norwegian Excel opens it, ISO dates; a text cell
    that would start a formula begins with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    for finding in result.findings:
        writer.writerow({key: _cell(value) for key, value in _row(finding).items()})
    return buffer.getvalue()

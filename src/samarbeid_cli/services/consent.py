"""The consent sweep (seed 004, "Samtykke"): which active logs need a leader's attention.

A consent is renewed by adding a new row, so for each log and kind only the latest consent
(by `given`) counts; older rows are history. `expires` is the first day the consent no longer
holds: given 1 March 2025 with a 2-year interval, it expires 1 March 2027.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from samarbeid_cli.models.consent import ConsentKind, LogStatus, RegisterRow
from samarbeid_cli.models.municipality import Consent


class Problem(StrEnum):
    """What the sweep found, in the order the report lists them."""

    expired = "expired"
    missing = "missing"
    withdrawn = "withdrawn"
    expiring = "expiring"
    self_consent = "self_consent"


@dataclass(frozen=True)
class SweepFinding:
    """One thing to follow up, for one log."""

    problem: Problem
    unit: str
    holder: str
    log_id: str
    kind: ConsentKind | None
    line: int | None
    given: dt.date | None = None
    expires: dt.date | None = None
    withdrawn: dt.date | None = None
    turns_age_in: int | None = None

    @property
    def alert(self) -> bool:
        """Whether this finding alone makes the sweep fail (exit 1)."""
        return self.problem in {Problem.expired, Problem.missing} or (
            self.problem is Problem.withdrawn and self.kind is ConsentKind.logg
        )


@dataclass(frozen=True)
class Sweep:
    """The findings of one sweep, grouped by (unit, holder)."""

    as_of: dt.date
    within_days: int
    self_consent_age: int
    findings: list[SweepFinding]

    @property
    def alert(self) -> bool:
        """Whether an active log is kept without a valid consent: one expired, or no consent
        to the log itself (none given, or it was withdrawn)."""
        return any(finding.alert for finding in self.findings)

    def groups(self) -> list[tuple[tuple[str, str], list[SweepFinding]]]:
        """The findings by (unit, holder), in that order."""
        grouped: dict[tuple[str, str], list[SweepFinding]] = {}
        for finding in self.findings:
            grouped.setdefault((finding.unit, finding.holder), []).append(finding)
        return list(grouped.items())


def expiry(given: dt.date, expires: dt.date | None, rules: Consent) -> dt.date:
    """When a consent stops holding: its own date, else `given` plus the renewal interval.

    relativedelta keeps the day of month and falls back to the month's last day, so a consent
    given 29 February 2024 with a 2-year interval expires 28 February 2026.
    """
    if expires is not None:
        return expires
    return given + relativedelta(years=rules.renewal_interval_years)


def _current(rows: Sequence[RegisterRow]) -> dict[tuple[str, ConsentKind], RegisterRow]:
    latest: dict[tuple[str, ConsentKind], RegisterRow] = {}
    for row in rows:
        key = (row.record.log_id, row.record.kind)
        if key not in latest or row.record.given >= latest[key].record.given:
            latest[key] = row
    return latest


def sweep(rows: Sequence[RegisterRow], rules: Consent, as_of: dt.date, within_days: int) -> Sweep:
    """Check every active log's current consents as of a day.

    Args:
        rows: The register's valid rows.
        rules: The municipality's consent rules (renewal interval, self-consent age).
        as_of: The day to judge by.
        within_days: How far ahead an expiry is reported as coming.
    """
    active = {row.record.log_id for row in rows if row.record.log_status is LogStatus.active}
    closed = {row.record.log_id for row in rows if row.record.log_status is LogStatus.closed}
    # A log marked closed on any row is closed: closing is the last thing that happens to it.
    active -= closed
    findings: list[SweepFinding] = []
    current = _current([row for row in rows if row.record.log_id in active])
    horizon = as_of + dt.timedelta(days=within_days)
    for (_, kind), row in sorted(current.items(), key=lambda item: item[1].line):
        record = row.record
        ends = expiry(record.given, record.expires, rules)
        base = SweepFinding(
            Problem.expired,
            record.unit,
            record.holder,
            record.log_id,
            kind,
            row.line,
            given=record.given,
            expires=ends,
        )
        if record.withdrawn is not None and record.withdrawn <= as_of:
            findings.append(replace(base, problem=Problem.withdrawn, withdrawn=record.withdrawn))
            continue
        if ends <= as_of:
            findings.append(base)
        elif ends <= horizon:
            findings.append(replace(base, problem=Problem.expiring))
        if record.birth_year is not None:
            # Only the birth year is known: the youth turns the age some day in that year.
            turns = record.birth_year + rules.self_consent_age
            if record.given.year < turns <= as_of.year:
                findings.append(replace(base, problem=Problem.self_consent, turns_age_in=turns))
    for log_id in sorted(active):
        if (log_id, ConsentKind.logg) not in current:
            first = min(
                (row for row in rows if row.record.log_id == log_id), key=lambda row: row.line
            )
            findings.append(
                SweepFinding(
                    Problem.missing,
                    first.record.unit,
                    first.record.holder,
                    log_id,
                    ConsentKind.logg,
                    None,
                )
            )
    order = list(Problem)
    findings.sort(key=lambda f: (f.unit, f.holder, order.index(f.problem), f.log_id))
    return Sweep(as_of, within_days, rules.self_consent_age, findings)

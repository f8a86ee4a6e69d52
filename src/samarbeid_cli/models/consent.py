"""A consent register row (seed 004, "Samtykke"): which log holds which consent until when.

The register itself is personal data about children's cases and never lives in the repository;
these records only describe its shape. Logs are named by pseudonymous id, holders by role or
initials.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from samarbeid_cli.i18n import _
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.types import Record, Text

# Norwegian Excel writes 01.03.2026; ISO 8601 is what everything else writes.
_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_register_date(value: Any) -> dt.date:
    """A date written as ISO 8601 (2026-03-01) or dd.mm.yyyy (01.03.2026)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(_("must be a date such as 2026-03-01 or 01.03.2026"))
    text = value.strip()
    iso = _ISO_DATE.fullmatch(text)
    norwegian = _NORWEGIAN_DATE.fullmatch(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif norwegian:
        day, month, year = int(norwegian[1]), int(norwegian[2]), int(norwegian[3])
    else:
        raise ValueError(
            _("must be a date such as 2026-03-01 or 01.03.2026 (got {text})").format(
                text=repr(text)
            )
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("is not a real date (got {text})").format(text=repr(text))) from None


RegisterDate = Annotated[
    dt.date,
    BeforeValidator(parse_register_date),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})$"}),
]


class ConsentKind(StrEnum):
    """The two consents seed 004 names: to open the log, and to cooperate with others."""

    logg = "logg"
    samarbeid = "samarbeid"


class LogStatus(StrEnum):
    """Whether the log is still in use."""

    active = "active"
    closed = "closed"


COLUMNS = (
    "log_id",
    "unit",
    "holder",
    "kind",
    "given",
    "expires",
    "birth_year",
    "withdrawn",
    "log_status",
)


class ConsentRecord(Record):
    """One consent in the register: one row of the CSV, or one item of the YAML list."""

    log_id: Text = Field(description="The log's pseudonymous id, e.g. L-0001; never a name.")
    unit: Text = Field(description="The service or unit holding the log.")
    holder: Text = Field(description="The log holder, as a role or initials.")
    kind: ConsentKind
    given: RegisterDate
    expires: RegisterDate | None = Field(
        default=None, description="Default: given plus the municipality's renewal interval."
    )
    birth_year: Annotated[int, Field(ge=1900, le=2100)] | None = None
    withdrawn: RegisterDate | None = None
    log_status: LogStatus = LogStatus.active


class RegisterRow(Record):
    """A valid row and where it stands in the register file."""

    line: int
    record: ConsentRecord


@dataclass(frozen=True)
class ConsentRegister:
    """A register as read: its valid rows, and the rows that could not be read."""

    path: str
    rows: list[RegisterRow]
    malformed: list[Finding]

"""A problem found in the data, pointing into the file it was found in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, printed as `path:line:col: field.path: message`."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}:"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"

    def as_json(self) -> dict[str, object]:
        """The finding as a JSON object (the shape `validate --json` documents)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }

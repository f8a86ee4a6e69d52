"""A problem found in the data, pointing into the file it was found in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from samarbeid_cli.models.characters import CONTROL
from samarbeid_cli.models.identity_number import redact


@dataclass(frozen=True, order=True)
class Finding:
    """One problem, printed as `path:line:col: field.path: message`.

    Identity numbers in the path, field or message are replaced by a placeholder, and control
    characters written as escapes (`\\n`).
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __post_init__(self) -> None:
        # A message may echo a value ("(got '...')") and a path may be a file's name: an
        # identity number in either is blanked out here, once, for every way of printing.
        # A key may hold a control character too; shown as an escape, the line stays one line.
        for name in ("path", "field", "message"):
            text = CONTROL.sub(lambda match: repr(match[0])[1:-1], getattr(self, name))
            object.__setattr__(self, name, redact(text))

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

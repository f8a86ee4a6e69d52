"""All municipalities and arenas of one data folder, as loaded."""

from __future__ import annotations

from dataclasses import dataclass, field

from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.municipality import Municipality


@dataclass(frozen=True)
class Workspace:
    """The records of a data folder, and the file each came from (for messages)."""

    municipalities: dict[str, Municipality] = field(default_factory=dict)
    arenas: dict[str, dict[str, Arena]] = field(default_factory=dict)
    municipality_files: dict[str, str] = field(default_factory=dict)
    arena_files: dict[tuple[str, str], str] = field(default_factory=dict)

    def arenas_of(self, municipality: str) -> dict[str, Arena]:
        """The arenas of one municipality, by slug, in file-name order."""
        return self.arenas.get(municipality, {})

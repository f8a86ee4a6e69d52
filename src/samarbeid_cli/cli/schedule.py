"""`samarbeid schedule` (placeholder until the schedule issue)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the command to the app."""

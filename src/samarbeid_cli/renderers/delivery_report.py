"""What the coordinator reads after issuing: files written, who is not invited, and exactly
which invitation reached whom."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.services.invitations import NotInvited

_PARTS = {
    "convener": "convener",
    "chair": "chair",
    "deputy_chair": "deputy chair",
    "participant": "participant",
}


def not_invited_text(missing: Iterable[NotInvited]) -> str:
    """'PPT (participant), Rektor (chair)'."""
    return ", ".join(
        f"{person.name} ({_PARTS.get(person.part, person.part)})" for person in missing
    )


def written(console: Console, paths: Sequence[str]) -> None:
    """One line per file written."""
    for path in paths:
        console.print(f"wrote {escape(path)}")


def not_invited(
    console: Console,
    per_invitation: Mapping[str, Sequence[NotInvited]],
    without_organizer: Mapping[str, Sequence[NotInvited]],
) -> None:
    """One list per invitation of those it cannot reach, and the arenas with no invitation."""
    for name, missing in per_invitation.items():
        if missing:
            console.print(
                f"[yellow]{escape(name)}: not invited, no address in the roster: "
                f"{escape(not_invited_text(missing))}[/yellow]"
            )
    for slug, missing in without_organizer.items():
        console.print(
            f"[yellow]no invitation for {escape(slug)}: no convener has an address in the "
            f"roster (not invited: {escape(not_invited_text(missing))})[/yellow]"
        )


def person(label: str, address: str) -> str:
    """'SLT-koordinator <slt@kommune.example.no>'."""
    return f"{label} <{address}>" if label and label != address else address

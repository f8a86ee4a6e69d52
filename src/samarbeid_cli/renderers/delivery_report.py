"""What the coordinator reads after issuing: files written, who is not invited, and exactly
which invitation reached whom."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console
from rich.markup import escape

from samarbeid_cli.i18n import N_, _
from samarbeid_cli.services.invitations import NotInvited

_PARTS = {
    "convener": N_("convener"),
    "chair": N_("chair"),
    "deputy_chair": N_("deputy chair"),
    "participant": N_("participant"),
}


def not_invited_text(missing: Iterable[NotInvited]) -> str:
    """'PPT (participant), Rektor (chair)'."""
    return ", ".join(
        f"{person.name} ({_(_PARTS[person.part]) if person.part in _PARTS else person.part})"
        for person in missing
    )


def written(console: Console, paths: Sequence[str]) -> None:
    """One line per file written."""
    for path in paths:
        console.print(_("wrote {path}").format(path=escape(path)))


def not_invited(
    console: Console,
    per_invitation: Mapping[str, Sequence[NotInvited]],
    without_organizer: Mapping[str, Sequence[NotInvited]],
    without_attendees: Mapping[str, Sequence[NotInvited]] | None = None,
) -> None:
    """One list per invitation of those it cannot reach, and the arenas with no invitation."""
    for name, missing in per_invitation.items():
        if missing:
            console.print(
                "[yellow]"
                + _("{name}: not invited, no address in the roster: {people}").format(
                    name=escape(name), people=escape(not_invited_text(missing))
                )
                + "[/yellow]"
            )
    for slug, missing in without_organizer.items():
        console.print(
            "[yellow]"
            + _(
                "no invitation for {slug}: no convener has an address in the roster "
                "(not invited: {people})"
            ).format(slug=escape(slug), people=escape(not_invited_text(missing)))
            + "[/yellow]"
        )
    for slug, missing in (without_attendees or {}).items():
        console.print(
            "[yellow]"
            + _(
                "no invitation for {slug}: nobody but the convener has an address in the "
                "roster (not invited: {people})"
            ).format(slug=escape(slug), people=escape(not_invited_text(missing)))
            + "[/yellow]"
        )


def person(label: str, address: str) -> str:
    """'SLT-koordinator <slt@kommune.example.no>'."""
    return f"{label} <{address}>" if label and label != address else address

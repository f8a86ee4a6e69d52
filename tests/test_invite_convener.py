"""Either-or conveners (issue 18): "the coordinator, or the child welfare service in
child-welfare cases". The first convener the data lists sends the series; a one-off meeting
may name the other with `invite --convener`, and then it organizes, alone under "A eller B"."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app

EITHER_OR = ARENA.replace(
    "convener:\n  role: koordinator\n",
    "convener:\n  - role: koordinator\n  - role: rektor\nconvener_rule: any_of\n"
    "convener_condition: rektor når saken gjelder skolen\n",
)
TOGETHER = ARENA.replace(
    "convener:\n  role: koordinator\n", "convener:\n  - role: koordinator\n  - role: rektor\n"
)
INVITE = (
    "invite", "-m", "testvik", "-a", "testteam", "--date", "2027-03-10", "--start", "09:00",
    "--out", "out", "--stamp", "2026-12-01T09:00:00Z",
)  # fmt: skip
EML = Path("out") / "testteam-2027-03-10-0900.eml"
WITH_PPT = MUNICIPALITY.replace(
    "roster:\n", "roster:\n  ppt: {name: PPT, email: ppt@testvik.example}\n"
)


@pytest.fixture
def either_or(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = data_folder(arenas={"testteam": EITHER_OR}, municipality=WITH_PPT)
    monkeypatch.chdir(data.parent)
    return data


def _people(path: Path) -> tuple[str, list[str]]:
    """ORGANIZER and ATTENDEEs of the invitation's calendar part."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    (part,) = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    (event,) = icalendar.Calendar.from_ical(payload).walk("VEVENT")
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return str(event["ORGANIZER"]), sorted(str(attendee) for attendee in attendees)


def test_the_first_convener_calls_by_default(runner: CliRunner, either_or: Path) -> None:
    result = runner.invoke(app, list(INVITE))

    assert result.exit_code == 0, result.output
    organizer, _ = _people(EML)
    assert organizer == "mailto:koordinator@testvik.example"


def test_the_other_convener_calls_when_named(runner: CliRunner, either_or: Path) -> None:
    result = runner.invoke(app, [*INVITE, "--convener", "rektor"])

    assert result.exit_code == 0, result.output
    organizer, attendees = _people(EML)
    assert organizer == "mailto:rektor@testvik.example"
    # Under "A eller B" the coordinator does not call this meeting, so is not invited to it.
    assert "mailto:koordinator@testvik.example" not in attendees


def test_conveners_who_call_together_are_all_invited(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(arenas={"testteam": TOGETHER}, municipality=WITH_PPT)
    monkeypatch.chdir(data.parent)

    result = runner.invoke(app, [*INVITE, "--convener", "rektor"])

    assert result.exit_code == 0, result.output
    organizer, attendees = _people(EML)
    assert organizer == "mailto:rektor@testvik.example"
    assert "mailto:koordinator@testvik.example" in attendees


def test_a_convener_the_arena_does_not_have_is_refused(runner: CliRunner, either_or: Path) -> None:
    result = runner.invoke(app, [*INVITE, "--convener", "helsesykepleier"])

    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "samarbeid: --convener: 'helsesykepleier' is not a convener of Testteam; its "
        "conveners: koordinator, rektor"
    )
    assert not Path("out").exists()

"""Text that already ends with a full stop gets no second one, in DESCRIPTION and e-mail."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app

FREQUENCY_TEXT = "  anchor: 2026-08-21\n  text: Kvar sjette veke à 1 t.\n"
MINUTES = "minutes:\n  archive: Elements m.m.\n"
ARENA_WITH_DOTS = ARENA.replace("  anchor: 2026-08-21\n", FREQUENCY_TEXT) + MINUTES


def _run(runner: CliRunner, data: Path, *arguments: str) -> str:
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--data",
            str(data),
            "--period",
            "2027-H1",
            "--stamp",
            "2026-11-23T10:00:00Z",
            *arguments,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("malform", "frequency", "minutes"),
    [
        ("nb", "Møtefrekvens: Kvar sjette veke à 1 t.", "Referat i Elements m.m."),
        ("nn", "Møtefrekvens: Kvar sjette veke à 1 t.", "Referat i Elements m.m."),
    ],
)
def test_description_ends_each_sentence_with_one_full_stop(
    runner: CliRunner, data_folder: DataFolder, malform: str, frequency: str, minutes: str
) -> None:
    """`text: ... à 1 t.` and an archive ending in a dot are not given a second one."""
    data = data_folder(
        arenas={"testteam": ARENA_WITH_DOTS},
        municipality=MUNICIPALITY.replace("malform: nb", f"malform: {malform}"),
    )
    calendar = icalendar.Calendar.from_ical(_run(runner, data, "-f", "ics"))
    descriptions = {str(event["DESCRIPTION"]) for event in calendar.walk("VEVENT")}

    assert len(descriptions) == 1
    description = descriptions.pop()
    assert frequency in description.splitlines()
    assert any(line.startswith(minutes) for line in description.splitlines())
    assert ".." not in description


def test_text_without_a_full_stop_gets_one(runner: CliRunner, data_folder: DataFolder) -> None:
    """The other side: a frequency text without a stop still ends as a sentence."""
    arena = ARENA.replace("  anchor: 2026-08-21\n", "  anchor: 2026-08-21\n  text: Kvar veke\n")
    data = data_folder(arenas={"testteam": arena})
    calendar = icalendar.Calendar.from_ical(_run(runner, data, "-f", "ics"))
    (event, *_) = calendar.walk("VEVENT")

    assert "Møtefrekvens: Kvar veke." in str(event["DESCRIPTION"]).splitlines()


def test_invitation_email_has_no_double_full_stop(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """The e-mail body carries the same description, with one full stop."""
    data = data_folder(arenas={"testteam": ARENA_WITH_DOTS})
    _run(runner, data, "-f", "json", "--invitations", str(tmp_path / "mail"))
    (path,) = sorted((tmp_path / "mail").glob("*.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    text = body.get_content()

    assert "Møtefrekvens: Kvar sjette veke à 1 t." in text.splitlines()
    assert ".." not in text

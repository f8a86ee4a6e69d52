"""Wording faults a new-user trial found in the generated e-mails and documents (issue 21):
each asserted on what the CLI writes."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, MUNICIPALITY, DataFolder, app
from tests.test_invitations import PER_TERM, STAMP


def _plain(path: Path) -> str:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain",))
    assert isinstance(body, EmailMessage)
    text: str = body.get_content()
    return text.replace("\r\n", "\n")


def test_bokmal_invitation_lists_the_dates_without_meetings_in_the_plural(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Bokmål plural of "møte" is "møter": "Ingen møter disse datoene:"."""
    result = runner.invoke(
        app,
        ["schedule", "-m", "selbu", "--period", "2027-H1", "--data", str(BUNDLED_DATA),
         "-f", "json", "--stamp", STAMP, "--invitations", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = _plain(tmp_path / "samordningsteam-barn-og-unge.eml")
    assert "\nIngen møter disse datoene:\n" in text
    assert "Ingen møte " not in text
    # A series: the closing sentence speaks of the meetings.
    assert "så kommer møtene inn der." in text


@pytest.mark.parametrize(
    ("malform", "closing"),
    [
        ("nb", "Svar på invitasjonen i kalenderen din, så kommer møtet inn der."),
        ("nn", "Svar på invitasjonen i kalenderen din, så kjem møtet inn der."),
    ],
)
def test_an_invitation_to_one_meeting_speaks_of_the_meeting_in_the_singular(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    malform: str,
    closing: str,
) -> None:
    municipality = MUNICIPALITY.replace("malform: nb", f"malform: {malform}")
    monkeypatch.chdir(data_folder(arenas={"testteam": PER_TERM}, municipality=municipality).parent)
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--invitations", "inv"],
    )
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in Path("inv").glob("*.eml"))
    assert names == ["testteam-1.eml", "testteam-2.eml", "testteam-3.eml"]
    for name in names:
        text = _plain(Path("inv", name))
        assert closing in text, text
        assert "møtene inn der" not in text
        assert "møta inn der" not in text

"""`samarbeid invite`: one meeting outside the series, issued and sent as `schedule` does."""

from __future__ import annotations

import email
import email.policy
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
from typer.testing import CliRunner

from tests.conftest import MUNICIPALITY, DataFolder, app
from tests.identity_numbers import identity_number
from tests.test_sending import ROSTER, Server, _relay_env, plain_server  # noqa: F401

WITH_PPT_ADDRESS = MUNICIPALITY.replace(
    "  rektor: {name: Rektor, email: rektor@testvik.example}\n", ROSTER
)


def _invite(runner: CliRunner, *extra: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(
        app,
        [
            "invite",
            "-m",
            "testvik",
            "-a",
            "testteam",
            "--date",
            "2027-03-10",
            "--start",
            "09:00",
            "--out",
            "out",
            "--stamp",
            "2026-12-01T09:00:00Z",
            *extra,
        ],
        env=env,
    )


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SAMARBEID_HISTORY")
    data = data_folder(municipality=WITH_PPT_ADDRESS)
    monkeypatch.chdir(data.parent)
    return data


def _message(path: Path) -> EmailMessage:
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_a_case_meeting_with_chosen_participants(runner: CliRunner, workspace: Path) -> None:
    result = _invite(runner, "--case", "AG-2027-014", "-p", "ppt", "--duration", "90")

    assert result.exit_code == 0, result.output
    assert (
        result.stdout == "Testteam (sak AG-2027-014): onsdag 10. mars 2027 kl. 09.00–10.30, Teams\n"
    )
    stem = "testteam-2027-03-10-0900-ag-2027-014"
    assert sorted(p.name for p in Path("out").iterdir()) == [
        f"{stem}-saksliste.html",
        f"{stem}.eml",
        f"{stem}.ics",
    ]
    message = _message(Path("out") / f"{stem}.eml")
    (attached,) = list(message.iter_attachments())
    assert attached.get_filename() == "saksliste.html"
    agenda = attached.get_content()
    assert "Testteam (sak AG-2027-014)" in agenda
    assert "onsdag 10. mars 2027" in agenda
    assert agenda.replace("\r\n", "\n") == Path("out", f"{stem}-saksliste.html").read_text()
    assert [a.addr_spec for a in message["To"].addresses] == ["ppt@testvik.example"]
    assert message["Subject"] == "Møteinnkalling: Testteam (sak AG-2027-014), onsdag 10. mars 2027"
    calendar = icalendar.Calendar.from_ical(Path("out", f"{stem}.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"testvik-{stem}-1@samarbeid"
    assert str(event["SUMMARY"]) == "Testteam (sak AG-2027-014)"
    history = json.loads(Path(".samarbeid/issued/testvik.json").read_text())
    assert history["issued"][f"testvik-{stem}-1@samarbeid"]["one_off"] is True


def test_a_one_off_is_never_offered_as_a_series_gone_from_the_data(
    runner: CliRunner,
    workspace: Path,
    plain_server: Server,  # noqa: F811
) -> None:
    assert _invite(runner, "--send", env=_relay_env(plain_server)).exit_code == 0

    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--send"],
        env=_relay_env(plain_server),
    )

    assert result.exit_code == 0, result.output
    assert "no longer in the data" not in result.stderr
    assert len(plain_server.envelopes) == 2


def test_a_public_holiday_is_refused_unless_allowed(runner: CliRunner, workspace: Path) -> None:
    refused = runner.invoke(
        app,
        [
            "invite",
            "-m",
            "testvik",
            "-a",
            "testteam",
            "--date",
            "2027-05-17",
            "--start",
            "9:00",
            "--out",
            "out",
        ],
    )

    assert refused.exit_code == 1
    assert refused.stderr == (
        "samarbeid: 2027-05-17 is closed for Testteam (Andre pinsedag; Grunnlovsdag); choose "
        "another day, or pass --allow-closed-day if the meeting must be held then\n"
    )
    assert not Path("out").exists()
    allowed = runner.invoke(
        app,
        [
            "invite",
            "-m",
            "testvik",
            "-a",
            "testteam",
            "--date",
            "2027-05-17",
            "--start",
            "9:00",
            "--out",
            "out",
            "--allow-closed-day",
        ],
    )
    assert allowed.exit_code == 0, allowed.output


@pytest.mark.parametrize("case", ["Ola Nordmann", "Nordmann", "x" * 40 + "1"])
def test_a_case_reference_that_could_be_a_name_is_refused(
    runner: CliRunner, workspace: Path, case: str
) -> None:
    result = _invite(runner, "--case", case)

    assert result.exit_code == 2
    assert "--case must be a case reference such as AG-2027-014" in result.stderr
    assert case not in result.output
    assert not Path("out").exists()


def test_an_identity_number_as_case_is_refused_without_echo(
    runner: CliRunner, workspace: Path
) -> None:
    number = identity_number(15, 3, 2012)
    result = _invite(runner, "--case", f"{number[:6]}-{number[6:]}")

    assert result.exit_code == 2
    assert result.stderr == (
        "samarbeid: --case looks like a national identity number; use the case's reference in "
        "your case system instead (e.g. AG-2027-014)\n"
    )
    assert number[6:] not in result.output


def test_an_unknown_participant_gets_a_suggestion(runner: CliRunner, workspace: Path) -> None:
    result = _invite(runner, "-p", "rektr")

    assert result.exit_code == 2
    assert "--participant: no role or service 'rektr'; did you mean 'rektor'?" in result.stderr


def test_a_case_agenda_follows_up_what_the_last_meeting_of_the_case_agreed(
    runner: CliRunner, workspace: Path
) -> None:
    """Issue 21: a case meeting's agenda follows up what was agreed last time, when the issue
    history has a last meeting of the same case; another case's meetings are not its own."""
    assert _invite(runner, "--case", "AG-2027-014").exit_code == 0

    def agenda_of(case: str) -> str:
        result = runner.invoke(
            app,
            ["invite", "-m", "testvik", "-a", "testteam", "--date", "2027-04-14", "--start",
             "10:00", "--case", case, "--out", f"out-{case}", "--stamp", "2026-12-01T09:00:00Z"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        stem = f"testteam-2027-04-14-1000-{case.lower()}"
        return Path(f"out-{case}", f"{stem}-saksliste.html").read_text()

    followed_up = agenda_of("AG-2027-014")
    assert "Sak 1: Oppfølging av det som ble avtalt på forrige møte" in followed_up
    assert "Forrige møte: onsdag 10. mars 2027." in followed_up
    assert "Godkjenning av referat" not in followed_up
    first_meeting = agenda_of("AG-2027-015")
    assert "Oppfølging av det som ble avtalt" not in first_meeting
    assert "Forrige møte" not in first_meeting

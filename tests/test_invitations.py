"""Invitations: the .eml files Outlook shows as meeting requests, and `--send` over real SMTP.

The SMTP tests start aiosmtpd on loopback and read back what it received.
"""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, MUNICIPALITY, DataFolder, app, with_frequency

STAMP = "2026-11-23T10:00:00Z"
SELBU_UID = "selbu-samordningsteam-barn-og-unge-2027-h1@samarbeid"
SELBU_CONVENER = "sammen.i.selbu@selbu.kommune.example"
SELBU_ATTENDEES = {
    "sektorsjef.oppvekst@selbu.kommune.example": ("Sektorsjef oppvekst", "CHAIR"),
    "sektorsjef.helse@selbu.kommune.example": ("Sektorsjef helse og omsorg", "REQ-PARTICIPANT"),
    "slt@selbu.kommune.example": ("SLT-koordinator", "REQ-PARTICIPANT"),
    "helsestasjonen@selbu.kommune.example": ("Fagleder helsestasjonen", "REQ-PARTICIPANT"),
    "barnevern@selbu.kommune.example": ("Kontaktperson barnevern", "REQ-PARTICIPANT"),
    "ppt@selbu.kommune.example": ("Fagleder PPT", "REQ-PARTICIPANT"),
    "nav.ungdom@selbu.kommune.example": ("Leder NAV ungdomsteam", "REQ-PARTICIPANT"),
    "rektor@selbu-vgs.example": ("Rektor Selbu videregående", "REQ-PARTICIPANT"),
}
PER_TERM = with_frequency(
    "  kind: per_term\n  spring: 3\n  autumn: 2\n  weekday: tuesday\n"
).replace("meeting:", "school_calendar: true\nmeeting:")


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _calendar_part(message: EmailMessage) -> tuple[EmailMessage, Any]:
    """The text/calendar part, and its VCALENDAR as icalendar reads it."""
    parts = [part for part in message.iter_parts() if isinstance(part, EmailMessage)]
    calendars = [part for part in parts if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 1
    content = calendars[0].get_content()
    text = content if isinstance(content, str) else content.decode("utf-8")
    return calendars[0], icalendar.Calendar.from_ical(text)


def _attendees(event: Any) -> dict[str, tuple[str, str, str]]:
    found = event.get("ATTENDEE", [])
    attendees = found if isinstance(found, list) else [found]
    return {
        str(attendee).removeprefix("mailto:"): (
            attendee.params["CN"],
            attendee.params["ROLE"],
            attendee.params["RSVP"],
        )
        for attendee in attendees
    }


def _selbu(runner: CliRunner, *arguments: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "selbu",
            "--period",
            "2027-H1",
            "--data",
            str(BUNDLED_DATA),
            "-f",
            "json",
            "--stamp",
            STAMP,
            *arguments,
        ],
        env=env,
    )


def test_invitation_file_is_an_outlook_meeting_request(runner: CliRunner, tmp_path: Path) -> None:
    """multipart/alternative: a text part and text/calendar; method=REQUEST with the series."""
    result = _selbu(runner, "--invitations", str(tmp_path))

    assert result.exit_code == 0, result.output
    files = sorted(path.name for path in tmp_path.glob("*.eml"))
    assert files == ["samordningsteam-barn-og-unge.eml"]
    message = _parse((tmp_path / files[0]).read_bytes())

    assert message.get_content_type() == "multipart/alternative"
    assert message["From"].addresses[0].addr_spec == SELBU_CONVENER
    assert {address.addr_spec for address in message["To"].addresses} == set(SELBU_ATTENDEES)
    assert message["Subject"].startswith("Møteinnkalling: Samordningsteam barn og unge")
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    assert "fredag 12. februar 2027 kl. 08.30–09.30" in plain.get_content()
    assert "fredag 26. mars 2027: Langfredag" in plain.get_content()

    part, calendar = _calendar_part(message)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == SELBU_UID
    assert str(event["ORGANIZER"]) == f"mailto:{SELBU_CONVENER}"
    assert event["ORGANIZER"].params["CN"] == "Prosjektkoordinator for Sammen i Selbu"
    assert _attendees(event) == {
        address: (name, role, "TRUE") for address, (name, role) in SELBU_ATTENDEES.items()
    }
    assert "RRULE" in event
    assert "RDATE" not in event


def test_participants_without_an_address_are_reported(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PPT has no roster entry: it is named in the output, and the others are still invited."""
    monkeypatch.chdir(data_folder().parent)
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--invitations", "inv"],
    )

    assert result.exit_code == 0, result.output
    assert "testteam.eml: not invited, no address in the roster: PPT (participant)" in result.stderr
    _, calendar = _calendar_part(_parse(Path("inv/testteam.eml").read_bytes()))
    assert set(_attendees(calendar.walk("VEVENT")[0])) == {"rektor@testvik.example"}


def test_no_invitation_at_all_is_a_failure_that_records_nothing(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Invitations were asked for and none could be made: exit 1, no files, no history (Aukra
    with no addresses used to exit 0 and record 19 series as issued)."""
    monkeypatch.delenv("SAMARBEID_HISTORY")
    municipality = MUNICIPALITY.replace(
        "  koordinator: {name: Koordinator, email: koordinator@testvik.example}\n", ""
    )
    monkeypatch.chdir(data_folder(municipality=municipality).parent)
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--invitations", "inv"],
    )

    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "samarbeid: no invitation could be made for 2027-H1: no convener of testteam has an "
        "address in the roster; add the conveners' addresses to the roster. Nothing was written "
        "or recorded\n"
    )
    assert result.stdout == ""
    assert not Path("inv").exists()
    assert not Path(".samarbeid").exists()


def test_no_invitation_because_the_dates_are_undecided_says_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inderøy's series all lack a weekday or a start time: the advice is to decide them, not to
    add addresses to the roster (a user trial, issue 18)."""
    monkeypatch.delenv("SAMARBEID_HISTORY")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(
        app,
        [
            *("schedule", "-m", "inderoy", "--period", "2027-H1", "--data", str(BUNDLED_DATA)),
            *("-f", "json", "--invitations", "inv"),
        ],
    )

    assert result.exit_code == 1, result.output
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("samarbeid: no invitation could be made for 2027-H1: ")
    assert "address" not in message
    assert "samarbeid assumptions" in message
    assert "bti-nettverk" in message
    assert not Path("inv").exists()
    assert not Path(".samarbeid").exists()


def test_per_term_arena_gets_one_invitation_per_meeting(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An iTIP request carries one UID, so per-term meetings go out one by one."""
    monkeypatch.chdir(data_folder(arenas={"testteam": PER_TERM}).parent)
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--invitations", "inv"],
    )

    assert result.exit_code == 0, result.output
    files = sorted(path.name for path in Path("inv").glob("*.eml"))
    assert files == ["testteam-1.eml", "testteam-2.eml", "testteam-3.eml"]
    uids = set()
    for name in files:
        _, calendar = _calendar_part(_parse(Path("inv", name).read_bytes()))
        (event,) = calendar.walk("VEVENT")
        assert "RRULE" not in event
        uids.add(str(event["UID"]))
    assert len(uids) == 3


@dataclass
class Received:
    """What the loopback SMTP server was given."""

    envelopes: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(
            (envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Received, int]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1, for the length of one test."""
    received = Received()
    port = _free_port()
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield received, port
    finally:
        controller.stop()


def _smtp_env(port: int, **extra: str) -> dict[str, str]:
    return {
        "SAMARBEID_SMTP_HOST": "127.0.0.1",
        "SAMARBEID_SMTP_PORT": str(port),
        "SAMARBEID_SMTP_STARTTLS": "false",
        "SAMARBEID_SMTP_USER": "",
        "SAMARBEID_SMTP_PASSWORD": "",
        **extra,
    }


def test_send_delivers_one_request_per_series(
    runner: CliRunner, tmp_path: Path, smtp_server: tuple[Received, int]
) -> None:
    received, port = smtp_server
    result = _selbu(runner, "--invitations", str(tmp_path), "--send", env=_smtp_env(port))

    assert result.exit_code == 0, result.output
    assert (
        f"sent 1 message(s) over 127.0.0.1:{port} (no encryption); every recipient was accepted"
    ) in result.stderr
    assert len(received.envelopes) == 1
    mail_from, recipients, raw = received.envelopes[0]
    assert mail_from == SELBU_CONVENER
    assert set(recipients) == set(SELBU_ATTENDEES)
    message = _parse(raw)
    _, calendar = _calendar_part(message)
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == SELBU_UID
    assert str(event["ORGANIZER"]) == f"mailto:{SELBU_CONVENER}"
    assert set(_attendees(event)) == set(SELBU_ATTENDEES)
    assert raw.replace(b"\r\n", b"\n").strip() == (
        (tmp_path / "samordningsteam-barn-og-unge.eml").read_bytes().replace(b"\r\n", b"\n").strip()
    )


def test_send_without_writing_files_and_from_the_municipalitys_smtp_block(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: tuple[Received, int],
) -> None:
    """`smtp:` in the municipality file is enough; per-term meetings go as separate messages."""
    received, port = smtp_server
    municipality = MUNICIPALITY + (
        f"smtp:\n  host: 127.0.0.1\n  port: {port}\n  starttls: false\n"
        "  sender: postmottak@testvik.example\n"
    )
    monkeypatch.chdir(data_folder(arenas={"testteam": PER_TERM}, municipality=municipality).parent)
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--send"],
        env=dict.fromkeys(_smtp_env(port), ""),
    )

    assert result.exit_code == 0, result.output
    assert len(received.envelopes) == 3
    assert {mail_from for mail_from, _, _ in received.envelopes} == {"postmottak@testvik.example"}
    assert not any(Path().glob("**/*.eml"))


def test_user_without_password_is_refused_before_anything_is_written(
    runner: CliRunner, tmp_path: Path, smtp_server: tuple[Received, int]
) -> None:
    received, port = smtp_server
    out = tmp_path / "inv"
    env = _smtp_env(port, SAMARBEID_SMTP_USER="koordinator")
    result = _selbu(runner, "--invitations", str(out), "--send", env=env)

    assert result.exit_code == 1
    assert result.stderr == (
        "samarbeid: SMTP user 'koordinator' is set but no credentials are: set "
        "SAMARBEID_SMTP_OAUTH_TOKEN or SAMARBEID_SMTP_TOKEN_COMMAND (OAuth, Microsoft 365 and "
        "Google Workspace) or SAMARBEID_SMTP_PASSWORD; credentials are read only from the "
        "environment\n"
    )
    assert not out.exists()
    assert received.envelopes == []


def test_send_without_a_server_configured_is_a_clear_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = _selbu(
        runner, "--invitations", str(tmp_path / "inv"), "--send", env={"SAMARBEID_SMTP_HOST": ""}
    )

    assert result.exit_code == 1
    assert "--send needs an SMTP server: set SAMARBEID_SMTP_HOST" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "inv").exists()


def test_unreachable_server_fails_but_keeps_the_written_invitations(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Nothing listens on the port: exit 1, the .eml files stay for sending by hand."""
    port = _free_port()
    result = _selbu(runner, "--invitations", str(tmp_path), "--send", env=_smtp_env(port))

    assert result.exit_code == 1
    assert (
        "not sent: samordningsteam-barn-og-unge.eml (to Sektorsjef oppvekst "
        "<sektorsjef.oppvekst@selbu.kommune.example>"
    ) in result.stderr
    assert f"samarbeid: sending over 127.0.0.1:{port} (no encryption) did not reach everyone: " in (
        result.stderr
    )
    assert "0 of 1 message(s) went out" in result.stderr
    assert f"wrote {tmp_path / 'samordningsteam-barn-og-unge.eml'}" in result.stderr
    assert (tmp_path / "samordningsteam-barn-og-unge.eml").is_file()
    assert "Traceback" not in result.output

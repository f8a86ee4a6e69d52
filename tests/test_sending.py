"""The December send-out against hostile and strict SMTP servers that the tests start themselves.

Each server is aiosmtpd on 127.0.0.1: one refuses a recipient, one drops the connection after
the first message, one accepts XOAUTH2 only after STARTTLS with a certificate from a CA made
here. Passwords and tokens must never show in any output or file.
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.policy
import ipaddress
import json
import re
import socket
import ssl
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from typer.testing import CliRunner

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app, with_frequency

TOKEN = "test-access-token-" + "x" * 24
PASSWORD = "test-password-" + "y" * 16
PER_TERM = with_frequency(
    "  kind: per_term\n  spring: 3\n  autumn: 2\n  weekday: tuesday\n"
).replace("meeting:", "school_calendar: true\nmeeting:")
ROSTER = """\
  rektor: {name: Rektor Testvik, email: rektor@testvik.example}
  ppt: {name: PPT Testvik, email: ppt@testvik.example}
"""
WITH_PPT_ADDRESS = MUNICIPALITY.replace(
    "  rektor: {name: Rektor, email: rektor@testvik.example}\n", ROSTER
)


@dataclass
class Server:
    """What a test server saw, and how it misbehaves."""

    refuse: set[str] = field(default_factory=set)
    drop_after: int | None = None
    envelopes: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    auth_seen: list[str] = field(default_factory=list)
    port: int = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.drop_after is not None and len(self.envelopes) >= self.drop_after:
            server.transport.close()
            return "421 4.3.0 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"

    async def auth_XOAUTH2(self, server: Any, args: list[str]) -> AuthResult:
        said = base64.b64decode(args[1]).decode() if len(args) > 1 else ""
        self.auth_seen.append("XOAUTH2")
        ok = said == f"user=koordinator@testvik.example\x01auth=Bearer {TOKEN}\x01\x01"
        return AuthResult(success=ok, handled=False)

    def messages(self) -> list[EmailMessage]:
        found = []
        for _, _, raw in self.envelopes:
            message = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            found.append(message)
        return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class LocalCA:
    """A certificate authority made for one test session, and a server certificate it signed."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory: pytest.TempPathFactory) -> LocalCA:
    folder = tmp_path_factory.mktemp("ca")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("samarbeid test CA"))
        .issuer_name(_name("samarbeid test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    result = LocalCA(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    result.ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    result.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    result.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return result


@pytest.fixture
def plain_server() -> Iterator[Server]:
    """A relay without sign-in or TLS, that can refuse recipients and drop the connection."""
    server = Server(port=_free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def oauth_server(test_ca: LocalCA) -> Iterator[Server]:
    """Requires STARTTLS, then XOAUTH2 (no PLAIN or LOGIN), then accepts mail."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(test_ca.cert_file, test_ca.key_file)
    server = Server(port=_free_port())
    controller = Controller(
        server,
        hostname="127.0.0.1",
        port=server.port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        auth_exclude_mechanism=["PLAIN", "LOGIN"],
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def _relay_env(server: Server) -> dict[str, str]:
    return {
        "SAMARBEID_SMTP_HOST": "127.0.0.1",
        "SAMARBEID_SMTP_PORT": str(server.port),
        "SAMARBEID_SMTP_STARTTLS": "false",
    }


def _oauth_env(server: Server, test_ca: LocalCA, **extra: str) -> dict[str, str]:
    return {
        "SAMARBEID_SMTP_HOST": "127.0.0.1",
        "SAMARBEID_SMTP_PORT": str(server.port),
        "SAMARBEID_SMTP_USER": "koordinator@testvik.example",
        "SSL_CERT_FILE": str(test_ca.ca_file),
        **extra,
    }


def _send(runner: CliRunner, env: dict[str, str], *extra: str, stdin: str | None = None) -> Any:
    return runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "-f",
            "json",
            "--stamp",
            "2026-12-01T09:00:00Z",
            "--send",
            *extra,
        ],
        env=env,
        input=stdin,
    )


def _history(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (folder / ".samarbeid" / "issued" / "testvik.json").read_text()
    )
    return loaded


def _calendar(message: EmailMessage) -> Any:
    for part in message.iter_parts():
        if isinstance(part, EmailMessage) and part.get_content_type() == "text/calendar":
            content = part.get_content()
            return icalendar.Calendar.from_ical(
                content if isinstance(content, str) else content.decode()
            )
    raise AssertionError("no text/calendar part")


def _every_file_text(folder: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file()
    )


@pytest.fixture
def workspace(
    data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> DataFolder:
    """Build a data folder, go to its workspace and keep the history in its default place."""
    monkeypatch.delenv("SAMARBEID_HISTORY")

    def build(**kwargs: Any) -> Path:
        data = data_folder(**kwargs)
        monkeypatch.chdir(data.parent)
        return data

    return build


def test_a_refused_recipient_fails_the_run_and_a_rerun_sends_only_to_them(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """A 550 for one participant used to be dropped: exit 0 and 'sent'. Now it is named by role
    and address, exit 1, and the next run sends to that person alone."""
    workspace(municipality=WITH_PPT_ADDRESS)
    plain_server.refuse = {"ppt@testvik.example"}

    first = _send(runner, _relay_env(plain_server))

    assert first.exit_code == 1, first.output
    assert (
        "testteam.eml: the server refused PPT <ppt@testvik.example>: 550 5.1.1 mailbox unavailable"
    ) in first.stderr
    assert "sent testteam.eml (testvik-testteam-2027-h1@samarbeid, SEQUENCE 0) to Rektor " in (
        first.stderr
    )
    assert [recipients for _, recipients, _ in plain_server.envelopes] == [
        ["rektor@testvik.example"]
    ]
    received = _history(Path())["issued"]["testvik-testteam-2027-h1@samarbeid"]["received"]
    assert set(received) == {"rektor@testvik.example"}

    plain_server.refuse = set()
    second = _send(runner, _relay_env(plain_server))

    assert second.exit_code == 0, second.output
    assert [recipients for _, recipients, _ in plain_server.envelopes][1:] == [
        ["ppt@testvik.example"]
    ]
    third = _send(runner, _relay_env(plain_server))
    assert third.exit_code == 0, third.output
    assert len(plain_server.envelopes) == 2
    assert "testteam.eml: already received by everyone at this SEQUENCE; not sent" in (third.stderr)


def test_a_dropped_connection_lists_what_went_and_a_rerun_sends_only_the_rest(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """Three per-term invitations, the server hangs up after the first."""
    workspace(arenas={"testteam": PER_TERM})
    plain_server.drop_after = 1

    first = _send(runner, _relay_env(plain_server))

    assert first.exit_code == 1, first.output
    assert len(plain_server.envelopes) == 1
    assert "sent testteam-1.eml" in first.stderr
    assert "not sent: testteam-2.eml (to Rektor <rektor@testvik.example>)" in first.stderr
    assert "not sent: testteam-3.eml (to Rektor <rektor@testvik.example>)" in first.stderr
    assert "1 of 3 message(s) went out" in first.stderr

    plain_server.drop_after = None
    second = _send(runner, _relay_env(plain_server))

    assert second.exit_code == 0, second.output
    uids = [str(_calendar(m).walk("VEVENT")[0]["UID"]) for m in plain_server.messages()]
    assert len(uids) == 3
    assert len(set(uids)) == 3
    assert "testteam-1.eml: already received by everyone" in second.stderr


def test_a_password_is_never_sent_without_tls(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    data = workspace()
    env = _relay_env(plain_server) | {
        "SAMARBEID_SMTP_USER": "koordinator@testvik.example",
        "SAMARBEID_SMTP_PASSWORD": PASSWORD,
    }

    result = _send(runner, env)

    assert result.exit_code == 1
    assert result.stderr == (
        f"samarbeid: refusing to sign in to 127.0.0.1:{plain_server.port} without TLS: use port "
        "465 (TLS) or STARTTLS (unset SAMARBEID_SMTP_STARTTLS and remove 'starttls: false')\n"
    )
    assert plain_server.envelopes == []
    assert not (data.parent / ".samarbeid").exists()
    assert PASSWORD not in result.output


def test_credentials_go_only_to_a_host_the_environment_names(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """A pull request to the data file must not redirect the token to its own server."""
    municipality = MUNICIPALITY + f"smtp:\n  host: 127.0.0.1\n  port: {plain_server.port}\n"
    workspace(municipality=municipality)
    env = {
        "SAMARBEID_SMTP_USER": "koordinator@testvik.example",
        "SAMARBEID_SMTP_OAUTH_TOKEN": TOKEN,
    }

    result = _send(runner, env)

    assert result.exit_code == 1
    assert result.stderr == (
        "samarbeid: SAMARBEID_SMTP_OAUTH_TOKEN is set, but the SMTP host '127.0.0.1' comes only "
        "from data/municipalities/testvik.yaml: credentials go only to a host named in "
        "SAMARBEID_SMTP_HOST, so that a change to the data cannot send them elsewhere; set it in "
        "your environment\n"
    )
    assert plain_server.envelopes == []
    assert TOKEN not in result.output


def test_xoauth2_over_starttls_with_a_verified_certificate(
    runner: CliRunner, workspace: DataFolder, oauth_server: Server, test_ca: LocalCA
) -> None:
    """Microsoft 365's way from January 2027: an access token, over TLS, never echoed."""
    data = workspace()

    result = _send(runner, _oauth_env(oauth_server, test_ca, SAMARBEID_SMTP_OAUTH_TOKEN=TOKEN))

    assert result.exit_code == 0, result.output
    assert oauth_server.auth_seen == ["XOAUTH2"]
    assert [recipients for _, recipients, _ in oauth_server.envelopes] == [
        ["rektor@testvik.example"]
    ]
    assert f"over 127.0.0.1:{oauth_server.port} (STARTTLS)" in result.stderr
    assert TOKEN not in result.output
    assert TOKEN not in _every_file_text(data.parent)


def test_the_token_can_come_from_a_command_of_the_coordinators_own(
    runner: CliRunner,
    workspace: DataFolder,
    oauth_server: Server,
    test_ca: LocalCA,
    tmp_path: Path,
) -> None:
    workspace()
    script = tmp_path / "token.py"
    script.write_text(f"print({TOKEN!r})\n")
    env = _oauth_env(
        oauth_server, test_ca, SAMARBEID_SMTP_TOKEN_COMMAND=f"{sys.executable} {script}"
    )

    result = _send(runner, env)

    assert result.exit_code == 0, result.output
    assert oauth_server.auth_seen == ["XOAUTH2"]
    assert TOKEN not in result.output


def test_a_failing_token_command_is_reported_without_its_output(
    runner: CliRunner, workspace: DataFolder, oauth_server: Server, test_ca: LocalCA, tmp_path: Path
) -> None:
    data = workspace()
    script = tmp_path / "token.py"
    script.write_text(f"import sys\nprint({TOKEN!r}, file=sys.stderr)\nsys.exit(3)\n")
    env = _oauth_env(
        oauth_server, test_ca, SAMARBEID_SMTP_TOKEN_COMMAND=f"{sys.executable} {script}"
    )

    result = _send(runner, env)

    assert result.exit_code == 1
    assert result.stderr == (
        f"samarbeid: SAMARBEID_SMTP_TOKEN_COMMAND ({sys.executable}) failed with exit code 3; "
        "run it yourself to see why\n"
    )
    assert TOKEN not in result.output
    assert not (data.parent / ".samarbeid").exists()


def test_an_unverified_certificate_stops_before_the_token_is_sent(
    runner: CliRunner, workspace: DataFolder, oauth_server: Server, test_ca: LocalCA, tmp_path: Path
) -> None:
    """Without the test CA in the trust store the server is a stranger: no sign-in at all."""
    workspace()
    env = _oauth_env(oauth_server, test_ca, SAMARBEID_SMTP_OAUTH_TOKEN=TOKEN)
    env["SSL_CERT_FILE"] = str(tmp_path / "empty.pem")
    (tmp_path / "empty.pem").write_text("")

    result = _send(runner, env)

    assert result.exit_code == 1
    assert "the server's certificate could not be verified" in result.stderr
    assert "not sent: testteam.eml" in result.stderr
    assert oauth_server.auth_seen == []
    assert TOKEN not in result.output


def test_a_hostile_roster_name_cannot_rewrite_the_recipients(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """Names go into headers as quoted display names; envelopes come from the roster."""
    municipality = MUNICIPALITY.replace(
        "{name: Rektor, email: rektor@testvik.example}",
        "{name: 'Æ <attacker@evil.example>,', email: rektor@testvik.example}",
    ).replace(
        "{name: Koordinator, email: koordinator@testvik.example}",
        "{name: 'K <attacker@evil.example>', email: koordinator@testvik.example}",
    )
    workspace(municipality=municipality)

    result = _send(runner, _relay_env(plain_server))

    assert result.exit_code == 0, result.output
    ((mail_from, recipients, _),) = plain_server.envelopes
    assert mail_from == "koordinator@testvik.example"
    assert recipients == ["rektor@testvik.example"]
    (message,) = plain_server.messages()
    assert [a.addr_spec for a in message["To"].addresses] == ["rektor@testvik.example"]
    assert [a.addr_spec for a in message["From"].addresses] == ["koordinator@testvik.example"]
    assert message["To"].addresses[0].display_name == "Æ <attacker@evil.example>,"


def test_a_chair_without_an_address_is_listed_by_role(
    runner: CliRunner, workspace: DataFolder, tmp_path: Path
) -> None:
    """The chair used to vanish from the invitation without a word."""
    arena = ARENA.replace("convener:", "chair: {role: helsesykepleier}\nconvener:")
    workspace(arenas={"testteam": arena})

    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--invitations", "inv"],
    )

    assert result.exit_code == 0, result.output
    assert (
        "testteam.eml: not invited, no address in the roster: Helsesykepleier (chair), PPT "
        "(participant)"
    ) in result.stderr

    strict = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "-f",
            "json",
            "--invitations",
            "strict",
            "--strict",
        ],
    )
    assert strict.exit_code == 1
    assert strict.stderr == (
        "samarbeid: --strict: not everyone can be invited (no address in the roster): "
        "testteam.eml: Helsesykepleier (chair), PPT (participant). Add them to the roster; "
        "nothing was written or sent\n"
    )
    assert not Path("strict").exists()


def test_send_twice_with_a_change_between_raises_sequence_without_an_output_folder(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    data = workspace()

    first = _send(runner, _relay_env(plain_server))
    arena_file = data / "arenas" / "testvik" / "testteam.yaml"
    arena_file.write_text(arena_file.read_text().replace("start: 08:30", "start: 09:00"))
    second = _send(runner, _relay_env(plain_server))

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    sequences = [
        int(_calendar(message).walk("VEVENT")[0]["SEQUENCE"]) for message in plain_server.messages()
    ]
    assert sequences == [0, 1]
    subjects = [str(message["Subject"]) for message in plain_server.messages()]
    assert subjects[0].startswith("Møteinnkalling: Testteam, ")
    assert subjects[1].startswith("Endret møteinnkalling: Testteam, ")
    entry = _history(data.parent)["issued"]["testvik-testteam-2027-h1@samarbeid"]
    assert entry["sequence"] == 1
    assert entry["received"]["rektor@testvik.example"]["sequence"] == 1


def _plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert isinstance(body, EmailMessage)
    text: str = body.get_content()
    return text


def test_a_reissue_says_in_one_line_what_changed(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """Issue 21: a re-issued invitation said "Endret" but not what changed. The new start
    time stands in the e-mail, in the event's DESCRIPTION and in the report of the run; a
    preview written with --invitations before the --send says the same."""
    data = workspace()
    first = _send(runner, _relay_env(plain_server))
    arena_file = data / "arenas" / "testvik" / "testteam.yaml"
    arena_file.write_text(arena_file.read_text().replace("start: 08:30", "start: 09:00"))
    preview = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--stamp",
         "2026-12-01T09:00:00Z", "--invitations", "preview"],
    )  # fmt: skip
    second = _send(runner, _relay_env(plain_server))

    assert first.exit_code == 0, first.output
    assert preview.exit_code == 0, preview.output
    assert second.exit_code == 0, second.output
    line = "Nytt klokkeslett: 09.00 (var 08.30)."
    sent_first, sent_again = plain_server.messages()
    assert line not in _plain_text(sent_first)
    written = email.message_from_bytes(
        Path("preview", "testteam.eml").read_bytes(), policy=email.policy.default
    )
    assert isinstance(written, EmailMessage)
    for message in (written, sent_again):
        assert f"\n{line}\n" in _plain_text(message).replace("\r\n", "\n")
        (event,) = _calendar(message).walk("VEVENT")
        assert str(event["DESCRIPTION"]).startswith(f"{line}\n\n")
    assert f"testteam.eml: {line}" in preview.stderr
    assert f"testteam.eml: {line}" in second.stderr
    # Nothing changed since: the same SEQUENCE, sent to nobody again, nothing to report.
    third = _send(runner, _relay_env(plain_server))
    assert third.exit_code == 0, third.output
    assert len(plain_server.messages()) == 2
    assert line not in third.stderr


@pytest.mark.parametrize(
    ("malform", "changes", "line"),
    [
        pytest.param(
            "nb",
            [("  form: digital\n", "  form: digital\n  location: Rom 2\n")],
            "Nytt sted: Rom 2 (var Teams).",
            id="place",
        ),
        pytest.param(
            "nb",
            [("anchor: 2026-08-21", "anchor: 2026-08-28")],
            "Første møte: fredag 15. januar 2027 (var fredag 8. januar 2027).",
            id="first-date",
        ),
        pytest.param(
            "nn",
            [
                ("start: 08:30", "start: 09:00"),
                ("  form: digital\n", "  form: digital\n  location: Rom 2\n"),
            ],
            "Nytt klokkeslett: 09.00 (var 08.30). Ny stad: Rom 2 (var Teams).",
            id="nynorsk",
        ),
    ],
)
def test_a_reissue_written_as_files_says_what_changed(
    runner: CliRunner,
    workspace: DataFolder,
    malform: str,
    changes: list[tuple[str, str]],
    line: str,
) -> None:
    data = workspace(municipality=MUNICIPALITY.replace("malform: nb", f"malform: {malform}"))

    def write(folder: str) -> Any:
        return runner.invoke(
            app,
            ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--stamp",
             "2026-12-01T09:00:00Z", "--invitations", folder, "--out", folder],
        )  # fmt: skip

    assert write("first").exit_code == 0
    arena_file = data / "arenas" / "testvik" / "testteam.yaml"
    text = arena_file.read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    arena_file.write_text(text)
    again = write("again")

    assert again.exit_code == 0, again.output
    assert f"testteam.eml: {line}\n" in again.stderr
    message = email.message_from_bytes(
        Path("again", "testteam.eml").read_bytes(), policy=email.policy.default
    )
    assert isinstance(message, EmailMessage)
    assert f"\n{line}\n" in _plain_text(message).replace("\r\n", "\n")
    for calendar in (
        _calendar(message),
        icalendar.Calendar.from_ical(Path("again", "testteam.ics").read_bytes()),
    ):
        (event,) = calendar.walk("VEVENT")
        assert str(event["DESCRIPTION"]).startswith(f"{line}\n\n")


def test_a_series_removed_from_the_data_is_cancelled_with_a_higher_sequence(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    other = ARENA.replace("name: Testteam", "name: Annet team")
    data = workspace(arenas={"testteam": ARENA, "annet-team": other})
    assert _send(runner, _relay_env(plain_server)).exit_code == 0
    (data / "arenas" / "testvik" / "annet-team.yaml").unlink()

    declined = _send(runner, _relay_env(plain_server), stdin="n\n")
    assert declined.exit_code == 0, declined.output
    assert len(plain_server.envelopes) == 2
    assert "not cancelled: Annet team (testvik-annet-team-2027-h1@samarbeid)" in declined.stderr

    accepted = _send(runner, _relay_env(plain_server), stdin="y\n")

    assert accepted.exit_code == 0, accepted.output
    assert "are no longer in the data: Annet team" in accepted.stderr
    cancel = plain_server.messages()[-1]
    calendar = _calendar(cancel)
    assert calendar["METHOD"] == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "testvik-annet-team-2027-h1@samarbeid"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["STATUS"]) == "CANCELLED"
    # The zone the file's VTIMEZONE defines, as the REQUEST had it (not a bare UTC offset).
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    calendar_part = cancel.get_body(("calendar",))
    assert calendar_part is not None
    assert "TZID=Europe/Oslo:" in calendar_part.get_content()
    assert plain_server.envelopes[-1][1] == ["rektor@testvik.example"]
    entry = _history(data.parent)["issued"]["testvik-annet-team-2027-h1@samarbeid"]
    assert entry["cancelled"] is True
    assert entry["sequence"] == 1

    again = _send(runner, _relay_env(plain_server))
    assert again.exit_code == 0
    assert len(plain_server.envelopes) == 3


def test_cancel_an_arena_that_is_still_in_the_data(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    workspace()
    assert _send(runner, _relay_env(plain_server)).exit_code == 0

    result = _send(runner, _relay_env(plain_server), "--cancel", "testteam")

    assert result.exit_code == 0, result.output
    assert len(plain_server.envelopes) == 2
    assert _calendar(plain_server.messages()[1])["METHOD"] == "CANCEL"

    nothing = _send(runner, _relay_env(plain_server), "--cancel", "testteam")
    assert nothing.exit_code == 2
    assert "--cancel: nothing of 'testteam' was sent for 2027-H1" in nothing.stderr


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("-5", "-5"),
        ("1.9", "1.9"),
        ("true", "True"),
        ("1e400", "a number too large to read"),
        ("2147483648", "2147483648"),
    ],
)
def test_an_impossible_sequence_in_the_history_is_a_clear_error(
    runner: CliRunner, workspace: DataFolder, value: str, shown: str
) -> None:
    data = workspace()
    history = data.parent / ".samarbeid" / "issued" / "testvik.json"
    history.parent.mkdir(parents=True)
    uid = "testvik-testteam-2027-h1@samarbeid"
    history.write_text(
        f'{{"version": 2, "issued": {{"{uid}": {{"sequence": {value}, "digest": "{"0" * 64}"}}}}}}'
    )

    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--out", "out"]
    )

    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"samarbeid: {history.resolve()}: not a samarbeid issue history ({uid}: sequence must be "
        f"a whole number from 0 to 2147483647 (got {shown}))"
    ), result.stderr
    assert "Traceback" not in result.output
    assert not Path("out").exists()


def test_a_cancelled_series_still_in_the_data_is_not_invited_again(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """After --cancel, a plain --send must not bring the meetings back with a fresh REQUEST."""
    data = workspace()
    assert _send(runner, _relay_env(plain_server)).exit_code == 0
    assert _send(runner, _relay_env(plain_server), "--cancel", "testteam").exit_code == 0

    again = _send(runner, _relay_env(plain_server))

    assert again.exit_code == 0, again.output
    assert len(plain_server.envelopes) == 2
    assert "was cancelled and has not changed since, so it is not invited again" in again.stderr
    arena = data / "arenas" / "testvik" / "testteam.yaml"
    arena.write_text(arena.read_text().replace("start: 08:30", "start: 09:00"))
    changed = _send(runner, _relay_env(plain_server))
    assert changed.exit_code == 0, changed.output
    assert _calendar(plain_server.messages()[-1])["METHOD"] == "REQUEST"


def test_nobody_to_invite_but_the_convener_is_a_failure_not_a_success(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """An invitation with an empty To: used to be 'sent 0 message(s)', exit 0."""
    workspace(
        municipality=MUNICIPALITY.replace(
            "  rektor: {name: Rektor, email: rektor@testvik.example}\n", ""
        )
    )

    result = _send(runner, _relay_env(plain_server))

    assert result.exit_code == 1
    assert (
        "no invitation could be made for 2027-H1: nobody invited to testteam has an address in "
        "the roster"
    ) in result.stderr
    assert plain_server.envelopes == []


def test_the_agenda_goes_to_everyone_the_series_invites(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """A week before the meeting the agenda is e-mailed: text in the body, page attached."""
    workspace(municipality=WITH_PPT_ADDRESS)

    result = runner.invoke(
        app,
        ["agenda", "-m", "testvik", "-a", "testteam", "--date", "2027-01-08", "--send"],
        env=_relay_env(plain_server),
    )

    assert result.exit_code == 0, result.output
    ((mail_from, recipients, _raw),) = plain_server.envelopes
    assert mail_from == "koordinator@testvik.example"
    assert sorted(recipients) == ["ppt@testvik.example", "rektor@testvik.example"]
    (message,) = plain_server.messages()
    assert message["Subject"] == "Saksliste: Testteam, fredag 8. januar 2027"
    (attached,) = list(message.iter_attachments())
    assert attached.get_filename() == "saksliste.html"
    assert "Testteam" in attached.get_content()
    plain = message.get_body(("plain",))
    assert plain is not None
    assert "Forrige møte" in plain.get_content()
    assert "every recipient was accepted" in result.stderr


def test_the_agenda_email_reads_as_text_and_as_html_not_markdown(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """Issue 21: the body was raw Markdown (`**Tid:**`, `#`); now a multipart/alternative
    with a plain-text part and an HTML part saying what the attached page says."""
    workspace(municipality=WITH_PPT_ADDRESS)
    agenda = runner.invoke(
        app, ["agenda", "-m", "testvik", "-a", "testteam", "--date", "2027-01-08", "-f", "html"]
    )

    result = runner.invoke(
        app,
        ["agenda", "-m", "testvik", "-a", "testteam", "--date", "2027-01-08", "--send"],
        env=_relay_env(plain_server),
    )

    assert result.exit_code == 0, result.output
    (message,) = plain_server.messages()
    body, attached = list(message.iter_parts())
    assert body.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in body.iter_parts()] == [
        "text/plain",
        "text/html",
    ]
    plain = body.get_body(("plain",))
    rich = body.get_body(("html",))
    assert plain is not None and rich is not None
    text = plain.get_content().replace("\r\n", "\n")
    page = rich.get_content().replace("\r\n", "\n")
    for markup in ("**", "# ", "\\"):
        assert markup not in text
    assert "Saksliste: Testteam\n===================\n" in text
    assert "- Tid: fredag 8. januar 2027 kl. " in text
    assert "<h1>Saksliste: Testteam</h1>" in page
    assert "<strong>Tid:</strong> fredag 8. januar 2027" in page
    assert "**" not in page
    # The same words as the page attached: every heading of the one is in the other.
    attached_page = attached.get_content().replace("\r\n", "\n")
    assert attached_page == agenda.stdout
    for heading in re.findall(r"<h[1-3]>(.*?)</h[1-3]>", attached_page):
        assert f">{heading}</h" in page
        assert heading.replace("&amp;", "&") in text

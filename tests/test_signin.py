"""`samarbeid login` / `logout` and the sign-in they keep, with MSAL replaced by stand-ins.

No test reaches Microsoft: `msal` and `msal_extensions` are small fakes that behave as the
libraries document (device flow, a token cache, silent acquisition, client credentials).
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from samarbeid_cli.delivery import sending, signin
from tests.conftest import DataFolder, app
from tests.graph_standin import StandIn, graph

__all__ = ["graph"]

TENANT = "testvik.onmicrosoft.example"
CLIENT_ID = "11111111-2222-3333-4444-555555555555"
USER_TOKEN = "user-access-token-" + "u" * 20
REFRESH_TOKEN = "refresh-token-" + "r" * 20
SECRET = "client-secret-" + "s" * 20


class FakeMsal:
    """What the tests saw MSAL asked for, and what it answers."""

    def __init__(self, cache: Path, graph_token: str) -> None:
        self.cache = cache
        self.graph_token = graph_token
        self.calls: list[tuple[str, Any]] = []
        self.encrypted = False

    def modules(self) -> tuple[types.ModuleType, types.ModuleType]:
        fake = self
        msal = types.ModuleType("msal")
        extensions = types.ModuleType("msal_extensions")

        class Persistence:
            def __init__(self, location: str) -> None:
                self.location = Path(location)

        class PersistedTokenCache:
            def __init__(self, persistence: Persistence) -> None:
                self.persistence = persistence

            def accounts(self) -> list[dict[str, str]]:
                path = self.persistence.location
                if not path.exists() or not path.read_text():
                    return []
                return list(json.loads(path.read_text())["accounts"])

            def save(self, accounts: list[dict[str, str]]) -> None:
                self.persistence.location.write_text(
                    json.dumps({"accounts": accounts, "refresh_token": REFRESH_TOKEN})
                )

        def build_encrypted_persistence(location: str) -> Persistence:
            if not fake.encrypted:
                raise ImportError("no libsecret here")
            return Persistence(location)

        class PublicClientApplication:
            def __init__(self, client_id: str, *, authority: str, token_cache: Any) -> None:
                fake.calls.append(("public", (client_id, authority)))
                self.cache = token_cache

            def initiate_device_flow(self, scopes: list[str]) -> dict[str, Any]:
                fake.calls.append(("device_flow", scopes))
                return {
                    "user_code": "ABCD-EFGH",
                    "message": "To sign in, use a web browser to open the page "
                    "https://microsoft.com/devicelogin and enter the code ABCD-EFGH.",
                }

            def acquire_token_by_device_flow(self, flow: dict[str, Any]) -> dict[str, Any]:
                self.cache.save([{"username": "koordinator@testvik.example"}])
                return {
                    "access_token": USER_TOKEN,
                    "refresh_token": REFRESH_TOKEN,
                    "id_token_claims": {"preferred_username": "koordinator@testvik.example"},
                }

            def get_accounts(self) -> list[dict[str, str]]:
                return self.cache.accounts()  # type: ignore[no-any-return]

            def remove_account(self, account: dict[str, str]) -> None:
                fake.calls.append(("remove_account", account["username"]))
                self.cache.save([])

            def acquire_token_silent(
                self, scopes: list[str], account: Any, force_refresh: bool = False
            ) -> dict[str, Any]:
                fake.calls.append(("silent", (scopes, force_refresh)))
                graph = scopes[0].startswith("https://graph.microsoft.com/")
                return {"access_token": fake.graph_token if graph else USER_TOKEN}

        class ConfidentialClientApplication:
            def __init__(self, client_id: str, *, client_credential: Any, authority: str) -> None:
                fake.calls.append(("confidential", (client_id, authority)))

            def acquire_token_for_client(self, scopes: list[str]) -> dict[str, Any]:
                fake.calls.append(("for_client", scopes))
                return {"access_token": fake.graph_token}

        extensions.build_encrypted_persistence = build_encrypted_persistence  # type: ignore[attr-defined]
        extensions.FilePersistence = Persistence  # type: ignore[attr-defined]
        extensions.PersistedTokenCache = PersistedTokenCache  # type: ignore[attr-defined]
        msal.PublicClientApplication = PublicClientApplication  # type: ignore[attr-defined]
        msal.ConfidentialClientApplication = ConfidentialClientApplication  # type: ignore[attr-defined]
        return msal, extensions


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".cache" / "samarbeid" / "msal-token-cache.bin"


@pytest.fixture
def fake_msal(monkeypatch: pytest.MonkeyPatch, cache: Path) -> FakeMsal:
    fake = FakeMsal(cache, "graph-token-not-set")
    msal, extensions = fake.modules()
    monkeypatch.setitem(sys.modules, "msal", msal)
    monkeypatch.setitem(sys.modules, "msal_extensions", extensions)
    monkeypatch.setenv("SAMARBEID_GRAPH_TENANT", TENANT)
    monkeypatch.setenv("SAMARBEID_GRAPH_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SAMARBEID_GRAPH_TOKEN_CACHE", str(cache))
    return fake


def _secrets_absent(text: str) -> None:
    for secret in (USER_TOKEN, REFRESH_TOKEN, SECRET):
        assert secret not in text


def test_help_of_every_command_does_not_load_msal() -> None:
    code = (
        "import sys\n"
        "from samarbeid_cli.cli import main\n"
        "for args in (['--help'], ['login', '--help'], ['responses', '--help'], "
        "['schedule', '--help']):\n"
        "    sys.argv = ['samarbeid', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('msal', 'urllib.request'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_login_shows_the_device_code_and_keeps_the_sign_in_for_the_user_only(
    runner: CliRunner, fake_msal: FakeMsal, cache: Path
) -> None:
    result = runner.invoke(app, ["login"])
    assert result.exit_code == 0, result.output
    assert "enter the code ABCD-EFGH" in result.stderr
    assert "signed in as koordinator@testvik.example" in result.stderr
    _secrets_absent(result.output)
    assert ("public", (CLIENT_ID, f"https://login.microsoftonline.com/{TENANT}")) in fake_msal.calls
    assert (
        "device_flow",
        [
            "https://graph.microsoft.com/Calendars.ReadWrite",
            "https://graph.microsoft.com/Mail.Send",
        ],
    ) in fake_msal.calls
    # No encrypted store here: a file only the user may read, in a folder only the user may.
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700


def test_logout_forgets_the_account_and_removes_the_cache(
    runner: CliRunner, fake_msal: FakeMsal, cache: Path
) -> None:
    assert runner.invoke(app, ["login"]).exit_code == 0
    result = runner.invoke(app, ["logout"])
    assert result.exit_code == 0, result.output
    assert f"signed out: removed {cache}" in result.stderr
    assert ("remove_account", "koordinator@testvik.example") in fake_msal.calls
    assert not cache.exists()
    again = runner.invoke(app, ["logout"])
    assert again.exit_code == 0
    assert "not signed in: nothing to remove" in again.stderr


def test_login_without_an_app_registration_says_what_to_set(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["login"])
    assert result.exit_code == 1
    assert "set SAMARBEID_GRAPH_TENANT and SAMARBEID_GRAPH_CLIENT_ID" in result.stderr
    monkeypatch.setenv("SAMARBEID_GRAPH_TENANT", TENANT)
    monkeypatch.setenv("SAMARBEID_GRAPH_CLIENT_ID", "not-a-guid")
    bad = runner.invoke(app, ["login"])
    assert bad.exit_code == 1
    assert "SAMARBEID_GRAPH_CLIENT_ID must be the app registration's application" in bad.stderr
    monkeypatch.setenv("SAMARBEID_GRAPH_TENANT", "evil.example/../x")
    monkeypatch.setenv("SAMARBEID_GRAPH_CLIENT_ID", CLIENT_ID)
    tenant = runner.invoke(app, ["login"])
    assert tenant.exit_code == 1
    assert "SAMARBEID_GRAPH_TENANT must be the tenant's id or domain" in tenant.stderr


def test_login_without_msal_installed_says_how_to_install_it(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, cache: Path
) -> None:
    monkeypatch.setitem(sys.modules, "msal", None)  # import msal raises ImportError
    monkeypatch.setenv("SAMARBEID_GRAPH_TENANT", TENANT)
    monkeypatch.setenv("SAMARBEID_GRAPH_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SAMARBEID_GRAPH_TOKEN_CACHE", str(cache))
    result = runner.invoke(app, ["login"])
    assert result.exit_code == 1
    assert "pipx install 'samarbeid[outlook]'" in result.stderr
    assert "Traceback" not in result.output


def _publish(runner: CliRunner, data: Path, history: Path) -> Any:
    return runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "--data",
            str(data),
            "--history",
            str(history),
            "--publish",
            "outlook",
        ],
    )


def test_publishing_takes_its_token_from_the_sign_in_and_refreshes_it_once(
    runner: CliRunner,
    fake_msal: FakeMsal,
    graph: StandIn,
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SAMARBEID_GRAPH_TOKEN")
    fake_msal.graph_token = graph.token
    data = data_folder()
    not_yet = _publish(runner, data, tmp_path / "issued.json")
    assert not_yet.exit_code == 1
    assert "not signed in to Microsoft 365: run 'samarbeid login'" in not_yet.stderr
    assert runner.invoke(app, ["login"]).exit_code == 0
    graph.faults = [(401, {})]  # the cached token has expired
    result = _publish(runner, data, tmp_path / "issued.json")
    assert result.exit_code == 0, result.output
    silent = [args for name, args in fake_msal.calls if name == "silent"]
    assert [refresh for _scopes, refresh in silent] == [False, True]
    assert graph.live()
    _secrets_absent(result.output + (tmp_path / "issued.json").read_text())


def test_an_unattended_run_signs_the_app_in_and_writes_in_the_service_mailbox(
    runner: CliRunner,
    fake_msal: FakeMsal,
    graph: StandIn,
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SAMARBEID_GRAPH_TOKEN")
    monkeypatch.setenv("SAMARBEID_GRAPH_CLIENT_SECRET", SECRET)
    fake_msal.graph_token = graph.token
    data = data_folder()
    without_mailbox = _publish(runner, data, tmp_path / "issued.json")
    assert without_mailbox.exit_code == 1
    assert "set SAMARBEID_GRAPH_MAILBOX to the service mailbox" in without_mailbox.stderr
    monkeypatch.setenv("SAMARBEID_GRAPH_MAILBOX", "sammen@testvik.example")
    result = _publish(runner, data, tmp_path / "issued.json")
    assert result.exit_code == 0, result.output
    # The series, then its attendees: both in the service mailbox's calendar.
    assert [r.method for r in graph.requests] == ["POST", "PATCH"]
    assert all(
        r.path.startswith("/v1.0/users/sammen@testvik.example/events") for r in graph.requests
    )
    assert ("for_client", ["https://graph.microsoft.com/.default"]) in fake_msal.calls
    _secrets_absent(result.output)


def test_smtp_signs_in_with_xoauth2_from_the_same_sign_in(
    fake_msal: FakeMsal, cache: Path, runner: CliRunner
) -> None:
    assert runner.invoke(app, ["login"]).exit_code == 0
    environ = {
        "SAMARBEID_SMTP_HOST": "smtp.office365.com",
        "SAMARBEID_SMTP_USER": "koordinator@testvik.example",
        "SAMARBEID_GRAPH_TENANT": TENANT,
        "SAMARBEID_GRAPH_CLIENT_ID": CLIENT_ID,
        "SAMARBEID_GRAPH_TOKEN_CACHE": str(cache),
    }
    found = sending.settings(None, environ, "data/municipalities/testvik.yaml")
    assert (found.sign_in, found.user, found.secret) == (
        "oauth",
        "koordinator@testvik.example",
        USER_TOKEN,
    )
    assert USER_TOKEN not in repr(found)
    assert ("silent", (["https://outlook.office365.com/SMTP.Send"], False)) in fake_msal.calls


def test_a_relay_without_a_user_does_not_sign_in(fake_msal: FakeMsal) -> None:
    environ = {
        "SAMARBEID_SMTP_HOST": "relay.testvik.example",
        "SAMARBEID_GRAPH_TENANT": TENANT,
        "SAMARBEID_GRAPH_CLIENT_ID": CLIENT_ID,
    }
    assert sending.settings(None, environ, "x.yaml").sign_in == "none"
    assert fake_msal.calls == []


def test_the_cache_lives_in_the_users_cache_folder(tmp_path: Path) -> None:
    assert signin.default_cache({"XDG_CACHE_HOME": str(tmp_path)}) == (
        tmp_path / "samarbeid" / "msal-token-cache.bin"
    )

"""The municipality's `calendar:` (issue 16): the mailbox the series is published in, a shared
or convener mailbox the coordinator may write to. Graph's paths become /users/{mailbox}/...;
without it, the signed-in user's (/me). It is an e-mail address and nothing else: a data file
never names the tenant, the client or the endpoint credentials go to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DataFolder, app
from tests.graph_standin import StandIn, graph
from tests.test_outlook_agenda import _agenda
from tests.test_publish_outlook import WITH_PPT, _publish

__all__ = ["graph"]

MAILBOX = "moter.oppvekst@testvik.example"
WITH_CALENDAR = WITH_PPT.replace("malform: nb\n", f"malform: nb\ncalendar: {MAILBOX}\n")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "issued" / "testvik.json"


def test_the_calendar_setting_names_the_mailbox_every_graph_request_goes_to(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(municipality=WITH_CALENDAR)

    published = _publish(runner, data, history)
    assert published.exit_code == 0, published.output
    graph.refuse_attachments = (403, "ErrorAccessDenied")
    agenda = _agenda(runner, data, history, "--publish", "outlook")
    assert agenda.exit_code == 0, agenda.output
    args = ["-m", "testvik", "--period", "2027-H1", "--data", str(data), "--history", str(history)]
    answers = runner.invoke(app, ["responses", *args])
    assert answers.exit_code == 0, answers.output

    assert graph.invalid == []
    prefix = f"/v1.0/users/{MAILBOX}/"
    assert graph.requests and all(r.path.startswith(prefix) for r in graph.requests), [
        r.path for r in graph.requests if not r.path.startswith(prefix)
    ]
    assert {r.method for r in graph.requests} >= {"POST", "GET"}
    (mail,) = graph.mails
    assert mail["_from"] == f"users/{MAILBOX}"


def test_the_environment_still_chooses_the_mailbox_over_the_data(
    runner: CliRunner,
    graph: StandIn,
    data_folder: DataFolder,
    history: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SAMARBEID_GRAPH_MAILBOX (an unattended job's service mailbox) wins over `calendar:`."""
    monkeypatch.setenv("SAMARBEID_GRAPH_MAILBOX", "tjeneste@testvik.example")
    data = data_folder(municipality=WITH_CALENDAR)

    assert _publish(runner, data, history).exit_code == 0

    assert all(r.path.startswith("/v1.0/users/tjeneste@testvik.example/") for r in graph.requests)


def test_without_calendar_the_signed_in_users_own_calendar_is_written(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    assert _publish(runner, data_folder(municipality=WITH_PPT), history).exit_code == 0
    assert all(r.path.startswith("/v1.0/me/") for r in graph.requests)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "https://graph.example.org/v1.0",
            "calendar: must be the e-mail address of the mailbox to publish in",
        ),
        (
            "{tenant: selbu.onmicrosoft.com, client_id: 00000000-0000-0000-0000-000000000000}",
            "calendar: must be the e-mail address of the mailbox to publish in; a data file "
            "never names the tenant, the app (client) or the endpoint: they come from "
            "SAMARBEID_GRAPH_TENANT, SAMARBEID_GRAPH_CLIENT_ID and SAMARBEID_GRAPH_URL in the "
            "coordinator's environment",
        ),
    ],
)
def test_a_calendar_that_is_not_a_mailbox_is_refused_at_its_line(
    runner: CliRunner,
    graph: StandIn,
    data_folder: DataFolder,
    history: Path,
    value: str,
    message: str,
) -> None:
    data = data_folder(
        municipality=WITH_PPT.replace("malform: nb\n", f"malform: nb\ncalendar: {value}\n")
    )

    result = _publish(runner, data, history)

    assert result.exit_code == 1
    assert "data/municipalities/testvik.yaml:4:" in result.stderr, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert graph.requests == []
    assert not history.exists()


def test_calendar_is_in_the_exported_schema(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "--out", str(out)]).exit_code == 0
    found = json.loads((out / "municipality.schema.json").read_text(encoding="utf-8"))
    assert found["properties"]["calendar"]["anyOf"][0]["format"] == "email"

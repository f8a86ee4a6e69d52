"""`minutes --answers outlook` (issue 16): the attendance table filled from the attendees'
answers in Outlook (as `samarbeid responses` reads them) where the meeting was published
there; where no answers can be read, the minutes say so and are written all the same. Without
the option, minutes never goes online."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import DataFolder, app
from tests.graph_standin import StandIn, graph
from tests.test_outlook_agenda import DAY
from tests.test_publish_outlook import WITH_PPT, _publish

__all__ = ["graph"]

NYNORSK = WITH_PPT.replace("malform: nb\n", "malform: nn\n")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "issued" / "testvik.json"


def _minutes(runner: CliRunner, data: Path, history: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "minutes",
            "-m",
            "testvik",
            "-a",
            "testteam",
            "--date",
            DAY,
            "--data",
            str(data),
            "--history",
            str(history),
            *extra,
        ],
    )


def _rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ") and "---" not in line]


def test_present_and_excused_are_filled_from_the_answers_in_outlook(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(municipality=WITH_PPT)
    assert _publish(runner, data, history).exit_code == 0
    graph.answer("rektor@testvik.example", "accepted")
    graph.answer("ppt@testvik.example", "declined")
    count = len(graph.writes)

    result = _minutes(runner, data, history, "--answers", "outlook")

    assert result.exit_code == 0, result.output
    assert graph.writes[count:] == []  # reading only
    assert _rows(result.stdout) == [
        "| Deltaker | Tjeneste | Til stede | Fraværende | Meldt forfall |",
        "| Rektor |  | takket ja i Outlook |  |  |",
        "| PPT |  |  |  | forfall i Outlook |",
    ]
    assert "Svarene er lest fra Outlook" in result.stdout


def test_nynorsk_minutes_fill_in_nynorsk(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(municipality=NYNORSK)
    assert _publish(runner, data, history).exit_code == 0
    graph.answer("rektor@testvik.example", "tentativelyAccepted")
    graph.answer("ppt@testvik.example", "declined")

    result = _minutes(runner, data, history, "--answers", "outlook")

    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert rows[1] == "| Rektor |  | kanskje (Outlook) |  |  |"
    assert rows[2] == "| PPT |  |  |  | forfall i Outlook |"
    assert "Svara er lesne frå Outlook" in result.stdout


def test_where_no_answers_can_be_read_the_minutes_say_so_and_are_written(
    runner: CliRunner,
    graph: StandIn,
    data_folder: DataFolder,
    history: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = data_folder(municipality=WITH_PPT)
    plain = runner.invoke(
        app, ["minutes", "-m", "testvik", "-a", "testteam", "--date", DAY, "--data", str(data)]
    )
    assert plain.exit_code == 0, plain.output

    unpublished = _minutes(runner, data, history, "--answers", "outlook")
    assert unpublished.exit_code == 0, unpublished.output
    assert "no answers from Outlook: Testteam 8 January 2027 is not published in Outlook" in (
        unpublished.stderr
    )
    assert "Svarene i Outlook kunne ikke leses" in unpublished.stdout
    assert _rows(unpublished.stdout) == _rows(plain.stdout)
    assert graph.requests == []

    assert _publish(runner, data, history).exit_code == 0
    monkeypatch.delenv("SAMARBEID_GRAPH_TOKEN")
    monkeypatch.setenv("SAMARBEID_GRAPH_TOKEN_CACHE", str(history.parent / "no-cache.bin"))
    for name in ("SAMARBEID_GRAPH_TENANT", "SAMARBEID_GRAPH_CLIENT_ID"):
        monkeypatch.delenv(name, raising=False)
    signed_out = _minutes(runner, data, history, "--answers", "outlook")
    assert signed_out.exit_code == 0, signed_out.output
    assert "no answers from Outlook: not signed in to Microsoft 365" in signed_out.stderr
    assert "Svarene i Outlook kunne ikke leses" in signed_out.stdout


def test_without_the_option_minutes_stay_offline(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(municipality=WITH_PPT)
    assert _publish(runner, data, history).exit_code == 0
    count = len(graph.requests)

    result = _minutes(runner, data, history)

    assert result.exit_code == 0, result.output
    assert graph.requests[count:] == []
    assert "Outlook" not in result.stdout

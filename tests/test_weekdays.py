"""Data may name the meeting day in English, bokmål or nynorsk; a misspelt one suggests the
nearest."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app, with_frequency

ARENA_FILE = "data/arenas/testvik/testteam.yaml"


def _schedule(runner: CliRunner, data: str) -> list[str]:
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--data", data, "--period", "2027-H1", "-f", "json"],
    )
    assert result.exit_code == 0, result.output
    return [row["start"] for row in json.loads(result.stdout)]


@pytest.mark.parametrize("name", ["fredag", "Fredag", "FREDAG", "fredager", " friday "])
def test_norwegian_friday_gives_the_same_meetings_as_friday(
    runner: CliRunner, data_folder: DataFolder, tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    """`weekday: fredag` (any case, or plural as the seeds write it) is friday."""
    english = _schedule(runner, str(data_folder()))
    norwegian = _schedule(
        runner,
        str(data_folder(arenas={"testteam": ARENA.replace("weekday: friday", f"weekday: {name}")})),
    )

    assert len(english) > 5
    assert norwegian == english


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("mandag", "monday"),
        ("måndag", "monday"),
        ("tirsdag", "tuesday"),
        ("tysdag", "tuesday"),
        ("Onsdag", "wednesday"),
        ("torsdag", "thursday"),
        ("torsdagar", "thursday"),
    ],
)
def test_every_norwegian_weekday_loads(
    runner: CliRunner, data_folder: DataFolder, name: str, english: str
) -> None:
    """Bokmål and nynorsk names give the same series as the English name."""
    frequency = "  kind: monthly\n  weekday: {}\n  week: 2\n"
    by_english = _schedule(
        runner, str(data_folder(arenas={"testteam": with_frequency(frequency.format(english))}))
    )
    by_norwegian = _schedule(
        runner, str(data_folder(arenas={"testteam": with_frequency(frequency.format(name))}))
    )

    assert len(by_english) == 6
    assert by_norwegian == by_english


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "fredga",
            "unknown weekday 'fredga'; did you mean 'fredag'? write monday–friday, or in "
            "Norwegian mandag–fredag (nynorsk måndag, tysdag)",
        ),
        (
            "tysdga",
            "unknown weekday 'tysdga'; did you mean 'tysdag'? write monday–friday, or in "
            "Norwegian mandag–fredag (nynorsk måndag, tysdag)",
        ),
        (
            "fridya",
            "unknown weekday 'fridya'; did you mean 'friday'? write monday–friday, or in "
            "Norwegian mandag–fredag (nynorsk måndag, tysdag)",
        ),
        (
            "xyz",
            "unknown weekday 'xyz'; write monday–friday, or in Norwegian mandag–fredag "
            "(nynorsk måndag, tysdag)",
        ),
        ("laurdag", "'laurdag' is a weekend day; arenas meet Monday to Friday (mandag–fredag)"),
    ],
)
def test_misspelt_weekday_suggests_the_nearest(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    expected: str,
) -> None:
    """The message names the line of `weekday:` and the nearest day name."""
    arena = ARENA.replace("weekday: friday", f"weekday: {name}")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("samarbeid:")]
    assert problems == [f"{ARENA_FILE}:16:12: frequency.weekday: {expected}"]

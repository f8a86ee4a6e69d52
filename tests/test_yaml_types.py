"""The schema decides types, not YAML 1.1: what a coordinator writes is what samarbeid reads."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app, with_frequency


def _schedule_json(runner: CliRunner) -> Result:
    """Testvik's autumn 2026 as JSON, from data/ of the current folder."""
    return runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2026-H2", "--data", "data", "-f", "json"]
    )


def test_kommunenummer_keeps_its_leading_zero(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unquoted `0301` stays the string "0301" (PyYAML would read the octal number 193)."""
    municipality = MUNICIPALITY.replace('kommunenummer: "9999"', "kommunenummer: 0301")
    monkeypatch.chdir(data_folder(municipality=municipality).parent)
    result = runner.invoke(app, ["validate", "data", "--json", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["municipalities"][0]["kommunenummer"] == "0301"


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        pytest.param("8:30", "T08:30:00+02:00", "T09:30:00+02:00", id="8:30-is-not-510"),
        pytest.param("10:30", "T10:30:00+02:00", "T11:30:00+02:00", id="10:30-is-not-630"),
        pytest.param("8.30", "T08:30:00+02:00", "T09:30:00+02:00", id="norwegian-8.30"),
        pytest.param('"08:30"', "T08:30:00+02:00", "T09:30:00+02:00", id="quoted"),
    ],
)
def test_clock_times_are_clock_times(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    written: str,
    start: str,
    end: str,
) -> None:
    """`8:30` and `10:30` are wall-clock times, not YAML 1.1 sexagesimal numbers."""
    arena = ARENA.replace("start: 08:30", f"start: {written}")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = _schedule_json(runner)

    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert first["start"] == "2026-07-10" + start
    assert first["end"] == "2026-07-10" + end


def test_no_yes_and_on_stay_words_outside_boolean_fields(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`NO`, `yes` and `on` in text fields are text (YAML 1.1 makes them booleans)."""
    arena = ARENA.replace("name: Testteam", "name: NO").replace(
        "  form: digital", "  form: digital\n  location: on"
    )
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = _schedule_json(runner)

    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout)[0]
    assert first["name"] == "NO"
    assert first["location"] == "on"


@pytest.mark.parametrize(("written", "first_day"), [("yes", "2026-08-21"), ("no", "2026-07-10")])
def test_yes_and_no_are_booleans_in_boolean_fields(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    written: str,
    first_day: str,
) -> None:
    """`school_calendar: yes` binds the arena to the school calendar (no July meetings)."""
    arena = ARENA.replace("meeting:", f"school_calendar: {written}\nmeeting:")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = _schedule_json(runner)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["start"].startswith(first_day)


def test_a_word_in_a_boolean_field_is_an_error(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A boolean field takes true/false (or yes/no), nothing else."""
    arena = ARENA.replace("meeting:", "school_calendar: sometimes\nmeeting:")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    assert (
        "data/arenas/testvik/testteam.yaml:9:18: school_calendar: must be true or false "
        "(got 'sometimes')"
    ) in result.stderr.splitlines()


def test_norwegian_text_with_colons_and_numbers_survives(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Numbers in text fields stay text exactly as written (`010` is not 8)."""
    arena = ARENA.replace("  form: digital", "  form: digital\n  location: 010")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = _schedule_json(runner)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["location"] == "010"


@pytest.mark.parametrize(
    ("week", "first_day"),
    [("1", "2026-07-03"), ("2", "2026-07-10"), ("4", "2026-07-24"), ("last", "2026-07-31")],
)
def test_week_of_month_reads_numbers_and_last(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    week: str,
    first_day: str,
) -> None:
    """`week: 2` is the second weekday of the month, though the loader reads it as text."""
    arena = with_frequency(f"  kind: monthly\n  weekday: friday\n  week: {week}\n")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = _schedule_json(runner)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["start"].startswith(first_day)


def test_week_of_month_out_of_range_is_an_error(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    arena = with_frequency("  kind: monthly\n  weekday: friday\n  week: 5\n")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    assert (
        "data/arenas/testvik/testteam.yaml:16:9: frequency.week: must be one of 1, 2, 3, 4 or "
        "'last' (got 5)"
    ) in result.stderr.splitlines()

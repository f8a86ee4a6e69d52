"""A unit's own calendar (issue 18): a kindergarten keeps its own year (open in the school
breaks, closed some weeks of summer), a unit may keep none (public holidays only), and the
schools keep the school calendar, through `samarbeid schedule --format json` and `validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DataFolder, app, with_frequency
from tests.test_per_unit_and_monthly import TOWN_WITH_UNITS

KINDERGARTEN_CALENDAR = """\
calendars:
  barnehage:
    source: the kindergartens' own year, assumed
    closed:
      - {start: 2026-07-06, end: 2026-07-31, reason: sommarstengt}
      - {start: 2026-11-16, reason: planleggingsdag barnehage}
"""

TOWN = (
    TOWN_WITH_UNITS.replace(
        "    leader: {role: styrer-lia}\n",
        "    leader: {role: styrer-lia}\n    calendar: barnehage\n",
    ).replace(
        "    leader: {role: styrer-solsiden}\n",
        "    leader: {role: styrer-solsiden}\n    calendar: none\n",
    )
    + KINDERGARTEN_CALENDAR
)

WEEKLY_PER_UNIT = (
    with_frequency("  kind: weekly\n  weekday: tuesday\n")
    .replace("form: digital", "form: physical")
    .replace(
        "frequency:",
        "per_unit:\n  units: [vestre-skole, lia-barnehage, solsiden-barnehage]\n"
        "  stagger: false\nschool_calendar: true\nfrequency:",
    )
)


def _days(runner: CliRunner, data: Path, period: str) -> dict[str, list[str]]:
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", period, "-f", "json", "--data", str(data)]
    )
    assert result.exit_code == 0, result.output
    days: dict[str, list[str]] = {}
    for row in json.loads(result.stdout):
        days.setdefault(row["arena"], []).append(row["start"][:10])
    return days


def test_a_kindergarten_unit_with_its_own_calendar_meets_in_the_autumn_break(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Høstferie is 28 September - 2 October 2026: the school unit does not meet on Tuesday
    29 September, the kindergarten with its own calendar does; the kindergarten keeps off its
    own closed weeks of July and its planning day instead, and meets in the school's summer
    break and juleferie."""
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=TOWN)
    days = _days(runner, data, "2026-H2")

    school = days["ressursteam--vestre-skole"]
    kindergarten = days["ressursteam--lia-barnehage"]
    assert "2026-09-29" not in school
    assert "2026-09-29" in kindergarten
    assert "2026-12-22" in kindergarten and "2026-12-22" not in school  # juleferie
    assert "2026-08-04" in kindergarten and "2026-08-04" not in school  # the school's summer
    assert not [day for day in kindergarten if day.startswith("2026-07")]  # sommarstengt
    assert "2026-11-17" in kindergarten  # the planning day is a Monday: the Tuesday meets
    assert school[0] == "2026-08-25"  # first Tuesday after the first school day, 19 August


def test_a_unit_with_no_calendar_keeps_only_the_public_holidays(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """`calendar: none`: Solsiden barnehage meets every Tuesday of July and of the autumn
    break; only the municipality's holidays and weekends are closed."""
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=TOWN)
    days = _days(runner, data, "2026-H2")

    none = days["ressursteam--solsiden-barnehage"]
    assert [day for day in none if day.startswith("2026-07")] == [
        "2026-07-07",
        "2026-07-14",
        "2026-07-21",
        "2026-07-28",
    ]
    assert "2026-09-29" in none
    assert len(none) == 26  # every Tuesday of the half-year; none is a public holiday


def test_the_kindergarten_calendar_closes_its_own_days(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """A closed day of the kindergarten calendar on the meeting's weekday is skipped for the
    kindergarten only."""
    town = TOWN.replace("{start: 2026-11-16, reason:", "{start: 2026-11-17, reason:")
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=town)
    days = _days(runner, data, "2026-H2")

    assert "2026-11-17" not in days["ressursteam--lia-barnehage"]
    assert "2026-11-17" in days["ressursteam--vestre-skole"]
    assert "2026-11-17" in days["ressursteam--solsiden-barnehage"]


def test_an_unknown_calendar_is_an_error_at_its_line(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    town = TOWN.replace("    calendar: barnehage\n", "    calendar: barnehge\n")
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=town)
    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    assert result.stdout == ""
    municipality_file = data / "municipalities" / "testvik.yaml"
    line = town.splitlines().index("    calendar: barnehge") + 1
    assert result.stderr.splitlines() == [
        f"{municipality_file}:{line}:15: units.lia-barnehage.calendar: unknown calendar "
        "'barnehge'; did you mean 'barnehage'?; name school, none, or a calendar defined under "
        "calendars: (known: school, none, barnehage)",
        "samarbeid: 1 problem(s) in 1 file(s).",
    ]


def test_schedule_refuses_an_unknown_calendar_without_a_traceback(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    town = TOWN.replace("    calendar: barnehage\n", "    calendar: barnehge\n")
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=town)
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2026-H2", "-f", "json", "--data", str(data)]
    )

    assert result.exit_code == 1
    assert "units.lia-barnehage.calendar" in result.stderr
    assert "Traceback" not in result.output


def test_a_calendar_may_not_be_called_school_or_none(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    town = TOWN.replace("  barnehage:\n    source:", "  none:\n    source:").replace(
        "    calendar: barnehage\n", ""
    )
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=town)
    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    assert "calendars.none: 'none' is a word units use" in result.stderr


def test_assumptions_list_a_calendar_marked_assumed(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=TOWN)
    monkeypatch.chdir(data.parent)
    result = runner.invoke(app, ["assumptions", "--json"])

    assert result.exit_code == 0, result.output
    found = [item for item in json.loads(result.stdout) if item["field"] == "calendars.barnehage"]
    assert [item["text"] for item in found] == [
        "calendar 'barnehage' is marked \"the kindergartens' own year, assumed\""
    ]


def test_the_routine_says_which_units_keep_their_own_calendar(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under the units' table: a line for each unit that does not follow the school calendar;
    none for the school."""
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=TOWN)
    monkeypatch.chdir(data.parent)
    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "ressursteam"])

    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "følger" in line]
    assert lines == [
        "- Lia barnehage følger sin egen kalender (barnehage) og møtes også i skoleferiene, "
        "utenom dagene den kalenderen holder stengt.",
        "- Solsiden barnehage følger ikke skoleruta: bare helligdager og kommunens stengte dager "
        "er stengt.",
    ]


def test_the_routine_says_nothing_of_calendars_when_every_unit_keeps_the_schools(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=TOWN_WITH_UNITS)
    monkeypatch.chdir(data.parent)
    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "ressursteam"])

    assert result.exit_code == 0, result.output
    assert "kalender (" not in result.stdout and "følger ikke skoleruta" not in result.stdout


BROKEN_TOWN = (
    TOWN.replace('kommunenummer: "9999"', 'kommunenummer: "99x9"')
    .replace("end: 2026-07-31, reason: sommarstengt", "end: 2026-06-30, reason: sommarstengt")
    .replace("calendar: barnehage\n", "calendar: barnehag\n")
)


def _errors(runner: CliRunner, data: Path) -> list[tuple[str, str]]:
    result = runner.invoke(app, ["validate", str(data), "--json"])
    assert result.exit_code == 1, result.output
    return [(error["field"], error["message"]) for error in json.loads(result.stdout)["errors"]]


def test_a_calendar_closed_before_it_starts_comes_with_the_schema_errors(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """A schema error elsewhere in the file does not hide `calendars.*.closed[].end` before
    its start: it is part of the model's validation, reported in the same round (issue 18)."""
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=BROKEN_TOWN)
    errors = dict(_errors(runner, data))

    assert "kommunenummer" in errors
    assert errors["calendars.barnehage.closed[0].end"] == (
        "must be on or after start (2026-07-06), got 2026-06-30"
    )


def test_closed_days_before_their_start_are_refused_at_the_end(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    town = TOWN + "closed_days:\n  - {start: 2026-12-24, end: 2026-12-23, reason: julaftan}\n"
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=town)

    assert _errors(runner, data) == [
        ("closed_days[0].end", "must be on or after start (2026-12-24), got 2026-12-23")
    ]


def test_the_cross_checks_of_valid_parts_come_with_the_schema_errors(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """A unit naming an unknown calendar is reported in the same round as a schema error
    elsewhere in the file: the units and calendars are valid, so their cross-check runs; a
    check whose parts are invalid is left out, not guessed (issue 18)."""
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=BROKEN_TOWN)
    errors = dict(_errors(runner, data))

    assert "kommunenummer" in errors
    assert errors["units.lia-barnehage.calendar"].startswith(
        "unknown calendar 'barnehag'; did you mean 'barnehage'?"
    )
    # The school years are valid too: their cross-checks run, and find nothing here.
    assert [field for field in errors if field.startswith("school_years")] == []

    still_broken = BROKEN_TOWN.replace("calendar: barnehag\n", "calendar: barnehag\n    x: 1\n")
    data = data_folder(arenas={"ressursteam": WEEKLY_PER_UNIT}, municipality=still_broken)
    fields = [field for field, _ in _errors(runner, data)]
    assert "units.lia-barnehage.calendar" not in fields
    assert "units.lia-barnehage.x" in fields

"""Spreading a count over the year (issue 18): no month holds two meetings while an open month
holds none, for a yearly count and for a term's count alike, and the data may keep meetings
out of the first N school days (`meeting_free_first_school_days`), listed by `assumptions`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import MUNICIPALITY, DataFolder, app, with_frequency

AUTUMN_2027 = ["2027-08", "2027-09", "2027-10", "2027-11", "2027-12"]


def _days(runner: CliRunner, data: Path, *periods: str) -> dict[str, list[str]]:
    days: dict[str, list[str]] = {}
    for period in periods:
        result = runner.invoke(
            app,
            ["schedule", "-m", "testvik", "--period", period, "-f", "json", "--data", str(data)],
        )
        assert result.exit_code == 0, result.output
        for row in json.loads(result.stdout):
            days.setdefault(row["arena"], []).append(row["start"][:10])
    return days


def _crowded(days: list[str], open_months: list[str]) -> bool:
    """Whether a month holds two meetings while an open month holds none."""
    per_month = Counter(day[:7] for day in days)
    return max(per_month.values()) > 1 and not all(per_month[month] for month in open_months)


def test_vi_bryr_oss_is_not_twice_in_september_and_never_in_october(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The issue's case: four autumn meetings on Wednesdays in 2027 (høstferie 4-8 October)
    were spread over the open days alone, so September held two and October none."""
    arena = with_frequency("  kind: per_term\n  spring: 4\n  autumn: 4\n  weekday: wednesday\n")
    data = data_folder(arenas={"vi-bryr-oss": arena})
    days = _days(runner, data, "2027-H2")["vi-bryr-oss"]

    assert len(days) == 4
    assert not _crowded(days, AUTUMN_2027), days
    assert len({day[:7] for day in days}) == 4, days


@pytest.mark.parametrize("weekday", ["monday", "tuesday", "wednesday", "thursday", "friday"])
@pytest.mark.parametrize("count", [2, 3, 4, 5, 6, 7, 9])
def test_no_term_count_crowds_a_month_while_another_is_empty(
    runner: CliRunner, data_folder: DataFolder, weekday: str, count: int
) -> None:
    arena = with_frequency(
        f"  kind: per_term\n  spring: {count}\n  autumn: {count}\n  weekday: {weekday}\n"
    )
    data = data_folder(arenas={"testteam": arena})
    days = _days(runner, data, "2027-H2")["testteam"]

    assert len(days) == count
    assert not _crowded(days, AUTUMN_2027), days


FIVE_DAYS_FREE = MUNICIPALITY + "meeting_free_first_school_days: 5\n"

UNITS = """\
units:
  testvik-ungdomsskole:
    name: Testvik ungdomsskole
    kind: skole
    leader: {role: rektor}
"""

RESSURSTEAM = (
    with_frequency(
        "  kind: every_n_weeks\n  every_weeks: 2\n  weekday: wednesday\n  anchor: 2026-08-19\n"
    )
    .replace("form: digital", "form: physical")
    .replace("frequency:", "per_unit:\n  kinds: [skole]\nschool_calendar: true\nfrequency:")
)
SERIES = "ressursteam--testvik-ungdomsskole"


def test_without_the_setting_the_first_ressursteam_is_on_the_first_school_day(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The default keeps no school days free: the series starts on 19 August 2026 and
    18 August 2027, the first school days."""
    data = data_folder(arenas={"ressursteam": RESSURSTEAM}, municipality=MUNICIPALITY + UNITS)
    days = _days(runner, data, "2026-H2", "2027-H2")[SERIES]

    assert "2026-08-19" in days and "2027-08-18" in days


def test_the_first_school_days_can_be_kept_free_of_meetings(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """`meeting_free_first_school_days: 5`: the lower secondary's first ressursteam is not
    on the first school day; the slot is skipped as skolestart and the series goes on."""
    data = data_folder(arenas={"ressursteam": RESSURSTEAM}, municipality=FIVE_DAYS_FREE + UNITS)
    days = _days(runner, data, "2026-H2", "2027-H2")[SERIES]

    assert days[0] == "2026-09-02"
    assert "2027-08-18" not in days
    assert next(day for day in days if day.startswith("2027-")) == "2027-09-01"
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2026-H2", "-f", "json", "--data", str(data)],
    )
    first = json.loads(result.stdout)[0]
    assert {"date": "2026-08-19", "reason": "skolestart"} in first["skipped"]


def test_an_arena_not_bound_to_school_keeps_the_first_school_days(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Only arenas bound to the school calendar keep the school start free."""
    arena = with_frequency("  kind: weekly\n  weekday: wednesday\n")
    data = data_folder(arenas={"testteam": arena}, municipality=FIVE_DAYS_FREE)
    days = _days(runner, data, "2026-H2")["testteam"]

    assert "2026-08-19" in days


def test_a_term_count_keeps_off_the_first_school_days(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Per-term meetings keep to school weeks, so they keep off the school start too: the
    first five school days of 2026 are 19-25 August."""
    arena = with_frequency("  kind: per_term\n  spring: 5\n  autumn: 5\n  weekday: tuesday\n")
    data = data_folder(arenas={"testteam": arena}, municipality=FIVE_DAYS_FREE)
    days = _days(runner, data, "2026-H2")["testteam"]

    assert not [day for day in days if "2026-08-19" <= day <= "2026-08-25"], days
    assert len(days) == 5


def test_assumptions_list_the_setting_when_used(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_folder(municipality=FIVE_DAYS_FREE).parent)
    result = runner.invoke(app, ["assumptions", "--json"])

    assert result.exit_code == 0, result.output
    found = [
        item
        for item in json.loads(result.stdout)
        if item["field"] == "meeting_free_first_school_days"
    ]
    assert len(found) == 1
    assert found[0]["kind"] == "assumption"
    assert "first 5 school days" in found[0]["text"]
    assert (
        found[0]["line"]
        == FIVE_DAYS_FREE.splitlines().index("meeting_free_first_school_days: 5") + 1
    )


def test_assumptions_do_not_list_the_setting_when_not_given(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_folder().parent)
    result = runner.invoke(app, ["assumptions", "--json"])

    assert result.exit_code == 0, result.output
    assert "meeting_free_first_school_days" not in result.stdout


def test_zero_first_school_days_keeps_none_free(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`meeting_free_first_school_days: 0` says what the default does, none kept free: it
    validates, the first ressursteam is on the first school day, and it is no assumption."""
    data = data_folder(
        arenas={"ressursteam": RESSURSTEAM},
        municipality=MUNICIPALITY + "meeting_free_first_school_days: 0\n" + UNITS,
    )
    monkeypatch.chdir(data.parent)
    valid = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])
    assert valid.exit_code == 0, valid.output

    assert _days(runner, data, "2026-H2")[SERIES][0] == "2026-08-19"
    listed = runner.invoke(app, ["assumptions", "--json"])
    assert listed.exit_code == 0, listed.output
    assert "meeting_free_first_school_days" not in listed.stdout

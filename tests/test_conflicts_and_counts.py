"""Double bookings (`samarbeid conflicts` and validate's warning), stated counts per school
year, series that never meet, and seasonal windows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, BUNDLED_DATA, DataFolder, app, with_frequency

# Meets every second Friday 08:30-09:30 from 21 August 2026, like ARENA, with the rektor too.
OTHER = ARENA.replace("name: Testteam", "name: Rektormøte")


def _conflicts(runner: CliRunner, data: Path, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["conflicts", "-m", "testvik", "--period", "2027-H1", "--data", str(data), *extra]
    )
    return result.exit_code, result.stdout, result.stderr


def test_conflicts_finds_a_planted_double_booking(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Two arenas that both expect the rektor and PPT at 08:30 on the same Fridays."""
    data = data_folder(arenas={"testteam": ARENA, "rektormote": OTHER})
    code, out, err = _conflicts(runner, data, "--json")

    assert (code, err) == (0, "")
    pairs = json.loads(out)
    assert len(pairs) == 13
    assert pairs[0] == {
        "first": {
            "arena": "rektormote",
            "routine": "rektormote",
            "name": "Rektormøte",
            "start": "2027-01-08T08:30:00+01:00",
            "end": "2027-01-08T09:30:00+01:00",
        },
        "second": {
            "arena": "testteam",
            "routine": "testteam",
            "name": "Testteam",
            "start": "2027-01-08T08:30:00+01:00",
            "end": "2027-01-08T09:30:00+01:00",
        },
        "shared": ["role:koordinator", "role:rektor", "service:ppt"],
    }


def test_gap_reports_meetings_back_to_back(runner: CliRunner, data_folder: DataFolder) -> None:
    """09:30 right after 08:30-09:30 is no overlap, but is with a 15-minute gap."""
    later = OTHER.replace("start: 08:30", "start: 09:30")
    data = data_folder(arenas={"testteam": ARENA, "rektormote": later})

    assert _conflicts(runner, data) == (0, "0 double bookings in testvik 2027-H1.\n", "")
    code, out, _ = _conflicts(runner, data, "--gap", "15")
    assert code == 0
    assert out.splitlines()[0] == (
        "2027-01-08 08:30-09:30 testteam overlaps 09:30-10:30 rektormote: role:koordinator, "
        "role:rektor, service:ppt"
    )
    assert out.splitlines()[-1] == "13 double bookings in testvik 2027-H1."


def test_optional_and_case_only_participants_are_not_double_booked(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Only those expected at every meeting count: an optional or case-only rektor does not."""
    other = (
        OTHER.replace("  - role: rektor\n", "  - role: rektor\n    case_only: true\n")
        .replace("  - service: ppt\n", "  - service: ppt\n    optional: true\n")
        .replace("role: koordinator", "role: helsesykepleier")
    )
    data = data_folder(arenas={"testteam": ARENA, "rektormote": other})

    assert _conflicts(runner, data) == (0, "0 double bookings in testvik 2027-H1.\n", "")


@pytest.mark.parametrize("municipality", ["aukra", "inderoy", "selbu"])
@pytest.mark.parametrize("period", ["2026-H2", "2027-H1", "2027-H2", "2028-H1"])
def test_bundled_data_has_no_double_booking(
    runner: CliRunner, municipality: str, period: str
) -> None:
    """The bundled (partly assumed) times keep shared people out of two meetings at once."""
    result = runner.invoke(
        app,
        ["conflicts", "-m", municipality, "--period", period, "--data", str(BUNDLED_DATA)],
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == f"0 double bookings in {municipality} {period}.\n"


def test_validate_warns_about_double_bookings_in_the_coming_half_year(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """In December 2026 the coming half-year is 2027-H1: its first clash is named."""
    data = data_folder(arenas={"testteam": ARENA, "rektormote": OTHER})
    result = runner.invoke(app, ["validate", str(data), "--today", "2026-12-01", "--json"])

    assert result.exit_code == 0, result.output
    warnings = json.loads(result.stdout)["warnings"]
    assert len(warnings) == 13
    assert warnings[0]["path"].endswith("arenas/testvik/rektormote.yaml")
    assert (warnings[0]["line"], warnings[0]["field"]) == (5, "participants")
    assert warnings[0]["message"] == (
        "rektormote on 2027-01-08 08:30-09:30 overlaps testteam (08:30-09:30), and "
        "role:koordinator, role:rektor, service:ppt is expected at both (double booking in "
        "2027-H1; see samarbeid conflicts)"
    )


def test_stated_count_mismatch_warns_with_the_months_named(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """'Månadlege', stated as 12 a year, for a school-bound arena: July is lost each year."""
    arena = with_frequency(
        "  kind: monthly\n  weekday: tuesday\n  week: 2\n  per_year: 12\n"
    ).replace("frequency:", "school_calendar: true\nfrequency:")
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data), "--today", "2026-12-01"])

    assert result.exit_code == 0, result.output
    path = data / "arenas" / "testvik" / "testteam.yaml"
    assert result.stderr.splitlines() == [
        f"{path}:18:13: frequency.per_year: the source states 12 meetings a year, but school "
        "year 2026-27 has 11 (lost: July 2026 (sommerferie)) (warning)",
        f"{path}:18:13: frequency.per_year: the source states 12 meetings a year, but school "
        "year 2027-28 has 11 (lost: July 2027 (sommerferie)) (warning)",
    ]


def test_stated_count_that_the_schedule_keeps_is_quiet(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """11 stated for the same arena: no warning."""
    arena = with_frequency(
        "  kind: monthly\n  weekday: tuesday\n  week: 2\n  per_year: 11\n"
    ).replace("frequency:", "school_calendar: true\nfrequency:")
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data), "--today", "2026-12-01"])

    assert (result.exit_code, result.stderr) == (0, ""), result.output


def test_per_term_with_no_meetings_at_all_is_an_error(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """spring 0 and autumn 0 is not a silent empty series."""
    arena = with_frequency("  kind: per_term\n  spring: 0\n  autumn: 0\n  weekday: monday\n")
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    path = data / "arenas" / "testvik" / "testteam.yaml"
    assert result.stderr.splitlines()[0] == (
        f"{path}:14:3: frequency.per_term: spring and autumn are both 0, so the arena never "
        "meets; give a count, or use kind: on_demand"
    )


def test_rule_without_a_meeting_in_a_school_year_is_an_error(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """A window in July (summer break) gives no meeting in any school year."""
    arena = with_frequency(
        "  kind: per_term\n  spring: 1\n  autumn: 0\n  weekday: monday\n  window: {months: [7]}\n"
    )
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data), "--today", "2026-12-01"])

    assert result.exit_code == 1
    path = data / "arenas" / "testvik" / "testteam.yaml"
    assert result.stderr.splitlines()[0] == (
        f"{path}:14:3: frequency: gives no meeting at all in school year 2026-27: every date "
        "it gives is closed or outside its window; change the rule, or use kind: on_demand"
    )


def test_window_rule_lands_every_meeting_inside_its_window(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Overføringsmøter in April-May: three spring meetings, all in the window."""
    arena = with_frequency(
        "  kind: per_term\n  spring: 3\n  autumn: 0\n  weekday: wednesday\n"
        "  window: {months: [4, 5]}\n"
    )
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--data", str(data)],
    )

    assert result.exit_code == 0, result.output
    starts = [row["start"][:10] for row in json.loads(result.stdout)]
    assert starts == ["2027-04-14", "2027-05-05", "2027-05-19"]


def test_window_of_dates(runner: CliRunner, data_folder: DataFolder) -> None:
    """A window may be a date range: both meetings fall inside 8-19 March 2027."""
    arena = with_frequency(
        "  kind: per_term\n  spring: 2\n  autumn: 0\n  weekday: thursday\n"
        "  window: {dates: [{start: 2027-03-08, end: 2027-03-19}]}\n"
    )
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--data", str(data)],
    )

    assert result.exit_code == 0, result.output
    assert [row["start"][:10] for row in json.loads(result.stdout)] == [
        "2027-03-11",
        "2027-03-18",
    ]


def test_more_meetings_than_stated_names_no_lost_month(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """10 stated, 11 scheduled: lost months explain fewer meetings, never more."""
    arena = with_frequency(
        "  kind: monthly\n  weekday: tuesday\n  week: 2\n  per_year: 10\n"
    ).replace("frequency:", "school_calendar: true\nfrequency:")
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data), "--today", "2026-12-01"])

    assert result.exit_code == 0, result.output
    assert "but school year 2026-27 has 11 (warning)" in result.stderr
    assert "lost:" not in result.stderr

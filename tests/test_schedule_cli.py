"""`samarbeid schedule` as a coordinator runs it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from typer.testing import CliRunner

from tests.calendar_oracle import is_public_holiday
from tests.conftest import ARENA, BUNDLED_DATA, MUNICIPALITY, DataFolder, app, with_frequency
from tests.decided import DECIDED_DATA

OSLO = ZoneInfo("Europe/Oslo")
SELBU_ARENA = "samordningsteam-barn-og-unge"


def test_selbu_meets_every_sixth_friday_at_half_past_eight(runner: CliRunner) -> None:
    """The issue's acceptance check: every 6th Friday, 08:30-09:30 Europe/Oslo, no holiday."""
    result = runner.invoke(
        app,
        [
            "schedule",
            "--municipality",
            "selbu",
            "--period",
            "2027-H1",
            "--format",
            "json",
            "--data",
            str(BUNDLED_DATA),
        ],
    )

    assert result.exit_code == 0, result.output
    meetings = [row for row in json.loads(result.stdout) if row["arena"] == SELBU_ARENA]
    assert meetings, "Samordningsteam barn og unge has meetings in 2027-H1"
    starts = [dt.datetime.fromisoformat(row["start"]) for row in meetings]
    for row, start in zip(meetings, starts, strict=True):
        end = dt.datetime.fromisoformat(row["end"])
        local = start.astimezone(OSLO)
        assert row["name"] == "Samordningsteam barn og unge"
        assert local.weekday() == 4
        assert (local.hour, local.minute) == (8, 30)
        assert end - start == dt.timedelta(hours=1)
        assert start.utcoffset() == local.utcoffset()
        assert not is_public_holiday(local.date())
        assert row["timezone"] == "Europe/Oslo"
        assert row["uid"] == "selbu-samordningsteam-barn-og-unge-2027-h1@samarbeid"
    days = [start.astimezone(OSLO).date() for start in starts]
    assert all((b - a).days % 42 == 0 for a, b in itertools.pairwise(days))
    assert {item["reason"] for item in meetings[0]["skipped"]} >= {"Langfredag"}


def test_json_objects_have_the_documented_shape(runner: CliRunner) -> None:
    """The JSON interface is stable: these keys, ISO 8601 times with a UTC offset."""
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "selbu",
            "--period",
            "2027-H1",
            "-f",
            "json",
            "--data",
            str(BUNDLED_DATA),
        ],
    )
    row = json.loads(result.stdout)[0]

    assert set(row) == {
        "municipality",
        "arena",
        "name",
        "period",
        "start",
        "end",
        "timezone",
        "location",
        "uid",
        "recurrence_id",
        "moved_from",
        "skipped",
    }
    assert row["start"].endswith(("+01:00", "+02:00"))
    assert all(set(item) == {"date", "reason"} for item in row["skipped"])


def test_table_in_bokmal_lists_meetings_and_skipped_dates(runner: CliRunner) -> None:
    """The terminal table writes dates as Selbu writes them, with every skipped date's reason."""
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "selbu",
            "--today",
            "2026-11-22",
            "-f",
            "table",
            "--data",
            str(BUNDLED_DATA),
        ],
        terminal_width=200,
    )

    assert result.exit_code == 0, result.output
    assert (
        "første halvår 2027 (januar–juni) (2027-H1, førstkommende halvår per 22. november 2026)"
        in result.stdout
    )
    assert "fredag 12. februar 2027 kl. 08.30–09.30" in result.stdout
    assert "✗ fredag 26. mars 2027: Langfredag" in result.stdout
    assert "✗ fredag 1. januar 2027: Første nyttårsdag" in result.stdout


def test_table_in_nynorsk_with_on_demand_arena(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A nynorsk municipality gets nynorsk words; on-demand arenas are listed without dates."""
    municipality = MUNICIPALITY.replace("malform: nb", "malform: nn")
    bound = ARENA.replace("meeting:", "school_calendar: true\nmeeting:")
    on_demand = with_frequency("  kind: on_demand\n  text: Ved behov\n").replace(
        "name: Testteam", "name: Ansvarsgruppe"
    )
    folder = data_folder(
        municipality=municipality, arenas={"testteam": bound, "ansvarsgruppe": on_demand}
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2026-H2", "-f", "table"], terminal_width=200
    )

    assert result.exit_code == 0, result.output
    assert "andre halvår 2026 (juli–desember)" in result.stdout
    assert "✗ fredag 10. juli 2026: sommarferie" in result.stdout
    assert "Ansvarsgruppe" in result.stdout
    assert "ved behov: inga fast møterekkje" in result.stdout


def test_out_writes_one_calendar_per_arena_with_a_series(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--out DIR gets <arena>.ics (METHOD:PUBLISH); on-demand arenas get no file."""
    on_demand = with_frequency("  kind: on_demand\n")
    monkeypatch.chdir(data_folder(arenas={"testteam": ARENA, "ved-behov": on_demand}).parent)
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--out", "out"]
    )

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in Path("out").iterdir()) == ["testteam.ics"]
    calendar = icalendar.Calendar.from_ical(Path("out/testteam.ics").read_bytes())
    assert calendar["METHOD"] == "PUBLISH"
    assert "wrote out/testteam.ics" in result.stderr


def test_format_ics_prints_one_calendar(runner: CliRunner) -> None:
    """--format ics prints every arena's events as one calendar on stdout."""
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "selbu",
            "--period",
            "2027-H1",
            "-f",
            "ics",
            "--data",
            str(BUNDLED_DATA),
            "--stamp",
            "2026-12-01T09:00:00Z",
        ],
    )

    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout)
    events = calendar.walk("VEVENT")
    assert {str(event["UID"]) for event in events} == {
        "selbu-samordningsteam-barn-og-unge-2027-h1@samarbeid"
    }
    assert "DTSTAMP:20261201T090000Z" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-m", "selbuu"], "--municipality: no municipality 'selbuu'; did you mean 'selbu'?"),
        (
            ["-m", "selbu", "--arena", "samordningsteam"],
            "--arena: no arena in selbu 'samordningsteam'; did you mean",
        ),
        (
            ["-m", "selbu", "--period", "2027-H3"],
            "--period must look like 2027-H1 or 2026-H2 (got '2027-H3')",
        ),
        (["-m", "selbu", "--stamp", "2026-12-01T09:00"], "--stamp needs a UTC offset"),
        (["-m", "selbu", "-f", "pdf"], "Invalid value for '--format'"),
    ],
)
def test_usage_errors_exit_two(runner: CliRunner, arguments: list[str], message: str) -> None:
    """Wrong option values are usage errors (exit 2) with a hint, never a traceback."""
    result = runner.invoke(app, ["schedule", "--data", str(BUNDLED_DATA), *arguments])

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_school_year_is_an_error_that_names_the_file(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A school-bound arena in a half-year the skolerute does not cover: exit 1, nothing written."""
    arena = ARENA.replace("meeting:", "school_calendar: true\nmeeting:")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2028-H2", "-f", "json", "--out", "out"]
    )

    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "samarbeid: data/municipalities/testvik.yaml: school_years: no school year '2028-29', "
        "needed for 2028-07-07; add it from the adopted skolerute"
    )
    assert not Path("out").exists()


def test_invalid_data_leaves_earlier_outputs_untouched(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing run writes nothing: the last good calendars stay as they were."""
    folder = data_folder()
    monkeypatch.chdir(folder.parent)
    arguments = ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--out", "out"]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 0, first.output
    before = {path.name: path.read_bytes() for path in Path("out").iterdir()}

    arena_file = folder / "arenas" / "testvik" / "testteam.yaml"
    arena_file.write_text(
        ARENA.replace("every_weeks: 2", "every_weeks: 1").replace("start: 08:30", "start: 8h30")
    )
    second = runner.invoke(app, arguments)

    assert second.exit_code == 1
    assert (
        "data/arenas/testvik/testteam.yaml:11:10: meeting.start: must be a clock time"
        in second.stderr
    )
    assert "nothing was written" in second.stderr
    assert {path.name: path.read_bytes() for path in Path("out").iterdir()} == before


def test_unwritable_output_is_reported_and_nothing_is_half_written(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If one target cannot be written, none of the others appear either."""
    monkeypatch.chdir(data_folder().parent)
    Path("blocked").write_text("a file where a folder should be")
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "-f",
            "json",
            "--out",
            "out",
            "--invitations",
            "blocked/inv",
        ],
    )

    assert result.exit_code == 2
    assert (
        result.stderr == "samarbeid: --invitations blocked/inv: blocked is a file, not a folder\n"
    )
    assert result.stdout == ""
    assert not Path("out").exists()


def test_without_period_json_says_which_half_year_on_stderr(runner: CliRunner) -> None:
    """Run in June, the coming half-year is the autumn; stdout stays pure JSON."""
    arguments = ["-m", "selbu", "-f", "json", "--today", "2027-06-10", "--data", str(BUNDLED_DATA)]
    result = runner.invoke(app, ["schedule", *arguments])

    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "period 2027-H2 (2027-07-01 to 2027-12-31), the coming half-year as of 2027-06-10"
    )
    assert {row["period"] for row in json.loads(result.stdout)} == {"2027-H2"}


@pytest.mark.parametrize(
    "arguments",
    [
        [
            "schedule",
            "-m",
            "aukra",
            "-f",
            "json",
            "--period",
            "2027-H1",
            "--data",
            str(DECIDED_DATA),
        ],
        ["schedule", "--help"],
    ],
    ids=["json", "help"],
)
def test_a_reader_that_went_away_is_not_a_bug(arguments: list[str]) -> None:
    """`samarbeid ... | head`: output into a closed pipe ends the run quietly, no crash report.

    The pipe's reading end is closed before the program starts, so every write fails.
    """
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "samarbeid_cli", *arguments],
            stdout=write_end,
            stderr=subprocess.PIPE,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write_end)

    assert completed.stderr.decode() == ""
    assert completed.returncode == 1


def test_all_municipalities_in_one_run_equal_each_run_alone(runner: CliRunner) -> None:
    """`--municipality all` (one process, for scheduled jobs and the benchmark)."""
    common = ["--period", "2027-H1", "-f", "json", "--data", str(BUNDLED_DATA)]
    together = runner.invoke(app, ["schedule", "-m", "all", *common])

    assert together.exit_code == 0, together.output
    alone = [
        row
        for slug in ("aukra", "inderoy", "selbu")
        for row in json.loads(runner.invoke(app, ["schedule", "-m", slug, *common]).stdout)
    ]
    assert json.loads(together.stdout) == alone


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--send"], "--municipality all schedules and writes calendars only"),
        (["-f", "ics"], "--format ics needs one municipality (each has its own time zone)"),
    ],
)
def test_all_municipalities_refuses_what_takes_one(
    runner: CliRunner, extra: list[str], message: str
) -> None:
    result = runner.invoke(
        app,
        ["schedule", "-m", "all", "--period", "2027-H1", "--data", str(BUNDLED_DATA), *extra],
    )

    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    ("command", "out"),
    [
        (["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--out"], "data"),
        (
            ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--out"],
            "data/arenas/testvik",
        ),
        (["agenda", "-m", "testvik", "-a", "testteam", "--next", "--out"], "data/saksliste.md"),
    ],
)
def test_outputs_never_go_into_the_data_folder(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    out: str,
) -> None:
    """An --out in (or holding) data/ would put .ics files among the YAML or swap data/ away."""
    monkeypatch.chdir(data_folder().parent)
    before = sorted(str(path) for path in Path().rglob("*"))

    result = runner.invoke(app, [*command, out])

    assert result.exit_code == 2, result.output
    assert "is the data folder, inside it or holds it" in result.stderr
    assert sorted(str(path) for path in Path().rglob("*")) == before


def test_files_of_a_series_that_is_gone_leave_the_output_folders(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deleted arena's .ics and .eml would bring its meetings back on the next import or
    forward; the coordinator's own files stay."""
    other = ARENA.replace("name: Testteam", "name: Annet team")
    data = data_folder(arenas={"testteam": ARENA, "annet-team": other})
    monkeypatch.chdir(data.parent)
    arguments = ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json"]
    arguments += ["--out", "out", "--invitations", "inv"]
    assert runner.invoke(app, arguments).exit_code == 0
    Path("out/notater.txt").write_text("mine")
    (data / "arenas" / "testvik" / "annet-team.yaml").unlink()

    result = runner.invoke(app, arguments)

    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in Path("out").iterdir()) == ["notater.txt", "testteam.ics"]
    assert sorted(path.name for path in Path("inv").iterdir()) == ["testteam.eml"]


def test_a_planning_day_before_the_first_school_day_is_skipped_as_one(
    runner: CliRunner,
) -> None:
    """Aukra lists 16 and 17 August 2027 as planning days before the first school day (18
    August); Julsundet's Tuesday 17 August is skipped as the planning day the data lists,
    not as the summer break (issue 18)."""
    result = runner.invoke(
        app,
        [
            *("schedule", "-m", "aukra", "--period", "2027-H2", "-f", "json"),
            *("--data", str(DECIDED_DATA)),
        ],
    )

    assert result.exit_code == 0, result.output
    reasons = {
        skipped["reason"]
        for series in json.loads(result.stdout)
        if series["arena"] == "ressursteam-sosialpedagogikk--julsundet-skole"
        for skipped in series["skipped"]
        if skipped["date"] == "2027-08-17"
    }
    assert reasons == {"planleggingsdag"}


def test_a_summer_day_not_listed_is_still_the_summer_break(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """A planning day listed before the first school day takes its own reason; the other
    days before it stay the summer break."""
    town = MUNICIPALITY.replace(
        "      påskeferie: {start: 2028-04-10, end: 2028-04-17}\n",
        "      påskeferie: {start: 2028-04-10, end: 2028-04-17}\n    planning_days: [2027-08-17]\n",
    )
    arena = with_frequency("  kind: weekly\n  weekday: tuesday\n") + "school_calendar: true\n"
    data = data_folder(arenas={"testteam": arena}, municipality=town)
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2027-H2", "-f", "json", "--data", str(data)]
    )

    assert result.exit_code == 0, result.output
    skipped = {item["date"]: item["reason"] for item in json.loads(result.stdout)[0]["skipped"]}
    assert skipped["2027-08-17"] == "planleggingsdag"
    assert skipped["2027-08-10"] == "sommerferie"

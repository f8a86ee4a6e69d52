"""What the source does not say stays unsaid (issue 18): a value given as `not_stated` is
printed as "ikke fastsatt", listed by `assumptions` as a decision to make, and keeps its
series out of the calendars, by name, while the other arenas go ahead."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samarbeid_cli.models.defaults import DEFAULTS
from tests.conftest import ARENA, ROOT, DataFolder, app, with_frequency

UNDECIDED = (
    ARENA.replace("name: Testteam", "name: Uavklart team")
    .replace("convener:\n  role: koordinator\n", "convener: not_stated\n")
    .replace("  start: 08:30\n", "  start: not_stated\n")
    .replace(
        "  weekday: friday\n  anchor: 2026-08-21\n", "  weekday: not_stated\n  anchor: not_stated\n"
    )
)
STAMP = "2026-06-01T08:00:00Z"


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = data_folder(arenas={"testteam": ARENA, "uavklart": UNDECIDED})
    monkeypatch.chdir(data.parent)
    return data


def test_an_arena_with_convener_time_and_weekday_not_stated_validates(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 0, result.output


def test_the_routine_says_ikke_fastsatt_where_the_source_is_silent(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "uavklart"])

    assert result.exit_code == 0, result.output
    assert "- **Innkalt av:** ikke fastsatt" in result.stdout
    assert "- **Starttid:** ikke fastsatt" in result.stdout
    assert "- **Møtefrekvens:** hver 2. uke (ukedag ikke fastsatt)" in result.stdout
    # The 60 minutes the calendar uses are samarbeid's default, not the routine's.
    assert "- **Varighet:** 60 minutter" in result.stdout  # stated in ARENA
    assert "fredag" not in result.stdout


def test_a_length_the_data_does_not_give_is_not_published(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_demand = with_frequency("  kind: on_demand\n").replace("  duration_minutes: 60\n", "")
    monkeypatch.chdir(data_folder(arenas={"testteam": on_demand}).parent)

    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam"])
    listed = runner.invoke(app, ["assumptions", "--json"])

    assert routine.exit_code == 0, routine.output
    assert "- **Varighet:** ikke fastsatt" in routine.stdout
    assert "60 minutter" not in routine.stdout
    fields = {item["field"]: item for item in json.loads(listed.stdout)}
    assert fields["meeting.duration_minutes"]["kind"] == "default"
    assert "60 minutes assumed" in fields["meeting.duration_minutes"]["text"]


def test_overview_and_site_say_ikke_fastsatt(runner: CliRunner, workspace: Path) -> None:
    overview = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])
    site = runner.invoke(app, ["site", "-m", "testvik", "--out", "public", "--today", "2026-09-01"])

    assert overview.exit_code == 0, overview.output
    row = next(line for line in overview.stdout.splitlines() if "Uavklart team" in line)
    assert row.endswith("| hver 2. uke (ukedag ikke fastsatt) | ikke fastsatt |"), row
    assert site.exit_code == 0, site.output
    page = (workspace.parent / "public" / "arena" / "uavklart.html").read_text(encoding="utf-8")
    assert "<strong>Innkalt av:</strong> ikke fastsatt" in page
    assert "<strong>Starttid:</strong> ikke fastsatt" in page
    assert "<p>Møteplanen er ikke fastsatt.</p>" in page and "ved behov" not in page
    assert not (workspace.parent / "public" / "kalender" / "uavklart.ics").exists()


def test_assumptions_lists_each_field_not_stated_as_a_decision(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(app, ["assumptions", "-m", "testvik"])

    assert result.exit_code == 0, result.output
    path = "data/arenas/testvik/uavklart.yaml"
    decisions = [line for line in result.stdout.splitlines() if line.endswith("[not_stated]")]
    assert decisions == [
        f"{path}:7:11: convener: not stated in the source; decide who convenes the arena "
        "[not_stated]",
        f"{path}:10:10: meeting.start: not stated in the source; decide the start time; until "
        "then the series is not scheduled [not_stated]",
        f"{path}:15:12: frequency.weekday: not stated in the source; decide the meeting day; "
        "until then the series is not scheduled [not_stated]",
        f"{path}:16:11: frequency.anchor: not stated in the source; decide the date the series "
        "keeps step with; until then the series is not scheduled [not_stated]",
    ]


def test_schedule_refuses_the_undecided_series_and_writes_the_others(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(
        app,
        [
            *("schedule", "-m", "testvik", "--period", "2026-H2", "--invitations", "inv"),
            *("--stamp", STAMP, "--format", "json"),
        ],
    )

    assert result.exit_code == 0, result.output
    path = "data/arenas/testvik/uavklart.yaml"
    assert (
        f"{path}:15:12: frequency.weekday: not stated, so uavklart is not scheduled; decide "
        "the meeting day" in result.stderr
    )
    assert f"{path}:10:10: meeting.start: not stated, so uavklart is not scheduled" in (
        result.stderr
    )
    written = sorted(path.name for path in (workspace.parent / "inv").iterdir())
    assert written == ["testteam.eml"]
    assert {row["arena"] for row in json.loads(result.stdout)} == {"testteam"}


def test_schedule_strict_refuses_everything_while_a_series_is_undecided(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2026-H2", "--out", "ics", "--strict"],
    )

    assert result.exit_code == 1, result.output
    assert "frequency.weekday: not stated, so uavklart is not scheduled" in result.stderr
    assert not (workspace.parent / "ics").exists()


def test_the_table_says_the_series_is_not_planned(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2026-H2", "--format", "table"]
    )

    assert result.exit_code == 0, result.output
    assert "ikke planlagt: ukedag, datoen møterekken følger og starttid ikke fastsatt" in (
        result.stdout
    )


def test_a_frequency_not_stated_is_not_on_demand(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        data_folder(arenas={"testteam": with_frequency("  kind: not_stated\n")}).parent
    )

    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam"])
    table = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2026-H2", "--format", "table"]
    )
    listed = runner.invoke(app, ["assumptions", "--json"])

    assert routine.exit_code == 0, routine.output
    assert "- **Møtefrekvens:** ikke fastsatt" in routine.stdout
    assert "ved behov" not in routine.stdout
    assert "møtefrekvens ikke fastsatt" in table.stdout and "ved behov" not in table.stdout
    assert {"field": "frequency", "kind": "not_stated"}.items() <= next(
        item for item in json.loads(listed.stdout) if item["field"] == "frequency"
    ).items()


def test_agenda_next_does_not_call_a_frequency_not_stated_on_demand(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        data_folder(arenas={"testteam": with_frequency("  kind: not_stated\n")}).parent
    )

    result = runner.invoke(
        app, ["agenda", "-m", "testvik", "-a", "testteam", "--next", "--today", "2026-09-01"]
    )

    assert result.exit_code == 1
    assert "on demand" not in result.output
    assert "its frequency is not stated" in result.output
    assert "--date" in result.output


def test_a_yearly_count_alone_is_spread_one_month_at_a_time(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "8 ganger i året": 8 meetings in the school year, no month with two while an open
    month has none, and the split is said to be derived."""
    arena = (
        with_frequency("  per_year: 8\n  weekday: tuesday\n  text: 8 ganger i året\n")
        + "school_calendar: true\n"
    )
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)

    days = []
    for period in ("2026-H2", "2027-H1"):
        result = runner.invoke(
            app, ["schedule", "-m", "testvik", "--period", period, "--format", "json"]
        )
        assert result.exit_code == 0, result.output
        days += [row["start"][:10] for row in json.loads(result.stdout)]
    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam"])

    assert len(days) == 8, days
    per_month = Counter(day[:7] for day in days)
    open_months = [f"2026-{month:02d}" for month in range(8, 13)] + [
        f"2027-{month:02d}" for month in range(1, 7)
    ]
    assert max(per_month.values()) == 1 or all(per_month[month] for month in open_months), days
    assert "8 ganger i året (fordelt jevnt over årets åpne uker; fordelingen er utledet" in (
        routine.stdout
    )


def test_an_age_band_not_given_is_not_all_ages(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])

    assert result.exit_code == 0, result.output
    assert "### Aldersgruppe ikke fastsatt" in result.stdout
    assert "Alle aldre" not in result.stdout


def test_an_arena_on_two_levels_is_listed_under_each(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    arena = ARENA.replace("level: system", "level: [system, individ]")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)

    result = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])

    assert result.exit_code == 0, result.output
    headings = [line for line in result.stdout.splitlines() if line.startswith("## ")]
    assert headings == ["## Samarbeid på individnivå", "## Samarbeid på systemnivå"]
    assert result.stdout.count("| Testteam |") == 2


@pytest.mark.parametrize("field", ["convener", "mandate", "level"])
def test_an_empty_list_is_not_a_way_to_say_not_stated(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    arena = re.sub(rf"(?m)^{field}:.*(\n  .*)*", f"{field}: []", ARENA, count=1)
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)

    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    assert f"{field}: must not be empty; write not_stated where the source does not say" in (
        result.stderr
    )


def test_the_readme_lists_the_defaults_of_the_code() -> None:
    """One table of defaults: the README's is the code's."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([a-z_.]+)` \| (arena|municipality) \| (\d+) (\w+) \| (.+) \|$", readme, re.M
    )
    assert [(field, file, int(value), unit, used) for field, file, value, unit, used in rows] == [
        (item.field, item.file, item.value, item.unit, item.used_for) for item in DEFAULTS.values()
    ]

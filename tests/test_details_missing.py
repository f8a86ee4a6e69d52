"""An arena whose details are not written yet (issue 18): a heading with nothing under it, such
as "the transition meeting between kindergarten, school and lower secondary", is recorded with
`details: not_stated`. It validates, documents, the overview and the site say "detaljer
mangler" / "detaljar manglar", `assumptions` lists it as one decision, and `schedule` leaves it
out by name while the other arenas go ahead."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samarbeid_cli.models.arena import Arena
from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app

HEADING_ONLY = """\
name: Overgangsmøte barnehage, skole og ungdomsskole
details: not_stated
"""
PATH = "data/arenas/testvik/overgangsmote.yaml"


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = data_folder(arenas={"testteam": ARENA, "overgangsmote": HEADING_ONLY})
    monkeypatch.chdir(data.parent)
    return data


def test_a_heading_without_details_validates(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 0, result.output


def test_without_the_marker_the_missing_fields_are_still_errors(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = data_folder(arenas={"overgangsmote": "name: Overgangsmøte\n"})
    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    assert "frequency: is required but missing" in result.stderr


def test_the_routine_says_detaljer_mangler(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "overgangsmote"])

    assert result.exit_code == 0, result.output
    assert "**Detaljer mangler: rutinen for denne arenaen er ikke skrevet ennå.**" in result.stdout
    assert "- **Innkalt av:** ikke fastsatt" in result.stdout
    assert "ved behov" not in result.stdout


def test_overview_and_site_say_detaljer_mangler(runner: CliRunner, workspace: Path) -> None:
    overview = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])
    site = runner.invoke(app, ["site", "-m", "testvik", "--out", "public", "--today", "2026-09-01"])

    assert overview.exit_code == 0, overview.output
    row = next(line for line in overview.stdout.splitlines() if "Overgangsmøte" in line)
    assert row.startswith("| Overgangsmøte barnehage, skole og ungdomsskole (detaljer mangler) |")
    assert site.exit_code == 0, site.output
    public = workspace.parent / "public"
    page = (public / "arena" / "overgangsmote.html").read_text(encoding="utf-8")
    assert "Detaljer mangler: rutinen for denne arenaen er ikke skrevet ennå." in page
    assert "<p>Møteplanen er ikke fastsatt.</p>" in page
    index = (public / "index.html").read_text(encoding="utf-8")
    assert "<small>detaljer mangler</small>" in index
    assert not (public / "kalender" / "overgangsmote.ics").exists()


def test_nynorsk_says_detaljar_manglar(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = MUNICIPALITY.replace("malform: nb", "malform: nn")
    data = data_folder(arenas={"overgangsmote": HEADING_ONLY}, municipality=town)
    monkeypatch.chdir(data.parent)
    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "overgangsmote"])
    overview = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])

    assert routine.exit_code == 0, routine.output
    assert "**Detaljar manglar: rutinen for denne arenaen er ikkje skriven enno.**" in (
        routine.stdout
    )
    assert "(detaljar manglar)" in overview.stdout


def test_assumptions_list_the_missing_details_as_one_decision(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(app, ["assumptions", "-m", "testvik"])

    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith(PATH)]
    assert lines == [
        f"{PATH}:2:10: details: not stated in the source; decide the routine's details: "
        "level, mandate, participants, convener, meeting and frequency; until then the series "
        "is not scheduled [not_stated]"
    ]


def test_schedule_leaves_it_out_by_name_and_writes_the_others(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(
        app,
        [
            *("schedule", "-m", "testvik", "--period", "2026-H2", "--invitations", "inv"),
            *("--stamp", "2026-06-01T08:00:00Z", "--format", "json"),
        ],
    )

    assert result.exit_code == 0, result.output
    assert (
        f"{PATH}:2:10: details: not stated, so overgangsmote is not scheduled; decide the "
        "routine's details" in result.stderr
    )
    assert {row["arena"] for row in json.loads(result.stdout)} == {"testteam"}
    written = sorted(path.name for path in (workspace.parent / "inv").iterdir())
    assert written == ["testteam.eml"]


def test_the_schedule_table_says_detaljer_mangler(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(app, ["schedule", "-m", "testvik", "--period", "2026-H2", "-f", "table"])

    assert result.exit_code == 0, result.output
    assert "ikke planlagt: detaljer mangler" in result.stdout


def test_the_exported_schema_needs_only_the_name_when_details_are_not_stated() -> None:
    schema = Arena.model_json_schema(mode="validation")

    assert schema["required"] == ["name"]
    assert schema["if"]["properties"]["details"] == {"const": "not_stated"}
    assert set(schema["else"]["required"]) == {
        "level",
        "mandate",
        "convener",
        "meeting",
        "frequency",
    }


def test_no_section_is_left_empty(
    runner: CliRunner, workspace: Path, data_folder: DataFolder
) -> None:
    """The participants of a heading without details are not a blank section: the routine,
    the site's page and the overview's parties say "detaljer mangler" (issue 18)."""
    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "overgangsmote"])
    overview = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])
    site = runner.invoke(app, ["site", "-m", "testvik", "--out", "public", "--today", "2026-09-01"])

    assert routine.exit_code == 0, routine.output
    assert "## Deltakere\n\nDetaljer mangler.\n\n## " in routine.stdout
    assert "\n\n\n" not in routine.stdout
    row = next(line for line in overview.stdout.splitlines() if "Overgangsmøte" in line)
    cells = [cell.strip() for cell in row.split("|")[1:-1]]
    assert cells[2] == "detaljer mangler", row
    assert site.exit_code == 0, site.output
    page = (workspace.parent / "public" / "arena" / "overgangsmote.html").read_text("utf-8")
    assert "<h2>Deltakere</h2>\n<p>Detaljer mangler.</p>" in page


def test_nynorsk_leaves_no_section_empty(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    town = MUNICIPALITY.replace("malform: nb", "malform: nn")
    data = data_folder(arenas={"overgangsmote": HEADING_ONLY}, municipality=town)
    monkeypatch.chdir(data.parent)
    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "overgangsmote"])
    overview = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])

    assert "## Deltakarar\n\nDetaljar manglar.\n\n## " in routine.stdout
    row = next(line for line in overview.stdout.splitlines() if "Overgangsmøte" in line)
    assert [cell.strip() for cell in row.split("|")[1:-1]][2] == "detaljar manglar", row


def test_an_arena_with_no_participants_says_not_set(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An arena with its details written but no participants says "ikke fastsatt"."""
    lone = ARENA.replace("participants:\n  - role: rektor\n  - service: ppt\n", "")
    monkeypatch.chdir(data_folder(arenas={"testteam": lone}).parent)
    routine = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam"])
    overview = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])

    assert routine.exit_code == 0, routine.output
    assert "## Deltakere\n\nIkke fastsatt.\n\n## " in routine.stdout
    row = next(line for line in overview.stdout.splitlines() if "Testteam" in line)
    assert [cell.strip() for cell in row.split("|")[1:-1]][2] == "ikke fastsatt", row


def test_the_marker_beside_written_details_is_a_warning_at_its_line(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """`details: not_stated` next to a written frequency (or mandate, ...) says something the
    file contradicts: a warning at the marker's line asks to remove it (issue 18)."""
    written = HEADING_ONLY + "mandate: Drøfte overgangen.\nfrequency:\n  kind: on_demand\n"
    data = data_folder(arenas={"testteam": ARENA, "overgangsmote": written})
    result = runner.invoke(app, ["validate", str(data), "--json", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    found = [item for item in report["warnings"] if item["field"] == "details"]
    assert [(item["path"].endswith("overgangsmote.yaml"), item["line"]) for item in found] == [
        (True, 2)
    ]
    assert "mandate, frequency" in found[0]["message"]
    assert "remove details: not_stated" in found[0]["message"]


def test_the_bare_marker_is_no_warning(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(app, ["validate", "data", "--json", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"] == []

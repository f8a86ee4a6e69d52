"""Who approved what: the approval in a routine's revision data, the routine document's
revision lines, and `samarbeid history` from git (issue 20)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, BUNDLED_DATA, MUNICIPALITY, DataFolder, app
from tests.git_repos import commit_all, edit, git, init

ARENA_FILE = Path("data/arenas/testvik/testteam.yaml")
SEKTORSJEF = "  koordinator: {name: Koordinator}\n"
WITH_SEKTORSJEF = MUNICIPALITY.replace(
    SEKTORSJEF, SEKTORSJEF + "  sektorsjef: {name: Sektorsjef oppvekst}\n"
)
REVISED = """\
revision:
  responsible: {role: sektorsjef}
  last_revised: 2026-06-12
  approved:
    date: 2026-06-15
    by: {role: sektorsjef}
    meeting: {arena: sektorledermote, date: 2026-06-12}
"""
SEKTORLEDERMOTE = ARENA.replace("name: Testteam", "name: Sektorledermøte")


def _routine(runner: CliRunner, *extra: str) -> str:
    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam", *extra])
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## Revidering av rutinen\n\n", 1)[1]
    return section.split("\n## ", 1)[0]


def test_the_routine_document_shows_the_approval_and_the_next_revision(
    data_folder: DataFolder, runner: CliRunner
) -> None:
    data = data_folder(
        arenas={"testteam": ARENA + REVISED, "sektorledermote": SEKTORLEDERMOTE},
        municipality=WITH_SEKTORSJEF,
    )

    assert _routine(runner, "--data", str(data)) == (
        "Rutinen revideres en gang hvert år av Sektorsjef oppvekst.\n"
        "\n"
        "- Sist revidert: 12\\. juni 2026\n"
        "- Neste revisjon: 12\\. juni 2027\n"
        "- Godkjent av: Sektorsjef oppvekst, 15\\. juni 2026 (vedtatt i Sektorledermøte, "
        "12\\. juni 2026)\n"
    )


def test_what_the_revision_data_does_not_state_is_said_to_be_not_stated(
    data_folder: DataFolder, runner: CliRunner
) -> None:
    data = data_folder(
        arenas={"testteam": ARENA + "revision: {responsible: arena, interval_months: 24}\n"},
        municipality=MUNICIPALITY.replace("malform: nb", "malform: nn"),
    )

    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam", "--data", str(data)])

    assert result.exit_code == 0, result.output
    assert (
        "Rutinen blir revidert kvar 24. månad av Testteam.\n"
        "\n"
        "- Sist revidert: ikkje oppgitt\n"
        "- Neste revisjon: ikkje oppgitt\n"
        "- Godkjend av: ikkje oppgitt\n"
    ) in result.stdout


def test_an_approval_by_an_unknown_role_is_refused_at_its_line(
    data_folder: DataFolder, runner: CliRunner
) -> None:
    data = data_folder(arenas={"testteam": ARENA + REVISED})

    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    assert (
        "data/arenas/testvik/testteam.yaml:23:16: revision.approved.by.role: unknown role "
        "'sektorsjef'; did you mean 'rektor'?"
    ) in result.stderr


@pytest.fixture
def three_revisions(
    data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Testteam in git three times: written in 2025, revised and approved in 2026 (every 4th
    week, the school nurse joins), then its mandate edited without a new revision date."""
    data_folder(
        arenas={
            "testteam": ARENA + REVISED.replace("2026-06-1", "2025-06-1"),
            "sektorledermote": SEKTORLEDERMOTE,
        },
        municipality=WITH_SEKTORSJEF,
    )
    init(tmp_path)
    commit_all(tmp_path, "Testteam", date="2025-06-16T10:00:00+02:00")
    arena = tmp_path / ARENA_FILE
    edit(arena, "every_weeks: 2", "every_weeks: 4")
    edit(arena, "  - service: ppt\n", "  - service: ppt\n  - role: helsesykepleier\n")
    edit(arena, "2025-06-1", "2026-06-1")
    edit(arena, "2025-06-1", "2026-06-1")
    edit(arena, "2025-06-1", "2026-06-1")
    commit_all(tmp_path, "Testteam: yearly revision", date="2026-06-16T10:00:00+02:00")
    edit(arena, "mandate: Drøfte felles tema.", "mandate: Drøfte felles saker.")
    commit_all(tmp_path, "Testteam: mandate", date="2026-09-01T10:00:00+02:00")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_history_lists_the_routines_revisions_in_order(
    three_revisions: Path, runner: CliRunner
) -> None:
    commits = git(three_revisions, "log", "--format=%h", "--reverse").split()

    result = runner.invoke(app, ["history", "-a", "testteam"])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "Testteam (`testteam`): 3 versjoner i git, eldste først\n"
        f"- mandag 16. juni 2025 ({commits[0]}): første versjon; sist revidert 12. juni 2025; "
        "godkjent av Sektorsjef oppvekst 15. juni 2025 (vedtatt i Sektorledermøte, "
        "12. juni 2025)\n"
        f"- tirsdag 16. juni 2026 ({commits[1]}): endret: Frekvens, Deltakere, Sist revidert "
        "og Godkjent; "
        "sist revidert 12. juni 2026; godkjent av Sektorsjef oppvekst 15. juni 2026 "
        "(vedtatt i Sektorledermøte, 12. juni 2026)\n"
        f"- tirsdag 1. september 2026 ({commits[2]}): endret: Mandat; sist revidert "
        "12. juni 2026; godkjent av Sektorsjef oppvekst 15. juni 2026 (vedtatt i "
        "Sektorledermøte, 12. juni 2026)\n"
    )


def test_history_as_json(three_revisions: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["history", "-m", "testvik", "-a", "testteam", "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["shallow"] is False
    assert [row["date"] for row in report["revisions"]] == [
        "2025-06-16",
        "2026-06-16",
        "2026-09-01",
    ]
    assert report["revisions"][1]["changed"] == [
        "frequency",
        "participants",
        "revision.last_revised",
        "revision.approved",
    ]
    assert report["revisions"][2]["approved"] == {
        "date": "2026-06-15",
        "by": "Sektorsjef oppvekst",
        "meeting": "Sektorledermøte",
        "meeting_date": "2026-06-12",
    }


def test_diff_shows_a_new_approval(three_revisions: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", "HEAD~2", "HEAD~1", "--period", "2027-H1"])

    assert result.exit_code == 0, result.output
    assert (
        "  Godkjent: søndag 15. juni 2025 av Sektorsjef oppvekst (vedtatt i Sektorledermøte, "
        "torsdag 12. juni 2025) → mandag 15. juni 2026 av Sektorsjef oppvekst (vedtatt i "
        "Sektorledermøte, fredag 12. juni 2026)\n"
    ) in result.stdout


def test_history_takes_a_units_series_slug_like_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    """`history -a skoleteam--julsundet-skole` said there was no such arena: the unit's series
    names its arena file's routine, as in schedule, agenda and routine (a user trial)."""
    shutil.copytree(BUNDLED_DATA, tmp_path / "data")
    init(tmp_path)
    commit_all(tmp_path, "Data", date="2026-11-02T12:00:00+01:00")
    monkeypatch.chdir(tmp_path)
    routine = runner.invoke(app, ["history", "-m", "aukra", "-a", "skoleteam"])
    assert routine.exit_code == 0, routine.output

    for arguments in (["-m", "aukra"], []):
        result = runner.invoke(app, ["history", *arguments, "-a", "skoleteam--julsundet-skole"])

        assert result.exit_code == 0, result.output
        assert result.stdout == routine.stdout

"""`samarbeid diff` as a sector leader reads it before approving a routine revision: renames
and what they do to the series already sent, the resulting meeting plan, every field in
Norwegian, word-level text edits, and the warnings a change brings (issue 20)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DataFolder, app
from tests.git_repos import commit_all, edit, git, init

ARENAS = Path("data/arenas/testvik")
TODAY = ["--today", "2026-12-04"]


@pytest.fixture
def repo(data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Testvik's data in git: Testteam meets every 2nd Friday at 08:30."""
    data_folder()
    init(tmp_path)
    commit_all(tmp_path, "Testvik: first routines")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _nynorsk(repo: Path) -> None:
    edit(repo / "data/municipalities/testvik.yaml", "malform: nb", "malform: nn")
    commit_all(repo, "Testvik skriv nynorsk")


def _sent(slug: str = "testteam") -> None:
    """The issue history records Testteam's spring series as sent to the rektor."""
    path = Path(os.environ["SAMARBEID_HISTORY"])
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "sequence": 0,
        "digest": "0" * 64,
        "arena": slug,
        "period": "2027-H1",
        "summary": "Testteam",
        "start": "2027-01-08T08:30:00+01:00",
        "received": {"rektor@testvik.example": {"sequence": 0, "at": "2026-12-01T10:00:00+01:00"}},
    }
    uid = f"testvik-{slug}-2027-h1@samarbeid"
    path.write_text(json.dumps({"version": 2, "issued": {uid: entry}}), encoding="utf-8")


def _rename(repo: Path, new: str = "samarbeidsteam") -> None:
    git(repo, "mv", str(ARENAS / "testteam.yaml"), str(ARENAS / f"{new}.yaml"))


def _md(runner: CliRunner, *arguments: str) -> str:
    result = runner.invoke(app, ["diff", "--format", "md", *TODAY, *arguments])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    head = result.stdout.split("\n", 2)
    return head[2]


def test_a_rename_is_recognised_by_its_content_and_says_what_it_does_to_the_sent_series(
    repo: Path, runner: CliRunner
) -> None:
    _sent()
    _rename(repo)

    assert _md(runner) == (
        "### Testvik kommune\n"
        "\n"
        "**Testteam** (`testteam` → `samarbeidsteam`): filen har fått nytt navn\n"
        "- Samme innhold som `testteam`, men kalender-UID-ene følger filnavnet: ved neste "
        "`samarbeid schedule --send` tilbys avlysning av serien som er sendt, og den sendes "
        "som en ny invitasjon. Skriv `renamed_from: testteam` i filen for å beholde serien\n"
    )


def test_a_rename_in_nynorsk_without_a_sent_series(repo: Path, runner: CliRunner) -> None:
    _nynorsk(repo)
    _rename(repo)

    assert _md(runner) == (
        "### Testvik kommune\n"
        "\n"
        "**Testteam** (`testteam` → `samarbeidsteam`): fila har fått nytt namn\n"
        "- Same innhald som `testteam`; kalender-UID-ane følgjer filnamnet (ingen serie er "
        "registrert send). Skriv `renamed_from: testteam` i fila for å halde på UID-ane\n"
    )


def test_a_stated_rename_keeps_the_series_and_its_uids(repo: Path, runner: CliRunner) -> None:
    _sent()
    _rename(repo)
    edit(repo / ARENAS / "samarbeidsteam.yaml", "name: Testteam", "name: Samarbeidsteam")
    (repo / ARENAS / "samarbeidsteam.yaml").write_text(
        (repo / ARENAS / "samarbeidsteam.yaml").read_text(encoding="utf-8")
        + "renamed_from: testteam\n",
        encoding="utf-8",
    )

    assert _md(runner) == (
        "### Testvik kommune\n"
        "\n"
        "**Samarbeidsteam** (`testteam` → `samarbeidsteam`): filen har fått nytt navn\n"
        "- Samme arena (`renamed_from: testteam`): serien som er sendt, beholder "
        "kalender-UID-ene og oppdateres uten avlysning\n"
        "- Navn: Testteam → Samarbeidsteam\n"
    )
    schedule = runner.invoke(
        app, ["schedule", "-m", "testvik", "--period", "2027-H1", "--format", "json"]
    )
    assert schedule.exit_code == 0, schedule.output
    assert {row["uid"] for row in json.loads(schedule.stdout)} == {
        "testvik-testteam-2027-h1@samarbeid"
    }


def test_deleting_a_sent_series_says_a_cancellation_will_be_offered(
    repo: Path, runner: CliRunner
) -> None:
    _sent()
    git(repo, "rm", "--quiet", str(ARENAS / "testteam.yaml"))
    (repo / ARENAS).mkdir(parents=True)
    (repo / ARENAS / "annet-team.yaml").write_text(
        "name: Annet team\nlevel: system\nmandate: Noe annet.\nconvener: {role: rektor}\n"
        "meeting: {form: digital}\nfrequency: {kind: on_demand}\n",
        encoding="utf-8",
    )

    assert _md(runner, "--period", "2027-H1") == (
        "### Testvik kommune\n"
        "\n"
        "**Annet team** (`annet-team`): ny arena\n"
        "- Frekvens: ved behov\n"
        "\n"
        "**Testteam** (`testteam`): arena fjernet\n"
        "- Serien er sendt: ved neste `samarbeid schedule --send` tilbys avlysning "
        "(METHOD:CANCEL), så kalenderne fjerner den\n"
        "- Møteplan første halvår 2027 (januar–juni): 13 møter → ingen møter\n"
        "  - Før: fredag 8. januar 2027, fredag 22. januar 2027, fredag 5. februar 2027, "
        "fredag 19. februar 2027, fredag 5. mars 2027, fredag 19. mars 2027, "
        "fredag 2. april 2027, fredag 16. april 2027, fredag 30. april 2027, "
        "fredag 14. mai 2027, fredag 28. mai 2027, fredag 11. juni 2027, fredag 25. juni 2027\n"
        "  - Etter: ingen møter\n"
    )


def _every_third_week_text_left_behind(repo: Path) -> None:
    """The routine said "hver 2. uke på fredager"; the revision changes the rule to every 3rd
    week and leaves the text."""
    arena = repo / ARENAS / "testteam.yaml"
    edit(arena, "  anchor: 2026-08-21\n", "  anchor: 2026-08-21\n  text: hver 2. uke på fredager\n")
    commit_all(repo, "Testteam: the frequency in the routine's words")
    edit(arena, "every_weeks: 2", "every_weeks: 3")


def test_validate_warns_when_the_frequency_text_states_another_number_of_weeks(
    repo: Path, runner: CliRunner
) -> None:
    _every_third_week_text_left_behind(repo)

    result = runner.invoke(app, ["validate", "--today", "2026-12-04"])

    assert result.exit_code == 0, result.output
    assert (
        "data/arenas/testvik/testteam.yaml:18:9: frequency.text: says every 2 weeks, but the "
        "rule meets every 3 weeks; this text goes into invitations and documents, so update it "
        "with the rule"
    ) in " ".join(result.output.split())


def test_a_frequency_change_shows_the_resulting_plan_and_the_warning_it_brings(
    repo: Path, runner: CliRunner
) -> None:
    _every_third_week_text_left_behind(repo)

    result = runner.invoke(app, ["diff", "--format", "md", *TODAY])

    assert result.exit_code == 0, result.output
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert result.stdout == (
        f"## Endringer i dataene: `HEAD` ({head}) → arbeidskopien\n"
        "\n"
        "Advarsler som endringen gir (fra `samarbeid validate`):\n"
        "\n"
        "```\n"
        "data/arenas/testvik/testteam.yaml:18:9: frequency.text: says every 2 weeks, but "
        "the rule meets every 3 weeks; this text goes into invitations and documents, so "
        "update it with the rule\n"
        "```\n"
        "\n"
        "### Testvik kommune\n"
        "\n"
        "**Testteam** (`testteam`): endret\n"
        "- Frekvens: hver 2. uke på fredag kl. 08.30 → hver 3. uke på fredag kl. 08.30\n"
        "- Møteplan resten av andre halvår 2026 (fra fredag 4. desember 2026): 1 møte → 1"
        " møte\n"
        "  - Før: fredag 11. desember 2026\n"
        "  - Etter: fredag 4. desember 2026\n"
        "  - Nye møter: fredag 4. desember 2026\n"
        "  - Faller bort: fredag 11. desember 2026 (ikke i den nye regelen)\n"
        "- Møteplan første halvår 2027 (januar–juni): 13 møter → 8 møter\n"
        "  - Før: fredag 8. januar 2027, fredag 22. januar 2027, fredag 5. februar 2027, "
        "fredag 19. februar 2027, fredag 5. mars 2027, fredag 19. mars 2027, fredag 2. "
        "april 2027, fredag 16. april 2027, fredag 30. april 2027, fredag 14. mai 2027, "
        "fredag 28. mai 2027, fredag 11. juni 2027, fredag 25. juni 2027\n"
        "  - Etter: fredag 15. januar 2027, fredag 5. februar 2027, fredag 26. februar "
        "2027, fredag 19. mars 2027, fredag 9. april 2027, fredag 30. april 2027, fredag "
        "21. mai 2027, fredag 11. juni 2027\n"
        "  - Nye møter: fredag 15. januar 2027, fredag 26. februar 2027, fredag 9. april "
        "2027, fredag 21. mai 2027\n"
        "  - Faller bort: fredag 8. januar 2027 (ikke i den nye regelen), fredag 22. "
        "januar 2027 (ikke i den nye regelen), fredag 19. februar 2027 (ikke i den nye "
        "regelen), fredag 5. mars 2027 (ikke i den nye regelen), fredag 2. april 2027 "
        "(ikke i den nye regelen), fredag 16. april 2027 (ikke i den nye regelen), fredag"
        " 14. mai 2027 (ikke i den nye regelen), fredag 28. mai 2027 (ikke i den nye "
        "regelen), fredag 25. juni 2027 (ikke i den nye regelen)\n"
    )


def test_a_text_edit_shows_the_words_that_changed_and_every_field_in_norwegian(
    repo: Path, runner: CliRunner
) -> None:
    arena = repo / ARENAS / "testteam.yaml"
    edit(arena, "mandate: Drøfte felles tema.", "mandate: Drøfte felles saker og tema.")
    edit(arena, "participants:\n", "tasks: [Lage årshjul]\nage_band: 0-6\nparticipants:\n")
    edit(arena, "frequency:\n", "case_discussion: anonymous\nfrequency:\n")

    assert _md(runner) == (
        "### Testvik kommune\n"
        "\n"
        "**Testteam** (`testteam`): endret\n"
        "- Mandat, endret: Drøfte felles **saker og** tema.\n"
        "- Oppgaver, nytt punkt: Lage årshjul\n"
        "- Andre felt endret: Aldersgruppe og Drøfting av enkeltsaker\n"
    )


def test_a_text_edit_in_nynorsk_as_terminal_text(repo: Path, runner: CliRunner) -> None:
    _nynorsk(repo)
    arena = repo / ARENAS / "testteam.yaml"
    edit(arena, "mandate: Drøfte felles tema.", "mandate: Drøfte felles saker.")
    edit(arena, "participants:\n", "tasks: [Lage årshjul]\nparticipants:\n")

    result = runner.invoke(app, ["diff", *TODAY])

    assert result.exit_code == 0, result.output
    assert result.stdout.split("\n", 2)[2] == (
        "Testvik kommune\n"
        "\n"
        "Testteam (`testteam`): endra\n"
        "  Mandat, endra: Drøfte felles [-tema.-]{+saker.+}\n"
        "  Oppgåver, nytt punkt: Lage årshjul\n"
    )


def test_why_a_date_dropped_a_closed_day_or_a_move(repo: Path, runner: CliRunner) -> None:
    """The municipality closes 22 January 2027: Testteam's meeting that day drops; an arena
    that meets the day before a closed day instead says where its meeting went."""
    _nynorsk(repo)
    (repo / ARENAS / "flytteteam.yaml").write_text(
        (repo / ARENAS / "testteam.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Testteam", "name: Flytteteam")
        .replace("frequency:\n", "on_closed_day: earlier\nfrequency:\n"),
        encoding="utf-8",
    )
    commit_all(repo, "Flytteteam")
    edit(
        repo / "data/municipalities/testvik.yaml",
        "school_years:\n",
        "closed_days:\n  - {start: 2027-01-22, reason: Kommunal fridag}\nschool_years:\n",
    )

    output = _md(runner, "--period", "2027-H1")

    assert "**Flytteteam** (`flytteteam`): endra\n" in output
    assert (
        "  - Fell bort: fredag 22. januar 2027 (flytta til torsdag 21. januar 2027)\n"
    ) in output
    assert "**Testteam** (`testteam`): endra\n" in output
    assert "  - Fell bort: fredag 22. januar 2027 (Kommunal fridag)\n" in output
    assert output.startswith("### Testvik kommune\nKommunefila er endra: Stengde dagar\n")


@pytest.mark.parametrize("malform", ["nb", "nn"])
def test_every_field_a_diff_can_name_has_a_norwegian_label(malform: str) -> None:
    from samarbeid_cli.models.arena import Arena
    from samarbeid_cli.models.municipality import Municipality
    from samarbeid_cli.renderers.field_labels import LABELS

    fields = {*Arena.model_fields, *Municipality.model_fields}
    assert sorted(fields - set(LABELS[malform])) == []


# -- the same reviews in nynorsk, pinned whole (tests/golden/diff/<case>.nn.md) -----------------

GOLDEN = Path(__file__).parent / "golden" / "diff"


def _nn_rename_sent(repo: Path) -> None:
    _sent()
    _rename(repo)


def _nn_stated_rename(repo: Path) -> None:
    _sent()
    _rename(repo)
    arena = repo / ARENAS / "samarbeidsteam.yaml"
    edit(arena, "name: Testteam", "name: Samarbeidsteam")
    arena.write_text(arena.read_text(encoding="utf-8") + "renamed_from: testteam\n", "utf-8")


def _nn_deletion(repo: Path) -> None:
    _sent()
    git(repo, "rm", "--quiet", str(ARENAS / "testteam.yaml"))
    (repo / ARENAS).mkdir(parents=True)
    (repo / ARENAS / "annet-team.yaml").write_text(
        "name: Annet team\nlevel: system\nmandate: Noko anna.\nconvener: {role: rektor}\n"
        "meeting: {form: digital}\nfrequency: {kind: on_demand}\n",
        encoding="utf-8",
    )


def _nn_mandate_edit(repo: Path) -> None:
    arena = repo / ARENAS / "testteam.yaml"
    edit(arena, "mandate: Drøfte felles tema.", "mandate: Drøfte felles saker og tema.")
    edit(arena, "participants:\n", "tasks: [Lage årshjul]\nparticipants:\n")


NYNORSK_CASES = {
    "rename-sent": _nn_rename_sent,
    "stated-rename": _nn_stated_rename,
    "deletion": _nn_deletion,
    "frequency-change": _every_third_week_text_left_behind,
    "mandate-edit": _nn_mandate_edit,
}


@pytest.mark.parametrize("case", list(NYNORSK_CASES))
def test_each_review_in_nynorsk_is_pinned_whole(case: str, repo: Path, runner: CliRunner) -> None:
    """Rename with a sent series, stated rename, deletion of a sent series, frequency change
    with its plan and warning, mandate edit: the whole Markdown, as the pull request shows it.
    Set SAMARBEID_UPDATE_GOLDEN=1 to write the files anew (then read the diff)."""
    _nynorsk(repo)
    NYNORSK_CASES[case](repo)

    result = runner.invoke(app, ["diff", "--format", "md", *TODAY])

    assert result.exit_code == 0, result.output
    shown = result.stdout.split("\n", 2)[2]  # the heading names the commit, which varies
    golden = GOLDEN / f"{case}.nn.md"
    if os.environ.get("SAMARBEID_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(shown, encoding="utf-8")
    assert shown == golden.read_text(encoding="utf-8")

"""`samarbeid diff`: a routine revision reviewed in git, in the municipality's own words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import MUNICIPALITY, DataFolder, app
from tests.git_repos import commit_all, edit, git, init

ARENA_FILE = Path("data/arenas/testvik/testteam.yaml")


@pytest.fixture
def repo(data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository with one commit: Testteam meets every 2nd Friday at 08:30."""
    data_folder()
    init(tmp_path)
    commit_all(tmp_path, "Testvik: first routines")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _revise(repo: Path) -> None:
    """The yearly revision: every 4th week instead of every 2nd; the school nurse joins and
    PPT leaves."""
    arena = repo / ARENA_FILE
    edit(arena, "every_weeks: 2", "every_weeks: 4")
    edit(arena, "  - service: ppt\n", "  - role: helsesykepleier\n")


def test_a_revision_in_a_pull_request_as_markdown(repo: Path, runner: CliRunner) -> None:
    git(repo, "checkout", "--quiet", "-b", "revisjon-2026")
    _revise(repo)
    commit_all(repo, "Testteam: revised routine")
    base = git(repo, "rev-parse", "--short=7", "main").strip()
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    git(repo, "checkout", "--quiet", "main")
    edit(repo / "data/municipalities/testvik.yaml", "name: Testvik kommune", "name: Testvik")
    commit_all(repo, "main moved on after the branch")

    result = runner.invoke(
        app, ["diff", "main...revisjon-2026", "--format", "md", "--today", "2026-06-01"]
    )

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        f"## Endringer i dataene: `main` ({base}) → `revisjon-2026` ({head})\n"
        "\n"
        "### Testvik kommune\n"
        "\n"
        "**Testteam** (`testteam`): endret\n"
        "- Frekvens: hver 2. uke på fredag kl. 08.30 → hver 4. uke på fredag kl. 08.30\n"
        "- Deltakere, lagt til: Helsesykepleier\n"
        "- Deltakere, fjernet: PPT\n"
        "- Møteplan resten av første halvår 2026 (fra mandag 1. juni 2026): 2 møter → 1 "
        "møte\n"
        "  - Før: fredag 12. juni 2026, fredag 26. juni 2026\n"
        "  - Etter: fredag 26. juni 2026\n"
        "  - Faller bort: fredag 12. juni 2026 (ikke i den nye regelen)\n"
        "- Møteplan andre halvår 2026 (juli–desember): 12 møter → 6 møter\n"
        "  - Før: fredag 10. juli 2026, fredag 24. juli 2026, fredag 7. august 2026, "
        "fredag 21. august 2026, fredag 4. september 2026, fredag 18. september 2026, "
        "fredag 2. oktober 2026, fredag 16. oktober 2026, fredag 30. oktober 2026, fredag"
        " 13. november 2026, fredag 27. november 2026, fredag 11. desember 2026\n"
        "  - Etter: fredag 24. juli 2026, fredag 21. august 2026, fredag 18. september "
        "2026, fredag 16. oktober 2026, fredag 13. november 2026, fredag 11. desember "
        "2026\n"
        "  - Faller bort: fredag 10. juli 2026 (ikke i den nye regelen), fredag 7. august"
        " 2026 (ikke i den nye regelen), fredag 4. september 2026 (ikke i den nye "
        "regelen), fredag 2. oktober 2026 (ikke i den nye regelen), fredag 30. oktober "
        "2026 (ikke i den nye regelen), fredag 27. november 2026 (ikke i den nye regelen)\n"
    )


def test_the_working_tree_against_head_by_default(repo: Path, runner: CliRunner) -> None:
    edit(repo / ARENA_FILE, "start: 08:30", "start: 09:00")
    edit(repo / ARENA_FILE, "duration_minutes: 60", "duration_minutes: 90")

    result = runner.invoke(app, ["diff", "--today", "2026-06-01"])

    assert result.exit_code == 0, result.output
    head = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    assert result.stdout == (
        f"Endringer i dataene: `HEAD` ({head}) → arbeidskopien\n"
        "\n"
        "Testvik kommune\n"
        "\n"
        "Testteam (`testteam`): endret\n"
        "  Tidspunkt: kl. 08.30 → kl. 09.00\n"
        "  Varighet: 60 minutter → 90 minutter\n"
    )


def test_nynorsk_for_a_nynorsk_municipality(repo: Path, runner: CliRunner) -> None:
    edit(repo / "data/municipalities/testvik.yaml", "malform: nb", "malform: nn")
    commit_all(repo, "Testvik skriv nynorsk")
    _revise(repo)

    result = runner.invoke(app, ["diff", "--period", "2027-H1"])

    assert result.exit_code == 0, result.output
    assert "Endringar i dataa: `HEAD`" in result.stdout
    assert (
        "Testteam (`testteam`): endra\n"
        "  Frekvens: kvar 2. veke på fredag kl. 08.30 → kvar 4. veke på fredag kl. 08.30\n"
        "  Deltakarar, lagt til: Helsesykepleier\n"
        "  Deltakarar, fjerna: PPT\n"
        "  Møteplan første halvår 2027 (januar–juni): 13 møte → 7 møte\n"
        "    Før: fredag 8. januar 2027, "
    ) in result.stdout
    assert "    Fell bort: fredag 22. januar 2027 (ikkje i den nye regelen), " in result.stdout


def test_data_that_fails_validation_is_reported_not_crashed_on(
    repo: Path, runner: CliRunner
) -> None:
    edit(repo / ARENA_FILE, "every_weeks: 2", "every_weeks: [2")
    (repo / "data/arenas/testvik/nytt-team.yaml").write_text(
        (repo / ARENA_FILE)
        .read_text(encoding="utf-8")
        .replace("every_weeks: [2", "every_weeks: 3"),
        encoding="utf-8",
    )

    result = runner.invoke(app, ["diff", "--today", "2026-06-01", "--format", "md"])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.endswith(
        "Dataene ved arbeidskopien har 1 feil; det som ikke kunne leses, er ikke "
        "sammenlignet:\n"
        "\n"
        "```\n"
        "data/arenas/testvik/testteam.yaml:15:16: line 15: the [ that starts here is never "
        "closed; end the list with ] on the same line, or put quotes around the whole text if it "
        "is not a list (YAML: while parsing a flow sequence, did not find expected ',' or ']')\n"
        "```\n"
        "\n"
        "### Testvik kommune\n"
        "\n"
        "**Testteam** (`nytt-team`): ny arena\n"
        "- Frekvens: hver 3. uke på fredag kl. 08.30\n"
        "- Møteplan resten av første halvår 2026 (fra mandag 1. juni 2026): ingen møter → "
        "1 møte\n"
        "  - Før: ingen møter\n"
        "  - Etter: fredag 19. juni 2026\n"
        "- Møteplan andre halvår 2026 (juli–desember): ingen møter → 8 møter\n"
        "  - Før: ingen møter\n"
        "  - Etter: fredag 10. juli 2026, fredag 31. juli 2026, "
        "fredag 21. august 2026, fredag 11. september 2026, fredag 2. oktober 2026, "
        "fredag 23. oktober 2026, fredag 13. november 2026, fredag 4. desember 2026\n"
        "\n"
        "**Testteam** (`testteam`): kunne ikke leses ved arbeidskopien; se feilene over\n"
    )


def test_json_carries_the_same_changes_as_data(repo: Path, runner: CliRunner) -> None:
    _revise(repo)
    git(repo, "rm", "--quiet", "--cached", str(ARENA_FILE))

    result = runner.invoke(app, ["diff", "--json", "--today", "2026-06-01"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["old"]["revision"] == "HEAD"
    assert report["new"] == {"revision": None, "commit": None, "valid": True, "errors": []}
    assert report["period"] == "2026-H2"
    [municipality] = report["municipalities"]
    assert (municipality["slug"], municipality["malform"]) == ("testvik", "nb")
    [arena] = municipality["arenas"]
    assert arena["changes"][0] == {
        "aspect": "frequency",
        "old": "hver 2. uke på fredag kl. 08.30",
        "new": "hver 4. uke på fredag kl. 08.30",
        "text": ["Frekvens: hver 2. uke på fredag kl. 08.30 → hver 4. uke på fredag kl. 08.30"],
    }
    assert arena["changes"][1] == {
        "aspect": "participants",
        "added": ["Helsesykepleier"],
        "removed": ["PPT"],
        "text": ["Deltakere, lagt til: Helsesykepleier", "Deltakere, fjernet: PPT"],
    }
    assert arena["meetings"]["added"] == []
    assert arena["meetings"]["dropped"][:2] == ["2026-06-12", "2026-07-10"]
    spring, autumn = arena["meetings"]["plans"]
    assert (spring["period"], spring["from"]) == ("2026-H1", "2026-06-01")
    assert spring["before"] == ["2026-06-12", "2026-06-26"]
    assert spring["after"] == ["2026-06-26"]
    assert spring["dropped"] == [
        {"date": "2026-06-12", "why": "rule", "reason": None, "moved_to": None}
    ]
    assert (autumn["period"], autumn["from"]) == ("2026-H2", "2026-07-01")
    assert report["periods"] == [
        {"period": "2026-H1", "from": "2026-06-01"},
        {"period": "2026-H2", "from": "2026-07-01"},
    ]
    assert report["warnings"] == []


def test_no_changes(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["diff", "HEAD", "HEAD"])

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\nIngen endringer i arenaene eller møtedatoene.\n")


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (
            ["diff", "v2030"],
            1,
            "samarbeid: unknown revision 'v2030': git has no such branch, tag or commit here\n",
        ),
        (
            ["diff", "main...HEAD", "HEAD"],
            2,
            "samarbeid: give either a range such as main...HEAD or two revisions, not both\n",
        ),
        (
            ["diff", "--json", "--format", "md"],
            2,
            "samarbeid: --json and --format md exclude each other\n",
        ),
    ],
)
def test_wrong_revisions_and_options(
    repo: Path, runner: CliRunner, arguments: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, arguments)

    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == message


def test_outside_git(
    data_folder: DataFolder, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_folder(municipality=MUNICIPALITY)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))

    result = runner.invoke(app, ["diff"])

    assert result.exit_code == 1
    assert result.stderr == (
        "samarbeid: data is not inside a git repository; diff compares revisions in git\n"
    )


def test_the_bundled_data_at_a_revision_loads_as_it_does_from_disk(
    bundled_copy: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading from git goes through the same checks: the bundled data is valid there too,
    Inderøy's annual wheel file included."""
    init(tmp_path)
    commit_all(tmp_path, "bundled data")
    monkeypatch.chdir(tmp_path)
    edit(bundled_copy / "arenas/aukra/bti-team.yaml", "name: ", "name: Nytt namn for ")

    result = runner.invoke(app, ["diff", "--json", "--period", "2027-H1"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["old"]["valid"] and report["new"]["valid"]
    [aukra] = report["municipalities"]
    [arena] = aukra["arenas"]
    assert arena["changes"][0]["aspect"] == "name"
    assert arena["changes"][0]["text"][0].startswith("Namn: BTI-team")

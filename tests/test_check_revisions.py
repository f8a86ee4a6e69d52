"""`samarbeid check-revisions`: the yearly routine revision, and dates git shows are stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app
from tests.git_repos import commit_all, edit, git, init

REVISED = "revision:\n  responsible: {role: koordinator}\n  last_revised: 2025-06-01\n"
REVISES_ITSELF = (
    "revision:\n  responsible: arena\n  interval_months: 6\n  last_revised: 2026-01-10\n"
)
ARENA_FILE = Path("data/arenas/testvik/testteam.yaml")
NO_PLAN = (
    "  Uten revisjonsplan: 1 rutine har ingen revision:, så ingen dato sier når den skal "
    "revideres: `nettverk`\n"
)


@pytest.fixture
def repo(data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Testteam, revised 2025-06-01 (yearly); Skoleteam, revised 2026-01-10 (every 6 months);
    Nettverk, no revision rule. Committed on 2025-06-01."""
    data_folder(
        arenas={
            "testteam": ARENA + REVISED,
            "skoleteam": ARENA.replace("Testteam", "Skoleteam") + REVISES_ITSELF,
            "nettverk": ARENA.replace("Testteam", "Nettverk"),
        }
    )
    init(tmp_path)
    commit_all(tmp_path, "routines", date="2025-06-01T12:00:00+02:00")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_overdue_and_due_soon(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check-revisions", "--as-of", "2026-06-20"])

    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "Testvik kommune\n"
        "  Forfalt: Testteam (`testteam`): skulle vært revidert 1. juni 2026 (sist revidert "
        "1. juni 2025, hver 12. måned); ansvarlig: Koordinator\n"
        "  Forfaller snart: Skoleteam (`skoleteam`): skal revideres innen 10. juli 2026 (sist "
        "revidert 10. januar 2026, hver 6. måned); ansvarlig: arenaen selv\n" + NO_PLAN
    )


def test_nothing_due_exits_zero(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check-revisions", "--as-of", "2026-01-15"])

    assert result.exit_code == 0, result.output
    assert result.stdout == "Testvik kommune\n" + NO_PLAN


def test_due_soon_only_exits_zero(repo: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["check-revisions", "--as-of", "2026-05-10", "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["overdue"] == 0
    assert report["history_checked"] is True
    assert report["revisions"] == [
        {
            "municipality": "testvik",
            "arena": "testteam",
            "name": "Testteam",
            "path": "data/arenas/testvik/testteam.yaml",
            "state": "due",
            "last_revised": "2025-06-01",
            "due": "2026-06-01",
            "interval_months": 12,
            "responsible": "Koordinator",
            "last_revised_from": "data",
        }
    ]
    assert report["stale"] == []
    assert report["without_plan"] == [
        {
            "municipality": "testvik",
            "arena": "nettverk",
            "name": "Nettverk",
            "path": "data/arenas/testvik/nettverk.yaml",
        }
    ]


def test_a_routine_changed_after_its_revision_without_a_new_date(
    repo: Path, runner: CliRunner
) -> None:
    edit(repo / ARENA_FILE, "every_weeks: 2", "every_weeks: 3")
    commit_all(repo, "every third week", date="2025-09-01T10:00:00+02:00")
    edit(repo / ARENA_FILE, "last_revised: 2025-06-01", "last_revised: 2025-06-01\n  basis: x")
    commit_all(repo, "not a routine field", date="2025-10-01T10:00:00+02:00")
    edit(repo / ARENA_FILE, "  - service: ppt\n", "")

    # Today, the uncommitted change counts too.
    result = runner.invoke(app, ["check-revisions", "--json"])

    stale = json.loads(result.stdout)["stale"]
    assert [
        (item["commit"] and len(item["commit"]), item["changed_on"], item["fields"])
        for item in stale
    ] == [
        (None, None, ["participants"]),
        (40, "2025-09-01", ["frequency"]),
    ]
    # As of a past day, only what was committed by then.
    text = runner.invoke(app, ["check-revisions", "--as-of", "2025-12-01"]).stdout
    commit = stale[1]["commit"][:7]
    assert text == (
        "Testvik kommune\n"
        f"  Advarsel: Testteam (`testteam`): rutinen ble endret 1. september 2025 i {commit} "
        "(`frequency`), etter siste revisjon 1. juni 2025, men revision.last_revised er ikke "
        "oppdatert\n" + NO_PLAN
    )


def test_as_of_leaves_out_the_changes_made_after_it(repo: Path, runner: CliRunner) -> None:
    """Issue 20: --as-of held for the dates but not for git, so a change made after it
    counted as one made before."""
    edit(repo / ARENA_FILE, "every_weeks: 2", "every_weeks: 3")
    commit_all(repo, "every third week", date="2026-03-01T10:00:00+01:00")

    before = runner.invoke(app, ["check-revisions", "--as-of", "2026-01-15", "--json"])
    after = runner.invoke(app, ["check-revisions", "--as-of", "2026-03-15", "--json"])

    assert before.exit_code == 0, before.output
    assert json.loads(before.stdout)["stale"] == []
    assert [item["changed_on"] for item in json.loads(after.stdout)["stale"]] == ["2026-03-01"]


def test_a_change_through_an_invalid_commit_is_flagged(repo: Path, runner: CliRunner) -> None:
    """Issue 20: the frequency changed in two commits, the first of which left the file
    invalid; comparing only neighbouring valid versions never saw the change."""
    edit(repo / ARENA_FILE, "every_weeks: 2", "every_weeks: [3")
    commit_all(repo, "half an edit", date="2025-08-01T10:00:00+02:00")
    edit(repo / ARENA_FILE, "every_weeks: [3", "every_weeks: 3")
    commit_all(repo, "the rest of it", date="2025-08-02T10:00:00+02:00")

    result = runner.invoke(app, ["check-revisions", "--as-of", "2025-12-01", "--json"])

    assert result.exit_code == 0, result.output
    stale = json.loads(result.stdout)["stale"]
    assert [(item["changed_on"], item["fields"]) for item in stale] == [
        ("2025-08-02", ["frequency"])
    ]


def test_a_shallow_clone_says_the_check_needs_the_full_history(
    repo: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: in a shallow clone the history check found nothing while reporting that it
    had checked the history."""
    edit(repo / ARENA_FILE, "every_weeks: 2", "every_weeks: 3")
    commit_all(repo, "every third week", date="2025-09-01T10:00:00+02:00")
    commit_all(repo, "later", date="2025-10-01T10:00:00+02:00")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(clone))
    monkeypatch.chdir(clone)

    result = runner.invoke(app, ["check-revisions", "--as-of", "2025-12-01", "--json"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["history_checked"], report["shallow"], report["stale"]) == (False, True, [])
    assert result.stderr == (
        "samarbeid: the data is in a shallow clone, so changes after the revision dates were "
        "not checked: the check needs the full history (git fetch --unshallow; in CI, "
        "fetch-depth: 0 on GitHub or GIT_DEPTH: 0 on GitLab)\n"
    )


def test_a_revision_that_updates_the_date_is_not_stale(repo: Path, runner: CliRunner) -> None:
    edit(repo / ARENA_FILE, "every_weeks: 2", "every_weeks: 3")
    edit(repo / ARENA_FILE, "last_revised: 2025-06-01", "last_revised: 2025-09-01")
    commit_all(repo, "yearly revision", date="2025-09-01T10:00:00+02:00")

    result = runner.invoke(app, ["check-revisions", "--as-of", "2025-12-01", "--json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["stale"] == []


def test_outside_git_the_history_check_is_skipped(
    data_folder: DataFolder, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_folder(arenas={"testteam": ARENA + REVISED})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))

    result = runner.invoke(app, ["check-revisions", "--as-of", "2026-07-01"])

    assert result.exit_code == 1
    assert result.stdout.startswith("Testvik kommune\n  Forfalt: Testteam")
    assert result.stderr == (
        "samarbeid: the data is not in a git repository, so changes after the revision dates "
        "were not checked\n"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--as-of", "1.7.2026"],
            "samarbeid: --as-of must be a date such as 2026-12-01 (got '1.7.2026')\n",
        ),
        (
            ["--municipality", "selbu"],
            "samarbeid: --municipality: no municipality 'selbu'; known: testvik\n",
        ),
    ],
)
def test_usage_errors(repo: Path, runner: CliRunner, arguments: list[str], message: str) -> None:
    result = runner.invoke(app, ["check-revisions", *arguments])

    assert result.exit_code == 2
    assert result.stderr == message


UNDATED = "revision:\n  responsible: arena\n"


def test_a_routine_without_a_date_is_judged_by_its_last_change_in_git(
    data_folder: DataFolder, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: "ingen rutiner skal revideres" for routines with no date, however far ahead."""
    data_folder(arenas={"testteam": ARENA + UNDATED})
    init(tmp_path)
    commit_all(tmp_path, "routines", date="2025-03-01T12:00:00+01:00")
    edit(tmp_path / ARENA_FILE, "every_weeks: 2", "every_weeks: 3")
    commit_all(tmp_path, "every third week", date="2025-06-01T12:00:00+02:00")
    edit(tmp_path / ARENA_FILE, "responsible: arena", "responsible: arena\n  basis: Årlig.")
    commit_all(tmp_path, "the revision's basis, not the routine", date="2025-09-01T12:00:00+02:00")
    monkeypatch.chdir(tmp_path)

    soon = runner.invoke(app, ["check-revisions", "--as-of", "2026-01-15"])
    overdue = runner.invoke(app, ["check-revisions", "--as-of", "2035-01-01", "--json"])

    assert soon.exit_code == 0, soon.output
    assert soon.stdout == (
        "Testvik kommune\n"
        "  Mangler dato: Testteam (`testteam`): revision.last_revised er ikke fylt ut; rutinen "
        "ble sist endret 1. juni 2025 ifølge git, så neste revisjon er 1. juni 2026 (hver 12. "
        "måned); ansvarlig: arenaen selv\n"
    )
    assert overdue.exit_code == 1, overdue.output
    (item,) = json.loads(overdue.stdout)["revisions"]
    assert (item["state"], item["last_revised"], item["last_revised_from"], item["due"]) == (
        "overdue",
        "2025-06-01",
        "git",
        "2026-06-01",
    )


def test_a_routine_without_a_date_or_history_is_to_be_revised_now(
    data_folder: DataFolder, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_folder(arenas={"testteam": ARENA + UNDATED})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))

    result = runner.invoke(app, ["check-revisions", "--as-of", "2026-01-15"])

    assert result.exit_code == 1, result.output
    assert result.stdout == (
        "Testvik kommune\n"
        "  Forfaller nå: Testteam (`testteam`): revision.last_revised er ikke fylt ut, og git "
        "viser ingen endring av rutinen, så den skal revideres nå (hver 12. måned); ansvarlig: "
        "arenaen selv\n"
    )


def test_the_bundled_data_has_routines_due_by_2035(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In this checkout's git history: Selbu's routine records no date, and its last change
    in git is years before 2035."""
    from tests.conftest import BUNDLED_DATA

    if not (BUNDLED_DATA.parent / ".git").exists():
        pytest.skip("not a git checkout")

    result = runner.invoke(
        app, ["check-revisions", "--as-of", "2035-01-01", "--data", str(BUNDLED_DATA)]
    )

    assert result.exit_code == 1, result.output
    assert "Forfalt: Samordningsteam barn og unge (`samordningsteam-barn-og-unge`)" in (
        result.stdout
    )
    assert "Uten revisjonsplan:" in result.stdout


def test_a_revision_date_after_today_is_refused_at_its_line(
    data_folder: DataFolder, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped 2062-10-01 silenced the overdue reminder for 36 years."""
    data_folder(arenas={"testteam": ARENA + UNDATED + "  last_revised: 2062-10-01\n"})
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(app, ["validate", "--today", "2026-12-06"])

    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        "data/arenas/testvik/testteam.yaml:20:17: revision.last_revised: is after today "
        "(2026-12-06; got 2062-10-01): write the day the routine was last revised"
    )

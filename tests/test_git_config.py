"""A data repository's own git configuration runs nothing: samarbeid calls git with
`core.fsmonitor` off, no pager, no external diff and no textconv (issue 17), so a cloned
repository whose `.git/config` names a program cannot make `diff` or `check-revisions` run it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import MUNICIPALITY, DataFolder, app
from tests.git_repos import commit_all, edit, git, init
from tests.test_corpus import _snapshot

ARENA_FILE = Path("data/arenas/testvik/testteam.yaml")
REGISTER = (
    "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"
    "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;;\n"
)
PROGRAMS = ("core.fsmonitor", "core.pager", "pager.log", "diff.external")


@pytest.fixture
def booby_trapped(data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository of two commits whose config runs a script wherever git allows it;
    the script leaves `ran` beside the workspace."""
    workspace = tmp_path
    data_folder()
    init(workspace)
    commit_all(workspace, "Testvik: first routines")
    edit(workspace / ARENA_FILE, "every_weeks: 2", "every_weeks: 4")
    commit_all(workspace, "Testteam: every 4th week", date="2026-07-01T12:00:00+02:00")
    edit(workspace / ARENA_FILE, "every_weeks: 4", "every_weeks: 3")
    (workspace / "register").mkdir()
    (workspace / "register" / "samtykker.csv").write_text(REGISTER, encoding="utf-8")
    (workspace / ".git" / "info" / "exclude").write_text("register/\n", encoding="utf-8")
    script = tmp_path.parent / f"{tmp_path.name}-trap.sh"
    ran = tmp_path.parent / f"{tmp_path.name}-ran"
    script.write_text(f'#!/bin/sh\necho "$0 $*" >> {ran}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    for key in PROGRAMS:
        git(workspace, "config", key, str(script))
    git(workspace, "config", "diff.trap.textconv", str(script))
    (workspace / ".gitattributes").write_text("*.yaml diff=trap\n", encoding="utf-8")
    monkeypatch.chdir(workspace)
    monkeypatch.delenv("GIT_PAGER", raising=False)
    monkeypatch.setenv("PAGER", str(script))
    return workspace


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "HEAD~1", "HEAD", "--today", "2026-06-01"],
        ["diff", "--today", "2026-06-01"],
        ["check-revisions", "--as-of", "2026-11-22"],
        ["validate", "data", "--today", "2026-11-22"],
        ["check-consent", "register/samtykker.csv", "--as-of", "2026-11-22"],
    ],
    ids=["diff-revisions", "diff-working-tree", "check-revisions", "validate", "check-consent"],
)
def test_git_runs_no_program_the_repository_configures(
    booby_trapped: Path, runner: CliRunner, argv: list[str]
) -> None:
    ran = booby_trapped.parent / f"{booby_trapped.name}-ran"
    before = _snapshot(booby_trapped)

    result = runner.invoke(app, argv)

    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output
    assert not ran.exists(), ran.read_text()
    assert _snapshot(booby_trapped) == before
    assert os.environ.get("PAGER")  # the trap was armed


def test_validate_asks_git_what_is_committed_without_running_its_programs(
    booby_trapped: Path, runner: CliRunner
) -> None:
    """Two municipalities with one kommunenummer: validate asks git which file is committed,
    to blame the new one, and git runs nothing of the repository's."""
    ran = booby_trapped.parent / f"{booby_trapped.name}-ran"
    (booby_trapped / "data" / "municipalities" / "kopivik.yaml").write_text(
        MUNICIPALITY.replace("Testvik kommune", "Kopivik kommune"), encoding="utf-8"
    )
    before = _snapshot(booby_trapped)

    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert result.exit_code == 1, result.output
    assert "data/municipalities/kopivik.yaml:2:16: kommunenummer: " in result.stderr
    assert not ran.exists(), ran.read_text()
    assert _snapshot(booby_trapped) == before

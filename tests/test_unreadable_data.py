"""A data folder or file samarbeid may not read (issue 17): one message at its path, exit 1,
nothing written. The tests run as root, where chmod 000 does not stop a read, so the refusal
is the operating system's PermissionError, raised by a patched os.scandir or os.open."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import app
from tests.test_corpus import ARENA_FILE, SCHEDULE, VALIDATE, Case, _snapshot, _workspace

ARENA_FOLDER = str(Path(ARENA_FILE).parent)


def _denied(path: Any) -> PermissionError:
    return PermissionError(13, "Permission denied", str(path))


@pytest.mark.parametrize("argv", [SCHEDULE, VALIDATE, ("check-revisions", "--as-of", "2026-11-22")])
def test_a_folder_that_cannot_be_listed_is_named_not_skipped(
    argv: tuple[str, ...], runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.walk skipped such a folder in silence, and listing it again crashed (exit 3)."""
    workspace = _workspace(tmp_path, Case("unreadable", "", (), 1, ""))
    before = _snapshot(tmp_path)
    monkeypatch.chdir(workspace)
    scandir = os.scandir

    def refusing(path: Any = ".") -> Any:
        if os.fspath(path).endswith(ARENA_FOLDER):
            raise _denied(path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)

    result = runner.invoke(app, list(argv))

    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (
        f"{ARENA_FOLDER}:1:1: is a folder that cannot be read: Permission denied"
    )
    monkeypatch.setattr(os, "scandir", scandir)
    assert _snapshot(tmp_path) == before


def test_a_file_that_cannot_be_opened_is_named(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = _workspace(tmp_path, Case("unreadable", "", (), 1, ""))
    before = _snapshot(tmp_path)
    monkeypatch.chdir(workspace)
    opener = os.open

    def refusing(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith(ARENA_FILE):
            raise _denied(path)
        return opener(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)

    result = runner.invoke(app, list(SCHEDULE))

    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines()[0] == (f"{ARENA_FILE}:1:1: cannot be read: Permission denied")
    monkeypatch.setattr(os, "open", opener)
    assert _snapshot(tmp_path) == before

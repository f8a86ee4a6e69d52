"""Hostile files in a data folder: symlinks, pipes, loops and odd names are findings at
`path:1:1:` with exit 1, never a hang, a crash or the content of a file outside the folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app

ARENA_FILE = "data/arenas/testvik/testteam.yaml"


def _problems(result_stderr: str) -> list[str]:
    return [line for line in result_stderr.splitlines() if not line.startswith("samarbeid:")]


def _validate(runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return _problems(result.stderr)


def test_symlink_to_dev_zero_is_refused_not_read(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its size reads as 0, so a size check alone would read it until memory runs out."""
    folder = data_folder()
    target = folder / "arenas" / "testvik" / "testteam.yaml"
    target.unlink()
    target.symlink_to("/dev/zero")

    assert _validate(runner, folder, monkeypatch) == [
        f"{ARENA_FILE}:1:1: is a symbolic link to a file outside the data folder; copy the file "
        "into the data folder instead"
    ]


def test_symlink_to_a_secret_is_refused_without_echoing_it(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A link out of the data folder is never followed: neither content nor target is shown."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:hemmelig-passord-hash:19000:0:99999:7:::\n", encoding="utf-8")
    folder = data_folder()
    target = folder / "arenas" / "testvik" / "testteam.yaml"
    target.unlink()
    target.symlink_to(secret)

    problems = _validate(runner, folder, monkeypatch)

    assert problems == [
        f"{ARENA_FILE}:1:1: is a symbolic link to a file outside the data folder; copy the file "
        "into the data folder instead"
    ]
    assert "hemmelig" not in "\n".join(problems)
    assert "secret.txt" not in "\n".join(problems)


def test_symlink_inside_the_data_folder_is_read(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link to another file of the same data folder is harmless and keeps working."""
    folder = data_folder(extra={"shared/testteam.yaml": ARENA})
    target = folder / "arenas" / "testvik" / "testteam.yaml"
    target.unlink()
    target.symlink_to(folder / "shared" / "testteam.yaml")
    monkeypatch.chdir(folder.parent)

    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output


def test_fifo_does_not_hang(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a named pipe waits for a writer forever unless it is opened without blocking."""
    folder = data_folder()
    target = folder / "arenas" / "testvik" / "testteam.yaml"
    target.unlink()
    os.mkfifo(target)

    assert _validate(runner, folder, monkeypatch) == [
        f"{ARENA_FILE}:1:1: is not a regular file (a device, a pipe or a socket); data files are "
        "text files"
    ]


def test_symlink_loop_is_a_finding_and_the_run_goes_on(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A loop is reported for its own file; the other files are still checked."""
    folder = data_folder(
        arenas={"testteam": ARENA, "annet-team": ARENA.replace("every_weeks: 2", "every_weeks: 0")}
    )
    loop = folder / "arenas" / "testvik" / "loop.yaml"
    loop.symlink_to(folder / "arenas" / "testvik" / "loop2.yaml")
    (folder / "arenas" / "testvik" / "loop2.yaml").symlink_to(loop)

    assert _validate(runner, folder, monkeypatch) == [
        "data/arenas/testvik/annet-team.yaml:15:16: frequency.every_weeks: must be 1 or more "
        "(got 0)",
        "data/arenas/testvik/loop.yaml:1:1: is a symbolic link that leads back to itself (a loop); "
        "replace it by the file",
        "data/arenas/testvik/loop2.yaml:1:1: is a symbolic link that leads back to itself (a "
        "loop); replace it by the file",
    ]


def test_file_over_the_size_limit_is_refused(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most the limit and one byte are read."""
    folder = data_folder()
    (folder / "arenas" / "testvik" / "testteam.yaml").write_bytes(b"# " + b"x" * 1_000_000)

    assert _validate(runner, folder, monkeypatch) == [
        f"{ARENA_FILE}:1:1: is larger than 1 MB; is it a data file?"
    ]


@pytest.mark.parametrize(
    ("name", "shown", "character"),
    [
        pytest.param("team\n.yaml", "team\\n.yaml", "U+000A", id="trailing-newline"),
        pytest.param("team\r.yaml", "team\\r.yaml", "U+000D", id="carriage-return"),
        pytest.param("te\tam.yaml", "te\\tam.yaml", "U+0009", id="tab"),
        pytest.param("notat\x1b.txt", "notat\\x1b.txt", "U+001B", id="escape-in-a-note"),
    ],
)
def test_file_name_with_a_control_character_is_refused(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    shown: str,
    character: str,
) -> None:
    """`re.match` with `$` accepted `team\\n.yaml`, which became a UID with a newline; the
    name is shown escaped, so the message stays on one line."""
    folder = data_folder(extra={f"arenas/testvik/{name}": ARENA})

    assert _validate(runner, folder, monkeypatch) == [
        f"data/arenas/testvik/{shown}:1:1: the file name contains the control character "
        f"{character}; rename the file"
    ]


def test_slugs_match_whole() -> None:
    """A slug value with a newline before its end is not a slug."""
    from samarbeid_cli.models.types import is_slug

    assert is_slug("skoleteam-gossen")
    assert not is_slug("team\n")
    assert not is_slug("team\nb")


def test_arena_folder_linked_from_outside_is_not_listed(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Not even the names of the files behind such a link are shown."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "hemmelig-notat.yaml").write_text("name: x\n", encoding="utf-8")
    folder = data_folder()
    (folder / "arenas" / "annenvik").symlink_to(outside)

    problems = _validate(runner, folder, monkeypatch)

    assert problems == [
        "data/arenas/annenvik:1:1: is a symbolic link to a folder outside the data folder; "
        "move the files into the data folder instead"
    ]

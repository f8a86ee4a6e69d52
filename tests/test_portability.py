"""Windows: locks, line ends and console encodings, checked on Linux as far as Linux can.

The Windows code paths cannot run here for real, so a child process is made to look like
Windows where samarbeid looks: `sys.platform` is "win32", there is no `fcntl`, `os` lacks
what Windows' `os` lacks (`O_DIRECTORY`, `O_CLOEXEC`, `pread`, ...), `signal` has no SIGHUP,
and `msvcrt.locking` is played by POSIX record locks. Windows' text stdout, which writes
every "\\n" as "\\r\\n", is played by `sys.stdout.reconfigure(newline="\\r\\n")`, and its
code pages by PYTHONIOENCODING.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app

STAMP = "2026-12-01T09:00:00Z"

WINDOWS_LIKE = """\
import errno, os, signal, sys, types
import contextlib, functools, json, math, re, shutil, stat, tempfile, threading  # as they are
import fcntl as posix_locks
import samarbeid_cli.errors, samarbeid_cli.i18n  # nothing platform-specific in these


def locking(fd, mode, nbytes):
    start = os.lseek(fd, 0, os.SEEK_CUR)  # msvcrt locks `nbytes` from the file position
    if mode == 0:  # LK_UNLCK
        posix_locks.lockf(fd, posix_locks.LOCK_UN, nbytes, start)
        return
    try:
        posix_locks.lockf(fd, posix_locks.LOCK_EX | posix_locks.LOCK_NB, nbytes, start)
    except OSError:
        raise PermissionError(errno.EACCES, "Permission denied") from None


sys.modules["msvcrt"] = types.SimpleNamespace(LK_UNLCK=0, LK_LOCK=1, LK_NBLCK=2, locking=locking)
sys.modules["fcntl"] = None
for name in ("O_DIRECTORY", "O_CLOEXEC", "pread", "pwrite"):
    delattr(os, name)
del signal.SIGHUP
sys.platform = "win32"
"""

HOLDER = """\
from pathlib import Path
from samarbeid_cli.delivery.writing import folder_locked, locked, write_all

with locked([Path("out")]), folder_locked(Path("history")):
    write_all(
        {
            Path("out/a.ics"): b"BEGIN:VCALENDAR\\r\\nEND:VCALENDAR\\r\\n",
            Path("out/b.ics"): b"B\\r\\n",
            Path("history/issued.json"): b"{}\\n",
        }
    )
    print("holding", flush=True)
    sys.stdin.readline()
"""

CHECKER = """\
from pathlib import Path
from samarbeid_cli.delivery.writing import locked
from samarbeid_cli.errors import InputError

for folder in (Path("out"), Path("history")):
    try:
        with locked([folder], timeout=0.2):
            print(f"{folder}: free")
    except InputError as err:
        print(err)
"""


def _windows_like(script: str) -> list[str]:
    """A command line that runs `script` in a child that looks like Windows."""
    return [sys.executable, "-c", WINDOWS_LIKE + script]


def test_locking_and_writing_need_only_what_windows_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs keep out of each other's folders, and outputs are written byte for byte,
    with no fcntl, no folder descriptors, no pread and no SIGHUP."""
    monkeypatch.chdir(tmp_path)
    Path("history").mkdir()
    holder = subprocess.Popen(
        _windows_like(HOLDER),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    while_held = None
    try:
        assert holder.stdout is not None
        if holder.stdout.readline() == "holding\n":
            while_held = subprocess.run(
                _windows_like(CHECKER), capture_output=True, text=True, check=False, timeout=60
            )
    finally:
        _, errors = holder.communicate("done\n", timeout=30)
    assert while_held is not None, errors
    after = subprocess.run(
        _windows_like(CHECKER), capture_output=True, text=True, check=False, timeout=60
    )

    assert holder.returncode == 0, errors
    assert (while_held.stderr, after.stderr) == ("", "")
    busy = (
        f"another samarbeid run (process {holder.pid}) is writing here; gave up waiting after "
        "0.2 s; try again when it has finished"
    )
    # Windows cannot lock a folder itself: the history folder's lock is the file beside it.
    assert while_held.stdout.splitlines() == [f"out: {busy}", f"history: {busy}"]
    assert after.stdout.splitlines() == ["out: free", "history: free"]
    assert Path("out/a.ics").read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert Path("out/b.ics").read_bytes() == b"B\r\n"
    assert Path("history/issued.json").read_bytes() == b"{}\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".history.samarbeid-lock",
        ".out.samarbeid-lock",
        "history",
        "out",
    ]


READER = """\
from pathlib import Path
for name in ("O_NONBLOCK", "O_NOFOLLOW", "O_NOCTTY"):
    delattr(os, name)
from samarbeid_cli.loading.reading import Folder, read_bytes, read_input_file

print(read_input_file(Path("register.csv"), 1000, "a consent register"))
print(read_bytes(Path("data/testvik.yaml"), Folder.of(Path("data")), []))
"""


def test_reading_needs_only_what_windows_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("register.csv").write_bytes(b"log_id;unit\r\n")
    Path("data").mkdir()
    Path("data/testvik.yaml").write_bytes(b"name: Testvik\r\n")

    read = subprocess.run(
        _windows_like(READER), capture_output=True, text=True, check=False, timeout=60
    )

    assert read.stderr == ""
    assert read.stdout == "b'log_id;unit\\r\\n'\nb'name: Testvik\\r\\n'\n"


# -- line ends --------------------------------------------------------------------------------

MANDATE = "mandate: >\n  Drøfte felles\n  tema.\n"  # a folded block: its line ends are YAML's


def _crlf(folder: Path) -> None:
    for path in folder.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def test_data_files_with_crlf_line_ends_read_like_lf(
    data_folder: DataFolder, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A data folder checked out on Windows (git's core.autocrlf) gives the same calendar."""
    monkeypatch.chdir(tmp_path)
    arena = ARENA.replace("mandate: Drøfte felles tema.\n", MANDATE)
    data = data_folder(arenas={"testteam": arena})
    schedule = ["schedule", "-m", "testvik", "--period", "2027-H1", "--stamp", STAMP]
    lf = runner.invoke(app, [*schedule, "--format", "json", "--data", str(data), "--out", "lf"])
    _crlf(data)

    validated = runner.invoke(app, ["validate", str(data), "--today", "2026-11-22"])
    crlf = runner.invoke(app, [*schedule, "--format", "json", "--data", str(data), "--out", "crlf"])

    assert validated.exit_code == 0, validated.output
    assert crlf.exit_code == 0, crlf.output
    assert crlf.stdout == lf.stdout
    assert '"name": "Testteam"' in crlf.stdout
    calendar = Path("crlf/testteam.ics").read_bytes()
    assert calendar == Path("lf/testteam.ics").read_bytes()
    assert b"\r\nSUMMARY:Testteam\r\n" in calendar
    assert b"\n" not in calendar.replace(b"\r\n", b"")


def test_a_mistake_in_a_crlf_file_is_reported_at_the_same_line_and_column(
    data_folder: DataFolder, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = data_folder(arenas={"testteam": ARENA.replace("start: 08:30", "start: 25:30")})
    lf = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])
    _crlf(data)

    crlf = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert crlf.exit_code == 1
    assert crlf.stderr == lf.stderr
    assert crlf.stderr.startswith(
        "data/arenas/testvik/testteam.yaml:11:10: meeting.start: must be a clock time"
    )


WINDOWS_STDOUT = """\
import sys
sys.stdout.reconfigure(newline="\\r\\n")  # what Windows' text stdout does with every "\\n"
sys.argv = ["samarbeid", *sys.argv[1:]]
from samarbeid_cli.cli import main
main()
"""


@pytest.mark.parametrize(
    "command",
    [
        ["schedule", "-m", "testvik", "--period", "2027-H1", "--stamp", STAMP],
        ["wheel", "-m", "testvik", "--year", "2027", "--stamp", STAMP],
    ],
    ids=["schedule", "wheel"],
)
def test_an_ics_on_stdout_keeps_exactly_crlf(
    command: list[str], data_folder: DataFolder, tmp_path: Path
) -> None:
    """`samarbeid schedule --format ics > plan.ics` on Windows gives an .ics, not \\r\\r\\n."""
    data = data_folder()

    run = subprocess.run(
        [sys.executable, "-c", WINDOWS_STDOUT, *command, "--format", "ics", "--data", str(data)],
        capture_output=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert run.stdout.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in run.stdout.replace(b"\r\n", b"")


# -- console encoding -------------------------------------------------------------------------

HEADING = "Testvik kommune: første halvår 2027 (januar–juni) (2027-H1)"
MEETING = "  fredag 8. januar 2027 kl. 08.30–09.30  Teams"


@pytest.mark.parametrize(
    "encoding",
    ["cp850", "cp437", "ascii"],
    ids=["cp850-has-no-dash", "cp437-has-no-ø", "ascii"],
)
def test_a_console_that_lacks_a_character_shows_a_question_mark(
    encoding: str, data_folder: DataFolder, tmp_path: Path
) -> None:
    """A Windows console or pipe in an old code page gets "?" for "–", not a crash."""
    data = data_folder()
    table = ["schedule", "-m", "testvik", "--period", "2027-H1", "--format", "table"]

    run = subprocess.run(
        [sys.executable, "-m", "samarbeid_cli", *table, "--data", str(data)],
        capture_output=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        timeout=120,
    )

    assert run.returncode == 0, run.stderr.decode(encoding, "replace")
    shown = run.stdout.decode(encoding).splitlines()
    for line in (HEADING, MEETING):
        assert line.encode(encoding, "replace").decode(encoding) in shown
        assert "?" in line.encode(encoding, "replace").decode(encoding)


def test_a_utf8_console_is_left_as_it_is(data_folder: DataFolder, tmp_path: Path) -> None:
    data = data_folder()
    table = ["schedule", "-m", "testvik", "--period", "2027-H1", "--format", "table"]

    run = subprocess.run(
        [sys.executable, "-m", "samarbeid_cli", *table, "--data", str(data)],
        capture_output=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )

    assert run.returncode == 0, run.stderr.decode()
    assert {HEADING, MEETING} <= set(run.stdout.decode("utf-8").splitlines())

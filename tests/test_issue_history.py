"""The issue history survives every stop and says the truth, whichever ways a series went out.

Calendar clients replace an event only when its SEQUENCE goes up, so the history must never
fall behind the files and messages that went out, and must never forget who received what:
a later cancellation and a re-run that sends only what is missing both read it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
import pytest
from typer.testing import CliRunner

from samarbeid_cli.delivery import swapping
from tests.conftest import DataFolder, app

UID = "testvik-testteam-2027-h1@samarbeid"
STAMP = "2026-12-01T09:00:00Z"
SCHEDULE = ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--stamp", STAMP]


@pytest.fixture
def workspace(
    data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> DataFolder:
    """Build a data folder, go to its workspace and keep the history in its default place."""
    monkeypatch.delenv("SAMARBEID_HISTORY")

    def build(**kwargs: Any) -> Path:
        data = data_folder(**kwargs)
        monkeypatch.chdir(data.parent)
        return data

    return build


def _schedule(runner: CliRunner, *extra: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, [*SCHEDULE, *extra], env=env)


def _move_the_meetings(data: Path, start: str) -> None:
    arena = data / "arenas" / "testvik" / "testteam.yaml"
    arena.write_text(re.sub(r"start: \d\d:\d\d", f"start: {start}", arena.read_text()))


def _ics_sequence(path: Path) -> int:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    (sequence,) = {int(str(event["SEQUENCE"])) for event in calendar.walk("VEVENT")}
    return sequence


def _eml_sequence(path: Path) -> int:
    from tests.test_invitations import _calendar_part, _parse

    _part, calendar = _calendar_part(_parse(path.read_bytes()))
    (sequence,) = {int(str(event["SEQUENCE"])) for event in calendar.walk("VEVENT")}
    return sequence


def _recorded_sequence(workspace_root: Path) -> int | None:
    path = workspace_root / ".samarbeid" / "issued" / "testvik.json"
    if not path.exists():
        return None
    entry = json.loads(path.read_text())["issued"].get(UID)
    return None if entry is None else int(entry["sequence"])


def _copy_workspace(root: Path, target: Path) -> None:
    """The data, the history and the outputs of a workspace, to run on from the same state."""
    target.mkdir()
    for name in ("data", ".samarbeid", "out", "inv"):
        if (root / name).exists():
            shutil.copytree(root / name, target / name, symlinks=True)


def _sequences(root: Path) -> tuple[int, int, int | None]:
    """What a calendar that imports out/, one that gets inv/, and the history each hold."""
    return (
        _ics_sequence(root / "out" / "testteam.ics"),
        _eml_sequence(root / "inv" / "testteam.eml"),
        _recorded_sequence(root),
    )


# -- stops ------------------------------------------------------------------------------------

# Every call that changes the filesystem, by module: a stop can fall between any two of them.
STEPS = {
    os: ("fsync", "link", "mkdir", "rename", "replace", "unlink", "rmdir"),
    swapping: ("exchange",),
}
# Where a stop is worth trying: before each call that moves, replaces, removes or flushes.
STOP_BEFORE = {"fsync", "rename", "replace", "unlink", "rmdir", "exchange"}


def _interrupt_at(monkeypatch: pytest.MonkeyPatch, step: int) -> list[str]:
    """Ctrl-C (a real SIGINT to this process) just before the `step`th filesystem call."""
    calls: list[str] = []
    for module, names in STEPS.items():
        for name in names:
            real = getattr(module, name)

            def counted(
                *args: Any, _real: Callable[..., Any] = real, _name: str = name, **kw: Any
            ) -> Any:
                calls.append(_name)
                if len(calls) == step:
                    os.kill(os.getpid(), signal.SIGINT)
                return _real(*args, **kw)

            monkeypatch.setattr(module, name, counted)
    return calls


def test_ctrl_c_at_any_step_of_the_write_leaves_outputs_and_history_together(
    runner: CliRunner,
    workspace: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Ctrl-C during the swap used to leave the files at SEQUENCE 1 and the history at 0, so
    the next change went out as SEQUENCE 1 again, which calendars already held and ignored."""
    # A shell starts background jobs with SIGINT ignored; give the run an interactive handler.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        data = workspace()
        assert _schedule(runner, "--out", "out", "--invitations", "inv").exit_code == 0
        _move_the_meetings(data, "09:00")
        template = data.parent
        _copy_workspace(template, tmp_path / "dry-run")
        with monkeypatch.context() as patched:
            patched.chdir(tmp_path / "dry-run")
            calls = _interrupt_at(patched, 0)
            assert _schedule(runner, "--out", "out", "--invitations", "inv").exit_code == 0
        steps = [n for n, name in enumerate(calls, start=1) if name in STOP_BEFORE]
        assert len(steps) > 4
        outcomes = set()
        for step in steps:
            work = tmp_path / f"interrupted-at-{step}"
            _copy_workspace(template, work)
            monkeypatch.chdir(work)
            with monkeypatch.context() as patched:
                _interrupt_at(patched, step)
                result = _schedule(runner, "--out", "out", "--invitations", "inv")
            # Ctrl-C after the last change of the write may find nothing left to stop.
            assert result.exit_code in (0, 130), (step, result.output)
            stopped = _sequences(work)
            assert stopped in ((0, 0, 0), (1, 1, 1)), (step, calls[step - 1], stopped)
            outcomes.add(stopped)

            # The next change goes out one higher than anything a calendar already holds.
            _move_the_meetings(work / "data", "10:00")
            again = _schedule(runner, "--out", "out", "--invitations", "inv")
            assert again.exit_code == 0, again.output
            assert _sequences(work) == (stopped[0] + 1,) * 3, step
    finally:
        signal.signal(signal.SIGINT, previous)
    assert outcomes == {(0, 0, 0), (1, 1, 1)}


KILLED_RUN = textwrap.dedent(
    """\
    import json, os, signal, sys
    from samarbeid_cli import cli
    from samarbeid_cli.delivery import swapping, writing

    kill_at = int(sys.argv[1])
    calls = []

    def count(module, name):
        real = getattr(module, name)

        def counted(*args, **kwargs):
            calls.append(name)
            if len(calls) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(module, name, counted)

    for name in ("fsync", "link", "mkdir", "rename", "replace", "unlink", "rmdir"):
        count(os, name)
    count(swapping, "exchange")
    # SIGKILL is not a power cut: skip the flush to disk, which only makes the test slow.
    writing._syncfs = lambda: lambda fd: 0
    sys.argv = ["samarbeid", *sys.argv[2:]]
    try:
        cli.main()
    finally:
        print(json.dumps(calls), file=sys.stderr)
    """
)


def _killed_run(work: Path, kill_at: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_RUN,
            str(kill_at),
            *SCHEDULE,
            "--out",
            "out",
            "--invitations",
            "inv",
        ],
        cwd=work,
        env={**os.environ, "SAMARBEID_LANG": "en"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_at_any_step_of_the_write_leaves_outputs_and_history_together(
    runner: CliRunner, workspace: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGKILL before each rename, exchange, fsync and removal of the write (the killed
    process counts its own calls, so every point is hit every time): the next run finds the
    files and the history at the same SEQUENCE, and a change then goes out one higher."""
    data = workspace()
    assert _schedule(runner, "--out", "out", "--invitations", "inv").exit_code == 0
    _move_the_meetings(data, "09:00")
    template = data.parent

    dry_run = tmp_path / "dry-run"
    _copy_workspace(template, dry_run)
    completed = _killed_run(dry_run, 0)
    _, stderr = completed.communicate(timeout=120)
    assert completed.returncode == 0, stderr
    calls = json.loads(stderr.splitlines()[-1])
    steps = [n for n, name in enumerate(calls, start=1) if name in STOP_BEFORE]
    assert len(steps) > 4

    outcomes = set()
    for batch in range(0, len(steps), 2):  # two at a time: the machine may be shared
        started = []
        for kill_at in steps[batch : batch + 2]:
            work = tmp_path / f"killed-at-{kill_at}"
            _copy_workspace(template, work)
            started.append((kill_at, work, _killed_run(work, kill_at)))
        for kill_at, work, process in started:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == -signal.SIGKILL, (kill_at, stderr)
            # What a reader of the folders, or of the history, may have seen as the run died.
            seen = _sequences(work)
            assert {*seen} <= {0, 1}, (kill_at, seen)
            # The next run (after a change) settles what the killed one left before it reads
            # the history, so the change goes out higher than anything a calendar holds.
            monkeypatch.chdir(work)
            _move_the_meetings(work / "data", "10:00")
            again = _schedule(runner, "--out", "out", "--invitations", "inv")
            assert again.exit_code == 0, (kill_at, again.output)
            after = _sequences(work)
            assert len({*after}) == 1, (kill_at, calls[kill_at - 1], seen, after)
            assert after[0] > max(s for s in seen if s is not None), (kill_at, seen, after)
            outcomes.add(after[0])
            left = [
                p.name for p in work.rglob("*") if re.search(r"samarbeid-(stage|old|jour)", p.name)
            ]
            assert not left, kill_at
    # Killed before the change was decided, the next change is SEQUENCE 1; after it, 2.
    assert outcomes == {1, 2}

"""The issue history survives every stop and says the truth, whichever ways a series went out.

Calendar clients replace an event only when its SEQUENCE goes up, so the history must never
fall behind the files and messages that went out, and must never forget who received what:
a later cancellation and a re-run that sends only what is missing both read it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from samarbeid_cli.delivery import swapping
from tests.conftest import DataFolder, app
from tests.test_documents import TOPIC
from tests.test_sending import (
    WITH_PPT_ADDRESS,
    Server,
    _calendar,
    _free_port,
    _history,
    _relay_env,
    _send,
)

UID = "testvik-testteam-2027-h1@samarbeid"
STAMP = "2026-12-01T09:00:00Z"
SCHEDULE = ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--stamp", STAMP]


@pytest.fixture
def plain_server() -> Iterator[Server]:
    """A relay without sign-in or TLS (as in test_sending), that can refuse recipients."""
    server = Server(port=_free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


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


# -- what each way records --------------------------------------------------------------------


def test_writing_files_after_sending_keeps_what_a_cancellation_needs(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """`make schedule` (--out) after `--send` used to drop the organizer from the history, and
    --cancel then failed: "lacks the organizer or start a cancellation needs"."""
    workspace()
    assert _send(runner, _relay_env(plain_server)).exit_code == 0
    written = _schedule(runner, "--out", "out")
    assert written.exit_code == 0, written.output

    cancelled = _send(runner, _relay_env(plain_server), "--cancel", "testteam")

    assert cancelled.exit_code == 0, cancelled.output
    assert len(plain_server.envelopes) == 2
    calendar = _calendar(plain_server.messages()[1])
    assert calendar["METHOD"] == "CANCEL"
    assert plain_server.envelopes[1][1] == ["rektor@testvik.example"]
    assert _history(Path())["issued"][UID]["cancelled"] is True


def test_a_cancellation_written_to_a_folder_is_a_preview_that_records_nothing(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """`--cancel ARENA --invitations DIR` without --send used to record the series as
    cancelled; the real --send then found nothing to cancel, and nobody was ever told."""
    workspace()
    assert _send(runner, _relay_env(plain_server)).exit_code == 0
    before = Path(".samarbeid/issued/testvik.json").read_bytes()

    preview = _schedule(runner, "--cancel", "testteam", "--invitations", "inv")

    assert preview.exit_code == 0, preview.output
    (written,) = Path("inv").iterdir()
    assert written.name == "avlyst-testvik-testteam-2027-h1.eml"
    assert (
        f"cancellation of {UID} written as avlyst-testvik-testteam-2027-h1.eml; not sent, and "
        "not recorded until --send sends it"
    ) in preview.stderr
    assert Path(".samarbeid/issued/testvik.json").read_bytes() == before
    assert len(plain_server.envelopes) == 1

    sent = _send(runner, _relay_env(plain_server), "--cancel", "testteam")

    assert sent.exit_code == 0, sent.output
    assert len(plain_server.envelopes) == 2
    cancel = plain_server.messages()[1]
    assert _calendar(cancel)["METHOD"] == "CANCEL"
    # The preview showed exactly what was then sent: the same SEQUENCE.
    preview_calendar = _calendar(_parse_eml(written))
    assert int(preview_calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert int(_calendar(cancel).walk("VEVENT")[0]["SEQUENCE"]) == 1
    assert _history(Path())["issued"][UID]["cancelled"] is True


def _parse_eml(path: Path) -> Any:
    from tests.test_invitations import _parse

    return _parse(path.read_bytes())


def test_a_cancellation_neither_written_nor_sent_says_so(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    workspace()
    assert _send(runner, _relay_env(plain_server)).exit_code == 0
    before = Path(".samarbeid/issued/testvik.json").read_bytes()

    result = _schedule(runner, "--cancel", "testteam")

    assert result.exit_code == 0, result.output
    assert (
        f"cancellation of {UID} not sent: --send sends it, --invitations DIR writes it as a file"
    ) in result.stderr
    assert "written as" not in result.stderr
    assert Path(".samarbeid/issued/testvik.json").read_bytes() == before


def test_a_cancellation_refused_for_someone_is_sent_to_them_by_the_next_run(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """The first acceptance used to mark the series cancelled for everyone: the re-run that
    the failure message promised said there was nothing to cancel."""
    workspace(municipality=WITH_PPT_ADDRESS)
    assert _send(runner, _relay_env(plain_server)).exit_code == 0
    plain_server.refuse = {"ppt@testvik.example"}

    refused = _send(runner, _relay_env(plain_server), "--cancel", "testteam")

    assert refused.exit_code == 1, refused.output
    assert "running the same command again sends only what is missing" in refused.stderr
    assert plain_server.envelopes[-1][1] == ["rektor@testvik.example"]

    plain_server.refuse = set()
    again = _send(runner, _relay_env(plain_server), "--cancel", "testteam")

    assert again.exit_code == 0, again.output
    assert len(plain_server.envelopes) == 3
    assert plain_server.envelopes[-1][1] == ["ppt@testvik.example"]
    cancels = [_calendar(message) for message in plain_server.messages()[1:]]
    assert [c["METHOD"] for c in cancels] == ["CANCEL", "CANCEL"]
    assert [int(c.walk("VEVENT")[0]["SEQUENCE"]) for c in cancels] == [1, 1]
    entry = _history(Path())["issued"][UID]
    assert entry["cancelled"] is True
    assert {address: got["sequence"] for address, got in entry["received"].items()} == {
        "ppt@testvik.example": 1,
        "rektor@testvik.example": 1,
    }

    done = _send(runner, _relay_env(plain_server), "--cancel", "testteam")
    assert done.exit_code == 2
    assert "--cancel: nothing of 'testteam' was sent for 2027-H1" in done.stderr


def _agenda(runner: CliRunner, server: Server) -> Any:
    return runner.invoke(
        app,
        ["agenda", "-m", "testvik", "-a", "testteam", "--date", "2027-01-08", "--send"],
        env=_relay_env(server),
    )


def test_an_agenda_sent_is_recorded_so_a_rerun_sends_only_what_is_missing(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """Three runs of `agenda --send` used to deliver the same agenda three times."""
    data = workspace(municipality=WITH_PPT_ADDRESS)
    plain_server.refuse = {"ppt@testvik.example"}

    first = _agenda(runner, plain_server)

    assert first.exit_code == 1, first.output
    assert "What was accepted is recorded" in first.stderr
    assert [to for _, to, _ in plain_server.envelopes] == [["rektor@testvik.example"]]
    key = "saksliste.testteam.2027-01-08"
    entry = _history(data.parent)["issued"][key]
    assert set(entry["received"]) == {"rektor@testvik.example"}

    plain_server.refuse = set()
    second = _agenda(runner, plain_server)
    third = _agenda(runner, plain_server)

    assert second.exit_code == 0, second.output
    assert third.exit_code == 0, third.output
    assert [to for _, to, _ in plain_server.envelopes] == [
        ["rektor@testvik.example"],
        ["ppt@testvik.example"],
    ]
    assert (
        "saksliste-testteam-2027-01-08: already received by everyone at this SEQUENCE; not sent"
    ) in third.stderr


def test_a_changed_agenda_goes_to_everyone_again_under_a_new_message_id(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    data = workspace(municipality=WITH_PPT_ADDRESS)
    assert _agenda(runner, plain_server).exit_code == 0
    topic = data / "arenas" / "testvik" / "testteam" / "topics" / "2027-01-08-ny-sak.yaml"
    topic.parent.mkdir(parents=True)
    topic.write_text(TOPIC, encoding="utf-8")

    changed = _agenda(runner, plain_server)

    assert changed.exit_code == 0, changed.output
    assert len(plain_server.envelopes) == 2
    first, second = plain_server.messages()
    assert first["Message-ID"] != second["Message-ID"]
    assert sorted(plain_server.envelopes[1][1]) == ["ppt@testvik.example", "rektor@testvik.example"]


# -- each pair of ways, in sequence -----------------------------------------------------------

WAYS = ("folder", "email", "publish")


def _issue(runner: CliRunner, way: str, server: Server) -> int | None:
    """Issue the series one way; the SEQUENCE that went out."""
    if way == "folder":  # as `make schedule` does
        result = _schedule(runner, "--out", "out")
        assert result.exit_code == 0, result.output
        return _ics_sequence(Path("out/testteam.ics"))
    if way == "email":
        before = len(server.envelopes)
        result = _send(runner, _relay_env(server))
        assert result.exit_code == 0, result.output
        if len(server.envelopes) == before:
            return None
        return int(_calendar(server.messages()[-1]).walk("VEVENT")[0]["SEQUENCE"])
    result = runner.invoke(
        app, ["site", "-m", "testvik", "--out", "public", "--period", "2027-H1", "--stamp", STAMP]
    )
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(Path("public/testvik.ics").read_bytes())
    (sequence,) = {int(str(e["SEQUENCE"])) for e in calendar.walk("VEVENT") if str(e["UID"]) == UID}
    return sequence


RECORDS = {"folder": True, "email": True, "publish": False}


@pytest.mark.parametrize(("first", "second"), list(itertools.product(WAYS, WAYS)))
def test_each_pair_of_ways_in_sequence(
    runner: CliRunner,
    workspace: DataFolder,
    plain_server: Server,
    first: str,
    second: str,
) -> None:
    """Issue one way, change the meetings, issue another way: the second carries a higher
    SEQUENCE exactly when the first recorded one, the history ends at what went out last, and
    whoever received the series by e-mail can still be sent its cancellation."""
    data = workspace()
    first_sequence = _issue(runner, first, plain_server)
    assert first_sequence == 0
    assert _recorded_sequence(data.parent) == (0 if RECORDS[first] else None)

    _move_the_meetings(data, "09:00")
    second_sequence = _issue(runner, second, plain_server)

    # Calendars that hold the first issue take the second only if its SEQUENCE is higher.
    expected = 1 if RECORDS[first] else 0
    assert second_sequence == expected, (first, second)
    recorded = _recorded_sequence(data.parent)
    if RECORDS[second]:
        assert recorded == expected
    else:
        assert recorded == (0 if RECORDS[first] else None)
    history = _history(data.parent)["issued"] if recorded is not None else {}
    received = history.get(UID, {}).get("received", {})
    sent = "email" in (first, second)
    assert bool(received) == sent
    if second == "email":
        assert received["rektor@testvik.example"]["sequence"] == expected
    elif sent:
        assert received["rektor@testvik.example"]["sequence"] == 0

    cancel = _send(runner, _relay_env(plain_server), "--cancel", "testteam")
    if not sent:
        assert cancel.exit_code == 2, cancel.output
        assert "nothing of 'testteam' was sent for 2027-H1" in cancel.stderr
        return
    assert cancel.exit_code == 0, cancel.output
    withdrawn = _calendar(plain_server.messages()[-1])
    assert withdrawn["METHOD"] == "CANCEL"
    # Higher than anything a recipient's calendar may hold from a file or a message (a feed is
    # a calendar of its own, re-read whole), so every one of them removes the series.
    assert recorded is not None
    issued = [
        sequence
        for way, sequence in ((first, first_sequence), (second, second_sequence))
        if RECORDS[way] and sequence is not None
    ]
    assert int(withdrawn.walk("VEVENT")[0]["SEQUENCE"]) == max(issued) + 1 == recorded + 1


def test_the_history_records_what_each_way_says_it_records(
    runner: CliRunner, workspace: DataFolder, plain_server: Server
) -> None:
    """One run of each way, one after another; the history's entry after each."""
    data = workspace()

    _issue(runner, "publish", plain_server)
    assert not Path(".samarbeid/issued/testvik.json").exists()

    _issue(runner, "folder", plain_server)
    entry = _history(data.parent)["issued"][UID]
    assert entry["sequence"] == 0
    assert entry["arena"] == "testteam"
    assert entry["period"] == "2027-H1"
    assert "received" not in entry
    assert entry["start"] == "2027-01-08T08:30:00+01:00"

    _issue(runner, "email", plain_server)
    entry = _history(data.parent)["issued"][UID]
    assert entry["organizer"] == {"name": "Koordinator", "email": "koordinator@testvik.example"}
    assert set(entry["received"]) == {"rektor@testvik.example"}
    at = dt.datetime.fromisoformat(entry["received"]["rektor@testvik.example"]["at"])
    assert at.tzinfo is not None

    _issue(runner, "folder", plain_server)
    _issue(runner, "publish", plain_server)
    assert _history(data.parent)["issued"][UID] == entry

"""Writing outputs: every folder holds all old or all new files, whatever happens mid-write.

A run writes `out/` and `inv/` together; the tests look at what a reader of those folders
sees after a failed swap, a second concurrent run, Ctrl-C and SIGKILL at many points.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samarbeid_cli.delivery import swapping
from samarbeid_cli.delivery.writing import check_output_folder, locked, write_all
from samarbeid_cli.errors import InputError, UsageError
from tests.conftest import app

LOCKS = {".out.samarbeid-lock", ".inv.samarbeid-lock"}


def _outputs(version: str, arenas: int = 3, invitations: int = 2) -> dict[Path, bytes]:
    files = {Path(f"out/arena-{n}.ics"): f"{version} {n}\n".encode() for n in range(arenas)}
    files |= {Path(f"inv/mote-{n}.eml"): f"{version} {n}\n".encode() for n in range(invitations)}
    return files


def _folder(path: Path) -> dict[str, str]:
    """Every file under `path`, by relative name, with its text."""
    return {
        str(file.relative_to(path)): file.read_text()
        for file in sorted(path.rglob("*"))
        if file.is_file()
    }


def _expected(files: dict[Path, bytes], folder: str) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): content.decode()
        for path, content in files.items()
        if path.parts[0] == folder
    }


def _beside(parent: Path) -> set[str]:
    """What a run leaves next to its folders: nothing but the folders and their lock files."""
    return {path.name for path in parent.iterdir()} - {"out", "inv"} - LOCKS


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def test_writes_new_files_and_keeps_the_others(workdir: Path) -> None:
    """Other arenas' calendars, subfolders and links in the folder survive; nothing is left over."""
    write_all(_outputs("old") | {Path("out/nested/deep.ics"): b"deep\n"})
    Path("out/other-arena.ics").write_text("kept\n")
    Path("out/archive").mkdir()
    Path("out/archive/2026.ics").write_text("archived\n")
    Path("out/latest.ics").symlink_to("arena-0.ics")

    new = _outputs("new", arenas=2)
    write_all(new)

    assert _folder(Path("out")) == _expected(new, "out") | {
        "arena-2.ics": "old 2\n",
        "nested/deep.ics": "deep\n",
        "other-arena.ics": "kept\n",
        "archive/2026.ics": "archived\n",
        "latest.ics": "new 0\n",
    }
    assert Path("out/latest.ics").is_symlink()
    assert _folder(Path("inv")) == _expected(new, "inv")
    assert _beside(workdir) == set()


def test_new_files_follow_the_umask(workdir: Path) -> None:
    """Outputs are shared documents: 0644 under the usual umask 022, as before."""
    previous = os.umask(0o022)
    try:
        write_all({Path("out/arena.ics"): b"x"})
    finally:
        os.umask(previous)

    assert Path("out/arena.ics").stat().st_mode & 0o777 == 0o644
    assert Path("out").stat().st_mode & 0o777 == 0o755


def test_temporary_files_of_older_versions_are_removed(workdir: Path) -> None:
    """Before this change a killed run left `.arena-0.ics.k2j3h4_a` in the folder for ever."""
    write_all(_outputs("old"))
    Path("out/.arena-0.ics.k2j3h4_a").write_text("half")
    Path("out/.hidden.notes").write_text("a user's own dotfile")

    write_all(_outputs("new"))

    assert sorted(path.name for path in Path("out").iterdir()) == [
        ".hidden.notes",
        "arena-0.ics",
        "arena-1.ics",
        "arena-2.ics",
    ]


def test_leftovers_of_a_killed_run_are_removed_by_the_next(workdir: Path) -> None:
    """Staging folders and half-written journals beside the folder belong to no live run."""
    write_all(_outputs("old"))
    stale = workdir / ".out.samarbeid-stage-k2j3h4_a"
    stale.mkdir()
    (stale / "arena-0.ics").write_text("half")
    (workdir / ".inv.samarbeid-old-abcdefgh").mkdir()
    (workdir / ".inv.samarbeid-journal-new").write_text("{")

    with locked([Path("out"), Path("inv")]):
        assert _beside(workdir) == set()


def test_a_failed_swap_is_undone_and_nothing_was_written(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, inv/ was already replaced when out/ failed, yet the message said nothing was."""
    old = _outputs("old")
    write_all(old)
    swap_in = swapping.swap_in

    def refuse_out(entry: swapping.Entry) -> str:  # inv/ is swapped first, then out/
        if entry.folder.name == "out":
            raise PermissionError(errno.EACCES, "Permission denied", str(entry.stage))
        return swap_in(entry)

    monkeypatch.setattr(swapping, "swap_in", refuse_out)
    with pytest.raises(InputError) as raised:
        write_all(_outputs("new"))

    assert str(raised.value) == "cannot write out: Permission denied; nothing was written"
    assert _folder(Path("out")) == _expected(old, "out")
    assert _folder(Path("inv")) == _expected(old, "inv")
    assert _beside(workdir) == set()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "without-renameat2"])
def test_the_history_changes_with_the_folders_or_not_at_all(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, exchange: bool
) -> None:
    """The issue history, alone in its folder, is swapped in the folders' journal: when it
    cannot be, the folders are swapped back; when it can, all are new and nothing is left."""
    history = Path(".samarbeid/issued/testvik.json")
    write_all({**_outputs("old"), history: b"old history\n"})
    if not exchange:  # macOS, Windows: no swap in one step
        monkeypatch.setattr(swapping, "exchange", lambda first, second: False)
    swap_in = swapping.swap_in

    def refuse_history(entry: swapping.Entry) -> str:
        if entry.folder.name == "testvik.json":
            raise PermissionError(errno.EACCES, "Permission denied", str(entry.stage))
        return swap_in(entry)

    with monkeypatch.context() as refusing:
        refusing.setattr(swapping, "swap_in", refuse_history)
        with pytest.raises(InputError) as raised:
            write_all({**_outputs("new"), history: b"new history\n"})

    assert str(raised.value) == f"cannot write {history}: Permission denied; nothing was written"
    assert _folder(Path("out")) == _expected(_outputs("old"), "out")
    assert _folder(Path("inv")) == _expected(_outputs("old"), "inv")
    assert history.read_text() == "old history\n"
    assert sorted(p.name for p in history.parent.iterdir()) == ["testvik.json"]

    write_all({**_outputs("new"), history: b"new history\n"})

    assert _folder(Path("out")) == _expected(_outputs("new"), "out")
    assert history.read_text() == "new history\n"
    assert sorted(p.name for p in history.parent.iterdir()) == ["testvik.json"]
    assert _beside(workdir) == {".samarbeid"}


def test_a_swap_that_cannot_be_undone_says_which_files_are_new(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only if undoing fails too: the message lists new and old files; the next run finishes."""
    old = _outputs("old")
    write_all(old)
    swap_in = swapping.swap_in

    def refuse_out(entry: swapping.Entry) -> str:  # inv/ is swapped first, then out/
        if entry.folder.name == "out":
            raise PermissionError(errno.EACCES, "Permission denied", str(entry.stage))
        return swap_in(entry)

    def refuse(entry: swapping.Entry, how: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(entry.stage))

    monkeypatch.setattr(swapping, "swap_in", refuse_out)
    monkeypatch.setattr(swapping, "swap_back", refuse)
    new = _outputs("new")
    with pytest.raises(InputError) as raised:
        write_all(new)

    assert str(raised.value) == (
        "cannot write out: Permission denied; only partly written: "
        "new: inv/mote-0.eml, inv/mote-1.eml; "
        "still the earlier version: out/arena-0.ics, out/arena-1.ics, out/arena-2.ics; "
        "the next samarbeid run that writes to these folders completes the change"
    )
    assert "samarbeid-" not in str(raised.value)
    assert _folder(Path("inv")) == _expected(new, "inv")
    assert _folder(Path("out")) == _expected(old, "out")

    monkeypatch.setattr(swapping, "swap_in", swap_in)
    with locked([Path("inv")]):
        assert _folder(Path("out")) == _expected(new, "out")
        assert _beside(workdir) == set()


def test_errors_name_the_target_never_a_temporary_file(workdir: Path) -> None:
    """A folder where a calendar should go: the message names out/arena-1.ics."""
    write_all(_outputs("old"))
    Path("out/arena-1.ics").unlink()
    Path("out/arena-1.ics").mkdir()

    with pytest.raises(InputError) as raised:
        write_all(_outputs("new"))

    assert str(raised.value) == "cannot write out/arena-1.ics: is a folder; nothing was written"
    assert Path("inv/mote-0.eml").read_text() == "old 0\n"
    assert _beside(workdir) == set()


def test_under_a_file_nothing_is_written(workdir: Path) -> None:
    Path("blocked").write_text("a file where a folder should be")

    with pytest.raises(InputError) as raised:
        write_all(_outputs("new") | {Path("blocked/inv/x.eml"): b"x"})

    assert str(raised.value) == (
        "cannot write blocked/inv: blocked is a file, not a folder; nothing was written"
    )
    assert not Path("out").exists()


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("out.ics", "--out out.ics: is a file, not a folder"),
        ("out.ics/selbu", "--out out.ics/selbu: out.ics is a file, not a folder"),
        ("dangling", "--out dangling: dangling is a symbolic link to nothing"),
        (
            ".",
            "--out .: is the current folder or holds it; samarbeid replaces its output folder "
            "as a whole, so give it a folder of its own, e.g. out/",
        ),
        (
            "..",
            "--out ..: is the current folder or holds it; samarbeid replaces its output folder "
            "as a whole, so give it a folder of its own, e.g. out/",
        ),
    ],
)
def test_an_output_folder_that_cannot_be_one_is_a_usage_error(
    workdir: Path, folder: str, message: str
) -> None:
    Path("out.ics").write_text("an earlier calendar")
    Path("dangling").symlink_to("nowhere")

    with pytest.raises(UsageError) as raised:
        check_output_folder(Path(folder), "--out")

    assert str(raised.value) == message
    assert raised.value.exit_code == 2


def test_schema_into_a_file_is_a_usage_error(workdir: Path, runner: CliRunner) -> None:
    Path("schemas.json").write_text("{}")

    result = runner.invoke(app, ["schema", "--out", "schemas.json"])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "samarbeid: --out schemas.json: is a file, not a folder\n"
    assert Path("schemas.json").read_text() == "{}"


# -- two runs at once -------------------------------------------------------------------------

HOLDER = """\
import sys
from pathlib import Path
from samarbeid_cli.delivery.writing import locked

with locked([Path("out")]):
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_a_second_run_waits_and_then_gives_up_with_a_clear_message(workdir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        with pytest.raises(InputError) as raised:
            write_all(_outputs("new"), timeout=0.3)
    finally:
        holder.communicate("done\n", timeout=30)

    assert str(raised.value) == (
        f"out: another samarbeid run (process {holder.pid}) is writing here; "
        "gave up waiting after 0.3 s; try again when it has finished"
    )
    assert not Path("out").exists()
    assert not Path("inv").exists()
    write_all(_outputs("new"), timeout=0.3)  # once the other run is done, the folder is free


HOLDER_AFTER_WRITING = """\
import sys
from pathlib import Path
from samarbeid_cli.delivery.writing import locked, write_all

state = Path(".samarbeid/issued/testvik.json")
with locked([state]):
    write_all({state: b"1"})  # replaces the folder that holds the lock file
    print("holding", flush=True)
    sys.stdin.readline()
"""


def test_a_run_still_holds_its_state_file_after_writing_it(workdir: Path) -> None:
    """The lock of a history file survives the swap of its folder (e.g. while mail is sent)."""
    state = Path(".samarbeid/issued/testvik.json")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER_AFTER_WRITING],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
        with pytest.raises(InputError) as raised, locked([state], timeout=0.3):
            pass
    finally:
        holder.communicate("done\n", timeout=30)

    assert str(raised.value) == (
        f"{state}: another samarbeid run (process {holder.pid}) is writing here; "
        "gave up waiting after 0.3 s; try again when it has finished"
    )
    assert Path(".samarbeid/issued/testvik.json").read_text() == "1"


COUNTER = """\
import json, sys
from pathlib import Path
from samarbeid_cli.delivery.writing import locked, write_all

state = Path(".samarbeid/issued/testvik.json")
for _ in range(int(sys.argv[1])):
    with locked([Path("out"), state]):
        issued = json.loads(state.read_text()) if state.exists() else {"sequence": 0}
        issued["sequence"] += 1
        content = json.dumps(issued).encode()
        write_all({state: content, Path("out/arena.ics"): content})
"""


def test_two_concurrent_runs_lose_no_history(workdir: Path) -> None:
    """Each run reads the history, adds to it and writes it under the lock: nothing is lost."""
    Path(".samarbeid/issued").mkdir(parents=True)
    Path(".samarbeid/issued/aukra.json").write_text("another municipality's history")
    runs = [
        subprocess.Popen([sys.executable, "-c", COUNTER, "15"], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr.decode()

    assert json.loads(Path(".samarbeid/issued/testvik.json").read_text()) == {"sequence": 45}
    assert json.loads(Path("out/arena.ics").read_text()) == {"sequence": 45}
    assert Path(".samarbeid/issued/aukra.json").read_text() == "another municipality's history"


# -- interrupted runs -------------------------------------------------------------------------


def test_ctrl_c_while_swapping_lets_the_swap_finish(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between out/ and inv/ would leave out/ new and inv/ old; it waits instead."""
    # A shell starts background jobs with SIGINT ignored; Python then keeps it ignored. Give
    # this test the handler an interactive run has, whatever started the suite.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    write_all(_outputs("old"))
    swap_in = swapping.swap_in

    def interrupted(entry: swapping.Entry) -> str:
        how = swap_in(entry)
        if entry.folder.name == "inv":  # swapped first
            os.kill(os.getpid(), signal.SIGINT)
        return how

    monkeypatch.setattr(swapping, "swap_in", interrupted)
    new = _outputs("new")
    # Another thread that does not hold the signal (as a library may start): the kernel then
    # hands it SIGINT, which a signal mask on the main thread alone would not hold.
    done = threading.Event()
    other = threading.Thread(target=done.wait)
    other.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            write_all(new)
    finally:
        done.set()
        other.join()
        signal.signal(signal.SIGINT, previous)

    assert _folder(Path("out")) == _expected(new, "out")
    assert _folder(Path("inv")) == _expected(new, "inv")
    assert _beside(workdir) == set()


KILLED_WRITER = textwrap.dedent(
    """\
    import json, os, signal, sys
    from pathlib import Path
    from samarbeid_cli.delivery import swapping, writing

    kill_at, version, arenas, invitations = int(sys.argv[1]), sys.argv[2], *map(int, sys.argv[3:])
    calls = []

    def count(module, name):
        real = getattr(module, name)

        def counted(*args, **kwargs):
            calls.append(name)
            if len(calls) == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        setattr(module, name, counted)

    for name in ("open", "fsync", "link", "mkdir", "rename", "replace", "unlink", "rmdir"):
        count(os, name)
    count(swapping, "exchange")
    # SIGKILL is not a power cut: skip the flush to disk, which only makes the test slow.
    writing._syncfs = lambda: lambda fd: 0
    files = {Path(f"out/arena-{n}.ics"): f"{version} {n}\\n".encode() for n in range(arenas)}
    files |= {Path(f"inv/mote-{n}.eml"): f"{version} {n}\\n".encode() for n in range(invitations)}
    writing.write_all(files)
    print(json.dumps(calls))
    """
)
ARENAS, INVITATIONS = 1200, 300


def _killed_writer(work: Path, kill_at: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(kill_at), "new", str(ARENAS), str(INVITATIONS)],
        cwd=work,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _kill_points(template: Path, tmp_path: Path) -> list[int]:
    """Where to kill: every rename, exchange and fsync of the swap, and evenly in between."""
    dry_run = tmp_path / "dry-run"
    shutil.copytree(template, dry_run, copy_function=os.link, symlinks=True)
    completed = _killed_writer(dry_run, 0)
    stdout, stderr = completed.communicate(timeout=120)
    assert completed.returncode == 0, stderr
    calls: list[str] = json.loads(stdout)
    swapping_calls = [
        index + 1
        for index, name in enumerate(calls)
        if name in ("exchange", "rename", "replace", "fsync")
    ]
    assert calls.count("exchange") == 2, "both folders are swapped in one step each"
    evenly = list(range(1, len(calls), max(1, len(calls) // 8)))
    return sorted({*swapping_calls, *evenly})


def test_sigkill_anywhere_leaves_each_folder_all_old_or_all_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGKILL at every step of the swap and throughout: never a mix, and the next run settles.

    The killed process counts its own filesystem calls and kills itself at the chosen one, so
    every point is hit every time (no timing luck).
    """
    template = tmp_path / "template"
    template.mkdir()
    monkeypatch.chdir(template)
    old = _outputs("old", ARENAS, INVITATIONS)
    new = _outputs("new", ARENAS, INVITATIONS)
    write_all(old)
    Path("out/other-arena.ics").write_text("kept\n")
    kept = {"other-arena.ics": "kept\n"}
    points = _kill_points(template, tmp_path)

    runs: dict[int, tuple[Path, subprocess.Popen[str]]] = {}
    for batch in range(0, len(points), 4):  # a few at a time: each one writes 1500 files
        started = []
        for kill_at in points[batch : batch + 4]:
            work = tmp_path / f"killed-at-{kill_at}"
            # Hard links: the writer never changes a file in place, so the template stays old.
            shutil.copytree(template, work, copy_function=os.link, symlinks=True)
            started.append((kill_at, work, _killed_writer(work, kill_at)))
        for kill_at, work, process in started:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == -signal.SIGKILL, (kill_at, stderr)
            runs[kill_at] = (work, process)

    outcomes = set()
    for kill_at, (work, _) in runs.items():
        monkeypatch.chdir(work)
        out, inv = _folder(Path("out")), _folder(Path("inv"))
        assert out in (_expected(old, "out") | kept, _expected(new, "out") | kept), kill_at
        assert inv in (_expected(old, "inv"), _expected(new, "inv")), kill_at

        with locked([Path("out"), Path("inv")]):
            settled_out, settled_inv = _folder(Path("out")), _folder(Path("inv"))
            assert _beside(work) == set(), kill_at
        version = "new" if settled_out == _expected(new, "out") | kept else "old"
        assert settled_out == _expected(new if version == "new" else old, "out") | kept
        assert settled_inv == _expected(new if version == "new" else old, "inv"), kill_at
        outcomes.add((out == settled_out, inv == settled_inv, version))

    # Kills before the decision keep the old files, after it the new; some land between swaps.
    assert {version for *_, version in outcomes} == {"old", "new"}
    assert (True, False, "new") in outcomes or (False, True, "new") in outcomes


def test_a_lone_file_may_go_into_the_current_folder_and_leaves_no_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`agenda --out saksliste.md` in the coordinator's own folder: one rename, no litter;
    the folder beside it with several files is still swapped whole."""
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("mine")

    write_all(
        {
            Path("saksliste.md"): b"# Saksliste\n",
            Path("out/a.ics"): b"A",
            Path("out/b.ics"): b"B",
        }
    )

    assert Path("saksliste.md").read_bytes() == b"# Saksliste\n"
    assert sorted(p.name for p in Path("out").iterdir()) == ["a.ics", "b.ics"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "out") == [
        ".out.samarbeid-lock",
        "notes.txt",
        "saksliste.md",
    ]

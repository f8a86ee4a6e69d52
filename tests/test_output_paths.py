"""No command writes where it must not (issue 17): never into the data folder or the
workspace's templates/, never onto a file the same run reads, never onto a device, a pipe or a
socket, and never a half-made folder for a name the file system refuses.

Each case ran before the fix and wrote: `wheel --out data/municipalities/<m>.yaml` replaced the
municipality file with SVG, `schema --out data/arenas/x` left a folder and a lock file that made
the data invalid, `check-consent reg.csv --out reg.csv` replaced the register with its own
report, and (run as root, as CI runs) `--out /dev/null` made /dev/null a regular file. Here the
workspace is a copy of the bundled data in tmp_path and the devices are made in tmp_path too:
after each refused run every byte of it is as it was, and the device is still a device.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, app
from tests.test_corpus import REGISTER_HEADER, _snapshot

DATA_FOLDER = "is the data folder, inside it or holds it; outputs go elsewhere, e.g. out/"
TEMPLATES = (
    "is the workspace's templates folder, inside it or holds it; outputs go elsewhere, e.g. out/"
)
READ = "is a file this run reads; write the output to another file"
DEVICE = (
    "is not a regular file or folder (a device, a pipe or a socket); samarbeid writes nothing "
    "onto it: give another name"
)
REGISTER = "samtykker.csv"
AGENDA = ("agenda", "-m", "selbu", "-a", "samordningsteam-barn-og-unge", "--date", "2027-02-12")
WHEEL = ("wheel", "-m", "inderoy", "--year", "2027")
CONSENT = ("check-consent", REGISTER, "--as-of", "2027-01-04")


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled data with a templates/ override and a consent register beside it,
    as the current folder."""
    root = tmp_path / "ws"
    shutil.copytree(BUNDLED_DATA, root / "data")
    (root / "templates" / "documents").mkdir(parents=True)
    (root / "templates" / "README.txt").write_text("overrides\n", encoding="utf-8")
    (root / REGISTER).write_text(
        REGISTER_HEADER + "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;;\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    return root


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _null_device(path: Path) -> None:
    """A character device like /dev/null (1, 3): only root may make one."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device needs root (CI runs as root)")


def _refused(runner: CliRunner, tmp_path: Path, argv: list[str], message: str) -> None:
    before = _snapshot(tmp_path)

    result = runner.invoke(app, argv)

    assert "Traceback" not in result.output
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == f"samarbeid: {message}"
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("output_format", ["svg", "ics", "html", "table"])
def test_wheel_cannot_replace_the_municipality_file(
    output_format: str, workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    target = "data/municipalities/inderoy.yaml"
    _refused(
        runner,
        tmp_path,
        [*WHEEL, "-f", output_format, "--out", target],
        f"--out {target}: {DATA_FOLDER}",
    )


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        pytest.param(
            [*CONSENT, "--out", "data/municipalities/inderoy.yaml"],
            "--out data/municipalities/inderoy.yaml",
            id="check-consent-onto-a-data-file",
        ),
        pytest.param(
            ["checklist", "-m", "inderoy", "--round", "2027-1", "--out", "data/municipalities"],
            "--out data/municipalities",
            id="checklist-into-municipalities",
        ),
        pytest.param(
            ["site", "-m", "inderoy", "--out", "data/site"], "--out data/site", id="site-in-data"
        ),
        pytest.param(
            ["schema", "--out", "data/arenas/x"], "--out data/arenas/x", id="schema-in-arenas"
        ),
        pytest.param(
            ["schedule", "-m", "selbu", "--out", ".."], "--out ..", id="schedule-above-the-data"
        ),
        pytest.param(
            [*AGENDA, "--out", "data/arenas/selbu/saksliste.md"],
            "--out data/arenas/selbu/saksliste.md",
            id="agenda-in-data",
        ),
    ],
)
def test_no_command_writes_into_the_data_folder(
    argv: list[str], name: str, workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    _refused(runner, tmp_path, argv, f"{name}: {DATA_FOLDER}")


def test_no_document_goes_into_the_templates_folder(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """An output there would be read as an override template by the next run."""
    target = "templates/documents/agenda.md.j2"
    _refused(runner, tmp_path, [*AGENDA, "--out", target], f"--out {target}: {TEMPLATES}")


def test_the_consent_report_cannot_replace_its_register(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    _refused(runner, tmp_path, [*CONSENT, "--out", REGISTER], f"--out {REGISTER}: {READ}")


@pytest.mark.parametrize("link", [os.link, os.symlink], ids=["hard-link", "symbolic-link"])
def test_nor_another_name_of_its_register(
    link: Callable[[str, str], None], workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    link(str(workspace / REGISTER), str(workspace / "rapport.txt"))
    _refused(runner, tmp_path, [*CONSENT, "--out", "rapport.txt"], f"--out rapport.txt: {READ}")


@pytest.mark.parametrize("make", [_fifo, _null_device], ids=["fifo", "device"])
@pytest.mark.parametrize(
    "argv",
    [list(AGENDA), [*WHEEL, "-f", "svg"], list(CONSENT)],
    ids=["agenda", "wheel", "check-consent"],
)
def test_nothing_is_written_onto_a_device_or_a_pipe(
    make: Callable[[Path], None],
    argv: list[str],
    workspace: Path,
    runner: CliRunner,
    tmp_path: Path,
) -> None:
    make(workspace / "null")
    _refused(runner, tmp_path, [*argv, "--out", "null"], f"--out null: {DEVICE}")
    assert not stat.S_ISREG((workspace / "null").stat().st_mode)


@pytest.mark.parametrize("make", [_fifo, _null_device], ids=["fifo", "device"])
def test_the_issue_history_is_not_written_onto_a_device(
    make: Callable[[Path], None],
    workspace: Path,
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`SAMARBEID_HISTORY=/dev/null schedule ...`: refused before the outputs are written."""
    device = workspace / "null"
    make(device)
    monkeypatch.setenv("SAMARBEID_HISTORY", str(device))
    _refused(
        runner,
        tmp_path,
        ["schedule", "-m", "selbu", "--period", "2027-H1", "--out", "out"],
        f"issue history {device}: {DEVICE}",
    )


def test_the_issue_history_is_not_kept_in_the_data_folder(
    workspace: Path, runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = workspace / "data" / "issued.json"
    monkeypatch.setenv("SAMARBEID_HISTORY", str(history))
    _refused(
        runner,
        tmp_path,
        ["schedule", "-m", "selbu", "--period", "2027-H1", "--out", "out"],
        f"issue history {history}: {DATA_FOLDER}",
    )


def test_a_name_too_long_leaves_no_folder_behind(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    """`--out x/<300 characters>/y` created x/ before the long name failed."""
    out = "x/" + "y" * 300 + "/z"
    _refused(
        runner,
        tmp_path,
        ["schedule", "-m", "selbu", "--period", "2027-H1", "--out", out],
        f"--out {out}: cannot be a folder here: File name too long",
    )


def test_out_dash_prints_the_one_document(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    printed = runner.invoke(app, list(AGENDA))
    before = _snapshot(tmp_path)

    result = runner.invoke(app, [*AGENDA, "--out", "-"])

    assert result.exit_code == 0, result.output
    assert result.stdout == printed.stdout
    assert "Samordningsteam" in result.stdout
    assert _snapshot(tmp_path) == before


def test_out_dash_prints_the_wheel_calendar_as_bytes(
    workspace: Path, runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, [*WHEEL, "-f", "ics", "--out", "-"])

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert not (workspace / "-").exists()


def test_the_consent_report_is_readable_by_its_owner_only(
    workspace: Path, runner: CliRunner
) -> None:
    """It names logs and their consents; a shared umask must not open it to the group."""
    previous = os.umask(0o002)
    try:
        result = runner.invoke(app, [*CONSENT, "--out", "rapport.txt"])
    finally:
        os.umask(previous)

    assert result.exit_code in (0, 1), result.output
    assert stat.S_IMODE((workspace / "rapport.txt").stat().st_mode) == 0o600


def test_a_report_replacing_an_open_one_is_private_too(workspace: Path, runner: CliRunner) -> None:
    report = workspace / "rapport.txt"
    report.write_text("old\n", encoding="utf-8")
    report.chmod(0o644)

    result = runner.invoke(app, [*CONSENT, "--out", "rapport.txt"])

    assert result.exit_code in (0, 1), result.output
    assert report.read_text(encoding="utf-8") != "old\n"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600

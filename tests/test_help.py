"""Help that teaches: nothing cut at 80 columns, exit codes and real examples on every
command, flags shown as flags, and messages that name options that exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, app

COMMANDS = [[], ["validate"], ["schedule"], ["schema"]]
EXIT_CODES = (
    "Exit codes: 0 ok; 1 invalid data or input (every problem is printed as path:line:col: "
    "field: message); 2 usage error; 3 a bug in samarbeid; 130 interrupted."
)


def _help(runner: CliRunner, command: list[str]) -> str:
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.stdout


def _option_helps(command: list[str]) -> list[str]:
    group = typer.main.get_command(app)
    found = group if not command else group.commands[command[0]]  # type: ignore[attr-defined]
    return [
        str(getattr(param, "help", "")) for param in found.params if getattr(param, "help", None)
    ]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "samarbeid")
def test_help_at_80_columns_keeps_every_option_help_whole(
    runner: CliRunner, command: list[str]
) -> None:
    """Every word of every option's help is printed; nothing ends in an ellipsis."""
    shown = _help(runner, command)
    words = set(shown.split())

    assert "…" not in shown
    assert all(len(line) <= 80 for line in shown.splitlines())
    helps = _option_helps(command)
    assert helps
    for text in helps:
        missing = [word for word in text.split() if word not in words]
        assert missing == [], text


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "samarbeid")
def test_help_lists_exit_codes_and_shows_flags_as_flags(
    runner: CliRunner, command: list[str]
) -> None:
    """0, 1, 2, 3 and 130 on every command; `--json`, not `--json <bool>`."""
    shown = _help(runner, command)

    assert EXIT_CODES in " ".join(shown.split())
    assert "<bool>" not in shown
    assert re.search(r"--help\s+Show this message", shown)


def _examples(shown: str) -> list[str]:
    _, _, tail = shown.partition("Examples:")
    return [line.strip() for line in tail.splitlines() if line.strip().startswith("samarbeid ")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "samarbeid")
def test_help_ends_with_examples_that_work(
    runner: CliRunner,
    command: list[str],
    bundled_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two or three examples, each of which runs in a workspace and exits 0."""
    shown = _help(runner, command)
    examples = _examples(shown)

    assert 2 <= len(examples) <= 3, shown
    assert shown.index("Examples:") > shown.index("Exit codes:")
    monkeypatch.chdir(bundled_copy.parent)
    for example in examples:
        arguments = shlex.split(example)[1:]
        if arguments[0] == "schedule" and "--period" not in arguments:
            arguments += ["--today", "2026-11-22"]  # the coming half-year of the bundled data
        result = runner.invoke(app, arguments)
        assert result.exit_code == 0, (example, result.output)


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            ["schedule", "-m", "selbu"],
            "samarbeid: no data folder here or in the folders above (looked for "
            "data/municipalities/); run samarbeid inside the workspace, or pass the folder "
            "with --data (or 'samarbeid --workspace DIR ...' for any command)",
        ),
        (
            ["validate"],
            "samarbeid: no data folder here or in the folders above (looked for "
            "data/municipalities/); run samarbeid inside the workspace, or pass the folder "
            "with a path, e.g. 'samarbeid validate path/to/data' (or 'samarbeid --workspace DIR "
            "...' for any command)",
        ),
    ],
)
def test_outside_a_workspace_the_message_names_the_option_that_exists(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    expected: str,
) -> None:
    """schedule takes --data; validate takes a path argument; every command --workspace."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, command)

    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [expected]
    assert result.stdout == ""


def _schedule_with_stamp(runner: CliRunner, stamp: str) -> tuple[int, str]:
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "selbu",
            "--data",
            str(BUNDLED_DATA),
            "--period",
            "2027-H1",
            "-f",
            "ics",
            "--stamp",
            stamp,
        ],
    )
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        (
            "2026-12-01",
            "samarbeid: --stamp needs a time and a UTC offset, e.g. 2026-12-01T00:00:00Z or "
            "2026-12-01T00:00:00+01:00 (got '2026-12-01')",
        ),
        (
            "2026-12-01T09:00",
            "samarbeid: --stamp needs a UTC offset, e.g. 2026-12-01T09:00:00Z or "
            "2026-12-01T09:00:00+01:00 (got '2026-12-01T09:00')",
        ),
        (
            "1. desember",
            "samarbeid: --stamp must be a date and time with a UTC offset, such as "
            "2026-06-15T09:00:00Z or 2026-06-15T11:00:00+02:00 (got '1. desember')",
        ),
    ],
)
def test_stamp_suggests_only_what_it_accepts(runner: CliRunner, stamp: str, expected: str) -> None:
    """Every form the --stamp message suggests is then accepted."""
    code, stderr = _schedule_with_stamp(runner, stamp)

    assert code == 2
    assert stderr.splitlines() == [expected]
    suggestions = re.findall(r"\d{4}-\d{2}-\d{2}T[\d:]+(?:Z|[+-]\d{2}:\d{2})", expected)
    assert len(suggestions) == 2
    for suggestion in suggestions:
        assert _schedule_with_stamp(runner, suggestion) == (0, "")


def test_workspace_option_and_variable_reach_every_command(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from anywhere: `samarbeid --workspace DIR` or SAMARBEID_WORKSPACE."""
    monkeypatch.chdir(tmp_path)
    by_option = runner.invoke(app, ["--workspace", str(BUNDLED_DATA.parent), "validate"])
    monkeypatch.setenv("SAMARBEID_WORKSPACE", str(BUNDLED_DATA.parent))
    by_variable = runner.invoke(
        app, ["schedule", "-m", "selbu", "--period", "2027-H1", "-f", "json"]
    )
    missing = runner.invoke(app, ["--workspace", str(tmp_path / "nowhere"), "validate"])

    assert by_option.exit_code == 0, by_option.output
    assert "3 municipalities" in by_option.stdout
    assert by_variable.exit_code == 0, by_variable.output
    assert '"municipality": "selbu"' in by_variable.stdout
    assert missing.exit_code == 2
    assert missing.stderr == f"samarbeid: --workspace {tmp_path / 'nowhere'}: is not a folder\n"


ALL_COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ALL_COMMANDS)
def test_every_command_teaches_the_same_way(runner: CliRunner, name: str) -> None:
    """Whole option help at 80 columns, flags as flags, exit codes 0-3 and 130, examples."""
    shown = _help(runner, [name])
    flat = " ".join(shown.split())

    assert "…" not in shown
    assert "<bool>" not in shown
    assert "Exit codes:" in flat and "130 interrupted" in flat, name
    assert 2 <= len(_examples(shown)) <= 3, shown

"""Every example in every command's --help runs against the bundled data and exits 0
(issue 21: the first example in `minutes --help` failed when run).

The examples are read from the help itself, so a new or changed example is tried the day it is
written. They run in a workspace made from the bundled data: a git repository with the tags
and branch the `diff` examples name, the consent registers the `check-consent` and `checklist`
examples name (in the workspace and in the home folder), and a local mail relay for `--send`.
"""

from __future__ import annotations

import re
import shlex
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from aiosmtpd.controller import Controller
from typer.testing import CliRunner

from tests import git_repos
from tests.conftest import BUNDLED_DATA, app

# A day in the bundled data's coming half-year, for commands that would otherwise ask the clock.
TODAY = "2026-12-06"
CONSENTS_CSV = (
    "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"
    "L-0001;Barnehage;Styrer;logg;2026-09-01;;;;active\n"
    "L-0002;Grunnskole;Kontaktlærer;logg;2026-10-15;;;;active\n"
)
CONSENTS_YAML = (
    "consents:\n"
    "  - {log_id: L-0001, unit: Barnehage, holder: Styrer, kind: logg, given: 2026-09-01}\n"
)


def _commands() -> dict[str, Any]:
    group = typer.main.get_command(app)
    return dict(group.commands)  # type: ignore[attr-defined]


def _examples(name: str) -> list[str]:
    """The example command lines of one command's help, without their comments."""
    result = CliRunner().invoke(app, [name, "--help"], env={"COLUMNS": "300"}, terminal_width=300)
    assert result.exit_code == 0, result.output
    _, _, tail = result.stdout.partition("Examples:")
    found = []
    for line in tail.splitlines():
        text = line.strip(" │\t")
        if text.startswith("samarbeid "):
            # "samarbeid diff (HEAD against the working tree)": the words in brackets explain.
            found.append(re.sub(r"\s+\([^()]*\)$", "", text).strip())
    return found


ALL_EXAMPLES = [(name, example) for name in _commands() for example in _examples(name)]
# Examples that sign in to Microsoft 365 or talk to Outlook need a tenant; they run against the
# stand-in Graph server in tests/test_publish_outlook.py and tests/test_signin.py instead.
NEEDS_A_TENANT = ("login", "logout", "responses")
EXAMPLES = [
    (name, example)
    for name, example in ALL_EXAMPLES
    if name not in NEEDS_A_TENANT and "--publish" not in example
]


def test_every_command_has_examples() -> None:
    assert {name for name, _ in ALL_EXAMPLES} == set(_commands())


class _Accepting:
    """A mail relay that takes every message."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def relay() -> Iterator[tuple[int, _Accepting]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _Accepting()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


@pytest.fixture
def example_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled data in a git repository on main, tagged v2025 and v2026, with registers."""
    root = tmp_path / "workspace"
    shutil.copytree(BUNDLED_DATA, root / "data")
    git_repos.init(root)
    # Recent commits: git's dates are the routines' last change for `check-revisions`.
    git_repos.commit_all(root, "Data", date="2026-11-02T12:00:00+01:00")
    git_repos.git(root, "tag", "v2025")
    git_repos.commit_all(root, "Reviewed", date="2026-11-03T12:00:00+01:00")
    git_repos.git(root, "tag", "v2026")
    home = tmp_path / "home"
    home.mkdir()
    (home / "samtykker.csv").write_text(CONSENTS_CSV, encoding="utf-8")
    # Registers live outside git: the check refuses one that git tracks.
    (root / ".git" / "info" / "exclude").write_text("samtykker.*\n", encoding="utf-8")
    (root / "samtykker.csv").write_text(CONSENTS_CSV, encoding="utf-8")
    (root / "samtykker.yaml").write_text(CONSENTS_YAML, encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize(("name", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_the_example_runs_and_exits_0(
    runner: CliRunner,
    example_workspace: Path,
    relay: tuple[int, _Accepting],
    name: str,
    example: str,
) -> None:
    # The shell's `~`, as the coordinator's shell would expand it.
    arguments = [
        str(Path(word).expanduser()) if word.startswith("~/") else word
        for word in shlex.split(example)[1:]
    ]
    options = {opt for param in _commands()[name].params for opt in param.opts}
    for clock in ("--today", "--as-of"):
        if clock in options and not {"--today", "--as-of"} & set(arguments):
            arguments += [clock, TODAY]
            break
    port, handler = relay
    environment = {
        "SAMARBEID_SMTP_HOST": "127.0.0.1",
        "SAMARBEID_SMTP_PORT": str(port),
        "SAMARBEID_SMTP_STARTTLS": "false",
    }

    result = runner.invoke(app, arguments, env=environment)

    assert result.exit_code == 0, (example, result.stdout, result.stderr)
    if "--send" in arguments:
        assert handler.messages

"""A workspace's own templates are read like its data files: no symbolic link out of it, and a
template that would write without end stops with its file and line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DataFolder, app

ROUTINE = Path("templates/documents/routine.md.j2")
OUT = ["routine", "-m", "testvik", "-a", "testteam", "-f", "md", "--out", "r.md"]


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = data_folder().parent
    (root / ROUTINE).parent.mkdir(parents=True)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    path.write_text("ikke for deg\n", encoding="utf-8")
    return path


def _refused(runner: CliRunner, workspace: Path, message: str) -> None:
    result = runner.invoke(app, OUT)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"samarbeid: {message}\n"
    assert "ikke for deg" not in result.output
    assert not (workspace / "r.md").exists()


def test_a_template_that_is_a_link_out_of_the_workspace_is_refused(
    runner: CliRunner, workspace: Path, secret: Path
) -> None:
    (workspace / ROUTINE).symlink_to(secret)

    _refused(
        runner,
        workspace,
        f"{ROUTINE}: is a symbolic link; a template must be a file inside the workspace's "
        "templates/ folder",
    )


def test_a_template_that_includes_a_link_is_refused(
    runner: CliRunner, workspace: Path, secret: Path
) -> None:
    (workspace / ROUTINE).write_text('{% include "documents/felles.j2" %}\n', encoding="utf-8")
    (workspace / "templates/documents/felles.j2").symlink_to(secret)

    _refused(
        runner,
        workspace,
        "templates/documents/felles.j2: is a symbolic link; a template must be a file inside "
        "the workspace's templates/ folder",
    )


def test_a_linked_templates_folder_is_refused(
    runner: CliRunner, workspace: Path, secret: Path
) -> None:
    (workspace / ROUTINE).parent.rmdir()
    (secret.parent / "routine.md.j2").write_text("{{ 1 }}\n", encoding="utf-8")
    (workspace / ROUTINE).parent.symlink_to(secret.parent)

    _refused(
        runner,
        workspace,
        "templates/documents: is a symbolic link; a template must be a file inside the "
        "workspace's templates/ folder",
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            'Innledning\n{{ "x" * 10**9 }}\n',
            "2: stopped: a text or list of 1 times 1000000000 is too long",
        ),
        ("{{ 2 ** 100000000 }}\n", "1: stopped: 2 ** 100000000 is too large a number"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n",
            "1: stopped: its loops ran more than 2000000 steps",
        ),
        (
            "\n{% for i in range(10**9) %}.{% endfor %}\n",
            "2: stopped: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).",
        ),
        (
            'A\nB\n{% for i in range(100000) %}{{ "x" * 1000 }}{% endfor %}\n',
            "3: stopped: it wrote more than 20000000 characters",
        ),
    ],
    ids=["string-times-a-billion", "huge-power", "nested-loops", "huge-range", "huge-output"],
)
def test_a_template_that_writes_without_end_stops_at_its_line(
    runner: CliRunner, workspace: Path, template: str, message: str
) -> None:
    (workspace / ROUTINE).write_text(template, encoding="utf-8")

    _refused(runner, workspace, f"{ROUTINE}:{message}; a template may write one document, not more")

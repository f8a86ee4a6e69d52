"""The released package, as a municipality gets it: built from this checkout, served from a
local package index, installed with pipx outside the checkout, and the data repository that
its `init` writes, with the pre-commit hook run as it is written (nothing rewritten first).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from samarbeid_cli import __version__
from tests.conftest import ROOT
from tests.decided import decided_copy
from tests.git_repos import edit, git

README_INSTALL_HEADING = "## Install"
VENV_BIN = Path(sys.executable).parent


def _run(
    argv: list[str], cwd: Path, env: dict[str, str], check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if check:
        assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def package_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder pip reads as its only index: this checkout's sdist and wheel (the wheel built
    from the sdist, so the sdist must be complete), and the packages they need at the
    versions of constraints.txt, plus pip and setuptools that pipx and pre-commit install."""
    index = tmp_path_factory.mktemp("index")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(index), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = index.glob("samarbeid-*.whl")
    downloaded = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--dest", str(index),
         "--constraint", str(ROOT / "constraints.txt"), str(wheel), "pip", "setuptools"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert downloaded.returncode == 0, downloaded.stderr
    return index


@pytest.fixture
def user(tmp_path: Path, package_index: Path) -> dict[str, str]:
    """A user's environment: a home of its own, pip reading only the local index, nothing of
    this checkout on the paths, the Norwegian locale unset."""
    home = tmp_path / "home"
    bin_dir = home / ".local" / "bin"
    bin_dir.mkdir(parents=True)
    kept = {name: os.environ[name] for name in ("SYSTEMROOT", "TMPDIR") if name in os.environ}
    return {
        **kept,
        "HOME": str(home),
        "PATH": os.pathsep.join([str(bin_dir), "/usr/local/bin", "/usr/bin", "/bin"]),
        "PIPX_HOME": str(home / ".local" / "pipx"),
        "PIPX_BIN_DIR": str(bin_dir),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(package_index),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PRE_COMMIT_HOME": str(home / ".cache" / "pre-commit"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Koordinator",
        "GIT_AUTHOR_EMAIL": "koordinator@example.org",
        "GIT_COMMITTER_NAME": "Koordinator",
        "GIT_COMMITTER_EMAIL": "koordinator@example.org",
        "SAMARBEID_LANG": "en",
    }


def _readme_install_commands() -> list[str]:
    """The first shell block of the README's install section, one command a line."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n{README_INSTALL_HEADING}", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def _installed(user: dict[str, str], where: Path) -> Path:
    """samarbeid installed as the README says: `pipx install samarbeid`."""
    (command,) = [line for line in _readme_install_commands() if line.startswith("pipx ")]
    assert command == "pipx install samarbeid"
    _run([str(VENV_BIN / "pipx"), *shlex.split(command)[1:]], where, user)
    return Path(user["PIPX_BIN_DIR"]) / "samarbeid"


def test_the_wheel_and_the_sdist_hold_what_the_tool_reads(package_index: Path) -> None:
    (wheel,) = package_index.glob("samarbeid-*.whl")
    (sdist,) = package_index.glob("samarbeid-*.tar.gz")
    assert wheel.name == f"samarbeid-{__version__}-py3-none-any.whl"
    assert sdist.name == f"samarbeid-{__version__}.tar.gz"
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        "samarbeid_cli/templates/" + path.relative_to(ROOT / "templates").as_posix()
        for path in (ROOT / "templates").rglob("*")
        if path.is_file()
    }
    assert templates <= names, templates - names
    assert "samarbeid_cli/locale/nb/LC_MESSAGES/samarbeid.mo" in names
    assert "samarbeid_cli/py.typed" in names
    assert not [name for name in names if name.endswith((".po", ".pot"))]
    metadata = zipfile.ZipFile(wheel).read(f"samarbeid-{__version__}.dist-info/METADATA")
    text = metadata.decode()
    for field in ("License-Expression: MIT", "Requires-Python: >=3.11", "Project-URL: Source"):
        assert field in text
    assert "Classifier: Natural Language :: Norwegian" in text
    assert "# samarbeid" in text  # the README is the long description


def test_installed_with_pipx_it_works_outside_the_checkout(
    tmp_path: Path, user: dict[str, str]
) -> None:
    """The README's install block, run as it stands, then the main commands from there."""
    samarbeid = _installed(user, tmp_path)
    workspace = tmp_path
    for line in _readme_install_commands():
        argv = shlex.split(line)
        if argv[0] == "cd":
            workspace = workspace / argv[1]
        elif argv[0] == "samarbeid":
            _run([str(samarbeid), *argv[1:]], workspace, user)
        else:
            assert argv[:2] == ["pipx", "install"], line
    assert workspace != tmp_path

    version = _run([str(samarbeid), "--version"], tmp_path, user).stdout
    assert version == f"samarbeid {__version__}\n"
    python = next((Path(user["PIPX_HOME"]) / "venvs" / "samarbeid").glob("bin/python"))
    where = _run(
        [str(python), "-c", "import samarbeid_cli, importlib.metadata as m;"
         "print(samarbeid_cli.__file__); print(m.version('samarbeid'))"],
        tmp_path, user,
    ).stdout.splitlines()  # fmt: skip
    assert Path(where[0]).is_relative_to(Path(user["PIPX_HOME"]))
    assert where[1] == __version__

    # The commands read only what the wheel brought: templates, catalogue, schemas.
    slug = re.sub(r"-samarbeid$", "", workspace.name)
    assert (workspace / f"data/municipalities/{slug}.yaml").is_file()
    assert git(workspace, "symbolic-ref", "--short", "HEAD").strip() == "main"
    for argv in (
        ["validate"],
        ["schedule", "-m", slug, "--period", "2027-H1", "--out", "out/series"],
        ["agenda", "-m", slug, "-a", "samordningsteam-barn-og-unge", "--next",
         "--today", "2027-01-04", "--format", "html", "--out", "out/agenda.html"],
        ["site", "-m", slug, "--out", "public"],
        ["schema", "--out", "out/schemas"],
    ):  # fmt: skip
        _run([str(samarbeid), *argv], workspace, {**user, "SOURCE_DATE_EPOCH": "1788220800"})
    assert list((workspace / "out/series").glob("*.ics"))
    assert "<html" in (workspace / "out/agenda.html").read_text("utf-8")
    assert (workspace / "public/index.html").is_file()

    # And the bundled data, with its nynorsk municipality, from a folder of its own.
    copy = tmp_path / "bundled"
    decided_copy(copy / "data")  # with the seeds' open values decided, so it has meetings
    norwegian = {**user, "SAMARBEID_LANG": "nb"}
    checked = _run([str(samarbeid), "validate"], copy, norwegian)
    assert "kommuner" in checked.stdout, checked.stdout
    aukra = _run([str(samarbeid), "schedule", "-m", "aukra", "--period", "2027-H1",
                  "--format", "table"], copy, user).stdout  # fmt: skip
    assert "januar 2027" in aukra


@pytest.fixture
def installed(tmp_path: Path, user: dict[str, str]) -> Iterator[tuple[Path, dict[str, str]]]:
    samarbeid = _installed(user, tmp_path)
    yield samarbeid, user


@pytest.mark.parametrize("branch", ["main", "master"])
def test_the_hook_that_init_writes_runs_as_written(
    tmp_path: Path, installed: tuple[Path, dict[str, str]], branch: str
) -> None:
    """pre-commit installs samarbeid==<this version> from the index, blocks an invalid staged
    file with its path:line:col message, and runs on a commit that only deletes a file."""
    samarbeid, user = installed
    workspace = tmp_path / "testvik-samarbeid"
    made = _run(
        [str(samarbeid), "init", str(workspace), "--name", "Testvik kommune",
         "--kommunenummer", "0999", *([] if branch == "main" else ["--no-git"])],
        tmp_path, user,
    )  # fmt: skip
    if branch == "master":  # a stock `git init`, as the user would type it
        assert "git init" in made.stderr
        _run(["git", "init", "--quiet"], workspace, user)
        _run(["git", "symbolic-ref", "HEAD", "refs/heads/master"], workspace, user)
    config = (workspace / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f'additional_dependencies: ["samarbeid=={__version__}"]' in config
    # The hook checks this repository's data whatever the environment points at.
    env = {**user, "PATH": os.pathsep.join([str(VENV_BIN), user["PATH"]]),
           "SAMARBEID_WORKSPACE": str(tmp_path / "elsewhere")}  # fmt: skip
    _run([sys.executable, "-m", "pre_commit", "install"], workspace, env)

    _run(["git", "add", "--all"], workspace, env)
    first = _run(["git", "commit", "-m", "first routines"], workspace, env, check=False)
    assert first.returncode == 0, first.stdout + first.stderr
    assert re.search(r"samarbeid validate\.+Passed", first.stdout + first.stderr)

    arena = workspace / "data/arenas/testvik/samordningsteam-barn-og-unge.yaml"
    edit(arena, "  - service: barnevern\n", "  - role: barnevernleder\n")
    _run(["git", "add", "--all"], workspace, env)
    blocked = _run(["git", "commit", "-m", "wrong role"], workspace, env, check=False)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "samarbeid validate" in output and "Failed" in output
    assert (
        "data/arenas/testvik/samordningsteam-barn-og-unge.yaml:14:11: participants[3].role: "
        "unknown role 'barnevernleder'"
    ) in output
    assert git(workspace, "rev-list", "--count", "HEAD").strip() == "1"

    _run(["git", "checkout", "HEAD", "--", "."], workspace, env)
    _run(["git", "rm", "--quiet", str(arena.relative_to(workspace))], workspace, env)
    deleted = _run(["git", "commit", "-m", "arena closed"], workspace, env, check=False)
    output = deleted.stdout + deleted.stderr
    assert deleted.returncode == 0, output
    assert re.search(r"samarbeid validate\.+Passed", output), output

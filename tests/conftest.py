"""Shared fixtures: a CLI runner, the bundled data, and small data folders built in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samarbeid_cli.cli import app

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = ROOT / "data"

MUNICIPALITY = """\
name: Testvik kommune
kommunenummer: "9999"
malform: nb
services:
  ppt: {name: PPT}
  barnevern: {name: Barnevern}
roles:
  koordinator: {name: Koordinator}
  rektor: {name: Rektor}
  helsesykepleier: {name: Helsesykepleier}
roster:
  koordinator: {name: Koordinator, email: koordinator@testvik.example}
  rektor: {name: Rektor, email: rektor@testvik.example}
school_years:
  "2026-27":
    first_day: 2026-08-19
    last_day: 2027-06-18
    breaks:
      høstferie: {start: 2026-09-28, end: 2026-10-02}
      juleferie: {start: 2026-12-21, end: 2027-01-01}
      vinterferie: {start: 2027-03-01, end: 2027-03-05}
      påskeferie: {start: 2027-03-22, end: 2027-03-29}
    planning_days: [2027-01-04]
  "2027-28":
    first_day: 2027-08-18
    last_day: 2028-06-20
    breaks:
      høstferie: {start: 2027-10-04, end: 2027-10-08}
      juleferie: {start: 2027-12-20, end: 2028-01-03}
      vinterferie: {start: 2028-02-28, end: 2028-03-03}
      påskeferie: {start: 2028-04-10, end: 2028-04-17}
"""

ARENA = """\
name: Testteam
level: system
mandate: Drøfte felles tema.
participants:
  - role: rektor
  - service: ppt
convener:
  role: koordinator
meeting:
  form: digital
  start: 08:30
  duration_minutes: 60
frequency:
  kind: every_n_weeks
  every_weeks: 2
  weekday: friday
  anchor: 2026-08-21
"""

ARENA_FREQUENCY = (
    "  kind: every_n_weeks\n  every_weeks: 2\n  weekday: friday\n  anchor: 2026-08-21\n"
)


def with_frequency(fields: str) -> str:
    """ARENA with its frequency block's fields replaced, e.g. "  kind: on_demand\\n"."""
    return ARENA.replace(ARENA_FREQUENCY, fields)


# What a test run may leave in the checkout: the tools' own caches and installs.
_CACHES = (".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis")


def checkout_status() -> str | None:
    """`git status` of the checkout with every untracked and ignored file listed, caches left
    out; None where the tests do not run in a git checkout (an unpacked sdist)."""
    leave_out = [f":(exclude){name}" for name in _CACHES] + [
        ":(exclude,glob)**/node_modules/**",
        ":(exclude,glob)**/__pycache__/**",
    ]
    if os.environ.get("SAMARBEID_UPDATE_GOLDEN") == "1":
        leave_out.append(":(exclude)tests/golden")
    listing = ["--porcelain", "--ignored", "--untracked-files=all"]
    try:
        status = subprocess.run(
            ["git", "--no-optional-locks", "status", *listing, "--", ".", *leave_out],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return None
    return status.stdout if status.returncode == 0 else None


@pytest.fixture(scope="session", autouse=True)
def _checkout_unchanged() -> Iterator[None]:
    """No test writes into the checkout: not data/, templates/, schemas/ or src/, and no issue
    history or output beside the bundled data (a run once rewrote .samarbeid/issued/ there).
    Tests work on copies in tmp_path; this fails the session when one did not."""
    before = checkout_status()
    yield
    after = checkout_status()
    if before is None or after is None or after == before:
        return
    changed = sorted(set(after.splitlines()) ^ set(before.splitlines()), key=lambda line: line[3:])
    pytest.fail(
        "the tests changed the checkout (git status before and after differ); work on copies "
        "in tmp_path instead:\n" + "\n".join(changed),
        pytrace=False,
    )


@pytest.fixture(autouse=True)
def _history_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs on the bundled data must not write an issue history into the repository; a test
    of the default place removes this variable."""
    monkeypatch.setenv("SAMARBEID_HISTORY", str(tmp_path / "history" / "issued.json"))
    for name in ("HOST", "PORT", "STARTTLS", "USER", "PASSWORD", "OAUTH_TOKEN", "TOKEN_COMMAND"):
        monkeypatch.delenv(f"SAMARBEID_SMTP_{name}", raising=False)
    # Nothing reaches Microsoft 365 from a test: no token, endpoint or sign-in of the machine.
    for name in ("TOKEN", "URL", "MAILBOX", "TENANT", "CLIENT_ID", "CLIENT_SECRET", "TOKEN_CACHE"):
        monkeypatch.delenv(f"SAMARBEID_GRAPH_{name}", raising=False)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tool's messages in English whatever the machine's locale; tests of Norwegian
    messages (tests/test_i18n.py) set the language themselves."""
    from samarbeid_cli import i18n

    monkeypatch.setenv("SAMARBEID_LANG", "en")
    i18n.use("en")


@pytest.fixture
def runner() -> CliRunner:
    """Typer's runner; stdout and stderr are kept apart."""
    return CliRunner()


DataFolder = Callable[..., Path]


@pytest.fixture
def data_folder(tmp_path: Path) -> DataFolder:
    """Build a data folder: `data_folder(arenas={"testteam": ARENA}, municipality=...)`.

    Texts are dedented; the municipality's slug is `testvik`.
    """

    def build(
        arenas: dict[str, str] | None = None,
        municipality: str = MUNICIPALITY,
        slug: str = "testvik",
        extra: dict[str, str] | None = None,
    ) -> Path:
        root = tmp_path / "data"
        (root / "municipalities").mkdir(parents=True, exist_ok=True)
        (root / "municipalities" / f"{slug}.yaml").write_text(
            textwrap.dedent(municipality), encoding="utf-8"
        )
        for name, text in (arenas if arenas is not None else {"testteam": ARENA}).items():
            folder = root / "arenas" / slug
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        for relative, text in (extra or {}).items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return build


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data, to change without touching the repository."""
    target = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, target)
    return target


__all__ = [
    "ARENA",
    "ARENA_FREQUENCY",
    "BUNDLED_DATA",
    "MUNICIPALITY",
    "ROOT",
    "DataFolder",
    "app",
    "with_frequency",
]

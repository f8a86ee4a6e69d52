"""The Aukra overview as a real browser sees it: Debian's chromium, headless."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samarbeid_cli.loading.workspace import load
from tests.conftest import BUNDLED_DATA, app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Rows(HTMLParser):
    """The row headers (arena names) of every table body, and the page's language."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.row_headers: list[str] = []
        self.column_headers: list[str] = []
        self._in: str | None = None
        self._text = ""
        self._body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        elif tag == "tbody":
            self._body = True
        elif tag == "th":
            self._in = found.get("scope")
            self._text = ""
        elif tag == "br" and self._in:
            self._in = f"{self._in}-done"

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._body = False
        elif tag == "th" and self._in:
            text = self._text.strip()
            if self._in.startswith("row") and self._body:
                self.row_headers.append(text)
            elif self._in == "col" and text not in self.column_headers:
                self.column_headers.append(text)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in in ("row", "col"):
            self._text += data


def test_the_browser_sees_one_row_per_aukra_arena(runner: CliRunner, tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("SAMARBEID_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is required here (SAMARBEID_REQUIRE_CHROMIUM=1) but missing")
        pytest.skip("chromium not installed: `make test` installs it with apt-get")
    page = tmp_path / "oversikt.html"
    result = runner.invoke(app, ["overview", "-m", "aukra", "--out", str(page)])
    assert result.exit_code == 0, result.output

    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    rows = _Rows()
    rows.feed(dom)

    arenas = load(BUNDLED_DATA).workspace.arenas_of("aukra")
    assert rows.lang == "nn"
    # An arena on several levels has a row under each (issue 18).
    assert sorted(rows.row_headers) == sorted(
        arena.name for arena in arenas.values() for _ in range(max(len(arena.level), 1))
    )
    assert rows.column_headers == [
        "Arena", "Mandat", "Involverte partar", "Møtefrekvens", "Møteansvarleg",
    ]  # fmt: skip

"""Every page of the site fits a phone (390 px) and a desktop (1280 px) without scrolling
sideways (issue 21: the overview pages were 879-1153 px wide at 390, Inderøy's 1297 px at
1280). Tables that cannot reflow scroll inside their own box.

Headless Chromium will not make a window narrower than 500 px, so each page is opened in an
iframe of the width to test, and the page's own `document.documentElement.scrollWidth` is
compared with its `clientWidth`.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MUNICIPALITIES = ["aukra", "inderoy", "selbu"]
WIDTHS = [390, 1280]


def _require_chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("SAMARBEID_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is required here (SAMARBEID_REQUIRE_CHROMIUM=1) but missing")
        pytest.skip("chromium not installed: `make test` installs it with apt-get")
    return CHROMIUM


def measured_widths(pages: list[Path], width: int, tmp_path: Path) -> dict[str, tuple[int, int]]:
    """Each page's (scrollWidth, clientWidth) in a viewport `width` pixels wide."""
    chromium = _require_chromium()
    frames = "".join(
        f'<iframe data-page="{html.escape(page.as_uri())}" src="{html.escape(page.as_uri())}" '
        f'style="border:0;width:{width}px;height:700px"></iframe>'
        for page in pages
    )
    probe = tmp_path / f"probe-{width}.html"
    probe.write_text(
        "<!DOCTYPE html><html><body style='margin:0'>" + frames + "<script>\n"
        "window.addEventListener('load', function () {\n"
        "  var found = [];\n"
        "  document.querySelectorAll('iframe').forEach(function (frame) {\n"
        "    var root = frame.contentDocument.documentElement;\n"
        "    found.push(frame.dataset.page + ' ' + root.scrollWidth + ' ' + root.clientWidth);\n"
        "  });\n"
        "  document.body.setAttribute('data-widths', found.join('\\n'));\n"
        "});\n</script></body></html>",
        encoding="utf-8",
    )
    dom = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--no-first-run",
            "--allow-file-access-from-files",
            "--window-size=1400,1000",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            probe.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    match = re.search(r'data-widths="([^"]*)"', dom)
    assert match, dom[-500:]
    widths = {}
    for line in html.unescape(match[1]).splitlines():
        uri, scroll, client = line.rsplit(" ", 2)
        widths[uri] = (int(scroll), int(client))
    assert len(widths) == len(pages)
    return widths


def _pages(runner: CliRunner, municipality: str, tmp_path: Path) -> tuple[Path, list[Path]]:
    root = tmp_path / "site"
    result = runner.invoke(
        app, ["site", "-m", municipality, "--out", str(root), "--today", "2026-12-06"]
    )
    assert result.exit_code == 0, result.output
    overview = tmp_path / "oversikt.html"
    result = runner.invoke(app, ["overview", "-m", municipality, "--out", str(overview)])
    assert result.exit_code == 0, result.output
    return root, [*sorted(root.rglob("*.html")), overview]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_every_page_fits_the_viewport(
    runner: CliRunner, tmp_path: Path, municipality: str, width: int
) -> None:
    _require_chromium()
    _, pages = _pages(runner, municipality, tmp_path)

    widths = measured_widths(pages, width, tmp_path)

    too_wide = {uri: scroll for uri, (scroll, client) in widths.items() if scroll > client}
    assert too_wide == {}
    assert all(client == width for _, client in widths.values())

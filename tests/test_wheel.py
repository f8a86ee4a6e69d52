"""`samarbeid wheel`: the årshjul as a list, an iCalendar file and an A4 picture."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, MUNICIPALITY, DataFolder, app

MONTHS_NB = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
STAMP = "2026-11-23T10:00:00Z"
INDEROY = ["wheel", "-m", "inderoy", "--year", "2027", "--data", str(BUNDLED_DATA)]
# One activity of each quarter of Inderøy's wheel (seed 004, "Årshjul – opplæring og vedlikehold").
QUARTERS = [
    "Gjennomgang og ajourføring av dokumenter på hjemmesiden",
    "Nettverkssamling for ressurspersoner",
    "Oppdatere navnelister i Stafettloggen",
    "Nettverkssamling for BTI-nettverket",
]

WHEEL = """\
annual_wheel:
  title: Årshjul Testvik
  entries:
    - months: [1, 2, 3]
      activities: [Gjennomgang av rutiner]
      responsible: [{role: koordinator}]
    - months: [11, 12, 1]
      activities: [Vintersamling]
  milestones:
    - {date: 2027-03-01, owner: {role: koordinator}, due: Skriftlig tilbakemelding om planen}
    - {date: 2027-11-15, owner: {role: rektor}, due: Ferdig plan til politisk behandling,
       done: true}
log_control:
  months: [2, 5, 11]
  responsible: [{role: rektor}]
"""


def _wheel(runner: CliRunner, *options: str) -> str:
    result = runner.invoke(app, [*INDEROY, *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_svg_has_twelve_month_sectors_and_every_quarters_items(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "arshjul.svg"
    result = runner.invoke(app, [*INDEROY, "--format", "svg", "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}\n"
    svg = out.read_text(encoding="utf-8")
    assert 'width="210mm" height="297mm"' in svg
    labels = [line for line in svg.splitlines() if 'class="month"' in line]
    assert [label.split(">")[1].split("<")[0] for label in labels] == MONTHS_NB
    for activity in QUARTERS:
        assert activity in svg
    assert "Kontroll av aktive logger, runde 2027-3" in svg
    assert svg.count("<path ") == 12 + len(_wheel(runner).splitlines()) - 2


def test_a_school_year_wheel_starts_in_august(runner: CliRunner) -> None:
    svg = _wheel(runner, "--school-year", "--format", "svg")
    labels = [
        line.split(">")[1].split("<")[0] for line in svg.splitlines() if 'class="month"' in line
    ]
    assert labels == MONTHS_NB[7:] + MONTHS_NB[:7]
    table = _wheel(runner, "--school-year")
    assert table.splitlines()[0] == "Årshjul for tverrfaglig samarbeid med BTI som tema 2027-28"
    assert table.splitlines()[2].startswith("  1. august–september [Årshjul]: ")
    assert "runde 2028-1" in table and "runde 2027-3" in table


def _png_is_not_blank(png: bytes) -> bool:
    """Decode the IDAT stream; a blank page is one colour throughout."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        if kind == b"IDAT":
            idat += png[position + 8 : position + 8 + length]
        position += 12 + length
    pixels = zlib.decompress(idat)
    dark = sum(1 for byte in pixels[::7] if byte < 128)
    return dark > len(pixels[::7]) * 0.01


def test_svg_renders_in_headless_chromium(tmp_path: Path, runner: CliRunner) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        # CI installs Debian's chromium (.ci/run) and sets this, so the check cannot skip there.
        if os.environ.get("SAMARBEID_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required (SAMARBEID_REQUIRE_CHROMIUM) but not installed")
        pytest.skip("chromium is not installed")
    svg = tmp_path / "arshjul.svg"
    svg.write_text(_wheel(runner, "--format", "svg"), encoding="utf-8")
    png = tmp_path / "arshjul.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={png}",
            "--window-size=794,1123",
            svg.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert _png_is_not_blank(png.read_bytes())


def test_ics_expands_to_one_all_day_span_per_item(runner: CliRunner) -> None:
    text = _wheel(runner, "--format", "ics", "--stamp", STAMP)
    table = _wheel(runner).splitlines()[2:]
    calendar = icalendar.Calendar.from_ical(text)
    expanded = recurring_ical_events.of(calendar).between((2027, 1, 1), (2028, 1, 1))

    assert len(expanded) == len(table) == len({str(event["UID"]) for event in expanded})
    spans = {(str(event["SUMMARY"]), event["DTSTART"].dt, event["DTEND"].dt) for event in expanded}
    assert (
        "Nettverkssamling for BTI-nettverket",
        dt.date(2027, 10, 1),
        dt.date(2028, 1, 1),
    ) in spans
    assert (
        "Kontroll av aktive logger, runde 2027-1",
        dt.date(2027, 2, 1),
        dt.date(2027, 3, 1),
    ) in spans
    assert all(type(start) is dt.date for _, start, _ in spans)
    assert "DTSTART;VALUE=DATE:20270101\r\n" in text.replace("\n", "\r\n").replace("\r\r", "\r")


def test_the_same_stamp_gives_the_same_calendar(runner: CliRunner) -> None:
    """UIDs come from the items, not from chance."""
    first = _wheel(runner, "--format", "ics", "--stamp", STAMP)
    assert _wheel(runner, "--format", "ics", "--stamp", STAMP) == first
    assert "UID:inderoy-wheel-log_control-20270201-" in first


def test_milestones_series_and_log_control_in_nynorsk(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = data_folder(municipality=MUNICIPALITY.replace("malform: nb", "malform: nn") + WHEEL)
    result = runner.invoke(app, ["wheel", "-m", "testvik", "--year", "2027", "--data", str(data)])

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Årshjul Testvik 2027\n"
        "\n"
        "  1. januar [Årshjul]: Vintersamling\n"
        "  2. januar–mars [Årshjul]: Gjennomgang av rutiner – ansvarleg: Koordinator\n"
        "  3. februar [Kontroll av aktive loggar]: Kontroll av aktive loggar, runde 2027-1 – "
        "ansvarleg: Rektor\n"
        "  4. 1. mars [Fristar]: Skriftlig tilbakemelding om planen – ansvarleg: Koordinator\n"
        "  5. mai [Kontroll av aktive loggar]: Kontroll av aktive loggar, runde 2027-2 – "
        "ansvarleg: Rektor\n"
        "  6. juni [Møterekkjer]: Møteansvarlege sender møterekkjer for hausthalvåret 2027 "
        "(august–desember)\n"
        "  7. november–desember [Årshjul]: Vintersamling\n"
        "  8. november [Kontroll av aktive loggar]: Kontroll av aktive loggar, runde 2027-3 – "
        "ansvarleg: Rektor\n"
        "  9. 15. november [Fristar]: Ferdig plan til politisk behandling (utført) – "
        "ansvarleg: Rektor\n"
        " 10. desember [Møterekkjer]: Møteansvarlege sender møterekkjer for vårhalvåret 2028 "
        "(januar–juni)\n"
    )


def test_html_embeds_the_picture_beside_the_list(runner: CliRunner) -> None:
    html = _wheel(runner, "--format", "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg " in html and "<?xml" not in html
    assert "<td>Nettverkssamling for BTI-nettverket <small>(Årshjul)</small></td>" in html


def test_html_escapes_what_the_data_says_in_the_picture_and_the_list(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The picture goes into the page unescaped, so every text in it must be escaped."""
    hostile = "<script>alert(1)</script> & samling"
    data = data_folder(municipality=MUNICIPALITY + WHEEL.replace("Vintersamling", hostile))

    result = runner.invoke(
        app, ["wheel", "-m", "testvik", "--year", "2027", "--format", "html", "--data", str(data)]
    )

    assert result.exit_code == 0, result.output
    html = result.stdout
    assert "<script>" not in html
    assert html.count("<svg ") == 1 and "&lt;svg" not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; samling"
    assert f"<title>{escaped}</title></path>" in html
    assert f"<td>{escaped} <small>(Årshjul)</small></td>" in html


def test_an_unknown_municipality_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["wheel", "-m", "inderøy", "--year", "2027", "--data", str(BUNDLED_DATA)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "samarbeid: --municipality: no municipality 'inderøy'; did you mean 'inderoy'? "
        "known: aukra, inderoy, selbu\n"
    )


def test_validate_warns_about_a_passed_milestone_not_marked_done(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(data_folder(municipality=MUNICIPALITY + WHEEL).parent)
    before = runner.invoke(app, ["validate", "data", "--today", "2027-03-01"])
    after = runner.invoke(app, ["validate", "data", "--today", "2027-12-01"])

    assert before.exit_code == 0, before.output
    assert "milestones" not in before.output
    assert after.exit_code == 0, after.output
    assert (
        "data/municipalities/testvik.yaml:41:7: annual_wheel.milestones[0]: 'Skriftlig "
        "tilbakemelding om planen' was due 2027-03-01 and is not marked done: true"
    ) in after.output
    assert "milestones[1]" not in after.output

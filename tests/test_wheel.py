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
    picture = Picture(svg)
    labels = [text for text in picture.texts if text.get("class") == "month"]
    assert ["".join(label.itertext()) for label in labels] == MONTHS_NB
    for activity in QUARTERS:
        assert activity in svg
    assert "Kontroll av aktive logger – Runde 3, november 2027" in svg
    # One arc per item, less those that run on into each other: two over the turn of the year,
    # and "Fagdag?" in January-March and again in April-June.
    assert len(_items(picture)) == len(_wheel(runner).splitlines()) - 2 - 3


def test_a_school_year_wheel_starts_in_august(runner: CliRunner) -> None:
    picture = Picture(_wheel(runner, "--school-year", "--format", "svg"))
    labels = ["".join(text.itertext()) for text in picture.texts if text.get("class") == "month"]
    assert labels == MONTHS_NB[7:] + MONTHS_NB[:7]
    table = _wheel(runner, "--school-year")
    assert table.splitlines()[0] == "Årshjul for tverrfaglig samarbeid med BTI som tema 2027-28"
    assert table.splitlines()[2].startswith("  1. august–september [Årshjul]: ")
    assert "Runde 1, februar 2028" in table and "Runde 3, november 2027" in table


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
        "Kontroll av aktive logger – Runde 1, februar 2027",
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
        "  3. februar [Kontroll av aktive loggar]: Kontroll av aktive loggar – "
        "Runde 1, februar 2027 – ansvarleg: Rektor\n"
        "  4. 1. mars [Fristar]: Skriftlig tilbakemelding om planen – ansvarleg: Koordinator\n"
        "  5. mai [Kontroll av aktive loggar]: Kontroll av aktive loggar – Runde 2, mai 2027 – "
        "ansvarleg: Rektor\n"
        "  6. juni [Møterekkjer]: Møteansvarlege sender møterekkjer for hausthalvåret 2027 "
        "(august–desember)\n"
        "  7. november–desember [Årshjul]: Vintersamling\n"
        "  8. november [Kontroll av aktive loggar]: Kontroll av aktive loggar – "
        "Runde 3, november 2027 – ansvarleg: Rektor\n"
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


# Issue 21: the picture read as a coordinator prints it. The SVG is parsed and its geometry
# checked: what stands on what, how wide a one-day item is, where the month names sit.
SVG = "{http://www.w3.org/2000/svg}"
BODY_PT = 11
"""The body size of the documents (Word's Normal style); the list may not be smaller."""
MIN_LABEL_PT = 8
MIN_ONE_DAY_DEGREES = 3.0
MIN_ONE_DAY_MM = 2.0


def _luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of #rrggbb."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_is_wcags() -> None:
    # The figures the issue measured: white on the old green and red.
    assert round(_contrast("#ffffff", "#59a14f"), 2) == 3.16
    assert round(_contrast("#ffffff", "#e15759"), 2) == 3.68
    assert round(_contrast("#000000", "#ffffff"), 1) == 21.0


class Picture:
    """The shapes and texts of a wheel SVG, with the geometry to find what lies under a point."""

    def __init__(self, svg: str) -> None:
        import xml.etree.ElementTree as ET

        self.root = ET.fromstring(svg.encode())
        view = [float(v) for v in self.root.get("viewBox", "").split()]
        self.units_per_mm = view[2] / float(self.root.get("width", "").removesuffix("mm"))
        self.guides = {
            path.get("id"): path.get("d", "")
            for defs in self.root.iter(f"{SVG}defs")
            for path in defs.iter(f"{SVG}path")
        }
        in_defs = {id(path) for defs in self.root.iter(f"{SVG}defs") for path in defs.iter()}
        self.shapes = [
            element
            for element in self.root.iter()
            if element.tag in (f"{SVG}rect", f"{SVG}path", f"{SVG}circle")
            and id(element) not in in_defs
            and element.get("fill", "black") != "none"
        ]
        self.texts = list(self.root.iter(f"{SVG}text"))
        circle = next(self.root.iter(f"{SVG}circle"))
        self.centre = (float(circle.get("cx", "")), float(circle.get("cy", "")))

    def pt(self, size: float) -> float:
        return size / self.units_per_mm / 0.3528

    def polar(self, x: float, y: float) -> tuple[float, float]:
        """(radius, turn fraction clockwise from the top) of a point."""
        import math

        dx, dy = x - self.centre[0], y - self.centre[1]
        return math.hypot(dx, dy), (math.atan2(dx, -dy) / (2 * math.pi)) % 1

    def point(self, radius: float, fraction: float) -> tuple[float, float]:
        import math

        angle = 2 * math.pi * fraction
        return (
            self.centre[0] + radius * math.sin(angle),
            self.centre[1] - radius * math.cos(angle),
        )

    def sector(self, d: str) -> tuple[float, float, float, float]:
        """(inner radius, outer radius, start, clockwise extent) of an annular sector path."""
        import re

        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
        # M x1,y1 A R,R 0 large 1 x2,y2 L x3,y3 A r,r 0 large 0 x4,y4 Z
        x1, y1, outer = numbers[0], numbers[1], numbers[2]
        x2, y2, inner = numbers[7], numbers[8], numbers[11]
        large = numbers[5]
        _, start = self.polar(x1, y1)
        _, end = self.polar(x2, y2)
        extent = (end - start) % 1
        if large and extent < 0.5:
            extent += 0.5 if extent == 0 else 0
        if extent < 1e-9:
            extent = 1.0
        return inner, outer, start, extent

    def contains(self, shape: object, x: float, y: float) -> bool:
        element = shape  # an Element
        tag = element.tag.removeprefix(SVG)  # type: ignore[attr-defined]
        get = element.get  # type: ignore[attr-defined]
        if tag == "rect":
            left, top = float(get("x", 0)), float(get("y", 0))
            return left <= x <= left + float(get("width")) and top <= y <= top + float(
                get("height")
            )
        if tag == "circle":
            radius, _ = self.polar(x, y)
            return radius <= float(get("r"))
        inner, outer, start, extent = self.sector(get("d"))
        radius, fraction = self.polar(x, y)
        return inner <= radius <= outer and (fraction - start) % 1 <= extent

    def under(self, x: float, y: float) -> object:
        """The topmost shape at the point."""
        return [shape for shape in self.shapes if self.contains(shape, x, y)][-1]

    def text_points(self, text: object) -> list[tuple[float, float]]:
        """Points inside the glyphs of a text: its middle, and its ends by a width estimate."""
        element = text
        get = element.get  # type: ignore[attr-defined]
        size = float(get("font-size"))
        words = "".join(element.itertext())  # type: ignore[attr-defined]
        width = _width(words, size)
        on_path = element.find(f"{SVG}textPath")  # type: ignore[attr-defined]
        if on_path is None:
            x, y = float(get("x")), float(get("y")) - 0.35 * size
            anchor = get("text-anchor", "start")
            left = x - width / 2 if anchor == "middle" else x
            # The middle, and the corners of the box the glyphs mostly fill.
            return [(left + width / 2, y)] + [
                (left + share * width, y + rise * size)
                for share in (0.1, 0.9)
                for rise in (-0.3, 0.3)
            ]
        points = []
        for line in element.iter(f"{SVG}textPath"):  # type: ignore[attr-defined]
            radius, start, extent, clockwise = self.guide(line)
            # Glyphs stand to the left of the path: outwards on a clockwise guide. Points just
            # above the baseline, in the middle of the letters and near the top of capitals.
            side = 1 if clockwise else -1
            half = _width(line.text or "", size) / 2 / (2 * 3.141592653589793 * radius)
            mid = start + (extent / 2 if clockwise else -extent / 2)
            points += [
                self.point(radius + side * rise * size, mid + share * half)
                for share in (-0.8, 0.0, 0.8)
                for rise in (0.05, 0.35, 0.68)
            ]
        return points

    def guide(self, on_path: object) -> tuple[float, float, float, bool]:
        """(radius, start, extent, clockwise) of the arc a textPath follows."""
        import re

        href = on_path.get("href") or on_path.get("{http://www.w3.org/1999/xlink}href")  # type: ignore[attr-defined]
        d = self.guides[href.removeprefix("#")]
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
        x1, y1, radius, sweep, x2, y2 = (
            numbers[0],
            numbers[1],
            numbers[2],
            numbers[6],
            numbers[7],
            numbers[8],
        )
        _, start = self.polar(x1, y1)
        _, end = self.polar(x2, y2)
        clockwise = sweep == 1
        extent = (end - start) % 1 if clockwise else (start - end) % 1
        return radius, start, extent, clockwise


def _width(text: str, size: float) -> float:
    """A generous estimate of Arial's advance width, so that a test errs on the strict side."""
    narrow = set("ijlfrtI.,:;'|!()[]/- ")
    wide = set("mwMWÆæ")
    return size * sum(
        0.35 if c in narrow else 0.9 if c in wide else 0.72 if c.isupper() else 0.58 for c in text
    )


def _picture(runner: CliRunner, *options: str, data: Path | None = None) -> Picture:
    arguments = (
        [*INDEROY, *options, "--format", "svg"]
        if data is None
        else [
            "wheel",
            "-m",
            "testvik",
            "--year",
            "2027",
            *options,
            "--format",
            "svg",
            "--data",
            str(data),
        ]
    )
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    return Picture(result.stdout)


@pytest.fixture
def testvik_wheel(data_folder: DataFolder) -> Path:
    return data_folder(municipality=MUNICIPALITY + WHEEL)


@pytest.mark.parametrize(
    "options", [[], ["--school-year"], ["testvik"]], ids=["calendar", "school-year", "one-day"]
)
def test_every_text_stands_on_a_fill_with_at_least_4_5_to_1_contrast(
    runner: CliRunner, options: list[str], testvik_wheel: Path
) -> None:
    picture = (
        _picture(runner, data=testvik_wheel)
        if options == ["testvik"]
        else _picture(runner, *options)
    )
    for shape in picture.shapes:
        assert shape.get("fill-opacity") is None and shape.get("opacity") is None
    assert picture.texts
    for text in picture.texts:
        fill = text.get("fill", "#000000")
        unders = {id(picture.under(x, y)) for x, y in picture.text_points(text)}
        if text.get("class") in ("label", "number", "month"):
            # Within its own arc, not spilling onto the next one of the same colour.
            assert len(unders) == 1, "".join(text.itertext())
        for x, y in picture.text_points(text):
            under = picture.under(x, y)
            ratio = _contrast(fill, under.get("fill"))  # type: ignore[attr-defined]
            assert ratio >= 4.5, ("".join(text.itertext()), fill, under.get("fill"), ratio)  # type: ignore[attr-defined]


def _items(picture: Picture) -> list[tuple[str, float, float, float, float]]:
    """(title, inner, outer, start, extent) of every item drawn on the rings."""
    result = []
    for shape in picture.shapes:
        title = shape.find(f"{SVG}title")
        if shape.tag == f"{SVG}path" and title is not None:
            result.append((title.text or "", *picture.sector(shape.get("d", ""))))
    return result


@pytest.mark.parametrize("options", [[], ["--school-year"]], ids=["calendar", "school-year"])
def test_each_item_is_drawn_once(runner: CliRunner, options: list[str]) -> None:
    """One activity over the turn of the year is one arc across the top, not two that touch."""
    items = _items(_picture(runner, *options))
    for index, (title, inner, outer, start, extent) in enumerate(items):
        for other in items[index + 1 :]:
            if other[0] != title or (other[1], other[2]) != (inner, outer):
                continue
            touching = min(
                abs((start + extent - other[3] + 0.5) % 1 - 0.5),
                abs((other[3] + other[4] - start + 0.5) % 1 - 0.5),
            )
            assert touching > 0.01, f"{title!r} drawn twice, end to end"
    titles = [title for title, *_ in items]
    fagdager = [t for t in titles if t.startswith("Fagdager ansatte")]
    assert len(fagdager) == 1
    # Two months apart in the data (March and October), so two arcs.
    assert sum(t.startswith("Felles fagdag for ledere") for t in titles) == 2


def test_a_one_day_item_is_an_arc_of_visible_width(runner: CliRunner, testvik_wheel: Path) -> None:
    import math

    picture = _picture(runner, data=testvik_wheel)
    (milestone,) = [item for item in _items(picture) if item[0].startswith("Skriftlig")]
    _, inner, _, start, extent = milestone
    assert extent * 360 >= MIN_ONE_DAY_DEGREES
    assert 2 * math.pi * inner * extent / picture.units_per_mm >= MIN_ONE_DAY_MM
    # Centred on its day, 1 March: two months and half a day into the year.
    middle = (start + extent / 2) % 1
    assert abs(middle - (2 + 0.5 / 31) / 12) < 0.002


@pytest.mark.parametrize(
    ("options", "months"),
    [([], MONTHS_NB), (["--school-year"], MONTHS_NB[7:] + MONTHS_NB[:7])],
    ids=["calendar", "school-year"],
)
def test_month_labels_are_whole_and_inside_the_month_band(
    runner: CliRunner, options: list[str], months: list[str]
) -> None:
    picture = _picture(runner, *options)
    labels = [text for text in picture.texts if text.get("class") == "month"]
    bands = [shape for shape in picture.shapes if shape.get("class") == "month-band"]
    assert ["".join(label.itertext()) for label in labels] == months
    assert len(bands) == 12
    band_inner = min(picture.sector(band.get("d", ""))[0] for band in bands)
    band_outer = max(picture.sector(band.get("d", ""))[1] for band in bands)
    # No ring reaches into the band.
    assert max(outer for _, _, outer, _, _ in _items(picture)) <= band_inner
    for index, label in enumerate(labels):
        size = float(label.get("font-size", ""))
        on_path = label.find(f"{SVG}textPath")
        assert on_path is not None
        radius, _, extent, clockwise = picture.guide(on_path)
        # Ascenders 0.75 em above the baseline, descenders 0.25 em below it.
        low, high = (radius - 0.25 * size, radius + 0.75 * size)
        if not clockwise:
            low, high = radius - 0.75 * size, radius + 0.25 * size
        assert band_inner <= low and high <= band_outer, label
        # The whole word fits on its guide, so no letter falls off its end.
        assert _width("".join(label.itertext()), size) <= 2 * 3.14159 * radius * extent
        # And the shape under every part of it is its own month's band.
        for x, y in picture.text_points(label):
            assert picture.under(x, y) is bands[index]


def test_labels_stand_on_the_wheel_where_they_fit_and_the_rest_in_a_list_at_body_size(
    runner: CliRunner,
) -> None:
    picture = _picture(runner)
    on_wheel = {
        " ".join(line.text or "" for line in text.iter(f"{SVG}textPath"))
        for text in picture.texts
        if text.get("class") == "label"
    }
    listed = ["".join(text.itertext()) for text in picture.texts if text.get("class") == "list"]
    numbers = {"".join(text.itertext()) for text in picture.texts if text.get("class") == "number"}
    assert "Nettverkssamling for BTI-nettverket" in on_wheel
    assert "Nettverkssamling for ressurspersoner" in on_wheel
    # The long ones are numbered on their arc and listed below.
    assert any("Fagdager ansatte" in line for line in listed)
    for line in listed:
        if line[:1].isdigit():
            assert line.split(".")[0] in numbers
    assert not any("Nettverkssamling for BTI-nettverket" in line for line in listed)
    for text in picture.texts:
        if text.get("class") == "list":
            assert picture.pt(float(text.get("font-size", ""))) >= BODY_PT
        if text.get("class") in ("label", "number", "month"):
            assert picture.pt(float(text.get("font-size", ""))) >= MIN_LABEL_PT
    # Every item is somewhere: on the wheel or in the list.
    table = _wheel(runner).splitlines()[2:]
    everything = " ".join(on_wheel) + " ".join(listed)
    for line in table:
        title = line.split("]: ", 1)[1].split(" – ansvarlig")[0]
        assert title in everything, title


_PROBE = """
<script>
window.addEventListener('load', function () {
  var out = [];
  var boxes = [];
  document.querySelectorAll('svg text').forEach(function (text, index) {
    var kind = text.getAttribute('class') || '';
    var offset = 0;
    text.querySelectorAll('textPath').forEach(function (path) {
      var guide = document.getElementById(path.getAttribute('href').slice(1));
      var count = path.textContent.length;
      var length = text.getSubStringLength(offset, count);
      var room = guide.getTotalLength();
      out.push('fit ' + kind + ' ' + length.toFixed(1) + ' ' + room.toFixed(1) + ' '
               + path.textContent);
      offset += count;
    });
    for (var i = 0; i < text.getNumberOfChars(); i++) {
      var box = text.getExtentOfChar(i);
      boxes.push([index, kind, box.x, box.y, box.width, box.height]);
    }
  });
  boxes.forEach(function (a) {
    if (a[1] !== 'month') return;
    boxes.forEach(function (b) {
      if (a[0] === b[0]) return;
      // Shrunk by a fifth: glyph boxes include the line's ascent and descent.
      var ax = a[4] * 0.2, ay = a[5] * 0.2, bx = b[4] * 0.2, by = b[5] * 0.2;
      if (a[2] + ax < b[2] + b[4] - bx && b[2] + bx < a[2] + a[4] - ax &&
          a[3] + ay < b[3] + b[5] - by && b[3] + by < a[3] + a[5] - ay) {
        out.push('overlap ' + a[0] + ' ' + b[0] + ' ' + b[1]);
      }
    });
  });
  document.body.setAttribute('data-probe', out.join('\\n'));
});
</script>
"""


@pytest.mark.parametrize("options", [[], ["--school-year"]], ids=["calendar", "school-year"])
def test_in_chromium_every_curved_text_fits_its_arc_and_no_month_name_is_covered(
    runner: CliRunner, tmp_path: Path, options: list[str]
) -> None:
    import html
    import re

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("SAMARBEID_REQUIRE_CHROMIUM"):
            pytest.fail("chromium is required (SAMARBEID_REQUIRE_CHROMIUM) but not installed")
        pytest.skip("chromium is not installed")
    page = tmp_path / "arshjul.html"
    page.write_text(
        _wheel(runner, *options, "--format", "html").replace("</body>", _PROBE + "</body>"),
        encoding="utf-8",
    )
    dom = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--window-size=1400,1000",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    match = re.search(r'data-probe="([^"]*)"', dom)
    assert match, dom[-500:]
    lines = html.unescape(match[1]).splitlines()
    fits = [line.split(" ", 4) for line in lines if line.startswith("fit ")]
    assert sum(kind == "month" for _, kind, *_ in fits) == 12
    assert any(kind == "label" for _, kind, *_ in fits)
    for _, kind, length, room, words in fits:
        # textPath drops every letter past the end of its path.
        assert float(length) <= float(room), (kind, words, length, room)
    assert [line for line in lines if line.startswith("overlap ")] == []

"""Word files a kommune can send as they are (issue 21): A4 with Norwegian margins, the
målform as the proofing language, the municipality as author, headings the navigation pane
shows, tables that print and whose columns fit the page."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Length
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from samarbeid_cli.loading.workspace import load
from tests.conftest import DataFolder, app
from tests.decided import DECIDED_DATA

# Word's own cell margins (0.19 cm each side) and a narrow letter of 11 pt Calibri.
CELL_MARGINS = Cm(0.38)
NARROW_LETTER = Cm(0.18)


def _emu(length: Length | None) -> int:
    assert length is not None
    return int(length)


def _style(paragraph: Paragraph) -> str:
    assert paragraph.style is not None
    return str(paragraph.style.name)


def _cases() -> list[tuple[str, list[str]]]:
    """Every kind of Word document samarbeid writes, for every bundled municipality."""
    from samarbeid_cli.services.agenda import series_of
    from samarbeid_cli.services.periods import Period

    workspace = load(DECIDED_DATA).workspace
    cases = []
    for municipality in sorted(workspace.municipalities):
        arenas = workspace.arenas_of(municipality)
        series = next(
            s for s in series_of(workspace, municipality, arenas, Period(2027, 1)) if s.meetings
        )
        day = series.meetings[0].start.date().isoformat()
        meeting = ["-m", municipality, "-a", series.arena_slug, "--date", day]
        cases += [
            (municipality, ["agenda", *meeting]),
            (municipality, ["minutes", *meeting]),
            (municipality, ["routine", "-m", municipality, "-a", series.routine_slug]),
            (municipality, ["overview", "-m", municipality]),
        ]
    cases.append(("inderoy", ["checklist", "-m", "inderoy", "--round", "2027-1"]))
    return cases


def _written(runner: CliRunner, args: list[str], target: Path, data: Path) -> list[Path]:
    is_checklist = args[0] == "checklist"
    out = target.parent / "kontroll" if is_checklist else target
    result = runner.invoke(app, [*args, "-f", "docx", "--out", str(out), "--data", str(data)])
    assert result.exit_code == 0, result.output
    return sorted(out.iterdir()) if is_checklist else [out]


def _languages(document: Document) -> set[str | None]:
    """The proofing language of the defaults, of every style and of every run."""
    styles = document.styles.element
    found = {
        element.get(qn("w:val")) for element in styles.find(qn("w:docDefaults")).iter(qn("w:lang"))
    }
    for style in document.styles:
        if style.type == 4:  # numbering styles carry no run properties
            continue
        language = style.element.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        found.add(None if language is None else language.get(qn("w:val")))
    for run in document.element.body.iter(qn("w:r")):
        language = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        found.add(None if language is None else language.get(qn("w:val")))
    return found


def _assert_word_document(path: Path, municipality: str) -> None:
    record = load(DECIDED_DATA).workspace.municipalities[municipality]
    document = docx.Document(str(path))
    section = document.sections[0]
    # A4 (to the twip, turned where a table needs it) with 2.5 cm margins all round.
    size = sorted((_emu(section.page_width), _emu(section.page_height)))
    assert abs(size[0] - Cm(21)) < 635
    assert abs(size[1] - Cm(29.7)) < 635
    for margin in (section.left_margin, section.right_margin, section.top_margin):
        assert abs(_emu(margin) - Cm(2.5)) < 635
    assert _languages(document) == {f"{record.malform}-NO"}
    properties = document.core_properties
    headings = [p for p in document.paragraphs if _style(p).startswith("Heading")]
    assert headings, "no headings"
    assert _style(headings[0]) == "Heading 1"
    assert properties.title == headings[0].text
    assert properties.subject
    assert properties.author == record.name
    assert properties.last_modified_by == record.name
    assert properties.language == f"{record.malform}-NO"
    shown = [properties.title, properties.subject, properties.author, properties.comments]
    assert not any("python-docx" in text for text in shown)
    for heading in headings:
        assert heading.style is not None
        level = heading.style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert level is not None, _style(heading)
        assert int(level.get(qn("w:val"))) == int(_style(heading).split()[-1]) - 1
    width = _emu(section.page_width) - _emu(section.left_margin) - _emu(section.right_margin)
    for table in document.tables:
        properties_xml = table._tbl.tblPr
        assert properties_xml.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        assert properties_xml.find(qn("w:tblBorders")) is not None
        columns = [column.width for column in table.columns]
        assert 0 <= width - sum(columns) < 635  # to the twip
        for index, column_width in enumerate(columns):
            words = [word for cell in table.columns[index].cells for word in cell.text.split()]
            longest = max((len(word) for word in words), default=0)
            assert column_width >= longest * NARROW_LETTER + CELL_MARGINS, (
                table.columns[index].cells[0].text
            )
            assert all(cell.width == column_width for cell in table.columns[index].cells)


@pytest.mark.parametrize(
    ("municipality", "args"),
    _cases(),
    ids=lambda value: "-".join(value[:1]) if isinstance(value, list) else value,
)
def test_every_word_document_is_a4_norwegian_and_the_municipalitys(
    runner: CliRunner, tmp_path: Path, municipality: str, args: list[str]
) -> None:
    for path in _written(runner, args, tmp_path / "document.docx", DECIDED_DATA):
        _assert_word_document(path, municipality)


def test_the_attendance_table_fits_the_page_without_breaking_a_word(
    runner: CliRunner, tmp_path: Path
) -> None:
    (path,) = _written(
        runner,
        ["minutes", "-m", "selbu", "-a", "samordningsteam-barn-og-unge", "--date", "2027-02-12"],
        tmp_path / "referat.docx",
        DECIDED_DATA,
    )
    (table,) = docx.Document(str(path)).tables
    widths = [column.width.cm for column in table.columns]

    assert round(sum(widths), 2) == 16.0
    # "koordineringskontoret" and "fysioterapitjenesten" are the longest words.
    assert widths[0] > 4.2 and widths[1] > 4.0
    assert all(width > 1.5 for width in widths[2:])


def test_a_checklist_in_word_has_headings_tick_boxes_and_a_table(
    runner: CliRunner, tmp_path: Path
) -> None:
    paths = _written(
        runner,
        ["checklist", "-m", "inderoy", "--round", "2027-1"],
        tmp_path / "x.docx",
        DECIDED_DATA,
    )
    document = docx.Document(str(paths[0]))
    styles = [_style(p) for p in document.paragraphs]

    assert styles[0] == "Heading 1"
    assert "Heading 2" in styles
    boxes = [p for p in document.paragraphs if p.text.startswith("\u2610 ")]
    assert boxes and all(not _style(p).startswith("List Bullet") for p in boxes)


def _reference(path: Path) -> None:
    """A letterhead as a municipality makes one in Word: header, footer, own margins."""
    document = docx.Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(3)
    section.header.paragraphs[0].text = "Testvik kommune – Oppvekst"
    section.footer.paragraphs[0].text = "Rådhusgata 1, 9999 Testvik"
    document.add_paragraph("Dette er malens egen tekst og skal ikke med.")
    document.save(str(path))


def test_a_reference_document_gives_every_word_file_the_letterhead(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    data = data_folder()
    reference = data.parent / "templates" / "documents" / "reference.docx"
    reference.parent.mkdir(parents=True)
    _reference(reference)
    target = tmp_path / "rutine.docx"

    result = runner.invoke(
        app,
        ["routine", "-m", "testvik", "-a", "testteam", "-f", "docx", "--out", str(target),
         "--data", str(data)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Testvik kommune – Oppvekst"
    assert section.footer.paragraphs[0].text == "Rådhusgata 1, 9999 Testvik"
    assert abs(_emu(section.left_margin) - Cm(3)) < 635
    assert abs(_emu(section.page_width) - Cm(21)) < 635
    texts = [p.text for p in document.paragraphs]
    assert "Dette er malens egen tekst og skal ikke med." not in texts
    assert _style(document.paragraphs[0]) == "Heading 1"


def test_a_reference_document_that_is_not_word_is_refused_with_its_name(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    data = data_folder()
    reference = data.parent / "templates" / "documents" / "reference.docx"
    reference.parent.mkdir(parents=True)
    reference.write_text("not a zip", encoding="utf-8")
    target = tmp_path / "rutine.docx"

    result = runner.invoke(
        app,
        ["routine", "-m", "testvik", "-a", "testteam", "-f", "docx", "--out", str(target),
         "--data", str(data)],
    )  # fmt: skip

    assert result.exit_code == 1
    assert "templates/documents/reference.docx: is not a Word document (.docx)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not target.exists()

"""Word documents (.docx) from a document's Markdown: real Word headings, lists and tables,
so that archives (Elements, ePhorte) and staff get a document Word understands.

Every document is A4 with the margins of Word's Norwegian normal template (2.5 cm), has the
målform (`nb-NO` or `nn-NO`) as the proofing language of every style and run, and names the
municipality as its author. A municipality's letterhead comes from a reference document,
`templates/documents/reference.docx` in its workspace: its styles, fonts, page set-up,
header and footer (with a logo) are kept, its body text is not.
"""

from __future__ import annotations

import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.reading import display

LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO"}
A4_WIDTH = Cm(21.0)
A4_HEIGHT = Cm(29.7)
MARGIN = Cm(2.5)
# The reference document's name inside a workspace's `templates/`.
REFERENCE = Path("documents") / "reference.docx"
# About how wide one character of 11 pt body text is (Calibri's average is 0.19 cm), and what
# a cell's margins take (Word's are 0.19 cm each side): enough to give each column at least its
# longest word, so that no word breaks in the middle.
_CHARACTER = Cm(0.2)
_CELL_PADDING = Cm(0.4)
_BOX = "\u2610"
_TWIP = 635


@dataclass(frozen=True)
class Properties:
    """What Word shows under File > Info: the title comes from the first heading."""

    author: str
    subject: str
    lang: str


def reference_document(overrides: Path | None) -> Path | None:
    """The workspace's `templates/documents/reference.docx`, if it has one.

    Raises:
        InputError: It is a symbolic link or not a regular file (as for templates).
    """
    if overrides is None:
        return None
    path = overrides / REFERENCE
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode) or not stat.S_ISREG(mode):
        raise InputError(
            _(
                "{path}: is not a regular file; a reference document must be a .docx file "
                "inside the workspace's templates/ folder"
            ).format(path=display(path))
        )
    return path


def _blank(reference: Path | None) -> Any:
    """A new document: the reference document emptied of its text, or python-docx's own."""
    if reference is None:
        return Document()
    try:
        document = Document(str(reference))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, SyntaxError) as err:
        # lxml's XMLSyntaxError is a SyntaxError
        raise InputError(
            _("{path}: is not a Word document (.docx) that can be read: {error}").format(
                path=display(reference), error=err
            )
        ) from err
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _set_language(element: Any, lang: str) -> None:
    """`<w:lang>` of a run's or style's properties set to the målform (East Asian too)."""
    properties = element.get_or_add_rPr()
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), lang)


def _language_everywhere(document: Any, lang: str) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    default_run = defaults.find(qn("w:rPrDefault"))
    if default_run is None:
        default_run = OxmlElement("w:rPrDefault")
        defaults.insert(0, default_run)
    if default_run.find(qn("w:rPr")) is None:
        default_run.append(OxmlElement("w:rPr"))
    run_properties = default_run.find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), lang)
    language.set(qn("w:eastAsia"), lang)
    for style in document.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            _set_language(style.element, lang)
    for run in document.element.body.iter(qn("w:r")):
        _set_language(run, lang)


def _a4(document: Any, keep_margins: bool, landscape: bool) -> None:
    for section in document.sections:
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width = A4_HEIGHT if landscape else A4_WIDTH
        section.page_height = A4_WIDTH if landscape else A4_HEIGHT
        if not keep_margins:
            for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
                setattr(section, side, MARGIN)
            section.header_distance = Cm(1.25)
            section.footer_distance = Cm(1.25)


def text_width(document: Any) -> Length:
    """The width between the margins of the document's last section."""
    section = document.sections[-1]
    return Length(section.page_width - section.left_margin - section.right_margin)


def _heading_styles(document: Any) -> None:
    """Heading 1-4 as Word's navigation pane finds them: built-in names, outline levels."""
    names = {style.name for style in document.styles}
    for level in range(1, 5):
        name = f"Heading {level}"
        if name not in names:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles["Normal"]
            style.font.bold = True
            style.font.size = Pt({1: 16, 2: 13, 3: 12, 4: 11}[level])
            style.paragraph_format.keep_with_next = True
        style = document.styles[name]
        paragraph = style.element.get_or_add_pPr()
        outline = paragraph.find(qn("w:outlineLvl"))
        if outline is None:
            outline = OxmlElement("w:outlineLvl")
            paragraph.append(outline)
        outline.set(qn("w:val"), str(level - 1))


def _add_inline(paragraph: Paragraph, inline: Token, bold: bool = False) -> None:
    strong = emphasis = False
    children = inline.children or []
    for position, child in enumerate(children):
        if child.type == "strong_open":
            strong = True
        elif child.type == "strong_close":
            strong = False
        elif child.type == "em_open":
            emphasis = True
        elif child.type == "em_close":
            emphasis = False
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()
        elif child.type in ("text", "code_inline"):
            text = child.content
            if position == 0 and (text == "[ ]" or text.startswith("[ ] ")):
                text = _BOX + text[3:]
            run = paragraph.add_run(text)
            run.bold = strong or bold
            run.italic = emphasis


def _columns(rows: list[list[str]]) -> list[list[str]]:
    count = max(len(row) for row in rows)
    return [[row[column] if column < len(row) else "" for row in rows] for column in range(count)]


def _floor(column: list[str]) -> int:
    """The width a column needs for its longest word."""
    longest = max((len(word) for cell in column for word in cell.split()), default=1)
    return int(longest * _CHARACTER + _CELL_PADDING)


def _table_rows(tokens: list[Token], start: int) -> tuple[list[list[Token]], int]:
    """The cells of the table that starts at `tokens[start]`, and the index after it."""
    rows: list[list[Token]] = []
    index = start
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token)
        index += 1
    return rows, index + 1


def _needs_landscape(tokens: list[Token], portrait_width: int) -> bool:
    """Whether a table's longest words do not fit side by side across a portrait page."""
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            rows, _ = _table_rows(tokens, index)
            cells = [[cell.content for cell in row] for row in rows]
            if sum(_floor(column) for column in _columns(cells)) > portrait_width:
                return True
    return False


def column_widths(rows: list[list[str]], total: int) -> list[int]:
    """Widths (EMU) that add up to `total`: each column gets its longest word at least, and
    what is left goes to the columns whose text is longer than that."""
    cells = _columns(rows)
    floor = [_floor(column) for column in cells]
    wanted = [
        max(max((len(cell) for cell in column), default=1) * _CHARACTER + _CELL_PADDING, low)
        for column, low in zip(cells, floor, strict=True)
    ]
    if sum(floor) >= total:
        widths = [low * total / sum(floor) for low in floor]
    elif sum(wanted) <= total:
        widths = [want * total / sum(wanted) for want in wanted]
    else:
        spare = total - sum(floor)
        growth = [want - low for want, low in zip(wanted, floor, strict=True)]
        widths = [low + spare * grow / sum(growth) for low, grow in zip(floor, growth, strict=True)]
    # Word keeps widths in twips (635 EMU): whole twips, the last column takes what is left.
    twips = [int(width) // _TWIP for width in widths]
    twips[-1] = total // _TWIP - sum(twips[:-1])
    return [width * _TWIP for width in twips]


def _borders(table: Any) -> None:
    """Single black lines round every cell, whatever the table style draws on screen."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    properties.append(borders)


def _table(document: Any, tokens: list[Token], start: int) -> int:
    """Add the table that starts at `tokens[start]`; return the index after it."""
    rows, after = _table_rows(tokens, start)
    columns = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=columns)
    if "Table Grid" in {style.name for style in document.styles}:
        table.style = "Table Grid"
    _borders(table)
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    widths = column_widths([[cell.content for cell in row] for row in rows], text_width(document))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    for row_index, row in enumerate(rows):
        for column, inline in enumerate(row):
            paragraph = table.cell(row_index, column).paragraphs[0]
            _add_inline(paragraph, inline, bold=row_index == 0)
    # The header row repeats on every page, as Word's own "Repeat as header row" does, and no
    # row is split over two pages.
    for row_index, row in enumerate(table.rows):
        row_properties = row._tr.get_or_add_trPr()
        keep = OxmlElement("w:cantSplit")
        row_properties.append(keep)
        if row_index == 0:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            row_properties.append(repeat)
    return after


def _properties(document: Any, properties: Properties, title: str) -> None:
    core = document.core_properties
    core.title = title
    core.subject = properties.subject
    core.author = properties.author
    core.last_modified_by = properties.author
    core.comments = ""
    core.keywords = ""
    core.language = LANGUAGE[properties.lang]


def from_markdown(markdown: str, properties: Properties, reference: Path | None = None) -> bytes:
    """The Markdown as a .docx: `#`-headings become Heading 1-4, lists and tables Word's own.

    Args:
        markdown: The document's text.
        properties: Author (the municipality), subject and målform.
        reference: A reference document whose styles, page, header and footer to use.
    """
    tokens = MarkdownIt("js-default").parse(markdown)
    document = _blank(reference)
    portrait = document.sections[-1]
    margins = portrait.left_margin + portrait.right_margin if reference else 2 * MARGIN
    # A table too wide for a portrait page (the overview's) turns the page, still A4.
    landscape = _needs_landscape(tokens, A4_WIDTH - margins)
    _a4(document, keep_margins=reference is not None, landscape=landscape)
    _heading_styles(document)
    lists: list[str] = []
    names = {style.name for style in document.styles}
    title = ""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = document.add_paragraph(style=f"Heading {min(level, 4)}")
            _add_inline(heading, tokens[index + 1])
            if level == 1 and not title:
                title = tokens[index + 1].content
            index += 3
            continue
        if token.type == "table_open":
            index = _table(document, tokens, index)
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if token.type == "bullet_list_open" else "List Number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "inline":
            style = lists[-1] if lists and lists[-1] in names else None
            first_in_item = index >= 2 and tokens[index - 2].type == "list_item_open"
            # A tick-box item (`- [ ] ...`) has its box and no bullet besides.
            if token.content.startswith("[ ] "):
                style = "List Paragraph" if "List Paragraph" in names else None
            paragraph = document.add_paragraph(style=style if first_in_item else None)
            _add_inline(paragraph, token)
        index += 1
    _properties(document, properties, title)
    _language_everywhere(document, LANGUAGE[properties.lang])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

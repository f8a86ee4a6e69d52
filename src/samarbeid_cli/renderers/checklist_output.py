"""Log-control checklists as Markdown (from templates/checklist), HTML or a Word document.

HTML and .docx are made from the same Markdown text, so the three say the same words: each
line is a heading, a tick-box item, a table row or a paragraph.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from xml.sax.saxutils import escape

from babel.dates import format_date

from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.renderers import documents
from samarbeid_cli.services.checklist import UnitChecklist


def markdown(checklist: UnitChecklist, municipality: Municipality) -> str:
    """One unit's checklist as Markdown with tick boxes."""
    first_day = checklist.round.first_day
    logs = (
        None
        if checklist.logs is None
        else [
            {
                "log_id": log.log_id,
                "holder": log.holder,
                "problems": [problem.value for problem in log.problems],
            }
            for log in checklist.logs
        ]
    )
    return documents.render(
        "checklist/unit",
        municipality.malform,
        round=str(checklist.round),
        unit=checklist.unit,
        municipality=municipality.name,
        month=format_date(first_day, "LLLL y", locale=municipality.malform),
        responsible=", ".join(checklist.responsible),
        checks=checklist.checks,
        archiving=checklist.archiving_triggers,
        logs=logs,
        as_of=first_day.strftime("%d.%m.%Y"),
    )


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def to_html(text: str, language: str) -> str:
    """A standalone page from the checklist's Markdown (the few forms it uses)."""
    body: list[str] = []
    in_list = in_table = False
    for line in text.splitlines():
        if in_list and not line.startswith("- "):
            body.append("</ul>")
            in_list = False
        if in_table and not line.startswith("|"):
            body.append("</table>")
            in_table = False
        if line.startswith("# "):
            title = html.escape(line[2:])
            body.append(f"<h1>{title}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("- [ ] "):
            if not in_list:
                body.append('<ul class="checks">')
                in_list = True
            body.append(f'<li><label><input type="checkbox"> {html.escape(line[6:])}</label></li>')
        elif line.startswith("|"):
            cells = _cells(line)
            if all(re.fullmatch(r"-+", cell) for cell in cells):
                continue
            tag = "th" if not in_table else "td"
            if not in_table:
                body.append("<table>")
                in_table = True
            row = "".join(
                f"<{tag}>{'&#9744;' if cell == '[ ]' else html.escape(cell)}</{tag}>"
                for cell in cells
            )
            body.append(f"<tr>{row}</tr>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        body.append("</ul>")
    if in_table:
        body.append("</table>")
    heading = next((line[2:] for line in text.splitlines() if line.startswith("# ")), "")
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(heading)}</title>\n<style>body{{font-family:Arial,sans-serif;"
        "margin:2em}ul.checks{list-style:none;padding-left:0}td,th{border:1px solid #999;"
        "padding:.3em .6em;text-align:left}table{border-collapse:collapse}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _paragraph(text: str, size: int = 22, bold: bool = False) -> str:
    style = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f'<w:p><w:r>{style}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def to_docx(text: str) -> bytes:
    """A minimal Word document (WordprocessingML) from the checklist's Markdown."""
    paragraphs = []
    for line in text.splitlines():
        if line.startswith("# "):
            paragraphs.append(_paragraph(line[2:], 32, bold=True))
        elif line.startswith("## "):
            paragraphs.append(_paragraph(line[3:], 26, bold=True))
        elif line.startswith("- [ ] "):
            paragraphs.append(_paragraph(f"\u2610 {line[6:]}"))
        elif line.startswith("|"):
            cells = _cells(line)
            if not all(re.fullmatch(r"-+", cell) for cell in cells):
                shown = ["\u2610" if cell == "[ ]" else cell for cell in cells]
                paragraphs.append(_paragraph("    ".join(shown)))
        elif line.strip():
            paragraphs.append(_paragraph(line))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document),
        ):
            # A fixed time stamp: the same checklist gives the same bytes.
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def file_stem(unit: str) -> str:
    """A unit's name as a file name: "Helsestasjonen" -> "helsestasjonen"."""
    text = unit.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "enhet"


def encoded(text: str, output_format: str, language: str) -> bytes:
    """The checklist's Markdown as the bytes of an .md, .html or .docx file."""
    if output_format == "docx":
        return to_docx(text)
    if output_format == "html":
        return to_html(text, language).encode()
    return text.encode()

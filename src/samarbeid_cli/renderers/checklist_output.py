"""Log-control checklists as Markdown (from templates/checklist), HTML or a Word document.

HTML and .docx are made from the same Markdown text, so the three say the same words: each
line is a heading, a tick-box item, a table row or a paragraph.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

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
        round=checklist.round.number,
        round_name=checklist.round.name(municipality.malform),
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


def to_docx(text: str, language: str, author: str, reference: Path | None = None) -> bytes:
    """The checklist as a Word document: real headings, tick boxes and a table."""
    from samarbeid_cli.renderers import docx

    title = next((line[2:] for line in text.splitlines() if line.startswith("# ")), "")
    properties = docx.Properties(author=author, subject=title, lang=language)
    return docx.from_markdown(text, properties, reference)


def file_stem(unit: str) -> str:
    """A unit's name as a file name: "Helsestasjonen" -> "helsestasjonen"."""
    text = unit.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "enhet"


def encoded(
    text: str, output_format: str, language: str, author: str = "", reference: Path | None = None
) -> bytes:
    """The checklist's Markdown as the bytes of an .md, .html or .docx file."""
    if output_format == "docx":
        return to_docx(text, language, author, reference)
    if output_format == "html":
        return to_html(text, language).encode()
    return text.encode()

"""Word documents (.docx) from a document's Markdown: real Word headings, lists and tables,
so that archives (Elements, ePhorte) and staff get a document Word understands."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

_LANGUAGE = {"nb": "nb-NO", "nn": "nn-NO"}


def _add_inline(paragraph: Paragraph, inline: Token, bold: bool = False) -> None:
    strong = emphasis = False
    for child in inline.children or []:
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
            run = paragraph.add_run(child.content)
            run.bold = strong or bold
            run.italic = emphasis


def _table(document: Any, tokens: list[Token], start: int) -> int:
    """Add the table that starts at `tokens[start]`; return the index after it."""
    rows: list[list[Token]] = []
    index = start
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(token)
        index += 1
    table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
    table.style = "Table Grid"
    for row_index, row in enumerate(rows):
        for column, inline in enumerate(row):
            paragraph = table.cell(row_index, column).paragraphs[0]
            _add_inline(paragraph, inline, bold=row_index == 0)
    # The header row repeats on every page, as Word's own "Repeat as header row" does.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    return index + 1


def from_markdown(markdown: str, lang: str) -> bytes:
    """The Markdown as a .docx: `#`-headings become Heading 1-4, lists and tables Word's own."""
    tokens = MarkdownIt("js-default").parse(markdown)
    document = Document()
    document.core_properties.language = _LANGUAGE[lang]
    lists: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = document.add_heading(level=min(level, 4))
            _add_inline(heading, tokens[index + 1])
            if level == 1 and not document.core_properties.title:
                document.core_properties.title = tokens[index + 1].content
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
            style = lists[-1] if lists else None
            first_in_item = index >= 2 and tokens[index - 2].type == "list_item_open"
            paragraph = document.add_paragraph(style=style if first_in_item else None)
            _add_inline(paragraph, token)
        index += 1
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

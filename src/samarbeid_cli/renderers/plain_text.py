"""A document's Markdown as plain text a mail program shows as it is: no `#`, `**` or `\\-`.

Headings are underlined (`=` under the title, `-` under a section), list items keep a dash or
their number, emphasis loses its marks, and escaped characters are shown as themselves: the
text is what the HTML part and the attached page say, in the form plain text allows.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

_UNDERLINE = {1: "=", 2: "-"}


def _inline(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def markdown_to_text(markdown: str) -> str:
    """The Markdown as plain text, blocks apart by one blank line."""
    tokens = MarkdownIt("js-default").parse(markdown)
    blocks: list[str] = []
    # The items of one list stay together, one a line, without blank lines between them.
    in_items = False
    lists: list[list[int]] = []  # per open list: [ordered, next number]
    prefix = ""
    row: list[str] = []
    rows: list[list[str]] = []

    def block(text: str) -> None:
        nonlocal in_items
        blocks.append(text)
        in_items = False

    for index, token in enumerate(tokens):
        kind = token.type
        before = tokens[index - 1].type if index else ""
        if kind == "heading_open":
            text = _inline(tokens[index + 1])
            line = _UNDERLINE.get(int(token.tag[1]))
            block(f"{text}\n{line * len(text)}" if line else text)
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(str(token.attrs.get("start", 1) or 1))
            lists.append([kind == "ordered_list_open", start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            prefix = f"{number}. " if ordered else "- "
            lists[-1][1] += 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            rows.append(row)
        elif kind == "table_close":
            block("\n".join(" | ".join(cells) for cells in rows))
            rows = []
        elif kind == "inline" and before in ("th_open", "td_open"):
            row.append(" ".join(_inline(token).split()))
        elif kind == "inline" and before == "paragraph_open" and lists:
            indent = "  " * (len(lists) - 1)
            lead = prefix or "  "
            text = _inline(token).replace("\n", "\n" + indent + " " * len(lead))
            line, prefix = f"{indent}{lead}{text}", ""
            if in_items:
                blocks[-1] += "\n" + line
            else:
                blocks.append(line)
                in_items = True
        elif kind == "inline" and before == "paragraph_open":
            block(_inline(token))
        elif kind in ("fence", "code_block"):
            block(token.content.rstrip("\n"))
    return "\n\n".join(blocks) + "\n"

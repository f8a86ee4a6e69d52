"""The annual wheel as text for the terminal and as an HTML page with the picture."""

from __future__ import annotations

from markupsafe import Markup

from samarbeid_cli.renderers import documents, wheel_svg
from samarbeid_cli.renderers.wheel_texts import ItemText, label
from samarbeid_cli.services.wheel import Span


def heading(span: Span, malform: str, title: str | None) -> str:
    """ "Årshjul for tverrfaglig samarbeid ... 2027"."""
    return f"{title or label(malform, 'title')} {span.label()}"


def as_table(texts: list[ItemText], span: Span, malform: str, title: str | None) -> str:
    """One line per item: number, when, ring, words and who is responsible."""
    return documents.render(
        "wheel/table", malform, title=heading(span, malform, title), texts=texts
    )


def as_html(texts: list[ItemText], span: Span, malform: str, title: str | None) -> str:
    """A page with the wheel and the item list beside it.

    The page template is autoescaped; the picture goes in as it is, because `wheel_svg`
    escapes every text it writes into it.
    """
    picture = wheel_svg.render(texts, span, malform, title)
    # Without the XML declaration, which HTML does not take.
    svg = Markup(picture.split("\n", 1)[1])
    return documents.render(
        "wheel/page", malform, title=heading(span, malform, title), svg=svg, texts=texts
    )

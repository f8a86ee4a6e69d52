"""The annual wheel as an SVG picture for an A4 page.

Twelve month sectors in a circle (January, or August for a school year, at the top and going
clockwise), one ring per kind of item with a legend, and the numbered list of items below it:
the arcs carry the numbers, the list the words, so every text stays readable when printed.
Written as plain SVG text; every text node goes through xml.sax.saxutils.escape.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import textwrap
from xml.sax.saxutils import escape, quoteattr

from samarbeid_cli.renderers.wheel_texts import ItemText, category_name, label, month_name
from samarbeid_cli.services.wheel import Category, Span

# A4 in tenths of a millimetre, so the viewBox maps to the page one to one.
WIDTH, HEIGHT = 2100, 2970
CENTRE = (1050.0, 900.0)
OUTER, MONTH_BAND, INNER = 720.0, 90.0, 170.0
FONT = "Arial, Helvetica, sans-serif"
COLOURS = {
    Category.wheel: "#4e79a7",
    Category.log_control: "#e15759",
    Category.series: "#59a14f",
    Category.revision: "#f28e2b",
    Category.milestone: "#b07aa1",
}
_LINE = 34
_WRAP = 118


def _position(day: dt.date, span: Span, end: bool = False) -> float:
    """Where `day` stands on the wheel, as a fraction of the turn (0 at the top)."""
    index = span.months.index((day.year, day.month))
    days = calendar.monthrange(day.year, day.month)[1]
    return (index + (day.day - (0 if end else 1)) / days) / 12


def _point(fraction: float, radius: float) -> tuple[float, float]:
    angle = 2 * math.pi * fraction
    return CENTRE[0] + radius * math.sin(angle), CENTRE[1] - radius * math.cos(angle)


def _sector(start: float, end: float, inner: float, outer: float) -> str:
    """The path of an annular sector from `start` to `end` (fractions of the turn)."""
    large = 1 if end - start > 0.5 else 0
    x1, y1 = _point(start, outer)
    x2, y2 = _point(end, outer)
    x3, y3 = _point(end, inner)
    x4, y4 = _point(start, inner)
    return (
        f"M{x1:.1f},{y1:.1f} A{outer:.1f},{outer:.1f} 0 {large} 1 {x2:.1f},{y2:.1f} "
        f"L{x3:.1f},{y3:.1f} A{inner:.1f},{inner:.1f} 0 {large} 0 {x4:.1f},{y4:.1f} Z"
    )


def _text(x: float, y: float, content: str, size: int, **attributes: str) -> str:
    extra = "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(value)}"
        for name, value in attributes.items()
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="{FONT}"{extra}>'
        f"{escape(content)}</text>"
    )


def _lanes(texts: list[ItemText], span: Span) -> dict[int, tuple[int, int]]:
    """Item number -> (lane, lanes in its ring): overlapping items sit side by side."""
    placed: dict[int, tuple[int, int]] = {}
    for category in Category:
        ends: list[float] = []
        mine = [text for text in texts if text.item.category is category]
        lane_of: dict[int, int] = {}
        for text in mine:
            start = _position(text.item.start, span)
            for lane, last_end in enumerate(ends):
                if start >= last_end - 1e-9:
                    ends[lane] = _position(text.item.end, span, end=True)
                    lane_of[text.number] = lane
                    break
            else:
                lane_of[text.number] = len(ends)
                ends.append(_position(text.item.end, span, end=True))
        for number, lane in lane_of.items():
            placed[number] = (lane, len(ends))
    return placed


def render(texts: list[ItemText], span: Span, malform: str, title: str | None) -> str:
    """The SVG document."""
    rings = [category for category in Category if any(t.item.category is category for t in texts)]
    heading = title or label(malform, "title")
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        f"<title>{escape(heading)} {escape(span.label())}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        _text(
            WIDTH / 2,
            110,
            f"{heading} {span.label()}",
            56,
            text_anchor="middle",
            font_weight="bold",
        ),
    ]
    # The month band and the sector lines.
    for index, (year, month) in enumerate(span.months):
        start, end = index / 12, (index + 1) / 12
        fill = "#eef1f5" if index % 2 == 0 else "#dde3ea"
        parts.append(
            f'<path d="{_sector(start, end, OUTER - MONTH_BAND, OUTER)}" fill="{fill}" '
            f'stroke="#ffffff" stroke-width="4"/>'
        )
        x, y = _point((start + end) / 2, OUTER - MONTH_BAND / 2)
        parts.append(
            _text(
                x,
                y + 12,
                month_name(year, month, malform),
                34,
                text_anchor="middle",
                class_="month",
            )
        )
        x1, y1 = _point(start, INNER)
        x2, y2 = _point(start, OUTER - MONTH_BAND)
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#c8ced6" '
            f'stroke-width="3"/>'
        )
    lanes = _lanes(texts, span)
    lanes_per_ring = {
        category: max(
            count
            for number, (_, count) in lanes.items()
            if texts[number - 1].item.category is category
        )
        for category in rings
    }
    # Every lane is as wide as every other, so a ring with more overlapping items is wider.
    lane_width = (OUTER - MONTH_BAND - INNER) / max(sum(lanes_per_ring.values()), 1)
    outer = OUTER - MONTH_BAND
    for category in rings:
        parts.append(
            f'<circle cx="{CENTRE[0]}" cy="{CENTRE[1]}" r="{outer:.1f}" fill="none" '
            f'stroke="#c8ced6" stroke-width="2"/>'
        )
        for text in (t for t in texts if t.item.category is category):
            lane, _ = lanes[text.number]
            top = outer - lane * lane_width - 3
            bottom = outer - (lane + 1) * lane_width + 3
            start = _position(text.item.start, span)
            end = max(_position(text.item.end, span, end=True), start + 0.006)
            parts.append(
                f'<path d="{_sector(start + 0.001, end - 0.001, bottom, top)}" '
                f'fill="{COLOURS[category]}" fill-opacity="0.85">'
                f"<title>{escape(text.title)}</title></path>"
            )
            x, y = _point((start + end) / 2, (top + bottom) / 2)
            size = int(min(28, max(14, lane_width * 0.55)))
            parts.append(
                _text(
                    x,
                    y + size / 3,
                    str(text.number),
                    size,
                    text_anchor="middle",
                    fill="#ffffff",
                    font_weight="bold",
                )
            )
        outer -= lanes_per_ring[category] * lane_width
    parts.append(
        _text(CENTRE[0], CENTRE[1] + 16, span.label(), 48, text_anchor="middle", font_weight="bold")
    )

    # The legend and the numbered list.
    y = CENTRE[1] + OUTER + 80
    x = 150.0
    for category in rings:
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 26:.1f}" width="32" height="32" '
            f'fill="{COLOURS[category]}"/>'
        )
        name = category_name(category, malform)
        parts.append(_text(x + 44, y, name, 30, class_="legend"))
        x += 44 + len(name) * 16 + 60
    y += 70
    for text in texts:
        line = f"{text.number}. {text.when}: {text.title}"
        for position, chunk in enumerate(textwrap.wrap(line, _WRAP)):
            if y > HEIGHT - 60:
                break
            parts.append(_text(150 if position == 0 else 200, y, chunk, 26))
            y += _LINE
    parts.append("</svg>")
    return "\n".join(parts) + "\n"

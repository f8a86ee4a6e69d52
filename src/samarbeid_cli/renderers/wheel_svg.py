"""The annual wheel as an SVG picture for an A4 page.

Twelve month sectors in a circle (January, or August for a school year, at the top and going
clockwise), one ring per kind of item with a legend, and below it the list of what the wheel
cannot say itself. As year-wheel tools draw it, an item's words run along its arc (text on a
path, turned on the lower half so that it reads left to right, on more lines where the ring
is wide) where they fit at a readable size; an arc too short for its words carries a number,
and the list below gives the words at body size. Month names run along the month band, whole
and clear of the rings.

An activity that goes on without a break (over the turn of the year, or two entries of the
same words end to end) is one arc, so nothing is drawn twice; a one-day item is an arc of a
minimum width, centred on its day. Every text stands on a fill it contrasts with by at least
4.5:1 (WCAG 2.1), and no fill is transparent, so what is printed is what was checked.

Written as plain SVG text; every text node goes through xml.sax.saxutils.escape.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import math
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from samarbeid_cli.renderers.wheel_texts import ItemText, category_name, label, month_name
from samarbeid_cli.services.wheel import Category, Span

# A4 in tenths of a millimetre, so the viewBox maps to the page one to one.
WIDTH, HEIGHT = 2100, 2970
CENTRE = (1050.0, 935.0)
OUTER, MONTH_BAND, INNER = 790.0, 84.0, 160.0
RING_GAP = 10.0
"""Between the month band and the outermost ring."""
FONT = "Arial, Helvetica, sans-serif"
# Fills dark enough that white text on them reaches 4.5:1 (checked by `text_colour`).
COLOURS = {
    Category.wheel: "#2f5f8f",
    Category.log_control: "#b3282d",
    Category.series: "#2b7a33",
    Category.revision: "#9a4d00",
    Category.milestone: "#7a4a8c",
}
MONTH_FILLS = ("#eef1f5", "#dde3ea")
WHITE, INK = "#ffffff", "#1a1a1a"
MONTH_SIZE = 34
LABEL_SIZES = (34, 30)
"""Sizes an item's words are tried at on its arc (30 is 8.5 pt); smaller, they are listed."""
NUMBER_SIZE = 30
BODY_SIZE = 39
"""11 pt, the documents' body size, in tenths of a millimetre."""
_LINE = 52
_WRAP = 86
MIN_ARC_DEGREES = 3.0
MIN_ARC_WIDTH = 24.0
"""A one-day item is at least 3° and 2.4 mm wide at its inner edge."""
_GAP = 0.0012
"""A sliver of white between arcs that meet, as a fraction of the turn."""


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """The WCAG 2.1 contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour(fill: str) -> str:
    """White or ink, whichever reads better on `fill`."""
    return WHITE if contrast(WHITE, fill) >= contrast(INK, fill) else INK


def text_width(text: str, size: float) -> float:
    """The advance width of `text`, estimated for the widest font a viewer may put in Arial's
    place (DejaVu Sans, a tenth wider), so that words said to fit do fit."""
    narrow = set("ijlfrtI.,:;'|!()[]/- ")
    wide = set("mwMWÆæ")
    return (
        1.12
        * size
        * sum(
            0.33 if c in narrow else 0.86 if c in wide else 0.7 if c.isupper() else 0.56
            for c in text
        )
    )


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


def _guide(start: float, end: float, radius: float, upright: bool) -> str:
    """An arc for text to run along: clockwise, or (on the lower half) the other way round."""
    large = 1 if end - start > 0.5 else 0
    first, last = (start, end) if upright else (end, start)
    x1, y1 = _point(first, radius)
    x2, y2 = _point(last, radius)
    sweep = 1 if upright else 0
    return f"M{x1:.1f},{y1:.1f} A{radius:.1f},{radius:.1f} 0 {large} {sweep} {x2:.1f},{y2:.1f}"


def _upright(middle: float) -> bool:
    """Text reads clockwise on the upper half of the wheel, anticlockwise on the lower."""
    return not 0.25 < middle % 1 < 0.75


def _text(x: float, y: float, content: str, size: int, **attributes: str) -> str:
    extra = "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(value)}"
        for name, value in attributes.items()
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family="{FONT}"{extra}>'
        f"{escape(content)}</text>"
    )


def _on_path(guide_id: str, content: str, size: int, fill: str, css_class: str) -> str:
    return _on_paths([(guide_id, content)], size, fill, css_class)


def _on_paths(lines: list[tuple[str, str]], size: int, fill: str, css_class: str) -> str:
    """One text whose lines each run along a guide of their own."""
    paths = "".join(
        f'<textPath href="#{guide_id}" xlink:href="#{guide_id}" startOffset="50%" '
        f'text-anchor="middle">{escape(content)}</textPath>'
        for guide_id, content in lines
    )
    return (
        f'<text font-size="{size}" font-family="{FONT}" fill="{fill}" class="{css_class}">'
        f"{paths}</text>"
    )


@dataclass
class Arc:
    """What is drawn once: one item, or several with the same words that run on end to end."""

    texts: list[ItemText]
    start: float
    end: float
    """May pass 1 when the arc runs over the top of the wheel."""

    @property
    def category(self) -> Category:
        return self.texts[0].item.category

    @property
    def title(self) -> str:
        return self.texts[0].title


def _extent(text: ItemText, span: Span) -> tuple[float, float]:
    """The item's arc, widened round its middle to the minimum width when it is shorter."""
    start = _position(text.item.start, span)
    end = _position(text.item.end, span, end=True)
    least = MIN_ARC_DEGREES / 360
    if end - start < least:
        middle = (start + end) / 2
        return middle - least / 2, middle + least / 2
    return start, end


def _arcs(texts: list[ItemText], span: Span) -> list[Arc]:
    """The items as arcs, those with the same words in the same ring that touch made one."""
    arcs = [Arc([text], *_extent(text, span)) for text in texts]
    merged = True
    while merged:
        merged = False
        for first in arcs:
            for second in arcs:
                if first is second or (first.category, first.title) != (
                    second.category,
                    second.title,
                ):
                    continue
                # `second` starts where `first` ends, on this turn or over the top.
                gap = (second.start - first.end) % 1
                if (
                    min(gap, 1 - gap) < 1e-6
                    and first.end - first.start + (second.end - second.start) < 1 - 1e-6
                ):
                    first.texts += second.texts
                    first.end = first.end + (second.end - second.start)
                    arcs.remove(second)
                    merged = True
                    break
            if merged:
                break
    for arc in arcs:
        arc.texts.sort(key=lambda text: text.number)
    arcs.sort(key=lambda arc: (arc.start, arc.texts[0].number))
    return arcs


def _overlap(first: Arc, second: Arc) -> bool:
    return any(
        first.start < second.end + shift - 1e-9 and second.start + shift < first.end - 1e-9
        for shift in (-1, 0, 1)
    )


def _lanes(arcs: list[Arc]) -> tuple[dict[int, int], dict[Category, int]]:
    """Arc (by index) -> lane in its ring, and lanes per ring: overlapping arcs side by side.

    Arcs on a circle: filled in order of start and, separately, longest first; whichever
    needs fewer lanes for a ring is kept, so that every lane stays as wide as it can.
    """
    lane_of: dict[int, int] = {}
    count: dict[Category, int] = {}
    for category in Category:
        mine = [index for index, arc in enumerate(arcs) if arc.category is category]
        if not mine:
            continue
        best: dict[int, int] | None = None
        for order in (mine, sorted(mine, key=lambda i: arcs[i].start - arcs[i].end)):
            lanes: list[list[Arc]] = []
            chosen: dict[int, int] = {}
            for index in order:
                arc = arcs[index]
                for number, lane in enumerate(lanes):
                    if not any(_overlap(arc, other) for other in lane):
                        lane.append(arc)
                        chosen[index] = number
                        break
                else:
                    chosen[index] = len(lanes)
                    lanes.append([arc])
            if best is None or max(chosen.values()) < max(best.values()):
                best = chosen
        assert best is not None
        lane_of.update(best)
        count[category] = max(best.values()) + 1
    return lane_of, count


_LEADING = 1.2
"""Between the baselines of a label's lines, in font sizes."""


def _room(radius: float, length: float, size: int) -> float:
    """How long a text may be along an arc of `length` turns at `radius`, with a margin."""
    return 2 * math.pi * (radius - 0.3 * size) * length - size


def _wrapped(content: str, size: int, rooms: list[float]) -> list[str] | None:
    """`content` broken between words into at most len(rooms) lines that fit, if it can be."""
    lines: list[str] = []
    for word in content.split():
        if lines and text_width(f"{lines[-1]} {word}", size) <= rooms[len(lines) - 1]:
            lines[-1] = f"{lines[-1]} {word}"
            continue
        if len(lines) == len(rooms) or text_width(word, size) > rooms[len(lines)]:
            return None
        lines.append(word)
    return lines or None


def _radii(count: int, size: int, centre: float, upright: bool) -> list[float]:
    """The middle radius of each of `count` lines centred on `centre`, first line first.

    The first line is the outermost on the upper half and the innermost on the lower half,
    so that either way the lines read from top to bottom.
    """
    step = _LEADING * size
    outermost_first = [centre + ((count - 1) / 2 - index) * step for index in range(count)]
    return outermost_first if upright else outermost_first[::-1]


def _label_lines(
    content: str, centre: float, length: float, lane_width: float, upright: bool
) -> tuple[int, list[tuple[float, str]]] | None:
    """The size and the (radius, words) of each line of a label, largest size and fewest lines
    first, if the words fit along the arc at all."""
    for size in LABEL_SIZES:
        if size > lane_width * 0.62:
            continue
        # One line takes size / 0.62 of the lane's width, every further one a leading more.
        most = int((lane_width - size / 0.62) // (_LEADING * size)) + 1
        for count in range(1, most + 1):
            # Centred in the lane, or else against its outer edge, where the arc is longer.
            outer = centre + lane_width / 2 - size / 1.24 - (count - 1) * _LEADING * size / 2
            for middle in (centre, outer) if outer > centre else (centre,):
                radii = _radii(count, size, middle, upright)
                rooms = [_room(radius, length, size) for radius in radii]
                lines = _wrapped(content, size, rooms)
                if lines is not None:
                    return size, list(zip(radii, lines, strict=False))
    return None


_PAST_THE_SIDE = 1 / 24
"""How far words may run past the side of the wheel (15°), tilted but still readable."""


def _halves(start: float, end: float) -> list[tuple[float, float, bool]]:
    """The arc cut where text turns over (at the sides of the wheel), longest part first.

    Each part may reach a little past its cut; with it goes which way up its text reads.
    """
    cuts = [quarter / 4 for quarter in range(1, 12, 2) if start < quarter / 4 < end]
    edges = [start, *cuts, end]
    parts = []
    for first, last in itertools.pairwise(edges):
        upright = _upright((first + last) / 2)
        wider_first = max(start, first - _PAST_THE_SIDE) if first in cuts else first
        wider_last = min(end, last + _PAST_THE_SIDE) if last in cuts else last
        parts.append((wider_first, wider_last, upright))
    return sorted(parts, key=lambda part: part[0] - part[1])


def _placed(
    content: str, start: float, end: float, centre: float, lane_width: float
) -> tuple[int, float, float, bool, list[tuple[float, str]]] | None:
    """Size, stretch of arc, which way up and lines for an item's words, if they fit."""
    for first, last, upright in _halves(start, end):
        found = _label_lines(content, centre, last - first, lane_width, upright)
        if found is not None:
            size, lines = found
            return size, first, last, upright, lines
    return None


def render(texts: list[ItemText], span: Span, malform: str, title: str | None) -> str:
    """The SVG document."""
    rings = [category for category in Category if any(t.item.category is category for t in texts)]
    heading = title or label(malform, "title")
    prefix = f"wheel-{span.label()}"
    shapes: list[str] = []
    guides: list[str] = []
    words: list[str] = []

    # The month band, its names on guides along the middle of the band.
    band_inner = OUTER - MONTH_BAND
    for index, (year, month) in enumerate(span.months):
        start, end = index / 12, (index + 1) / 12
        fill = MONTH_FILLS[index % 2]
        shapes.append(
            f'<path class="month-band" d="{_sector(start, end, band_inner, OUTER)}" '
            f'fill="{fill}" stroke="#ffffff" stroke-width="4"/>'
        )
        upright = _upright((start + end) / 2)
        # The baseline sits so that the letters are centred in the band either way up.
        radius = OUTER - MONTH_BAND / 2 + (-0.3 if upright else 0.3) * MONTH_SIZE
        guide_id = f"{prefix}-month-{index + 1}"
        guides.append(f'<path id="{guide_id}" d="{_guide(start, end, radius, upright)}"/>')
        words.append(_on_path(guide_id, month_name(year, month, malform), MONTH_SIZE, INK, "month"))
    for index in range(12):
        x1, y1 = _point(index / 12, INNER)
        x2, y2 = _point(index / 12, band_inner - RING_GAP)
        shapes.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#c8ced6" '
            f'stroke-width="3"/>'
        )

    arcs = _arcs(texts, span)
    lane_of, lanes_per_ring = _lanes(arcs)
    # Every lane is as wide as every other, so a ring with more overlapping items is wider.
    ring_outer = band_inner - RING_GAP
    lane_width = (ring_outer - INNER) / max(sum(lanes_per_ring.values()), 1)
    number_size = int(min(NUMBER_SIZE, max(24, lane_width * 0.6)))
    listed: list[Arc] = []
    outer = ring_outer
    for category in rings:
        shapes.append(
            f'<circle cx="{CENTRE[0]}" cy="{CENTRE[1]}" r="{outer:.1f}" fill="none" '
            f'stroke="#c8ced6" stroke-width="2"/>'
        )
        fill = COLOURS[category]
        ink = text_colour(fill)
        for index, arc in enumerate(arcs):
            if arc.category is not category:
                continue
            lane = lane_of[index]
            top = outer - lane * lane_width - 3
            bottom = outer - (lane + 1) * lane_width + 3
            start, end = arc.start, arc.end
            # Wide enough for a number too, were it to carry one.
            least = max(
                MIN_ARC_DEGREES / 360,
                MIN_ARC_WIDTH / (2 * math.pi * bottom),
                1.5 * number_size / (math.pi * (top + bottom)),
            )
            if end - start < least:
                middle = (start + end) / 2
                start, end = middle - least / 2, middle + least / 2
            elif end - start > least + 2 * _GAP:
                start, end = start + _GAP, end - _GAP
            shapes.append(
                f'<path d="{_sector(start, end, bottom, top)}" fill="{fill}">'
                f"<title>{escape(arc.title)}</title></path>"
            )
            centre_radius = (top + bottom) / 2
            placed = _placed(arc.title, start, end, centre_radius, lane_width)
            if placed is not None:
                size, first, last, upright, lines = placed
                on_guides = []
                for ordinal, (middle_radius, content) in enumerate(lines, start=1):
                    radius = middle_radius + (-0.33 if upright else 0.33) * size
                    guide_id = f"{prefix}-item-{arc.texts[0].number}-{ordinal}"
                    guides.append(
                        f'<path id="{guide_id}" d="{_guide(first, last, radius, upright)}"/>'
                    )
                    on_guides.append((guide_id, content))
                words.append(_on_paths(on_guides, size, ink, "label"))
                continue
            middle = (start + end) / 2
            listed.append(arc)
            x, y = _point(middle, centre_radius)
            words.append(
                _text(
                    x,
                    y + number_size * 0.35,
                    str(arc.texts[0].number),
                    number_size,
                    text_anchor="middle",
                    fill=ink,
                    font_weight="bold",
                    class_="number",
                )
            )
        outer -= lanes_per_ring[category] * lane_width
    words.append(
        _text(
            CENTRE[0],
            CENTRE[1] + 16,
            span.label(),
            48,
            text_anchor="middle",
            font_weight="bold",
            fill=INK,
        )
    )

    # The legend, and the list of what is numbered on the wheel.
    y = CENTRE[1] + OUTER + 80
    x = 150.0
    for category in rings:
        shapes.append(
            f'<rect x="{x:.1f}" y="{y - 28:.1f}" width="34" height="34" '
            f'fill="{COLOURS[category]}"/>'
        )
        name = category_name(category, malform)
        words.append(_text(x + 46, y, name, BODY_SIZE - 5, class_="legend", fill=INK))
        x += 46 + text_width(name, BODY_SIZE - 5) + 60
    y += 80
    listed.sort(key=lambda arc: arc.texts[0].number)
    for arc in listed:
        when = ", ".join(dict.fromkeys(text.when for text in arc.texts))
        line = f"{arc.texts[0].number}. {when}: {arc.title}"
        for position, chunk in enumerate(textwrap.wrap(line, _WRAP)):
            words.append(
                _text(150 if position == 0 else 210, y, chunk, BODY_SIZE, class_="list", fill=INK)
            )
            y += _LINE
    # A list longer than the page makes the picture taller rather than losing its end.
    height = max(HEIGHT, math.ceil(y + 40))
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="210mm" height="{height / 10:g}mm" viewBox="0 0 {WIDTH} {height}">',
        f"<title>{escape(heading)} {escape(span.label())}</title>",
        f'<defs fill="none">{"".join(guides)}</defs>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _text(
            WIDTH / 2,
            110,
            f"{heading} {span.label()}",
            56,
            text_anchor="middle",
            font_weight="bold",
            fill=INK,
        ),
        *shapes,
        # Every word after every shape, so that no ring is drawn over a name.
        *words,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"

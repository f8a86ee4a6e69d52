"""A planned site -> its files: HTML pages, the wheel picture and the calendar feeds.

The pages reuse what the single commands write: the overview's template (extended with links),
the routine's Markdown (made HTML the way `routine --format html` does), the wheel's picture
and item texts. Every page comes from `templates/site/<page>.<nb|nn>.html.j2` through the one
autoescaped, sandboxed Jinja environment, so data never becomes markup. Links are relative, so
the folder works from any address (a web server's folder, GitHub or GitLab Pages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from markupsafe import Markup

from samarbeid_cli.renderers import calendar_files, document_words, documents, wheel_svg
from samarbeid_cli.renderers.texts import period_text
from samarbeid_cli.renderers.wheel_output import heading
from samarbeid_cli.renderers.wheel_texts import item_texts
from samarbeid_cli.services.sequence import Issued
from samarbeid_cli.services.site import (
    INDEX,
    WHEEL_PAGE,
    WHEEL_PICTURE,
    ArenaPage,
    Feed,
    Site,
    other_wheel_files,
)


def _page(
    name: str,
    lang: str,
    overrides: Path | None,
    root: str,
    picture: str = WHEEL_PICTURE,
    **context: object,
) -> bytes:
    """One page; `root` leads from the page's folder back to the site's root ("" or "../")."""
    links = {
        "index": root + INDEX,
        "feeds": f"{root}{INDEX}#kalender",
        "wheel": root + WHEEL_PAGE,
        "picture": root + picture,
    }
    return documents.render_template(
        f"site/{name}.{lang}.html.j2", overrides, lang=lang, root=root, links=links, **context
    ).encode()


def _feed_name(feed: Feed, site: Site) -> str:
    if feed is site.feed:
        return site.municipality.name
    return f"{feed.name} ({site.municipality.name})"


def _arena_page(page: ArenaPage, site: Site, lang: str, overrides: Path | None) -> bytes:
    words = document_words.WORDS[lang]
    markdown = documents.render_template(
        "documents/routine.md.j2",
        overrides,
        t=words,
        lang=lang,
        doc=page.routine,
        root="../",
        pages={other.slug: other.path for other in site.arenas},
    )
    return _page(
        "arena",
        lang,
        overrides,
        root="../",
        title=page.routine.arena.name,
        body=documents.markdown_to_html(markdown),
        page=page,
        site=site,
        periods=[period_text(period, lang) for period in site.periods],
    )


def files(
    site: Site,
    lang: str,
    stamp: dt.datetime,
    issued: Mapping[str, Issued],
    overrides: Path | None = None,
) -> dict[str, bytes]:
    """Every file of the site by its path relative to the site's root.

    Args:
        site: What the site holds.
        lang: "nb" or "nn".
        stamp: DTSTAMP of every event in the feeds.
        issued: The SEQUENCE of UIDs already sent as invitations, so a feed and an
            invitation of the same series agree.
        overrides: The workspace's own templates folder, if any.
    """
    record = site.municipality
    periods = [period_text(period, lang) for period in site.periods]
    result: dict[str, bytes] = {
        INDEX: _page(
            "index",
            lang,
            overrides,
            root="",
            t=document_words.WORDS[lang],
            doc=site.overview,
            pages={page.slug: page.path for page in site.arenas},
            site=site,
            periods=periods,
        ),
    }
    for page in site.arenas:
        result[page.path] = _arena_page(page, site, lang, overrides)
    title = record.annual_wheel.title if record.annual_wheel else None
    wheels = [(site.span, site.wheel, WHEEL_PAGE, WHEEL_PICTURE)]
    if site.other_span is not None:
        wheels.append((site.other_span, site.other_wheel, *other_wheel_files(site.other_span)))
    for index, (span, items, wheel_page, picture) in enumerate(wheels):
        texts = item_texts(items, lang)
        # Each year's wheel links the other's: the year ending and the one coming.
        other = wheels[1 - index] if len(wheels) == 2 else None
        result[picture] = wheel_svg.render(texts, span, lang, title).encode()
        result[wheel_page] = _page(
            "wheel",
            lang,
            overrides,
            root="",
            picture=picture,
            title=heading(span, lang, title),
            body=Markup(""),
            texts=texts,
            site=site,
            other=None if other is None else {"href": other[2], "label": other[0].label()},
        )
    for feed in site.feeds:
        result[feed.path] = calendar_files.combined_ics(
            feed.series, record, stamp, issued, method=None, name=_feed_name(feed, site)
        )
    return result

"""`samarbeid site`: the folder a municipality publishes, as a browser and a calendar see it."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
import recurring_ical_events
from typer.testing import CliRunner

from samarbeid_cli.loading.workspace import load
from tests.conftest import ARENA, BUNDLED_DATA, MUNICIPALITY, DataFolder, app
from tests.decided import DECIDED_DATA

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
STAMP = "2026-09-01T08:00:00Z"
TODAY = "2026-09-01"
# --today 2026-09-01: the current half-year and the coming one.
PERIODS = ["2026-H2", "2027-H1"]
MALFORM = {"aukra": "nn", "selbu": "nb"}


def _build(runner: CliRunner, out: Path, *args: str, data: Path = DECIDED_DATA) -> Any:
    return runner.invoke(
        app,
        ["site", "--out", str(out), "--today", TODAY, "--data", str(data), *args],
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Aukra's (nynorsk, per-unit arenas) and Selbu's (bokmål) sites, built once.

    From a copy of the bundled data, so that no issue history the checkout holds beside its
    data/ (this fixture runs before the one that points SAMARBEID_HISTORY into tmp_path)
    changes the SEQUENCE the feeds carry.
    """
    runner = CliRunner()
    data = tmp_path_factory.mktemp("bundled") / "data"
    shutil.copytree(DECIDED_DATA, data)
    built = {}
    for municipality in MALFORM:
        out = tmp_path_factory.mktemp(municipality) / "public"
        result = _build(runner, out, "-m", municipality, "--stamp", STAMP, data=data)
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert result.stderr == f"wrote {len(_tree(out))} files to {out}\n"
        built[municipality] = out
    return built


class _Page(HTMLParser):
    """The language, the links and the ids of a page, and whether it has any script."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0
        self.headings: list[str] = []
        self.table_headers = 0
        self.tables = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        # No script element and no event handler: the pages need no JavaScript.
        if tag == "script" or any(name.startswith("on") for name in found):
            self.scripts += 1
        if tag in ("h1", "h2", "h3"):
            self.headings.append(tag)
        if tag == "table":
            self.tables += 1
        if tag == "thead":
            self.table_headers += 1
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(str(found[name]))
        if found.get("id"):
            self.ids.add(str(found["id"]))


def _parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _dom(page: Path, profile: Path) -> str:
    """The page as headless Chromium built it."""
    assert CHROMIUM is not None
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout


@pytest.mark.parametrize("municipality", MALFORM)
def test_a_browser_opens_every_page_and_every_link_stays_in_the_folder(
    sites: dict[str, Path], municipality: str, tmp_path: Path
) -> None:
    if CHROMIUM is None:
        if os.environ.get("SAMARBEID_REQUIRE_CHROMIUM") == "1":
            pytest.fail("chromium is required here (SAMARBEID_REQUIRE_CHROMIUM=1) but missing")
        pytest.skip("chromium not installed: `make test` installs it with apt-get")
    root = sites[municipality].resolve()
    pages = sorted(root.rglob("*.html"))
    assert {str(p.relative_to(root)) for p in pages} >= {"index.html", "arshjul.html"}
    parsed = {page: _parsed(_dom(page, tmp_path / "profile")) for page in pages}
    reached = set()
    for page, dom in parsed.items():
        assert dom.lang == MALFORM[municipality], page
        assert dom.scripts == 0, page
        assert dom.headings[0] == "h1", page
        assert dom.links, page
        for link in dom.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{page}: {link} leaves the folder"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(root), f"{page}: {link} leaves the folder"
            assert target.is_file(), f"{page}: {link} leads nowhere"
            if parts.fragment:
                assert parts.fragment in parsed[target].ids, f"{page}: {link}"
            reached.add(target)
    # Every file is reached from some page: nothing is published that no one can find.
    # The marker that lets the next build replace the folder is the one file no page links.
    files = {path.resolve() for path in root.rglob("*") if path.is_file()}
    assert reached == files - {(root / ".samarbeid-site").resolve()}


@pytest.mark.parametrize("municipality", MALFORM)
def test_tables_have_a_header_row(sites: dict[str, Path], municipality: str) -> None:
    for page in sorted(sites[municipality].rglob("*.html")):
        parsed = _parsed(page.read_text("utf-8"))
        if parsed.tables:
            assert parsed.table_headers >= parsed.tables, page


def _expanded(path: Path, first: dt.date, last: dt.date) -> list[tuple[str, str]]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return sorted(
        (str(event["UID"]), event["DTSTART"].dt.isoformat())
        for event in recurring_ical_events.of(calendar).between(first, last)
    )


def _scheduled(runner: CliRunner, municipality: str) -> list[dict[str, Any]]:
    rows = []
    for period in PERIODS:
        result = runner.invoke(
            app,
            ["schedule", "-m", municipality, "--period", period, "--format", "json", "--data",
             str(DECIDED_DATA)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        rows += json.loads(result.stdout)
    return rows


@pytest.mark.parametrize("municipality", MALFORM)
def test_the_feeds_expand_to_the_dates_schedule_gives(
    sites: dict[str, Path], municipality: str, runner: CliRunner
) -> None:
    rows = _scheduled(runner, municipality)
    assert rows
    first, after = dt.date(2026, 7, 1), dt.date(2027, 7, 1)
    root = sites[municipality]
    everything = sorted((row["uid"], row["start"]) for row in rows)
    assert _expanded(root / f"{municipality}.ics", first, after) == everything
    series = {row["arena"] for row in rows}
    assert {path.stem for path in (root / "kalender").glob("*.ics")} >= series
    for slug in series:
        wanted = sorted((row["uid"], row["start"]) for row in rows if row["arena"] == slug)
        assert _expanded(root / "kalender" / f"{slug}.ics", first, after) == wanted, slug


def test_a_per_unit_arena_has_one_page_and_a_feed_per_unit(sites: dict[str, Path]) -> None:
    page = (sites["aukra"] / "arena" / "skoleteam.html").read_text("utf-8")
    assert not (sites["aukra"] / "arena" / "skoleteam--julsundet-skole.html").exists()
    assert '<a href="../kalender/skoleteam--julsundet-skole.ics">' in page
    assert '<a href="../kalender/skoleteam--gossen-barne-og-ungdomsskole.ics">' in page
    assert "<h2>Einingar</h2>" in page


@pytest.mark.parametrize("municipality", MALFORM)
def test_feeds_are_for_subscribing_not_invitations(
    sites: dict[str, Path], municipality: str
) -> None:
    feeds = sorted(sites[municipality].rglob("*.ics"))
    assert feeds
    for feed in feeds:
        lines = feed.read_bytes().decode().replace("\r\n ", "").split("\r\n")
        names = {line.partition(":")[0].partition(";")[0] for line in lines}
        assert "METHOD" not in names, feed
        assert not names & {"ATTENDEE", "ORGANIZER"}, feed
        assert "X-WR-CALNAME" in names and "NAME" in names, feed


@pytest.mark.parametrize("municipality", MALFORM)
def test_nothing_from_the_roster_is_published(sites: dict[str, Path], municipality: str) -> None:
    record = load(DECIDED_DATA).workspace.municipalities[municipality]
    addresses = [person.email for people in record.roster.values() for person in people]
    for path, content in _tree(sites[municipality]).items():
        text = content.decode()
        for address in addresses:
            assert address not in text, path
        # Not even an address written into some other field (UIDs end in a bare @samarbeid).
        assert not re.findall(r"[\w.+-]+@[\w-]+\.[\w.-]+", text), path
        assert "mailto:" not in text, path


def test_selbu_has_a_roster_to_keep_out() -> None:
    assert load(DECIDED_DATA).workspace.municipalities["selbu"].roster


def test_roster_names_and_addresses_stay_out(data_folder: DataFolder, tmp_path: Path) -> None:
    municipality = MUNICIPALITY.replace(
        "koordinator: {name: Koordinator, email: koordinator@testvik.example}",
        "koordinator: {name: Person Rosterlund, email: person.rosterlund@testvik.example}",
    )
    data = data_folder(municipality=municipality)
    result = _build(CliRunner(), tmp_path / "public", "-m", "testvik", "--stamp", STAMP, data=data)
    assert result.exit_code == 0, result.output
    published = b"".join(_tree(tmp_path / "public").values())
    assert b"Koordinator" in published  # the role is public
    assert b"Rosterlund" not in published
    assert b"@testvik" not in published


HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"


def test_hostile_text_in_the_data_comes_out_as_text(
    data_folder: DataFolder, tmp_path: Path
) -> None:
    arena = ARENA.replace("name: Testteam", f'name: "Testteam {HOSTILE}"').replace(
        "mandate: Drøfte felles tema.", f'mandate: "Drøfte {HOSTILE}"'
    )
    data = data_folder(arenas={"testteam": arena})
    result = _build(CliRunner(), tmp_path / "public", "-m", "testvik", "--stamp", STAMP, data=data)
    assert result.exit_code == 0, result.output
    pages = {
        path: text
        for path, content in _tree(tmp_path / "public").items()
        if path.endswith((".html", ".svg"))
        for text in [content.decode()]
    }
    for path, text in pages.items():
        assert "<script" not in text, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in pages["index.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in pages["arena/testteam.html"]
    feed = (tmp_path / "public" / "kalender" / "testteam.ics").read_text("utf-8")
    assert "SUMMARY:Testteam <script>alert(1)</script> {{ 7*7 }}" in feed


def test_a_second_build_gives_the_same_bytes(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "public"
    assert _build(runner, out, "-m", "selbu", "--stamp", STAMP).exit_code == 0
    first = _tree(out)
    assert _build(runner, out, "-m", "selbu", "--stamp", STAMP).exit_code == 0
    assert _tree(out) == first


def test_source_date_epoch_stamps_the_feeds(runner: CliRunner, tmp_path: Path) -> None:
    epoch = str(int(dt.datetime(2026, 9, 1, 8, tzinfo=dt.UTC).timestamp()))
    stamped = tmp_path / "stamped"
    assert _build(runner, stamped, "-m", "selbu", "--stamp", STAMP).exit_code == 0
    for _ in range(2):
        result = runner.invoke(
            app,
            ["site", "-m", "selbu", "--out", str(tmp_path / "epoch"), "--today", TODAY,
             "--data", str(DECIDED_DATA)],
            env={"SOURCE_DATE_EPOCH": epoch},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert _tree(tmp_path / "epoch") == _tree(stamped)


def test_periods_choose_the_half_years_in_the_feeds(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = _build(runner, out, "-m", "selbu", "--stamp", STAMP, "--period", "2027-H2")
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((out / "selbu.ics").read_bytes())
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert uids == {"selbu-samordningsteam-barn-og-unge-2027-h2@samarbeid"}
    index = (out / "index.html").read_text("utf-8")
    assert "Møtene i andre halvår 2027 (juli–desember), som kalendere" in index


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["-m", "selbu", "--period", "2027"],
            2,
            "samarbeid: --period must look like 2027-H1 or 2026-H2 (got '2027')\n",
        ),
        (
            ["-m", "selbu", "--stamp", "2026-09-01"],
            2,
            "samarbeid: --stamp needs a time and a UTC offset, e.g. 2026-09-01T00:00:00Z or "
            "2026-09-01T00:00:00+01:00 (got '2026-09-01')\n",
        ),
    ],
)
def test_usage_errors(
    runner: CliRunner, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = _build(runner, tmp_path / "public", *args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == message
    assert not (tmp_path / "public").exists()


def test_an_out_that_is_a_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "site.html"
    out.write_text("mine", encoding="utf-8")
    result = _build(runner, out, "-m", "selbu")
    assert result.exit_code == 2
    assert result.stderr == f"samarbeid: --out {out}: is a file, not a folder\n"
    assert out.read_text("utf-8") == "mine"


def test_a_half_year_without_a_school_calendar_is_named(runner: CliRunner, tmp_path: Path) -> None:
    result = _build(runner, tmp_path / "public", "-m", "selbu", "--period", "2029-H1")
    assert result.exit_code == 1
    assert "2028-29" in result.stderr
    assert not (tmp_path / "public").exists()


def test_a_feed_carries_the_sequence_of_the_invitations_sent(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The same content as the invitations sent: their SEQUENCE. Content that changed since:
    one higher, the number its next invitation carries, so a feed never shows new meetings
    under a SEQUENCE that calendars already hold for the old ones."""
    uid = "selbu-samordningsteam-barn-og-unge-2027-h1@samarbeid"
    history = tmp_path / "issued.json"
    issued = runner.invoke(
        app,
        [
            "schedule", "-m", "selbu", "--period", "2027-H1", "--data", str(DECIDED_DATA),
            "--history", str(history), "--out", str(tmp_path / "calendars"), "-f", "json",
        ],
    )  # fmt: skip
    assert issued.exit_code == 0, issued.output
    recorded = json.loads(history.read_text(encoding="utf-8"))
    recorded["issued"][uid]["sequence"] = 3
    recorded["issued"][uid]["organizer"] = {"name": "SLT", "email": "slt@selbu.kommune.example"}
    history.write_text(json.dumps(recorded), encoding="utf-8")
    before = history.read_bytes()

    def feed_sequences() -> dict[str, int]:
        out = tmp_path / "public"
        result = _build(runner, out, "-m", "selbu", "--stamp", STAMP, "--history", str(history))
        assert result.exit_code == 0, result.output
        assert b"slt@selbu" not in b"".join(_tree(out).values())
        calendar = icalendar.Calendar.from_ical((out / "selbu.ics").read_bytes())
        return {str(event["UID"]): int(str(event["SEQUENCE"])) for event in calendar.walk("VEVENT")}

    autumn = "selbu-samordningsteam-barn-og-unge-2026-h2@samarbeid"
    assert feed_sequences() == {uid: 3, autumn: 0}
    recorded["issued"][uid]["digest"] = "0" * 64  # as if the data had changed since
    history.write_text(json.dumps(recorded), encoding="utf-8")
    changed = history.read_bytes()
    assert feed_sequences() == {uid: 4, autumn: 0}
    assert history.read_bytes() == changed != before


@pytest.mark.parametrize("municipality", MALFORM)
def test_ical_js_reads_the_feeds_as_recurring_ical_events_does(
    sites: dict[str, Path], municipality: str
) -> None:
    from tests.test_ical_crosscheck import _ical_js, _ical_js_available, _python

    if not _ical_js_available():
        pytest.skip("node or tests/js/node_modules missing: run `make test`")
    feeds = sorted(sites[municipality].rglob("*.ics"))
    assert _ical_js(feeds) == _python(feeds)


def test_today_chooses_the_half_years_and_the_wheels_year(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    result = runner.invoke(
        app,
        ["site", "-m", "selbu", "--out", str(out), "--today", "2027-01-10", "--school-year",
         "--stamp", STAMP, "--data", str(DECIDED_DATA)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((out / "selbu.ics").read_bytes())
    assert {str(event["UID"]) for event in calendar.walk("VEVENT")} == {
        "selbu-samordningsteam-barn-og-unge-2027-h1@samarbeid",
        "selbu-samordningsteam-barn-og-unge-2027-h2@samarbeid",
    }
    assert "<h1>Årshjul 2026-27</h1>" in (out / "arshjul.html").read_text("utf-8")


def test_a_rebuild_drops_the_pages_of_an_arena_that_is_gone(
    runner: CliRunner, bundled_copy: Path, tmp_path: Path
) -> None:
    """The site is replaced whole, so a removed arena's page and feed do not linger; a folder
    that holds anything else is refused rather than replaced."""
    out = tmp_path / "public"
    arguments = ["site", "-m", "aukra", "--data", str(bundled_copy), "--out", str(out)]
    assert runner.invoke(app, arguments).exit_code == 0
    assert (out / "arena" / "bti-team.html").is_file()
    (bundled_copy / "arenas" / "aukra" / "bti-team.yaml").unlink()

    again = runner.invoke(app, arguments)

    assert again.exit_code == 0, again.output
    assert not (out / "arena" / "bti-team.html").exists()
    assert not any("bti-team" in path.name for path in out.rglob("*"))

    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    refused = runner.invoke(app, [*arguments[:-1], str(other)])
    assert refused.exit_code == 2
    assert (other / "notes.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    ("today", "school_year", "shown", "linked"),
    [
        # Issue 21: in December the coordinator sends the spring; the site showed 2026.
        ("2026-12-06", [], "2027", "2026"),
        ("2026-10-01", [], "2026", "2027"),
        ("2027-06-10", ["--school-year", "--period", "2027-H1"], "2027-28", "2026-27"),
        ("2026-12-06", ["--school-year"], "2026-27", None),
    ],
)
def test_the_wheel_is_the_coming_half_years_year_with_the_other_linked(
    runner: CliRunner,
    tmp_path: Path,
    today: str,
    school_year: list[str],
    shown: str,
    linked: str | None,
) -> None:
    out = tmp_path / "public"
    result = runner.invoke(
        app,
        ["site", "-m", "inderoy", "--out", str(out), "--today", today, *school_year,
         "--stamp", STAMP, "--data", str(BUNDLED_DATA)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    page = (out / "arshjul.html").read_text("utf-8")
    assert re.search(rf"<h1>Årshjul [^<]* {shown}</h1>", page), page
    others = sorted(path.name for path in out.glob("arshjul-*"))
    if linked is None:
        assert others == []
        assert "Se også" not in page
    else:
        assert others == [f"arshjul-{linked}.html", f"arshjul-{linked}.svg"]
        assert f'<p>Se også <a href="arshjul-{linked}.html">årshjulet for {linked}</a>.</p>' in page
        back = (out / f"arshjul-{linked}.html").read_text("utf-8")
        assert re.search(rf"<h1>Årshjul [^<]* {linked}</h1>", back)
        assert f'<a href="arshjul.html">årshjulet for {shown}</a>' in back
        assert f'<img src="arshjul-{linked}.svg"' in back

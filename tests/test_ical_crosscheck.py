"""The generated calendars, read back by parsers that share no code with samarbeid.

Every `.ics` that `schedule --out` writes for the bundled data, 2026-H2 to 2028-H1, is expanded
with recurring-ical-events (Python) and ical.js (Thunderbird's parser, through node); both must
give exactly the meetings of the engine's own JSON. The raw text is checked for what Outlook
needs: a yearly-rule VTIMEZONE, no RDATE, no X-WR-TIMEZONE, EXDATEs in DTSTART's zone and clock
time, UNTIL in UTC.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events
from typer.testing import CliRunner

from tests.conftest import ARENA, ROOT, DataFolder, app
from tests.decided import DECIDED_DATA

PERIODS = ["2026-H2", "2027-H1", "2027-H2", "2028-H1"]
MUNICIPALITIES = sorted(path.stem for path in (DECIDED_DATA / "arenas").iterdir())
STAMP = "2026-11-23T10:00:00Z"
EXPAND_JS = ROOT / "tests" / "js" / "expand.mjs"
ICAL_JS = ROOT / "tests" / "js" / "node_modules" / "ical.js"

Occurrence = tuple[str, dt.datetime, dt.datetime]


def _utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, "every time is zoned"
    return moment.astimezone(dt.UTC)


def _schedule(runner: CliRunner, data: Path, municipality: str, period: str, out: Path) -> Any:
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            municipality,
            "--period",
            period,
            "--data",
            str(data),
            "-f",
            "json",
            "--out",
            str(out),
            "--stamp",
            STAMP,
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _engine(rows: list[dict[str, Any]]) -> list[Occurrence]:
    return sorted(
        (
            row["uid"],
            _utc(dt.datetime.fromisoformat(row["start"])),
            _utc(dt.datetime.fromisoformat(row["end"])),
        )
        for row in rows
    )


def _python(paths: list[Path]) -> list[Occurrence]:
    found = []
    for path in paths:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        for event in recurring_ical_events.of(calendar).between((2000, 1, 1), (2100, 1, 1)):
            found.append((str(event["UID"]), _utc(event["DTSTART"].dt), _utc(event["DTEND"].dt)))
    return sorted(found)


def _ical_js(paths: list[Path]) -> list[Occurrence]:
    found = []
    for path in paths:
        completed = subprocess.run(
            ["node", str(EXPAND_JS), str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert completed.returncode == 0, completed.stderr
        for item in json.loads(completed.stdout):
            found.append(
                (
                    item["uid"],
                    dt.datetime.fromisoformat(item["start"]),
                    dt.datetime.fromisoformat(item["end"]),
                )
            )
    return sorted(found)


def _ical_js_available() -> bool:
    """ical.js runs where node is installed and `make test` has installed tests/js."""
    if shutil.which("node") and ICAL_JS.is_dir():
        return True
    if os.environ.get("SAMARBEID_REQUIRE_ICALJS") == "1":
        pytest.fail("ical.js is required here: run `npm ci --prefix tests/js` (make test does)")
    return False


def _events(path: Path) -> list[Any]:
    """The VEVENTs of a file, as icalendar reads them (its property types are a wide union)."""
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def _unfolded_lines(path: Path) -> Iterator[str]:
    raw = path.read_bytes().decode("utf-8")
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", ""), "CRLF line ends"
    yield from raw.replace("\r\n ", "").split("\r\n")


@pytest.fixture(scope="module")
def bundled_calendars(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Any]:
    """(municipality, period) -> (engine rows, written .ics files), made once for the module.

    From a copy of the bundled data: `schedule --out` records what it issued beside the data
    folder, and this fixture runs before the one that points SAMARBEID_HISTORY into tmp_path.
    """
    runner = CliRunner()
    data = tmp_path_factory.mktemp("bundled") / "data"
    shutil.copytree(DECIDED_DATA, data)
    made = {}
    for municipality in MUNICIPALITIES:
        for period in PERIODS:
            out = tmp_path_factory.mktemp(f"{municipality}-{period}")
            rows = _schedule(runner, data, municipality, period, out)
            made[municipality, period] = (rows, sorted(out.glob("*.ics")))
    return made


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_recurring_ical_events_expands_to_the_engines_meetings(
    bundled_calendars: dict[tuple[str, str], Any], municipality: str, period: str
) -> None:
    rows, paths = bundled_calendars[municipality, period]
    assert rows, f"{municipality} has meetings in {period}"
    assert _python(paths) == _engine(rows)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_ical_js_expands_to_the_engines_meetings(
    bundled_calendars: dict[tuple[str, str], Any], municipality: str, period: str
) -> None:
    if not _ical_js_available():
        pytest.skip("node or tests/js/node_modules missing: run `make test`")
    rows, paths = bundled_calendars[municipality, period]
    assert _ical_js(paths) == _engine(rows)


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("municipality", MUNICIPALITIES)
def test_raw_calendar_text_is_what_outlook_reads(
    bundled_calendars: dict[tuple[str, str], Any], municipality: str, period: str
) -> None:
    rows, paths = bundled_calendars[municipality, period]
    first_start: dict[str, str] = {}
    for row in sorted(rows, key=lambda row: row["start"]):
        if row["recurrence_id"] is not None and row["moved_from"] is None:
            first_start.setdefault(row["uid"], row["start"])
    for path in paths:
        lines = list(_unfolded_lines(path))
        text = "\r\n".join(lines)
        assert "RDATE" not in text, path.name
        assert "X-WR-TIMEZONE" not in text, path.name
        assert "METHOD:PUBLISH" in lines
        assert text.count("BEGIN:VTIMEZONE") == 1
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in lines
        assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in lines
        for event in _events(path):
            start = event["DTSTART"].dt
            assert str(start.tzinfo) == "Europe/Oslo"
            assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
            if "RRULE" not in event:
                continue
            uid = str(event["UID"])
            assert start == dt.datetime.fromisoformat(first_start[uid]), "first real meeting"
            until = event["RRULE"]["UNTIL"][0]
            assert until.utcoffset() == dt.timedelta(0), "UNTIL in UTC"
            exdates = event.get("EXDATE", [])
            for exdate in exdates if isinstance(exdates, list) else [exdates]:
                assert exdate.params["TZID"] == "Europe/Oslo"
                for value in exdate.dts:
                    assert value.dt.time() == start.time(), (uid, value.dt)
                    assert value.dt.weekday() == start.weekday(), (uid, value.dt)
        for line in lines:
            if line.startswith("EXDATE"):
                assert line.startswith("EXDATE;TZID=Europe/Oslo:"), line
            if line.startswith(("RRULE:FREQ=WEEKLY", "RRULE:FREQ=MONTHLY")):
                assert re.search(r"UNTIL=\d{8}T\d{6}Z", line), line


def test_per_term_arenas_are_one_event_per_meeting(
    bundled_calendars: dict[tuple[str, str], Any],
) -> None:
    """Aukra's per-term arenas: one VEVENT each, no RRULE, each with its own UID."""
    rows, paths = bundled_calendars["aukra", "2027-H1"]
    per_term = [path for path in paths if path.stem == "tverrfagleg-forskoleteam"]
    assert per_term, "tverrfagleg-forskoleteam meets per term in the bundled data"
    events = _events(per_term[0])
    assert len(events) == len([row for row in rows if row["arena"] == "tverrfagleg-forskoleteam"])
    assert all("RRULE" not in event for event in events)
    assert len({str(event["UID"]) for event in events}) == len(events)


MOVING = ARENA.replace("meeting:", "on_closed_day: {on_closed_day}\nmeeting:").replace(
    "  start: 08:30", "  alternating_locations: [Rådhuset, Skolen]\n  start: 08:30"
)


@pytest.mark.parametrize("on_closed_day", ["earlier", "later", "skip"])
def test_moved_meetings_and_alternating_venues_survive_both_parsers(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, on_closed_day: str
) -> None:
    """Overrides (RECURRENCE-ID) for moved meetings and the other venue expand as the engine says.

    Weekly on Thursdays through spring 2027 hits Skjærtorsdag (25 March: Wednesday 24th is
    open, Friday 26th is Langfredag) and Kristi himmelfartsdag (6 May: Wednesday 5th or Friday
    7th); later never leaves the week, so Skjærtorsdag is skipped then.
    """
    arena = (
        MOVING.replace("{on_closed_day}", on_closed_day)
        .replace("every_weeks: 2", "every_weeks: 1")
        .replace("weekday: friday", "weekday: thursday")
        .replace("anchor: 2026-08-21", "anchor: 2026-08-20")
    )
    data = data_folder(arenas={"testteam": arena})
    out = tmp_path / "out"
    rows = _schedule(runner, data, "testvik", "2027-H1", out)
    paths = sorted(out.glob("*.ics"))

    moved = {row["start"][:10] for row in rows if row["moved_from"] is not None}
    assert (
        moved
        == {
            "earlier": {"2027-03-24", "2027-05-05"},
            "later": {"2027-05-07"},
            "skip": set(),
        }[on_closed_day]
    )
    assert {row["location"] for row in rows} == {"Rådhuset", "Skolen"}
    text = paths[0].read_text(encoding="utf-8")
    assert "RECURRENCE-ID;TZID=Europe/Oslo:" in text
    assert _python(paths) == _engine(rows)
    if _ical_js_available():
        assert _ical_js(paths) == _engine(rows)
    located = {
        (str(event["UID"]), _utc(event["DTSTART"].dt)): str(event.get("LOCATION"))
        for event in recurring_ical_events.of(
            icalendar.Calendar.from_ical(paths[0].read_bytes())
        ).between((2027, 1, 1), (2027, 7, 1))
    }
    for row in rows:
        key = (row["uid"], _utc(dt.datetime.fromisoformat(row["start"])))
        assert located[key] == row["location"], key


def test_a_fixed_stamp_gives_byte_identical_files(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--stamp (or SOURCE_DATE_EPOCH) fixes DTSTAMP, so two runs write the same bytes."""
    monkeypatch.chdir(tmp_path)
    data = str(DECIDED_DATA)
    base = ["schedule", "-m", "aukra", "--period", "2027-H1", "--data", data, "-f", "json"]
    for folder in ("first", "second"):
        result = runner.invoke(app, [*base, "--out", folder, "--stamp", STAMP])
        assert result.exit_code == 0, result.output
    epoch = str(int(dt.datetime.fromisoformat(STAMP).timestamp()))
    result = runner.invoke(app, [*base, "--out", "epoch"], env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 0, result.output

    first = {path.name: path.read_bytes() for path in Path("first").iterdir()}
    assert len(first) > 10
    assert {path.name: path.read_bytes() for path in Path("second").iterdir()} == first
    assert {path.name: path.read_bytes() for path in Path("epoch").iterdir()} == first
    assert all(
        b"DTSTAMP:20261123T100000Z" in content
        for name, content in first.items()
        if name.endswith(".ics")
    )


def _sequences(path: Path) -> dict[str, int]:
    return {str(event["UID"]): int(event["SEQUENCE"]) for event in _events(path)}


def test_sequence_goes_up_only_when_a_reissued_series_changes(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """Same UID on every issue; SEQUENCE 0, still 0 unchanged, 1 after a change, 1 again."""
    data = data_folder()
    out = tmp_path / "out"
    ics = out / "testteam.ics"
    uid = "testvik-testteam-2027-h1@samarbeid"

    _schedule(runner, data, "testvik", "2027-H1", out)
    assert _sequences(ics) == {uid: 0}
    _schedule(runner, data, "testvik", "2027-H1", out)
    assert _sequences(ics) == {uid: 0}

    arena_file = data / "arenas" / "testvik" / "testteam.yaml"
    arena_file.write_text(ARENA.replace("start: 08:30", "start: 09:00"), encoding="utf-8")
    _schedule(runner, data, "testvik", "2027-H1", out)
    assert _sequences(ics) == {uid: 1}
    _schedule(runner, data, "testvik", "2027-H1", out)
    assert _sequences(ics) == {uid: 1}
    assert "DTSTART;TZID=Europe/Oslo:20270108T090000" in ics.read_text(encoding="utf-8")


def test_selbu_spring_2027_skips_langfredag_with_an_exdate(
    bundled_calendars: dict[tuple[str, str], Any],
) -> None:
    """The exact lines for the acceptance example: first real meeting, EXDATE, UNTIL in UTC."""
    _, paths = bundled_calendars["selbu", "2027-H1"]
    lines = list(_unfolded_lines(paths[0]))

    assert "DTSTART;TZID=Europe/Oslo:20270212T083000" in lines
    assert "EXDATE;TZID=Europe/Oslo:20270326T083000" in lines
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270618T063000Z;INTERVAL=6;BYDAY=FR" in lines

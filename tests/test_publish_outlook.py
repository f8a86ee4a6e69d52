"""`schedule --publish outlook`: the series as real Outlook meetings, against a Graph stand-in.

The coordinator publishes in December, runs it again by habit, moves the meeting time, gets a
new closed day, drops an arena: each time Outlook must end up holding exactly the schedule,
with no meeting twice and nothing sent that did not change. A regular series is one Outlook
series (one invitation per attendee), and what Outlook holds is read the way Outlook shows
it: the stand-in's own expansion of the series (its calendar view).
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from samarbeid_cli.renderers.graph_events import WINDOWS_ZONES
from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app
from tests.decided import DECIDED_DATA as BUNDLED_DATA
from tests.graph_standin import StandIn, addresses, aware, graph

__all__ = ["graph"]

WITH_PPT = MUNICIPALITY.replace(
    "  rektor: {name: Rektor, email: rektor@testvik.example}\n",
    "  rektor: {name: Rektor, email: rektor@testvik.example}\n"
    "  ppt: {name: PPT, email: ppt@testvik.example}\n",
)

WITH_CLOSED_DAY = WITH_PPT + (
    "closed_days:\n  - {start: 2027-02-19, reason: Kommunens planleggingsdag}\n"
)
"""A Friday of the series closed: the series has a date to remove."""


def _publish(runner: CliRunner, data: Path, history: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "--data",
            str(data),
            "--history",
            str(history),
            "--publish",
            "outlook",
            *extra,
        ],
    )


def _schedule(
    runner: CliRunner, data: Path, municipality: str = "testvik", period: str = "2027-H1"
) -> list[dict[str, Any]]:
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            municipality,
            "--period",
            period,
            "--format",
            "json",
            "--data",
            str(data),
        ],
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def _local(value: str, zone: str = "Europe/Oslo") -> str:
    from zoneinfo import ZoneInfo

    return dt.datetime.fromisoformat(value).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")


PERIODS = {
    "2027-H1": (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 7, 1, tzinfo=dt.UTC)),
    "2027-H2": (dt.datetime(2027, 6, 30, tzinfo=dt.UTC), dt.datetime(2028, 1, 1, tzinfo=dt.UTC)),
}


def _shown(graph: StandIn, period: str = "2027-H1") -> list[dict[str, Any]]:
    """What the calendar shows in the half-year: single events and every series' occurrences,
    as the stand-in expands them."""
    return graph.calendar_view(*PERIODS[period])


def _times(events: list[dict[str, Any]]) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(aware(e["start"]), aware(e["end"])) for e in events]


def _rows(rows: list[dict[str, Any]]) -> list[tuple[dt.datetime, dt.datetime]]:
    return [
        (dt.datetime.fromisoformat(r["start"]), dt.datetime.fromisoformat(r["end"])) for r in rows
    ]


@pytest.fixture
def data(data_folder: DataFolder) -> Path:
    return data_folder(municipality=WITH_CLOSED_DAY)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "issued" / "testvik.json"


def test_the_first_publish_creates_one_outlook_series_with_its_closed_days_removed(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    expected = _schedule(runner, data)
    skipped = sorted({day["date"] for row in expected for day in row["skipped"]})
    assert skipped == ["2027-02-19"]
    assert graph.invalid == []
    # One series master: one invitation per attendee for the whole half-year.
    (master,) = graph.events.values()
    creates = [r for r in graph.requests if r.method == "POST"]
    assert [r.path for r in creates] == ["/v1.0/me/events"]
    assert master["recurrence"] == {
        "pattern": {
            "type": "weekly",
            "interval": 2,
            "daysOfWeek": ["friday"],
            "firstDayOfWeek": "monday",
        },
        "range": {
            "type": "endDate",
            "startDate": master["start"]["dateTime"][:10],
            "endDate": expected[-1]["start"][:10],
            "recurrenceTimeZone": "W. Europe Standard Time",
        },
    }
    # The dates the engine skipped are removed as occurrences, each by its own id.
    deletes = [r for r in graph.requests if r.method == "DELETE"]
    assert sorted(r.path.rsplit(".", 1)[1] for r in deletes) == [
        day.replace("-", "") for day in skipped
    ]
    assert all(r.path.startswith(f"/v1.0/me/events/{master['id']}.") for r in deletes)
    shown = _shown(graph)
    assert _times(shown) == _rows(expected)
    assert {e["seriesMasterId"] for e in shown} == {master["id"]}
    first = shown[0]
    assert first["subject"] == "Testteam"
    assert first["start"]["timeZone"] == "W. Europe Standard Time"
    assert first["isOnlineMeeting"] is True
    assert first["onlineMeetingProvider"] == "teamsForBusiness"
    assert first["location"] == {"displayName": "Teams"}
    assert first["body"]["contentType"] == "html"
    assert "Drøfte felles tema." in first["body"]["content"]
    assert [(a["emailAddress"]["address"], a["type"]) for a in first["attendees"]] == [
        ("koordinator@testvik.example", "required"),
        ("rektor@testvik.example", "required"),
        ("ppt@testvik.example", "required"),
    ]
    assert creates[0].body["transactionId"].startswith("samarbeid-")
    # The history has the master's id and the ids of the occurrences it removed.
    recorded = json.loads(history.read_text(encoding="utf-8"))["issued"]
    (entry,) = recorded.values()
    assert [e["id"] for e in entry["published"].values()] == [master["id"]]
    (series,) = entry["published"].values()
    assert sorted(series["occurrences"]) == skipped
    assert sorted(o["id"] for o in series["occurrences"].values()) == sorted(
        r.path.rsplit("/", 1)[1] for r in deletes
    )
    assert "created testteam 2027-H1 in Outlook" in result.stderr
    assert "Outlook: 1 created, 0 updated, 0 cancelled" in result.stderr
    assert graph.token not in result.output + history.read_text(encoding="utf-8")


ATTENDEES = ("koordinator@testvik.example", "rektor@testvik.example", "ppt@testvik.example")


def _received(graph: StandIn) -> dict[str, list[tuple[str, str]]]:
    """Per attendee, what Exchange sent them: (kind, event or occurrence id), in order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for kind, event_id, to in graph.sent:
        for address in to:
            found.setdefault(address, []).append((kind, event_id))
    return found


def test_the_first_publish_of_a_series_with_skipped_dates_sends_one_invitation_and_no_cancellation(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """The skipped dates are removed while the series is an appointment without attendees
    (Exchange sends nothing); the attendees come last, so each gets one invitation for the
    series as it stands, and no "Avlyst" for a holiday."""
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    (master,) = graph.events.values()
    assert _received(graph) == {address: [("invitation", master["id"])] for address in ATTENDEES}
    writes = [(r.method, r.path) for r in graph.requests if r.method != "GET"]
    assert writes == [
        ("POST", "/v1.0/me/events"),
        ("DELETE", f"/v1.0/me/events/{master['id']}.20270219"),
        ("PATCH", f"/v1.0/me/events/{master['id']}"),
    ]
    created, invited = graph.requests[0].body, graph.writes[-1].body
    assert "attendees" not in created
    assert set(invited) == {"attendees"}
    shown = _shown(graph)
    assert _times(shown) == _rows(_schedule(runner, data))
    assert all(addresses(e) == list(ATTENDEES) for e in shown)
    assert "invited the attendees of testteam 2027-H1 in Outlook" in result.stderr
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []
    assert len(graph.sent) == 1  # one invitation, to the three of them


def test_a_run_stopped_before_the_invitation_finishes_it_on_the_next_run(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    graph.fail_requests = {4: 500}  # create, list, remove the closed day, then the invitation
    stopped = _publish(runner, data, history)
    assert stopped.exit_code == 1, stopped.output
    assert graph.requests[3].method == "PATCH"
    assert graph.sent == []  # an appointment of her own: nobody has heard of it
    count = len(graph.requests)
    again = _publish(runner, data, history)
    assert again.exit_code == 0, again.output
    (master,) = graph.events
    writes = [(r.method, r.path) for r in graph.requests[count:] if r.method != "GET"]
    assert writes == [("PATCH", f"/v1.0/me/events/{master}")]
    assert _received(graph) == {address: [("invitation", master)] for address in ATTENDEES}
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_a_series_changed_before_its_invitation_is_made_anew_without_a_word(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """Stopped before the invitation, then the data changed: the appointment nobody has
    seen is deleted (no attendees, nothing sent) and the series made as it now is."""
    graph.fail_requests = {4: 500}
    assert _publish(runner, data, history).exit_code == 1
    (old,) = graph.events
    arena = data / "arenas" / "testvik" / "testteam.yaml"
    arena.write_text(textwrap.dedent(ARENA).replace("start: 08:30", "start: 09:15"), "utf-8")
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    (new,) = graph.events
    assert new != old
    assert _received(graph) == {address: [("invitation", new)] for address in ATTENDEES}
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_an_uninvited_series_deleted_by_hand_is_made_anew_on_the_next_run(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """Stopped before the invitation, and the appointment without attendees deleted in
    Outlook: the next run makes the series again instead of failing on it for ever."""
    graph.fail_requests = {4: 500}
    assert _publish(runner, data, history).exit_code == 1
    (old,) = graph.events
    del graph.events[old]
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    (new,) = graph.events
    assert new != old
    assert _received(graph) == {address: [("invitation", new)] for address in ATTENDEES}
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_a_closed_day_of_a_published_series_is_one_cancellation_of_that_meeting(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    """Once the series is out, a date it loses is rightly cancelled for the attendees."""
    data = data_folder(municipality=WITH_PPT)
    assert _publish(runner, data, history).exit_code == 0
    (master,) = graph.events
    dates = [row["start"][:10] for row in _schedule(runner, data)]
    closed = (
        WITH_PPT + f"closed_days:\n  - {{start: {dates[2]}, reason: Kommunens planleggingsdag}}\n"
    )
    assert _publish(runner, data_folder(municipality=closed), history).exit_code == 0
    occurrence = f"{master}.{dates[2].replace('-', '')}"
    assert _received(graph) == {
        address: [("invitation", master), ("cancellation", occurrence)] for address in ATTENDEES
    }


def test_a_moved_meeting_is_a_changed_occurrence_of_the_series(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    arena = ARENA.replace("meeting:", "on_closed_day: earlier\nmeeting:")
    data = data_folder(municipality=WITH_CLOSED_DAY, arenas={"testteam": arena})
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    expected = _schedule(runner, data)
    moved = [row for row in expected if row["moved_from"]]
    assert [row["start"][:10] for row in moved] == ["2027-02-18"]  # Thursday instead
    (master,) = graph.events.values()
    occurrences = f"/v1.0/me/events/{master['id']}."
    patches = [r for r in graph.requests if r.method == "PATCH" and r.path.startswith(occurrences)]
    assert len(patches) == len(moved)
    # Moved before the attendees are added: one invitation, no update for the moved one.
    assert _received(graph) == {address: [("invitation", master["id"])] for address in ATTENDEES}
    assert all(r.path.startswith(f"/v1.0/me/events/{master['id']}.") for r in patches)
    assert set(patches[0].body) == {"start", "end"}
    shown = _shown(graph)
    assert _times(shown) == _rows(expected)
    assert {e["type"] for e in shown if e["type"] == "exception"} == {"exception"}
    assert graph.invalid == []
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []
    # A new description: the master alone; the moved occurrence is checked, not sent again.
    described = arena.replace("Drøfte felles tema.", "Drøfte felles tema og saker.")
    (data / "arenas" / "testvik" / "testteam.yaml").write_text(described, "utf-8")
    assert _publish(runner, data, history).exit_code == 0
    writes = [(r.method, r.path) for r in graph.requests[count:] if r.method != "GET"]
    assert writes == [("PATCH", f"/v1.0/me/events/{master['id']}")]
    assert _times(_shown(graph)) == _rows(expected)


def test_a_moved_meeting_back_on_its_date_is_put_back_and_a_new_time_moves_it_too(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    arena = ARENA.replace("meeting:", "on_closed_day: earlier\nmeeting:")
    data = data_folder(municipality=WITH_CLOSED_DAY, arenas={"testteam": arena})
    assert _publish(runner, data, history).exit_code == 0
    (master,) = graph.events
    # A new time: the master and the moved occurrence, PATCH only.
    later = arena.replace("start: 08:30", "start: 09:15")
    (data / "arenas" / "testvik" / "testteam.yaml").write_text(later, "utf-8")
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    writes = [(r.method, r.path) for r in graph.requests[count:] if r.method != "GET"]
    assert writes == [
        ("PATCH", f"/v1.0/me/events/{master}"),
        ("PATCH", f"/v1.0/me/events/{master}.20270219"),
    ]
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    # The closed day is open again: the occurrence goes back to the series' Friday.
    data = data_folder(municipality=WITH_PPT, arenas={"testteam": later})
    count = len(graph.requests)
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    writes = [(r.method, r.path) for r in graph.requests[count:] if r.method != "GET"]
    assert writes == [("PATCH", f"/v1.0/me/events/{master}.20270219")]
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    assert graph.invalid == []
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_a_meeting_again_on_a_removed_date_makes_the_series_anew(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    """Graph cannot bring back a removed occurrence: the old series is cancelled (Exchange
    tells the attendees) and a new one made, never two series at once."""
    data = data_folder(municipality=WITH_CLOSED_DAY)
    assert _publish(runner, data, history).exit_code == 0
    (old,) = graph.events
    data = data_folder(municipality=WITH_PPT)
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    assert "has a meeting again on a date removed from its series" in result.stderr
    assert graph.events[old]["isCancelled"] is True
    (new,) = [e["id"] for e in graph.live()]
    assert new != old
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_a_new_weekday_patches_the_series_pattern_and_forgets_the_old_dates(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    (master,) = graph.events
    thursday = ARENA.replace("weekday: friday", "weekday: thursday").replace(
        "anchor: 2026-08-21", "anchor: 2026-08-20"
    )
    (data / "arenas" / "testvik" / "testteam.yaml").write_text(thursday, "utf-8")
    count = len(graph.requests)
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    writes = [(r.method, r.path) for r in graph.requests[count:] if r.method != "GET"]
    assert writes == [("PATCH", f"/v1.0/me/events/{master}")]
    assert graph.events[master]["recurrence"]["pattern"]["daysOfWeek"] == ["thursday"]
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    (entry,) = json.loads(history.read_text(encoding="utf-8"))["issued"].values()
    assert "occurrences" not in entry["published"][""]  # 2027-02-19 is no date of it now
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_a_series_the_pattern_cannot_say_is_one_event_per_meeting(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    per_term = ARENA.replace(
        "  kind: every_n_weeks\n  every_weeks: 2\n  weekday: friday\n  anchor: 2026-08-21\n",
        "  kind: per_term\n  spring: 3\n  autumn: 3\n  weekday: friday\n",
    )
    data = data_folder(municipality=WITH_PPT, arenas={"testteam": per_term})
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    expected = _schedule(runner, data)
    assert len(expected) == 3
    assert [r.method for r in graph.requests] == ["POST"] * 3
    assert all("recurrence" not in e for e in graph.events.values())
    assert _times(_shown(graph)) == _rows(expected)
    from zoneinfo import ZoneInfo

    from samarbeid_cli.delivery import graph as graph_client
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.delivery import outlook

    client = graph_client.Client(graph_client.settings(_environ(graph)))
    found = issue_history.load(history)
    held = {
        outlook.meeting_event(
            found,
            row["uid"],
            dt.date.fromisoformat(row["start"][:10]),
            ZoneInfo("Europe/Oslo"),
            client,
        )
        for row in expected
    }
    assert held == set(graph.events)  # each meeting its own event


def test_a_second_publish_with_nothing_changed_sends_nothing_and_says_so(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    before, count = history.read_bytes(), len(graph.requests)
    again = _publish(runner, data, history)
    assert again.exit_code == 0, again.output
    assert graph.requests[count:] == []
    assert "nothing has changed since the series was last published" in again.stderr
    meetings = len(_schedule(runner, data))
    assert f"nothing was sent to Outlook ({meetings} meeting(s) already there)" in again.stderr
    assert history.read_bytes() == before


def test_a_changed_time_patches_the_series_in_place(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    ids, count = sorted(graph.events), len(graph.requests)
    arena = data / "arenas" / "testvik" / "testteam.yaml"
    arena.write_text(textwrap.dedent(ARENA).replace("start: 08:30", "start: 09:15"), "utf-8")
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    writes = [r for r in graph.requests[count:] if r.method != "GET"]
    # One PATCH of the series master: every occurrence follows it.
    assert [(r.method, r.path.rsplit("/", 1)[1]) for r in writes] == [("PATCH", ids[0])]
    assert sorted(graph.events) == ids  # nothing created twice
    assert {e["start"]["dateTime"][11:] for e in _shown(graph)} == {"09:15:00"}
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    assert graph.invalid == []
    again = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[again:] == []


def test_a_meeting_the_data_no_longer_has_is_cancelled_not_deleted(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(municipality=WITH_PPT)
    assert _publish(runner, data, history).exit_code == 0
    dates = [row["start"][:10] for row in _schedule(runner, data)]
    count = len(graph.requests)
    closed = (
        WITH_PPT + f"closed_days:\n  - {{start: {dates[2]}, reason: Kommunens planleggingsdag}}\n"
    )
    data = data_folder(municipality=closed)
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    changes = [r for r in graph.requests[count:] if r.method != "GET"]
    (master,) = graph.events
    # The one occurrence is cancelled (Exchange tells the attendees), not the series.
    assert [(r.method, r.path) for r in changes] == [
        ("POST", f"/v1.0/me/events/{master}.{dates[2].replace('-', '')}/cancel")
    ]
    assert changes[0].body == {
        "Comment": "This meeting is cancelled; it is no longer in the arena's series."
    }
    assert [e["start"]["dateTime"][:10] for e in _shown(graph)] == [
        d for d in dates if d != dates[2]
    ]
    assert "Outlook: 0 created, 0 updated, 1 cancelled" in result.stderr
    # Cancelled once: the next run sends nothing.
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_a_series_gone_from_the_data_is_cancelled_when_confirmed(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(
        municipality=WITH_PPT,
        arenas={"testteam": ARENA, "andreteam": ARENA.replace("Testteam", "Andreteam")},
    )
    assert _publish(runner, data, history).exit_code == 0
    (data / "arenas" / "testvik" / "andreteam.yaml").unlink()
    count = len(graph.requests)
    asked = _publish(runner, data, history)  # no answer on stdin: not cancelled
    assert asked.exit_code == 0, asked.output
    assert graph.requests[count:] == []
    assert "no longer in the data: Andreteam" in asked.output
    result = _publish(runner, data, history, "--yes")
    assert result.exit_code == 0, result.output
    changes = graph.requests[count:]
    andreteam = [e["id"] for e in graph.events.values() if e["subject"] == "Andreteam"]
    assert [(r.method, r.path) for r in changes] == [
        ("POST", f"/v1.0/me/events/{andreteam[0]}/cancel")
    ]
    assert {e["subject"] for e in graph.live()} == {"Testteam"}
    assert {e["subject"] for e in _shown(graph)} == {"Testteam"}


def test_cancel_arena_cancels_its_meetings(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    (master,) = graph.events
    count = len(graph.requests)
    result = _publish(runner, data, history, "--cancel", "testteam")
    assert result.exit_code == 0, result.output
    assert [(r.method, r.path) for r in graph.requests[count:]] == [
        ("POST", f"/v1.0/me/events/{master}/cancel")
    ]
    assert graph.live() == []
    assert _shown(graph) == []
    nothing = _publish(runner, data, history, "--cancel", "nosuch")
    assert nothing.exit_code == 2
    assert "nothing of 'nosuch' was published for 2027-H1" in nothing.stderr


def test_throttling_is_waited_out_and_nothing_is_made_twice(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    graph.faults = [(429, {"Retry-After": "0"}), (503, {"Retry-After": "0"})]
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    assert [r.method for r in graph.requests[:3]] == ["POST"] * 3  # 429, 503, then created
    assert len(graph.events) == 1
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))


def test_a_refused_sign_in_stops_with_advice_and_leaves_the_history_alone(
    runner: CliRunner, graph: StandIn, data: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMARBEID_GRAPH_TOKEN", "expired-token-123")
    result = _publish(runner, data, history)
    assert result.exit_code == 1, result.output
    assert "Microsoft Graph refused the request (401 InvalidAuthenticationToken)" in result.stderr
    assert "samarbeid login" in result.stderr
    assert "expired-token-123" not in result.output
    assert "Traceback" not in result.output
    assert not history.exists()
    assert graph.events == {}


def test_a_refused_change_is_reported_and_the_rerun_does_only_what_is_missing(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    expected = _rows(_schedule(runner, data))
    graph.fail_requests = {3: 500}  # the first removal of a closed day; not retried
    result = _publish(runner, data, history)
    assert result.exit_code == 1, result.output
    assert "500 InternalServerError: stand-in fault 500" in result.stderr
    assert "publishing to Outlook did not finish: Graph refused 1 change(s)" in result.stderr
    assert len(graph.events) == 1
    refused = graph.requests[2]
    assert refused.method == "DELETE"
    count = len(graph.requests)
    again = _publish(runner, data, history)
    assert again.exit_code == 0, again.output
    (master,) = graph.events
    # The removal left, then the attendees: the series had none while a date was wrong.
    assert [(r.method, r.path) for r in graph.requests[count:] if r.method != "GET"] == [
        ("DELETE", refused.path),
        ("PATCH", f"/v1.0/me/events/{master}"),
    ]
    assert {kind for kind, _id, _to in graph.sent} == {"invitation"}
    assert _times(_shown(graph)) == expected


def test_a_run_that_lost_its_history_makes_nothing_twice(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """Graph saw the create but samarbeid did not record it: the same transactionId."""
    assert _publish(runner, data, history).exit_code == 0
    history.unlink()
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    assert len(graph.events) == 1
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_an_endpoint_that_is_not_https_is_refused_before_anything(
    runner: CliRunner, data: Path, history: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMARBEID_GRAPH_URL", "http://graph.example.org/v1.0")
    monkeypatch.setenv("SAMARBEID_GRAPH_TOKEN", "token")
    result = _publish(runner, data, history)
    assert result.exit_code == 1
    assert "SAMARBEID_GRAPH_URL must be an https:// address" in result.stderr
    assert not history.exists()


def test_publish_goes_alone(runner: CliRunner, data: Path, history: Path) -> None:
    result = _publish(runner, data, history, "--send")
    assert result.exit_code == 2
    assert "--publish outlook delivers the series on its own" in result.stderr
    every = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "all",
            "--period",
            "2027-H1",
            "--data",
            str(data),
            "--publish",
            "outlook",
        ],
    )
    assert every.exit_code == 2
    assert "--publish outlook takes one municipality at a time" in every.stderr


def result_args(municipality: str, period: str, history: Path) -> list[str]:
    return [
        "schedule",
        "-m",
        municipality,
        "--period",
        period,
        "--data",
        str(BUNDLED_DATA),
        "--history",
        str(history),
        "--publish",
        "outlook",
    ]


@pytest.mark.parametrize("period", ["2027-H1", "2027-H2"])
@pytest.mark.parametrize("municipality", ["aukra", "inderoy", "selbu"])
def test_outlook_holds_exactly_the_schedule_of_every_bundled_arena(
    runner: CliRunner, graph: StandIn, tmp_path: Path, municipality: str, period: str
) -> None:
    history = tmp_path / "issued.json"
    result = runner.invoke(app, result_args(municipality, period, history))
    assert result.exit_code == 0, result.output
    assert graph.invalid == []
    expected = _schedule(runner, BUNDLED_DATA, municipality, period)
    shown = _shown(graph, period)
    assert sorted(
        (
            e["subject"],
            aware(e["start"]),
            aware(e["end"]),
            (e.get("location") or {}).get("displayName"),
        )
        for e in shown
    ) == sorted((row["name"], *_rows([row])[0], row["location"]) for row in expected)
    assert {row["timezone"] for row in expected} <= set(WINDOWS_ZONES)
    digital = [e for e in shown if e.get("location", {}).get("displayName") == "Teams"]
    assert all(
        e["isOnlineMeeting"] and e["onlineMeetingProvider"] == "teamsForBusiness" for e in digital
    )
    # Every regular series is one Outlook series; the others one event per meeting.
    regular = {row["uid"] for row in expected if row["recurrence_id"]}
    masters = [e for e in graph.events.values() if "recurrence" in e]
    assert len(masters) == len(regular)
    assert len(graph.events) == len(masters) + sum(1 for r in expected if not r["recurrence_id"])
    # Exchange sends each attendee one invitation per series or meeting, and nothing else.
    assert {kind for kind, _id, _to in graph.sent} <= {"invitation"}
    invited = [(event_id, address) for _kind, event_id, to in graph.sent for address in to]
    assert len(invited) == len(set(invited))
    assert {event_id for event_id, _address in invited} <= set(graph.events)
    count = len(graph.requests)
    again = runner.invoke(app, result_args(municipality, period, history))
    assert again.exit_code == 0, again.output
    assert graph.requests[count:] == []


def test_responses_show_who_comes_and_who_sent_forfall_per_meeting(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    graph.answer("rektor@testvik.example", "accepted", "2026-12-07T10:00:00Z")
    graph.answer("ppt@testvik.example", "declined", "2026-12-08T09:00:00Z")
    count = len(graph.writes)
    args = ["responses", "-m", "testvik", "--period", "2027-H1", "--data", str(data)]
    shown = runner.invoke(app, [*args, "--history", str(history)])
    assert shown.exit_code == 0, shown.output
    assert graph.writes[count:] == []  # reading only
    lines = shown.stdout.splitlines()
    assert lines[3].startswith("Testteam, fredag 22. januar 2027")
    assert lines[:3] == [
        "Testteam, fredag 8. januar 2027 kl. 08.30",
        "  kommer: Rektor (rektor@testvik.example)",
        "  forfall: PPT (ppt@testvik.example)",
    ]  # the convener organizes: not an attendee who has to answer
    as_json = runner.invoke(app, [*args, "--history", str(history), "--json"])
    assert as_json.exit_code == 0, as_json.output
    meetings = json.loads(as_json.stdout)
    assert len(meetings) == len(_shown(graph))
    assert meetings[0]["attendees"] == [
        {
            "name": "Rektor",
            "email": "rektor@testvik.example",
            "response": "accepted",
            "at": "2026-12-07T10:00:00Z",
        },
        {
            "name": "PPT",
            "email": "ppt@testvik.example",
            "response": "declined",
            "at": "2026-12-08T09:00:00Z",
        },
    ]


def test_responses_say_where_no_answers_could_be_read(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    args = [
        "responses",
        "-m",
        "testvik",
        "--period",
        "2027-H1",
        "--data",
        str(data),
        "--history",
        str(history),
    ]
    nothing = runner.invoke(app, args)
    assert nothing.exit_code == 1
    assert "nothing of testvik is published in Outlook for 2027-H1" in nothing.stderr
    assert _publish(runner, data, history).exit_code == 0
    first = graph.live()[0]["id"]
    del graph.events[first]  # deleted in Outlook by hand
    shown = runner.invoke(app, args)
    assert shown.exit_code == 1, shown.output  # the list is not complete
    assert shown.stdout.splitlines()[1] == "  the meeting is gone from Outlook"
    assert "could not be read" in shown.stderr


def test_calendar_files_written_after_publishing_keep_the_outlook_events(
    runner: CliRunner, graph: StandIn, data: Path, history: Path, tmp_path: Path
) -> None:
    """Another way of issuing never erases what publishing recorded (delivery.issuing)."""
    assert _publish(runner, data, history).exit_code == 0
    recorded = json.loads(history.read_text(encoding="utf-8"))["issued"]
    out = tmp_path / "kalender"
    written = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "--data",
            str(data),
            "--history",
            str(history),
            "--out",
            str(out),
            "-f",
            "json",
        ],
    )
    assert written.exit_code == 0, written.output
    after = json.loads(history.read_text(encoding="utf-8"))["issued"]
    assert {uid: e["published"] for uid, e in after.items()} == {
        uid: e["published"] for uid, e in recorded.items()
    }
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def _invite(runner: CliRunner, data: Path, history: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "invite",
            "-m",
            "testvik",
            "-a",
            "testteam",
            "--date",
            "2027-03-12",
            "--start",
            "10:00",
            "--case",
            "AG-2027-014",
            "--data",
            str(data),
            "--history",
            str(history),
            *extra,
        ],
    )


def test_invite_publishes_the_one_meeting_and_leaves_the_series_alone(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    series = len(graph.live())
    result = _invite(runner, data, history, "--publish", "outlook")
    assert result.exit_code == 0, result.output
    assert len(graph.live()) == series + 1
    (one,) = [e for e in _shown(graph) if e["start"]["dateTime"] == "2027-03-12T10:00:00"]
    assert one["subject"] == "Testteam (sak AG-2027-014)"
    assert one["isOnlineMeeting"] is True
    assert graph.invalid == []
    count = len(graph.requests)
    assert _invite(runner, data, history, "--publish", "outlook").exit_code == 0
    assert _publish(runner, data, history).exit_code == 0  # the series run keeps the one-off
    assert graph.requests[count:] == []


def test_invite_needs_a_folder_or_publish_and_not_both(
    runner: CliRunner, data: Path, history: Path, tmp_path: Path
) -> None:
    neither = _invite(runner, data, history)
    assert neither.exit_code == 2
    assert "--out DIR is needed" in neither.stderr
    both = _invite(runner, data, history, "--publish", "outlook", "--out", str(tmp_path / "o"))
    assert both.exit_code == 2
    assert "--publish outlook delivers the meeting on its own" in both.stderr


def test_a_meeting_deleted_in_outlook_by_hand_is_made_again_when_it_changes(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    del graph.events[graph.live()[0]["id"]]
    arena = data / "arenas" / "testvik" / "testteam.yaml"
    arena.write_text(textwrap.dedent(ARENA).replace("start: 08:30", "start: 09:15"), "utf-8")
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    assert "was gone from Outlook; created it again" in result.stderr
    assert len(graph.live()) == 1
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0
    assert graph.requests[count:] == []


def test_cancel_of_a_per_unit_arena_cancels_every_units_series_and_nothing_else(
    runner: CliRunner, graph: StandIn, tmp_path: Path
) -> None:
    history = tmp_path / "issued.json"
    base = [
        "schedule",
        "-m",
        "aukra",
        "--period",
        "2027-H1",
        "--data",
        str(BUNDLED_DATA),
        "--history",
        str(history),
        "--publish",
        "outlook",
    ]
    assert runner.invoke(app, base).exit_code == 0
    units = {
        uid.split("--")[1].split("-2027")[0]
        for uid in json.loads(history.read_text())["issued"]
        if "skoleteam--" in uid
    }
    assert len(units) > 1  # one series per unit
    before = {e["id"]: e["subject"] for e in graph.live()}
    result = runner.invoke(app, [*base, "--cancel", "skoleteam"])
    assert result.exit_code == 0, result.output
    cancelled = {r.path.split("/")[-2] for r in graph.requests if r.path.endswith("/cancel")}
    recorded = json.loads(history.read_text())["issued"]
    skoleteam_ids = {
        event["id"]
        for uid, entry in recorded.items()
        if uid.startswith("aukra-skoleteam--")
        for event in entry["published"].values()
    }
    assert cancelled == skoleteam_ids
    assert {e["id"] for e in graph.live()} == set(before) - skoleteam_ids


def test_the_occurrences_are_read_page_by_page(
    runner: CliRunner,
    graph: StandIn,
    data: Path,
    history: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Graph lists a series' occurrences a page at a time (@odata.nextLink)."""
    from samarbeid_cli.delivery import outlook

    monkeypatch.setattr(outlook, "PAGE", 3)  # 2027-02-19 is the 4th: on the second page
    result = _publish(runner, data, history)
    assert result.exit_code == 0, result.output
    pages = [r.path for r in graph.requests if r.method == "GET"]
    assert len(pages) == 5 and "%24skip=3" in pages[1]  # 13 dates before the removal
    assert _times(_shown(graph)) == _rows(_schedule(runner, data))


def test_the_stand_in_expands_patterns_as_graph_documents_them() -> None:
    """Hand-counted dates, independent of samarbeid's own rules."""
    from tests.graph_standin import expand_dates, recurrence_problems

    def dates(pattern: dict[str, Any], span: dict[str, Any]) -> list[str]:
        return [d.isoformat() for d in expand_dates({"pattern": pattern, "range": span})]

    # Every other week from the week (Sunday first) that holds the start, which is a Tuesday.
    assert dates(
        {
            "type": "weekly",
            "interval": 2,
            "daysOfWeek": ["monday", "thursday"],
            "firstDayOfWeek": "sunday",
        },
        {"type": "endDate", "startDate": "2027-01-05", "endDate": "2027-02-04"},
    ) == ["2027-01-07", "2027-01-18", "2027-01-21", "2027-02-01", "2027-02-04"]
    assert dates(
        {"type": "relativeMonthly", "interval": 1, "daysOfWeek": ["friday"], "index": "last"},
        {"type": "endDate", "startDate": "2027-01-29", "endDate": "2027-04-30"},
    ) == ["2027-01-29", "2027-02-26", "2027-03-26", "2027-04-30"]
    assert dates(
        {"type": "relativeMonthly", "interval": 1, "daysOfWeek": ["wednesday"], "index": "second"},
        {"type": "numbered", "startDate": "2027-01-13", "numberOfOccurrences": 3},
    ) == ["2027-01-13", "2027-02-10", "2027-03-10"]
    master = {
        "start": {"dateTime": "2027-01-06T08:30:00", "timeZone": "W. Europe Standard Time"},
        "recurrence": {
            "pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["friday"]},
            "range": {"type": "endDate", "startDate": "2027-01-06", "endDate": "2027-02-26"},
        },
    }
    assert recurrence_problems(master) == [
        "recurrence: the start is not the first occurrence of the pattern"
    ]


def test_a_history_with_broken_occurrences_is_refused_by_name_and_nothing_is_sent(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    recorded = json.loads(history.read_text(encoding="utf-8"))
    (entry,) = recorded["issued"].values()
    entry["published"][""]["occurrences"]["2027-02-19"] = {"id": 7, "digest": "removed"}
    history.write_text(json.dumps(recorded), encoding="utf-8")
    count = len(graph.requests)
    result = _publish(runner, data, history)
    assert result.exit_code == 1
    assert f"{history}: not a samarbeid issue history" in result.stderr
    assert "published..occurrences.2027-02-19.id must be text" in result.stderr
    assert "Traceback" not in result.output
    assert graph.requests[count:] == []


def test_the_event_of_one_meeting_is_found_in_its_series_for_what_goes_with_it(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """An agenda goes with one meeting: the occurrence of the series on its day."""
    from zoneinfo import ZoneInfo

    from samarbeid_cli.delivery import graph as graph_client
    from samarbeid_cli.delivery import history as issue_history
    from samarbeid_cli.delivery import outlook

    assert _publish(runner, data, history).exit_code == 0
    (master,) = graph.events
    (uid,) = json.loads(history.read_text(encoding="utf-8"))["issued"]
    client = graph_client.Client(graph_client.settings({**_environ(graph)}))
    found = issue_history.load(history)
    oslo = ZoneInfo("Europe/Oslo")

    def event_on(day: str) -> str | None:
        return outlook.meeting_event(found, uid, dt.date.fromisoformat(day), oslo, client)

    assert event_on("2027-01-22") == f"{master}.20270122"
    assert event_on("2027-02-19") is None  # removed: a closed day
    assert event_on("2027-01-23") is None
    assert (
        outlook.meeting_event(found, "nosuch@samarbeid", dt.date(2027, 1, 22), oslo, client) is None
    )


def _environ(graph: StandIn) -> dict[str, str]:
    return {"SAMARBEID_GRAPH_URL": graph.url, "SAMARBEID_GRAPH_TOKEN": graph.token}


def _nowhere() -> str:
    """A loopback URL where nothing listens: every request is refused."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1.0"


def test_responses_that_could_not_be_read_fail_and_name_the_series_by_its_real_meetings(
    runner: CliRunner,
    graph: StandIn,
    data_folder: DataFolder,
    history: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A series whose first rule date is a closed day (removed in Outlook) is not shown on
    that date; a run that could not read every meeting's answers exits 1 (issue 16)."""
    data = data_folder(
        municipality=WITH_PPT
        + "closed_days:\n  - {start: 2027-01-08, reason: Kommunens planleggingsdag}\n"
    )
    assert _publish(runner, data, history).exit_code == 0
    args = ["responses", "-m", "testvik", "--period", "2027-H1", "--data", str(data)]
    read = runner.invoke(app, [*args, "--history", str(history)])
    assert read.exit_code == 0, read.output
    assert read.stdout.splitlines()[0] == "Testteam, fredag 22. januar 2027 kl. 08.30"
    monkeypatch.setenv("SAMARBEID_GRAPH_URL", _nowhere())
    shown = runner.invoke(app, [*args, "--history", str(history)])
    assert shown.exit_code == 1, shown.output
    assert "8. januar" not in shown.stdout
    lines = shown.stdout.splitlines()
    assert lines[0] == "Testteam, fredag 22. januar 2027 kl. 08.30"  # as the schedule had it
    assert "could not be reached" in lines[1]
    assert "the answers to Testteam could not be read" in shown.stderr
    # A history that does not say the first meeting: the series by its name and period.
    recorded = json.loads(history.read_text(encoding="utf-8"))
    for entry in recorded["issued"].values():
        entry.pop("start", None)
    history.write_text(json.dumps(recorded), encoding="utf-8")
    unknown = runner.invoke(app, [*args, "--history", str(history)])
    assert unknown.exit_code == 1, unknown.output
    assert unknown.stdout.splitlines()[0] == "Testteam, første halvår 2027 (januar–juni)"


def test_responses_leave_out_the_organizer_whatever_graph_says_of_them(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """The series' convener organizes it (each unit's convener for a per-unit arena, as the
    history records per series): no attendee who has to answer, in no list, whether Graph
    lists them unanswered or with its own status `organizer` (issue 16)."""
    assert _publish(runner, data, history).exit_code == 0
    recorded = json.loads(history.read_text(encoding="utf-8"))["issued"]
    assert {e["organizer"]["email"] for e in recorded.values()} == {"koordinator@testvik.example"}
    args = ["responses", "-m", "testvik", "--period", "2027-H1", "--data", str(data)]
    for status in ("none", "organizer", "accepted"):
        graph.answer("koordinator@testvik.example", status)
        shown = runner.invoke(app, [*args, "--history", str(history), "--json"])
        assert shown.exit_code == 0, shown.output
        for meeting in json.loads(shown.stdout):
            listed = [a["email"] for a in meeting["attendees"]]
            assert listed == ["rektor@testvik.example", "ppt@testvik.example"], status


def test_a_series_cancelled_on_request_stays_cancelled_until_restored(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    """--cancel withdraws the series for the period, not for one run: an ordinary publish
    after it must not invite everyone again; --restore brings it back (issue 16)."""
    assert _publish(runner, data, history).exit_code == 0
    assert _publish(runner, data, history, "--cancel", "testteam").exit_code == 0
    assert graph.live() == []
    count = len(graph.requests)
    again = _publish(runner, data, history)
    assert again.exit_code == 0, again.output
    assert [r for r in graph.requests[count:] if r.method != "GET"] == []
    assert graph.live() == []
    assert "testteam was cancelled with --cancel for 2027-H1" in again.stderr
    assert "--restore testteam" in again.stderr
    assert "nothing has changed since" not in again.stderr
    restored = _publish(runner, data, history, "--restore", "testteam")
    assert restored.exit_code == 0, restored.output
    assert ("POST", "/v1.0/me/events") in [(r.method, r.path) for r in graph.requests[count:]]
    assert {e["subject"] for e in graph.live()} == {"Testteam"}
    count = len(graph.requests)
    assert _publish(runner, data, history).exit_code == 0  # restored for good
    assert [r for r in graph.requests[count:] if r.method != "GET"] == []
    nothing = _publish(runner, data, history, "--restore", "testteam")
    assert nothing.exit_code == 2
    assert "--restore: testteam is not cancelled for 2027-H1" in nothing.stderr
    both = _publish(runner, data, history, "--restore", "testteam", "--cancel", "testteam")
    assert both.exit_code == 2
    assert "--cancel and --restore both name testteam" in both.stderr
    alone = runner.invoke(
        app, ["schedule", "-m", "testvik", "--data", str(data), "--restore", "testteam"]
    )
    assert alone.exit_code == 2
    assert "use it with --publish outlook" in alone.stderr


def test_a_gone_series_left_alone_says_so_not_that_nothing_changed(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(
        municipality=WITH_PPT,
        arenas={"testteam": ARENA, "andreteam": ARENA.replace("Testteam", "Andreteam")},
    )
    assert _publish(runner, data, history).exit_code == 0
    (data / "arenas" / "testvik" / "andreteam.yaml").unlink()
    asked = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "--data",
            str(data),
            "--history",
            str(history),
            "--publish",
            "outlook",
        ],
        input="n\n",
    )
    assert asked.exit_code == 0, asked.output
    assert "[y/N]" in asked.output
    assert "nothing has changed since" not in asked.output
    assert "left as it is in Outlook" in asked.output


def test_responses_json_gives_the_period_of_every_meeting(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    args = ["responses", "-m", "testvik", "--period", "2027-H1", "--data", str(data)]
    as_json = runner.invoke(app, [*args, "--history", str(history), "--json"])
    assert as_json.exit_code == 0, as_json.output
    meetings = json.loads(as_json.stdout)
    assert meetings
    assert {m["period"] for m in meetings} == {"2027-H1"}


def test_a_meeting_nobody_is_invited_to_says_so_in_the_responses() -> None:
    from rich.console import Console

    from samarbeid_cli.renderers.responses import MeetingAnswers, to_terminal

    console = Console(record=True, width=200)
    meeting = MeetingAnswers("testteam", "Testteam", "2027-01-08T08:30:00+01:00", period="2027-H1")
    to_terminal(console, [meeting], "nb", "Europe/Oslo")
    lines = console.export_text().splitlines()
    assert lines[1] == "  ingen er invitert (ingen adresser), så ingen kan svare"
    to_terminal(console, [meeting], "nn", "Europe/Oslo")
    assert console.export_text().splitlines()[1] == (
        "  ingen er invitert (ingen adresser), så ingen kan svare"
    )


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize("answer", ["j", "ja", "y"])
def test_the_question_of_a_gone_series_is_norwegian_and_takes_j(
    runner: CliRunner,
    graph: StandIn,
    data_folder: DataFolder,
    history: Path,
    lang: str,
    answer: str,
) -> None:
    data = data_folder(
        municipality=WITH_PPT,
        arenas={"testteam": ARENA, "andreteam": ARENA.replace("Testteam", "Andreteam")},
    )
    assert _publish(runner, data, history).exit_code == 0
    (data / "arenas" / "testvik" / "andreteam.yaml").unlink()
    args = ["--lang", lang, "schedule", "-m", "testvik", "--period", "2027-H1", "--data"]
    asked = runner.invoke(
        app,
        [*args, str(data), "--history", str(history), "--publish", "outlook"],
        input=f"{answer}\n",
    )
    assert asked.exit_code == 0, asked.output
    assert "[j/N]" in asked.output
    assert "[y/N]" not in asked.output
    assert {e["subject"] for e in graph.live()} == {"Testteam"}  # Andreteam cancelled


def test_aukra_bti_team_cancelled_stays_cancelled_as_the_trial_found(
    runner: CliRunner, graph: StandIn, tmp_path: Path
) -> None:
    """The user trial: cancel bti-team, publish again as usual: nothing of it is created."""
    base = result_args("aukra", "2027-H1", tmp_path / "issued.json")
    assert runner.invoke(app, base).exit_code == 0
    subjects = {e["id"]: e["subject"] for e in graph.live()}
    cancelled = runner.invoke(app, [*base, "--cancel", "bti-team"])
    assert cancelled.exit_code == 0, cancelled.output
    withdrawn = {subjects[e] for e in subjects if e not in {x["id"] for x in graph.live()}}
    assert withdrawn  # bti-team's events
    count = len(graph.requests)
    again = runner.invoke(app, base)
    assert again.exit_code == 0, again.output
    assert [r for r in graph.requests[count:] if r.method != "GET"] == []
    assert "bti-team was cancelled with --cancel for 2027-H1" in again.stderr
    assert not withdrawn & {e["subject"] for e in graph.live()}

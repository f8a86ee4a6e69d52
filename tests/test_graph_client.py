"""The Graph client on its own: which endpoints it will talk to, and how it waits and stops."""

from __future__ import annotations

import pytest

from samarbeid_cli.delivery import graph as graph_client
from samarbeid_cli.errors import InputError
from tests.graph_standin import TOKEN, StandIn, graph

__all__ = ["graph"]


@pytest.mark.parametrize(
    "url",
    [
        "https://graph.microsoft.com/v1.0",
        "https://graph.microsoft.us/v1.0/",
        "http://127.0.0.1:8080/v1.0",
        "http://[::1]:8080/v1.0",
        "http://localhost/v1.0",
    ],
)
def test_an_encrypted_or_local_endpoint_is_taken(url: str) -> None:
    assert graph_client.checked_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    ["http://graph.example.org/v1.0", "ftp://127.0.0.1/", "graph.microsoft.com", "https://"],
)
def test_any_other_endpoint_is_refused_by_name(url: str) -> None:
    with pytest.raises(InputError, match="SAMARBEID_GRAPH_URL must be an https:// address"):
        graph_client.settings({"SAMARBEID_GRAPH_URL": url, "SAMARBEID_GRAPH_TOKEN": TOKEN})


def test_without_a_token_or_sign_in_it_says_how_to_sign_in() -> None:
    with pytest.raises(InputError, match="run 'samarbeid login'"):
        graph_client.settings({})


def _client(graph: StandIn, waits: list[float]) -> graph_client.Client:
    settings = graph_client.settings(
        {"SAMARBEID_GRAPH_URL": graph.url, "SAMARBEID_GRAPH_TOKEN": graph.token}
    )
    return graph_client.Client(settings, sleep=waits.append)


BODY = {
    "subject": "Testteam",
    "start": {"dateTime": "2027-01-08T08:30:00", "timeZone": "W. Europe Standard Time"},
    "end": {"dateTime": "2027-01-08T09:30:00", "timeZone": "W. Europe Standard Time"},
}


def test_a_throttled_request_waits_as_long_as_graph_asks_then_goes_through(
    graph: StandIn,
) -> None:
    graph.faults = [(429, {"Retry-After": "7"}), (503, {})]
    waits: list[float] = []
    created = _client(graph, waits).request("POST", "/me/events", BODY)
    assert created["id"] in graph.events
    assert waits == [7.0, 4.0]  # Retry-After, then a growing pause where none is named
    assert len(graph.requests) == 3
    assert len(graph.events) == 1


def test_throttling_that_does_not_end_stops_after_a_bounded_number_of_tries(
    graph: StandIn,
) -> None:
    graph.faults = [(429, {"Retry-After": "1"})] * 10
    waits: list[float] = []
    with pytest.raises(graph_client.GraphError, match="429 TooManyRequests"):
        _client(graph, waits).request("POST", "/me/events", BODY)
    assert len(graph.requests) == graph_client.MAX_ATTEMPTS
    assert graph.events == {}


def test_a_wait_longer_than_the_bound_is_not_waited_for(graph: StandIn) -> None:
    graph.faults = [(429, {"Retry-After": "86400"})]
    waits: list[float] = []
    with pytest.raises(graph_client.GraphError, match="429"):
        _client(graph, waits).request("POST", "/me/events", BODY)
    assert waits == []


def test_an_expired_token_is_refreshed_once(graph: StandIn) -> None:
    asked: list[bool] = []

    def token(refresh: bool) -> str:
        asked.append(refresh)
        return graph.token if refresh else "expired-token"

    client = graph_client.Client(graph_client.GraphSettings(graph.url, token))
    assert client.request("POST", "/me/events", BODY)["id"]
    assert asked == [False, True]


def test_a_refused_token_stops_with_advice_and_never_shows_the_token(graph: StandIn) -> None:
    client = graph_client.Client(graph_client.GraphSettings(graph.url, lambda _r: "bad-token-1"))
    with pytest.raises(graph_client.SignInError) as caught:
        client.request("POST", "/me/events", BODY)
    message = str(caught.value)
    assert "401 InvalidAuthenticationToken" in message
    assert "samarbeid login" in message
    assert "bad-token-1" not in message
    assert len(graph.requests) == 2  # the first try and the one after refreshing


def test_forbidden_names_the_permission(graph: StandIn) -> None:
    graph.faults = [(403, {})]
    with pytest.raises(
        graph_client.SignInError, match=r"403 ErrorAccessDenied.*Calendars\.ReadWrite"
    ):
        _client(graph, []).request("POST", "/me/events", BODY)


def test_a_body_graph_does_not_know_is_refused_by_the_stand_in(graph: StandIn) -> None:
    """The stand-in can fail: a property outside Graph's event schema is a 400."""
    with pytest.raises(graph_client.GraphError, match="400 BadRequest"):
        _client(graph, []).request("POST", "/me/events", {**BODY, "rrule": "FREQ=WEEKLY"})
    assert graph.invalid == ["event.rrule: not a property of event in Graph v1.0"]


def test_an_endpoint_that_does_not_answer_is_reported(graph: StandIn) -> None:
    settings = graph_client.GraphSettings("http://127.0.0.1:9/v1.0", lambda _r: TOKEN)
    with pytest.raises(graph_client.GraphError, match="could not be reached"):
        graph_client.Client(settings).request("GET", "/me/events/x")


def test_every_property_samarbeid_sends_is_in_graphs_description() -> None:
    """Against the vendored subset of Graph v1.0: fails when an event body gains a property
    (or a value) that Graph does not have."""
    from samarbeid_cli.loading.workspace import load_valid
    from samarbeid_cli.renderers.graph_events import planned_events
    from samarbeid_cli.services.closed_days import Calendar
    from samarbeid_cli.services.periods import Period
    from samarbeid_cli.services.schedule import schedule
    from tests.decided import DECIDED_DATA as BUNDLED_DATA
    from tests.graph_standin import SCHEMA, problems

    assert SCHEMA["source"]["repository"] == "microsoftgraph/msgraph-metadata"
    workspace = load_valid(BUNDLED_DATA).workspace
    period = Period.parse("2027-H1")
    sent = series = 0
    for slug, record in workspace.municipalities.items():
        calendar = Calendar(record, workspace.municipality_files[slug], (2026, 2027, 2028))
        events, _missing = planned_events(
            schedule(slug, workspace.arenas_of(slug), period, calendar), record
        )
        for event in events:
            assert problems(event.body, "graph.event", "event") == []
            sent += 1
            series += event.is_series
            for occurrence in event.occurrences:  # the PATCH of a changed occurrence
                assert problems(occurrence.patch or {}, "graph.event", "occurrence") == []
            for back in (event.plain or {}).values():
                assert problems(back, "graph.event", "occurrence") == []
    assert sent > 40
    assert series > 5  # the recurrence of each regular series is checked too
    assert problems({"isOnlineMeeting": "yes"}, "graph.event", "event") == [
        "event.isOnlineMeeting: must be Edm.Boolean"
    ]
    assert problems({"onlineMeetingProvider": "teams"}, "graph.event", "event")


def test_the_windows_zone_keeps_the_rules_of_the_iana_zone() -> None:
    """W. Europe Standard Time is CLDR's Europe/Berlin: the same offsets as Europe/Oslo on
    every day the engine schedules (2026-2028), so Outlook shows the times the data says."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from samarbeid_cli.renderers.graph_events import WINDOWS_ZONES

    assert WINDOWS_ZONES == {"Europe/Oslo": "W. Europe Standard Time"}
    oslo, berlin = ZoneInfo("Europe/Oslo"), ZoneInfo("Europe/Berlin")
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    while moment.year < 2029:
        assert moment.astimezone(oslo).utcoffset() == moment.astimezone(berlin).utcoffset()
        moment += dt.timedelta(hours=1)

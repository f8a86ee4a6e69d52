"""`agenda --publish outlook` (issue 16): the agenda of a meeting published through Graph goes
onto its Outlook event as an attachment, or by `sendMail` to the attendees where Exchange does
not let the event take one; the issue history records it, so a re-run sends nothing twice.
Against the Graph stand-in (tests/graph_standin.py), every body checked against Graph v1.0."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import DataFolder, app
from tests.graph_standin import StandIn, graph
from tests.test_documents import TOPIC
from tests.test_publish_outlook import WITH_PPT, _publish

__all__ = ["graph"]

DAY = "2027-01-08"


@pytest.fixture
def data(data_folder: DataFolder) -> Path:
    return data_folder(municipality=WITH_PPT)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return tmp_path / "issued" / "testvik.json"


def _agenda(runner: CliRunner, data: Path, history: Path, *extra: str) -> Any:
    return runner.invoke(
        app,
        [
            "agenda",
            "-m",
            "testvik",
            "-a",
            "testteam",
            "--date",
            DAY,
            "--data",
            str(data),
            "--history",
            str(history),
            *extra,
        ],
    )


def _page(runner: CliRunner, data: Path) -> str:
    args = ["agenda", "-m", "testvik", "-a", "testteam", "--date", DAY, "-f", "html"]
    shown = runner.invoke(app, [*args, "--data", str(data)])
    assert shown.exit_code == 0, shown.output
    return shown.stdout


def _event_of_the_day(graph: StandIn) -> dict[str, Any]:
    (event,) = [e for e in graph.meetings() if e["start"]["dateTime"].startswith(DAY)]
    return event


def test_the_agenda_is_attached_to_the_published_meeting_and_not_sent_twice(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    count = len(graph.requests)

    result = _agenda(runner, data, history, "--publish", "outlook")

    assert result.exit_code == 0, result.output
    assert graph.invalid == []
    event = _event_of_the_day(graph)
    (attached,) = event["attachments"]
    # on that meeting's occurrence of the series, not on the series or its other meetings
    assert event.get("seriesMasterId") in graph.events
    others = [m for m in graph.meetings() if m["id"] != event["id"]]
    assert others and not any(m.get("attachments") for m in others)
    assert not any(e.get("attachments") for e in graph.events.values())
    assert attached["@odata.type"] == "#microsoft.graph.fileAttachment"
    assert attached["name"] == "saksliste.html"
    assert attached["contentType"] == "text/html"
    assert base64.b64decode(attached["contentBytes"]).decode() == _page(runner, data)
    posts = [r for r in graph.requests[count:] if r.method == "POST"]
    assert [r.path for r in posts] == [f"/v1.0/me/events/{event['id']}/attachments"]
    # Exchange sends an attachment to the attendees with an update of the event.
    assert [r.method for r in graph.requests[count:]][-1] == "PATCH"
    assert graph.mails == []
    assert "attached the agenda to Testteam 8 January 2027 in Outlook" in result.stderr
    recorded = json.loads(history.read_text(encoding="utf-8"))["issued"]
    entry = recorded[f"saksliste.testteam.{DAY}"]
    assert entry["agenda"] is True
    assert entry["published"][event["id"]]["id"] == attached["id"]

    count = len(graph.requests)
    again = _agenda(runner, data, history, "--publish", "outlook")
    assert again.exit_code == 0, again.output
    # Finding the meeting's occurrence in its series reads Graph; nothing is written.
    assert [r.method for r in graph.requests[count:]] == ["GET", "GET"]
    assert "the agenda of Testteam 8 January 2027 is in Outlook already" in again.stderr


def test_where_the_event_takes_no_attachment_the_agenda_is_mailed_through_graph(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    graph.refuse_attachments = (403, "ErrorAccessDenied")

    result = _agenda(runner, data, history, "--publish", "outlook")

    assert result.exit_code == 0, result.output
    assert graph.invalid == []
    assert "403 ErrorAccessDenied: Attachments cannot be added to this item." in result.stderr
    assert "Calendars.ReadWrite" not in result.stderr  # not a refused sign-in
    (mail,) = graph.mails
    assert mail["_from"] == "me"
    assert mail["subject"] == "Saksliste: Testteam, fredag 8. januar 2027"
    assert sorted(r["emailAddress"]["address"] for r in mail["toRecipients"]) == [
        "ppt@testvik.example",
        "rektor@testvik.example",
    ]
    assert mail["body"]["contentType"] == "html"
    assert "<strong>Tid:</strong> fredag 8. januar 2027" in mail["body"]["content"]
    (attached,) = mail["attachments"]
    assert attached["name"] == "saksliste.html"
    assert base64.b64decode(attached["contentBytes"]).decode() == _page(runner, data)
    assert "sent the agenda of Testteam 8 January 2027 by e-mail through Outlook" in result.stderr

    count = len(graph.requests)
    again = _agenda(runner, data, history, "--publish", "outlook")
    assert again.exit_code == 0, again.output
    # Finding the meeting's occurrence in its series reads Graph; nothing is written.
    assert [r.method for r in graph.requests[count:]] == ["GET", "GET"]
    assert len(graph.mails) == 1


def test_a_refused_mail_is_reported_with_graphs_code_and_the_rerun_sends_it(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    graph.refuse_attachments = (403, "ErrorAccessDenied")
    graph.fail_requests = {len(graph.requests) + 2: 500}  # the attachment, then the mail

    failed = _agenda(runner, data, history, "--publish", "outlook")

    assert failed.exit_code == 1
    assert "InternalServerError" in failed.stderr
    assert "stand-in fault 500" in failed.stderr
    assert "Traceback" not in failed.output
    assert graph.mails == []
    graph.fail_requests = {}
    again = _agenda(runner, data, history, "--publish", "outlook")
    assert again.exit_code == 0, again.output
    assert len(graph.mails) == 1


def test_a_meeting_not_published_is_refused_with_what_to_do(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    result = _agenda(runner, data, history, "--publish", "outlook")

    assert result.exit_code == 1
    assert "Testteam 8 January 2027 is not published in Outlook according to" in result.stderr, (
        result.stderr
    )
    assert graph.requests == []
    assert not history.exists()


def test_publish_and_send_go_alone(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    both = _agenda(runner, data, history, "--publish", "outlook", "--send")
    assert both.exit_code == 2
    assert graph.requests == []


def test_a_changed_agenda_replaces_the_attachment(
    runner: CliRunner, graph: StandIn, data: Path, history: Path
) -> None:
    assert _publish(runner, data, history).exit_code == 0
    assert _agenda(runner, data, history, "--publish", "outlook").exit_code == 0
    (first,) = _event_of_the_day(graph)["attachments"]
    topic = data / "arenas" / "testvik" / "testteam" / "topics" / f"{DAY}-overgang.yaml"
    topic.parent.mkdir(parents=True, exist_ok=True)
    topic.write_text(TOPIC, encoding="utf-8")
    count = len(graph.requests)

    changed = _agenda(runner, data, history, "--publish", "outlook")

    assert changed.exit_code == 0, changed.output
    assert graph.invalid == []
    # two reads find the occurrence in its series; then the old attachment out, the new in
    assert [r.method for r in graph.requests[count:]] == [
        "GET",
        "GET",
        "DELETE",
        "POST",
        "GET",
        "PATCH",
    ]
    (second,) = _event_of_the_day(graph)["attachments"]
    assert second["id"] != first["id"]
    assert "Felles rutine for overgang" in base64.b64decode(second["contentBytes"]).decode()


def test_the_stand_in_refuses_what_graph_v1_has_not() -> None:
    """The vendored message, attachment and fileAttachment can fail: a property or a derived
    type Graph v1.0 does not have is refused."""
    from tests.graph_standin import action_problems, problems

    good = {
        "@odata.type": "#microsoft.graph.fileAttachment",
        "name": "saksliste.html",
        "contentBytes": "PGgxPg==",
    }
    assert problems(good, "graph.attachment", "a") == []
    assert problems({**good, "contentBytes": "not base64!"}, "graph.attachment", "a")
    assert problems({**good, "url": "x"}, "graph.attachment", "a") == [
        "a.url: not a property of fileAttachment in Graph v1.0"
    ]
    assert problems({**good, "@odata.type": "#microsoft.graph.event"}, "graph.attachment", "a")
    message = {"subject": "s", "toRecipients": [{"emailAddress": {"address": "x@example.org"}}]}
    assert action_problems({"Message": message, "SaveToSentItems": True}, "user.sendMail") == []
    assert action_problems({"Message": {**message, "to": []}}, "user.sendMail") == [
        "sendMail.Message.to: not a property of message in Graph v1.0"
    ]


NO_ADDRESSES = WITH_PPT.replace(
    "  koordinator: {name: Koordinator, email: koordinator@testvik.example}\n"
    "  rektor: {name: Rektor, email: rektor@testvik.example}\n"
    "  ppt: {name: PPT, email: ppt@testvik.example}\n",
    "  helsesykepleier: {name: Helsesykepleier, email: helsesykepleier@testvik.example}\n",
)
"""Nobody the meeting invites has an address: not the convener, not a participant."""


def test_a_meeting_published_without_attendees_says_so_and_still_takes_its_agenda(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    """`invite --publish outlook` with nobody to invite warns that the meeting in Outlook has
    no attendees, and whom; its agenda is attached all the same (attaching needs nobody to
    send to), and only the mail fallback needs recipients (issue 16)."""
    assert NO_ADDRESSES != WITH_PPT
    data = data_folder(municipality=NO_ADDRESSES)
    invite = [
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
        "--publish",
        "outlook",
    ]
    made = runner.invoke(app, invite)
    assert made.exit_code == 0, made.output
    (event,) = graph.live()
    assert not event.get("attendees")
    warning = " ".join(made.stderr.split())
    assert "has no attendees in Outlook" in warning
    assert "Rektor" in warning and "PPT" in warning

    assert "Exchange sent no invitation" in warning

    # The series too; its meeting's agenda goes onto the event all the same.
    published = _publish(runner, data, history)
    assert published.exit_code == 0, published.output
    assert "testteam 2027-H1 has no attendees in Outlook" in " ".join(published.stderr.split())
    result = _agenda(runner, data, history, "--publish", "outlook")
    assert result.exit_code == 0, result.output
    assert graph.invalid == []
    (attached,) = _event_of_the_day(graph)["attachments"]
    assert attached["name"] == "saksliste.html"
    assert graph.mails == []
    assert "the meeting has no attendees yet" in " ".join(result.stderr.split())
    assert "attached the agenda to Testteam 8 January 2027 in Outlook" in result.stderr


def test_an_agenda_outlook_will_not_attach_and_nobody_to_mail_fails_with_why(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    data = data_folder(municipality=NO_ADDRESSES)
    assert _publish(runner, data, history).exit_code == 0
    graph.refuse_attachments = (403, "ErrorAccessDenied")
    result = _agenda(runner, data, history, "--publish", "outlook")
    assert result.exit_code == 1, result.output
    assert graph.mails == []
    said = " ".join(result.stderr.split())
    assert "403 ErrorAccessDenied" in said
    assert "nobody to e-mail the agenda of Testteam 8 January 2027 to" in said
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("nb", "la sakslisten på møtet i Testteam 8. januar 2027 i Outlook"),
        ("nn", "la sakslista på møtet i Testteam 8. januar 2027 i Outlook"),
        ("en", "attached the agenda to Testteam 8 January 2027 in Outlook"),
    ],
)
def test_outlook_messages_say_the_day_in_words_in_the_message_language(
    runner: CliRunner,
    graph: StandIn,
    data: Path,
    history: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    said: str,
) -> None:
    """Not "ved Testteam 8 January 2027" (issue 16)."""
    assert _publish(runner, data, history).exit_code == 0
    monkeypatch.setenv("SAMARBEID_LANG", lang)
    result = _agenda(runner, data, history, "--publish", "outlook")
    assert result.exit_code == 0, result.output
    assert said in " ".join(result.stderr.split())
    assert "2027-01-08" not in result.stderr


def test_no_norwegian_message_says_roster() -> None:
    """The roster is "deltakerlisten" (nb) / "deltakarlista" (nn) in what the user reads."""
    from babel.messages import pofile

    from tests.conftest import ROOT

    for lang in ("nb", "nn"):
        path = ROOT / "src" / "samarbeid_cli" / "locale" / lang / "LC_MESSAGES" / "samarbeid.po"
        with path.open("rb") as handle:
            catalog = pofile.read_po(handle)
        saying = [m.id for m in catalog if m.id and "roster" in str(m.string)]
        assert saying == [], (lang, saying)


def test_a_meeting_published_by_invite_records_its_parties_and_end(
    runner: CliRunner, graph: StandIn, data_folder: DataFolder, history: Path
) -> None:
    """As `invite --out` does (issue 21): the roles chosen with -p and the end go into the
    issue history, so the agenda and minutes of the meeting name the same."""
    data = data_folder(municipality=WITH_PPT)
    made = runner.invoke(
        app,
        [
            "invite", "-m", "testvik", "-a", "testteam", "--date", "2027-03-12",
            "--start", "10:00", "--duration", "45", "-p", "ppt", "--data", str(data),
            "--history", str(history), "--publish", "outlook",
        ],
    )  # fmt: skip
    assert made.exit_code == 0, made.output

    issued = json.loads(history.read_text(encoding="utf-8"))["issued"]
    (entry,) = [entry for entry in issued.values() if entry.get("one_off")]
    assert entry["participants"] == ["ppt"]
    assert entry["end"] == "2027-03-12T10:45:00+01:00"

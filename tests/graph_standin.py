"""A Microsoft Graph stand-in on 127.0.0.1: the calendar requests samarbeid makes, answered as
Microsoft's documentation of Graph v1.0 describes them.

It keeps events per mailbox, answers POST /events (with `transactionId` deduplication),
PATCH, GET and DELETE of an event, POST /events/{id}/cancel, POST and DELETE of an event's
attachments (a `fileAttachment`), POST /sendMail (the mail kept in `mails`), and answers with
faults queued by a test (429 with Retry-After, 503, 401 for an expired token). A series
master (an event with a `recurrence`) is expanded as Graph does: GET /events/{id}/instances
and /calendarView (both with startDateTime and endDateTime, paged by $top with @odata.nextLink,
times in UTC unless `Prefer: outlook.timezone` names a zone, as in Graph) give its
occurrences (`type` occurrence, or exception once changed, each with `seriesMasterId` and
`originalStart`), and an occurrence's id takes PATCH, DELETE and /cancel like an event's.
The pattern is expanded by its own reading of Graph's documentation of recurrencePattern
and recurrenceRange (daily, weekly with interval and firstDayOfWeek, absoluteMonthly,
relativeMonthly with index; endDate, numbered), in the IANA zone CLDR gives the Windows
name in `recurrenceTimeZone`, never with samarbeid's code. Every request body is
checked against Graph v1.0's own description of `event`, `attendee`, `emailAddress`,
`dateTimeTimeZone`, `itemBody`, `location`, `patternedRecurrence` and the other types an
event is made of, with each enumeration, vendored in graph_schema_v1.0.json from
microsoftgraph/msgraph-metadata (the CSDL its OpenAPI description is generated from; the
commit is noted there). A body with a property or value outside it is answered 400, as Graph
does, and listed in `invalid`.

What Exchange would send the attendees is listed in `sent`, as Graph's documentation of
the requests says: creating an event with attendees invites them; a PATCH that includes
attendees invites the ones added and cancels for the ones removed, and one that changes what
the invitation shows (subject, body, time, place, pattern, Teams) sends the others an update
(event-update: "An event update that includes only the attendees property in the request body
sends a meeting update to only the attendees that have changed"); a DELETE or /cancel of an
event or occurrence that has attendees sends them a cancellation (event-delete: "If the event
is a meeting, deleting the event on the organizer's calendar sends a cancellation message to
the meeting attendees"). An event without attendees is an appointment: nothing is sent.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import itertools
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

TOKEN = "graph-test-token-" + "z" * 24

SCHEMA_FILE = Path(__file__).with_name("graph_schema_v1.0.json")
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
"""Graph v1.0's types as far as samarbeid writes them, vendored from microsoftgraph/
msgraph-metadata (the commit and file are in its `source`)."""
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_PRIMITIVES: dict[str, type | tuple[type, ...]] = {
    "Edm.String": str,
    "Edm.Date": str,
    "Edm.DateTimeOffset": str,
    "Edm.Boolean": bool,
    "Edm.Int32": int,
    "Edm.Binary": str,
}


def problems(value: Any, type_name: str, where: str) -> list[str]:
    """What in `value` Graph v1.0's type `type_name` (e.g. graph.event) does not allow."""
    if type_name.startswith("Collection("):
        if not isinstance(value, list):
            return [f"{where}: must be a list"]
        inner = type_name.removeprefix("Collection(").removesuffix(")")
        return [p for n, item in enumerate(value) for p in problems(item, inner, f"{where}[{n}]")]
    if type_name in _PRIMITIVES:
        wanted = _PRIMITIVES[type_name]
        if isinstance(value, bool) and wanted is not bool:
            return [f"{where}: must be {type_name}"]
        if type_name == "Edm.Binary" and isinstance(value, str):
            try:
                base64.b64decode(value, validate=True)
            except binascii.Error:
                return [f"{where}: not base64 ({type_name})"]
        if type_name == "Edm.Date" and not _DATE.fullmatch(str(value)):
            return [f"{where}: must be {type_name} (yyyy-mm-dd)"]
        return [] if isinstance(value, wanted) else [f"{where}: must be {type_name}"]
    name = type_name.removeprefix("graph.")
    if name in SCHEMA["enums"]:
        members = SCHEMA["enums"][name]
        return [] if value in members else [f"{where}: {value!r} is not one of {members}"]
    if name not in SCHEMA["types"]:
        return [f"{where}: {type_name} is not in the vendored subset of Graph v1.0"]
    if not isinstance(value, dict):
        return [f"{where}: must be an object"]
    found = []
    named = value.get("@odata.type")
    if named is not None:
        derived = str(named).removeprefix("#microsoft.graph.")
        if SCHEMA["derived"].get(derived) != name and derived != name:
            return [f"{where}.@odata.type: {named!r} is not a type derived from {name}"]
        name = derived
    properties = SCHEMA["types"][name]
    for key, item in value.items():
        if key == "@odata.type":
            continue
        if key not in properties:
            found.append(f"{where}.{key}: not a property of {name} in Graph v1.0")
        else:
            found += problems(item, properties[key], f"{where}.{key}")
    if name == "dateTimeTimeZone" and not _DATE_TIME.fullmatch(str(value.get("dateTime"))):
        found.append(f"{where}.dateTime: not a local date and time ({value.get('dateTime')})")
    return found


def action_problems(body: Any, action: str = "event.cancel") -> list[str]:
    """The parameters of a bound action (event.cancel, user.sendMail)."""
    parameters = SCHEMA["actions"][action]
    short = action.partition(".")[2]
    if not isinstance(body, dict):
        return [f"{short}: must be an object"]
    return [
        problem
        for key, item in body.items()
        for problem in (
            problems(item, parameters[key], f"{short}.{key}")
            if key in parameters
            else [f"{short}.{key}: not a parameter of {action} in Graph v1.0"]
        )
    ]


WINDOWS_TO_IANA = {"W. Europe Standard Time": "Europe/Berlin", "UTC": "UTC"}
"""Windows zone -> IANA zone, as CLDR's windowsZones.xml maps them (territory 001)."""
_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_INDEX = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_NO_END_LIMIT = 520
"""Occurrences of a series without an end, as far as the stand-in expands it."""


def aware(value: dict[str, str]) -> dt.datetime:
    """A dateTimeTimeZone as an aware datetime, through the IANA zone of its Windows name."""
    zone = ZoneInfo(WINDOWS_TO_IANA[value["timeZone"]])
    return dt.datetime.fromisoformat(value["dateTime"]).replace(tzinfo=zone)


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _nth_in_month(year: int, month: int, weekdays: set[int], index: int) -> dt.date | None:
    days = [
        dt.date(year, month, d)
        for d in range(1, 32)
        if _valid(year, month, d) and dt.date(year, month, d).weekday() in weekdays
    ]
    if index == -1:
        return days[-1] if days else None
    return days[index - 1] if len(days) >= index else None


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def expand_dates(recurrence: dict[str, Any]) -> list[dt.date]:
    """The dates of a patternedRecurrence, as Graph's recurrencePattern and recurrenceRange
    describe them: the pattern's dates from range.startDate on, to endDate (inclusive) or
    numberOfOccurrences."""
    pattern, span = recurrence["pattern"], recurrence["range"]
    kind, interval = pattern["type"], int(pattern.get("interval") or 1)
    start = dt.date.fromisoformat(span["startDate"])
    end = dt.date.fromisoformat(span["endDate"]) if span["type"] == "endDate" else dt.date.max
    count = int(span["numberOfOccurrences"]) if span["type"] == "numbered" else _NO_END_LIMIT
    weekdays = {_DAYS.index(d) for d in pattern.get("daysOfWeek") or []}

    def candidates() -> Iterator[dt.date]:
        if kind == "daily":
            day = start
            while True:
                yield day
                day += dt.timedelta(days=interval)
        elif kind == "weekly":
            first = _DAYS.index(pattern.get("firstDayOfWeek") or "sunday")
            week = start - dt.timedelta(days=(start.weekday() - first) % 7)
            while True:
                for offset in range(7):
                    day = week + dt.timedelta(days=offset)
                    if day.weekday() in weekdays:
                        yield day
                week += dt.timedelta(weeks=interval)
        elif kind in ("absoluteMonthly", "relativeMonthly"):
            months = 0
            while True:
                year, month = _add_months(start.replace(day=1), months)
                if kind == "absoluteMonthly":
                    found = (
                        dt.date(year, month, pattern["dayOfMonth"])
                        if _valid(year, month, pattern["dayOfMonth"])
                        else None
                    )
                else:
                    found = _nth_in_month(year, month, weekdays, _INDEX[pattern["index"]])
                if found is not None:
                    yield found
                months += interval
        else:
            raise ValueError(f"pattern type {kind} is not expanded by the stand-in")

    found: list[dt.date] = []
    for day in candidates():
        if day > end or len(found) >= count:
            break
        if day >= start:
            found.append(day)
    return found


def recurrence_problems(event: dict[str, Any]) -> list[str]:
    """What Graph refuses in a series master: a pattern without what its type needs, a range
    whose start is not the event's start day, a recurrenceTimeZone other than the start's."""
    recurrence = event.get("recurrence")
    if recurrence is None:
        return []
    found = []
    pattern, span = recurrence.get("pattern") or {}, recurrence.get("range") or {}
    kind = pattern.get("type")
    if kind in ("weekly", "relativeMonthly") and not pattern.get("daysOfWeek"):
        found.append(f"recurrence.pattern: {kind} needs daysOfWeek")
    if kind == "relativeMonthly" and "index" not in pattern:
        found.append("recurrence.pattern: relativeMonthly needs index")
    if span.get("type") == "endDate" and "endDate" not in span:
        found.append("recurrence.range: endDate needs endDate")
    start = (event.get("start") or {}).get("dateTime", "")[:10]
    if span.get("startDate") != start:
        found.append(f"recurrence.range.startDate {span.get('startDate')} is not the start {start}")
    zone = span.get("recurrenceTimeZone")
    if zone and zone != (event.get("start") or {}).get("timeZone"):
        found.append(f"recurrence.range.recurrenceTimeZone {zone} is not the start's time zone")
    if not found:
        try:
            dates = expand_dates(recurrence)
        except (KeyError, ValueError) as err:
            return [f"recurrence: {err}"]
        if not dates or dates[0].isoformat() != start:
            found.append("recurrence: the start is not the first occurrence of the pattern")
    return found


@dataclass
class Recorded:
    """One request the stand-in received."""

    method: str
    path: str
    body: Any
    headers: dict[str, str]


@dataclass
class StandIn:
    """What the stand-in holds, saw, and will do next."""

    url: str = ""
    token: str = TOKEN
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    faults: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    """(status, headers) answered to the next requests, one each, before anything else."""
    fail_requests: dict[int, int] = field(default_factory=dict)
    """Request number (1 for the first) -> the error status it is answered with."""
    transactions: dict[str, str] = field(default_factory=dict)
    mails: list[dict[str, Any]] = field(default_factory=list)
    """The `message` of each POST /sendMail, with the mailbox it was sent from (`_from`)."""
    refuse_attachments: tuple[int, str] | None = None
    """(status, code) to answer every POST .../attachments with, as Exchange does where
    attaching to the event is not allowed (e.g. 403 ErrorAccessDenied); the rest still works."""
    exceptions: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """Series master id -> original date (ISO) -> what changed there: the properties a PATCH
    of the occurrence set, or {"deleted": True} / {"cancelled": True}."""
    sent: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    """What Exchange would send: ("invitation" | "update" | "cancellation", the event's or
    occurrence's id, the attendees' addresses it goes to), in order."""
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def writes(self) -> list[Recorded]:
        """Every request that would change a calendar."""
        return [r for r in self.requests if r.method != "GET"]

    def live(self) -> list[dict[str, Any]]:
        """The events not cancelled, by start."""
        return sorted(
            (e for e in self.events.values() if not e.get("isCancelled")),
            key=lambda e: e["start"]["dateTime"],
        )

    def meetings(self) -> list[dict[str, Any]]:
        """Every meeting held: single events and each occurrence of a series, by start."""
        return self.calendar_view(
            dt.datetime.min.replace(tzinfo=dt.UTC), dt.datetime.max.replace(tzinfo=dt.UTC)
        )

    def instances(self, master_id: str) -> list[dict[str, Any]]:
        """The occurrences of a series master as Graph lists them, deleted ones left out."""
        master = self.events[master_id]
        if master.get("isCancelled"):
            return []
        first, last = aware(master["start"]), aware(master["end"])
        zone = first.tzinfo
        changed = self.exceptions.get(master_id, {})
        found = []
        for day in expand_dates(master["recurrence"]):
            change = changed.get(day.isoformat(), {})
            if change.get("deleted") or change.get("cancelled"):
                continue
            start = dt.datetime.combine(day, first.time(), tzinfo=zone)
            end = start + (last - first)
            occurrence = {
                key: value for key, value in master.items() if key not in ("recurrence", "id")
            }
            occurrence.update(
                {
                    "id": f"{master_id}.{day:%Y%m%d}",
                    "type": "exception" if change else "occurrence",
                    "seriesMasterId": master_id,
                    "originalStart": start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "start": _local(start, master["start"]["timeZone"]),
                    "end": _local(end, master["end"]["timeZone"]),
                }
            )
            occurrence.update(change)
            found.append(occurrence)
        return found

    def occurrence(self, event_id: str) -> tuple[str, str] | None:
        """(master id, original date) of an occurrence's id that Graph would still find."""
        master_id, _, day = event_id.rpartition(".")
        if master_id not in self.events or not re.fullmatch(r"\d{8}", day):
            return None
        original = f"{day[:4]}-{day[4:6]}-{day[6:]}"
        if any(o["id"] == event_id for o in self.instances(master_id)):
            return master_id, original
        return None

    def calendar_view(self, first: dt.datetime, last: dt.datetime) -> list[dict[str, Any]]:
        """What /calendarView gives between two moments: single events and the occurrences
        of series, each overlapping the window, by start."""
        found = []
        for event in self.events.values():
            if event.get("isCancelled"):
                continue
            for item in self.instances(event["id"]) if "recurrence" in event else [event]:
                if aware(item["start"]) < last and aware(item["end"]) > first:
                    found.append(item)
        return sorted(found, key=lambda e: (aware(e["start"]), e["id"]))

    def notify(self, kind: str, event_id: str, addresses: Sequence[str]) -> None:
        """Exchange sends `kind` about `event_id` to `addresses` (nothing to nobody)."""
        if addresses:
            self.sent.append((kind, event_id, tuple(addresses)))

    def answer(self, address: str, response: str, at: str = "2026-12-07T10:00:00Z") -> None:
        """The attendee with `address` answers every event (accepted, declined, ...)."""
        for event in self.events.values():
            for attendee in event.get("attendees", []):
                if attendee["emailAddress"]["address"].lower() == address.lower():
                    attendee["status"] = {"response": response, "time": at}


SEEN = ("subject", "body", "start", "end", "location", "recurrence", "isOnlineMeeting")
"""What an attendee sees of a meeting: a change of it sends them an update."""


def addresses(event: dict[str, Any]) -> list[str]:
    """The attendees of an event or occurrence, by address (lower case)."""
    return [a["emailAddress"]["address"].lower() for a in event.get("attendees") or []]


def _seen_changes(event: dict[str, Any], body: dict[str, Any]) -> bool:
    return any(key in body and body[key] != event.get(key) for key in SEEN)


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    events_path = re.compile(
        r"/v1\.0/(me|users/[^/]+)/(?:events(?:/([^/]+))?"
        r"(/cancel|/instances|/attachments(?:/([^/]+))?)?|(calendarView))"
    )
    mail_path = re.compile(r"/v1\.0/(me|users/[^/]+)/sendMail")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(
            self, status: int, body: Any = None, headers: dict[str, str] | None = None
        ) -> None:
            raw = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if raw:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _refuse(self, errors: list[str]) -> None:
            state.invalid += errors
            self._send(400, _error("BadRequest", "; ".join(errors)))

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            path, _, query = self.path.partition("?")
            state.requests.append(Recorded(method, self.path, body, dict(self.headers.items())))
            failing = state.fail_requests.get(len(state.requests))
            if state.faults or failing:
                status, headers = state.faults.pop(0) if state.faults else (failing or 500, {})
                code = {
                    401: "InvalidAuthenticationToken",
                    403: "ErrorAccessDenied",
                    429: "TooManyRequests",
                    500: "InternalServerError",
                }.get(status, "ServiceUnavailable")
                self._send(status, _error(code, f"stand-in fault {status}"), headers)
                return
            if self.headers.get("Authorization") != f"Bearer {state.token}":
                self._send(
                    401,
                    _error(
                        "InvalidAuthenticationToken",
                        "Access token has expired or is not yet valid.",
                    ),
                )
                return
            mail = mail_path.fullmatch(path)
            if mail and method == "POST":
                self._send_mail(mail.group(1), body)
                return
            found = events_path.fullmatch(path)
            if not found:
                self._send(404, _error("ResourceNotFound", f"no route {path}"))
                return
            event_id, action, view = found.group(2), found.group(3) or "", found.group(5)
            parameters = dict(urllib.parse.parse_qsl(query))
            occurrence = state.occurrence(event_id) if event_id else None
            if view and method == "GET":
                self._page(path, parameters, None)
            elif method == "POST" and event_id is None and not view:
                self._create(body)
            elif occurrence is not None and action.startswith("/attachments"):
                master_id, original = occurrence
                change = state.exceptions.setdefault(master_id, {}).setdefault(original, {})
                self._attachment(method, change, found.group(4), body)
            elif occurrence is not None:
                self._occurrence(method, occurrence, action, body)
            elif event_id not in state.events:
                self._send(404, _error("ErrorItemNotFound", "The specified object was not found."))
            elif action.startswith("/attachments"):
                self._attachment(method, state.events[event_id], found.group(4), body)
            elif action == "/instances" and method == "GET":
                if "recurrence" not in state.events[event_id]:
                    self._send(200, {"value": []})
                else:
                    self._page(path, parameters, event_id)
            elif method == "POST" and action == "/cancel":
                errors = action_problems(body or {})
                if errors:
                    self._refuse(errors)
                    return
                if not state.events[event_id].get("isCancelled"):
                    state.notify("cancellation", event_id, addresses(state.events[event_id]))
                state.events[event_id]["isCancelled"] = True
                self._send(202)
            elif method == "PATCH" and not action:
                errors = problems(body, "graph.event", "event")
                if errors or not isinstance(body, dict):
                    self._refuse(errors)
                    return
                event = state.events[event_id]
                changed = {**event, **_with_status(body)}
                errors = recurrence_problems(changed)
                if errors:
                    self._refuse(errors)
                    return
                before, after = addresses(event), addresses(changed)
                seen = _seen_changes(event, body)
                event.update(changed)
                state.notify("invitation", event_id, [a for a in after if a not in before])
                state.notify("cancellation", event_id, [a for a in before if a not in after])
                if seen:
                    state.notify("update", event_id, [a for a in after if a in before])
                self._send(200, event)
            elif method == "GET" and not action:
                self._send(200, state.events[event_id])
            elif method == "DELETE" and not action:
                if not state.events[event_id].get("isCancelled"):
                    state.notify("cancellation", event_id, addresses(state.events[event_id]))
                del state.events[event_id]
                state.exceptions.pop(event_id, None)
                self._send(204)
            else:
                self._send(405, _error("ErrorInvalidRequest", method))

        def _attachment(
            self, method: str, event: dict[str, Any], attachment_id: str | None, body: Any
        ) -> None:
            attachments = event.setdefault("attachments", [])
            if method == "DELETE" and attachment_id:
                kept = [a for a in attachments if a["id"] != attachment_id]
                if len(kept) == len(attachments):
                    self._send(404, _error("ErrorItemNotFound", "No such attachment."))
                    return
                event["attachments"] = kept
                self._send(204)
                return
            if method != "POST" or attachment_id:
                self._send(405, _error("ErrorInvalidRequest", method))
                return
            errors = problems(body, "graph.attachment", "attachment")
            if isinstance(body, dict):
                if body.get("@odata.type") != "#microsoft.graph.fileAttachment":
                    errors.append("attachment.@odata.type: only a fileAttachment is expected")
                for required in ("name", "contentBytes"):
                    if required not in body:
                        errors.append(f"attachment.{required}: missing")
            if errors or not isinstance(body, dict):
                state.invalid += errors
                self._send(400, _error("BadRequest", "; ".join(errors)))
                return
            if state.refuse_attachments:
                status, code = state.refuse_attachments
                self._send(status, _error(code, "Attachments cannot be added to this item."))
                return
            attachment = {"id": f"AAMk-attachment-{next(state._ids)}", **body}
            attachments.append(attachment)
            event["hasAttachments"] = True
            self._send(201, attachment)

        def _send_mail(self, mailbox: str, body: Any) -> None:
            errors = action_problems(body, "user.sendMail")
            if isinstance(body, dict) and "Message" not in body:
                errors.append("sendMail.Message: missing")
            if errors or not isinstance(body, dict):
                state.invalid += errors
                self._send(400, _error("BadRequest", "; ".join(errors)))
                return
            state.mails.append({**body["Message"], "_from": mailbox})
            self._send(202)

        def _page(self, path: str, parameters: dict[str, str], master: str | None) -> None:
            """Instances of a series, or the calendar view: both need the window, as in
            Graph; 10 to a page unless $top says otherwise, the rest behind @odata.nextLink."""
            try:
                first = _moment(parameters["startDateTime"])
                last = _moment(parameters["endDateTime"])
            except (KeyError, ValueError):
                self._send(
                    400,
                    _error(
                        "ErrorInvalidParameter",
                        "This request requires a time window specified by the query string "
                        "parameters StartDateTime and EndDateTime.",
                    ),
                )
                return
            if master is None:
                items = state.calendar_view(first, last)
            else:
                items = [
                    o
                    for o in state.instances(master)
                    if aware(o["start"]) < last and aware(o["end"]) > first
                ]
            top, skip = int(parameters.get("$top") or 10), int(parameters.get("$skip") or 0)
            zone = _preferred_zone(self.headers.get("Prefer") or "")
            answer: dict[str, Any] = {
                "value": [_in_zone(item, zone) for item in items[skip : skip + top]]
            }
            if skip + top < len(items):
                following = {**parameters, "$skip": str(skip + top)}
                answer["@odata.nextLink"] = (
                    state.url.removesuffix("/v1.0") + path + "?" + urllib.parse.urlencode(following)
                )
            self._send(200, answer)

        def _occurrence(
            self, method: str, where: tuple[str, str], action: str | None, body: Any
        ) -> None:
            """An occurrence of a series: read, changed (an exception), deleted or cancelled."""
            master_id, original = where
            changes = state.exceptions.setdefault(master_id, {})
            (shown,) = [
                o for o in state.instances(master_id) if o["id"].endswith(original.replace("-", ""))
            ]
            if method == "GET" and not action:
                (found,) = [
                    o
                    for o in state.instances(master_id)
                    if o["id"].endswith(original.replace("-", ""))
                ]
                self._send(200, found)
            elif method == "DELETE" and not action:
                changes[original] = {"deleted": True}
                state.notify("cancellation", shown["id"], addresses(shown))
                self._send(204)
            elif method == "POST" and action == "/cancel":
                errors = action_problems(body or {})
                if errors:
                    self._refuse(errors)
                    return
                changes[original] = {"cancelled": True}
                state.notify("cancellation", shown["id"], addresses(shown))
                self._send(202)
            elif method == "PATCH" and not action:
                errors = problems(body, "graph.event", "event")
                if isinstance(body, dict) and "recurrence" in body:
                    errors.append("event.recurrence: an occurrence has no recurrence of its own")
                if errors or not isinstance(body, dict):
                    self._refuse(errors)
                    return
                changes[original] = {**changes.get(original, {}), **_with_status(body)}
                if _seen_changes(shown, body):
                    state.notify("update", shown["id"], addresses(shown))
                (found,) = [
                    o
                    for o in state.instances(master_id)
                    if o["id"].endswith(original.replace("-", ""))
                ]
                self._send(200, found)
            else:
                self._send(405, _error("ErrorInvalidRequest", method))

        def _create(self, body: Any) -> None:
            errors = problems(body, "graph.event", "event")
            for required in ("subject", "start", "end"):
                if not isinstance(body, dict) or required not in body:
                    errors.append(f"event.{required}: missing")
            if not errors and isinstance(body, dict):
                errors += recurrence_problems(body)
            if errors or not isinstance(body, dict):
                state.invalid += errors
                self._send(400, _error("BadRequest", "; ".join(errors)))
                return
            transaction = body.get("transactionId")
            if transaction and transaction in state.transactions:
                self._send(201, state.events[state.transactions[transaction]])
                return
            event_id = f"AAMk-standin-{next(state._ids)}"
            event = {
                "id": event_id,
                **_with_status(body),
                "isCancelled": False,
                "type": "seriesMaster" if "recurrence" in body else "singleInstance",
            }
            if body.get("isOnlineMeeting"):
                event["onlineMeeting"] = {"joinUrl": f"https://teams.example.org/l/{event_id}"}
            state.events[event_id] = event
            if transaction:
                state.transactions[transaction] = event_id
            state.notify("invitation", event_id, addresses(event))
            self._send(201, event)

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PATCH(self) -> None:
            self._handle("PATCH")

        def do_GET(self) -> None:
            self._handle("GET")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

    return Handler


def _local(moment: dt.datetime, zone_name: str) -> dict[str, str]:
    local = moment.astimezone(ZoneInfo(WINDOWS_TO_IANA[zone_name])).replace(tzinfo=None)
    return {"dateTime": local.isoformat(timespec="seconds"), "timeZone": zone_name}


def _preferred_zone(prefer: str) -> str:
    """The zone of `Prefer: outlook.timezone="..."`; UTC without it, as Graph answers."""
    found = re.search(r'outlook\.timezone="([^"]+)"', prefer)
    return found.group(1) if found and found.group(1) in WINDOWS_TO_IANA else "UTC"


def _in_zone(item: dict[str, Any], zone: str) -> dict[str, Any]:
    """An event as Graph lists it: start and end in `zone`, with seven digits of fraction."""
    result = dict(item)
    for key in ("start", "end"):
        moment = aware(item[key])
        local = _local(moment, zone)
        result[key] = {**local, "dateTime": local["dateTime"] + ".0000000"}
    return result


def _moment(text: str) -> dt.datetime:
    """startDateTime / endDateTime: ISO 8601, UTC where no offset is given (as Graph reads it)."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _with_status(body: dict[str, Any]) -> dict[str, Any]:
    """Attendees as Graph returns them: each with a response status (none yet)."""
    result = dict(body)
    if "attendees" in body:
        result["attendees"] = [
            {**attendee, "status": {"response": "none", "time": "0001-01-01T00:00:00Z"}}
            for attendee in body["attendees"]
        ]
    return result


@pytest.fixture
def graph(monkeypatch: pytest.MonkeyPatch) -> Iterator[StandIn]:
    """A running stand-in, with SAMARBEID_GRAPH_URL and SAMARBEID_GRAPH_TOKEN pointing at it."""
    state = StandIn()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1.0"
    monkeypatch.setenv("SAMARBEID_GRAPH_URL", state.url)
    monkeypatch.setenv("SAMARBEID_GRAPH_TOKEN", state.token)
    monkeypatch.delenv("SAMARBEID_GRAPH_MAILBOX", raising=False)
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)

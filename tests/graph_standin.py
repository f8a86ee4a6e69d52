"""A Microsoft Graph stand-in on 127.0.0.1: the calendar requests samarbeid makes, answered as
Microsoft's documentation of Graph v1.0 describes them.

It keeps events per mailbox, answers POST /events (with `transactionId` deduplication),
PATCH, GET and DELETE of an event, POST /events/{id}/cancel, POST and DELETE of an event's
attachments (a `fileAttachment`), POST /sendMail (the mail kept in `mails`), and answers with
faults queued by a test (429 with Retry-After, 503, 401 for an expired token). Every request body is
checked against Graph v1.0's own description of `event`, `attendee`, `emailAddress`,
`dateTimeTimeZone`, `itemBody`, `location`, `patternedRecurrence` and the other types an
event is made of, with each enumeration, vendored in graph_schema_v1.0.json from
microsoftgraph/msgraph-metadata (the CSDL its OpenAPI description is generated from; the
commit is noted there). A body with a property or value outside it is answered 400, as Graph
does, and listed in `invalid`.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

TOKEN = "graph-test-token-" + "z" * 24

SCHEMA_FILE = Path(__file__).with_name("graph_schema_v1.0.json")
SCHEMA: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
"""Graph v1.0's types as far as samarbeid writes them, vendored from microsoftgraph/
msgraph-metadata (the commit and file are in its `source`)."""
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?")
_PRIMITIVES: dict[str, type | tuple[type, ...]] = {
    "Edm.String": str,
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

    def answer(self, address: str, response: str, at: str = "2026-12-07T10:00:00Z") -> None:
        """The attendee with `address` answers every event (accepted, declined, ...)."""
        for event in self.events.values():
            for attendee in event.get("attendees", []):
                if attendee["emailAddress"]["address"].lower() == address.lower():
                    attendee["status"] = {"response": response, "time": at}


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _handler(state: StandIn) -> type[BaseHTTPRequestHandler]:
    events_path = re.compile(
        r"/v1\.0/(me|users/[^/]+)/events(?:/([^/]+))?(/cancel|/attachments(?:/([^/]+))?)?"
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

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            path = self.path.split("?")[0]
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
            event_id, action = found.group(2), found.group(3) or ""
            cancel = action == "/cancel"
            if method == "POST" and event_id is None:
                self._create(body)
            elif event_id not in state.events:
                self._send(404, _error("ErrorItemNotFound", "The specified object was not found."))
            elif action.startswith("/attachments"):
                self._attachment(method, state.events[event_id], found.group(4), body)
            elif method == "POST" and cancel:
                errors = action_problems(body or {})
                if errors:
                    state.invalid += errors
                    self._send(400, _error("BadRequest", "; ".join(errors)))
                    return
                state.events[event_id]["isCancelled"] = True
                self._send(202)
            elif method == "PATCH":
                errors = problems(body, "graph.event", "event")
                if errors or not isinstance(body, dict):
                    state.invalid += errors
                    self._send(400, _error("BadRequest", "; ".join(errors)))
                    return
                event = state.events[event_id]
                event.update(_with_status(body))
                self._send(200, event)
            elif method == "GET":
                self._send(200, state.events[event_id])
            elif method == "DELETE":
                del state.events[event_id]
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

        def _create(self, body: Any) -> None:
            errors = problems(body, "graph.event", "event")
            for required in ("subject", "start", "end"):
                if not isinstance(body, dict) or required not in body:
                    errors.append(f"event.{required}: missing")
            if errors or not isinstance(body, dict):
                state.invalid += errors
                self._send(400, _error("BadRequest", "; ".join(errors)))
                return
            transaction = body.get("transactionId")
            if transaction and transaction in state.transactions:
                self._send(201, state.events[state.transactions[transaction]])
                return
            event_id = f"AAMk-standin-{next(state._ids)}"
            event = {"id": event_id, **_with_status(body), "isCancelled": False}
            if body.get("isOnlineMeeting"):
                event["onlineMeeting"] = {"joinUrl": f"https://teams.example.org/l/{event_id}"}
            state.events[event_id] = event
            if transaction:
                state.transactions[transaction] = event_id
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

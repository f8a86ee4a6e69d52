"""The issue history: every UID a municipality has issued, its SEQUENCE, and who received it.

One file per municipality, `.samarbeid/issued/<municipality>.json` beside the data folder, so
that every way of issuing (calendar files, invitation files, sending) counts from the same
history, and the history travels with the routine in git. Calendar clients replace an event
only when its SEQUENCE goes up (RFC 5546 2.1.4), so losing this file makes updates look old.
What each way of issuing records here is defined in `delivery.issuing`.

Outputs of the old layout kept `.samarbeid-state.json` in each output folder; those are still
read (the higher SEQUENCE wins), never written.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from samarbeid_cli.delivery import targets, writing
from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.services.sequence import Issued

HISTORY_FOLDER = Path(".samarbeid") / "issued"
LEGACY_STATE_FILE = ".samarbeid-state.json"
MAX_SEQUENCE = 2**31 - 1
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Received:
    """Who received a UID, at which SEQUENCE and when."""

    sequence: int
    at: str


@dataclass(frozen=True)
class Occurrence:
    """One date of an Outlook series that differs from its pattern: removed or changed."""

    id: str
    """Graph's id of the occurrence ("" while a removal planned at creation is not done)."""
    digest: str
    """Of the change as last made (see `renderers.graph_events.Occurrence`)."""


@dataclass(frozen=True)
class Published:
    """A meeting of a UID that is an event in an Outlook calendar (Microsoft Graph)."""

    id: str
    """Graph's id of the event."""
    digest: str
    """Of the event as last created or updated, so an unchanged meeting is not sent again."""
    start: str = ""
    """The meeting's start (ISO 8601), for messages when the data is gone."""
    cancelled: bool = False
    occurrences: Mapping[str, Occurrence] = field(default_factory=dict)
    """For a series master: the rule's date (ISO) -> the occurrence samarbeid removed or
    changed there."""


@dataclass(frozen=True)
class Before:
    """The first meeting of a UID as an earlier SEQUENCE issued it."""

    start: str
    """ISO 8601; "" where not recorded."""
    location: str | None
    """"" for none; None where not recorded."""


@dataclass(frozen=True)
class Entry:
    """One issued UID."""

    sequence: int
    digest: str
    arena: str = ""
    period: str = ""
    summary: str = ""
    start: str = ""
    """The first DTSTART (ISO 8601), for a cancellation when the data is gone."""
    end: str = ""
    """For a meeting of `invite`: its end (ISO 8601), so that its agenda and minutes show the
    length it was called for; "" where not recorded (histories before issue 21)."""
    participants: tuple[str, ...] = ()
    """For a meeting of `invite`: the role or service slugs chosen with `-p` (never names);
    empty: the arena's own participants, or not recorded."""
    location: str | None = None
    """The first meeting's place as issued ("" for none); None where the history predates
    recording it."""
    was: Before | None = None
    """The first meeting as the issue before this SEQUENCE had it, so that every way out of
    this SEQUENCE (a preview file, then the sending) says what changed."""
    organizer: tuple[str, str] | None = None
    """(name, address) of the ORGANIZER it was sent from."""
    cancelled: bool = False
    withdrawn: bool = False
    """Cancelled in Outlook on request (`--cancel`): later publishes of the period leave it
    cancelled until `--restore` names its arena."""
    one_off: bool = False
    """A meeting issued by `invite`, not part of a half-year's series."""
    agenda: bool = False
    """An agenda sent by `agenda --send`: a message, not a calendar event."""
    received: Mapping[str, Received] = field(default_factory=dict)
    """Address -> what that address last received."""
    published: Mapping[str, Published] = field(default_factory=dict)
    """The meeting (its rule date, or "" for a UID of one meeting) -> its Outlook event."""


@dataclass
class History:
    """A municipality's issue history, read from and written to one file."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    def issued(self) -> dict[str, Issued]:
        """UID -> SEQUENCE and digest, for `services.sequence.next_issue`."""
        return {uid: Issued(e.sequence, e.digest) for uid, e in self.entries.items()}

    def record_issue(
        self, uid: str, issued: Issued, *, organizer: tuple[str, str] | None = None, **about: Any
    ) -> None:
        """Record that `uid` went out (as a file or a message) at `issued`.

        What was known before and this issue does not say stays: who received it, the
        organizer a message named (a calendar file names none), and a cancellation of the
        same content.
        """
        before = self.entries.get(uid)
        received = dict(before.received) if before else {}
        # A cancelled series that has not changed since stays cancelled.
        cancelled = bool(before and before.cancelled and before.digest == issued.digest)
        self.entries[uid] = Entry(
            issued.sequence,
            issued.digest,
            received=received,
            cancelled=cancelled,
            withdrawn=bool(before and before.withdrawn),
            organizer=organizer or (before.organizer if before else None),
            published=dict(before.published) if before else {},
            was=self.was(uid, issued),
            **about,
        )

    def was(self, uid: str, issued: Issued) -> Before | None:
        """The first meeting as the issue before `issued` had it: the entry's own when
        `issued` is a new SEQUENCE, else what the entry says came before it."""
        before = self.entries.get(uid)
        if before is None:
            return None
        if issued.sequence > before.sequence:
            return Before(before.start, before.location)
        return before.was

    def record_published(self, uid: str, meeting: str, published: Published) -> None:
        """Record the Outlook event of one meeting of `uid` (recorded with `record_issue`)."""
        entry = self.entries[uid]
        self.entries[uid] = replace(entry, published={**entry.published, meeting: published})

    def cancelled(self, uid: str, issued: Issued) -> bool:
        """Whether `uid` was cancelled and is about to be issued unchanged."""
        before = self.entries.get(uid)
        return bool(before and before.cancelled and before.digest == issued.digest)

    def record_received(
        self,
        uid: str,
        addresses: Sequence[str],
        sequence: int,
        at: str,
        *,
        cancellation: bool = False,
    ) -> None:
        """Record that the server accepted `uid` at `sequence` for each address; with
        `cancellation`, that what was accepted withdraws it (the entry is cancelled)."""
        entry = self.entries[uid]
        received = dict(entry.received)
        for address in addresses:
            received[address.lower()] = Received(sequence, at)
        if cancellation:
            entry = replace(entry, sequence=sequence, cancelled=True)
        self.entries[uid] = replace(entry, received=received)

    def missing(self, uid: str, addresses: Sequence[str], sequence: int) -> list[str]:
        """Those of `addresses` that have not yet received `uid` at `sequence`."""
        entry = self.entries.get(uid)
        if entry is None:
            return list(addresses)
        return [
            address
            for address in addresses
            if (got := entry.received.get(address.lower())) is None or got.sequence < sequence
        ]

    def to_bytes(self) -> bytes:
        """The file's content, sorted so that the same history gives the same bytes."""
        content: dict[str, Any] = {"version": 2, "issued": {}}
        for uid, entry in sorted(self.entries.items()):
            record: dict[str, Any] = {"sequence": entry.sequence, "digest": entry.digest}
            for key in ("arena", "period", "summary", "start", "end"):
                if getattr(entry, key):
                    record[key] = getattr(entry, key)
            if entry.participants:
                record["participants"] = list(entry.participants)
            if entry.location is not None:
                record["location"] = entry.location
            if entry.was is not None:
                record["was"] = {"start": entry.was.start} | (
                    {"location": entry.was.location} if entry.was.location is not None else {}
                )
            if entry.organizer:
                record["organizer"] = {"name": entry.organizer[0], "email": entry.organizer[1]}
            if entry.cancelled:
                record["cancelled"] = True
            if entry.withdrawn:
                record["withdrawn"] = True
            if entry.one_off:
                record["one_off"] = True
            if entry.agenda:
                record["agenda"] = True
            if entry.received:
                record["received"] = {
                    address: {"sequence": got.sequence, "at": got.at}
                    for address, got in sorted(entry.received.items())
                }
            if entry.published:
                record["published"] = {
                    meeting: {"id": event.id, "digest": event.digest, "start": event.start}
                    | ({"cancelled": True} if event.cancelled else {})
                    | (
                        {
                            "occurrences": {
                                day: {"id": changed.id, "digest": changed.digest}
                                for day, changed in sorted(event.occurrences.items())
                            }
                        }
                        if event.occurrences
                        else {}
                    )
                    for meeting, event in sorted(entry.published.items())
                }
            content["issued"][uid] = record
        return (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode()


def save(history: History) -> None:
    """Write the history on its own (one rename), e.g. after each message a server accepted.

    Raises:
        InputError: It cannot be written.
    """
    writing.write_all({history.path: history.to_bytes()})


def history_path(data_dir: Path, municipality: str) -> Path:
    """Where a municipality's history lives: `.samarbeid/issued/` beside the data folder."""
    return data_dir.resolve().parent / HISTORY_FOLDER / f"{municipality}.json"


def sent_series(
    data_dir: Path, municipalities: Sequence[str], history_file: Path | None
) -> dict[str, frozenset[str]]:
    """Per municipality, the arena files (slugs) whose series some recipient received and
    that are not cancelled, from each municipality's history (or the one file given).

    Raises:
        InputError: A history file exists but is not samarbeid's.
    """
    found: dict[str, frozenset[str]] = {}
    for municipality in municipalities:
        entries = load(history_file or history_path(data_dir, municipality)).entries
        found[municipality] = frozenset(
            entry.arena.partition("--")[0]
            for uid, entry in entries.items()
            if uid.startswith(f"{municipality}-")
            and entry.received
            and not entry.cancelled
            and not entry.one_off
            and not entry.agenda
        )
    return found


def _sequence(value: Any, where: str) -> int:
    # bool is an int in Python, and 1.9 or 1e400 must not pass as a count either.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEQUENCE:
        shown = (
            _("a number too large to read")
            if isinstance(value, float) and math.isinf(value)
            else repr(value)
        )
        raise ValueError(
            _(
                "{where}: sequence must be a whole number from 0 to {MAX_SEQUENCE} (got {shown})"
            ).format(where=where, MAX_SEQUENCE=MAX_SEQUENCE, shown=shown)
        )
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(
            _("{where} must be text (got {value})").format(where=where, value=repr(value))
        )
    return value


def _entry(uid: str, raw: Any) -> Entry:
    if not isinstance(raw, dict):
        raise ValueError(_("{uid}: must be an object").format(uid=uid))
    sequence = _sequence(raw.get("sequence"), uid)
    digest = raw.get("digest")
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        raise ValueError(
            _("{uid}: digest must be 64 hexadecimal digits (got {digest})").format(
                uid=uid, digest=repr(digest)
            )
        )
    about: dict[str, Any] = {
        key: _text(raw[key], f"{uid}.{key}")
        for key in ("arena", "period", "summary", "start", "end", "location")
        if key in raw
    }
    if "participants" in raw:
        found = raw["participants"]
        if not isinstance(found, list):
            raise ValueError(_("{uid}.participants must be a list").format(uid=uid))
        about["participants"] = tuple(
            _text(slug, f"{uid}.participants[{n}]") for n, slug in enumerate(found)
        )
    if "was" in raw:
        found_was = raw["was"]
        if not isinstance(found_was, dict):
            raise ValueError(_("{uid}.was must be an object").format(uid=uid))
        about["was"] = Before(
            _text(found_was.get("start", ""), f"{uid}.was.start"),
            _text(found_was["location"], f"{uid}.was.location")
            if "location" in found_was
            else None,
        )
    organizer = None
    if "organizer" in raw:
        found = raw["organizer"]
        if not isinstance(found, dict):
            raise ValueError(_("{uid}.organizer must be an object").format(uid=uid))
        organizer = (
            _text(found.get("name"), f"{uid}.organizer.name"),
            _text(found.get("email"), f"{uid}.organizer.email"),
        )
    received: dict[str, Received] = {}
    for address, got in (raw.get("received") or {}).items():
        if not isinstance(got, dict):
            raise ValueError(
                _("{uid}.received.{address} must be an object").format(uid=uid, address=address)
            )
        received[address] = Received(
            _sequence(got.get("sequence"), f"{uid}.received.{address}"),
            _text(got.get("at"), f"{uid}.received.{address}.at"),
        )
    published: dict[str, Published] = {}
    found_published = raw.get("published") or {}
    if not isinstance(found_published, dict):
        raise ValueError(_("{uid}.published must be an object").format(uid=uid))
    for meeting, event in found_published.items():
        where = f"{uid}.published.{meeting}"
        if not isinstance(event, dict):
            raise ValueError(_("{where} must be an object").format(where=where))
        occurrences = event.get("occurrences") or {}
        if not isinstance(occurrences, dict) or not all(
            isinstance(o, dict) for o in occurrences.values()
        ):
            raise ValueError(_("{where} must be an object").format(where=f"{where}.occurrences"))
        published[meeting] = Published(
            _text(event.get("id"), f"{where}.id"),
            _text(event.get("digest"), f"{where}.digest"),
            _text(event.get("start", ""), f"{where}.start"),
            event.get("cancelled") is True,
            {
                day: Occurrence(
                    _text(o.get("id"), f"{where}.occurrences.{day}.id"),
                    _text(o.get("digest"), f"{where}.occurrences.{day}.digest"),
                )
                for day, o in occurrences.items()
            },
        )
    return Entry(
        sequence,
        digest,
        organizer=organizer,
        published=published,
        cancelled=raw.get("cancelled") is True,
        withdrawn=raw.get("withdrawn") is True,
        one_off=raw.get("one_off") is True,
        agenda=raw.get("agenda") is True,
        received=received,
        **about,
    )


def _parse(path: Path) -> dict[str, Entry]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"), parse_constant=_refuse_constant)
        if not isinstance(raw, dict) or "issued" not in raw:
            raise ValueError(_("must be a JSON object with 'issued'"))
        issued = raw["issued"]
        if not isinstance(issued, dict):
            raise ValueError(_("'issued' must be an object"))
        return {str(uid): _entry(str(uid), value) for uid, value in issued.items()}
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as err:
        raise InputError(
            _(
                "{path}: not a samarbeid issue history ({err}); it records the "
                "SEQUENCE of issued events: restore it from git, or delete it to start "
                "counting again"
            ).format(path=path, err=err)
        ) from err


def _refuse_constant(name: str) -> float:
    raise ValueError(_("{name} is not a number").format(name=name))


def load(path: Path, legacy_folders: Sequence[Path] = ()) -> History:
    """The history at `path` (empty when new), merged with any old per-folder state files.

    Raises:
        InputError: A file exists but is not samarbeid's, or holds impossible values.
        UsageError: `path` is no place to write the history (a device, inside the data).
    """
    _refuse_place(path)
    entries = _parse(path) if path.is_file() else {}
    for folder in legacy_folders:
        legacy = folder / LEGACY_STATE_FILE
        if legacy.is_file():
            for uid, entry in _parse(legacy).items():
                if uid not in entries or entry.sequence > entries[uid].sequence:
                    entries[uid] = entry
    return History(path, entries)


def _refuse_place(path: Path) -> None:
    """The history is written after the first message a server accepts: refuse a place it
    cannot be written (SAMARBEID_HISTORY=/dev/null) before anything is sent or written."""
    targets.refuse(path, folder=False, name=_("issue history {path}").format(path=path))


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold a lock for a whole run, so two runs cannot lose each other's SEQUENCE.

    The lock is on the nearest folder of `path` that exists (a folder can be locked without
    creating anything in it), so a run that ends up writing nothing leaves nothing behind.
    A run that was stopped while writing the history together with its output folders is
    finished (or undone) first, so what is read next agrees with those folders.

    Raises:
        InputError: The folder cannot be opened, or finishing a stopped run failed.
    """
    _refuse_place(path)
    folder = path.parent
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    with writing.folder_locked(folder):
        if folder == path.parent:
            writing.settle_file(path)
        yield

"""SMTP servers that never finish (issue 17): one trickles its greeting a byte at a time, so
no single read times out; one answers EHLO with an endless reply. Each stops the run with a
message that says why, exit 1, the data as it was and nobody recorded as having received
anything."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from samarbeid_cli.delivery import sending
from tests.conftest import DataFolder, app
from tests.test_corpus import _snapshot

Behaviour = Callable[[socket.socket, threading.Event], None]


def _trickle(client: socket.socket, stop: threading.Event) -> None:
    """The greeting, one byte every 50 ms (the audit's server: one every 10 s), then silence:
    each byte comes well within the per-read timeout, the whole greeting does not within the
    deadline the test sets."""
    for byte in b"220 trickle.example ESMTP\r\n":
        if stop.wait(0.05):
            return
        client.sendall(bytes([byte]))
    stop.wait()


def _endless_ehlo(client: socket.socket, stop: threading.Event) -> None:
    """A prompt greeting, then an EHLO reply whose lines never end it."""
    client.sendall(b"220 endless.example ESMTP\r\n")
    client.recv(1024)
    line = b"250-" + b"X" * 200 + b"\r\n"
    while not stop.is_set():
        client.sendall(line * 50)


def _serve(behaviour: Behaviour) -> Iterator[int]:
    """A one-connection server on 127.0.0.1 that behaves so; yields its port."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def run() -> None:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        # OSError: the client gave up and hung up, which is what the test wants.
        with client, contextlib.suppress(OSError):
            behaviour(client, stop)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)


@pytest.fixture
def trickling() -> Iterator[int]:
    yield from _serve(_trickle)


@pytest.fixture
def endless() -> Iterator[int]:
    yield from _serve(_endless_ehlo)


def _send(runner: CliRunner, port: int) -> object:
    return runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--period", "2027-H1", "--stamp", "2026-12-01T09:00:00Z",
         "--send"],
        env={
            "SAMARBEID_SMTP_HOST": "127.0.0.1",
            "SAMARBEID_SMTP_PORT": str(port),
            "SAMARBEID_SMTP_STARTTLS": "false",
        },
    )  # fmt: skip


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder, from the workspace; the history is SAMARBEID_HISTORY's (conftest)."""
    data = data_folder()
    monkeypatch.chdir(data.parent)
    return data


def _nobody_received_anything(tmp_path: Path) -> None:
    history = tmp_path / "history" / "issued.json"
    issued = json.loads(history.read_text())["issued"] if history.exists() else {}
    assert [entry.get("received") for entry in issued.values() if entry.get("received")] == []


def test_a_server_that_trickles_its_greeting_is_given_up_at_the_deadline(
    runner: CliRunner,
    workspace: Path,
    trickling: int,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(sending, "MESSAGE_SECONDS", 0.5)
    before = _snapshot(workspace)

    result = _send(runner, trickling)

    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert (
        "127.0.0.1 did not finish the exchange within 0.5 seconds; the server is too slow or "
        "stalling"
    ) in result.stderr  # type: ignore[attr-defined]
    assert "not sent: testteam.eml" in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    assert _snapshot(workspace) == before
    _nobody_received_anything(tmp_path)


def test_an_endless_reply_is_cut_off_at_its_bound(
    runner: CliRunner, workspace: Path, endless: int, tmp_path: Path
) -> None:
    before = _snapshot(workspace)

    result = _send(runner, endless)

    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    assert (
        "127.0.0.1 sent a reply longer than 64 KiB; no SMTP server does that" in result.stderr  # type: ignore[attr-defined]
    )
    assert "not sent: testteam.eml" in result.stderr  # type: ignore[attr-defined]
    assert _snapshot(workspace) == before
    _nobody_received_anything(tmp_path)

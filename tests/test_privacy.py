"""The privacy guard: an identity number anywhere in a data file is an error at file:line,
while phone numbers, kommunenummer, dates and near-misses are not."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from samarbeid_cli.loading.privacy import find_identity_numbers, is_identity_number
from tests.conftest import ARENA, DataFolder, app
from tests.identity_numbers import broken, identity_number

FNR = identity_number(24, 12, 1987)
DNR = identity_number(3, 2, 2011, d_number=True)
MESSAGE = (
    "privacy: looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "data files describe roles, never people"
)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param(f"notes: [Gjelder {FNR}]\n", 18, 17, id="fodselsnummer"),
        pytest.param(f"notes: [Gjelder {FNR[:6]} {FNR[6:]}]\n", 18, 17, id="with-space"),
        pytest.param(f"notes: [elev {DNR}]\n", 18, 14, id="d-nummer"),
        pytest.param(f"# ring foresatte om {FNR}\n", 18, 21, id="in-a-comment"),
    ],
)
def test_identity_number_is_an_error_at_its_line(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    line: int,
    column: int,
) -> None:
    """The guard reads the raw text, comments included, and never echoes the number."""
    monkeypatch.chdir(data_folder(arenas={"testteam": ARENA + text}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    assert f"data/arenas/testvik/testteam.yaml:{line}:{column}: {MESSAGE}" in result.stderr
    assert FNR not in result.output and DNR not in result.output
    assert FNR[6:] not in result.output


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("notes: [Ring 41234567 eller +47 412 34 567]\n", id="phone-numbers"),
        pytest.param("notes: [Vakttelefon 0047 41234567]\n", id="phone-with-country-code"),
        pytest.param("notes: [Kommunenummer 0301 og 5032]\n", id="kommunenummer"),
        pytest.param("notes: [Vedtatt 2026-08-21, revidert 21.08.2026]\n", id="dates"),
        pytest.param("notes: [Org.nr. 974760673]\n", id="organisation-number"),
        pytest.param(f"notes: [Sak {broken(FNR)}]\n", id="wrong-check-digit"),
        pytest.param("notes: [Saksnummer 32132112345]\n", id="impossible-date"),
        pytest.param(f"notes: [Referanse 1{FNR}]\n", id="twelve-digits"),
    ],
)
def test_numbers_that_are_not_identity_numbers_pass(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Phone numbers, kommunenummer, dates and near-misses do not trip the guard."""
    monkeypatch.chdir(data_folder(arenas={"testteam": ARENA + text}).parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output


def test_guard_covers_municipality_files(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Municipality files are scanned too."""
    from tests.conftest import MUNICIPALITY

    monkeypatch.chdir(data_folder(municipality=MUNICIPALITY + f"# {DNR}\n").parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    assert f"data/municipalities/testvik.yaml:32:3: {MESSAGE}" in result.stderr


def test_check_digits_decide() -> None:
    """Both mod-11 check digits must hold; the date part must be a real day and month."""
    assert is_identity_number(FNR)
    assert is_identity_number(DNR)
    assert not is_identity_number(broken(FNR))
    assert not is_identity_number(FNR[:10])
    assert find_identity_numbers(f"a\nb {FNR} c {DNR[:6]} {DNR[6:]}\n") == [(2, 3), (2, 17)]

"""The privacy guard: an identity number anywhere in a data file is an error at file:line,
while phone numbers, kommunenummer, dates and near-misses are not."""

from __future__ import annotations

import json
from pathlib import Path

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


SPACE_GROUPS = f"{FNR[:6]}  {FNR[6:]}"


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param(f"notes: [Gjelder {FNR[:6]}-{FNR[6:9]} {FNR[9:]}]\n", 18, 17, id="dash"),
        pytest.param(
            f"notes: [Gjelder {FNR[:2]}.{FNR[2:4]}.{FNR[4:6]} {FNR[6:]}]\n", 18, 17, id="dots"
        ),
        pytest.param(f"notes: [Gjelder {SPACE_GROUPS}]\n", 18, 17, id="two-spaces"),
        pytest.param(f"notes: [Gjelder {FNR[:6]}\t{FNR[6:]}]\n", 18, 17, id="tab"),
        pytest.param(f"notes: [Gjelder {FNR[:6]}\u00a0{FNR[6:]}]\n", 18, 17, id="no-break-space"),
        pytest.param(
            f"notes:\n  - >\n    Gjelder {FNR[:6]}\n    {FNR[6:]}\n", 19, 5, id="folded-block"
        ),
        pytest.param(
            f"notes:\n  - Gjelder {FNR[:6]}\n    {FNR[6:]}\n", 19, 5, id="plain-over-two-lines"
        ),
        pytest.param(
            f'notes: ["Gjelder {FNR[:10]}\\x3{FNR[10]}"]\n', 18, 18, id="escaped-last-digit"
        ),
        pytest.param(f'"{FNR[:6]}\\x20{FNR[6:]}": x\n', 18, 2, id="in-a-key"),
    ],
)
def test_identity_number_written_any_way_is_found(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    line: int,
    column: int,
) -> None:
    """Separators, folded lines and escapes do not hide a number: the raw text (escapes
    decoded, so the column is the number's) or the value as YAML reads it gives it away, and it
    is reported once."""
    monkeypatch.chdir(data_folder(arenas={"testteam": ARENA + text}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    privacy = [line for line in result.stderr.splitlines() if "privacy:" in line]
    assert privacy == [f"data/arenas/testvik/testteam.yaml:{line}:{column}: {MESSAGE}"]
    assert FNR not in result.output and FNR[6:] not in result.output


@pytest.mark.parametrize(
    ("relative", "shown"),
    [
        pytest.param("arenas/testvik/notat.txt", "data/arenas/testvik/notat.txt:2:9", id="txt"),
        pytest.param("arenas/testvik/.notat", "data/arenas/testvik/.notat:2:9", id="dotfile"),
        pytest.param(
            "municipalities/testvik.gammelt.yaml",
            "data/municipalities/testvik.gammelt.yaml:2:9",
            id="unreferenced-companion",
        ),
        pytest.param("README.md", "data/README.md:2:9", id="outside-the-layout"),
        pytest.param(".git/HEAD", None, id="git-is-not-data"),
    ],
)
def test_every_file_under_the_data_folder_is_scanned(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    relative: str,
    shown: str | None,
) -> None:
    """Files the loading never reads would still go into git: they are scanned too."""
    folder = data_folder(extra={relative: f"Notat\nGjelder {FNR}\n"})
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    if shown is None:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1
    assert f"{shown}: {MESSAGE}" in result.stderr.splitlines()
    assert FNR not in result.output


def test_identity_number_as_a_file_name_is_refused_and_never_printed(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`<number>.yaml` would become `out/<number>.ics` and a UID; the path is shown blanked."""
    folder = data_folder(arenas={"testteam": ARENA, FNR: ARENA})
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data", "--json"])

    assert result.exit_code == 1
    assert FNR not in result.output
    errors = json.loads(result.stdout)["errors"]
    assert errors == [
        {
            "path": "data/arenas/testvik/[identity number removed].yaml",
            "line": 1,
            "column": 1,
            "field": "privacy",
            "message": "the file name looks like a national identity number (fødselsnummer or "
            "D-nummer); rename the file: data files describe roles, never people",
            "severity": "error",
        }
    ]


def test_a_value_echoed_in_a_message_is_blanked_out(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`(got '...')` would print the number the guard just refused."""
    from tests.conftest import MUNICIPALITY

    municipality = MUNICIPALITY.replace('kommunenummer: "9999"', f'kommunenummer: "{FNR}"')
    monkeypatch.chdir(data_folder(municipality=municipality).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "data/municipalities/testvik.yaml:2:16: kommunenummer: must be exactly 4 digits, such as "
        "\"0301\" (got '[identity number removed]')",
        f"data/municipalities/testvik.yaml:2:17: {MESSAGE}",
    ]
    assert FNR not in result.output


def test_a_path_on_the_command_line_is_refused_and_never_echoed(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A path is echoed in messages and reports: an argument holding a number is refused by
    its name before the command runs (every other message passes the same filter at the CLI
    boundary)."""
    folder = tmp_path / FNR
    folder.mkdir()
    result = runner.invoke(app, ["validate", str(folder)])

    assert result.exit_code == 2
    assert result.stderr == (
        "samarbeid: PATH looks like a national identity number; remove it: what samarbeid "
        "writes names roles, never people\n"
    )
    assert FNR not in result.output


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("notes: [Sentralbord +47 73 81 78 00]\n", id="phone-with-country-code"),
        pytest.param("notes: [Ring 73 81 78 00 eller 412 34 567]\n", id="phone-in-pairs"),
        pytest.param("notes: [Telefon 73 81 78 00 412 34 567 74 00 00 00]\n", id="phone-run"),
        pytest.param("notes: [Org.nr. 964 982 953]\n", id="organisation-number-grouped"),
        pytest.param("notes: [NO 964 982 953 MVA]\n", id="vat-number"),
        pytest.param(
            f"notes: [Konto {FNR[:4]}.{FNR[4:6]}.{FNR[6:]}]\n", id="account-number-with-dots"
        ),
        pytest.param("notes: [Konto 1234.56.78903]\n", id="account-number"),
        pytest.param("notes: [Møter 2026-08-21 2026-09-04 2026-09-18]\n", id="dates-in-a-row"),
        pytest.param("notes: [21.08.2026 04.09.2026 18.09.2026]\n", id="norwegian-dates"),
        pytest.param("notes: [Kommunenummer 5032 5033 5034]\n", id="kommunenummer-in-a-row"),
        pytest.param(f"notes: [Referanse {FNR}1]\n", id="twelve-digits"),
    ],
)
def test_grouped_numbers_that_are_not_identity_numbers_pass(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Reading separators must not turn phone, organisation or account numbers into hits."""
    monkeypatch.chdir(data_folder(arenas={"testteam": ARENA + text}).parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output

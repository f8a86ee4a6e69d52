"""Internal and public (issue 18): the coordinator's notes stay in the routine document, the
public contact is a role with a public address or phone, and a phone number in published
free text is warned about at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app

PUBLIC = (
    ARENA
    + "contact: {service: ppt, email: ppt@testvik.example.no, phone: 71 00 00 00}\n"
    + "notes:\n  - Møtet holdes på rådhuset.\n"
    + "internal_notes:\n  - Ring rektor før høstferien om rommet.\n"
    + "assumptions:\n  - The seed gives no start date; 2026-08-21 is assumed.\n"
)


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = data_folder(arenas={"testteam": PUBLIC})
    monkeypatch.chdir(data.parent)
    return data


def test_the_site_and_overview_show_only_public_fields(runner: CliRunner, workspace: Path) -> None:
    site = runner.invoke(app, ["site", "-m", "testvik", "--out", "public", "--today", "2026-09-01"])
    overview = runner.invoke(app, ["overview", "-m", "testvik", "--out", "o.html"])

    assert (site.exit_code, overview.exit_code) == (0, 0), site.output + overview.output
    pages = [*(workspace.parent / "public").rglob("*.html"), workspace.parent / "o.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "Ring rektor" not in html, page
        assert "Interne merknader" not in html, page
        assert "seed gives no start date" not in html, page
        assert "koordinator@testvik.example" not in html, page  # the roster
    arena_page = (workspace.parent / "public" / "arena" / "testteam.html").read_text("utf-8")
    assert "Møtet holdes på rådhuset." in arena_page
    assert "PPT, ppt@testvik.example.no, 71 00 00 00" in arena_page
    front = (workspace.parent / "o.html").read_text(encoding="utf-8")
    assert "<small>Kontakt: PPT, ppt@testvik.example.no, 71 00 00 00</small>" in front


def test_the_routine_document_keeps_internal_notes_under_their_heading(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(app, ["routine", "-m", "testvik", "-a", "testteam"])

    assert result.exit_code == 0, result.output
    assert "## Interne merknader (publiseres ikke)\n\n- Ring rektor før høstferien" in (
        result.stdout
    )
    assert "## Antakelser som må bekreftes" in result.stdout
    assert "## Kontakt\n\nPPT, ppt@testvik.example.no, 71 00 00 00" in result.stdout


def test_the_overview_in_markdown_names_the_contact(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md"])

    assert result.exit_code == 0, result.output
    assert "| Koordinator; kontakt: PPT, ppt@testvik.example.no, 71 00 00 00 |" in result.stdout


@pytest.mark.parametrize(
    "number", ["71 23 45 67", "98765432", "+47 912 34 567", "4123 4567", "0047 71234567"]
)
def test_a_phone_number_in_published_text_is_warned_about_at_its_line(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch, number: str
) -> None:
    arena = ARENA + f"notes:\n  - Møtet holdes i rom 2.\n  - Kontakt Kari på {number}.\n"
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)

    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 0, result.output
    assert (
        "data/arenas/testvik/testteam.yaml:20:5: notes[1]: holds what looks like a phone "
        "number, and this text is published on the overview and the site; give a role's "
        "public number in contact: instead, never a person's own"
    ) in result.stderr
    assert number not in result.stderr


def test_dates_counts_and_internal_notes_are_not_phone_numbers(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    arena = (
        ARENA
        + "contact: {role: koordinator, phone: 71 00 00 00}\n"
        + "notes:\n  - Vedtatt 2026-08-19, sak 2026/1234, 12.03.2027, kl. 08.30, 120 elever.\n"
        + "internal_notes:\n  - Koordinatoren nås på 912 34 567.\n"
    )
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)

    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 0, result.output
    assert "phone" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ("{role: koordinator}", "contact: needs a public 'email' or 'phone'"),
        ("{role: rektr, phone: 71 00 00 00}", "contact.role: unknown role 'rektr'"),
        ("{role: koordinator, phone: '71 00'}", "contact.phone: must be a Norwegian phone number"),
    ],
)
def test_a_contact_needs_a_known_role_and_a_public_way_to_reach_it(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    contact: str,
    message: str,
) -> None:
    monkeypatch.chdir(data_folder(arenas={"testteam": ARENA + f"contact: {contact}\n"}).parent)

    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    assert message in result.stderr, result.stderr

"""`samarbeid assumptions`, case participants vs standing members, alternative conveners
("A eller B") and defaults that are not shown as the municipality's rule."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import icalendar
from typer.testing import CliRunner

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app

TOWN = (
    MUNICIPALITY.replace(
        "    first_day: 2026-08-19\n",
        "    source: assumed from last year\n    first_day: 2026-08-19\n",
    )
    + "assumptions:\n  - Kommunens kontorer er stengt i romjulen.\n"
)


def test_assumptions_lists_written_assumptions_and_filled_in_defaults(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Municipality assumptions, school years without the adopted skolerute, the default
    lead time and meeting length, and the anchor date, each at its line."""
    arena = ARENA.replace("  duration_minutes: 60\n", "") + "assumptions:\n  - Møterom antatt.\n"
    data = data_folder(arenas={"testteam": arena}, municipality=TOWN)
    result = runner.invoke(app, ["assumptions", "--data", str(data)])

    assert (result.exit_code, result.stderr) == (0, ""), result.output
    town = data / "municipalities" / "testvik.yaml"
    team = data / "arenas" / "testvik" / "testteam.yaml"
    assert result.stdout.splitlines() == [
        f"{town}:16:5: school_years.2026-27: school year 2026-27 (2026-08-19..2027-06-18) is "
        "marked 'assumed from last year' [school_calendar]",
        f"{town}:26:5: school_years.2027-28: school year 2027-28 (2027-08-18..2028-06-20) has "
        "no source; verify it against the adopted skolerute [school_calendar]",
        f"{town}:34:5: assumptions[0]: Kommunens kontorer er stengt i romjulen. [assumption]",
        f"{team}:1:1: agenda.lead_days: the data gives no lead time for the agenda; samarbeid "
        "assumes 7 days and does not print it as the municipality's rule [default]",
        f"{team}:10:3: meeting.duration_minutes: the data gives no meeting length; 60 minutes "
        "assumed for calendars and invitations; documents say it is not decided [default]",
        f"{team}:16:11: frequency.anchor: the series keeps step with 2026-08-21; verify that a "
        "meeting is (or would be) held that day [anchor]",
        f"{team}:18:5: assumptions[0]: Møterom antatt. [assumption]",
        "7 to verify in 2 file(s).",
    ]


def test_assumptions_as_json_for_one_municipality(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """--json gives every item with its kind; --municipality must name a known one."""
    data = data_folder(municipality=TOWN)
    result = runner.invoke(app, ["assumptions", "-m", "testvik", "--json", "--data", str(data)])

    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [item["kind"] for item in items] == [
        "school_calendar",
        "school_calendar",
        "assumption",
        "default",
        "anchor",
    ]
    assert set(items[0]) == {"municipality", "path", "line", "column", "field", "kind", "text"}

    wrong = runner.invoke(app, ["assumptions", "-m", "testvk", "--data", str(data)])
    assert wrong.exit_code == 2
    assert wrong.stderr == "samarbeid: --municipality: no municipality 'testvk'; known: testvik\n"


def _invite(runner: CliRunner, data: Path, out: Path) -> EmailMessage:
    result = runner.invoke(
        app,
        [
            *("schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json"),
            *("--data", str(data), "--invitations", str(out), "--stamp", "2026-12-01T09:00:00Z"),
        ],
    )
    assert result.exit_code == 0, result.output
    message = message_from_bytes((out / "testteam.eml").read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _description(message: EmailMessage) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            calendar: Any = icalendar.Calendar.from_ical(part.get_content())
            return str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    raise AssertionError("no calendar part")


def test_case_participant_gets_no_series_invitation(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """The rektor joins only for a case: not among the series' attendees."""
    arena = ARENA.replace("  - role: rektor\n", "  - role: rektor\n    case_only: true\n")
    with_ppt = MUNICIPALITY.replace(
        "roster:\n", "roster:\n  ppt: {name: PPT, email: ppt@testvik.example}\n"
    )
    folder = data_folder(arenas={"testteam": arena}, municipality=with_ppt)
    message = _invite(runner, folder, tmp_path / "inv")

    assert "rektor@testvik.example" not in str(message["To"])
    assert "ppt@testvik.example" in str(message["To"])


def test_alternative_conveners_read_a_eller_b_with_the_condition(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """`convener_rule: any_of` is "A eller B (condition)", not "A, B"; the first sends."""
    arena = ARENA.replace(
        "convener:\n  role: koordinator\n",
        "convener:\n  - role: koordinator\n  - service: barnevern\nconvener_rule: any_of\n"
        "convener_condition: barnevernet når det er et barnevernstiltak\n"
        "participants_open: andre tjenester ved behov, f.eks. NAV\n",
    )
    message = _invite(runner, data_folder(arenas={"testteam": arena}), tmp_path / "inv")
    text = _description(message)

    assert (
        "Innkaller: Koordinator eller Barnevern (barnevernet når det er et barnevernstiltak)."
        in text
    )
    assert "Ved behov også: andre tjenester ved behov, f.eks. NAV" in text
    assert message["From"].addresses[0].addr_spec == "koordinator@testvik.example"


def test_default_lead_time_is_not_shown_as_the_rule(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """Without agenda.lead_days the description says nothing about a lead time; with it, it
    does."""
    silent = _description(_invite(runner, data_folder(), tmp_path / "a"))
    stated = ARENA + "agenda:\n  lead_days: 7\n"
    said = _description(_invite(runner, data_folder(arenas={"testteam": stated}), tmp_path / "b"))

    assert "Saksliste" not in silent
    assert "Saksliste sendes ut senest 7 dager før møtet." in said


def test_condition_without_any_of_is_an_error(runner: CliRunner, data_folder: DataFolder) -> None:
    """A condition only makes sense when one of several conveners calls."""
    arena = ARENA + "convener_condition: ved barnevernstiltak\n"
    result = runner.invoke(app, ["validate", str(data_folder(arenas={"testteam": arena}))])

    assert result.exit_code == 1
    assert "convener_condition needs convener_rule: any_of" in result.stderr

"""The documents of a meeting about one child's case (issue 21, a new user's trial): the
agenda and the minutes of an on-demand case meeting, and the saksliste `invite` attaches."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, DataFolder, app, with_frequency

DATA = ("--data", str(BUNDLED_DATA))
STAFETT = ("-m", "inderoy", "-a", "stafettloggmoter")
ANSVAR = ("-m", "aukra", "-a", "ansvarsgruppemote")


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, *DATA])
    return result.exit_code, result.stdout, result.stderr


def _invite(runner: CliRunner, out: Path, *extra: str) -> None:
    code, _, err = invoke(
        runner, "invite", *ANSVAR, "--case", "AG-2027-014", "--out", str(out),
        "--stamp", "2026-12-01T09:00:00Z", *extra,
    )  # fmt: skip
    assert code == 0, err


@pytest.mark.parametrize("command", ["agenda", "minutes"])
@pytest.mark.parametrize(
    ("day", "reason"), [("2027-02-13", "helg"), ("2027-05-17", "Andre pinsedag; Grunnlovsdag")]
)
def test_a_case_meeting_on_a_closed_day_is_refused_as_invite_refuses_it(
    runner: CliRunner, command: str, day: str, reason: str
) -> None:
    """A Saturday and 17 May were accepted, at an invented 09.00."""
    case = ("--case", "SL-1") if command == "agenda" else ()
    code, out, err = invoke(runner, command, *STAFETT, "--date", day, *case)

    assert code == 1
    assert out == ""
    assert f"--date: {day} is closed for Stafettloggmøter ({reason})" in err
    assert "invite --allow-closed-day" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["agenda", "minutes"])
def test_a_case_meeting_without_a_stated_time_says_so(runner: CliRunner, command: str) -> None:
    """The arena file has no `meeting.start`, no invite was issued: no invented 09.00."""
    case = ("--case", "AG-2027-014") if command == "agenda" else ()
    code, out, err = invoke(runner, command, *ANSVAR, "--date", "2027-04-14", *case)

    assert code == 0, err
    assert "- **Tid:** onsdag 14. april 2027, klokkeslett ikkje fastsett\n" in out
    assert "09.00" not in out


@pytest.mark.parametrize("command", ["agenda", "minutes"])
def test_a_case_meeting_takes_its_time_from_the_case_invite(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    _invite(runner, tmp_path / "invite", "--date", "2027-04-14", "--start", "13:00")

    code, out, err = invoke(
        runner, command, *ANSVAR, "--date", "2027-04-14", "--case", "AG-2027-014"
    )

    assert code == 0, err
    # The end is the invitation's, as the issue history records it.
    assert "- **Tid:** onsdag 14. april 2027 kl. 13.00–14.00\n" in out
    assert "09.00" not in out


def test_an_invite_on_a_closed_day_lets_its_agenda_be_written(
    runner: CliRunner, tmp_path: Path
) -> None:
    _invite(
        runner, tmp_path / "invite", "--date", "2027-05-17", "--start", "10:00",
        "--allow-closed-day",
    )  # fmt: skip

    code, out, err = invoke(
        runner, "agenda", *ANSVAR, "--date", "2027-05-17", "--case", "AG-2027-014"
    )

    assert code == 0, err
    assert "- **Tid:** måndag 17. mai 2027 kl. 10.00–11.00\n" in out


def test_another_case_invite_does_not_give_this_case_its_time(
    runner: CliRunner, tmp_path: Path
) -> None:
    _invite(runner, tmp_path / "invite", "--date", "2027-04-14", "--start", "13:00")

    code, out, err = invoke(runner, "agenda", *ANSVAR, "--date", "2027-04-14", "--case", "AG-9")

    assert code == 0, err
    assert "klokkeslett ikkje fastsett" in out
    assert "13.00" not in out


def test_the_convener_is_a_party_to_the_case_when_participants_are_chosen(
    runner: CliRunner, tmp_path: Path
) -> None:
    """`-p pp-kontakt -p rektor` left the coordinator who calls the meeting off the list."""
    _invite(
        runner, tmp_path / "invite", "--date", "2027-03-10", "--start", "13:00",
        "-p", "pp-kontakt", "-p", "rektor",
    )  # fmt: skip

    (page,) = (tmp_path / "invite").glob("*-saksliste.html")
    html = page.read_text(encoding="utf-8")
    parties = html.partition("Deltakarar i saka")[2].partition("</ul>")[0]
    items = [item.partition("</li>")[0].strip() for item in parties.split("<li>")[1:]]
    assert items[0] == "Koordinator (alminneleg koordinator eller barnekoordinator) (innkallar)"
    assert len(items) == 3
    assert "PP-kontakt" in items[1]
    assert items[2].startswith("Rektor")


def test_the_minutes_of_a_case_carry_its_reference(runner: CliRunner) -> None:
    """`minutes` had no --case ("Ukjend val: --case", exit 2)."""
    code, out, err = invoke(
        runner, "minutes", *STAFETT, "--date", "2027-03-10", "--case", "SL-2027-003"
    )

    assert code == 0, err
    assert out.startswith("# Referat: Stafettloggmøte (sak SL-2027-003)\n")
    items = [line for line in out.splitlines() if line.startswith("### ")]
    # The case's own items, as on its agenda: no earlier meeting of this case, no minutes
    # to approve.
    assert items == [
        "### Sak 1: Gjennomgang av stafettloggen: mål og tiltak",
        "### Sak 2: Eventuelt",
        "### Sak 3: Neste møte",
    ]


@pytest.mark.parametrize("case", ["Ola", "Kari Nordmann"])
def test_a_case_reference_that_could_be_a_name_is_refused_for_the_minutes(
    runner: CliRunner, case: str
) -> None:
    code, out, err = invoke(runner, "minutes", *STAFETT, "--date", "2027-03-10", "--case", case)

    assert code == 2
    assert out == ""
    assert "never a child's name" in err
    assert case not in err


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_plan_followed_up_is_named_as_a_label(runner: CliRunner, lang: str) -> None:
    """The raw value "stafettlogg" was printed."""
    code, out, err = invoke(
        runner, "agenda", *STAFETT, "--date", "2027-03-10", "--case", "SL-2027-003",
        "--lang", lang,
    )  # fmt: skip

    assert code == 0, err
    label = {"nb": "Plan som følges opp", "nn": "Plan som blir følgd opp"}[lang]
    assert f"- **{label}:** Stafettlogg\n" in out


@pytest.mark.parametrize("lang", ["nb", "nn"])
@pytest.mark.parametrize(
    ("plan", "label"),
    [
        ("individuell_plan", "Individuell plan"),
        ("stafettlogg", "Stafettlogg"),
        ("tiltaksplan", "Tiltaksplan"),
    ],
)
def test_every_plan_has_its_label(lang: str, plan: str, label: str) -> None:
    from samarbeid_cli.models.arena import CasePlan
    from samarbeid_cli.renderers.document_words import WORDS

    assert plan in {member.value for member in CasePlan}
    assert WORDS[lang][f"plan_{plan}"] == label


@pytest.mark.parametrize(
    ("meeting", "when"),
    [
        pytest.param("  start: 08:30\n  duration_minutes: 60\n", " kl. 08.30–09.30", id="both"),
        pytest.param("  start: 08:30\n", " kl. 08.30", id="no-length"),
        pytest.param("", ", klokkeslett ikke fastsatt", id="none"),
    ],
)
def test_an_on_demand_meeting_takes_its_time_from_the_data(
    runner: CliRunner, data_folder: DataFolder, meeting: str, when: str
) -> None:
    """Without an invitation the arena's `meeting.start` (and length, where stated) is the
    time; nothing else is."""
    arena = with_frequency("  kind: on_demand\n").replace(
        "  start: 08:30\n  duration_minutes: 60\n", meeting
    )
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(
        app, ["agenda", "-m", "testvik", "-a", "testteam", "--date", "2027-03-10",
              "--case", "AG-1", "--data", str(data)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert f"- **Tid:** onsdag 10. mars 2027{when}\n" in result.stdout


def _parties(text: str) -> list[str]:
    """The lines under "Deltakarar i saka" in an agenda's or minutes' Markdown."""
    block = text.partition("Deltakarar i saka")[2].lstrip("#: \n").partition("\n\n")[0]
    return [line.removeprefix("- ").strip() for line in block.splitlines() if line.strip()]


@pytest.mark.parametrize("command", ["agenda", "minutes"])
def test_a_case_meeting_takes_its_parties_and_end_from_the_case_invite(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    """The invitation's saksliste listed PPT and Barnevernet and 09.00–10.00; the agenda
    for the same case and day listed only the coordinator, at 09.00 with no end."""
    _invite(
        runner, tmp_path / "invite", "--date", "2027-03-10", "--start", "09:00",
        "-p", "ppt", "-p", "barnevern",
    )  # fmt: skip
    (page,) = (tmp_path / "invite").glob("*-saksliste.html")
    html = page.read_text(encoding="utf-8")
    block = html.partition("Deltakarar i saka")[2].partition("</ul>")[0]
    invited = [item.partition("</li>")[0].strip() for item in block.split("<li>")[1:]]
    assert len(invited) == 3

    code, out, err = invoke(
        runner, command, *ANSVAR, "--date", "2027-03-10", "--case", "AG-2027-014"
    )

    assert code == 0, err
    assert "- **Tid:** onsdag 10. mars 2027 kl. 09.00–10.00\n" in out
    if command == "agenda":
        parties = _parties(out)
        assert len(parties) == 3, out
        assert parties[0].startswith("Koordinator")
        assert "PPT" in parties[1]
        assert "Barnevern" in parties[2]
    else:  # the attendance table lists those invited
        table = out.partition("## Oppmøte")[2].partition("\n\n## ")[0]
        rows = [line.split("|")[1].strip() for line in table.splitlines()[4:]]
        assert rows == ["PPT", "Barnevernet i Molde, Aukra og Vestnes"], out


def test_a_history_without_the_invites_parties_keeps_the_arenas(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A history written before the parties and end were recorded: as before."""
    import json
    import os

    _invite(
        runner, tmp_path / "invite", "--date", "2027-03-10", "--start", "09:00",
        "-p", "ppt", "-p", "barnevern",
    )  # fmt: skip
    history = Path(os.environ["SAMARBEID_HISTORY"])
    content = json.loads(history.read_text(encoding="utf-8"))
    for entry in content["issued"].values():
        entry.pop("participants", None)
        entry.pop("end", None)
    history.write_text(json.dumps(content), encoding="utf-8")
    _, before, _ = invoke(runner, "agenda", *ANSVAR, "--date", "2027-03-10", "--case", "AG-9")

    code, out, err = invoke(
        runner, "agenda", *ANSVAR, "--date", "2027-03-10", "--case", "AG-2027-014"
    )

    assert code == 0, err
    assert "- **Tid:** onsdag 10. mars 2027 kl. 09.00\n" in out
    assert _parties(out) == _parties(before)

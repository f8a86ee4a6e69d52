"""Documents of per-unit arenas, alternative conveners, case participants and open lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app
from tests.decided import DECIDED_DATA

UNITS = """\
units:
  nordby-skole:
    name: Nordby skole
    kind: skole
    leader: {role: rektor-nordby}
  sorby-skole:
    name: Sørby skole
    kind: skole
    leader: {role: rektor-sorby}
"""
MUNICIPALITY_WITH_UNITS = (
    MUNICIPALITY.replace(
        "  helsesykepleier: {name: Helsesykepleier}\n",
        "  helsesykepleier: {name: Helsesykepleier}\n"
        "  rektor-nordby: {name: Rektor ved Nordby skole}\n"
        "  rektor-sorby: {name: Rektor ved Sørby skole}\n"
        "  foreldre: {name: Foreldre}\n",
    )
    + UNITS
)
# Both schools meet on the rule's own Fridays, so a dated topic would reach both.
SKOLETEAM = ARENA.replace("name: Testteam", "name: Skoleteam").replace(
    "convener:\n", "per_unit:\n  kinds: [skole]\n  stagger: false\nconvener:\n"
)
MEETING = "2027-01-08"
TOPIC = """\
title: Felles plan for skolestart
submitted_by: {role: rektor}
kind: discussion
"""


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _skoleteam(data_folder: DataFolder, extra: dict[str, str] | None = None) -> str:
    return str(
        data_folder(
            arenas={"skoleteam": SKOLETEAM}, municipality=MUNICIPALITY_WITH_UNITS, extra=extra
        )
    )


def test_agenda_of_one_units_series(runner: CliRunner, data_folder: DataFolder) -> None:
    data = _skoleteam(data_folder)

    code, out, err = invoke(
        runner, "agenda", "-m", "testvik", "-a", "skoleteam--sorby-skole", "--date", MEETING,
        "--data", data,
    )  # fmt: skip

    assert code == 0, err
    assert out.startswith("# Saksliste: Skoleteam – Sørby skole\n")
    assert "- **Innkalt av:** Rektor ved Sørby skole\n" in out
    assert "## Forrige møte\n\nfredag 11. desember 2026.\n" in out


def test_the_arena_file_of_a_per_unit_arena_asks_for_a_unit(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = _skoleteam(data_folder)

    for command in ("agenda", "minutes"):
        code, out, err = invoke(
            runner, command, "-m", "testvik", "-a", "skoleteam", "--date", MEETING, "--data", data
        )

        assert code == 2
        assert out == ""
        assert err == (
            "samarbeid: --arena: 'skoleteam' is held by each unit, with a series of its own, "
            "and 2 of them meet 2027-01-08; name one: skoleteam--nordby-skole, "
            "skoleteam--sorby-skole\n"
        )


STAGGERED = SKOLETEAM.replace("stagger: false", "stagger: true")


def test_the_arena_file_names_the_one_unit_that_meets_that_day(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Issue 21: every command takes the arena file's slug as well as a unit's series slug."""
    data = str(data_folder(arenas={"skoleteam": STAGGERED}, municipality=MUNICIPALITY_WITH_UNITS))
    code, out, err = invoke(
        runner, "schedule", "-m", "testvik", "-a", "skoleteam--sorby-skole", "--period",
        "2027-H1", "-f", "json", "--data", data,
    )  # fmt: skip
    assert code == 0, err
    sorby = [row["start"][:10] for row in json.loads(out)]
    assert {row["arena"] for row in json.loads(out)} == {"skoleteam--sorby-skole"}

    for command in ("agenda", "minutes"):
        code, out, err = invoke(
            runner, command, "-m", "testvik", "-a", "skoleteam", "--date", sorby[0],
            "--data", data,
        )  # fmt: skip

        assert code == 0, err
        assert out.startswith(
            f"# {'Saksliste' if command == 'agenda' else 'Referat'}: Skoleteam – Sørby skole\n"
        )


def test_schedule_takes_the_arena_file_and_a_units_series(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = _skoleteam(data_folder)

    def arenas(slug: str) -> list[str]:
        code, out, err = invoke(
            runner, "schedule", "-m", "testvik", "-a", slug, "--period", "2027-H1", "-f", "json",
            "--data", data,
        )  # fmt: skip
        assert code == 0, err
        return sorted({row["arena"] for row in json.loads(out)})

    assert arenas("skoleteam") == ["skoleteam--nordby-skole", "skoleteam--sorby-skole"]
    assert arenas("skoleteam--nordby-skole") == ["skoleteam--nordby-skole"]


def test_a_misspelt_unit_series_suggests_the_closest(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    code, out, err = invoke(
        runner, "agenda", "-m", "testvik", "-a", "skoleteam-nordby", "--date", MEETING,
        "--data", _skoleteam(data_folder),
    )  # fmt: skip

    assert code == 2
    assert out == ""
    assert err == (
        "samarbeid: --arena: no arena in testvik 'skoleteam-nordby'; did you mean "
        "'skoleteam--nordby-skole'? known: skoleteam, skoleteam--nordby-skole, "
        "skoleteam--sorby-skole\n"
    )


def test_one_routine_for_every_unit(runner: CliRunner, data_folder: DataFolder) -> None:
    data = _skoleteam(data_folder)

    code, out, err = invoke(runner, "routine", "-m", "testvik", "-a", "skoleteam", "--data", data)
    unit_code, unit_out, unit_err = invoke(
        runner, "routine", "-m", "testvik", "-a", "skoleteam--nordby-skole", "--data", data
    )

    assert code == 0, err
    assert out.startswith("# Skoleteam\n")
    assert (
        "## Enheter\n\nHver enhet har sin egen møterekke i arenaen:\n\n"
        "| Enhet | Innkalt av | Sted | Møtes |\n| --- | --- | --- | --- |\n"
        "| Nordby skole | Rektor ved Nordby skole | Teams | fredag kl. 08.30, "
        "hver 2. uke fra 21. august 2026 |\n"
        "| Sørby skole | Rektor ved Sørby skole | Teams | fredag kl. 08.30, "
        "hver 2. uke fra 21. august 2026 |\n"
    ) in out
    # A unit's series slug names its arena file's one routine.
    assert unit_code == 0, unit_err
    assert unit_out == out


def test_overview_lists_a_per_unit_arena_once_with_its_units(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    code, out, err = invoke(
        runner, "overview", "-m", "testvik", "-f", "md", "--data", _skoleteam(data_folder)
    )

    assert code == 0, err
    rows = [line for line in out.splitlines() if line.startswith("| Skoleteam")]
    assert rows == [
        "| Skoleteam. Ved hver enhet: Nordby skole og Sørby skole | Drøfte felles tema. | "
        "Rektor, PPT | hver 2. uke på fredager | Rektor ved Nordby skole, Rektor ved Sørby skole |"
    ]


def test_topics_of_a_per_unit_arena_reach_every_unit_unless_they_name_one(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    folder = "arenas/testvik/skoleteam/topics"
    data = _skoleteam(
        data_folder,
        extra={
            f"{folder}/{MEETING}-skolestart.yaml": TOPIC,
            f"{folder}/{MEETING}-uteomrade.yaml": TOPIC.replace(
                "Felles plan for skolestart", "Uteområdet ved Nordby"
            )
            + "unit: nordby-skole\n",
        },
    )

    def topics(unit: str) -> list[str]:
        code, out, err = invoke(
            runner, "agenda", "-m", "testvik", "-a", f"skoleteam--{unit}", "--date", MEETING,
            "--data", data,
        )  # fmt: skip
        assert code == 0, err
        return [line for line in out.splitlines() if line.startswith(("### Sak 3", "### Sak 4"))]

    assert topics("nordby-skole") == [
        "### Sak 3: Felles plan for skolestart",
        "### Sak 4: Uteområdet ved Nordby",
    ]
    assert topics("sorby-skole") == [
        "### Sak 3: Felles plan for skolestart",
        "### Sak 4: Orienteringer",
    ]


@pytest.mark.parametrize(
    ("arenas", "unit", "message"),
    [
        (
            {"skoleteam": SKOLETEAM},
            "vestby-skole",
            "'vestby-skole' does not hold Skoleteam; the units that do: nordby-skole, sorby-skole",
        ),
        ({"skoleteam": ARENA}, "nordby-skole", "Testteam is not held per unit; leave 'unit' out"),
    ],
    ids=["unknown-unit", "not-per-unit"],
)
def test_a_topic_for_a_unit_that_does_not_hold_the_arena_is_refused(
    runner: CliRunner, data_folder: DataFolder, arenas: dict[str, str], unit: str, message: str
) -> None:
    name = f"arenas/testvik/skoleteam/topics/{MEETING}-sak.yaml"
    data = data_folder(
        arenas=arenas,
        municipality=MUNICIPALITY_WITH_UNITS,
        extra={name: TOPIC + f"unit: {unit}\n"},
    )

    code, out, err = invoke(runner, "validate", str(data))

    assert code == 1
    assert f"data/{name}:4:7: unit: {message}" in out + err


def test_due_names_the_unit_of_a_per_unit_series(runner: CliRunner) -> None:
    args = ["agenda", "--due", "-m", "aukra", "--as-of", "2027-01-12", "--within", "1"]

    code, out, err = invoke(runner, *args, "--data", str(DECIDED_DATA))
    json_code, json_out, _ = invoke(runner, *args, "--json", "--data", str(DECIDED_DATA))

    assert code == 0, err
    assert out.splitlines() == [
        "agendas due 2027-01-12 to 2027-01-12: 1",
        "send by 2027-01-12  meeting 2027-01-19 12:00  "
        "aukra/ressursteam-sosialpedagogikk--julsundet-skole  "
        "Ressursteam for sosialpedagogikk – Julsundet skole",
    ]
    assert json_code == 0
    (row,) = json.loads(json_out)
    assert (row["arena"], row["routine"], row["unit"], row["location"]) == (
        "ressursteam-sosialpedagogikk--julsundet-skole",
        "ressursteam-sosialpedagogikk",
        "julsundet-skole",
        "Julsundet skole",
    )


ALTERNATIVES = (
    ARENA.replace(
        "convener:\n  role: koordinator\n",
        "convener:\n  - role: koordinator\n  - service: barnevern\nconvener_rule: any_of\n"
        "convener_condition: barnevern når det er et barneverntiltak\n",
    )
    .replace(
        "  - service: ppt\n",
        "  - service: ppt\n  - role: foreldre\n    case_only: true\n",
    )
    .replace("convener:\n", "participants_open: andre tjenester ved behov\nconvener:\n", 1)
)


def test_alternative_conveners_case_participants_and_the_open_list(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = str(data_folder(arenas={"testteam": ALTERNATIVES}, municipality=MUNICIPALITY_WITH_UNITS))
    base = ["-m", "testvik", "--data", data]

    code, agenda, err = invoke(runner, "agenda", "-a", "testteam", "--date", MEETING, *base)
    _, minutes, _ = invoke(runner, "minutes", "-a", "testteam", "--date", MEETING, *base)
    _, routine, _ = invoke(runner, "routine", "-a", "testteam", *base)
    _, overview, _ = invoke(runner, "overview", "-f", "md", *base)

    assert code == 0, err
    conveners = "Koordinator eller Barnevern (barnevern når det er et barneverntiltak)"
    assert f"- **Innkalt av:** {conveners}\n" in agenda
    assert f"- **Innkalt av:** {conveners}\n" in routine
    participants = (
        "## Deltakere\n\n- Rektor\n- PPT\n- Ved behov også: andre tjenester ved behov\n\n"
        "{h} Deltar i enkeltsaker\n\n- Foreldre\n"
    )
    assert participants.format(h="##") in agenda
    assert participants.format(h="###") in routine
    assert "- PPT\n" in agenda.split("### Sak 2")[1].split("### Sak 3")[0]
    assert "Foreldre" not in agenda.split("### Sak 2")[1].split("### Sak 3")[0]
    assert "| Foreldre (deltar i enkeltsaker) |  |  |  |  |\n" in minutes
    assert "Foreldre" not in minutes.split("## Distribusjon")[1]
    assert (
        "| Testteam | Drøfte felles tema. | Rektor, PPT, Foreldre (i enkeltsaker), andre "
        "tjenester ved behov | hver 2. uke på fredager | Koordinator eller Barnevern |\n"
    ) in overview


def test_overview_html_escapes_unit_names_and_parties(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The units and parties are put together outside the page's own escaping: still escaped."""
    municipality = MUNICIPALITY_WITH_UNITS.replace(
        "name: Nordby skole", "name: Nordby <b>skole</b>"
    )
    arena = SKOLETEAM.replace("convener:\n", "participants_open: <i>andre</i> & fler\nconvener:\n")
    data = data_folder(arenas={"skoleteam": arena}, municipality=municipality)

    code, out, err = invoke(runner, "overview", "-m", "testvik", "--data", str(data))

    assert code == 0, err
    assert "<b>" not in out and "<i>" not in out
    assert "Ved hver enhet: Nordby &lt;b&gt;skole&lt;/b&gt; og Sørby skole</small>" in out
    assert "<td>Rektor, PPT, &lt;i&gt;andre&lt;/i&gt; &amp; fler</td>" in out


def test_invite_takes_a_units_series_and_asks_which_unit_for_the_arena_file(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    data = _skoleteam(data_folder)
    meeting = ["-m", "testvik", "--date", "2027-03-10", "--start", "09:00", "--data", data]

    code, _, err = invoke(
        runner, "invite", "-a", "skoleteam--nordby-skole", *meeting, "--out",
        str(tmp_path / "one"),
    )  # fmt: skip
    file_code, file_out, file_err = invoke(
        runner, "invite", "-a", "skoleteam", *meeting, "--out", str(tmp_path / "two")
    )

    assert code == 0, err
    assert file_code == 2
    assert file_out == ""
    assert file_err == (
        "samarbeid: --arena: 'skoleteam' is held by each unit, with a series of its own; a "
        "meeting outside the series is one unit's: name one: skoleteam--nordby-skole, "
        "skoleteam--sorby-skole\n"
    )
    assert not (tmp_path / "two").exists()

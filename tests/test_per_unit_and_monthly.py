"""Per-unit arenas (one routine, a series per school and kindergarten) and monthly rules that
stay in their month, through `samarbeid schedule` and `validate`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ARENA, MUNICIPALITY, DataFolder, app, with_frequency
from tests.decided import DECIDED_DATA

UNITS = """\
units:
  nordskogen-skole:
    name: Nordskogen skole
    kind: skole
    address: Skolevegen 1
    leader: {role: rektor-nordskogen}
  sorbyen-skole:
    name: Sørbyen skole
    kind: skole
    room: Personalrommet
    leader: {role: rektor-sorbyen}
  vestre-skole:
    name: Vestre skole
    kind: skole
    leader: {role: rektor-vestre}
  solsiden-barnehage:
    name: Solsiden barnehage
    kind: barnehage
    leader: {role: styrer-solsiden}
  lia-barnehage:
    name: Lia barnehage
    kind: barnehage
    leader: {role: styrer-lia}
    roles:
      rektor: {role: styrer-lia}
"""

UNIT_ROLES = """\
  rektor-nordskogen: {name: Rektor Nordskogen skole}
  rektor-sorbyen: {name: Rektor Sørbyen skole}
  rektor-vestre: {name: Rektor Vestre skole}
  styrer-solsiden: {name: Styrer Solsiden barnehage}
  styrer-lia: {name: Styrer Lia barnehage}
"""

TOWN_WITH_UNITS = (
    MUNICIPALITY.replace(
        "  helsesykepleier: {name: Helsesykepleier}\n",
        "  helsesykepleier: {name: Helsesykepleier}\n" + UNIT_ROLES,
    )
    + UNITS
)

RESSURSTEAM = (
    with_frequency("  kind: monthly\n  weekday: tuesday\n  week: 2\n")
    .replace("form: digital", "form: physical")
    .replace(
        "frequency:", "per_unit:\n  kinds: [skole, barnehage]\nschool_calendar: true\nfrequency:"
    )
)


SCHEDULE = ["schedule", "-m", "testvik", "--period", "2027-H1", "-f", "json", "--data"]


def _json(runner: CliRunner, data: Path, period: str, *extra: str) -> list[dict[str, object]]:
    municipality = ["-m", "testvik"] if "-m" not in extra else []
    result = runner.invoke(
        app,
        [
            "schedule",
            *municipality,
            "--period",
            period,
            "-f",
            "json",
            "--data",
            str(data),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_a_per_unit_arena_gives_each_school_and_kindergarten_its_own_series(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Three schools and two kindergartens: five series, five UIDs, five places, no shared
    slot, each named after its unit."""
    data = data_folder(arenas={"ressursteam": RESSURSTEAM}, municipality=TOWN_WITH_UNITS)
    rows = _json(runner, data, "2027-H1")

    by_arena: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_arena.setdefault(str(row["arena"]), []).append(row)
    assert list(by_arena) == [
        "ressursteam--nordskogen-skole",
        "ressursteam--sorbyen-skole",
        "ressursteam--vestre-skole",
        "ressursteam--solsiden-barnehage",
        "ressursteam--lia-barnehage",
    ]
    uids = {row["uid"] for row in rows}
    assert uids == {f"testvik-{slug}-2027-h1@samarbeid" for slug in by_arena}
    assert [group[0]["location"] for group in by_arena.values()] == [
        "Nordskogen skole, Skolevegen 1",
        "Personalrommet, Sørbyen skole",
        "Vestre skole",
        "Solsiden barnehage",
        "Lia barnehage",
    ]
    assert by_arena["ressursteam--lia-barnehage"][0]["name"] == "Testteam – Lia barnehage"
    starts = [str(row["start"]) for row in rows]
    assert len(starts) == len(set(starts)), "two units share a slot"
    # Staggered one weekday per unit: Tuesday, Wednesday, Thursday, Friday, Monday.
    weekdays = [
        dt.datetime.fromisoformat(str(group[0]["start"])).weekday() for group in by_arena.values()
    ]
    assert weekdays == [1, 2, 3, 4, 0]


def test_each_unit_writes_its_own_calendar_file(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """`--out` writes `<arena>--<unit>.ics`, one per unit."""
    data = data_folder(arenas={"ressursteam": RESSURSTEAM}, municipality=TOWN_WITH_UNITS)
    out = tmp_path / "ics"
    result = runner.invoke(
        app,
        [*SCHEDULE, str(data), "--out", str(out)],
    )

    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in out.glob("*.ics"))
    assert names == [
        "ressursteam--lia-barnehage.ics",
        "ressursteam--nordskogen-skole.ics",
        "ressursteam--solsiden-barnehage.ics",
        "ressursteam--sorbyen-skole.ics",
        "ressursteam--vestre-skole.ics",
    ]
    text = (out / "ressursteam--sorbyen-skole.ics").read_text()
    assert "LOCATION:Personalrommet\\, Sørbyen skole" in text


def test_stagger_false_keeps_every_unit_on_the_rules_dates(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """`stagger: false`: the data says every unit meets on the same dates."""
    arena = RESSURSTEAM.replace(
        "kinds: [skole, barnehage]", "units: [vestre-skole, lia-barnehage]\n  stagger: false"
    )
    data = data_folder(arenas={"ressursteam": arena}, municipality=TOWN_WITH_UNITS)
    rows = _json(runner, data, "2027-H1")

    vestre = [row["start"] for row in rows if row["arena"] == "ressursteam--vestre-skole"]
    lia = [row["start"] for row in rows if row["arena"] == "ressursteam--lia-barnehage"]
    assert vestre == lia and len(vestre) == 6


def test_unit_leader_convenes_and_the_units_own_roles_stand_in(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """The invitation of Lia barnehage's series comes from its styrer, and the arena's
    `rektor` participant is Lia's styrer there."""
    town = TOWN_WITH_UNITS.replace(
        "  rektor: {name: Rektor, email: rektor@testvik.example}\n",
        "  rektor: {name: Rektor, email: rektor@testvik.example}\n"
        "  styrer-lia: {name: Styrer Lia, email: styrer.lia@testvik.example}\n"
        "  ppt: {name: PPT, email: ppt@testvik.example}\n",
    )
    arena = RESSURSTEAM.replace("kinds: [skole, barnehage]", "units: [lia-barnehage]")
    data = data_folder(arenas={"ressursteam": arena}, municipality=town)
    out = tmp_path / "mail"
    result = runner.invoke(
        app,
        [*SCHEDULE, str(data), "--invitations", str(out)],
    )

    assert result.exit_code == 0, result.output
    message = (out / "ressursteam--lia-barnehage.eml").read_text()
    assert "From: Styrer Lia <styrer.lia@testvik.example>" in message
    assert "rektor@testvik.example" not in message


def test_unknown_unit_is_an_error_at_its_line(runner: CliRunner, data_folder: DataFolder) -> None:
    """A per-unit arena that names a unit the municipality lacks points at the line."""
    arena = RESSURSTEAM.replace("kinds: [skole, barnehage]", "units: [vestre-skol]")
    data = data_folder(arenas={"ressursteam": arena}, municipality=TOWN_WITH_UNITS)
    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    assert result.stdout == ""
    arena_file = data / "arenas" / "testvik" / "ressursteam.yaml"
    assert result.stderr.splitlines() == [
        f"{arena_file}:14:11: per_unit.units[0]: unknown unit 'vestre-skol'; did you mean "
        f"'vestre-skole'? (units are defined in {data / 'municipalities' / 'testvik.yaml'})",
        "samarbeid: 1 problem(s) in 1 file(s).",
    ]


def test_monthly_school_bound_arena_still_meets_in_the_autumn_break_month(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The 1st Monday of October 2027 falls in høstferie (4-8 October): the meeting moves to the
    nearest open Monday of October instead of losing the month."""
    arena = with_frequency("  kind: monthly\n  weekday: monday\n  week: 1\n").replace(
        "frequency:", "school_calendar: true\nfrequency:"
    )
    data = data_folder(arenas={"testteam": arena})
    rows = _json(runner, data, "2027-H2")

    october = [row for row in rows if str(row["start"]).startswith("2027-10")]
    assert [row["start"] for row in october] == ["2027-10-11T08:30:00+02:00"]
    assert october[0]["moved_from"] == {"date": "2027-10-04", "reason": "høstferie"}
    months = sorted({str(row["start"])[:7] for row in rows})
    assert months == ["2027-08", "2027-09", "2027-10", "2027-11", "2027-12"]
    assert rows[0]["skipped"] == [{"date": "2027-07-05", "reason": "sommerferie"}]


def test_monthly_second_tuesday_in_the_autumn_break_stays_in_october(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The issue's case: the second Tuesday of October (13 October 2026) falls in a høstferie
    of 12-16 October; the meeting goes to the nearest open Tuesday of October, the later one
    on a tie (6 and 20 October are both a week away)."""
    town = MUNICIPALITY.replace(
        "høstferie: {start: 2026-09-28, end: 2026-10-02}",
        "høstferie: {start: 2026-10-12, end: 2026-10-16}",
    )
    arena = with_frequency("  kind: monthly\n  weekday: tuesday\n  week: 2\n").replace(
        "frequency:", "school_calendar: true\nfrequency:"
    )
    data = data_folder(arenas={"testteam": arena}, municipality=town)
    rows = _json(runner, data, "2026-H2")

    october = [row for row in rows if str(row["start"]).startswith("2026-10")]
    assert [row["start"][:10] for row in october] == ["2026-10-20"]  # type: ignore[index]
    assert october[0]["moved_from"] == {"date": "2026-10-13", "reason": "høstferie"}


def test_stay_in_month_false_keeps_the_old_rule(runner: CliRunner, data_folder: DataFolder) -> None:
    """`stay_in_month: false`: the closed date is skipped as before."""
    arena = with_frequency(
        "  kind: monthly\n  weekday: monday\n  week: 1\n  stay_in_month: false\n"
    ).replace("frequency:", "school_calendar: true\nfrequency:")
    data = data_folder(arenas={"testteam": arena})
    rows = _json(runner, data, "2027-H2")

    assert not any(str(row["start"]).startswith("2027-10") for row in rows)
    assert {"date": "2027-10-04", "reason": "høstferie"} in rows[0]["skipped"]  # type: ignore[operator]


def test_plain_arena_is_unchanged(runner: CliRunner, data_folder: DataFolder) -> None:
    """Without per_unit, an arena is one series under its own slug."""
    data = data_folder(arenas={"testteam": ARENA}, municipality=TOWN_WITH_UNITS)
    rows = _json(runner, data, "2027-H1")

    assert {row["arena"] for row in rows} == {"testteam"}


def test_unknown_unit_kind_is_an_error(runner: CliRunner, data_folder: DataFolder) -> None:
    """`kinds` must name a kind some unit has."""
    arena = RESSURSTEAM.replace("kinds: [skole, barnehage]", "kinds: [skule]")
    data = data_folder(arenas={"ressursteam": arena}, municipality=TOWN_WITH_UNITS)
    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    assert (
        "per_unit.kinds[0]: no unit of kind 'skule' in "
        f"{data / 'municipalities' / 'testvik.yaml'}; did you mean 'skole'? (known kinds: "
        "barnehage, skole)"
    ) in result.stderr


def test_bundled_aukra_school_teams_are_one_routine_per_school(runner: CliRunner) -> None:
    """Aukra's skoleteam and ressursteam are per-unit arenas: a series per school, Gossen's
    ressursteam a week after Julsundet's, as the seed-based data had it in two files."""
    rows = _json(runner, DECIDED_DATA, "2026-H2", "-m", "aukra")
    first: dict[object, dict[str, object]] = {}
    for row in rows:
        first.setdefault(row["arena"], row)
    julsundet = first["ressursteam-sosialpedagogikk--julsundet-skole"]
    gossen = first["ressursteam-sosialpedagogikk--gossen-barne-og-ungdomsskole"]
    assert (julsundet["start"], julsundet["location"]) == (
        "2026-08-25T12:00:00+02:00",
        "Julsundet skole",
    )
    assert (gossen["start"], gossen["location"]) == (
        "2026-09-01T12:00:00+02:00",
        "Gossen barne- og ungdomsskole",
    )
    assert "skoleteam--julsundet-skole" in first
    assert "skoleteam--gossen-barne-og-ungdomsskole" in first

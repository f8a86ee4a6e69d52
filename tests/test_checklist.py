"""`samarbeid checklist`: a log-control checklist per unit and round (seed 004)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, DataFolder, app

INDEROY = ["checklist", "-m", "inderoy", "--data", str(BUNDLED_DATA)]
UNITS = ["Barnehage", "Grunnskole", "Helsestasjonen", "Innvandrertjenesten"]
HEADER = "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"


def test_round_2027_1_renders_a_checklist_for_every_unit(runner: CliRunner) -> None:
    result = runner.invoke(app, [*INDEROY, "--round", "2027-1"])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    headings = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headings == [
        f"# Kontroll av aktive logger – Runde 1, februar 2027 – {unit}" for unit in UNITS
    ]
    assert result.stdout.count("Inderøy kommune, februar 2027. Ansvarlig: ") == 4
    for item in (
        "- [ ] Oppfølging av tiltakene i loggen",
        "- [ ] Evt. sykemelding/ fravær hos stafettholder",
        "- [ ] Oppfølging av stafettholder",
        "- [ ] Samtykkets varighet og fornying",
        "- [ ] Språket i loggen",
        "- [ ] Oppdatere navnelisten over ansatte i Stafettloggen",
        "- [ ] Skifte av stafettholder",
        "- [ ] Dersom samtykke blir trukket",
        "- [ ] Dersom logg avsluttes",
    ):
        assert result.stdout.count(item + "\n") == 4, item


@pytest.mark.parametrize(
    ("options", "month"),
    [
        pytest.param(["--round", "2027-2"], "mai 2027", id="round-2"),
        pytest.param(["--date", "2027-03-10"], "mai 2027", id="date-before-a-round"),
        pytest.param(["--date", "01.11.2027"], "november 2027", id="date-in-a-round-month"),
        pytest.param(["--date", "2027-12-01"], "februar 2028", id="date-after-the-last-round"),
    ],
)
def test_the_round_comes_from_the_data(runner: CliRunner, options: list[str], month: str) -> None:
    result = runner.invoke(app, [*INDEROY, "--unit", "grunnskole", *options])

    assert result.exit_code == 0, result.output
    assert f"Inderøy kommune, {month}." in result.stdout
    assert result.stdout.count("\n# ") == 0


def test_with_a_register_each_active_log_has_its_consent_status(
    runner: CliRunner, tmp_path: Path
) -> None:
    register = tmp_path / "samtykker.csv"
    register.write_text(
        HEADER
        + "L-0001;Barnehage;Styrer;logg;2025-01-10;;;;\n"
        + "L-0002;barnehage;Pedagogisk leder;logg;2025-02-10;;;;\n"
        + "L-0003;Barnehage;Styrer;samarbeid;2026-02-10;;;;\n"
        + "L-0004;Barnehage;Styrer;logg;2026-02-10;;;;\n"
        + "L-0005;Barnehage;Styrer;logg;2024-02-10;;;;closed\n"
        + "L-0006;Grunnskole;Kontaktlærer;logg;2024-02-10;;;;\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, [*INDEROY, "--round", "2027-1", "--unit", "Barnehage", "--register", str(register)]
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "## Aktive logger (samtykkestatus per 01.02.2027)\n"
        "\n"
        "| Logg | Stafettholder | Samtykke | Kontrollert |\n"
        "| --- | --- | --- | --- |\n"
        "| L-0001 | Styrer | utløpt | [ ] |\n"
        "| L-0002 | Pedagogisk leder | utløper snart | [ ] |\n"
        "| L-0003 | Styrer | mangler samtykke til logg | [ ] |\n"
        "| L-0004 | Styrer | i orden | [ ] |\n"
        "\n"
        "## Kontrollert av\n"
        "\n"
        "Dato: ______________________________\n"
        "\n"
        "Signatur: ______________________________\n"
    )


def test_html_and_docx_files_per_unit(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "kontroll"
    html = runner.invoke(app, [*INDEROY, "--round", "2027-1", "-f", "html", "--out", str(out)])
    docx = runner.invoke(app, [*INDEROY, "--round", "2027-1", "-f", "docx", "--out", str(out)])

    assert html.exit_code == 0, html.output
    assert docx.exit_code == 0, docx.output
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"logkontroll-2027-1-{stem}.{ext}"
        for stem in ("barnehage", "grunnskole", "helsestasjonen", "innvandrertjenesten")
        for ext in ("html", "docx")
    )
    page = (out / "logkontroll-2027-1-barnehage.html").read_text(encoding="utf-8")
    assert "<h1>Kontroll av aktive logger – Runde 1, februar 2027 – Barnehage</h1>" in page
    assert '<li><label><input type="checkbox"> Språket i loggen</label></li>' in page
    with zipfile.ZipFile(out / "logkontroll-2027-1-barnehage.docx") as archive:
        document = archive.read("word/document.xml").decode()
    assert "Kontroll av aktive logger – Runde 1, februar 2027 – Barnehage" in document
    assert "\u2610 Språket i loggen" in document


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(
            ["--round", "2027-4"],
            "--round: 2027 has rounds 1 to 3 (months 2, 5, 11), not 4",
            id="no-fourth-round",
        ),
        pytest.param(
            ["--round", "2027/1"], "--round must be YYYY-N such as 2027-1 (got '2027/1')", id="form"
        ),
        pytest.param(
            ["--round", "2027-1", "--unit", "Skole"],
            "--unit: no unit 'Skole'; the units are: Barnehage, Grunnskole, Helsestasjonen, "
            "Innvandrertjenesten",
            id="unknown-unit",
        ),
        pytest.param(
            ["--round", "2027-1", "--date", "2027-02-01"],
            "give --round or --date, not both",
            id="both",
        ),
        pytest.param(
            ["--round", "2027-1", "-f", "docx"],
            "--format docx writes files: add --out FOLDER",
            id="docx-to-stdout",
        ),
    ],
)
def test_usage_errors(runner: CliRunner, options: list[str], message: str) -> None:
    result = runner.invoke(app, [*INDEROY, *options])

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"samarbeid: {message}\n"


@pytest.mark.parametrize("command", ["check-consent", "checklist", "wheel"])
def test_help_lists_exit_codes_and_ends_with_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    description = result.stdout.split("╭─")[0]
    assert "Exit codes: 0 " in description
    examples = description.split("Examples:")[1]
    assert 2 <= examples.count(f"samarbeid {command} ") <= 3


# Issue 21: a sheet a unit's leader fills in and signs. Testvik has two units of its own (with
# their leaders) and one unit the data gives only as a name, and five responsible roles.
CONTROL = """\
roles:
  koordinator: {name: Koordinator}
  rektor: {name: Rektor}
  helsesykepleier: {name: Helsesykepleier}
  styrer-solsiden: {name: Styrer Solsiden barnehage}
  rektor-nordbyen: {name: Rektor Nordbyen skole}
units:
  solsiden-barnehage:
    name: Solsiden barnehage
    kind: barnehage
    leader: {role: styrer-solsiden}
  nordbyen-skole:
    name: Nordbyen skole
    kind: skole
    leader: {role: rektor-nordbyen}
log_control:
  months: [2, 5, 11]
  responsible:
    - {role: koordinator}
    - {role: rektor}
    - {role: helsesykepleier}
    - {role: styrer-solsiden}
    - {role: rektor-nordbyen}
  checks: [Språket i loggen]
  units: [solsiden-barnehage, Nordbyen skole, Helsestasjonen]
"""


def _testvik(malform: str = "nb") -> str:
    from tests.conftest import MUNICIPALITY

    base = MUNICIPALITY.replace("malform: nb", f"malform: {malform}")
    # The fixture's own roles give way to CONTROL's, which has them all.
    head, tail = base.split("roles:\n", 1)
    tail = tail.split("roster:", 1)[1]
    return head + CONTROL + "roster:" + tail


@pytest.fixture
def testvik(data_folder: DataFolder) -> Callable[[str], Path]:
    def build(malform: str) -> Path:
        return data_folder(municipality=_testvik(malform))

    return build


@pytest.mark.parametrize(
    ("malform", "control"),
    [("nb", "Kontroll av aktive logger"), ("nn", "Kontroll av aktive loggar")],
)
def test_the_title_names_the_round_and_month_and_the_unit_by_its_name(
    runner: CliRunner, testvik: Callable[[str], Path], malform: str, control: str
) -> None:
    data = testvik(malform)
    result = runner.invoke(
        app, ["checklist", "-m", "testvik", "--round", "2027-1", "--data", str(data)]
    )

    assert result.exit_code == 0, result.output
    headings = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headings == [
        f"# {control} – Runde 1, februar 2027 – {unit}"
        for unit in ("Solsiden barnehage", "Nordbyen skole", "Helsestasjonen")
    ]
    assert "2027-1" not in result.stdout
    assert "solsiden-barnehage" not in result.stdout


@pytest.mark.parametrize(
    ("malform", "word", "not_stated"),
    [("nb", "Ansvarlig", "ikke fastsatt"), ("nn", "Ansvarleg", "ikkje fastsett")],
)
def test_each_sheet_names_its_own_units_leader_and_has_date_and_signature(
    runner: CliRunner, testvik: Callable[[str], Path], malform: str, word: str, not_stated: str
) -> None:
    data = testvik(malform)
    result = runner.invoke(
        app, ["checklist", "-m", "testvik", "--round", "2027-2", "--data", str(data)]
    )

    assert result.exit_code == 0, result.output
    sheets = result.stdout.split("\n# ")
    assert len(sheets) == 3
    leaders = [
        next(line for line in sheet.splitlines() if f"{word}:" in line).split(f"{word}: ")[1]
        for sheet in sheets
    ]
    # The data names the leaders of its own units; of "Helsestasjonen" it says nothing.
    assert leaders == ["Styrer Solsiden barnehage.", "Rektor Nordbyen skole.", f"{not_stated}."]
    for sheet in sheets:
        assert "Koordinator" not in sheet and "Helsesykepleier" not in sheet
        lines = sheet.splitlines()
        assert sum(line.startswith("Dato: ___") for line in lines) == 1, sheet
        assert sum(line.startswith("Signatur: ___") for line in lines) == 1, sheet


def test_the_register_matches_a_unit_by_its_slug_or_its_name(
    runner: CliRunner, testvik: Callable[[str], Path], tmp_path: Path
) -> None:
    register = tmp_path / "samtykker.csv"
    register.write_text(
        HEADER
        + "L-0001;solsiden-barnehage;Pedagogisk leder;logg;2025-01-10;;;;\n"
        + "L-0002;Solsiden barnehage;Pedagogisk leder;logg;2026-02-10;;;;\n"
        + "L-0003;nordbyen-skole;Kontaktlærer;logg;2026-02-10;;;;\n",
        encoding="utf-8",
    )
    data = testvik("nb")
    result = runner.invoke(
        app,
        [
            "checklist",
            "-m",
            "testvik",
            "--round",
            "2027-1",
            "--register",
            str(register),
            "--data",
            str(data),
        ],
    )

    assert result.exit_code == 0, result.output
    solsiden, nordbyen, helsestasjonen = result.stdout.split("\n# ")
    assert "| L-0001 | Pedagogisk leder | utløpt | [ ] |" in solsiden
    assert "| L-0002 | Pedagogisk leder | i orden | [ ] |" in solsiden
    assert "| L-0003 | Kontaktlærer | i orden | [ ] |" in nordbyen
    assert "Ingen aktive logger i registeret for Helsestasjonen." in helsestasjonen


def test_check_consent_groups_under_the_units_name_not_its_slug(
    runner: CliRunner, testvik: Callable[[str], Path], tmp_path: Path
) -> None:
    register = tmp_path / "samtykker.csv"
    register.write_text(
        HEADER + "L-0001;solsiden-barnehage;Pedagogisk leder;logg;2024-01-10;;;;\n",
        encoding="utf-8",
    )
    data = testvik("nb")
    result = runner.invoke(
        app,
        [
            "check-consent",
            str(register),
            "-m",
            "testvik",
            "--as-of",
            "2027-02-01",
            "--data",
            str(data),
        ],
    )

    assert result.exit_code == 1, result.output
    assert "\nSolsiden barnehage – Pedagogisk leder\n" in result.stdout
    assert "solsiden-barnehage" not in result.stdout


def test_the_docx_has_word_headings_and_the_register_as_a_table(
    runner: CliRunner, testvik: Callable[[str], Path], tmp_path: Path
) -> None:
    import docx

    register = tmp_path / "samtykker.csv"
    register.write_text(
        HEADER
        + "L-0001;solsiden-barnehage;Pedagogisk leder;logg;2025-01-10;;;;\n"
        + "L-0002;Solsiden barnehage;Styrer;logg;2026-02-10;;;;\n",
        encoding="utf-8",
    )
    out = tmp_path / "kontroll"
    data = testvik("nb")
    result = runner.invoke(
        app,
        [
            "checklist",
            "-m",
            "testvik",
            "--round",
            "2027-1",
            "--register",
            str(register),
            "-f",
            "docx",
            "--out",
            str(out),
            "--data",
            str(data),
        ],
    )

    assert result.exit_code == 0, result.output
    document = docx.Document(str(out / "logkontroll-2027-1-solsiden-barnehage.docx"))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(name, text) for name, text in styled if name.startswith("Heading")]
    assert headings[0] == (
        "Heading 1",
        "Kontroll av aktive logger – Runde 1, februar 2027 – Solsiden barnehage",
    )
    assert {name for name, _ in headings[1:]} == {"Heading 2"}
    assert all("\t" not in p.text for p in document.paragraphs)
    assert len(document.tables) == 1
    rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    assert rows == [
        ["Logg", "Stafettholder", "Samtykke", "Kontrollert"],
        ["L-0001", "Pedagogisk leder", "utløpt", "\u2610"],
        ["L-0002", "Styrer", "i orden", "\u2610"],
    ]
    texts = [p.text for p in document.paragraphs]
    assert any(text.startswith("Dato: ___") for text in texts)
    assert any(text.startswith("Signatur: ___") for text in texts)
    assert document.core_properties.title.startswith("Kontroll av aktive logger – Runde 1")


@pytest.mark.parametrize("unit", ["solsiden-barnehage", "Solsiden barnehage", "SOLSIDEN-BARNEHAGE"])
def test_unit_takes_the_units_slug_or_its_name(
    runner: CliRunner, testvik: Callable[[str], Path], unit: str
) -> None:
    data = testvik("nb")
    result = runner.invoke(
        app,
        ["checklist", "-m", "testvik", "--round", "2027-1", "--unit", unit, "--data", str(data)],
    )

    assert result.exit_code == 0, result.output
    headings = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headings == ["# Kontroll av aktive logger – Runde 1, februar 2027 – Solsiden barnehage"]


def test_a_unit_of_the_log_control_may_name_its_own_leader(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    own = _testvik("nn").replace(
        "units: [solsiden-barnehage, Nordbyen skole, Helsestasjonen]",
        "units:\n    - solsiden-barnehage\n"
        "    - {name: Helsestasjonen, leader: {role: helsesykepleier}}",
    )
    data = data_folder(municipality=own)
    result = runner.invoke(
        app, ["checklist", "-m", "testvik", "--round", "2027-1", "--data", str(data)]
    )

    assert result.exit_code == 0, result.output
    leaders = [line for line in result.stdout.splitlines() if "Ansvarleg:" in line]
    assert leaders == [
        "Testvik kommune, februar 2027. Ansvarleg: Styrer Solsiden barnehage.",
        "Testvik kommune, februar 2027. Ansvarleg: Helsesykepleier.",
    ]


def test_validate_names_an_unknown_leader_of_a_log_control_unit(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = _testvik("nb").replace(
        "units: [solsiden-barnehage, Nordbyen skole, Helsestasjonen]",
        "units:\n    - {name: Helsestasjonen, leader: {role: helsesykepleir}}",
    )
    monkeypatch.chdir(data_folder(municipality=own).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    line = next(
        number for number, text in enumerate(own.splitlines(), start=1) if "helsesykepleir}" in text
    )
    assert f"data/municipalities/testvik.yaml:{line}:" in result.output
    assert "log_control.units[0].leader" in result.output
    assert "unknown role 'helsesykepleir'; did you mean 'helsesykepleier'?" in result.output


def test_the_bundled_units_are_led_as_seed_004_says() -> None:
    """Styrer, rektor/ledelsen, tjenesteleder helsestasjon and leder for innvandrertjenesten
    each have "oversikt/kontroll av aktive logger 3 g. årlig" (seed 004)."""
    runner = CliRunner()
    result = runner.invoke(app, [*INDEROY, "--round", "2027-1"])

    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if "Ansvarlig:" in line] == [
        f"Inderøy kommune, februar 2027. Ansvarlig: {leader}."
        for leader in (
            "Styrere",
            "Rektorer",
            "Tjenesteleder helsestasjon",
            "Tjenesteleder innvandrertjenesten",
        )
    ]

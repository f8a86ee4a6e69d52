"""`samarbeid checklist`: a log-control checklist per unit and round (seed 004)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, app

INDEROY = ["checklist", "-m", "inderoy", "--data", str(BUNDLED_DATA)]
UNITS = ["Barnehage", "Grunnskole", "Helsestasjonen", "Innvandrertjenesten"]
HEADER = "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"


def test_round_2027_1_renders_a_checklist_for_every_unit(runner: CliRunner) -> None:
    result = runner.invoke(app, [*INDEROY, "--round", "2027-1"])

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    headings = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headings == [f"# Kontroll av aktive logger 2027-1 – {unit}" for unit in UNITS]
    assert result.stdout.count("Inderøy kommune, februar 2027.") == 4
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
    assert "<h1>Kontroll av aktive logger 2027-1 – Barnehage</h1>" in page
    assert '<li><label><input type="checkbox"> Språket i loggen</label></li>' in page
    with zipfile.ZipFile(out / "logkontroll-2027-1-barnehage.docx") as archive:
        document = archive.read("word/document.xml").decode()
    assert "Kontroll av aktive logger 2027-1 – Barnehage" in document
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

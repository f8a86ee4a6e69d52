"""`samarbeid validate`: the bundled data is valid, and every kind of mistake is reported as
`path:line:col: field: message` with exit code 1 and no traceback."""

from __future__ import annotations

import itertools
import json
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, BUNDLED_DATA, MUNICIPALITY, ROOT, DataFolder, app, with_frequency

ARENA_FILE = "data/arenas/testvik/testteam.yaml"
MUNICIPALITY_FILE = "data/municipalities/testvik.yaml"


def test_bundled_data_is_valid_and_counts_every_arena(runner: CliRunner) -> None:
    """The seeds' arenas validate: Selbu 1, Aukra at least 20, Inderøy at least 3."""
    result = runner.invoke(app, ["validate", str(BUNDLED_DATA), "--json", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert report["errors"] == []
    counts = {row["slug"]: row["arenas"] for row in report["municipalities"]}
    assert counts["selbu"] == 1
    assert counts["aukra"] >= 20
    assert counts["inderoy"] >= 3
    malform = {row["slug"]: row["malform"] for row in report["municipalities"]}
    assert malform == {"aukra": "nn", "inderoy": "nb", "selbu": "nb"}


def test_bundled_summary_on_the_terminal(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from the workspace without a path, validate finds data/ and prints a summary."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["validate", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    assert "Selbu kommune" in result.stdout
    assert "Aukra kommune" in result.stdout
    assert "3 municipalities" in result.stdout
    assert result.stderr == ""


def test_valid_folder_exits_zero(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test fixture's own data is valid, so every invalid case below differs by one edit."""
    monkeypatch.chdir(data_folder().parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    assert "1 municipalities, 1 arenas, 0 warning(s)" in result.stdout


INVALID_ARENAS = [
    pytest.param(
        ARENA.replace("every_weeks: 2", "every_weeks: 0"),
        f"{ARENA_FILE}:15:16: frequency.every_weeks: must be 1 or more (got 0)",
        id="every-weeks-zero",
    ),
    pytest.param(
        ARENA.replace("frequency:\n", "fequency: 3\nfrequency:\n"),
        f"{ARENA_FILE}:13:1: fequency: unknown key 'fequency', did you mean 'frequency'?",
        id="misspelt-key",
    ),
    pytest.param(
        ARENA.replace("anchor: 2026-08-21", "anchor: 2026-08-20"),
        f"{ARENA_FILE}:17:11: frequency.anchor: 2026-08-20 is a Thursday, but weekday is friday",
        id="anchor-off-weekday",
    ),
    pytest.param(
        ARENA.replace("anchor: 2026-08-21", "anchor: 21.08.2026"),
        f"{ARENA_FILE}:17:11: frequency.anchor: must be an ISO 8601 date such as 2026-08-21 "
        "(got '21.08.2026')",
        id="non-iso-date",
    ),
    pytest.param(
        ARENA.replace("start: 08:30", "start: 25:00"),
        f"{ARENA_FILE}:11:10: meeting.start: must be a clock time such as 08:30 or 8.30 "
        "(got '25:00')",
        id="impossible-clock-time",
    ),
    pytest.param(
        ARENA.replace("  start: 08:30\n", ""),
        f"{ARENA_FILE}:10:3: meeting.start: is required for an arena that meets in a series "
        "(frequency kind every_n_weeks); add e.g. 'start: 08:30', or 'start: not_stated' where the "
        "source does not say",
        id="series-without-start",
    ),
    pytest.param(
        ARENA.replace("role: rektor", "role: rektr"),
        f"{ARENA_FILE}:5:11: participants[0].role: unknown role 'rektr'; did you mean 'rektor'? "
        f"(roles are defined in {MUNICIPALITY_FILE})",
        id="unknown-role",
    ),
    pytest.param(
        ARENA.replace("service: ppt", "service: helsestasjon"),
        f"{ARENA_FILE}:6:14: participants[1].service: unknown service 'helsestasjon' "
        f"(services are defined in {MUNICIPALITY_FILE})",
        id="unknown-service",
    ),
    pytest.param(
        ARENA.replace("  role: koordinator", "  role: koordinatr"),
        f"{ARENA_FILE}:8:9: convener.role: unknown role 'koordinatr'; did you mean "
        f"'koordinator'? (roles are defined in {MUNICIPALITY_FILE})",
        id="unknown-convener-single-form",
    ),
    pytest.param(
        ARENA.replace("  - service: ppt", "  - service: ppt\n    role: rektor"),
        f"{ARENA_FILE}:6:5: participants[1]: needs exactly one of 'role' or 'service'",
        id="participant-both-role-and-service",
    ),
    pytest.param(
        ARENA.replace("kind: every_n_weeks", "kind: fortnightly"),
        f"{ARENA_FILE}:14:3: frequency: unknown kind 'fortnightly'; must be one of "
        "'every_n_weeks', 'weekly', 'monthly', 'per_term', 'range', 'per_year', 'on_demand', "
        "'not_stated'",
        id="unknown-frequency-kind",
    ),
    pytest.param(
        ARENA.replace("level: system", "level: [system, kommune]"),
        f"{ARENA_FILE}:2:17: level[1]: must be one of 'individ', 'system' or 'tjeneste' "
        "(got 'kommune')",
        id="unknown-level",
    ),
    pytest.param(
        ARENA.replace("name: Testteam\n", ""),
        f"{ARENA_FILE}:1:1: name: is required but missing",
        id="missing-name",
    ),
    pytest.param(
        ARENA.replace("level: system", 'level: system\nage_band: "18-6"'),
        f"{ARENA_FILE}:3:11: age_band: must go from the lower age to the higher (got '18-6')",
        id="age-band-reversed",
    ),
    pytest.param(
        with_frequency("  kind: range\n  min_per_year: 6\n  max_per_year: 4\n  weekday: monday\n"),
        f"{ARENA_FILE}:16:17: frequency.max_per_year: must be min_per_year (6) or more (got 4)",
        id="range-upside-down",
    ),
    pytest.param(
        ARENA.replace("  duration_minutes: 60", "  duration_minutes: an hour"),
        f"{ARENA_FILE}:12:21: meeting.duration_minutes: must be a whole number (got 'an hour')",
        id="duration-not-a-number",
    ),
    pytest.param(
        "- name: Testteam\n",
        f"{ARENA_FILE}:1:1: must be a mapping of keys to values (got a list)",
        id="list-instead-of-mapping",
    ),
    pytest.param(
        with_frequency("  kind: månedlig\n  weekday: tuesday\n  week: 2\n"),
        f"{ARENA_FILE}:14:3: frequency: unknown kind 'månedlig', did you mean 'monthly'?",
        id="norwegian-frequency-kind",
    ),
    pytest.param(
        ARENA.replace(
            "  start: 08:30\n  duration_minutes: 60", "  start: 23:30\n  duration_minutes: 600"
        ),
        f"{ARENA_FILE}:12:21: meeting.duration_minutes: a meeting from 23:30 for 600 minutes "
        "would end after midnight; shorten it or start earlier",
        id="meeting-past-midnight",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate:\n  - Drøfte: felles tema."),
        f'{ARENA_FILE}:4:5: mandate[0]: must be text, but the colon after "Drøfte" made it a '
        'key and a value; put quotes around the whole text: "Drøfte: ..."',
        id="colon-in-a-list-item",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: [Drøfte felles tema."),
        f"{ARENA_FILE}:3:10: line 3: the [ that starts here is never closed; end the list with ] "
        "on the same line, or put quotes around the whole text if it is not a list (YAML: while "
        "parsing a flow sequence, did not find expected ',' or ']')",
        id="yaml-syntax-error",
    ),
    pytest.param("", f"{ARENA_FILE}:1:1: the file is empty", id="empty-file"),
    pytest.param(
        ARENA + "---\nname: Second\n",
        f"{ARENA_FILE}:18:1: YAML syntax error: holds more than one YAML document; "
        "keep one per file",
        id="two-documents",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: !!python/object:os.system ls"),
        f"{ARENA_FILE}:3:10: mandate: the YAML tag 'tag:yaml.org,2002:python/object:os.system' "
        "is not supported; write plain values",
        id="python-tag",
    ),
]


@pytest.mark.parametrize(("arena", "expected"), INVALID_ARENAS)
def test_invalid_arena_is_reported_at_its_line(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    arena: str,
    expected: str,
) -> None:
    """Each mistake gives exactly its one line on stderr, exit code 1, and no traceback."""
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("samarbeid:")]
    assert problems == [expected]
    assert "Traceback" not in result.output


INVALID_MUNICIPALITIES = [
    pytest.param(
        MUNICIPALITY.replace('kommunenummer: "9999"', 'kommunenummer: "301"'),
        f'{MUNICIPALITY_FILE}:2:16: kommunenummer: must be exactly 4 digits, such as "0301" '
        "(got '301')",
        id="short-kommunenummer",
    ),
    pytest.param(
        MUNICIPALITY.replace("malform: nb", "malform: se"),
        f"{MUNICIPALITY_FILE}:3:10: malform: must be one of 'nb' or 'nn' (got 'se')",
        id="unknown-malform",
    ),
    pytest.param(
        MUNICIPALITY.replace(
            "høstferie: {start: 2026-09-28, end: 2026-10-02}",
            "høstferie: {start: 2026-10-02, end: 2026-09-28}",
        ),
        f"{MUNICIPALITY_FILE}:19:43: school_years.2026-27.breaks.høstferie.end: must be on or "
        "after start (2026-10-02), got 2026-09-28",
        id="break-ends-before-it-starts",
    ),
    pytest.param(
        MUNICIPALITY.replace(
            "vinterferie: {start: 2027-03-01, end: 2027-03-05}",
            "vinterferie: {start: 2027-03-01, end: 2028-03-05}",
        ),
        f"{MUNICIPALITY_FILE}:21:20: school_years.2026-27.breaks.vinterferie: "
        "2027-03-01..2028-03-05 lies outside the school year 2026-08-19..2027-06-18",
        id="break-outside-school-year",
    ),
    pytest.param(
        MUNICIPALITY.replace('"2026-27":', '"2026-28":'),
        f"{MUNICIPALITY_FILE}:15:3: school_years.2026-28: must name a school year such as "
        "'2026-27' (got '2026-28')",
        id="school-year-key",
    ),
    pytest.param(
        MUNICIPALITY.replace(
            "  rektor: {name: Rektor, email: rektor@testvik.example}",
            "  rektr: {name: Rektor, email: rektor@testvik.example}",
        ),
        f"{MUNICIPALITY_FILE}:13:10: roster.rektr: 'rektr' is neither a role nor a service; "
        "did you mean 'rektor'?",
        id="roster-for-unknown-role",
    ),
    pytest.param(
        MUNICIPALITY.replace("email: rektor@testvik.example", "email: rektor at testvik"),
        f"{MUNICIPALITY_FILE}:13:33: roster.rektor.email: must be one e-mail address such as "
        "ppt@kommune.example.no (got 'rektor at testvik'); it contains ' ': write one plain "
        "address, one per roster entry",
        id="bad-email",
    ),
    pytest.param(
        MUNICIPALITY.replace(
            "email: rektor@testvik.example", "email: 'rektor,attacker@evil.example'"
        ),
        f"{MUNICIPALITY_FILE}:13:33: roster.rektor.email: must be one e-mail address such as "
        "ppt@kommune.example.no (got 'rektor,attacker@evil.example'); it contains ',': write "
        "one plain address, one per roster entry",
        id="two-addresses-in-one",
    ),
    pytest.param(
        MUNICIPALITY.replace("  ppt: {name: PPT}", "  PPT: {name: PPT}"),
        f"{MUNICIPALITY_FILE}:5:3: services.PPT: must be a slug of lowercase a-z, digits and "
        "single hyphens, such as 'sektorsjef-oppvekst' (got 'PPT')",
        id="service-slug",
    ),
    pytest.param(
        MUNICIPALITY + "name: Testvik\n",
        f"{MUNICIPALITY_FILE}:32:1: name: duplicate key 'name' (first defined at line 1, column 1)",
        id="duplicate-key",
    ),
    pytest.param(
        MUNICIPALITY.replace(
            "  ppt: {name: PPT}", "  ppt: {name: PPT, name: Pedagogisk-psykologisk}"
        ),
        f"{MUNICIPALITY_FILE}:5:20: services.ppt.name: duplicate key 'name' (first defined at "
        "line 5, column 9)",
        id="duplicate-key-inline",
    ),
]


@pytest.mark.parametrize(("municipality", "expected"), INVALID_MUNICIPALITIES)
def test_invalid_municipality_is_reported_at_its_line(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    municipality: str,
    expected: str,
) -> None:
    """Municipality files are checked the same way, down to the school calendar."""
    monkeypatch.chdir(data_folder(municipality=municipality).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    assert expected in result.stderr.splitlines()
    assert "Traceback" not in result.output


def test_every_problem_is_reported_before_failing(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation walks every file and reports every problem, then fails once."""
    broken = ARENA.replace("every_weeks: 2", "every_weeks: 0").replace("level: system", "level: x")
    folder = data_folder(
        arenas={"testteam": broken, "annet-team": ARENA.replace("role: rektor", "role: rektr")}
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data", "--json"])

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(e["path"], e["field"]) for e in report["errors"]] == [
        ("data/arenas/testvik/annet-team.yaml", "participants[0].role"),
        (ARENA_FILE, "level"),
        (ARENA_FILE, "frequency.every_weeks"),
    ]
    assert report["errors"][2] == {
        "path": ARENA_FILE,
        "line": 15,
        "column": 16,
        "field": "frequency.every_weeks",
        "message": "must be 1 or more (got 0)",
        "severity": "error",
    }


def test_arena_of_unknown_municipality_and_bad_file_names(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files outside the layout are reported, not silently skipped."""
    folder = data_folder(
        extra={
            "arenas/nowhere/team.yaml": ARENA,
            "arenas/testvik/Team_B.yaml": ARENA,
            "arenas/testvik/team-c.yml": ARENA,
        }
    )
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        "data/arenas/nowhere/team.yaml:1:1: municipality 'nowhere' has no file "
        "data/municipalities/nowhere.yaml"
    ) in lines
    assert (
        "data/arenas/testvik/Team_B.yaml:1:1: the file name must be the arena's slug: lowercase "
        "a-z, digits and hyphens, such as 'samordningsteam-barn-og-unge.yaml'"
    ) in lines
    assert "data/arenas/testvik/team-c.yml:1:1: rename to .yaml; .yml files are not read" in lines


def test_kommunenummer_must_be_unique(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two municipalities cannot share a kommunenummer."""
    folder = data_folder(extra={"municipalities/annenvik.yaml": MUNICIPALITY})
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    # Outside git, the later file in sort order is blamed, and both files are named.
    assert (
        "data/municipalities/testvik.yaml:2:16: kommunenummer: 9999 is already the "
        "kommunenummer of 'annenvik' (data/municipalities/annenvik.yaml); one of the two files "
        "has the wrong number"
    ) in result.stderr.splitlines()
    assert "annenvik.yaml:2:16" not in result.stderr


def test_duplicate_kommunenummer_is_blamed_on_the_uncommitted_file(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Testvik is committed; a new annenvik.yaml with the same number gets the error, though
    it sorts first."""
    folder = data_folder()
    monkeypatch.chdir(folder.parent)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "data"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "testvik"], check=True)
    (folder / "municipalities" / "annenvik.yaml").write_text(MUNICIPALITY, encoding="utf-8")
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "data/municipalities/annenvik.yaml:2:16: kommunenummer: 9999 is already the "
        "kommunenummer of 'testvik' (data/municipalities/testvik.yaml); one of the two files "
        "has the wrong number"
    )
    assert "testvik.yaml:2:16" not in result.stderr


def test_overdue_revision_is_a_warning_not_an_error(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A routine last revised more than its interval ago is flagged, and validation passes."""
    arena = (
        ARENA
        + "revision:\n  interval_months: 12\n  responsible: arena\n  last_revised: 2025-01-15\n"
    )
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22", "--json"])

    assert result.exit_code == 0, result.output
    warnings = json.loads(result.stdout)["warnings"]
    assert [w["message"] for w in warnings] == [
        "routine revision was due 2026-01-15 (last revised 2025-01-15, every 12 months)"
    ]


def test_missing_school_year_for_the_coming_half_year_is_a_warning(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In June 2028 the coming half-year needs school year 2028-29, which the data lacks."""
    arena = ARENA.replace("meeting:", "school_calendar: true\nmeeting:")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2028-06-01", "--json"])

    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"] == [
        {
            "path": MUNICIPALITY_FILE,
            "line": 1,
            "column": 1,
            "field": "school_years",
            "message": "has no school year 2028-29, which the coming half-year 2028-H2 needs; "
            "add it before running schedule for 2028-H2",
            "severity": "warning",
        }
    ]


def test_not_a_data_folder_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    """Pointing validate at an unrelated folder says what is missing."""
    result = runner.invoke(app, ["validate", str(tmp_path)])

    assert result.exit_code == 1
    assert "no data folder found" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    """Usage errors exit 2, as --help documents."""
    result = runner.invoke(app, ["validate", "--strictest"])

    assert result.exit_code == 2
    assert "No such option" in result.output


def _billion_laughs() -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in itertools.pairwise("abcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


HOSTILE_FILES = [
    pytest.param(
        ("name: " + "[" * 5000 + "]" * 5000 + "\n").encode(),
        "1:71: name[0][0]...: lists or mappings nested more than 64 levels deep",
        id="nesting-beyond-the-parser",
    ),
    pytest.param(
        ("name: " + "[" * 499_990 + "]" * 499_990 + "\n").encode(),
        "1:71: name[0][0]...: lists or mappings nested more than 64 levels deep",
        id="nesting-a-megabyte-deep",
    ),
    pytest.param(
        (
            "name:\n" + "".join("  " * depth + "-\n" for depth in range(80)) + "  " * 80 + "x\n"
        ).encode(),
        "66:129: name[0][0]...: lists or mappings nested more than 64 levels deep",
        id="block-nesting-too-deep",
    ),
    pytest.param(
        ("name:\n" + "- x\n" * 240_000).encode(),
        "199999:3: holds more than 200000 values; no data file is this large",
        id="flat-list-under-the-size-limit",
    ),
    pytest.param(
        b"name: Testteam\nmandate: *tema\n",
        "2:10: line 2: *tema repeats a value marked &tema, but no value above has that mark; "
        "write the value out (YAML: found undefined alias 'tema')",
        id="undefined-alias",
    ),
    pytest.param(
        b"name: &a Testteam\nmandate: &a Tema\n",
        "2:10: line 2: the mark &a is used twice (first on line 1); give each its own name "
        "(YAML: found duplicate anchor 'a')",
        id="duplicate-anchor",
    ),
    pytest.param(
        ("name: " + "[" * 100 + "]" * 100 + "\n").encode(),
        "1:71: name[0][0]...: lists or mappings nested more than 64 levels deep",
        id="nesting-too-deep",
    ),
    pytest.param(
        _billion_laughs().encode(),
        "1:1: expands to more than 200000 values (aliases?)",
        id="alias-bomb",
    ),
    pytest.param(b"name: &x [*x]\n", "1:7: name[0]: an alias refers to itself", id="self-alias"),
    pytest.param(
        "name: Bærum\n".encode("latin-1"),
        "1:1: is not UTF-8 text; save it as UTF-8",
        id="not-utf-8",
    ),
    pytest.param(
        b"name: Testteam\nmandate: a\x00b\n",
        "2:11: the character U+0000 is not allowed in YAML",
        id="nul-byte",
    ),
]


@pytest.mark.parametrize(("content", "expected"), HOSTILE_FILES)
def test_hostile_files_are_findings_not_crashes(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    expected: str,
) -> None:
    """Whatever the bytes, one line at the file's position and exit 1, never a crash report."""
    folder = data_folder()
    (folder / "arenas" / "testvik" / "testteam.yaml").write_bytes(content)
    monkeypatch.chdir(folder.parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("samarbeid:")]
    assert problems == [f"{ARENA_FILE}:{expected}"]


ONE_LINE = "must be one line, without line breaks, tabs or control characters"

CONTROL_CHARACTERS = [
    pytest.param(
        ARENA,
        MUNICIPALITY.replace(
            "koordinator: {name: Koordinator,",
            'koordinator: {name: "Koordinator\\r\\nBcc: x@evil.example",',
        ),
        f"{MUNICIPALITY_FILE}:12:23: roster.koordinator.name: contains the control character "
        "U+000D; remove it",
        id="crlf-in-a-roster-name",
    ),
    pytest.param(
        ARENA.replace("name: Testteam", 'name: "Test\\nteam"'),
        MUNICIPALITY,
        f"{ARENA_FILE}:1:7: name: {ONE_LINE} (got 'Test\\nteam')",
        id="line-feed-in-an-arena-name",
    ),
    pytest.param(
        ARENA.replace("name: Testteam", 'name: "Test\\tteam"'),
        MUNICIPALITY,
        f"{ARENA_FILE}:1:7: name: {ONE_LINE} (got 'Test\\tteam')",
        id="tab-in-an-arena-name",
    ),
    pytest.param(
        ARENA.replace("name: Testteam", 'name: "Test\\Nteam"'),
        MUNICIPALITY,
        f"{ARENA_FILE}:1:7: name: contains the control character U+0085; remove it",
        id="next-line-in-an-arena-name",
    ),
    pytest.param(
        ARENA + 'legal_basis: "Opplæringslova\\0"\n',
        MUNICIPALITY,
        f"{ARENA_FILE}:18:14: legal_basis: contains the control character U+0000; remove it",
        id="nul-in-free-text",
    ),
    pytest.param(
        ARENA + 'notes: ["Første\\Lsiste"]\n',
        MUNICIPALITY,
        f"{ARENA_FILE}:18:9: notes[0]: contains the control character U+2028; remove it",
        id="line-separator-in-a-list-item",
    ),
    pytest.param(
        ARENA + '"notes\\e": [x]\n',
        MUNICIPALITY,
        f"{ARENA_FILE}:18:1: notes\\x1b: contains the control character U+001B; remove it",
        id="escape-in-a-key",
    ),
    pytest.param(
        ARENA.replace(
            "mandate: Drøfte felles tema.", "mandate:\n  - >\n    Drøfte\n\n    felles tema.\n"
        ),
        MUNICIPALITY,
        f"{ARENA_FILE}:4:5: mandate[0]: {ONE_LINE} (got 'Drøfte\\nfelles tema.')",
        id="paragraph-break-in-a-mandate-item",
    ),
]


@pytest.mark.parametrize(("arena", "municipality", "expected"), CONTROL_CHARACTERS)
def test_control_characters_in_text_are_refused_at_their_line(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    arena: str,
    municipality: str,
    expected: str,
) -> None:
    """CR/LF in a name crashed the e-mail headers later; now one finding, at the value."""
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}, municipality=municipality).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("samarbeid:")]
    assert problems == [expected]


def test_multi_line_free_text_and_folded_items_stay_valid(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folded mandate item is one line; a literal block in a free-text field keeps its lines."""
    arena = ARENA.replace(
        "mandate: Drøfte felles tema.", "mandate:\n  - >\n    Drøfte\n    felles tema.\n"
    ) + ("legal_basis: |\n  Opplæringslova § 15-8\n  \tog barnehagelova § 2a\n")
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output


def test_a_frequency_text_that_no_longer_matches_its_rule_is_a_warning(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rule moved to Tuesday 09:00 but the text still says Fridays at 08.30: the text is
    what invitations, the routine and the public overview print."""
    stale = with_frequency(
        "  kind: every_n_weeks\n  every_weeks: 2\n  weekday: tuesday\n  anchor: 2026-08-25\n"
        "  text: hver 2. uke på fredager kl. 08.30\n"
    ).replace("start: 08:30", "start: 09:00")
    monkeypatch.chdir(data_folder(arenas={"testteam": stale}).parent)

    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 0, result.output
    assert (
        "frequency.text: names friday, but the rule meets on tuesday; says kl. 08.30, but the "
        "meeting starts at 09.00; this text goes into invitations and documents, so update it "
        "with the rule (warning)"
    ) in " ".join(result.stderr.split())


TOPIC = """\
title: Felles rutine for overgang barnehage-skole
submitted_by: {role: rektor}
kind: decision
"""


def test_a_topic_for_a_day_without_a_meeting_is_a_warning_at_its_file(
    runner: CliRunner, data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 21: it validated cleanly and was on no agenda. Testteam meets every other Friday
    from 2026-08-21: 2027-01-08 is a meeting, 2027-01-15 is not."""
    topics = "arenas/testvik/testteam/topics"
    monkeypatch.chdir(
        data_folder(
            extra={
                f"{topics}/2027-01-15-overgang.yaml": TOPIC,
                f"{topics}/2027-01-08-ok.yaml": TOPIC,
            }
        ).parent
    )

    result = runner.invoke(app, ["validate", "data", "--today", "2026-11-22"])
    as_json = runner.invoke(app, ["validate", "data", "--today", "2026-11-22", "--json"])

    assert result.exit_code == 0, result.output
    assert (
        "data/arenas/testvik/testteam/topics/2027-01-15-overgang.yaml:1:1: Testteam has no "
        "meeting on 2027-01-15, so this topic is on no agenda; the nearest meetings: "
        "2027-01-08, 2027-01-22; rename the file to one of those dates"
    ) in " ".join(result.stderr.split())
    warnings = json.loads(as_json.stdout)["warnings"]
    assert [(w["path"], w["line"], w["severity"]) for w in warnings] == [
        ("data/arenas/testvik/testteam/topics/2027-01-15-overgang.yaml", 1, "warning")
    ]


def _topic_warnings(runner: CliRunner, data: Path, name: str) -> str:
    """`validate`'s output for `data` with a topic `name` filed for Aukra's Skoleteam."""
    topics = data / "arenas" / "aukra" / "skoleteam" / "topics"
    topics.mkdir(parents=True)
    (topics / name).write_text(TOPIC, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(data), "--today", "2026-11-22"])
    assert result.exit_code == 0, result.output
    return " ".join(result.stderr.split())


def test_a_topic_of_a_per_unit_arena_names_every_units_nearest_meetings(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Issue 21: it named Julsundet skole alone (2027-02-01, 2027-04-05), while Gossen meets
    2027-01-26: a topic for the arena file goes on any unit's agenda."""
    from tests.decided import decided_copy

    data = decided_copy(tmp_path / "data")

    err = _topic_warnings(runner, data, "2027-02-03-overgang.yaml")

    assert (
        "skoleteam/topics/2027-02-03-overgang.yaml:1:1: Skoleteam has no meeting on "
        "2027-02-03 in any of its units, so this topic is on no agenda; the nearest "
        "meetings: Julsundet skole 2027-02-01, 2027-04-05; Gossen barne- og ungdomsskole "
        "2027-01-26, 2027-04-06; rename the file to one of those dates"
    ) in err
    assert "Skoleteam – Julsundet skole has no meeting" not in err


def test_a_topic_of_an_arena_without_planned_meetings_says_so(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Issue 21: on the bundled data it said "the nearest meetings: none; rename the file to
    one of those dates"."""
    import shutil

    data = Path(shutil.copytree(BUNDLED_DATA, tmp_path / "data"))

    err = _topic_warnings(runner, data, "2027-02-03-overgang.yaml")

    assert (
        "skoleteam/topics/2027-02-03-overgang.yaml:1:1: Skoleteam has no planned meetings, "
        "so this topic is on no agenda: its dates are not decided (see `samarbeid "
        "assumptions`)"
    ) in err
    assert "one of those dates" not in err


def test_the_summary_counts_on_demand_apart_from_not_stated(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Only `kind: on_demand` is "ved behov"; a frequency not stated (or an arena whose details
    are not written) is counted on its own, under a key added beside `on_demand` (issue 18)."""
    data = data_folder(
        arenas={
            "testteam": ARENA,
            "ved-behov": with_frequency("  kind: on_demand\n"),
            "uavklart": with_frequency("  kind: not_stated\n"),
            "overskrift": "name: Overgangsmøte\ndetails: not_stated\n",
        }
    )
    result = runner.invoke(app, ["validate", str(data), "--json", "--today", "2026-11-22"])

    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["municipalities"]
    assert row["arenas"] == 4
    assert row["on_demand"] == 1
    assert row["not_stated"] == 2

    table = runner.invoke(app, ["validate", str(data), "--today", "2026-11-22"])
    assert table.exit_code == 0, table.output
    headings = [line for line in table.stdout.splitlines() if line.startswith("┃")]
    assert [cell.strip() for cell in headings[-1].split("┃")[-3:-1]] == ["demand", "stated"]
    (line,) = [line for line in table.stdout.splitlines() if "Testvik kommune" in line]
    assert [cell.strip() for cell in line.split("│")[-3:-1]] == ["1", "2"]


@pytest.mark.parametrize(
    ("lang", "one_choice", "unknown_role"),
    [
        ("nb", "details: må være 'not_stated' (fikk 'kanskje')", "ukjent rolle 'finnesikke'"),
        ("nn", "details: må vere 'not_stated' (fekk 'kanskje')", "ukjend rolle 'finnesikke'"),
    ],
)
def test_validation_words_in_norwegian(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    one_choice: str,
    unknown_role: str,
) -> None:
    """One allowed value is not "one of" it, and the kind of reference is in the user's
    language, not the English word "role" (a user trial)."""
    arenas = {
        "testteam": "details: kanskje\n" + ARENA,
        "annet": ARENA.replace("role: rektor", "role: finnesikke"),
    }
    monkeypatch.chdir(data_folder(arenas=arenas).parent)

    result = runner.invoke(app, ["validate", "data"], env={"SAMARBEID_LANG": lang})

    assert result.exit_code == 1, result.output
    assert one_choice in result.stderr
    assert "en av" not in result.stderr
    assert "ein av" not in result.stderr
    assert unknown_role in result.stderr
    assert " role " not in result.stderr

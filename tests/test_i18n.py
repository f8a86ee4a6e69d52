"""The tool's own messages speak bokmål to a Norwegian user and English to everyone else; the
`path:line:col: field:` prefix and JSON keys are the same in both. The shipped catalogue is
kept in step with the code."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from tests.conftest import ARENA, BUNDLED_DATA, ROOT, DataFolder, app, with_frequency
from tests.decided import DECIDED_DATA
from tests.git_repos import commit_all, init

LOCALE = ROOT / "src" / "samarbeid_cli" / "locale"
CATALOGUE = LOCALE / "nb" / "LC_MESSAGES"
ARENA_FILE = "data/arenas/testvik/testteam.yaml"

# Every variable that could choose the language, cleared so the machine's locale cannot leak in.
UNSET = {"SAMARBEID_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
NORWEGIAN = [
    pytest.param({**UNSET, "SAMARBEID_LANG": "nb"}, [], id="SAMARBEID_LANG=nb"),
    pytest.param({**UNSET, "LANG": "nb_NO.UTF-8"}, [], id="LANG=nb_NO.UTF-8"),
    pytest.param({**UNSET, "LANG": "no_NO"}, [], id="LANG=no_NO"),
    pytest.param({**UNSET, "LC_MESSAGES": "nb_NO.UTF-8", "LANG": "C"}, [], id="LC_MESSAGES"),
    pytest.param({**UNSET, "LANG": "en_US.UTF-8"}, ["--lang", "nb"], id="--lang nb"),
]
ENGLISH = [
    pytest.param({**UNSET, "LANG": "en_US.UTF-8"}, [], id="LANG=en_US.UTF-8"),
    pytest.param({**UNSET, "LANG": "C"}, [], id="LANG=C"),
    pytest.param({**UNSET, "LC_ALL": "en_GB.UTF-8", "LANG": "nb_NO.UTF-8"}, [], id="LC_ALL wins"),
    pytest.param({**UNSET, "SAMARBEID_LANG": "en", "LANG": "nb_NO.UTF-8"}, [], id="SAMARBEID"),
    pytest.param({**UNSET, "SAMARBEID_LANG": "nb"}, ["--lang", "en"], id="--lang en"),
]

BROKEN = {
    "tab": (
        ARENA.replace("  start: 08:30", "\tstart: 08:30"),
        f"{ARENA_FILE}:11:1: ",
        "line 11 is indented with a tab; use spaces instead",
        "linje 11 er rykket inn med tabulator; bruk mellomrom i stedet",
    ),
    "misspelt key": (
        ARENA.replace("  - role: rektor\n", "  - role: rektor\n    optinal: true\n"),
        f"{ARENA_FILE}:6:5: participants[0].optinal: ",
        "unknown key 'optinal', did you mean 'optional'?",
        "ukjent nøkkel 'optinal', mente du 'optional'?",
    ),
    "colon in a text": (
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: Drøfte: felles tema."),
        f"{ARENA_FILE}:3:16: ",
        "line 3: a colon followed by a space inside a text needs quotes around the whole text: "
        'mandate: "Drøfte: felles tema."',
        "linje 3: et kolon med mellomrom etter inne i en tekst krever anførselstegn rundt hele "
        'teksten: mandate: "Drøfte: felles tema."',
    ),
}


def _validate(
    runner: CliRunner, data: Path, env: dict[str, str | None], options: list[str]
) -> tuple[int, str, str]:
    """`validate data` from the folder that holds `data`, so paths are shown relative."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(data.parent)
        result = runner.invoke(app, [*options, "validate", "data"], env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("env", "options"), NORWEGIAN)
@pytest.mark.parametrize("mistake", list(BROKEN))
def test_validate_speaks_bokmal_after_the_same_prefix(
    runner: CliRunner,
    data_folder: DataFolder,
    env: dict[str, str | None],
    options: list[str],
    mistake: str,
) -> None:
    """The sentence is Norwegian; `path:line:col: field: ` is exactly as in English."""
    text, prefix, _english, norwegian = BROKEN[mistake]
    data = data_folder(arenas={"testteam": text})

    code, stdout, stderr = _validate(runner, data, env, options)

    assert code == 1
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines[0].startswith(prefix + norwegian), lines[0]
    assert lines[-1] == "samarbeid: 1 problem(er) i 1 fil(er)."


@pytest.mark.parametrize(("env", "options"), ENGLISH)
@pytest.mark.parametrize("mistake", list(BROKEN))
def test_validate_speaks_english_otherwise(
    runner: CliRunner,
    data_folder: DataFolder,
    env: dict[str, str | None],
    options: list[str],
    mistake: str,
) -> None:
    text, prefix, english, _norwegian = BROKEN[mistake]
    data = data_folder(arenas={"testteam": text})

    code, stdout, stderr = _validate(runner, data, env, options)

    assert code == 1
    assert stdout == ""
    lines = stderr.splitlines()
    assert lines[0].startswith(prefix + english), lines[0]
    assert lines[-1] == "samarbeid: 1 problem(s) in 1 file(s)."


def test_json_keys_and_positions_are_the_same_in_both_languages(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Scripts read the keys and the place; only the human sentence differs."""
    data = data_folder(arenas={"testteam": BROKEN["misspelt key"][0]})
    shown = {}
    for language in ("en", "nb"):
        result = runner.invoke(
            app, ["validate", "--json", str(data)], env={**UNSET, "SAMARBEID_LANG": language}
        )
        assert result.exit_code == 1, result.output
        shown[language] = json.loads(result.stdout)

    assert shown["nb"].keys() == shown["en"].keys()
    (en,), (nb,) = shown["en"]["errors"], shown["nb"]["errors"]
    assert {key: value for key, value in nb.items() if key != "message"} == {
        key: value for key, value in en.items() if key != "message"
    }
    assert nb["field"] == "participants[0].optinal"
    assert nb["message"] == "ukjent nøkkel 'optinal', mente du 'optional'?"


@pytest.mark.parametrize(("env", "options"), NORWEGIAN)
def test_schedule_help_in_bokmal(
    runner: CliRunner, env: dict[str, str | None], options: list[str]
) -> None:
    """Help text, option help, panel titles and the exit codes in bokmål; the examples' command
    lines as they must be typed."""
    result = runner.invoke(
        app, [*options, "schedule", "--help"], env={**env, "COLUMNS": "100"}, terminal_width=100
    )

    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    shown = " ".join(result.stdout.split())
    assert "Bruk: samarbeid schedule [OPTIONS]" in shown
    assert "Lag halvårets møteserier: datoer, helligdager og ferier som hoppes over" in shown
    assert (
        "Avslutningskoder: 0 ok; 1 ugyldige data eller inndata (hvert problem skrives som "
        "path:line:col: field: melding); 2 feil bruk; 3 en feil i samarbeid; 130 avbrutt."
    ) in shown
    assert "Eksempler: samarbeid schedule -m selbu Møtene i Selbu det kommende halvåret" in shown
    assert "Bare denne arenaen (slug); gjenta for flere." in shown
    assert "╭─ Valg ─" in result.stdout
    assert "Vis denne hjelpen og avslutt." in shown
    for english in ("Usage:", "Exit codes", "Examples:", "Only this arena", "Options"):
        assert english not in shown


@pytest.mark.parametrize(("env", "options"), ENGLISH)
def test_schedule_help_in_english(
    runner: CliRunner, env: dict[str, str | None], options: list[str]
) -> None:
    result = runner.invoke(
        app, [*options, "schedule", "--help"], env={**env, "COLUMNS": "100"}, terminal_width=100
    )

    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split())
    assert "Usage: samarbeid schedule [OPTIONS]" in shown
    assert "Exit codes: 0 ok; 1 invalid data or input" in shown
    assert "Examples: samarbeid schedule -m selbu The coming half-year's meetings" in shown
    assert "╭─ Options ─" in result.stdout
    assert "Avslutningskoder" not in shown


def test_root_help_lists_the_commands_in_bokmal(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--lang", "nb", "--help"], env={"COLUMNS": "100"})

    assert result.exit_code == 0, result.output
    assert "╭─ Kommandoer ─" in result.stdout
    assert "Lag halvårets møteserier" in result.stdout
    assert "Språket i samarbeids meldinger og hjelp" in " ".join(result.stdout.split())


@pytest.mark.parametrize(("env", "options"), NORWEGIAN[:3])
def test_summary_of_valid_data_in_bokmal(
    runner: CliRunner, data_folder: DataFolder, env: dict[str, str | None], options: list[str]
) -> None:
    result = runner.invoke(app, [*options, "validate", str(data_folder())], env=env)

    assert result.exit_code == 0, result.output
    assert "Gyldige data" in result.stdout
    assert "1 kommune, 1 arenaer, advarsler: 0." in result.stdout
    assert result.stderr == ""


def test_usage_error_of_our_own_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    data = data_folder()
    result = runner.invoke(
        app,
        ["--lang", "nb", "schedule", "-m", "testvik", "--today", "1.12.2026", "--data", str(data)],
    )

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "samarbeid: --today må være en dato som 2026-12-01 (fikk '1.12.2026')\n"


def test_written_files_reported_in_bokmal(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    data = data_folder()
    out = tmp_path / "kalender"
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            "testvik",
            "--period",
            "2027-H1",
            "--format",
            "json",
            "--out",
            str(out),
            "--data",
            str(data),
            "--stamp",
            "2026-12-01T09:00:00Z",
        ],
        env={**UNSET, "LANG": "nb_NO.UTF-8"},
    )

    assert result.exit_code == 0, result.output
    assert f"skrev {out / 'testteam.ics'}" in result.stderr
    assert "registrerte utsendingshistorikken i " in result.stderr
    assert json.loads(result.stdout)  # JSON on stdout, whatever the language


def test_unknown_language_is_a_usage_error(runner: CliRunner) -> None:
    """Told in the language chosen before it (here the locale's), in typer's own frame."""
    norwegian = runner.invoke(app, ["--lang", "de", "validate"], env={**UNSET, "LANG": "nb_NO"})
    english = runner.invoke(app, ["--lang", "de", "validate"], env=UNSET)

    assert (norwegian.exit_code, english.exit_code) == (2, 2)
    assert norwegian.stdout == english.stdout == ""
    assert norwegian.stderr.startswith("Bruk: samarbeid [OPTIONS] COMMAND [ARGS]...")
    assert "╭─ Feil ─" in norwegian.stderr
    assert "må være nb (bokmål), nn (nynorsk) eller en" in norwegian.stderr
    assert english.stderr.startswith("Usage: samarbeid [OPTIONS] COMMAND [ARGS]...")
    assert "╭─ Error ─" in english.stderr
    assert "must be nb (bokmål), nn (nynorsk) or en" in english.stderr


# -- the catalogue ---------------------------------------------------------------------------


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    return {
        message.id if isinstance(message.id, str) else message.id[0]
        for message in catalogue
        if message.id
    }


def _extracted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pot = tmp_path / "samarbeid.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(  # type: ignore[no-untyped-call]
        ["pybabel", "--quiet", "extract", "-F", "babel.cfg", "--omit-header", "-o", str(pot), "."]
    )
    return pot


def test_catalogue_has_every_message_the_code_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fails while `make messages` is due: a message added or changed in the code (or a
    command's help) that the committed .pot and .po do not have yet."""
    in_code = _msgids(_extracted(tmp_path, monkeypatch))

    assert len(in_code) > 200
    assert in_code == _msgids(LOCALE / "samarbeid.pot"), "run `make messages`"
    assert in_code <= _msgids(CATALOGUE / "samarbeid.po"), "run `make messages`"
    assert in_code <= _msgids(LOCALE / "nn" / "LC_MESSAGES" / "samarbeid.po"), "make messages"


def _compiled(path: Path) -> dict[object, object]:
    def hashable(text: object) -> object:
        return tuple(text) if isinstance(text, list | tuple) else text

    with path.open("rb") as handle:
        catalogue = read_mo(handle)
    return {hashable(m.id): hashable(m.string) for m in catalogue if m.id}


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_shipped_mo_is_the_compiled_po(tmp_path: Path, language: str) -> None:
    """Fails when the .po was edited and `make messages` (which compiles) was not run."""
    catalogue_dir = LOCALE / language / "LC_MESSAGES"
    with (catalogue_dir / "samarbeid.po").open("rb") as handle:
        catalogue = read_po(handle)
    fresh = tmp_path / "samarbeid.mo"
    with fresh.open("wb") as handle:
        write_mo(handle, catalogue)

    assert _compiled(catalogue_dir / "samarbeid.mo") == _compiled(fresh), "run `make messages`"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_translations_keep_every_placeholder(language: str) -> None:
    """A translation that drops or misspells `{path}` would crash, not just read oddly."""
    with (LOCALE / language / "LC_MESSAGES" / "samarbeid.po").open("rb") as handle:
        catalogue = read_po(handle)
    wrong = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for translated in strings:
            if translated and _fields(translated) != _fields(ids[0]):
                wrong.append((ids[0], translated))
    assert wrong == []


def test_catalogue_is_in_the_package() -> None:
    """The wheel ships the package folder, so the compiled catalogue must live inside it."""
    package = ROOT / "src" / "samarbeid_cli"
    assert (CATALOGUE / "samarbeid.mo").is_relative_to(package)
    assert re.search(r'packages = \["src/samarbeid_cli"\]', (ROOT / "pyproject.toml").read_text())


NB = {**UNSET, "SAMARBEID_LANG": "nb"}


def test_agenda_due_in_bokmal(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            *("agenda", "--due", "-m", "aukra", "--as-of", "2027-01-04", "--within", "1"),
            *("--data", str(DECIDED_DATA)),
        ],
        env=NB,
    )

    assert (result.exit_code, result.stderr) == (0, ""), result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "sakslister som skal sendes 2027-01-04 til 2027-01-04: 2"
    assert lines[1].startswith("send innen 2027-01-04  møte 2027-01-11 09:00  aukra/")


def test_conflicts_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    other = ARENA.replace("name: Testteam", "name: Rektormøte")
    data = data_folder(arenas={"testteam": ARENA, "rektormote": other})
    result = runner.invoke(
        app, ["conflicts", "-m", "testvik", "--period", "2027-H1", "--data", str(data)], env=NB
    )

    assert (result.exit_code, result.stderr) == (0, ""), result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "2027-01-08 08:30-09:30 rektormote overlapper 08:30-09:30 testteam: role:koordinator, "
        "role:rektor, service:ppt"
    )
    assert lines[-1].endswith(" dobbeltbookinger i testvik 2027-H1.")


def test_no_conflicts_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    result = runner.invoke(
        app,
        ["conflicts", "-m", "testvik", "--period", "2027-H1", "--data", str(data_folder())],
        env=NB,
    )

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "0 dobbeltbookinger i testvik 2027-H1.\n",
        "",
    )


def test_assumptions_in_bokmal_with_json_untouched(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """The count and each item's text are Norwegian; JSON keys and the other values stay as
    they are in English (as in `validate --json`, where only `message` is translated)."""
    data = data_folder()
    result = runner.invoke(app, ["assumptions", "--data", str(data)], env=NB)

    assert (result.exit_code, result.stderr) == (0, ""), result.output
    assert result.stdout.splitlines()[-1] == "4 å kontrollere i 2 fil(er)."
    shown = {
        language: runner.invoke(
            app,
            ["assumptions", "--json", "--data", str(data)],
            env={**UNSET, "SAMARBEID_LANG": language},
        ).stdout
        for language in ("en", "nb")
    }
    english, norwegian = json.loads(shown["en"]), json.loads(shown["nb"])
    assert [{**item, "text": ""} for item in norwegian] == [
        {**item, "text": ""} for item in english
    ]
    defaults = [item["text"] for item in norwegian if item["kind"] == "default"]
    assert defaults and all("samarbeid antar" in text for text in defaults), defaults


def _warnings_in_bokmal(runner: CliRunner, data: Path, *extra: str) -> list[str]:
    """The messages of `validate --json`'s warnings, in bokmål."""
    result = runner.invoke(app, ["validate", str(data), "--json", *extra], env=NB)
    assert result.exit_code == 0, result.output
    return [warning["message"] for warning in json.loads(result.stdout)["warnings"]]


def test_unknown_weekday_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    data = data_folder(arenas={"testteam": ARENA.replace("weekday: friday", "weekday: fredga")})
    result = runner.invoke(app, ["validate", str(data)], env=NB)

    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert (
        "frequency.weekday: ukjent ukedag 'fredga'; mente du 'fredag'? skriv mandag–fredag "
        "(nynorsk måndag, tysdag), eller på engelsk monday–friday"
    ) in result.stderr


def test_stated_count_warning_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    arena = with_frequency(
        "  kind: monthly\n  weekday: tuesday\n  week: 2\n  per_year: 12\n"
    ).replace("frequency:", "school_calendar: true\nfrequency:")
    data = data_folder(arenas={"testteam": arena})

    assert _warnings_in_bokmal(runner, data, "--today", "2026-12-01") == [
        "kilden oppgir 12 møter i året, men skoleåret 2026-27 har 11 "
        "(mistet: juli 2026 (sommerferie))",
        "kilden oppgir 12 møter i året, men skoleåret 2027-28 har 11 "
        "(mistet: juli 2027 (sommerferie))",
    ]


def test_stale_frequency_text_warning_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    stale = with_frequency(
        "  kind: every_n_weeks\n  every_weeks: 2\n  weekday: tuesday\n  anchor: 2026-08-25\n"
        "  text: hver 2. uke på fredager kl. 08.30\n"
    ).replace("start: 08:30", "start: 09:00")
    data = data_folder(arenas={"testteam": stale})

    assert (
        "nevner friday, men regelen møtes på tuesday; sier kl. 08.30, men møtet starter kl. "
        "09.00; denne teksten kommer med i innkallinger og dokumenter, så oppdater den sammen "
        "med regelen"
    ) in _warnings_in_bokmal(runner, data)


def test_overdue_revision_warning_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    arena = (
        ARENA
        + "revision:\n  interval_months: 12\n  responsible: arena\n  last_revised: 2025-01-15\n"
    )
    data = data_folder(arenas={"testteam": arena})

    assert _warnings_in_bokmal(runner, data, "--today", "2026-11-22") == [
        "revisjon av rutinen skulle vært gjort 2026-01-15 (sist revidert 2025-01-15, hver 12. "
        "måned)"
    ]


def test_missing_school_year_warning_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    arena = ARENA.replace("meeting:", "school_calendar: true\nmeeting:")
    data = data_folder(arenas={"testteam": arena})

    assert _warnings_in_bokmal(runner, data, "--today", "2028-06-01") == [
        "mangler skoleåret 2028-29, som det kommende halvåret 2028-H2 trenger; legg det til før "
        "du kjører schedule for 2028-H2"
    ]


def test_check_consent_row_errors_and_summary_in_bokmal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row's place and field as in English, the sentence and the summary in bokmål."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "register").mkdir()
    (tmp_path / "register" / "samtykker.csv").write_text(
        "log_id;unit;holder;kind;given\n"
        "L-0001;Skole;Kontaktlærer;logg;31.02.2025\n"
        "L-0002;Skole;Kontaktlærer;logg;2025-01-10;extra\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["check-consent", "register/samtykker.csv", "--as-of", "2026-02-01"], env=NB
    )

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "register/samtykker.csv:2:5: given: er ikke en virkelig dato (fikk '31.02.2025')",
        "register/samtykker.csv:3:6: har 6 celler, men overskriftsraden har 5 kolonner",
        "samarbeid: 2 problem(er) i rader i register/samtykker.csv; de andre radene ble "
        "kontrollert.",
    ]


def test_check_consent_header_errors_in_bokmal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samtykker.csv").write_text("log_id;unit;holdr;kind;given\n", encoding="utf-8")
    result = runner.invoke(app, ["check-consent", "samtykker.csv"], env=NB)

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[:2] == [
        "samtykker.csv:1:3: ukjent kolonne 'holdr', mente du 'holder'?",
        "samtykker.csv:1:1: overskriftsraden mangler kolonnen 'holder'",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        pytest.param(
            ["--round", "2027/1"],
            "--round må være ÅÅÅÅ-N, for eksempel 2027-1 (fikk '2027/1')",
            id="form",
        ),
        pytest.param(
            ["--round", "2027-4"],
            "--round: 2027 har rundene 1 til 3 (månedene 2, 5, 11), ikke 4",
            id="no-fourth-round",
        ),
        pytest.param(
            ["--round", "2027-1", "--date", "2027-02-01"],
            "oppgi --round eller --date, ikke begge",
            id="both",
        ),
    ],
)
def test_checklist_round_usage_errors_in_bokmal(
    runner: CliRunner, options: list[str], message: str
) -> None:
    result = runner.invoke(
        app, ["checklist", "-m", "inderoy", "--data", str(BUNDLED_DATA), *options], env=NB
    )

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"samarbeid: {message}\n"


def test_agenda_on_a_day_without_a_meeting_in_bokmal(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    """Testteam meets every second Friday from 2026-08-21; a Thursday names the nearest."""
    data = data_folder()
    result = runner.invoke(
        app,
        ["agenda", "-m", "testvik", "-a", "testteam", "--date", "2027-01-07", "--data", str(data)],
        env=NB,
    )

    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr.startswith(
        "samarbeid: --date: Testteam (testteam) har ikke møte 2027-01-07; de nærmeste: "
    ), result.stderr


def test_diff_unknown_revision_in_bokmal(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_folder()
    init(tmp_path)
    commit_all(tmp_path, "Testvik: first routines")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "v2030"], env=NB)

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "samarbeid: ukjent revisjon 'v2030': git har ingen slik gren, tagg eller commit her\n"
    )


def test_bad_period_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    result = runner.invoke(
        app,
        ["conflicts", "-m", "testvik", "--period", "2027-H3", "--data", str(data_folder())],
        env=NB,
    )

    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "samarbeid: --period må se ut som 2027-H1 eller 2026-H2 (fikk '2027-H3')\n"
    )


def test_double_booking_warning_in_bokmal(runner: CliRunner, data_folder: DataFolder) -> None:
    other = ARENA.replace("name: Testteam", "name: Rektormøte")
    data = data_folder(arenas={"testteam": ARENA, "rektormote": other})

    assert _warnings_in_bokmal(runner, data, "--today", "2026-12-01")[0] == (
        "rektormote 2027-01-08 08:30-09:30 overlapper testteam (08:30-09:30), og "
        "role:koordinator, role:rektor, service:ppt er forventet på begge (dobbeltbooking i "
        "2027-H1; se samarbeid conflicts)"
    )

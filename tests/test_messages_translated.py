"""Under a Norwegian locale nothing the tool says is English (issue 21): typer's usage errors,
pydantic's error kinds, and every message of the catalogue. The walk over the code fails on a
user-facing text written outside `_()`, so a new English-only message cannot slip in."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pydantic_core
import pytest
from babel.messages.pofile import read_po
from pydantic_core import ErrorDetails
from typer.testing import CliRunner

from samarbeid_cli import i18n
from samarbeid_cli.loading.messages import describe
from tests.conftest import ARENA, BUNDLED_DATA, MUNICIPALITY, ROOT, DataFolder, app
from tests.identity_numbers import identity_number

LOCALE = ROOT / "src" / "samarbeid_cli" / "locale"
SOURCE = ROOT / "src" / "samarbeid_cli"
UNSET = {"SAMARBEID_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
NB = {**UNSET, "LANG": "nb_NO.UTF-8", "COLUMNS": "200"}
LANGUAGES = ["nb", "nn"]
NN = {**UNSET, "LANG": "nn_NO.UTF-8", "COLUMNS": "200"}

# Words that give English away in a message (none of them is a Norwegian word).
ENGLISH = re.compile(
    r"\b(the|should|must|missing|invalid|such|option|value|unknown|cannot|does|not|"
    r"with|without|input|expected|error|wrote|next|give|valid|is|are|or|and)\b",
    re.IGNORECASE,
)


def _english_words(text: str) -> list[str]:
    """English words in `text`, leaving out what is quoted or a placeholder ('--name',
    {path}), which is the same in every language."""
    plain = re.sub(r"'[^']*'|\{[^}]*\}|--[\w-]+|`[^`]*`|\S+\.(?:yaml|yml|csv|json|ics)\b", "", text)
    return ENGLISH.findall(plain)


# -- typer's usage errors ---------------------------------------------------------------------

USAGE_ERRORS = [
    pytest.param(["schedule", "--nope"], "Ukjent valg: --nope", id="no such option"),
    pytest.param(
        ["schedule", "--tod"],
        "Ukjent valg: --tod (mulige valg: --out, --period, --today)",
        id="no such option, with the close ones",
    ),
    pytest.param(["init"], "Mangler argumentet 'DIR'.", id="missing argument"),
    pytest.param(["init", "ny"], "Mangler valget '--name'.", id="missing option"),
    pytest.param(["schedule", "-m"], "Valget '-m' trenger en verdi.", id="requires a value"),
    pytest.param(
        ["agenda", "--due", "--within", "abc"],
        "Ugyldig verdi for '--within': må være et helt tall (fikk 'abc')",
        id="not a number",
    ),
    pytest.param(
        ["agenda", "--due", "--within", "99999"],
        "Ugyldig verdi for '--within': må være 366 eller mindre (fikk 99999)",
        id="out of range",
    ),
    pytest.param(
        ["schedule", "-m", "selbu", "--format", "xyz"],
        "Ugyldig verdi for '--format' / '-f': 'xyz' er ikke en av 'table', 'json', 'ics'.",
        id="not a choice",
    ),
    pytest.param(["validate", "a", "b"], "Uventet ekstra argument (b)", id="extra argument"),
    pytest.param(["frobnicate"], "Ukjent kommando 'frobnicate'.", id="no such command"),
    pytest.param(
        ["--lang", "xx", "validate"],
        "Ugyldig verdi for '--lang': må være nb",
        id="our own BadParameter in typer's frame",
    ),
]


@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS)
def test_typer_usage_errors_in_bokmal(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(app, args, env=NB)

    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert expected in result.stderr, result.stderr
    panel = [line.strip("│ ") for line in result.stderr.splitlines() if line.startswith("│")]
    assert all(not _english_words(line) for line in panel), panel


def test_typer_usage_errors_stay_english_otherwise(runner: CliRunner) -> None:
    result = runner.invoke(app, ["schedule", "--nope"], env={**UNSET, "COLUMNS": "200"})

    assert result.exit_code == 2
    assert "No such option: --nope" in result.stderr


# -- pydantic's error kinds --------------------------------------------------------------------

ERROR_KINDS = sorted(typing.get_args(pydantic_core.core_schema.ErrorType))
# Values pydantic puts in `ctx` for the kinds whose message uses them.
CONTEXT = {
    "ge": 1,
    "gt": 0,
    "le": 10,
    "lt": 11,
    "min_length": 1,
    "max_length": 3,
    "expected": "'logg' or 'samarbeid'",
    "tag": "fortnightly",
    "expected_tags": "'weekly', 'monthly'",
    "discriminator": "'kind'",
    "multiple_of": 2,
    "error": "x",
    "pattern": "^a$",
    "actual_length": 5,
    "field_type": "Value",
    "class_name": "Arena",
    "class": "Arena",
}


def _error(kind: str) -> ErrorDetails:
    return {"type": kind, "loc": ("field",), "msg": "Input should be valid", "input": "x"} | {
        "ctx": CONTEXT
    }  # type: ignore[return-value]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [k for k in ERROR_KINDS if k != "value_error"])
def test_every_pydantic_error_kind_is_said_in_our_words(kind: str, language: str) -> None:
    """Pydantic's own sentence ("Input should be ...") is never shown; every kind it can
    report, the ones samarbeid's data meets and any other, comes out in the user's language."""
    i18n.use("en")
    english = describe(_error(kind))
    i18n.use(language)
    try:
        norwegian = describe(_error(kind))
    finally:
        i18n.use("en")

    assert "Input should" not in english
    assert norwegian != english, kind
    assert not _english_words(norwegian), (kind, norwegian)


def test_a_list_of_allowed_values_says_or_in_norwegian(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    arena = ARENA.replace("  form: digital\n", "  form: hybridish\n")
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data)], env=NB)

    assert result.exit_code == 1
    assert "meeting.form: må være en av 'digital', 'physical' eller 'hybrid'" in result.stderr, (
        result.stderr
    )


# -- the messages the issue found in English ---------------------------------------------------

ROLE_TYPO = ARENA.replace("  - role: rektor\n", "  - role: rektr\n")
ANCHOR_ON_THURSDAY = ARENA.replace("anchor: 2026-08-21", "anchor: 2026-08-20")
DUPLICATE_KEY = ARENA.replace("name: Testteam\n", "name: Testteam\nname: Testteam 2\n")
NOT_A_DATE = ARENA.replace("anchor: 2026-08-21", "anchor: 2026-02-30")
IDENTITY_NUMBER = ARENA.replace("Drøfte felles tema.", "Drøfte 01010112345 felles tema.")


@pytest.mark.parametrize(
    ("arena", "expected"),
    [
        pytest.param(ROLE_TYPO, "ukjent rolle 'rektr'; mente du 'rektor'?", id="unknown role"),
        pytest.param(
            ANCHOR_ON_THURSDAY,
            "frequency.anchor: 2026-08-20 er en torsdag, men weekday er friday",
            id="weekday against anchor",
        ),
        pytest.param(
            DUPLICATE_KEY,
            "name: duplisert nøkkel 'name' (først definert på linje 1, kolonne 1)",
            id="duplicate key",
        ),
        pytest.param(
            NOT_A_DATE,
            "frequency.anchor: er ikke en virkelig dato (fikk '2026-02-30')",
            id="not a real date",
        ),
    ],
)
def test_validate_messages_in_bokmal(
    runner: CliRunner, data_folder: DataFolder, arena: str, expected: str
) -> None:
    data = data_folder(arenas={"testteam": arena})
    result = runner.invoke(app, ["validate", str(data)], env=NB)

    assert result.exit_code == 1, result.output
    assert expected in result.stderr, result.stderr
    for line in result.stderr.splitlines():
        assert not _english_words(line.split(": ", 1)[-1].split(": ", 1)[-1]), line


def test_identity_number_in_bokmal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The privacy guard's sentence, with the number blanked out."""
    folder = tmp_path / "data"
    (folder / "municipalities").mkdir(parents=True)
    (folder / "arenas" / "testvik").mkdir(parents=True)
    (folder / "municipalities" / "testvik.yaml").write_text(MUNICIPALITY, encoding="utf-8")
    number = identity_number(1, 1, 2001)
    (folder / "arenas" / "testvik" / "testteam.yaml").write_text(
        IDENTITY_NUMBER.replace("01010112345", number), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", str(folder)], env=NB)

    assert result.exit_code == 1
    assert (
        "ser ut som et fødselsnummer eller D-nummer; fjern det: datafiler beskriver roller, "
        in (result.stderr)
    )
    assert number not in result.stderr


def test_unit_error_in_bokmal(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["checklist", "-m", "inderoy", "--data", str(BUNDLED_DATA), "--unit", "nope"],
        env=NB,
    )

    assert result.exit_code in (1, 2), result.output
    assert "--unit: ingen enhet 'nope'; enhetene er: " in result.stderr, result.stderr


def test_consent_register_size_in_bokmal(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samtykker.csv").write_bytes(b"log_id;unit;holder;kind;given\n" * 200_000)
    result = runner.invoke(app, ["check-consent", "samtykker.csv"], env=NB)

    assert result.exit_code == 1
    assert result.stderr == (
        "samarbeid: samtykker.csv er større enn 5 MB; er det et samtykkeregister?\n"
    )


def test_init_in_bokmal(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "ny"
    result = runner.invoke(
        app,
        ["init", str(folder), "--name", "Tydal kommune", "--kommunenummer", "5033", "--no-git"],
        env=NB,
    )

    assert result.exit_code == 0, result.output
    assert all(line.startswith("skrev ") for line in result.stdout.splitlines())
    assert result.stderr.startswith("neste: cd ")
    again = runner.invoke(
        app, ["init", str(folder), "--name", "Tydal kommune", "--kommunenummer", "5033"], env=NB
    )
    assert again.exit_code == 1
    assert "finnes allerede og er ikke tom; init overskriver aldri" in again.stderr
    bad = runner.invoke(
        app, ["init", str(tmp_path / "x"), "--name", "X", "--kommunenummer", "12"], env=NB
    )
    assert bad.stderr == "samarbeid: --kommunenummer må være 4 sifre, som 0301 (fikk '12')\n"


def test_assumptions_output_in_bokmal(runner: CliRunner) -> None:
    """The tool's own sentences; the notes the data writes are the data's own words."""
    result = runner.invoke(app, ["assumptions", "--data", str(BUNDLED_DATA)], env=NB)

    assert result.exit_code == 0, result.output
    own = [line for line in result.stdout.splitlines() if "[assumption]" not in line]
    assert any("samarbeid antar 7 dager" in line for line in own)
    assert any("skoleåret 2026-27" in line for line in own)
    for line in own[:-1]:
        text = line.split(": ", 2)[-1].rsplit(" [", 1)[0]
        assert not _english_words(text.split(" er merket ")[0]), line


@pytest.mark.parametrize("command", ["agenda", "minutes", "overview", "routine", "diff"])
def test_help_examples_in_bokmal(runner: CliRunner, command: str) -> None:
    result = runner.invoke(app, [command, "--help"], env=NB, terminal_width=200)

    assert result.exit_code == 0, result.output
    assert "Eksempler:" in result.stdout
    assert "Examples" not in result.stdout
    examples = result.stdout.split("Eksempler:")[1]
    assert f"samarbeid {command}" in examples
    descriptions = re.sub(r"samarbeid [^\n(]*", "", examples)
    assert not _english_words(descriptions), descriptions


# -- every message -----------------------------------------------------------------------------

# Messages that are rightly the same in Norwegian: a placeholder or a name only.
SAME_IN_NORWEGIAN = {
    "arena",
    "{first} and {second} have no common history",
}


def _catalogue(language: str) -> list[tuple[str, str]]:
    with (LOCALE / language / "LC_MESSAGES" / "samarbeid.po").open("rb") as handle:
        catalogue = read_po(handle)
    pairs = []
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        pairs += [(ids[0], text or "") for text in strings]
        if message.fuzzy:
            pairs.append((ids[0], ""))
    return pairs


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_of_the_catalogue_is_translated(language: str) -> None:
    untranslated = [
        msgid
        for msgid, text in _catalogue(language)
        if not text or (text == msgid and _english_words(msgid) and msgid not in SAME_IN_NORWEGIAN)
    ]
    assert untranslated == []


# Calls whose text arguments the user reads.
SHOWN_BY = {"Finding", "echo", "print", "problem", "refuse", "_finding"}
MARKED = {"_", "ngettext", "N_"}
# Texts that are not language: a command line to copy, an option and the reason after it.
NOT_LANGUAGE = {"cd {} && samarbeid validate && pre-commit install"}


def _has_words(text: str) -> bool:
    """Whether `text` has words once placeholders, rich markup and the prefix are gone."""
    bare = re.sub(r"\{[^}]*\}|\[/?[\w ]+\]|--[\w-]+|^samarbeid:?", "", text)
    return bool(re.search(r"[A-Za-z]{2,}", bare)) and text not in NOT_LANGUAGE


def _unmarked_texts(node: ast.AST) -> list[ast.expr]:
    """The texts in an argument that reach the user without `_()`: the argument itself, the
    pieces it is joined from, and the text `.format()` fills in; not what other calls take."""
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) and _has_words(node.value) else []
    if isinstance(node, ast.JoinedStr):
        text = "".join(
            str(value.value) if isinstance(value, ast.Constant) else "{}" for value in node.values
        )
        return [node] if _has_words(text) else []
    if isinstance(node, ast.BinOp):
        return _unmarked_texts(node.left) + _unmarked_texts(node.right)
    if isinstance(node, ast.IfExp):
        return _unmarked_texts(node.body) + _unmarked_texts(node.orelse)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _unmarked_texts(func.value)
    return []


def _is_yaml_error(call: ast.Call) -> bool:
    """PyYAML's own error objects, matched by their English text further on."""
    return "yaml." in ast.unparse(call.func)


def test_no_message_is_written_outside_the_catalogue() -> None:
    """Every text raised in an error or warning, or printed, goes through `_()`: the walk over
    the code that finds what the catalogue could miss."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            shown: list[ast.AST] = []
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                if not _is_yaml_error(node.exc):
                    shown = [*node.exc.args, *(k.value for k in node.exc.keywords)]
            elif isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in SHOWN_BY:
                    shown = list(node.args[4:5] if name == "Finding" else node.args)
            for argument in shown:
                for text in _unmarked_texts(argument):
                    where = path.relative_to(ROOT)
                    found.append(f"{where}:{text.lineno}: {ast.unparse(text)[:80]}")
    assert not found, "\n".join(found)


# -- nynorsk ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "options"),
    [
        pytest.param(NN, [], id="LANG=nn_NO.UTF-8"),
        pytest.param({**UNSET, "SAMARBEID_LANG": "nn", "LANG": "nb_NO.UTF-8"}, [], id="variable"),
        pytest.param({**UNSET, "LANG": "en_US.UTF-8"}, ["--lang", "nn"], id="--lang nn"),
        pytest.param({**UNSET, "LC_MESSAGES": "nn_NO.UTF-8", "LANG": "C"}, [], id="LC_MESSAGES"),
    ],
)
def test_nynorsk_is_chosen_by_locale_variable_or_option(
    runner: CliRunner, data_folder: DataFolder, env: dict[str, str | None], options: list[str]
) -> None:
    data = data_folder(arenas={"testteam": ROLE_TYPO})
    result = runner.invoke(app, [*options, "validate", str(data)], env=env)

    assert result.exit_code == 1
    assert "ukjend rolle 'rektr'; meinte du 'rektor'?" in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == "samarbeid: 1 problem i 1 fil(er)."


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["schedule", "--tod"], "Ukjend val: --tod (moglege val: --out, --period, --today)"),
        (["init", "ny"], "Manglar valet '--name'."),
        (
            ["agenda", "--due", "--within", "abc"],
            "Ugyldig verdi for '--within': må vere eit heilt tal (fekk 'abc')",
        ),
    ],
)
def test_typer_usage_errors_in_nynorsk(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(app, args, env=NN)

    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr


def _workspace(tmp_path: Path, malform: str) -> Path:
    folder = tmp_path / "arbeidsomrade"
    (folder / "data" / "municipalities").mkdir(parents=True)
    (folder / "data" / "arenas" / "testvik").mkdir(parents=True)
    (folder / "data" / "municipalities" / "testvik.yaml").write_text(
        MUNICIPALITY.replace("malform: nb", f"malform: {malform}"), encoding="utf-8"
    )
    (folder / "data" / "arenas" / "testvik" / "testteam.yaml").write_text(
        ROLE_TYPO, encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize(
    ("malform", "expected"),
    [("nn", "ukjend rolle 'rektr'; meinte du"), ("nb", "ukjent rolle 'rektr'; mente du")],
)
def test_without_a_locale_the_municipality_decides(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    malform: str,
    expected: str,
) -> None:
    """A coordinator in Aukra with no locale set reads nynorsk, in the workspace or with
    --workspace from anywhere."""
    folder = _workspace(tmp_path, malform)
    monkeypatch.chdir(folder)
    inside = runner.invoke(app, ["validate"], env=UNSET)
    monkeypatch.chdir(tmp_path)
    elsewhere = runner.invoke(app, ["--workspace", str(folder), "validate"], env=UNSET)

    for result in (inside, elsewhere):
        assert result.exit_code == 1
        assert expected in result.stderr, result.stderr


def test_a_locale_still_wins_over_the_municipality(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_workspace(tmp_path, "nn"))
    english = runner.invoke(app, ["validate"], env={**UNSET, "LANG": "C"})
    bokmal = runner.invoke(app, ["validate"], env={**UNSET, "LANG": "nb_NO.UTF-8"})

    assert "unknown role 'rektr'" in english.stderr
    assert "ukjent rolle 'rektr'" in bokmal.stderr


def test_several_municipalities_have_no_one_malform(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled data (Selbu bokmål, Aukra nynorsk, ...) with nothing set: English."""
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["schedule", "--nope"], env=UNSET)

    assert "No such option: --nope" in result.stderr


# Bokmål forms a nynorsk message must not have (the nb catalogue uses each of them).
BOKMAL_FORMS = re.compile(
    r"\b(ikke|ble|være|fikk|hver|hvert|fra|noe|noen|mangler|finnes|enhet|enheten|enheter|"
    r"tjeneste|tjenester|uke|uker|ukedag|måned|dager|møtene|rutina|skoleår|skoleåret|mente|"
    r"kjent|ukjent|bare|mer|flere|selv|uten|tidligere|kommende|navn|filen|mappen|"
    r"dataene|skrevet|kjøre|kjører|trenger|gjelder|skriver|advarsler|tall|meldinger)\b",
    re.IGNORECASE,
)


def test_nynorsk_catalogue_has_no_bokmal_forms() -> None:
    bokmal = [
        (msgid, text)
        for msgid, text in _catalogue("nn")
        if BOKMAL_FORMS.search(re.sub(r"'[^']*'|\{[^}]*\}|--[\w-]+|[\w-]+--[\w-]+", "", text))
    ]
    assert bokmal == []

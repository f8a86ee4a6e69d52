"""The privacy guard sees an identity number however it is written (issue 17): behind invisible
characters, as HTML entities, with any separator, in every file under data/, in both revisions
of `diff` and in the arguments of every command. Each refusal is exit 1 (2 for an argument)
with the place it was found, the number is never printed, and nothing is written.

Identity numbers are computed at run time (tests/identity_numbers.py), never stored.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app
from tests.git_repos import commit_all, init
from tests.identity_numbers import identity_number

FNR = identity_number(15, 3, 12)
HEAD, TAIL = FNR[:6], FNR[6:]
ARENA_FILE = "data/arenas/testvik/testteam.yaml"
MESSAGE = (
    "privacy: looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "data files describe roles, never people"
)
NAME_MESSAGE = (
    "privacy: the file name looks like a national identity number (fødselsnummer or D-nummer); "
    "rename the file: data files describe roles, never people"
)
LOCK_SUFFIX = ".samarbeid-lock"
# Testteam meets every other Friday from 2026-08-21: 2027-01-08 is one of its meetings.
MEETING = "2027-01-08"


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder under `root` with its bytes (None for a folder)."""
    entries: dict[str, bytes | None] = {}
    for folder, folders, files in os.walk(root):
        for name in [*folders, *files]:
            path = Path(folder) / name
            if name.endswith(LOCK_SUFFIX):
                continue
            is_file = stat.S_ISREG(os.lstat(path).st_mode)
            entries[str(path.relative_to(root))] = path.read_bytes() if is_file else None
    return entries


def _invoke(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "bug in samarbeid" not in output, output
    return result.exit_code, result.stdout, result.stderr


def _never_shown(output: str) -> None:
    for part in (FNR, HEAD, TAIL):
        assert part not in output, output


def _arena_with_mandate(value: str) -> str:
    return ARENA.replace("mandate: Drøfte felles tema.", f"mandate: {value}")


def _entity(digit: str) -> str:
    return f"&#{ord(digit)};"


# (the mandate as written in the file, the column the number starts at)
SPELLINGS = [
    pytest.param(f"Sak {HEAD}\u200b{TAIL}", 14, id="zero-width-space"),
    pytest.param(f"Sak {HEAD}\u2060{TAIL}", 14, id="word-joiner"),
    pytest.param(f"Sak {HEAD}\u00ad{TAIL}", 14, id="soft-hyphen"),
    pytest.param(f"Sak {FNR[:3]}\u200c{FNR[3:8]}\ufeff{FNR[8:]}", 14, id="several-invisible"),
    pytest.param(f'"Sak {HEAD}\\u200b{TAIL}"', 15, id="yaml-escape-zero-width-space"),
    pytest.param(f'"Sak {HEAD}\\u00AD{TAIL}"', 15, id="yaml-escape-soft-hyphen"),
    pytest.param(f"Sak {_entity(FNR[0])}{FNR[1:]}", 14, id="html-decimal-entity"),
    pytest.param(f"Sak &#x{ord(FNR[0]):x};{FNR[1:]}", 14, id="html-hex-entity"),
    pytest.param(f"Sak {''.join(_entity(d) for d in FNR)}", 14, id="html-entity-every-digit"),
    pytest.param(f"Sak {HEAD}&nbsp;{TAIL}", 14, id="html-named-entity"),
    pytest.param(f"Sak {HEAD}&shy;{TAIL}", 14, id="html-soft-hyphen"),
    pytest.param(f"Sak {HEAD}&amp;#8203;{TAIL}", 14, id="html-entity-escaped-twice"),
    pytest.param(f"Sak {HEAD}\u2014{TAIL}", 14, id="em-dash"),
    pytest.param(f"Sak {HEAD} \u2014 {TAIL}", 14, id="spaced-em-dash"),
    pytest.param(f"Sak {HEAD}\u2212{TAIL}", 14, id="minus-sign"),
    pytest.param(f"Sak {HEAD}/{TAIL}", 14, id="slash"),
    pytest.param(f"Sak {HEAD} / {TAIL[:3]}_{TAIL[3:]}", 14, id="slash-and-underscore"),
    pytest.param(f"Sak ({HEAD}) {TAIL}", 15, id="brackets"),
    pytest.param("Sak " + "".join(chr(0xFF10 + int(d)) for d in FNR), 14, id="fullwidth-digits"),
    pytest.param(f"Sak {HEAD}%E2%80%8B{TAIL}", 14, id="percent-encoded"),
]


@pytest.mark.parametrize(("mandate", "column"), SPELLINGS)
def test_a_number_written_any_way_stops_schedule_before_it_writes(
    runner: CliRunner,
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    mandate: str,
    column: int,
) -> None:
    """`validate` refuses it at its line and column, and `schedule` writes no .ics with it."""
    data_folder(arenas={"testteam": _arena_with_mandate(mandate)})
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)

    code, out, err = _invoke(
        runner, "schedule", "-m", "testvik", "--period", "2027-H1", "--out", "out",
        "--invitations", "inv", "--stamp", "2026-12-01T09:00:00Z",
    )  # fmt: skip

    assert code == 1, err
    assert err.splitlines()[0] == f"{ARENA_FILE}:3:{column}: {MESSAGE}", err
    assert err.splitlines()[-1] == "samarbeid: 1 problem in 1 file(s); nothing was written."
    _never_shown(out + err)
    assert _snapshot(tmp_path) == before


TOPIC = """\
title: Overgang barnehage-skole
submitted_by: {role: rektor}
kind: decision
minutes_needed: 20
description: Gjelder %s.
"""


def test_a_topic_with_a_hidden_number_stops_agenda(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    topic = f"arenas/testvik/testteam/topics/{MEETING}-overgang.yaml"
    data_folder(extra={topic: TOPIC % f"{HEAD}\u200b{TAIL}"})
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)

    code, out, err = _invoke(
        runner, "agenda", "-m", "testvik", "-a", "testteam", "--date", MEETING,
        "--out", "saksliste.md",
    )  # fmt: skip

    assert code == 1, err
    assert err.splitlines()[0] == f"data/{topic}:5:22: {MESSAGE}"
    _never_shown(out + err)
    assert _snapshot(tmp_path) == before


REGISTER_HEADER = "log_id;unit;holder;kind;given;expires;birth_year;withdrawn;log_status\n"
REGISTER_MESSAGE = (
    "looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "the register names logs by pseudonymous id only"
)


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        pytest.param(
            "samtykker.csv",
            REGISTER_HEADER + f"L-0002;Skole;Elev {HEAD}\u200b{TAIL};logg;2025-01-10;;;;\n",
            f"register/samtykker.csv:2:3: holder: {REGISTER_MESSAGE}",
            id="csv-zero-width-space",
        ),
        pytest.param(
            "samtykker.csv",
            REGISTER_HEADER
            + f'L-0002;Skole;"Elev {_entity(FNR[0])}{FNR[1:]}";logg;2025-01-10;;;;\n',
            f"register/samtykker.csv:2:3: holder: {REGISTER_MESSAGE}",
            id="csv-html-entity",
        ),
        pytest.param(
            "samtykker.yaml",
            f'- {{log_id: L-0002, unit: Skole, holder: "Elev {HEAD}\\u2060{TAIL}", kind: logg, '
            "given: 2025-01-10}\n",
            f"register/samtykker.yaml:1:47: {REGISTER_MESSAGE}",
            id="yaml-escape",
        ),
        pytest.param(
            "samtykker.yaml",
            f"- log_id: L-0002\n  unit: Skole\n  holder: Elev {HEAD}\n    {TAIL}\n"
            "  kind: logg\n  given: 2025-01-10\n",
            f"register/samtykker.yaml:3:11: {REGISTER_MESSAGE}",
            id="yaml-over-two-lines",
        ),
    ],
)
@pytest.mark.parametrize("out", [None, "funn.txt"], ids=["stdout", "out-file"])
def test_a_register_cell_with_a_hidden_number_is_refused(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    body: str,
    message: str,
    out: str | None,
) -> None:
    """Neither printed by `check-consent` nor written to disk with `--out`."""
    register = tmp_path / "register" / name
    register.parent.mkdir()
    register.write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)

    options = ["--out", out] if out else []
    code, stdout, err = _invoke(
        runner, "check-consent", f"register/{name}", "--as-of", "2026-02-01", *options
    )

    assert code == 1, err
    assert stdout == ""
    assert err.splitlines() == [message, "samarbeid: 1 problem in 1 file(s); nothing was written."]
    _never_shown(stdout + err)
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(
            ("site", "-m", "testvik", "--out", "nettsted", "--today", "2026-11-22"), id="site"
        ),
        pytest.param(
            ("routine", "-m", "testvik", "-a", "testteam", "-f", "html", "--out", "r.html"),
            id="routine-html",
        ),
        pytest.param(
            ("routine", "-m", "testvik", "-a", "testteam", "-f", "docx", "--out", "r.docx"),
            id="routine-docx",
        ),
    ],
)
def test_an_entity_for_one_digit_stops_the_published_documents(
    runner: CliRunner,
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
) -> None:
    """`Sak &#49;` and ten more digits would render as the whole number in HTML and docx."""
    data_folder(arenas={"testteam": _arena_with_mandate(f"Sak {_entity(FNR[0])}{FNR[1:]}")})
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)

    code, out, err = _invoke(runner, *command)

    assert code == 1, err
    assert err.splitlines()[0] == f"{ARENA_FILE}:3:14: {MESSAGE}"
    _never_shown(out + err)
    assert _snapshot(tmp_path) == before


# ------------------------------------------------------------------------------ diff


@pytest.fixture
def repo(data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository with one commit of valid data."""
    data_folder()
    init(tmp_path)
    commit_all(tmp_path, "Testvik: first routines")
    monkeypatch.chdir(tmp_path)
    return tmp_path


DIFF_FORMATS = [
    pytest.param(("--format", "text"), id="text"),
    pytest.param(("--format", "md"), id="md"),
    pytest.param(("--json",), id="json"),
]


@pytest.mark.parametrize("output", DIFF_FORMATS)
@pytest.mark.parametrize("side", ["new", "old"])
def test_diff_refuses_a_number_used_as_a_file_name(
    repo: Path, runner: CliRunner, output: tuple[str, ...], side: str
) -> None:
    """The file name would become the arena's slug in every format; at either revision."""
    numbered = repo / "data" / "arenas" / "testvik" / f"{FNR}.yaml"
    numbered.write_text(ARENA, encoding="utf-8")
    shown = "data/arenas/testvik/[identity number removed].yaml"
    if side == "old":
        commit_all(repo, "A file named by a number")
        numbered.unlink()
        shown = "HEAD:" + shown
    before = _snapshot(repo)

    code, out, err = _invoke(runner, "diff", "--today", "2026-06-01", *output)

    assert code == 1, err
    assert out == ""
    assert err.splitlines() == [
        f"{shown}:1:1: {NAME_MESSAGE}",
        "samarbeid: 1 problem in 1 file(s); nothing was written.",
    ]
    _never_shown(out + err)
    assert _snapshot(repo) == before


@pytest.mark.parametrize("output", DIFF_FORMATS)
def test_diff_refuses_a_number_in_a_changed_value(
    repo: Path, runner: CliRunner, output: tuple[str, ...]
) -> None:
    """A new mandate item would be printed as "Mandat, nytt punkt: ..." in the comment that
    the CI examples post on a pull request."""
    arena = repo / ARENA_FILE
    arena.write_text(
        _arena_with_mandate(f"\n  - Drøfte felles tema.\n  - Sak {FNR}."), encoding="utf-8"
    )

    code, out, err = _invoke(runner, "diff", "--today", "2026-06-01", *output)

    assert code == 1, err
    assert out == ""
    assert err.splitlines()[0] == f"{ARENA_FILE}:5:9: {MESSAGE}"
    _never_shown(out + err)


def test_diff_without_numbers_still_lists_other_problems(repo: Path, runner: CliRunner) -> None:
    """Only what the privacy guard finds stops diff; other invalid data is listed as before."""
    (repo / ARENA_FILE).write_text(ARENA.replace("every_weeks: 2", "every_weeks: 0"))

    code, out, err = _invoke(runner, "diff", "--today", "2026-06-01", "--json")

    assert code == 0, err
    assert json.loads(out)["new"]["errors"][0]["message"] == "must be 1 or more (got 0)"


# ------------------------------------------------------------------------- arguments

INVITE = (
    "invite", "-m", "testvik", "-a", "testteam", "--date", "2027-02-12", "--start", "10:00",
    "--stamp", "2026-12-01T09:00:00Z", "--out", "out",
)  # fmt: skip
ARGUMENT_MESSAGE = (
    "looks like a national identity number; remove it: what samarbeid writes names roles, "
    "never people"
)
CASE_MESSAGE = (
    "looks like a national identity number; use the case's reference in your case system "
    "instead (e.g. AG-2027-014)"
)


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        pytest.param((*INVITE, "--location", f"Rom {FNR}"), "--location", id="invite-location"),
        pytest.param(
            (*INVITE, "--location", f"Rom {HEAD}\u200b{TAIL}"), "--location", id="location-zwsp"
        ),
        pytest.param((*INVITE, f"--location=Rom {HEAD}-{TAIL}"), "--location", id="location-eq"),
        pytest.param((*INVITE, "--case", f"AG-{HEAD}\u200b{TAIL}"), "--case", id="case-zwsp"),
        pytest.param(
            ("wheel", "-m", "testvik", "--year", "2027", "-f", "svg", "--out", f"{FNR}.svg"),
            "--out",
            id="wheel-out-file-name",
        ),
        pytest.param(
            ("init", "ny", "--name", f"Kommune {HEAD} {TAIL}", "--kommunenummer", "9998"),
            "--name",
            id="init-name",
        ),
    ],
)
def test_a_number_in_an_argument_is_refused_before_anything_is_written(
    runner: CliRunner,
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
    option: str,
) -> None:
    """`--location` went into the .ics, the .eml and the attached agenda; every other argument
    that can reach an output is read the same way."""
    data_folder()
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)

    code, out, err = _invoke(runner, *argv)

    assert code == 2, err
    message = CASE_MESSAGE if option == "--case" else ARGUMENT_MESSAGE
    assert err.splitlines() == [f"samarbeid: {option} {message}"]
    _never_shown(out + err)
    assert _snapshot(tmp_path) == before


def test_a_number_in_a_variable_for_an_option_is_refused(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path argument is read like any other, and SAMARBEID_WORKSPACE like --workspace."""
    data_folder()
    folder = tmp_path / f"ws-{FNR}"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)

    code, out, err = _invoke(runner, "validate", str(folder))
    assert code == 2, err
    assert err.splitlines() == [f"samarbeid: PATH {ARGUMENT_MESSAGE}"]

    result = runner.invoke(app, ["validate"], env={"SAMARBEID_WORKSPACE": str(folder)})
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"samarbeid: --workspace {ARGUMENT_MESSAGE}"]
    _never_shown(out + err + result.output)


# -------------------------------------------------------------------- files under data/


def _zip_bytes() -> bytes:
    """A minimal .xlsx-like zip archive (an office document is a zip of XML files)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", f"<si><t>{FNR}</t></si>")
    return buffer.getvalue()


NOT_TEXT = [
    pytest.param(
        "arenas/testvik/notat.txt",
        lambda: f"Notat: gjelder {FNR}\n".encode("utf-16"),
        "is UTF-16 text, which the privacy guard does not read; save it as UTF-8",
        id="utf-16-txt",
    ),
    pytest.param(
        "arenas/testvik/notat.txt",
        lambda: f"Notat: gjelder {FNR}\n".encode("utf-16-le"),
        "is not UTF-8 text (it holds NUL bytes: UTF-16 without a byte-order mark, or binary "
        "data), which the privacy guard does not read; save it as UTF-8 text or remove it",
        id="utf-16-without-bom",
    ),
    pytest.param(
        "notater/møte.txt",
        lambda: f"Møte: gjelder {FNR}\n".encode("latin-1"),
        "is not UTF-8 text (another encoding, such as Latin-1 or Windows-1252), which the "
        "privacy guard does not read; save it as UTF-8",
        id="latin-1-txt",
    ),
    pytest.param(
        "arenas/testvik/deltakere.xlsx",
        _zip_bytes,
        "is an office document or a zip archive (.docx, .xlsx, .odt, ...), which the privacy "
        "guard does not read; data/ holds text files only: remove it, or keep it elsewhere",
        id="xlsx",
    ),
    pytest.param(
        "rutine.pdf",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "is a PDF document, which the privacy guard does not read; data/ holds text files "
        "only: remove it, or keep it elsewhere",
        id="pdf",
    ),
]


@pytest.mark.parametrize(("relative", "content", "reason"), NOT_TEXT)
def test_a_file_under_data_that_is_not_utf8_text_is_refused_by_name(
    runner: CliRunner,
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    relative: str,
    content: object,
    reason: str,
) -> None:
    data = data_folder()
    path = data / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    assert callable(content)
    path.write_bytes(content())
    monkeypatch.chdir(tmp_path)

    code, out, err = _invoke(runner, "validate", "data", "--today", "2026-11-22")

    assert code == 1, out + err
    assert err.splitlines()[0] == f"data/{relative}:1:1: {reason}"
    _never_shown(out + err)


def test_a_file_in_the_allow_list_is_let_through(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """data/.binary-files names the files that may be there although the guard cannot read
    them (a logo, say); a line that names nothing is a warning."""
    data = data_folder(
        extra={".binary-files": "# Kommunevåpenet til nettstedet\nbilder/*.png\nborte.pdf\n"}
    )
    (data / "bilder").mkdir()
    (data / "bilder" / "vapen.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    monkeypatch.chdir(tmp_path)

    code, out, err = _invoke(runner, "validate", "data", "--today", "2026-11-22")

    assert code == 0, out + err
    assert "data/.binary-files:3:1: no file under data/ matches 'borte.pdf'" in out + err


def test_an_allowed_file_still_has_its_name_checked(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(extra={".binary-files": "*.png\n"})
    (data / f"{FNR}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.chdir(tmp_path)

    code, out, err = _invoke(runner, "validate", "data", "--today", "2026-11-22")

    assert code == 1
    assert f"data/[identity number removed].png:1:1: {NAME_MESSAGE}" in err.splitlines()
    _never_shown(out + err)


def test_a_number_split_over_folder_and_file_name_is_found(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = data_folder(extra={f"notater/{HEAD}/{TAIL}.txt": "Notat\n"})
    assert data.is_dir()
    monkeypatch.chdir(tmp_path)

    code, out, err = _invoke(runner, "validate", "data", "--today", "2026-11-22")

    assert code == 1
    assert f"data/notater/[identity number removed].txt:1:1: {NAME_MESSAGE}" in err.splitlines()
    _never_shown(out + err)


def test_every_command_reads_its_arguments_with_the_guard() -> None:
    """The argument check sits in the class every command is made with; a command made
    without it would take `--location` or `--out` unread."""
    import typer.main
    from typer.core import TyperGroup

    from samarbeid_cli.cli.options import Command

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    assert {name for name, cmd in group.commands.items() if not isinstance(cmd, Command)} == set()


def test_every_format_character_of_unicode_is_read_through() -> None:
    """Every character of category Cf that this Python knows hides nothing, inside a group
    as well as between two (`1503<Cf>12 00188` is not the account number grouping)."""
    import sys
    import unicodedata

    from samarbeid_cli.models.identity_number import identity_number_spans

    hiding = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf"
        and [
            digits for *_, digits in identity_number_spans(f"{FNR[:4]}{chr(code)}{FNR[4:6]} {TAIL}")
        ]
        != [FNR]
    ]
    assert hiding == []

"""Read a consent register (CSV or YAML) into records, row by row.

A register is personal data about children's cases: it is read from wherever the leader keeps
it, never from the repository, and a cell that holds a national identity number refuses the
whole file. A row that cannot be read is reported with its line and the other rows are still
read, so one typo does not hide an expired consent.
"""

from __future__ import annotations

import csv
import difflib
import io
import subprocess
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from samarbeid_cli.errors import DataError, InputError
from samarbeid_cli.i18n import N_, _
from samarbeid_cli.loading import git, messages, privacy, yaml_source
from samarbeid_cli.loading.reading import display, read_input_file
from samarbeid_cli.models.consent import COLUMNS, ConsentRecord, ConsentRegister, RegisterRow
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.identity_number import identity_number_spans

_REQUIRED = ("log_id", "unit", "holder", "kind", "given")
_MAX_FILE_BYTES = 5_000_000
PRIVACY_MESSAGE = N_(
    "looks like a national identity number (fødselsnummer or D-nummer); remove it: "
    "the register names logs by pseudonymous id only"
)


def tracked_by_git(path: Path) -> tuple[Path, Path] | None:
    """The root of the git work tree that tracks `path` and the file it tracks, or None (also
    when git is missing).

    Both the name given and the file it leads to are asked about: a symbolic link outside
    the repository to a register that git tracks is the same register.
    """
    for candidate in dict.fromkeys((path.absolute(), path.resolve())):
        root = _tracked(candidate)
        if root is not None:
            return root, candidate
    return None


def _tracked(path: Path) -> Path | None:
    folder = path.parent
    try:
        listed = subprocess.run(
            git.command("ls-files", "--error-unmatch", "--", path.name),
            cwd=folder,
            env=git.environment(),
            capture_output=True,
            check=False,
            timeout=30,
        )
        if listed.returncode != 0:
            return None
        root = subprocess.run(
            git.command("rev-parse", "--show-toplevel"),
            cwd=folder,
            env=git.environment(),
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(root.stdout.strip()) if root.returncode == 0 else folder


def _text(path: Path, shown: str) -> str:
    raw = read_input_file(path, _MAX_FILE_BYTES, _("a consent register"))
    try:
        # utf-8-sig drops the byte-order mark Excel puts before "Lagre som CSV UTF-8".
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DataError(
            [Finding(shown, line, 1, "", _("is not UTF-8 text; save it as CSV UTF-8"))]
        ) from err


def read_register(path: Path) -> ConsentRegister:
    """Read the register at `path`: `.csv` (`;` or `,`) or `.yaml`/`.yml`.

    Raises:
        InputError: The file is tracked by git, missing, unreadable or of an unknown kind.
        DataError: A cell holds an identity number, or the header or file as a whole is wrong.
    """
    shown = display(path)
    if path.suffix.lower() not in {".csv", ".yaml", ".yml"}:
        raise InputError(
            _("{path}: a consent register must be a .csv or .yaml file").format(path=shown)
        )
    tracked = tracked_by_git(path)
    if tracked is not None:
        repository, file = tracked
        raise InputError(
            _(
                "{path} is tracked by git in {repository}; a consent register is personal "
                "data and must not live in the repository: remove it from git "
                "(git rm --cached {name}) and keep it where only the leaders can read it"
            ).format(path=shown, repository=display(repository), name=file.name)
        )
    text = _text(path, shown)
    if path.suffix.lower() == ".csv":
        return _read_csv(text, shown)
    return _read_yaml(text, shown)


def _delimiter(header: str) -> str:
    """Norwegian Excel exports use `;`, everything else `,`."""
    return ";" if header.count(";") >= header.count(",") and ";" in header else ","


def _privacy(shown: str, line: int, column: int, name: str) -> Finding:
    return Finding(shown, line, column, name, _(PRIVACY_MESSAGE))


def _read_csv(text: str, shown: str) -> ConsentRegister:
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise DataError([Finding(shown, 1, 1, "", _("the register is empty; it needs a header"))])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines[0]))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]

    refused = [
        _privacy(shown, line, index + 1, names[index] if index < len(names) else "")
        for line, cells in rows
        for index, cell in enumerate(cells)
        if identity_number_spans(cell)
    ]
    if refused:
        raise DataError(refused)

    problems = []
    for index, name in enumerate(names):
        if name not in COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.6)
            hint = (
                _(", did you mean {name}?").format(name=repr(close[0]))
                if close
                else _("; known: {known}").format(known=", ".join(COLUMNS))
            )
            problems.append(
                Finding(
                    shown,
                    header_line,
                    index + 1,
                    "",
                    _("unknown column {name}{hint}").format(name=repr(name), hint=hint),
                )
            )
    for name in _REQUIRED:
        if name not in names:
            problems.append(
                Finding(
                    shown,
                    header_line,
                    1,
                    "",
                    _("the header has no column {name}").format(name=repr(name)),
                )
            )
    if problems:
        raise DataError(problems)

    valid: list[RegisterRow] = []
    malformed: list[Finding] = []
    for line, cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(names):
            malformed.append(
                Finding(
                    shown,
                    line,
                    len(names) + 1,
                    "",
                    _("has {cells} cells but the header has {columns} columns").format(
                        cells=len(cells), columns=len(names)
                    ),
                )
            )
            continue
        data = {name: cell for name, cell in zip(names, cells, strict=False) if cell.strip()}
        source = yaml_source.SourceMap()
        source.values[()] = (line, 1)
        for index, name in enumerate(names):
            source.values[(name,)] = (line, index + 1)
        _row(data, source, shown, line, valid, malformed)
    return ConsentRegister(shown, valid, malformed)


def _row(
    data: Any,
    source: yaml_source.SourceMap,
    shown: str,
    line: int,
    valid: list[RegisterRow],
    malformed: list[Finding],
) -> None:
    try:
        valid.append(RegisterRow(line=line, record=ConsentRecord.model_validate(data)))
    except ValidationError as err:
        malformed.extend(messages.findings_from(err, data, source, shown, ConsentRecord))


def _read_yaml(text: str, shown: str) -> ConsentRegister:
    message = _(PRIVACY_MESSAGE)
    found, numbers = privacy.in_text(text, shown, message)
    document = yaml_source.parse(text, shown)
    found.extend(privacy.in_values(document.data, document.source, shown, numbers, message))
    if found:
        # Like a CSV cell's, the finding names no field: "privacy" is the data files' word.
        raise DataError([_privacy(shown, f.line, f.column, "") for f in found])
    if not document.complete:
        raise DataError(document.problems)
    items = document.data
    prefix: tuple[str | int, ...] = ()
    if isinstance(items, dict) and set(items) == {"consents"}:
        items, prefix = items["consents"], ("consents",)
    if not isinstance(items, list):
        raise DataError(
            [Finding(shown, 1, 1, "", _("must be a list of consents (or 'consents:' with a list)"))]
        )
    valid: list[RegisterRow] = []
    malformed: list[Finding] = [*document.problems]
    for index, item in enumerate(items):
        path = (*prefix, index)
        line = document.source.value(path)[0]
        source = yaml_source.SourceMap(
            values={
                key[len(path) :]: position
                for key, position in document.source.values.items()
                if key[: len(path)] == path
            },
            keys={
                key[len(path) :]: position
                for key, position in document.source.keys.items()
                if key[: len(path)] == path
            },
        )
        _row(item, source, shown, line, valid, malformed)
    return ConsentRegister(shown, valid, malformed)

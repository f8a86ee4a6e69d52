"""Find and load a data folder: every file, every problem, then one verdict.

Layout:
    data/municipalities/<slug>.yaml          a municipality
    data/municipalities/<slug>.<name>.yaml   a companion file it names (e.g. the årshjul)
    data/arenas/<municipality-slug>/<arena-slug>.yaml
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from samarbeid_cli.delivery import targets
from samarbeid_cli.errors import DataError, InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading import messages, privacy, references, yaml_source
from samarbeid_cli.loading.reading import (
    Folder,
    control_character,
    display,
    read_bytes,
    walk,
)
from samarbeid_cli.loading.yaml_source import dotted
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.municipality import AnnualWheel, Municipality
from samarbeid_cli.models.types import is_slug
from samarbeid_cli.models.workspace import Workspace

RecordT = TypeVar("RecordT", bound=BaseModel)


@dataclass
class Loaded:
    """A loaded data folder and everything found wrong with it."""

    workspace: Workspace
    findings: list[Finding] = field(default_factory=list)
    sources: dict[str, yaml_source.SourceMap] = field(default_factory=dict)
    """Display path -> where each value of that file stands (for messages about its lines)."""

    @property
    def errors(self) -> list[Finding]:
        """The findings that make the data invalid."""
        return [finding for finding in self.findings if finding.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        """The findings worth a look that do not make the data invalid."""
        return [finding for finding in self.findings if finding.severity == "warning"]


def find_data_dir(start: Path) -> Path:
    """The `data/` folder of the workspace `start` lies in (searching upwards).

    Raises:
        InputError: No folder with `municipalities/` was found.
    """
    found = targets.data_folder_of(start)
    if found is not None:
        targets.protect_workspace(found)
        return found
    raise InputError(
        _(
            "no data folder found in {start} or above it (looked for "
            "data/municipalities/); pass the folder, e.g. 'samarbeid validate "
            "path/to/data'"
        ).format(start=display(start))
    )


def _read(path: Path, folder: Folder, findings: list[Finding]) -> yaml_source.Document | None:
    raw = read_bytes(path, folder, findings)
    return None if raw is None else parse_bytes(raw, display(path), findings)


def parse_bytes(raw: bytes, shown: str, findings: list[Finding]) -> yaml_source.Document | None:
    """One data file's bytes (read from disk or from git) -> its document, or None.

    Every file goes through here: UTF-8, the privacy guard over the raw text and over every
    parsed key and value, and the positioned parser. Problems are added to `findings`.
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        findings.append(Finding(shown, line, 1, "", _("is not UTF-8 text; save it as UTF-8")))
        return None
    raw_findings, numbers = privacy.in_text(text, shown)
    findings.extend(raw_findings)
    document = yaml_source.parse(text, shown)
    findings.extend(document.problems)
    findings.extend(
        privacy.in_values(document.data, document.source, shown, numbers, texts=document.texts)
    )
    return document if document.complete else None


def validate_record(
    model: type[RecordT], document: yaml_source.Document, shown: str, findings: list[Finding]
) -> RecordT | None:
    """The document as a record of `model`, or None with its problems added to `findings`."""
    try:
        return model.model_validate(document.data)
    except ValidationError as err:
        findings.extend(
            finding
            for finding in messages.findings_from(err, document.data, document.source, shown, model)
            if (finding.line, finding.column) not in document.controlled
        )
        return None


def _slug_problem(path: Path, what: str) -> Finding | None:
    if is_slug(path.stem):
        return None
    return Finding(
        display(path),
        1,
        1,
        "",
        _(
            "the file name must be the {what}'s slug: lowercase a-z, digits and "
            "hyphens, such as 'samordningsteam-barn-og-unge.yaml'"
        ).format(what=what),
    )


def _resolve_wheel(
    data: Any, municipality_file: Path, folder: Folder, findings: list[Finding], used: set[Path]
) -> None:
    """Replace `annual_wheel: <file name>` by that file's validated content."""
    if not isinstance(data, dict) or not isinstance(data.get("annual_wheel"), str):
        return
    name = data["annual_wheel"]
    companion = municipality_file.parent / name
    if "/" in name or "\\" in name or not name.startswith(f"{municipality_file.stem}."):
        findings.append(
            Finding(
                display(municipality_file),
                1,
                1,
                "annual_wheel",
                _("must name a file beside this one called {stem}.<name>.yaml (got {name})").format(
                    stem=municipality_file.stem, name=repr(name)
                ),
            )
        )
        data["annual_wheel"] = None
        return
    if not companion.is_file():
        findings.append(
            Finding(
                display(municipality_file),
                1,
                1,
                "annual_wheel",
                _("file {name} not found").format(name=repr(name)),
            )
        )
        data["annual_wheel"] = None
        return
    used.add(companion)
    document = _read(companion, folder, findings)
    wheel = (
        None
        if document is None
        else validate_record(AnnualWheel, document, display(companion), findings)
    )
    data["annual_wheel"] = None if wheel is None else wheel.model_dump()


class Stream:
    """A data folder read one municipality at a time: iterating gives each municipality's
    file, its arena files and every check within them as a `Loaded` of that one municipality,
    and nothing of it is kept once the next is read (issue 19: a country's 11,000 files do
    not fit in memory at once as records and positions).

    The checks across municipalities (a kommunenummer used twice) and across the folder (file
    names, files nobody reads, companions nobody names) keep a small summary and report after
    the last municipality; `findings` then holds every finding of the folder in order, the
    same as `load` gives.

    Raises:
        InputError: `data_dir` is not a data folder at all (when the stream is made).
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.municipalities_dir = data_dir / "municipalities"
        self.arenas_dir = data_dir / "arenas"
        if not self.municipalities_dir.is_dir():
            raise InputError(
                _("{data_dir} is not a data folder: it has no municipalities/").format(
                    data_dir=display(data_dir)
                )
            )
        targets.protect_workspace(data_dir)
        self.findings: list[Finding] = []
        """Every finding of the folder, sorted; complete once the stream is exhausted."""
        self.arena_order: list[str] = []
        """The municipalities whose arenas loaded, in the order of their folders' names."""

    def __iter__(self) -> Iterator[Loaded]:
        data_dir = self.data_dir
        boundary = Folder.of(data_dir)
        findings: list[Finding] = []
        entries = list(walk(data_dir))
        flagged = _check_names(entries, data_dir, findings)
        companions: set[Path] = set()
        used_companions: set[Path] = set()
        # Each municipality's kommunenummer, file and where the number stands: all the check
        # across municipalities needs of them.
        numbers: dict[str, str] = {}
        files: dict[str, str] = {}
        number_fields: dict[str, tuple[int, int, str]] = {}
        folders = sorted(self.arenas_dir.iterdir()) if self.arenas_dir.is_dir() else []
        paired = {folder.name: folder for folder in folders}
        done: set[Path] = set()
        loaded_folders: set[str] = set()

        for path in sorted(self.municipalities_dir.iterdir()):
            if path in flagged or _not_yaml(path, findings):
                continue
            if "." in path.stem:
                companions.add(path)
                continue
            problem = _slug_problem(path, _("municipality"))
            if problem:
                findings.append(problem)
                continue
            part = Loaded(Workspace())
            own: list[Finding] = []
            municipality_sources: dict[str, yaml_source.SourceMap] = {}
            arena_sources: dict[tuple[str, str], yaml_source.SourceMap] = {}
            document = _read(path, boundary, own)
            if document is not None:
                _resolve_wheel(document.data, path, boundary, own, used_companions)
                municipality = validate_record(Municipality, document, display(path), own)
                if municipality is None:
                    own.extend(
                        references.check_valid_sections(
                            document.data, document.source, display(path)
                        )
                    )
                else:
                    part.workspace.municipalities[path.stem] = municipality
                    part.workspace.municipality_files[path.stem] = display(path)
                    part.sources[display(path)] = document.source
                    municipality_sources[path.stem] = document.source
                    numbers[path.stem] = municipality.kommunenummer
                    files[path.stem] = display(path)
                    source = document.source
                    written = source.written(("kommunenummer",))
                    number_fields[path.stem] = (*source.value(written), dotted(written))
            del document
            folder = paired.get(path.stem)
            if folder is not None:
                done.add(folder)
                self._arena_folder(folder, flagged, boundary, part, own, arena_sources)
            own.extend(
                references.check_workspace(
                    part.workspace, municipality_sources, arena_sources, across=False
                )
            )
            if part.workspace.arenas:
                loaded_folders.add(path.stem)
            findings.extend(own)
            part.findings = own
            yield part
            del part, own, municipality_sources, arena_sources
        for path in sorted(companions - used_companions):
            findings.append(
                Finding(
                    display(path), 1, 1, "", _("no municipality file names this file"), "warning"
                )
            )
        for folder in folders:
            if folder not in done:
                # No municipality of that name loaded: the files are read for their own
                # findings, and kept nowhere.
                self._arena_folder(folder, flagged, boundary, Loaded(Workspace()), findings, {})
        findings.extend(_duplicate_number_findings(numbers, files, number_fields))
        _scan_unread(entries, data_dir, boundary, findings)
        self.arena_order = [folder.name for folder in folders if folder.name in loaded_folders]
        self.findings = sorted(findings, key=_finding_order)

    def _arena_folder(
        self,
        folder: Path,
        flagged: set[Path],
        boundary: Folder,
        part: Loaded,
        findings: list[Finding],
        sources: dict[tuple[str, str], yaml_source.SourceMap],
    ) -> None:
        """The arena files of one folder of arenas/, into `part` when its municipality loaded."""
        municipalities_dir = self.municipalities_dir
        if folder in flagged:
            return
        if not boundary.inside(folder):
            findings.append(
                Finding(
                    display(folder),
                    1,
                    1,
                    "",
                    _(
                        "is a symbolic link to a folder outside the data folder; move the "
                        "files into the data folder instead"
                    ),
                )
            )
            return
        if not folder.is_dir():
            findings.append(
                Finding(
                    display(folder), 1, 1, "", _("arena files belong in arenas/<municipality>/")
                )
            )
            return
        workspace = part.workspace
        known_municipality = (municipalities_dir / f"{folder.name}.yaml").is_file()
        for path in sorted(folder.iterdir()):
            if path in flagged or _not_yaml(path, findings):
                continue
            if not known_municipality:
                findings.append(
                    Finding(
                        display(path),
                        1,
                        1,
                        "",
                        _("municipality {name} has no file {value}").format(
                            name=repr(folder.name),
                            value=display(municipalities_dir / (folder.name + ".yaml")),
                        ),
                    )
                )
                continue
            problem = _slug_problem(path, _("arena"))
            if problem:
                findings.append(problem)
                continue
            document = _read(path, boundary, findings)
            if document is None:
                continue
            arena = validate_record(Arena, document, display(path), findings)
            if arena is not None and folder.name in workspace.municipalities:
                workspace.arenas.setdefault(folder.name, {})[path.stem] = arena
                workspace.arena_files[(folder.name, path.stem)] = display(path)
                part.sources[display(path)] = document.source
                sources[(folder.name, path.stem)] = document.source


def _duplicate_number_findings(
    numbers: Mapping[str, str],
    files: Mapping[str, str],
    fields: Mapping[str, tuple[int, int, str]],
) -> list[Finding]:
    """A kommunenummer used by two municipality files: the one check across municipalities,
    made from each municipality's number, file and where the number stands."""
    found = []
    for slug, other in references.duplicate_numbers(numbers, files).items():
        line, column, field_path = fields[slug]
        found.append(
            Finding(
                files[slug],
                line,
                column,
                field_path,
                references.duplicate_number_message(numbers[slug], other, files[other]),
            )
        )
    return found


def load(data_dir: Path) -> Loaded:
    """Load every file of a data folder and run every check; never raises for bad data.

    The whole folder at once, for the commands that look across it; `Stream` reads it one
    municipality at a time.

    Raises:
        InputError: `data_dir` is not a data folder at all.
    """
    stream = Stream(data_dir)
    workspace = Workspace()
    sources: dict[str, yaml_source.SourceMap] = {}
    arenas: dict[str, dict[str, Arena]] = {}
    for part in stream:
        workspace.municipalities.update(part.workspace.municipalities)
        workspace.municipality_files.update(part.workspace.municipality_files)
        workspace.arena_files.update(part.workspace.arena_files)
        arenas.update(part.workspace.arenas)
        sources.update(part.sources)
    # In the order of arenas/' folders, as every command has always listed them.
    workspace.arenas.update((slug, arenas[slug]) for slug in stream.arena_order)
    return Loaded(workspace, stream.findings, sources)


def _check_names(
    entries: list[tuple[Path, bool]], data_dir: Path, findings: list[Finding]
) -> set[Path]:
    """Names with a control character or an identity number; the files are not loaded.

    The path below the data folder is read as well as the name, since a number may be split
    over a folder's name and a file's (`ddmmåå/iiikk.txt`); under a folder already flagged,
    nothing is flagged again.
    """
    flagged: set[Path] = set()
    for path, _kind in entries:
        if flagged and any(parent in flagged for parent in path.parents):
            continue
        character = control_character(path.name)
        problem = (
            Finding(
                display(path),
                1,
                1,
                "",
                _(
                    "the file name contains the control character {character}; rename the file"
                ).format(character=character),
            )
            if character
            else privacy.in_file_name(path.relative_to(data_dir).as_posix(), display(path))
        )
        if problem:
            findings.append(problem)
            flagged.add(path)
    return flagged


def _allow_list(data_dir: Path, boundary: Folder, findings: list[Finding]) -> privacy.AllowList:
    """The data folder's list of files that need not be text (README: Privacy)."""
    path = data_dir / privacy.ALLOW_LIST
    if not path.is_file():
        return privacy.AllowList()
    raw = read_bytes(path, boundary, findings)
    text = "" if raw is None else raw.decode("utf-8", errors="replace")
    return privacy.AllowList(text, display(path))


def _scan_unread(
    entries: list[tuple[Path, bool]],
    data_dir: Path,
    boundary: Folder,
    findings: list[Finding],
) -> None:
    """Run the privacy guard over every file the loading did not read (notes, dotfiles,
    companions nobody names, files outside the layout): git would carry them all. What is not
    UTF-8 text is refused by name, unless the allow-list names it."""
    allowed = _allow_list(data_dir, boundary, findings)
    for path, is_folder in entries:
        if is_folder or (boundary.real(path) in boundary.read and path.name != privacy.ALLOW_LIST):
            continue
        if allowed.allows(path.relative_to(data_dir).as_posix()):
            continue
        raw = read_bytes(path, boundary, findings)
        if raw is None:
            continue
        reason = privacy.not_text(raw)
        if reason is not None:
            findings.append(Finding(display(path), 1, 1, "", reason))
            continue
        findings.extend(privacy.in_text(raw.decode("utf-8-sig"), display(path))[0])
    findings.extend(allowed.unused())


def _finding_order(finding: Finding) -> tuple[str, int, int]:
    return finding.path, finding.line, finding.column


def _not_yaml(path: Path, findings: list[Finding]) -> bool:
    """Skip what is not a data file; flag `.yml` and stray folders, which would be missed."""
    if path.name.startswith("."):
        return True
    if path.suffix == ".yml":
        findings.append(
            Finding(display(path), 1, 1, "", _("rename to .yaml; .yml files are not read"))
        )
        return True
    if path.is_dir():
        # An arena's own folder (topics, standing items) sits beside its file; see loading.topics.
        if not path.with_name(f"{path.name}.yaml").is_file():
            findings.append(Finding(display(path), 1, 1, "", _("unexpected folder here")))
        return True
    return path.suffix != ".yaml"


def load_valid(data_dir: Path) -> Loaded:
    """Load a data folder for a command that needs valid data.

    Raises:
        DataError: Any file is invalid; carries every problem found.
    """
    loaded = load(data_dir)
    if loaded.errors:
        raise DataError(loaded.errors)
    return loaded

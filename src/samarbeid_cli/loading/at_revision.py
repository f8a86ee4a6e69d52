"""Load a data folder from texts in memory: the files of a git revision, or of the working tree.

`loading.workspace.load` walks a folder on disk. `diff` and `check-revisions` have the files of
a revision as bytes from `git cat-file` instead, so this module walks the same layout over a
mapping of relative paths to bytes and hands each text to the same public steps: the privacy
guard, `yaml_source.parse`, the pydantic models with `messages.findings_from`, and
`references.check_workspace`. The layout rules mirror `workspace.load`; when that module offers
a loader over texts, this one should call it instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from samarbeid_cli.errors import DataError, InputError, UsageError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading import git, privacy, references, yaml_source
from samarbeid_cli.loading.reading import MAX_FILE_BYTES, display
from samarbeid_cli.loading.workspace import Loaded, parse_bytes, validate_record
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.municipality import AnnualWheel, Municipality
from samarbeid_cli.models.types import is_slug
from samarbeid_cli.models.workspace import Workspace

RecordT = TypeVar("RecordT", bound=BaseModel)

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class DataAtRevision:
    """A data folder as it stood at one revision (or in the working tree)."""

    label: str
    """What the user called it ("HEAD", "main"), or WORKING_TREE."""
    commit: str | None
    """The full commit id; None for the working tree."""
    loaded: Loaded
    municipality_files: frozenset[str]
    """Slugs of every municipality file present, valid or not."""
    arena_files: frozenset[tuple[str, str]]
    """(municipality, arena) of every arena file present, valid or not."""
    prefix: str = ""
    """What the paths in messages start with ("main:data/"), before the data-relative path."""

    @property
    def workspace(self) -> Workspace:
        """The records that loaded."""
        return self.loaded.workspace

    @property
    def errors(self) -> list[Finding]:
        """What makes the data at this revision invalid."""
        return self.loaded.errors


def parse_text(raw: bytes, shown: str, findings: list[Finding]) -> yaml_source.Document | None:
    """One file's bytes -> its parsed document, with every problem added to `findings`."""
    if len(raw) > MAX_FILE_BYTES:
        findings.append(Finding(shown, 1, 1, "", _("is larger than 1 MB; is it a data file?")))
        return None
    return parse_bytes(raw, shown, findings)


validate = validate_record


def arena_from(raw: bytes, shown: str) -> Arena | None:
    """One arena file's bytes as an Arena, or None when it is not valid on its own."""
    findings: list[Finding] = []
    document = parse_text(raw, shown, findings)
    if document is None:
        return None
    arena = validate(Arena, document, shown, findings)
    return arena if not findings else None


def _layout_problem(relative: str, shown: str) -> Finding | None:
    parts = relative.split("/")
    name = parts[-1]
    if name.startswith("."):
        return None
    if name.endswith(".yml"):
        return Finding(shown, 1, 1, "", _("rename to .yaml; .yml files are not read"))
    if parts[0] == "arenas" and len(parts) == 2:
        return Finding(shown, 1, 1, "", _("arena files belong in arenas/<municipality>/"))
    depth = 2 if parts[0] == "municipalities" else 3
    if len(parts) > depth:
        folder = "/".join(parts[:depth])
        return Finding(shown.removesuffix(relative) + folder, 1, 1, "", _("unexpected folder here"))
    return None


def _slug_problem(stem: str, shown: str, what: str) -> Finding | None:
    if is_slug(stem):
        return None
    return Finding(
        shown,
        1,
        1,
        "",
        _(
            "the file name must be the {what}'s slug: lowercase a-z, digits and "
            "hyphens, such as 'samordningsteam-barn-og-unge.yaml'"
        ).format(what=what),
    )


def _resolve_wheel(
    data: Any,
    stem: str,
    shown: str,
    files: Mapping[str, bytes],
    name_of: Callable[[str], str],
    findings: list[Finding],
) -> str | None:
    """Replace `annual_wheel: <file name>` by that file's validated content; returns the
    companion's relative path when one was used."""
    if not isinstance(data, dict) or not isinstance(data.get("annual_wheel"), str):
        return None
    name = data["annual_wheel"]
    relative = f"municipalities/{name}"
    if "/" in name or "\\" in name or not name.startswith(f"{stem}."):
        findings.append(
            Finding(
                shown,
                1,
                1,
                "annual_wheel",
                _("must name a file beside this one called {stem}.<name>.yaml (got {name})").format(
                    stem=stem, name=repr(name)
                ),
            )
        )
        data["annual_wheel"] = None
        return None
    if relative not in files:
        findings.append(
            Finding(shown, 1, 1, "annual_wheel", _("file {name} not found").format(name=repr(name)))
        )
        data["annual_wheel"] = None
        return None
    document = parse_text(files[relative], name_of(relative), findings)
    wheel = (
        None if document is None else validate(AnnualWheel, document, name_of(relative), findings)
    )
    data["annual_wheel"] = None if wheel is None else wheel.model_dump()
    return relative


def load_texts(files: Mapping[str, bytes], name_of: Callable[[str], str]) -> Loaded:
    """Load a data folder given as {path relative to the data folder: bytes}.

    Args:
        files: Every file of the folder, e.g. "arenas/selbu/samordningsteam.yaml".
        name_of: How messages name a file, from its relative path.
    """
    findings: list[Finding] = []
    workspace = Workspace()
    municipality_sources: dict[str, yaml_source.SourceMap] = {}
    arena_sources: dict[tuple[str, str], yaml_source.SourceMap] = {}
    companions: set[str] = set()
    used: set[str] = set()
    reported: set[Finding] = set()
    readable: list[str] = []
    sources: dict[str, yaml_source.SourceMap] = {}
    for relative in sorted(files):
        # A name becomes a slug in every output; the whole path is read, as on disk.
        named = privacy.in_file_name(relative, name_of(relative))
        if named is not None:
            findings.append(named)
            continue
        if relative.split("/")[0] not in ("municipalities", "arenas"):
            continue
        problem = _layout_problem(relative, name_of(relative))
        if problem is not None:
            if problem not in reported:
                reported.add(problem)
                findings.append(problem)
        elif relative.endswith(".yaml") and not relative.split("/")[-1].startswith("."):
            readable.append(relative)

    for relative in readable:
        parts = relative.split("/")
        if parts[0] != "municipalities":
            continue
        stem = parts[1].removesuffix(".yaml")
        shown = name_of(relative)
        if "." in stem:
            companions.add(relative)
            continue
        problem = _slug_problem(stem, shown, _("municipality"))
        if problem:
            findings.append(problem)
            continue
        document = parse_text(files[relative], shown, findings)
        if document is None:
            continue
        companion = _resolve_wheel(document.data, stem, shown, files, name_of, findings)
        if companion:
            used.add(companion)
        municipality = validate(Municipality, document, shown, findings)
        if municipality is not None:
            workspace.municipalities[stem] = municipality
            workspace.municipality_files[stem] = shown
            municipality_sources[stem] = document.source
            sources[shown] = document.source
    for relative in sorted(companions - used):
        findings.append(
            Finding(
                name_of(relative),
                1,
                1,
                "",
                _("no municipality file names this file"),
                "warning",
            )
        )

    for relative in readable:
        parts = relative.split("/")
        if parts[0] != "arenas":
            continue
        folder, stem, shown = parts[1], parts[2].removesuffix(".yaml"), name_of(relative)
        if f"municipalities/{folder}.yaml" not in files:
            findings.append(
                Finding(
                    shown,
                    1,
                    1,
                    "",
                    _("municipality {folder} has no file {value}").format(
                        folder=repr(folder), value=name_of(f"municipalities/{folder}.yaml")
                    ),
                )
            )
            continue
        problem = _slug_problem(stem, shown, _("arena"))
        if problem:
            findings.append(problem)
            continue
        document = parse_text(files[relative], shown, findings)
        if document is None:
            continue
        arena = validate(Arena, document, shown, findings)
        if arena is not None and folder in workspace.municipalities:
            workspace.arenas.setdefault(folder, {})[stem] = arena
            workspace.arena_files[(folder, stem)] = shown
            arena_sources[(folder, stem)] = document.source
            sources[shown] = document.source

    findings.extend(references.check_workspace(workspace, municipality_sources, arena_sources))
    return Loaded(workspace, sorted(findings, key=lambda f: (f.path, f.line, f.column)), sources)


def _present(files: Mapping[str, bytes]) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    municipalities, arenas = set(), set()
    for relative in files:
        parts = relative.removesuffix(".yaml").split("/")
        if not relative.endswith(".yaml"):
            continue
        if len(parts) == 2 and parts[0] == "municipalities" and "." not in parts[1]:
            municipalities.add(parts[1])
        elif len(parts) == 3 and parts[0] == "arenas":
            arenas.add((parts[1], parts[2]))
    return frozenset(municipalities), frozenset(arenas)


def _working_files(data_dir: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for top in ("municipalities", "arenas"):
        folder = data_dir / top
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                try:
                    files[path.relative_to(data_dir).as_posix()] = path.read_bytes()
                except OSError as err:
                    raise InputError(
                        _("cannot read {path}: {reason}").format(
                            path=display(path), reason=err.strerror
                        )
                    ) from err
    return files


def _at(label: str, commit: str | None, files: Mapping[str, bytes], prefix: str) -> DataAtRevision:
    municipalities, arenas = _present(files)
    loaded = load_texts(files, lambda relative: f"{prefix}{relative}")
    return DataAtRevision(label, commit, loaded, municipalities, arenas, prefix)


def load_pair(
    data_dir: Path, first: str | None, second: str | None
) -> tuple[DataAtRevision, DataAtRevision]:
    """The data folder at two revisions, the way `samarbeid diff` names them.

    No revision: HEAD against the working tree. One: that revision against the working
    tree; `A...B`, where B branched off A (a pull request); `A..B`, A against B. Two: the
    first against the second.

    Raises:
        InputError: Not in a git repository, or an unknown revision.
        UsageError: A range and a second revision at once.
        DataError: The privacy guard found an identity number at either revision.
    """
    root = git.toplevel(data_dir)
    if root is None:
        raise InputError(
            _("{data_dir} is not inside a git repository; diff compares revisions in git").format(
                data_dir=display(data_dir)
            )
        )
    folder = data_dir.resolve().relative_to(root.resolve()).as_posix()
    folder = "" if folder == "." else folder
    first = first or "HEAD"
    if "..." in first or ".." in first:
        if second is not None:
            raise UsageError(
                _("give either a range such as main...HEAD or two revisions, not both")
            )
        three_dots = "..." in first
        left, right = first.split("..." if three_dots else "..", 1)
        left, right = left or "HEAD", right or "HEAD"
        old = git.merge_base(root, left, right) if three_dots else git.commit_of(root, left)
        first, second = left, right
    else:
        old = git.commit_of(root, first)
    inside = f"{folder}/" if folder else ""
    old_side = _at(first, old, git.files_at(root, old, folder), f"{first}:{inside}")
    if second is None:
        new_side = _at(WORKING_TREE, None, _working_files(data_dir), f"{display(data_dir)}/")
    else:
        new = git.commit_of(root, second)
        new_side = _at(second, new, git.files_at(root, new, folder), f"{second}:{inside}")
    _refuse_identity_numbers(old_side, new_side)
    return old_side, new_side


def _refuse_identity_numbers(*sides: DataAtRevision) -> None:
    """What the privacy guard finds at either revision stops the comparison: its names and
    values would be printed, and a diff is posted where many can read it.

    Raises:
        DataError: An identity number in a file's text or name, at either revision.
    """
    refused = [
        finding
        for side in sides
        for finding in side.loaded.findings
        if privacy.is_privacy_finding(finding)
    ]
    if refused:
        raise DataError(refused)


@dataclass(frozen=True)
class ArenaVersion:
    """One version of an arena file in git, newest first in a history."""

    commit: str | None
    """None for the working tree."""
    day: dt.date | None
    """The commit's date; None for the working tree."""
    arena: Arena | None
    """None when that version is not a valid arena on its own."""


def is_shallow(data_dir: Path) -> bool:
    """Whether the data folder lies in a shallow clone, whose history stops short."""
    root = git.toplevel(data_dir)
    return root is not None and git.is_shallow(root)


def arena_histories(
    data_dir: Path, workspace: Workspace, since: Mapping[tuple[str, str], dt.date]
) -> dict[tuple[str, str], list[ArenaVersion]] | None:
    """For each arena in `since`: the working tree's version, then every committed version from
    after that date, then the one before them (what the first later change changed).

    Returns None when the data folder is not in a git repository.
    """
    root = git.toplevel(data_dir)
    if root is None:
        return None
    histories: dict[tuple[str, str], list[ArenaVersion]] = {}
    for key, day in since.items():
        municipality, arena_slug = key
        path = data_dir.resolve() / "arenas" / municipality / f"{arena_slug}.yaml"
        relative = path.relative_to(root.resolve()).as_posix()
        versions = [ArenaVersion(None, None, workspace.arenas_of(municipality).get(arena_slug))]
        for commit, committed in git.file_commits(root, relative):
            raw = git.file_at(root, commit, relative)
            shown = f"{commit[:7]}:{relative}"
            arena = None if raw is None else arena_from(raw, shown)
            versions.append(ArenaVersion(commit, committed, arena))
            # The version standing on the revision date is what later changes are compared
            # with, so an invalid one there does not end the history: read on to a valid one.
            if committed <= day and arena is not None:
                break
        histories[key] = versions
    return histories


@dataclass(frozen=True)
class RoutineVersions:
    """Every committed version of one arena file, oldest first."""

    versions: tuple[ArenaVersion, ...]
    shallow: bool
    """The repository is a shallow clone: older versions may be missing."""


def routine_versions(data_dir: Path, municipality: str, arena_slug: str) -> RoutineVersions:
    """The committed versions of an arena file, oldest first, following a stated rename
    (`renamed_from:`) back to the file the arena had before. A commit that removed the file
    is left out; a version that is not a valid arena on its own has `arena` None.

    Raises:
        InputError: The data folder is not in a git repository, or git cannot read its history.
    """
    root = git.toplevel(data_dir)
    if root is None:
        raise InputError(
            _(
                "{path} is not inside a git repository; the history of a routine comes from git"
            ).format(path=display(data_dir))
        )
    found: list[ArenaVersion] = []
    seen_commits: set[str] = set()
    seen_slugs: set[str] = set()
    slug: str | None = arena_slug
    while slug is not None and slug not in seen_slugs:
        seen_slugs.add(slug)
        path = data_dir.resolve() / "arenas" / municipality / f"{slug}.yaml"
        relative = path.relative_to(root.resolve()).as_posix()
        for commit, committed in git.file_commits(root, relative):
            raw = git.file_at(root, commit, relative)
            if raw is None or commit in seen_commits:
                continue
            seen_commits.add(commit)
            found.append(
                ArenaVersion(commit, committed, arena_from(raw, f"{commit[:7]}:{relative}"))
            )
        oldest = next((version.arena for version in reversed(found) if version.arena), None)
        slug = oldest.renamed_from if oldest is not None else None
    return RoutineVersions(tuple(reversed(found)), git.is_shallow(root))

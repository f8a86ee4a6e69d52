"""Where a run may write: the one check every output passes before anything is written.

Every command writes through `writing.write_all`, which calls `refuse` on every target before
it locks, stages or creates anything, so a command added later cannot forget the check.
Commands that send before they write (`schedule --send`, the issue history) call it earlier
too, with the option's name. A target is refused when it

- is, lies in, or (an output folder) holds a folder the run reads as a whole: the data folder
  and the workspace's `templates/`. A file written there replaces data (`wheel --out
  data/municipalities/<m>.yaml`), and anything left there is read as data by the next run;
- is a file this run reads (`check-consent reg.csv --out reg.csv`), found by path and by
  device and inode, so a hard link or a symbolic link to it counts too;
- exists and is neither a regular file nor a folder: a device such as `/dev/null`, a pipe, a
  socket. Run as root, a rename over `/dev/null` makes it a file for the whole machine;
- has a name the file system refuses (too long): refused before any folder is created.

What the run reads is noted by the readers as they read (`note_input`, `protect_workspace`).
The command line starts each command with `begin`, so the many runs of a test process do not
share one record. A workspace found from the current folder is protected even by a command
that never reads it (`schema --out data/arenas/x`).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from samarbeid_cli.errors import UsageError
from samarbeid_cli.i18n import N_, _

DATA_FOLDER = N_(
    "{name}: is the data folder, inside it or holds it; outputs go elsewhere, e.g. out/"
)
TEMPLATES_FOLDER = N_(
    "{name}: is the workspace's templates folder, inside it or holds it; outputs go "
    "elsewhere, e.g. out/"
)


@dataclass
class _Record:
    """What the running command reads: folders as a whole, and single files."""

    folders: dict[str, str] = field(default_factory=dict)
    """Real path of each protected folder -> the message that refuses writing there."""
    inputs: set[str] = field(default_factory=set)
    identities: set[tuple[int, int]] = field(default_factory=set)
    workspace: Path | None = None
    """--workspace of the running command, where the search for a data folder starts."""
    searched: bool = False
    """The workspace's data folder has been looked for (once a command: write_all checks
    every file it writes)."""


_record = _Record()


def begin(workspace: Path | None = None) -> None:
    """Start a new command's record; `workspace` is its --workspace, if given."""
    global _record
    _record = _Record(workspace=workspace)


def data_folder_of(start: Path) -> Path | None:
    """The `data/` folder of the workspace `start` lies in (searching upwards), or None."""
    for folder in (start, *start.parents):
        for candidate in (folder, folder / "data"):
            if (candidate / "municipalities").is_dir():
                return candidate
    return None


def protect_workspace(data_dir: Path) -> None:
    """No output goes into `data_dir`, or into the `templates/` beside it."""
    _record.folders.setdefault(os.path.realpath(data_dir), DATA_FOLDER)
    templates = data_dir.absolute().parent / "templates"
    _record.folders.setdefault(os.path.realpath(templates), TEMPLATES_FOLDER)


def note_input(path: Path) -> None:
    """`path` is read by this run: no output may be written onto it."""
    _record.inputs.add(os.path.realpath(path))
    try:
        found = path.stat()
    except OSError:
        return
    _record.identities.add((found.st_dev, found.st_ino))


def _protect_found_workspace() -> None:
    if _record.searched:
        return
    _record.searched = True
    try:
        start = _record.workspace if _record.workspace is not None else Path.cwd()
        found = data_folder_of(start.absolute())
    except OSError:  # the current folder was removed
        return
    if found is not None:
        protect_workspace(found)


def _protected(real: str, folder: bool) -> str | None:
    for root, message in _record.folders.items():
        inside = real == root or real.startswith(root.rstrip(os.sep) + os.sep)
        holds = folder and root.startswith(real.rstrip(os.sep) + os.sep)
        if inside or holds:
            return message
    return None


def _too_long(path: Path) -> bool:
    """Whether a part of `path` is longer than the file system allows, without creating it."""
    longest = 255
    for folder in path.absolute().parents:
        try:  # Python 3.11's exists() raises where a part is too long; os.pathconf too
            longest = os.pathconf(folder, "PC_NAME_MAX")
            break
        except (OSError, ValueError):
            continue
    return any(len(os.fsencode(part)) > longest for part in path.parts)


def problem(path: Path, *, folder: bool) -> str | None:
    """Why nothing may be written at `path` (a message with `{name}` in it), or None.

    Args:
        path: An output file, or an output folder that is replaced as a whole.
        folder: It is a folder: it may then also not hold a protected folder.
    """
    _protect_found_workspace()
    if _too_long(path):
        return _("{name}: cannot be a folder here: {why}") if folder else "{name}: {why}"
    real = os.path.realpath(path)
    message = _protected(real, folder)
    if message is not None:
        return _(message)
    try:
        found = path.stat()
    except OSError:
        return None
    if not folder and (
        real in _record.inputs or (found.st_dev, found.st_ino) in _record.identities
    ):
        return _("{name}: is a file this run reads; write the output to another file")
    if not (stat.S_ISREG(found.st_mode) or stat.S_ISDIR(found.st_mode)):
        return _(
            "{name}: is not a regular file or folder (a device, a pipe or a socket); "
            "samarbeid writes nothing onto it: give another name"
        )
    return None


def refuse(path: Path, *, folder: bool, name: str | None = None) -> None:
    """Refuse an output `problem` finds fault with.

    Args:
        path: The output file or folder.
        folder: It is an output folder.
        name: How messages name it, e.g. "--out out"; default the path.

    Raises:
        UsageError: Nothing may be written there.
    """
    message = problem(path, folder=folder)
    if message is not None:
        raise UsageError(
            message.format(name=name or str(path), why=os.strerror(errno.ENAMETOOLONG))
        )

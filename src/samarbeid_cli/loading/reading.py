"""Reading a data folder's files without trusting them.

A data folder arrives by `git pull` from many hands, so a "file" may be a symlink to
`/dev/zero` (its size reads as 0, and reading it never ends), a FIFO (opening it waits for a
writer forever), a symlink loop, or a symlink to a secret elsewhere on the machine. Only
regular files inside the data folder are read, and never more than the size limit.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from samarbeid_cli.delivery import targets
from samarbeid_cli.errors import DataError, InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.models.characters import CONTROL
from samarbeid_cli.models.finding import Finding

MAX_FILE_BYTES = 1_000_000

# O_BINARY: Windows' default text mode would turn "\r\n" into "\n" and end the file at Ctrl-Z.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)

# A file the user names may be a symlink; O_NONBLOCK (POSIX only) so a FIFO cannot hang open().
_INPUT_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)


def _escaped(text: str) -> str:
    """`text` with control characters written as escapes, so a message stays one line."""
    return CONTROL.sub(lambda match: repr(match[0])[1:-1], text)


def display(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it.

    Symlinks are not followed (a link to a secret must not print where it points), and
    control characters in a name are shown as escapes such as `\\n`.
    """
    return _display(path, os.getcwd())  # noqa: PTH109 - text: Path.cwd() is the cost


@functools.lru_cache(maxsize=4096)
def _display(path: Path, working_folder_text: str) -> str:
    # Asked several times for every file a load reads; the answer depends on both alone (the
    # working folder as text: a Path made of it for every question costs more than the rest).
    working_folder = Path(working_folder_text)
    absolute = path if path.is_absolute() else working_folder / path
    try:
        shown = str(absolute.relative_to(working_folder))
    except ValueError:
        shown = str(absolute)
    return _escaped(shown)


def control_character(text: str) -> str | None:
    """The first control character (or Unicode line separator) in `text`, as `U+000A`."""
    match = CONTROL.search(text)
    return None if match is None else f"U+{ord(match[0]):04X}"


@dataclass(frozen=True)
class Folder:
    """The data folder files must stay inside, resolved once."""

    root: Path
    read: set[str] = field(default_factory=set)
    """Every file a read was tried on, symlinks followed."""
    folders: dict[str, str] = field(default_factory=dict, compare=False)
    """Each folder asked about, with every symlink followed: for one load, so a folder
    replaced between two loads is looked at anew."""

    def real(self, path: Path) -> str:
        """`path` with every symlink followed, as `os.path.realpath` gives it.

        The folder it is in is resolved once (resolving walks every part of the path, a
        system call each): a file that is not itself a symlink is its name in that folder.
        """
        name = path.name
        try:
            is_link = stat.S_ISLNK(os.lstat(path).st_mode)
        except OSError:
            is_link = True
        if is_link or name in ("", ".", ".."):
            return os.path.realpath(path)
        parent = str(path.parent)
        folder = self.folders.get(parent)
        if folder is None:
            folder = self.folders[parent] = os.path.realpath(parent)
        return os.path.join(folder, name)  # noqa: PTH118 - realpath gives text

    @classmethod
    def of(cls, data_dir: Path) -> Folder:
        """The data folder at `data_dir`, symlinks in its own path resolved."""
        return cls(Path(os.path.realpath(data_dir)))

    def inside(self, path: Path) -> bool:
        """Whether `path`, with every symlink followed, lies within the data folder."""
        return self.holds(os.path.realpath(path))

    def holds(self, real: str) -> bool:
        """Whether `real` (a path with every symlink followed) lies within the data folder."""
        return real == str(self.root) or real.startswith(str(self.root) + os.sep)


def read_bytes(path: Path, folder: Folder, findings: list[Finding]) -> bytes | None:
    """The bytes of a regular file inside the data folder, or None with a finding why not."""
    shown = display(path)

    def refuse(message: str) -> None:
        findings.append(Finding(shown, 1, 1, "", message))

    try:
        real = folder.real(path)
        folder.read.add(real)
        if not folder.holds(real):
            refuse(
                _(
                    "is a symbolic link to a file outside the data folder; copy the file "
                    "into the data folder instead"
                )
            )
            return None
        descriptor = os.open(real, _OPEN_FLAGS)
    except OSError as err:
        if err.errno == errno.ELOOP:
            refuse(
                _("is a symbolic link that leads back to itself (a loop); replace it by the file")
            )
        else:
            refuse(_("cannot be read: {reason}").format(reason=err.strerror))
        return None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            refuse(
                _("is not a regular file (a device, a pipe or a socket); data files are text files")
            )
            return None
        try:
            raw = handle.read(MAX_FILE_BYTES + 1)
        except OSError as err:
            refuse(_("cannot be read: {reason}").format(reason=err.strerror))
            return None
    if len(raw) > MAX_FILE_BYTES:
        refuse(_("is larger than 1 MB; is it a data file?"))
        return None
    return raw


def read_input_file(path: Path, limit: int, what: str) -> bytes:
    """A file the user names on the command line (a consent register, say): a regular file
    only, at most `limit` bytes, so /dev/zero or a pipe cannot exhaust memory or hang the run.

    Raises:
        InputError: The file is missing, not a regular file, unreadable or too large.
    """
    shown = display(path)
    targets.note_input(path)
    try:
        descriptor = os.open(path, _INPUT_FLAGS)
    except FileNotFoundError:
        raise InputError(_("{shown} does not exist").format(shown=shown)) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise InputError(
                _("{shown} is a symbolic link that leads back to itself").format(shown=shown)
            ) from err
        raise InputError(
            _("{shown} cannot be read: {reason}").format(shown=shown, reason=err.strerror)
        ) from err
    # Checked before fdopen, which refuses a folder with IsADirectoryError of its own.
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise InputError(
            _("{shown} is not a regular file (a device, a pipe or a folder)").format(shown=shown)
        )
    with os.fdopen(descriptor, "rb") as handle:
        try:
            raw = handle.read(limit + 1)
        except OSError as err:
            raise InputError(
                _("{shown} cannot be read: {reason}").format(shown=shown, reason=err.strerror)
            ) from err
    if len(raw) > limit:
        raise InputError(
            _("{shown} is larger than {value} MB; is it {what}?").format(
                shown=shown, value=limit // 1000000, what=what
            )
        )
    return raw


def walk(data_dir: Path) -> Iterator[tuple[Path, bool]]:
    """Every file and folder below `data_dir` and whether it is a folder, in name order.

    Symlinked folders are listed but not entered (a link may lead anywhere, or in a loop);
    a `.git` folder is git's, not data.

    Raises:
        DataError: A folder cannot be listed (no permission, say): os.walk would skip it
            silently, and its files would be missing from every output without a word.
    """

    def unreadable(err: OSError) -> None:
        where = display(Path(err.filename)) if err.filename else display(data_dir)
        raise DataError(
            [
                Finding(
                    where,
                    1,
                    1,
                    "",
                    _("is a folder that cannot be read: {reason}").format(reason=err.strerror),
                )
            ]
        ) from err

    for folder, folders, files in os.walk(data_dir, onerror=unreadable, followlinks=False):
        folders[:] = sorted(name for name in folders if name != ".git")
        for name in folders:
            yield Path(folder, name), True
        for name in sorted(files):
            yield Path(folder, name), False


def real(path: Path) -> str:
    """`path` with every symlink followed, to tell whether a file was already read."""
    return os.path.realpath(path)

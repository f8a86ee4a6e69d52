"""Swapping whole folders into place, and the journal that lets the next run finish a change.

See writing.py for why. A change of several folders is decided once every folder has a
journal beside it naming the change; each folder's staging folder is recorded by inode, so
swapping it in can be repeated safely after a kill (a folder already holding that inode is
done). A file alone in its folder (the issue history) takes part in the same way: its new
content is staged beside it, and the journal beside it names the same change, so the files
of a run and the history that records them are both old or both new.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from samarbeid_cli.delivery import locking
from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _

TAG = ".samarbeid-"
# O_BINARY: Windows opens in text mode otherwise and writes every "\n" as "\r\n", which
# would make an .ics file's CRLF "\r\r\n". O_CLOEXEC: os.open's files are not inherited anyway.
_CREATE_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def beside(folder: Path, what: str) -> Path:
    """`.out.samarbeid-<what>` beside `out`: the names a reader of `out` never sees."""
    return folder.parent / f".{folder.name}{TAG}{what}"


def journal_of(folder: Path) -> Path:
    """Where the journal of a change that includes `folder` lives."""
    return beside(folder, "journal")


def new_stage(folder: Path) -> tuple[Path, Path]:
    """A fresh, empty staging folder beside `folder`, and the name its old content may take."""
    stage = Path(tempfile.mkdtemp(prefix=beside(folder, "stage-").name, dir=folder.parent))
    return stage, beside(folder, "old-" + stage.name[-8:])


def leftovers(folder: Path) -> list[Path]:
    """Staging and old folders and half-written journals beside `folder` (mkdtemp's names)."""
    pattern = re.compile(
        rf"\.{re.escape(folder.name)}{re.escape(TAG)}(?:(?:stage|old)-[a-z0-9_]{{8}}|journal-new)"
    )
    try:
        return [path for path in folder.parent.iterdir() if pattern.fullmatch(path.name)]
    except (FileNotFoundError, NotADirectoryError):
        return []


def write_file(path: Path, content: bytes, *, sync: bool, mode: int = 0o666) -> None:
    """Create `path` (it must not exist yet) with `content`; fsync it if `sync`.

    `mode` 0o666: the umask decides, as for any file a user creates (outputs are shared
    documents); 0o600 for a file that holds personal data.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, _CREATE_FLAGS, mode)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


# -- swapping ---------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if sys.platform == "win32":  # Linux only; ctypes.CDLL(None) raises TypeError there
        return None
    import ctypes

    try:
        call: Callable[..., int] = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    return call


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step; False where the system or filesystem cannot."""
    import ctypes

    call = _renameat2()
    if call is None:
        return False
    if call(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


@dataclass(frozen=True)
class Entry:
    """One folder of a change, as the journal records it."""

    folder: Path
    stage: Path
    old: Path
    device: int
    inode: int
    file: bool = False
    """A file alone in its folder rather than a folder: it is locked by its folder."""

    def holds_stage(self, path: Path) -> bool:
        try:
            found = path.lstat()
        except FileNotFoundError:
            return False
        return (found.st_dev, found.st_ino) == (self.device, self.inode)


def swap_in(entry: Entry) -> str:
    """Put the staging folder in place; safe to repeat. Returns how, for `swap_back`."""
    if entry.holds_stage(entry.folder) or not entry.holds_stage(entry.stage):
        return "done"
    if not os.path.lexists(entry.folder):
        entry.stage.rename(entry.folder)
        return "new"
    if exchange(entry.stage, entry.folder):
        return "exchanged"
    if entry.file:
        # A file can be replaced in one step; a second name keeps the old one for swap_back.
        remove(entry.old)  # a run killed here before left it
        try:
            entry.old.hardlink_to(entry.folder)
        except OSError:  # a filesystem without hard links
            shutil.copy2(entry.folder, entry.old, follow_symlinks=False)
        entry.stage.replace(entry.folder)
        return "replaced"
    entry.folder.rename(entry.old)
    entry.stage.rename(entry.folder)
    return "renamed"


def swap_back(entry: Entry, how: str) -> None:
    """Undo `swap_in`, which returned `how`."""
    if how == "new":
        entry.folder.rename(entry.stage)
    elif how == "exchanged" and not exchange(entry.stage, entry.folder):
        raise OSError(errno.ENOTSUP, os.strerror(errno.ENOTSUP), str(entry.folder))
    elif how == "renamed":
        entry.folder.rename(entry.stage)
        entry.old.rename(entry.folder)
    elif how == "replaced":
        entry.old.replace(entry.folder)


def fsync_dir(folder: Path) -> None:
    """Make the entries of `folder` (a rename, a new file) durable."""
    if sys.platform == "win32":
        # Windows cannot open a folder to fsync it. NTFS journals its metadata, so a crash may
        # lose a recent rename but not leave half of one.
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove(path: Path) -> None:
    """Remove a leftover file or folder, as far as possible."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


# -- the journal ------------------------------------------------------------------------------


def journal_bytes(change: str, entries: list[Entry]) -> bytes:
    """The journal of a change: every folder, its staging folder and that folder's inode."""
    folders = [
        {
            "folder": str(entry.folder),
            "stage": str(entry.stage),
            "old": str(entry.old),
            "device": entry.device,
            "inode": entry.inode,
            **({"file": True} if entry.file else {}),
        }
        for entry in entries
    ]
    return (json.dumps({"version": 1, "change": change, "folders": folders}) + "\n").encode()


def read_journal(path: Path) -> tuple[str, list[Entry]] | None:
    """The change a journal records; None if there is none, ("", []) if it is unreadable."""
    try:
        raw = json.loads(path.read_bytes())
        return str(raw["change"]), [
            Entry(
                Path(item["folder"]),
                Path(item["stage"]),
                Path(item["old"]),
                int(item["device"]),
                int(item["inode"]),
                item.get("file") is True,
            )
            for item in raw["folders"]
        ]
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return "", []


def decided(change: str, entries: list[Entry]) -> bool:
    """A change is decided once every folder's journal names it (they are written last)."""
    return bool(entries) and all(
        (found := read_journal(journal_of(entry.folder))) is not None and found[0] == change
        for entry in entries
    )


def write_journal(path: Path, content: bytes) -> None:
    """Put a journal in place in one step, durably."""
    new = path.with_name(path.name + "-new")
    remove(new)
    write_file(new, content, sync=True)
    new.replace(path)
    fsync_dir(path.parent)


def drop_journals(change: str, entries: list[Entry]) -> None:
    """Remove the journals of `change` (not a later change's)."""
    for entry in entries:
        found = read_journal(journal_of(entry.folder))
        if found is not None and found[0] == change:
            journal_of(entry.folder).unlink(missing_ok=True)
            fsync_dir(entry.folder.parent)


@contextlib.contextmanager
def _held(paths: list[tuple[Path, bool]], timeout: float) -> Iterator[None]:
    """Hold folders by their lock files, and files alone in a folder by that folder."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(locking.hold([path for path, file in paths if not file], timeout))
        for path, file in paths:
            if file:
                stack.enter_context(locking.hold_folder(path.parent))
        yield


def _finish(change: str, entries: list[Entry], timeout: float) -> None:
    with _held([(entry.folder, entry.file) for entry in entries], timeout):
        if not decided(change, entries):  # another run finished it while we waited
            return
        for entry in entries:
            try:
                swap_in(entry)
                fsync_dir(entry.folder.parent)
            except OSError as err:
                raise InputError(
                    _(
                        "cannot write {folder}: {reason}; an earlier run was stopped while "
                        "replacing it, and finishing that failed"
                    ).format(folder=entry.folder, reason=err.strerror)
                ) from err
        drop_journals(change, entries)
        for entry in entries:
            for leftover in leftovers(entry.folder):
                remove(leftover)


def settle(folder: Path, timeout: float, *, file: bool = False) -> None:
    """Finish or drop a change an earlier run left beside `folder`; remove its leftovers.

    Nothing beside `folder` is in use: we hold its lock, and only the holder makes them.

    Args:
        folder: An output folder, or (with `file`) a file alone in its folder.
        timeout: Seconds to wait for another run that holds a folder of the change.
        file: `folder` is a file, locked by the folder it is in (no lock file beside it).
    """
    journal = journal_of(folder)
    if not os.path.lexists(journal) and not leftovers(folder):
        return
    with _held([(folder, file)], timeout):
        found = read_journal(journal)
        if found is not None and decided(*found):
            _finish(*found, timeout)
        elif found is not None:
            # Undecided: the run was killed before its last journal; nothing was swapped.
            journal.unlink(missing_ok=True)
        for leftover in leftovers(folder):
            remove(leftover)

"""The one place that writes output files: each folder shows all old or all new files.

How, and why this way rather than renaming file by file:

1. `locked()` holds the folders (and any state file) for the whole run, so a second run waits
   instead of reading the issue history before the first one has written it.
2. Every output folder is built complete in a sibling staging folder (same parent, so same
   filesystem): the run's new files plus hard links to every file it does not produce (another
   arena's .ics, a subfolder, a README). Then everything is made durable (fsync, or one
   syncfs for many files).
3. A journal naming each folder and its staging folder (by inode) is written beside every
   folder. Once the last journal is on disk the change is decided.
4. Each folder is swapped with its staging folder in one step (Linux `renameat2` with
   RENAME_EXCHANGE; elsewhere two renames, with a moment where the folder is missing but never
   a mix). Then the journals go, then the old folders.

Renaming thousands of files one by one can be interrupted between any two of them; no journal
makes a reader who looks in at that moment see anything but a mix. Swapping whole folders can't
be seen half done, even after SIGKILL. The journal covers the one thing a swap can't: several
folders (`--out A --invitations B`) and files alone in their folder (the issue history that
records what the folders hold) changing together. A lone file is staged beside itself and takes
part in the journal like a folder; only a write of one lone file and nothing else is a plain
rename. The next run that locks any of them finishes a decided change (swaps the rest) or drops
an undecided one, and removes staging folders that no live run holds, before it reads anything.
If a swap fails while the run is alive, the folders already swapped are swapped back; only if
that fails too does the message list which files are new and which are old.

The price: the folder is a new directory after each run (a shell `cd`'d into it sees the old
one), ownership and ACLs of the folder itself are not carried over (its mode is), and a folder
that cannot be renamed (a mount point, the current folder) is refused with a clear message.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from samarbeid_cli.delivery import locking, swapping, targets
from samarbeid_cli.errors import InputError, UsageError
from samarbeid_cli.i18n import _

LOCK_TIMEOUT = 60.0
# Above this many files one syncfs is much faster than an fsync per file (4 ms each on ext4).
FSYNC_EACH_UP_TO = 64


def _legacy_temporary(name: str, produced: set[str]) -> bool:
    """`.testteam.ics.k2j3h4_a`: the temporary name older versions used for testteam.ics."""
    match = re.fullmatch(r"\.(.+)\.[a-z0-9_]{8}", name)
    return match is not None and match[1] in produced


def _nothing_written() -> str:
    """The message of every write that failed before anything was swapped in."""
    return _("cannot write {path}: {why}; nothing was written")


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _problem(folder: Path) -> str | None:
    """Why `folder` cannot be an output folder, or None; the first existing part must be one."""
    for path in (folder, *folder.parents):
        if path.is_dir():
            return None
        if path.is_symlink() and not path.exists():
            return _("{path} is a symbolic link to nothing").format(path=path)
        if path.exists():
            if path == folder:
                return _("is a file, not a folder")
            return _("{path} is a file, not a folder").format(path=path)
    return None


def _refuse_unswappable(folder: Path, name: str) -> None:
    real = locking.absolute(folder)
    cwd = locking.absolute(Path.cwd())
    if real == cwd or real in cwd.parents:
        raise UsageError(
            _(
                "{name}: is the current folder or holds it; samarbeid replaces its output "
                "folder as a whole, so give it a folder of its own, e.g. out/"
            ).format(name=name)
        )
    if real.is_dir() and os.path.ismount(real):
        raise UsageError(
            _(
                "{name}: is a mount point; samarbeid replaces its output folder as a whole, so "
                "give a folder inside it"
            ).format(name=name)
        )


def check_output_folder(folder: Path, option: str | None = None) -> None:
    """Refuse, before any work, a folder that samarbeid could not write its outputs into.

    Args:
        folder: The folder as the user gave it.
        option: The option that named it (`--out`), to start the message with.

    Raises:
        UsageError: It is a file, lies under a file, is a mount point or the current folder,
            or its name is one the file system refuses (too long).
    """
    name = f"{option} {folder}" if option else str(folder)
    targets.refuse(folder, folder=True, name=name)
    try:
        problem = _problem(folder)
    except OSError as err:
        # Path.is_dir() passes on ENAMETOOLONG (a name longer than the file system allows).
        problem = _("cannot be a folder here: {why}").format(why=err.strerror)
    if problem:
        raise UsageError(f"{name}: {problem}")
    _refuse_unswappable(folder, name)


# -- staging ----------------------------------------------------------------------------------


@dataclass
class _Folder:
    """One folder a run writes: its real path, the caller's spelling, and its new files."""

    real: Path
    shown: Path
    files: dict[PurePath, bytes] = field(default_factory=dict)
    stage: Path | None = None
    old: Path | None = None
    replace: bool = False
    """Drop what the folder held before instead of keeping it (a site rebuilt whole)."""
    drop: set[PurePath] = field(default_factory=set)
    """Files the folder held that this run removes (a series that is gone)."""
    lone: bool = False
    """One file alone in this folder (the issue history), swapped in as a file."""
    private: bool = False
    """The new files are readable by their owner only (they hold personal data)."""

    @property
    def target(self) -> Path:
        """What is swapped in: the folder, or the lone file."""
        return self.real / next(iter(self.files)) if self.lone else self.real

    @property
    def named(self) -> Path:
        """The target as the caller spelled it, for messages."""
        return self.shown / next(iter(self.files)) if self.lone else self.shown

    def entry(self) -> swapping.Entry:
        assert self.stage is not None and self.old is not None
        found = self.stage.stat()
        return swapping.Entry(
            self.target, self.stage, self.old, found.st_dev, found.st_ino, file=self.lone
        )

    def targets(self) -> list[str]:
        return [str(self.shown / relative) for relative in sorted(self.files)]


def _folders(files: Mapping[Path, bytes]) -> list[_Folder]:
    """Group targets by the outermost folder written; a nested folder rides along in it."""
    spelled: dict[Path, Path] = {}
    targets: list[tuple[Path, str, bytes]] = []
    for target, content in files.items():
        real = locking.absolute(target.parent)
        spelled.setdefault(real, target.parent)
        targets.append((real, target.name, content))
    roots = sorted(p for p in spelled if not any(q in p.parents for q in spelled))
    folders = {root: _Folder(root, spelled[root]) for root in roots}
    for real, name, content in targets:
        root = next(r for r in roots if r == real or r in real.parents)
        folders[root].files[PurePath(real.relative_to(root), name)] = content
    return list(folders.values())


def _carry_over(old: Path, stage: Path, produced: set[PurePath], shown: Path) -> None:
    """Hard-link (or copy) every file of `old` that this run does not write into `stage`."""
    pending = [PurePath()]
    while pending:
        relative = pending.pop()
        produced_here = {path.name for path in produced if path.parent == relative}
        for item in os.scandir(old / relative):
            path = relative / item.name
            is_dir = item.is_dir(follow_symlinks=False)
            if path in produced:
                if is_dir:
                    raise IsADirectoryError(errno.EISDIR, _("is a folder"), str(shown / path))
                continue
            if _legacy_temporary(item.name, produced_here):
                continue
            source, copy = old / path, stage / path
            if is_dir:
                copy.mkdir()
                copy.chmod(stat.S_IMODE(item.stat(follow_symlinks=False).st_mode))
                pending.append(path)
            elif item.is_symlink():
                copy.symlink_to(source.readlink())
            else:
                try:
                    copy.hardlink_to(source)
                except OSError:  # a filesystem without hard links
                    shutil.copy2(source, copy, follow_symlinks=False)


def _stage(folder: _Folder, sync: bool) -> None:
    try:
        folder.real.parent.mkdir(parents=True, exist_ok=True)
        folder.stage, folder.old = swapping.new_stage(folder.real)
    except OSError as err:
        raise InputError(_nothing_written().format(path=folder.shown, why=err.strerror)) from err
    stage = folder.stage
    exists = folder.real.is_dir()
    relative = PurePath()
    try:
        stage.chmod(stat.S_IMODE(folder.real.stat().st_mode) if exists else 0o777 & ~_umask())
        if exists and not folder.replace:
            _carry_over(folder.real, stage, set(folder.files) | folder.drop, folder.shown)
        for relative, content in sorted(folder.files.items()):
            swapping.write_file(
                stage / relative, content, sync=sync, mode=0o600 if folder.private else 0o666
            )
    except OSError as err:
        if isinstance(err, IsADirectoryError) and err.filename:
            where = err.filename
        else:
            where = str(folder.shown / relative)
        raise InputError(_nothing_written().format(path=where, why=err.strerror)) from err


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    if sys.platform == "win32":  # no syncfs; ctypes.CDLL(None) raises TypeError there
        return None
    import ctypes

    try:
        call: Callable[[int], int] = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    return call


def _make_durable(folders: list[_Folder], each_file_synced: bool) -> None:
    """Flush the staging folders to disk: their entries, or with syncfs everything at once."""
    import ctypes

    syncfs = _syncfs()
    for folder in folders:
        assert folder.stage is not None
        try:
            if each_file_synced or syncfs is None:
                for path, _, _ in os.walk(folder.stage):
                    swapping.fsync_dir(Path(path))
                continue
            fd = os.open(folder.stage, os.O_RDONLY)  # any descriptor on the filesystem will do
            try:
                if syncfs(fd) != 0:
                    code = ctypes.get_errno()
                    raise OSError(code, os.strerror(code))
            finally:
                os.close(fd)
        except OSError as err:
            raise InputError(
                _nothing_written().format(path=folder.shown, why=err.strerror)
            ) from err


# -- committing -------------------------------------------------------------------------------


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C (or a polite kill) waits until the folders are swapped; SIGKILL is the journal's."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # Python-level handlers, not a signal mask: a mask holds only the main thread, and the
    # kernel may hand a process-wide signal to any other thread a library started.
    received: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        received.append(signum)

    # Windows has no SIGHUP.
    numbers = [getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP")]
    previous = {number: signal.signal(number, hold) for number in numbers if number is not None}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            signal.raise_signal(received[0])


class _Unfinished(InputError):
    """Some folders were swapped and could not be swapped back; the journals stay."""


def _partly_written(failed: _Folder, err: OSError, new: list[_Folder], old: list[_Folder]) -> str:
    new_files = ", ".join(name for folder in new for name in folder.targets())
    old_files = ", ".join(name for folder in old for name in folder.targets())
    return _(
        "cannot write {path}: {why}; only partly written: new: {new}; still the earlier "
        "version: {old}; the next samarbeid run that writes to these folders completes the change"
    ).format(path=failed.named, why=err.strerror, new=new_files, old=old_files)


def _swap_all(folders: list[_Folder], entries: list[swapping.Entry], change: str) -> None:
    """Swap every folder in; if one fails, swap the others back (or say exactly what is new)."""
    swapped: list[tuple[_Folder, swapping.Entry, str]] = []
    for folder, entry in zip(folders, entries, strict=True):
        try:
            swapped.append((folder, entry, swapping.swap_in(entry)))
            swapping.fsync_dir(entry.folder.parent)
        except OSError as err:
            still_new: list[_Folder] = []
            for done, done_entry, how in reversed(swapped):
                try:
                    swapping.swap_back(done_entry, how)
                except OSError:
                    still_new.append(done)
            if still_new:
                # The journals stay: the next run finishes the change rather than leave a mix.
                old = [other for other in folders if other not in still_new]
                raise _Unfinished(_partly_written(folder, err, still_new[::-1], old)) from err
            with contextlib.suppress(OSError):
                swapping.drop_journals(change, entries)
            raise InputError(
                _nothing_written().format(path=folder.named, why=err.strerror)
            ) from err


def _commit(folders: list[_Folder]) -> None:
    entries = [folder.entry() for folder in folders]
    change = os.urandom(8).hex()
    journal = swapping.journal_bytes(change, entries)
    with _signals_held():
        for index, entry in enumerate(entries):
            try:
                swapping.write_journal(swapping.journal_of(entry.folder), journal)
            except OSError as err:
                with contextlib.suppress(OSError):
                    swapping.drop_journals(change, entries[:index])
                raise InputError(
                    _nothing_written().format(path=folders[index].named, why=err.strerror)
                ) from err
        _swap_all(folders, entries, change)
        with contextlib.suppress(OSError):
            swapping.drop_journals(change, entries)


def write_all(
    files: Mapping[Path, bytes],
    *,
    timeout: float = LOCK_TIMEOUT,
    replace: Iterable[Path] = (),
    remove: Iterable[Path] = (),
    private: bool = False,
) -> None:
    """Write every file, folder by folder all at once, or (on any error) none of them.

    Files already in the folders that are not in `files` are kept, except in the folders named
    in `replace`, which end up holding exactly this run's files; the files in `remove` go in the
    same swap (the calendar file of a series that is gone). The folders are locked
    while writing (re-entrant: a command may already hold them with `locked`).

    Args:
        files: Every output of the run, by path.
        timeout: Seconds to wait for another run that holds one of the folders.
        private: The files hold personal data (a consent report): readable by the owner only,
            whatever the umask.

    Raises:
        InputError: A folder cannot be created, a file cannot be written, or another run held
            a folder for longer than `timeout`.
        UsageError: A folder is a mount point or holds the current folder.
    """
    # One file alone in its folder (`agenda --out saksliste.md`, the issue history) is
    # replaced on its own with one rename, which is all-or-nothing already; its folder may then
    # be any folder, the current one included. Folders with several files are swapped whole.
    by_parent: dict[Path, list[Path]] = {}
    for target in files:
        by_parent.setdefault(locking.absolute(target.parent), []).append(target)
    dropped = {locking.absolute(path.parent): path for path in remove}
    alone = {
        targets[0]
        for parent, targets in by_parent.items()
        if len(targets) == 1 and parent not in dropped
    }
    # A lone file inside a folder that is swapped whole rides along with that folder.
    swapped = {locking.absolute(target.parent) for target in files if target not in alone}
    alone = {
        target
        for target in alone
        if not any(
            root == parent or root in parent.parents
            for parent in [locking.absolute(target.parent)]
            for root in swapped
        )
    }
    singles = [
        _Folder(
            locking.absolute(target.parent),
            target.parent,
            {PurePath(target.name): files[target]},
            lone=True,
            private=private,
        )
        for target in files
        if target in alone
    ]
    folders = _folders({target: files[target] for target in files if target not in alone})
    replaced = {locking.absolute(path) for path in replace}
    for folder in folders:
        folder.private = private
        folder.replace = folder.real in replaced
        for path in remove:
            where = locking.absolute(path.parent)
            if where == folder.real or folder.real in where.parents:
                folder.drop.add(PurePath(where.relative_to(folder.real), path.name))
    # Before anything is locked, staged or created: never into the data, onto an input of
    # this run or onto a device (see targets.py).
    for single in singles:
        targets.refuse(single.named, folder=False)
    for folder in folders:
        targets.refuse(folder.shown, folder=True)
        for relative in folder.files:
            targets.refuse(folder.shown / relative, folder=False)
    for folder in [*singles, *folders]:
        problem = _problem(folder.shown)
        if problem:
            raise InputError(_nothing_written().format(path=folder.shown, why=problem))
    for folder in folders:
        _refuse_unswappable(folder.shown, str(folder.shown))
    sync_each = len(files) <= FSYNC_EACH_UP_TO or _syncfs() is None
    # A lone file's folder is locked by flock on the folder itself: no lock file is left
    # beside a document in the coordinator's own folder (on POSIX; see locking.hold_folder).
    with (
        locked([folder.shown for folder in folders], timeout=timeout),
        _folders_locked(singles, timeout),
    ):
        unfinished = False
        try:
            for single in singles:
                _stage_single(single)
            for folder in folders:
                _stage(folder, sync_each)
            _make_durable(folders, sync_each)
            if folders or len(singles) > 1:
                # The history goes in the same journal as the folders it describes.
                _commit([*folders, *singles])
            elif singles:
                _replace_single(singles[0])
        except _Unfinished:
            unfinished = True  # the staging folders are needed to finish; the next run does
            raise
        finally:
            for folder in [*singles, *folders]:
                for leftover in (folder.stage, folder.old):
                    if leftover is not None and not unfinished:
                        swapping.remove(leftover)


@contextlib.contextmanager
def folder_locked(folder: Path) -> Iterator[None]:
    """Hold an existing folder, re-entrant within the process, leaving no lock file in it.

    Raises:
        InputError: The folder cannot be opened.
    """
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locking.hold_folder(folder))
        except locking.CannotLock as err:
            raise InputError(
                _("cannot open {folder} to lock it: {reason}").format(
                    folder=folder, reason=err.reason
                )
            ) from err
        yield


@contextlib.contextmanager
def _folders_locked(singles: list[_Folder], timeout: float) -> Iterator[None]:
    """Each lone file's folder (created if need be) locked for the rest of the write, and a
    change an earlier run left unfinished beside the file settled."""
    with contextlib.ExitStack() as stack:
        for single in singles:
            folder = single.target.parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise InputError(
                    _("cannot write in {folder}: {reason}; nothing was written").format(
                        folder=folder, reason=err.strerror
                    )
                ) from err
            stack.enter_context(folder_locked(folder))
            settle_file(single.target, timeout)
        yield


def _stage_single(single: _Folder) -> None:
    """Write a lone file beside its target under a staging name, durably."""
    (content,) = single.files.values()
    target = single.named
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(
            prefix=swapping.beside(target, "stage-").name, dir=single.real
        )
        single.stage = Path(name)
        single.old = swapping.beside(target, "old-" + single.stage.name[-8:])
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp creates 0600 files; outputs are shared documents, so honour the umask.
        # A report with personal data stays 0600, as mkstemp made it.
        if not single.private:
            single.stage.chmod(0o666 & ~_umask())
    except OSError as err:
        raise InputError(
            _("cannot write {target}: {reason}; nothing was written").format(
                target=target, reason=err.strerror
            )
        ) from err


def _replace_single(single: _Folder) -> None:
    """Rename the one staged lone file of a write over its target."""
    assert single.stage is not None
    target = single.named
    try:
        single.stage.replace(target)
    except OSError as err:
        raise InputError(
            _("cannot write {target}: {reason}; nothing was written").format(
                target=target, reason=err.strerror
            )
        ) from err


def _busy(err: locking.Busy, timeout: float, spelled: Mapping[Path, Path]) -> InputError:
    return InputError(
        _(
            "{path}: another samarbeid run ({holder}) is writing here; gave up waiting after "
            "{seconds} s; try again when it has finished"
        ).format(path=spelled.get(err.path, err.path), holder=err.holder, seconds=f"{timeout:g}")
    )


@contextlib.contextmanager
def locked(paths: Iterable[Path], *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold output folders and state files for a whole run: read, compute, write, then let go.

    A second run that wants any of them waits up to `timeout` seconds. Before returning, a
    change an earlier run left unfinished beside them (it was killed) is finished or dropped,
    and leftover staging folders are removed, so the caller reads a settled state.

    Args:
        paths: Folders or files, existing or not.
        timeout: Seconds to wait for another run.

    Raises:
        InputError: Another run held one for longer than `timeout`, or a lock file cannot be
            created beside one.
    """
    wanted = list(paths)
    spelled = {locking.absolute(path): path for path in wanted}
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(locking.hold(wanted, timeout))
            for path in wanted:
                real = locking.absolute(path)
                try:
                    swapping.settle(real, timeout)
                    if not real.is_dir():
                        swapping.settle(real.parent, timeout)
                except OSError as err:
                    raise InputError(
                        _("cannot write {path}: {why}").format(path=path, why=err.strerror)
                    ) from err
        except locking.Busy as err:
            raise _busy(err, timeout, spelled) from err
        except locking.CannotLock as err:
            where = spelled.get(err.path, err.path)
            raise InputError(_nothing_written().format(path=where, why=err.reason)) from err
        yield


def settle_file(path: Path, timeout: float = LOCK_TIMEOUT) -> None:
    """Finish or drop a change an earlier run left beside a file alone in its folder (the issue
    history), whose folder the caller holds, so that the caller reads a settled file.

    Raises:
        InputError: Another run held a folder of that change for longer than `timeout`, or
            finishing the change failed.
    """
    real = locking.absolute(path)
    try:
        swapping.settle(real, timeout, file=True)
    except locking.Busy as err:
        raise _busy(err, timeout, {real: path}) from err
    except locking.CannotLock as err:
        raise InputError(_nothing_written().format(path=err.path, why=err.reason)) from err
    except OSError as err:
        raise InputError(
            _("cannot write {path}: {why}").format(path=path, why=err.strerror)
        ) from err

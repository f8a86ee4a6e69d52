"""Advisory locks that keep two samarbeid runs out of each other's folders.

The lock of a path lives beside it, in `.<name>.samarbeid-lock`, never inside it: writing.py
replaces an output folder as a whole, and a lock file inside would be swapped away while held.
Lock files are never deleted (deleting one while another process waits on it would let two
runs hold "the" lock); after taking a lock we check that the path still names the file we
locked, so a lock file that was replaced is taken again rather than trusted.

Locks are re-entrant within the process: a command holds its folders for the whole run, and
`write_all` inside it asks for the same folders without waiting on itself. One thread only.

The lock itself is `flock` on POSIX and `msvcrt.locking` on Windows, which has no flock; the
two functions just below are the only place that differs, apart from `hold_folder`.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

LOCK_SUFFIX = ".samarbeid-lock"
POLL_SECONDS = 0.05
# O_BINARY: Windows opens in text mode otherwise, and would write the pid with "\r\n".
_OPEN_FLAGS = os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

if sys.platform == "win32":
    import msvcrt

    # Windows locks are mandatory: no other process can read a locked byte. The lock is on a
    # byte past the holder's process id, so a waiting run can still say who holds it.
    _LOCKED_BYTE = 4096

    def _try_lock(fd: int) -> bool:
        """Take the lock of the open lock file `fd`; False if another process holds it."""
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)  # msvcrt.locking locks from the position
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # EACCES: held elsewhere
            return False
        return True

    def _unlock(fd: int) -> None:
        """Let go before closing: Windows frees a closed file's locks only when it gets to it."""
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Take the lock of the open lock file `fd`; False if another process holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        """Nothing to do: closing the only descriptor releases the flock."""


class Busy(Exception):
    """Another process held the lock of `path` until the timeout ran out."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"{path} is locked by {holder}")


class CannotLock(Exception):
    """The lock file of `path` cannot be created or opened."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot lock {path}: {reason}")


def absolute(path: Path) -> Path:
    """`path` made absolute with symbolic links resolved, whether or not it exists yet."""
    return Path(os.path.realpath(path))


def lock_file(path: Path) -> Path:
    """Where the lock of `path` (a folder or a file) lives: beside it."""
    real = absolute(path)
    return real.parent / f".{real.name}{LOCK_SUFFIX}"


_held: dict[Path, tuple[int, int]] = {}


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        # lseek and read rather than pread, which Windows lacks; the descriptor is ours alone.
        os.lseek(fd, 0, os.SEEK_SET)
        pid = int(os.read(fd, 32).decode().strip())
        return f"process {pid}"
    return "another process"


def _open(path: Path) -> int:
    try:
        return os.open(path, _OPEN_FLAGS | os.O_RDWR, 0o666)
    except PermissionError:
        # flock needs no write access; a lock file made by a colleague may be read-only to us.
        return os.open(path, _OPEN_FLAGS | os.O_RDONLY)


def _acquire(path: Path, deadline: float) -> int:
    while True:
        fd = _open(path)
        try:
            while not _try_lock(fd):
                if time.monotonic() >= deadline:
                    raise Busy(_owner(path), _holder(fd)) from None
                time.sleep(POLL_SECONDS)
            locked = os.fstat(fd)
            try:
                current = path.stat()
            except FileNotFoundError:
                current = None
            if current and (current.st_dev, current.st_ino) == (locked.st_dev, locked.st_ino):
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                    os.lseek(fd, 0, os.SEEK_SET)
                    os.write(fd, f"{os.getpid()}\n".encode())
                return fd
            _unlock(fd)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _owner(lock: Path) -> Path:
    return lock.parent / lock.name[1 : -len(LOCK_SUFFIX)]


def _release(path: Path) -> None:
    fd, count = _held[path]
    if count > 1:
        _held[path] = (fd, count - 1)
        return
    del _held[path]
    _unlock(fd)
    os.close(fd)


@contextlib.contextmanager
def hold(paths: Iterable[Path], timeout: float) -> Iterator[None]:
    """Hold the locks of `paths` (folders or files), waiting up to `timeout` seconds for each.

    Raises:
        Busy: Another process kept one of the locks for longer than `timeout`.
        CannotLock: A lock file cannot be created (its folder is a file, read-only, ...).
    """
    wanted = sorted({lock_file(path) for path in paths})  # one order, so two runs cannot deadlock
    deadline = time.monotonic() + timeout
    taken: list[Path] = []
    try:
        for path in wanted:
            if path in _held:
                fd, count = _held[path]
                _held[path] = (fd, count + 1)
            else:
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    fd = _acquire(path, deadline)
                except OSError as err:
                    raise CannotLock(_owner(path), err.strerror or str(err)) from err
                _held[path] = (fd, 1)
            taken.append(path)
        yield
    finally:
        for path in reversed(taken):
            _release(path)


if sys.platform == "win32":

    @contextlib.contextmanager
    def hold_folder(folder: Path) -> Iterator[None]:
        """Hold an existing folder, waiting as long as another process holds it; re-entrant.

        Windows cannot lock (or even open) a folder, so the lock file beside it stands in, as
        for `hold`, and stays.

        Raises:
            CannotLock: Its lock file cannot be created.
        """
        with hold([folder], math.inf):
            yield

else:
    _held_folders: dict[str, int] = {}
    """Folders this process holds with `hold_folder`, and how many times (re-entrant)."""

    @contextlib.contextmanager
    def hold_folder(folder: Path) -> Iterator[None]:
        """Hold an existing folder, waiting as long as another process holds it; re-entrant.

        The folder itself is flocked, so nothing is created: no lock file appears in or beside
        the coordinator's own folder.

        Raises:
            CannotLock: The folder cannot be opened.
        """
        key = os.path.realpath(folder)
        if key in _held_folders:
            _held_folders[key] += 1
            try:
                yield
            finally:
                _held_folders[key] -= 1
            return
        try:
            descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as err:
            raise CannotLock(folder, err.strerror or str(err)) from err
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            _held_folders[key] = 1
            yield
        finally:
            _held_folders.pop(key, None)
            os.close(descriptor)

"""Advisory locks (`fcntl.flock`) that keep two samarbeid runs out of each other's folders.

The lock of a path lives beside it, in `.<name>.samarbeid-lock`, never inside it: writing.py
replaces an output folder as a whole, and a lock file inside would be swapped away while held.
Lock files are never deleted (deleting one while another process waits on it would let two
runs hold "the" lock); after taking a lock we check that the path still names the file we
locked, so a lock file that was replaced is taken again rather than trusted.

Locks are re-entrant within the process: a command holds its folders for the whole run, and
`write_all` inside it asks for the same folders without waiting on itself. One thread only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

LOCK_SUFFIX = ".samarbeid-lock"
POLL_SECONDS = 0.05


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
        pid = int(os.pread(fd, 32, 0).decode().strip())
        return f"process {pid}"
    return "another process"


def _open(path: Path) -> int:
    flags = os.O_CREAT | os.O_CLOEXEC
    try:
        return os.open(path, flags | os.O_RDWR, 0o666)
    except PermissionError:
        # flock needs no write access; a lock file made by a colleague may be read-only to us.
        return os.open(path, flags | os.O_RDONLY)


def _acquire(path: Path, deadline: float) -> int:
    while True:
        fd = _open(path)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
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
                    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
                return fd
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
    os.close(fd)  # closing the only descriptor releases the flock


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

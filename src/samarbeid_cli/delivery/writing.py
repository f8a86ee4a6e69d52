"""The one place that writes output files: all or nothing.

Every file is first written beside its target under a temporary name; only when all of them
are written are they renamed into place, so a failure leaves earlier outputs untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from samarbeid_cli.errors import InputError


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file, or (on any error) none of them.

    Raises:
        InputError: A folder cannot be created or a file cannot be written.
    """
    staged: list[tuple[Path, Path]] = []
    mode = 0o666 & ~_umask()
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((Path(name), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
            # mkstemp creates 0600 files; outputs are shared documents, so honour the umask.
            Path(name).chmod(mode)
        for staged_file, target in staged:
            staged_file.replace(target)
    except OSError as err:
        for staged_file, _ in staged:
            with contextlib.suppress(OSError):
                staged_file.unlink()
        where = f" {err.filename}" if err.filename else ""
        raise InputError(f"cannot write{where}: {err.strerror}; nothing was written") from err

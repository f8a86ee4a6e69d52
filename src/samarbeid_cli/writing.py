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


def write_all(files: Mapping[Path, bytes]) -> None:
    """Write every file, or (on any error) none of them.

    Raises:
        InputError: A folder cannot be created or a file cannot be written.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((Path(temporary), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(content)
        for temporary, target in staged:
            temporary.replace(target)
    except OSError as err:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                temporary.unlink()
        where = f" {err.filename}" if err.filename else ""
        raise InputError(f"cannot write{where}: {err.strerror}; nothing was written") from err

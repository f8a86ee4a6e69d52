"""The small state file an output folder keeps: what was issued under which UID."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from samarbeid_cli.errors import InputError
from samarbeid_cli.services.sequence import Issued

STATE_FILE = ".samarbeid-state.json"


def read_state(folder: Path) -> dict[str, Issued]:
    """What was issued from `folder` before; empty for a new folder.

    Raises:
        InputError: The state file exists but is not samarbeid's.
    """
    path = folder / STATE_FILE
    if not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            uid: Issued(int(entry["sequence"]), str(entry["digest"]))
            for uid, entry in raw["issued"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise InputError(
            f"{path}: not a samarbeid state file ({err.__class__.__name__}); it records the "
            "SEQUENCE of issued events: restore it, or delete it to start counting again"
        ) from err


def state_bytes(issued: Mapping[str, Issued]) -> bytes:
    """The state file's content, sorted so that unchanged state gives identical bytes."""
    content = {
        "version": 1,
        "issued": {
            uid: {"sequence": entry.sequence, "digest": entry.digest}
            for uid, entry in sorted(issued.items())
        },
    }
    return (json.dumps(content, indent=2) + "\n").encode()

"""Options and small conversions shared by several commands."""

from __future__ import annotations

import datetime as dt
import inspect
import os
from pathlib import Path

from samarbeid_cli.errors import UsageError


def data_dir_from(path: Path | None) -> Path:
    """The data folder to use: `path` (a data folder or a file inside one), or the workspace's."""
    from samarbeid_cli.loading.workspace import find_data_dir

    if path is None:
        return find_data_dir(Path.cwd())
    if not path.exists():
        raise UsageError(f"{path} does not exist")
    return find_data_dir(path if path.is_dir() else path.parent)


def today_from(text: str | None) -> dt.date:
    """`--today`, or the real date: the one place that reads the clock for a date."""
    if text is None:
        return dt.datetime.now().astimezone().date()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"--today must be a date such as 2026-12-01 (got {text!r})") from None


def stamp_from(text: str | None) -> dt.datetime:
    """DTSTAMP: `--stamp`, else SOURCE_DATE_EPOCH (reproducible builds), else now, in UTC."""
    if text is not None:
        try:
            stamp = dt.datetime.fromisoformat(text)
        except ValueError:
            raise UsageError(
                f"--stamp must be an ISO date-time such as 2026-06-15T09:00:00Z (got {text!r})"
            ) from None
        if stamp.tzinfo is None:
            raise UsageError(f"--stamp needs a UTC offset, e.g. {text}Z or {text}+02:00")
        return stamp.astimezone(dt.UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds (got {epoch!r})") from None
    return dt.datetime.now(dt.UTC)


def help_from(docstring: str | None) -> str:
    """A command's --help from its docstring: paragraphs kept, the source's line breaks not.

    Typer's rich help keeps every newline, so a docstring wrapped at 100 columns would come out
    ragged on a narrower terminal.
    """
    paragraphs = inspect.cleandoc(docstring or "").split("\n\n")
    return "\n\n".join(" ".join(paragraph.split()) for paragraph in paragraphs)

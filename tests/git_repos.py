"""Real git repositories in tmp_path, for the commands that read the data's history."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str, date: str = "2026-06-01T12:00:00+02:00") -> str:
    """Run git in `root` with a fixed author and dates (so history-based checks are stable)."""
    environment = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Koordinator",
        "GIT_AUTHOR_EMAIL": "koordinator@example.org",
        "GIT_COMMITTER_NAME": "Koordinator",
        "GIT_COMMITTER_EMAIL": "koordinator@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    result = subprocess.run(
        ["git", *args], cwd=root, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout


def init(root: Path) -> None:
    """An empty repository on branch main."""
    git(root, "init", "--quiet", "--initial-branch=main")


def commit_all(root: Path, message: str, date: str = "2026-06-01T12:00:00+02:00") -> None:
    """Stage everything and commit it on `date`."""
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--allow-empty", "-m", message, date=date)


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file's text; fails when it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

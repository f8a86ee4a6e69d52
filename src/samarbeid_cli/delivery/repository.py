"""A new data repository: `git init` on the branch the CI examples and the README call main."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from samarbeid_cli.loading import git

DEFAULT_BRANCH = "main"


def make_repository(folder: Path) -> bool:
    """Make `folder` a git repository whose first branch is main; False where git is missing.

    `git init` alone makes `master` on a stock git; `symbolic-ref` names the unborn branch on
    every git version (`init -b` needs git 2.28), so the result is the same everywhere.
    """
    if shutil.which("git") is None:
        return False
    for arguments in (
        ["init", "--quiet"],
        ["symbolic-ref", "HEAD", f"refs/heads/{DEFAULT_BRANCH}"],
    ):
        try:
            subprocess.run(
                git.command(*arguments),
                cwd=folder,
                env=git.environment(),
                capture_output=True,
                check=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError):
            return False
    return True

"""Reading data files as git has them: at a revision, and a file's history.

Everything goes through `git` as a subprocess into memory; nothing is checked out, so the
working tree is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _

# A repository's own config can name programs git runs while it reads: core.fsmonitor (on
# every command that reads the index, such as ls-files), a pager, an external diff, a textconv
# driver. Data repositories are cloned from others, so every call switches them off.
# (`log` below also gets --no-ext-diff and --no-textconv; the other calls print no diffs.)
_SAFE = ("--no-pager", "-c", "core.fsmonitor=false")
_UNSET = ("GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_ASKPASS", "SSH_ASKPASS")


def command(*args: str) -> list[str]:
    """The argument list that runs `git args` without any program the repository configures."""
    return ["git", *_SAFE, *args]


def environment() -> dict[str, str]:
    """The environment for git: no external diff or pager from the caller's, no prompts, and
    no optional index writes from a read."""
    kept = {name: value for name, value in os.environ.items() if name not in _UNSET}
    return {**kept, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            command(*args),
            cwd=root,
            input=stdin,
            capture_output=True,
            check=False,
            env=environment(),
        )
    except FileNotFoundError as err:
        raise InputError(
            _("git is not installed; this command reads the data's history from git")
        ) from err


def _stderr(result: subprocess.CompletedProcess[bytes]) -> str:
    lines = result.stderr.decode(errors="replace").strip().splitlines()
    return lines[0] if lines else f"git exited with {result.returncode}"


def toplevel(start: Path) -> Path | None:
    """The root of the git repository `start` lies in, or None outside any repository."""
    folder = start if start.is_dir() else start.parent
    result = _git(folder, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode().strip())


def is_shallow(root: Path) -> bool:
    """Whether the repository is a shallow clone (`git clone --depth`), whose history stops
    short: a check of the history there would find nothing and seem to pass."""
    result = _git(root, "rev-parse", "--is-shallow-repository")
    return result.returncode == 0 and result.stdout.decode().strip() == "true"


def commit_of(root: Path, revision: str) -> str:
    """The full commit id a revision (branch, tag, HEAD~2, id) names.

    Raises:
        InputError: Git knows no such commit.
    """
    if revision.startswith("-"):
        raise InputError(_("unknown revision {revision}").format(revision=repr(revision)))
    result = _git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if result.returncode != 0:
        raise InputError(
            _("unknown revision {revision}: git has no such branch, tag or commit here").format(
                revision=repr(revision)
            )
        )
    return result.stdout.decode().strip()


def merge_base(root: Path, first: str, second: str) -> str:
    """Where `second` branched off `first` (what `first...second` compares from).

    Raises:
        InputError: The two revisions share no history.
    """
    result = _git(root, "merge-base", commit_of(root, first), commit_of(root, second))
    if result.returncode != 0:
        raise InputError(
            _("{first} and {second} have no common history").format(
                first=repr(first), second=repr(second)
            )
        )
    return result.stdout.decode().strip()


def files_at(root: Path, commit: str, folder: str) -> dict[str, bytes]:
    """Every file under `folder` (relative to the repository root) at `commit`, by its path
    relative to `folder`. Symbolic links and submodules are left out: git stores no data there.
    """
    within = ["--", folder] if folder else []
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", commit, *within)
    if listing.returncode != 0:
        raise InputError(
            _("cannot list {folder} at {commit}: {value}").format(
                folder=folder, commit=commit[:7], value=_stderr(listing)
            )
        )
    blobs: list[tuple[str, str]] = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _tab, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        if kind == "blob" and mode != "120000":
            relative = name.decode("utf-8", errors="surrogateescape")
            blobs.append((relative[len(folder) + 1 :] if folder else relative, blob))
    if not blobs:
        return {}
    batch = _git(
        root, "cat-file", "--batch", stdin="".join(f"{b}\n" for _path, b in blobs).encode()
    )
    if batch.returncode != 0:
        raise InputError(
            _("cannot read {folder} at {commit}: {value}").format(
                folder=folder, commit=commit[:7], value=_stderr(batch)
            )
        )
    files: dict[str, bytes] = {}
    output, offset = batch.stdout, 0
    for relative, _blob in blobs:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split()[2])
        files[relative] = output[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
    return files


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """One file (relative to the repository root) at `commit`, or None where it did not exist."""
    result = _git(root, "cat-file", "blob", f"{commit}:{path}")
    return result.stdout if result.returncode == 0 else None


def file_commits(root: Path, path: str) -> list[tuple[str, dt.date]]:
    """The commits that changed a file, newest first, each with its committer date.

    Raises:
        InputError: Git cannot read the history (e.g. a repository without commits).
    """
    result = _git(root, "log", "--no-ext-diff", "--no-textconv", "--format=%H %cs", "--", path)
    if result.returncode != 0:
        if b"does not have any commits" in result.stderr:
            return []
        raise InputError(
            _("cannot read the history of {path}: {value}").format(path=path, value=_stderr(result))
        )
    commits = []
    for line in result.stdout.decode().splitlines():
        commit, day = line.split()
        commits.append((commit, dt.date.fromisoformat(day)))
    return commits

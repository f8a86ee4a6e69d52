"""The files `samarbeid init` writes for a new municipality, from `templates/init/`."""

from __future__ import annotations

import re
import unicodedata

from samarbeid_cli import __version__
from samarbeid_cli.renderers import documents

EXAMPLE_ARENA = "samordningsteam-barn-og-unge"

_LETTERS = {"æ": "ae", "ø": "o", "å": "a"}


def slug_of(name: str) -> str:
    """ "Inderøy kommune" -> "inderoy": the file name the municipality's data goes under."""
    text = re.sub(r"\s+(kommune)$", "", name.strip().lower())
    text = "".join(_LETTERS.get(letter, letter) for letter in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def files(*, name: str, slug: str, kommunenummer: str, malform: str) -> dict[str, str]:
    """{path inside the new workspace: text}.

    The hook and the CI install samarbeid from the package index, pinned to the version that
    writes them, so a data repository never runs another version than the one it was made for
    until someone bumps the pin on purpose.
    """
    context = {
        "municipality_name": name,
        "slug": slug,
        "kommunenummer": kommunenummer,
        "language": malform,
        "version": __version__,
        "example_arena": EXAMPLE_ARENA,
    }
    sources = {
        f"data/municipalities/{slug}.yaml": "init/municipality",
        f"data/arenas/{slug}/{EXAMPLE_ARENA}.yaml": "init/arena",
        ".pre-commit-config.yaml": "init/pre-commit-config",
        ".github/workflows/samarbeid.yml": "init/github-workflow",
        ".gitlab-ci.yml": "init/gitlab-ci",
        # Who must approve a change to each arena's routine; roles are mapped to accounts in
        # the files' comments, since the data names roles, never people.
        ".github/CODEOWNERS": "init/codeowners-github",
        ".gitlab/CODEOWNERS": "init/codeowners-gitlab",
        ".gitignore": "init/gitignore",
    }
    result = {
        path: documents.render(source, malform, **context) for path, source in sources.items()
    }
    result["templates/.gitkeep"] = ""
    return result

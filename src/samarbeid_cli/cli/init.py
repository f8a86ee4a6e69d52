"""`samarbeid init`."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from samarbeid_cli.cli.options import Command, help_from
from samarbeid_cli.errors import InputError, UsageError
from samarbeid_cli.i18n import _


class Malform(StrEnum):
    """The municipality's written standard."""

    nb = "nb"
    nn = "nn"


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The new workspace's folder.")],
    name: Annotated[str, typer.Option(help='The municipality\'s name, e.g. "Selbu kommune".')],
    kommunenummer: Annotated[str, typer.Option(help='Four digits, e.g. "5032".')],
    malform: Annotated[
        Malform, typer.Option(help="nb (bokmål) or nn (nynorsk): the language of its documents.")
    ] = Malform.nb,
    slug: Annotated[
        str | None,
        typer.Option(help="The file name for its data. Default: from the name (inderoy)."),
    ] = None,
    git: Annotated[
        bool,
        typer.Option(help="Make DIR a git repository on branch main (where git is installed)."),
    ] = True,
) -> None:
    """Start a data repository for a new municipality.

    Writes data/municipalities/<slug>.yaml with every field explained, an example arena, an
    empty templates/ folder for your own document templates, .pre-commit-config.yaml that runs
    'samarbeid validate' before each commit, and CI for GitHub Actions and GitLab CI that
    validates every pull/merge request, posts 'samarbeid diff' on it, and runs validate,
    check-revisions and 'agenda --due' every week, and example CODEOWNERS files for GitHub
    and GitLab that route a change to each arena's routine to the roles that approve it. The
    hook and the CI install this version
    of samarbeid from PyPI. DIR becomes a git repository on branch main. The result validates
    as it is. DIR must be new or empty: init never overwrites.

    Exit codes: 0 written; 1 DIR is not empty, or cannot be written; 2 usage error.

    Examples:

    samarbeid init selbu-samarbeid --name "Selbu kommune" --kommunenummer 5032

    samarbeid init aukra-data --name "Aukra kommune" --kommunenummer 1547 --malform nn
    """
    from samarbeid_cli.delivery.repository import make_repository
    from samarbeid_cli.delivery.writing import write_all
    from samarbeid_cli.models.types import is_slug
    from samarbeid_cli.renderers import skeleton
    from samarbeid_cli.services.schema import schemas

    if not re.fullmatch(r"\d{4}", kommunenummer):
        raise UsageError(
            _("--kommunenummer must be 4 digits, such as 0301 (got {value})").format(
                value=repr(kommunenummer)
            )
        )
    chosen = slug or skeleton.slug_of(name)
    if not is_slug(chosen):
        raise UsageError(
            _("--slug must be lowercase a-z, digits and hyphens (got {value})").format(
                value=repr(chosen)
            )
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(
            _("{folder} already exists and is not empty; init never overwrites").format(
                folder=folder
            )
        )
    texts = skeleton.files(
        name=name,
        slug=chosen,
        kommunenummer=kommunenummer,
        malform=malform.value,
    )
    # Editors with yaml-language-server check the files as they are typed, from these schemas.
    for schema_name, schema in schemas().items():
        texts[f"schemas/{schema_name}"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    for path, kind, depth in (
        (f"data/municipalities/{chosen}.yaml", "municipality", 2),
        (f"data/arenas/{chosen}/{skeleton.EXAMPLE_ARENA}.yaml", "arena", 3),
    ):
        schema_path = "../" * depth + f"schemas/{kind}.schema.json"
        texts[path] = f"# yaml-language-server: $schema={schema_path}\n" + texts[path]
    write_all({folder / path: text.encode() for path, text in texts.items()})
    for path in texts:
        typer.echo(_("wrote {path}").format(path=folder / path))
    if git and make_repository(folder):
        typer.echo(
            _("made {folder} a git repository on branch main").format(folder=folder), err=True
        )
        typer.echo(
            _("next: {commands}").format(
                commands=f"cd {folder} && samarbeid validate && pre-commit install"
            ),
            err=True,
        )
    else:
        commands = (
            f"cd {folder} && git init && git symbolic-ref HEAD refs/heads/main"
            " && samarbeid validate && pre-commit install"
        )
        if git:
            shown = _("next (git is not installed or failed: install git first): {commands}")
        else:
            shown = _("next: {commands}")
        typer.echo(shown.format(commands=commands), err=True)


def register(app: typer.Typer) -> None:
    """Add the command to the app."""
    app.command(cls=Command, help=help_from(init.__doc__))(init)

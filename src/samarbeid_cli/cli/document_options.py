"""Option types of the document commands, kept light so `samarbeid --help` stays fast."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Format(StrEnum):
    """A document's output format."""

    md = "md"
    html = "html"
    docx = "docx"


class Lang(StrEnum):
    """Bokmål or nynorsk."""

    nb = "nb"
    nn = "nn"


OutFile = Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")]
LangChoice = Annotated[
    Lang | None, typer.Option(help="nb or nn. Default: the municipality's målform.")
]
DataFolder = Annotated[
    Path | None, typer.Option(help="The data folder. Default: data/ of the workspace.")
]

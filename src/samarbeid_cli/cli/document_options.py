"""Option types of the document commands, kept light so `samarbeid --help` stays fast."""

from __future__ import annotations

from enum import StrEnum


class Format(StrEnum):
    """A document's output format."""

    md = "md"
    html = "html"
    docx = "docx"


class Lang(StrEnum):
    """Bokmål or nynorsk."""

    nb = "nb"
    nn = "nn"

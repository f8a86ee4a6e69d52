"""The one Jinja setup: every text samarbeid writes in bokmål or nynorsk comes from
`templates/`, sandboxed and with StrictUndefined so that a typo fails instead of printing ''."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


def templates_dir() -> Path:
    """`templates/` inside the installed package, or at the root of a source checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "templates", here.parents[3] / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("samarbeid's templates folder is missing from the installation")


@cache
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(
        loader=FileSystemLoader(templates_dir()),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, malform: str, **context: Any) -> str:
    """Render `templates/<name>.<malform>.<ext>.j2`, e.g. `ical/description` in nynorsk.

    Args:
        name: Template path without language and extension, e.g. "ical/description".
        malform: "nb" or "nn".
        **context: The template's variables.
    """
    environment = _environment()
    matches = [
        candidate
        for candidate in environment.list_templates()
        if candidate.startswith(f"{name}.{malform}.")
    ]
    if not matches:
        raise FileNotFoundError(f"no template {name} for {malform}")
    return environment.get_template(matches[0]).render(**context)

"""Signing in to Microsoft 365 for Graph (and SMTP): filled in by `samarbeid login`."""

from __future__ import annotations

from collections.abc import Mapping

from samarbeid_cli.delivery.graph import TokenSource


def graph_token_source(environ: Mapping[str, str]) -> TokenSource | None:
    """A token source from the cached sign-in, or None when there is none."""
    return None

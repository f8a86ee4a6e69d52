"""The one error hierarchy. Exceptions carry data; only the CLI boundary prints them."""

from __future__ import annotations

from collections.abc import Sequence

from samarbeid_cli.models.finding import Finding


class SamarbeidError(Exception):
    """Root of every error samarbeid raises on purpose."""

    exit_code = 1


class InputError(SamarbeidError):
    """The user's data or input is wrong in a way one message explains."""


class DataError(SamarbeidError):
    """One or more data files are invalid; every problem found is in `findings`."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        super().__init__("\n".join(str(finding) for finding in self.findings))


class UsageError(SamarbeidError):
    """The command line itself is wrong (an option's value, a combination)."""

    exit_code = 2


class DeliveryError(SamarbeidError):
    """Sending invitations failed (SMTP refused, unreachable, ...)."""

"""Everything `schedule` writes for a coordinator is in bokmål or nynorsk, with each arena
shown by its name (the slug only with --verbose, and in JSON)."""

from __future__ import annotations

import email
import email.policy
import json
import re
from email.message import EmailMessage
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from tests.conftest import MUNICIPALITY, DataFolder, app, with_frequency
from tests.decided import DECIDED_DATA

ENGLISH = re.compile(
    r"\b(the|of|as|coming|half-year|year|every|week|weeks|weekly|monthly|on_demand|"
    r"every_n_weeks|per_term|range|meeting|meetings|no|none|skipped|moved|from|holiday|"
    r"break|weekend|only|found|wanted|monday|tuesday|wednesday|thursday|friday|"
    r"january|february|march|june|july|october|december|spring|autumn|minutes|convener|"
    r"chair|agenda|days|before|invitation)\b",
    re.IGNORECASE,
)


def _schedule(runner: CliRunner, slug: str, *arguments: str) -> str:
    result = runner.invoke(
        app,
        [
            "schedule",
            "-m",
            slug,
            "--today",
            "2026-11-22",
            "--stamp",
            "2026-11-23T10:00:00Z",
            "--data",
            str(DECIDED_DATA),
            *arguments,
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def _ics_texts(text: str) -> list[str]:
    calendar = icalendar.Calendar.from_ical(text)
    return [
        str(event[name])
        for event in calendar.walk("VEVENT")
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT")
        if name in event
    ]


def _json_texts(text: str) -> list[str]:
    rows = json.loads(text)
    found = []
    for row in rows:
        found += [row["name"], row["location"] or ""]
        found += [item["reason"] for item in row["skipped"]]
        if row["moved_from"]:
            found.append(row["moved_from"]["reason"])
    return found


def _mail_texts(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        body = message.get_body(("plain",))
        assert body is not None
        found += [str(message["Subject"]), body.get_content()]
    return found


@pytest.mark.parametrize("slug", ["selbu", "aukra"])
def test_no_english_word_in_any_format(runner: CliRunner, slug: str, tmp_path: Path) -> None:
    """Selbu (bokmål) and Aukra (nynorsk): table, JSON values, .ics texts and e-mails."""
    texts = {
        "table": [_schedule(runner, slug, "-f", "table")],
        "json": _json_texts(_schedule(runner, slug, "-f", "json")),
        "ics": _ics_texts(_schedule(runner, slug, "-f", "ics")),
    }
    if slug == "selbu":  # Aukra's bundled roster has no addresses, so it gets no e-mails.
        _schedule(runner, slug, "-f", "json", "--invitations", str(tmp_path))
        texts["e-mail"] = _mail_texts(tmp_path)
    for where, found in texts.items():
        assert found, where
        english = sorted({match.lower() for text in found for match in ENGLISH.findall(text)})
        assert english == [], f"{slug} {where}: {english}"


def test_table_names_each_arena_and_verbose_adds_the_slug(runner: CliRunner) -> None:
    """The name alone, not name and slug run together; --verbose shows the slug for --arena."""
    plain = _schedule(runner, "selbu", "-f", "table")
    verbose = _schedule(runner, "selbu", "-f", "table", "--verbose")

    assert "Samordningsteam barn og unge: hver 6. uke på fredager" in plain
    assert "samordningsteam-barn-og-unge" not in plain
    assert (
        "Samordningsteam barn og unge (samordningsteam-barn-og-unge): hver 6. uke på fredager"
        in verbose
    )


@pytest.mark.parametrize(
    ("malform", "frequency", "expected"),
    [
        ("nb", "  kind: on_demand\n", "Testteam: ved behov"),
        ("nn", "  kind: on_demand\n", "Testteam: ved behov"),
        ("nb", "  kind: weekly\n  weekday: tuesday\n", "Testteam: hver uke på tirsdager"),
        ("nn", "  kind: weekly\n  weekday: tuesday\n", "Testteam: kvar veke på tysdagar"),
        (
            "nb",
            "  kind: every_n_weeks\n  every_weeks: 3\n  weekday: friday\n  anchor: 2026-08-21\n",
            "Testteam: hver 3. uke på fredager",
        ),
        (
            "nn",
            "  kind: every_n_weeks\n  every_weeks: 2\n  weekday: friday\n  anchor: 2026-08-21\n",
            "Testteam: annakvar veke på fredagar",
        ),
        (
            "nb",
            "  kind: monthly\n  weekday: thursday\n  week: last\n",
            "Testteam: den siste torsdagen i hver måned",
        ),
        (
            "nn",
            "  kind: monthly\n  weekday: monday\n  week: 2\n",
            "Testteam: den 2. måndagen i kvar månad",
        ),
        (
            "nn",
            "  kind: per_term\n  spring: 3\n  autumn: 2\n  weekday: wednesday\n",
            "Testteam: 3 møte om våren og 2 om hausten, på onsdagar",
        ),
        (
            "nb",
            "  kind: range\n  min_per_year: 4\n  max_per_year: 6\n  weekday: monday\n",
            "Testteam: 4–6 møter i året, på mandager",
        ),
    ],
)
def test_frequency_without_text_is_told_in_words(
    runner: CliRunner, data_folder: DataFolder, malform: str, frequency: str, expected: str
) -> None:
    """No `on_demand` or other key in the table: a frequency without `text:` is written out."""
    data = data_folder(
        arenas={"testteam": with_frequency(frequency)},
        municipality=MUNICIPALITY.replace("malform: nb", f"malform: {malform}"),
    )
    result = runner.invoke(
        app,
        ["schedule", "-m", "testvik", "--data", str(data), "--period", "2027-H1", "-f", "table"],
        terminal_width=200,
    )

    assert result.exit_code == 0, result.output
    assert expected in result.stdout.splitlines()
    assert "on_demand" not in result.stdout

"""Every bundled output keeps to its municipality's målform (issue 21): no bokmål form in
Aukra's nynorsk documents, site, wheel and reports, no nynorsk form in Selbu's and Inderøy's
bokmål ones, and none in the tool's own nynorsk or bokmål messages. The word lists and how
they were made are in tests/malform/."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, ROOT, app

FORMS = Path(__file__).parent / "malform"
LOCALE = ROOT / "src" / "samarbeid_cli" / "locale"
MALFORM = {"aukra": "nn", "selbu": "nb", "inderoy": "nb"}
TODAY = "2026-12-01"
STAMP = "2026-12-01T09:00:00Z"

# Words that are right although the list has them: names and the source's own words.
ALLOWED = {
    # Aukra's seed writes "bekymringar", and its guide is "handlingsrettleiar ved bekymring".
    "bekymring",
}


def _forms(name: str) -> set[str]:
    lines = (FORMS / name).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


FORBIDDEN = {"nn": _forms("bokmal-forms.txt"), "nb": _forms("nynorsk-forms.txt")}


def _words(text: str) -> Iterator[str]:
    """The words a reader reads: not markup, code, addresses, placeholders, the names of
    another program's menus (quoted in «» as that program writes them), or a source's words
    quoted in '' as the source writes them."""
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = re.sub(
        r"«[^»]*»|(?<!\w)'[^'\n]*'(?!\w)|`[^`]*`|https?://\S+|\S+@\S+|\S*[/\\]\S*|\{[^}]*\}",
        " ",
        text,
    )
    for word in re.findall(r"[A-Za-zÆØÅæøåé]+", text):
        yield word.lower()


def _outputs(root: Path, municipality: str) -> Iterator[tuple[str, str]]:
    """(name, text) of every document, page and report samarbeid makes for `municipality`
    from the bundled data."""
    runner = CliRunner()
    env = {"SAMARBEID_LANG": "en", "SAMARBEID_HISTORY": str(root / "history.json")}
    m = ["-m", municipality]

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--data", str(BUNDLED_DATA)], env=env)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    yield "overview.md", run("overview", *m, "-f", "md")
    yield "overview.html", run("overview", *m, "-f", "html")
    yield "wheel.html", run("wheel", *m, "--year", "2027", "-f", "html")
    yield "wheel.svg", run("wheel", *m, "--year", "2027", "-f", "svg")
    yield "schedule", run("schedule", *m, "--period", "2027-H1", "--today", TODAY)
    yield "check-revisions", run("check-revisions", *m, "--as-of", TODAY)
    for arena in sorted(
        path.stem for path in (BUNDLED_DATA / "arenas" / municipality).glob("*.yaml")
    ):
        yield f"routine {arena}", run("routine", *m, "-a", arena, "-f", "md")
    series = json.loads(run("schedule", *m, "--period", "2027-H1", "-f", "json", "--today", TODAY))
    for slug in sorted({item["arena"] for item in series}):
        yield f"agenda {slug}", run("agenda", *m, "-a", slug, "--next", "--today", TODAY)
    site = root / "site"
    run("site", *m, "--out", str(site), "--today", TODAY, "--stamp", STAMP)
    for page in sorted(site.rglob("*.html")):
        yield f"site {page.relative_to(site)}", page.read_text(encoding="utf-8")


@pytest.mark.parametrize("municipality", sorted(MALFORM))
def test_every_bundled_output_keeps_to_its_malform(municipality: str, tmp_path: Path) -> None:
    forbidden = FORBIDDEN[MALFORM[municipality]] - ALLOWED
    found = [
        f"{name}: {word}"
        for name, text in _outputs(tmp_path, municipality)
        for word in sorted(set(_words(text)) & forbidden)
    ]
    assert found == [], "\n".join(found)


# The weekday message names the other målform's days on purpose ("bokmål mandag, tirsdag").
OTHER_MALFORM_ON_PURPOSE = {
    "unknown weekday {day}; {hint}write monday–friday, or in Norwegian "
    "mandag–fredag (nynorsk måndag, tysdag)"
}


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_tools_own_messages_keep_to_their_malform(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "samarbeid.po").open("rb") as handle:
        catalogue = read_po(handle)
    forbidden = FORBIDDEN[language] - ALLOWED
    found = []
    for message in catalogue:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if msgid in OTHER_MALFORM_ON_PURPOSE:
            continue
        texts = [message.string] if isinstance(message.string, str) else list(message.string or ())
        for text in texts:
            plain = re.sub(r"'[^']*'|--[\w-]+", " ", text or "")
            found += [f"{msgid!r}: {word}" for word in sorted(set(_words(plain)) & forbidden)]
    assert found == [], "\n".join(found)


def test_the_word_lists_can_tell_the_two_apart() -> None:
    """Each list catches the other målform's everyday words, and the two do not overlap."""
    assert {"ikke", "fra", "hver", "møter", "enhet"} <= FORBIDDEN["nn"]
    assert {"ikkje", "frå", "kvar", "eining", "teneste"} <= FORBIDDEN["nb"]
    assert not FORBIDDEN["nn"] & FORBIDDEN["nb"]

"""What real arena lists say (issue 18): an arena that works on several levels is listed under
each, and arenas refer to each other ("Et av oppfølgingstiltakene kan være samarbeidsmøter",
"Ansvarsgruppemøter er en mer formalisert form av samarbeidsmøter"), shown as links."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import ARENA, DataFolder, app, with_frequency

SAMARBEIDSMOTE = (
    with_frequency("  kind: on_demand\n")
    .replace("name: Testteam", "name: Samarbeidsmøte")
    .replace("level: system", "level: individ")
)
ANSVARSGRUPPE = SAMARBEIDSMOTE.replace("name: Samarbeidsmøte", "name: Ansvarsgruppe")
TEAM = ARENA.replace("level: system", "level: [system, individ]")


def _data(data_folder: DataFolder, team: str = TEAM, **more: str) -> Path:
    arenas = {"testteam": team, "samarbeidsmote": SAMARBEIDSMOTE, "ansvarsgruppe": ANSVARSGRUPPE}
    return data_folder(arenas=arenas | more)


def _sections(markdown: str) -> dict[str, str]:
    """The overview's text under each level heading."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_an_arena_of_two_levels_is_listed_under_both(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = _data(data_folder)

    result = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md", "--data", str(data)])

    assert result.exit_code == 0, result.output
    sections = _sections(result.stdout)
    assert "| Testteam |" in sections["Samarbeid på systemnivå"]
    assert "| Testteam |" in sections["Samarbeid på individnivå"]
    assert "| Samarbeidsmøte |" not in sections["Samarbeid på systemnivå"]


def test_its_rows_in_the_html_overview_have_ids_of_their_own(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = _data(data_folder)

    result = runner.invoke(app, ["overview", "-m", "testvik", "--data", str(data)])

    assert result.exit_code == 0, result.output
    ids = re.findall(r'<tr id="([^"]+)"', result.stdout)
    assert sorted(ids) == sorted(
        ["testteam", "testteam--individ", "samarbeidsmote", "ansvarsgruppe"]
    )


LINKED = TEAM + "leads_to: [samarbeidsmote]\nsee_also: [ansvarsgruppe]\n"


def test_links_between_arenas_show_in_the_overview(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = _data(data_folder, LINKED)

    markdown = runner.invoke(app, ["overview", "-m", "testvik", "-f", "md", "--data", str(data)])
    html = runner.invoke(app, ["overview", "-m", "testvik", "--data", str(data)])

    assert markdown.exit_code == 0, markdown.output
    assert "| Testteam. Kan føre til: Samarbeidsmøte. Se også: Ansvarsgruppe |" in markdown.stdout
    assert html.exit_code == 0, html.output
    assert 'Kan føre til: <a href="#samarbeidsmote">Samarbeidsmøte</a>' in html.stdout
    assert 'Se også: <a href="#ansvarsgruppe">Ansvarsgruppe</a>' in html.stdout


def test_and_in_the_routine(runner: CliRunner, data_folder: DataFolder) -> None:
    data = _data(data_folder, LINKED)

    result = runner.invoke(
        app, ["routine", "-m", "testvik", "-a", "testteam", "-f", "md", "--data", str(data)]
    )

    assert result.exit_code == 0, result.output
    assert "## Andre arenaer" in result.stdout
    assert "- **Kan føre til:** Samarbeidsmøte" in result.stdout
    assert "- **Se også:** Ansvarsgruppe" in result.stdout


def test_the_site_links_the_arena_pages(
    runner: CliRunner, data_folder: DataFolder, tmp_path: Path
) -> None:
    data = _data(data_folder, LINKED)
    out = tmp_path / "site"

    result = runner.invoke(
        app,
        ["site", "-m", "testvik", "--data", str(data), "--out", str(out), "--today", "2026-12-06"],
    )

    assert result.exit_code == 0, result.output
    page = (out / "arena" / "testteam.html").read_text(encoding="utf-8")
    assert '<a href="../arena/samarbeidsmote.html">Samarbeidsmøte</a>' in page
    assert '<a href="../arena/ansvarsgruppe.html">Ansvarsgruppe</a>' in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'Kan føre til: <a href="#samarbeidsmote">Samarbeidsmøte</a>' in index


def test_a_link_to_an_arena_that_does_not_exist_is_refused_at_its_line(
    runner: CliRunner, data_folder: DataFolder
) -> None:
    data = _data(data_folder, TEAM + "leads_to: [samarbeidsmoter]\nsee_also: [testteam]\n")

    result = runner.invoke(app, ["validate", str(data)])

    assert result.exit_code == 1
    path = "testteam.yaml"
    lines = result.stderr.splitlines()
    line = len(TEAM.splitlines()) + 1
    assert any(
        text.endswith(
            "no arena 'samarbeidsmoter' in this municipality; did you mean 'samarbeidsmote'? "
            "(known: ansvarsgruppe, samarbeidsmote, testteam)"
        )
        and f"{path}:{line}:" in text
        for text in lines
    ), result.stderr
    assert any(
        f"{path}:{line + 1}:" in text
        and text.endswith("names the arena itself; name another arena")
        for text in lines
    ), result.stderr

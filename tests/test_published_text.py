"""Text from the data stays text on every page and document: Markdown in a mandate or a name
is shown as written, never made into a link or an image that a browser would fetch."""

from __future__ import annotations

import email
import email.policy
import io
import re
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from samarbeid_cli.renderers.documents import markdown_escaped
from tests.conftest import ARENA, DataFolder, app
from tests.git_repos import commit_all, init

LINK = "[Logg inn](https://evil.example/login)"
IMAGE = "![](http://127.0.0.1:8765/p.png)"
HOSTILE = f"Drøfte felles tema. {LINK} {IMAGE} Sak &#49;5 <b>fet</b>"


@pytest.fixture
def workspace(data_folder: DataFolder, monkeypatch: pytest.MonkeyPatch) -> Path:
    arena = ARENA.replace("name: Testteam", "name: Testteam ![](http://127.0.0.1:8765/n.png)")
    arena = arena.replace("mandate: Drøfte felles tema.", f'mandate: "{HOSTILE}"')
    data = data_folder(arenas={"testteam": arena})
    monkeypatch.chdir(data.parent)
    return data


def _assert_shown_as_written(html: str) -> None:
    assert not re.search(r'(src|href)="[^"]*(evil\.example|127\.0\.0\.1)', html), html
    assert "evil.example/login" in html  # the characters are there, as text
    assert "&amp;#49;" in html  # an entity in the data is not decoded into a digit
    assert "&lt;b&gt;fet&lt;/b&gt;" in html


def test_routine_html_shows_markdown_in_the_data_as_text(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(
        app, ["routine", "-m", "testvik", "-a", "testteam", "-f", "html", "--out", "r.html"]
    )

    assert result.exit_code == 0, result.output
    html = (workspace.parent / "r.html").read_text(encoding="utf-8")
    _assert_shown_as_written(html)
    assert "<a " not in html and "<img" not in html
    assert f"<li>{HOSTILE.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}" in html


def test_the_site_shows_markdown_in_the_data_as_text(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(
        app, ["site", "-m", "testvik", "--out", "public"], env={"SOURCE_DATE_EPOCH": "1788220800"}
    )

    assert result.exit_code == 0, result.output
    pages = sorted((workspace.parent / "public").rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="[^"]*(evil\.example|127\.0\.0\.1)', html), page
    arena_page = next(page for page in pages if "testteam" in page.name)
    _assert_shown_as_written(arena_page.read_text(encoding="utf-8"))


def test_the_agenda_attached_to_an_invitation_holds_no_image(
    runner: CliRunner, workspace: Path
) -> None:
    result = runner.invoke(
        app,
        ["invite", "-m", "testvik", "-a", "testteam", "--date", "2027-03-10", "--start",
         "09:00", "--out", "out", "--stamp", "2026-12-01T09:00:00Z"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    (eml,) = (workspace.parent / "out").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "saksliste.html"
    html = attachment.get_content()
    assert "<img" not in html and "<a " not in html
    assert "Testteam ![](http://127.0.0.1:8765/n.png)" in html


def test_the_word_file_has_no_link_or_image(runner: CliRunner, workspace: Path) -> None:
    result = runner.invoke(
        app, ["routine", "-m", "testvik", "-a", "testteam", "-f", "docx", "--out", "r.docx"]
    )

    assert result.exit_code == 0, result.output
    archive = zipfile.ZipFile(io.BytesIO((workspace.parent / "r.docx").read_bytes()))
    document = archive.read("word/document.xml").decode()
    assert "hyperlink" not in document and "<w:drawing" not in document
    assert "[Logg inn](https://evil.example/login)" in document
    assert not [name for name in archive.namelist() if name.startswith("word/media/")]


@pytest.mark.parametrize(
    "text",
    [
        LINK,
        IMAGE,
        "# heading",
        "first\n## heading\n    code\n- item\n1. item\n> quote\n---\n===",
        "a | b | c",
        "*em* _em_ **strong** `code` ~~struck~~",
        "<script>alert(1)</script> <https://evil.example>",
        "&#49;&amp;&copy;",
        "back\\slash \\[",
        "2. februar 2027",
    ],
)
def test_escaped_markdown_renders_as_exactly_the_text(text: str) -> None:
    """The escaping itself: CommonMark gives back one paragraph holding the very characters."""
    tokens = MarkdownIt("js-default").parse(markdown_escaped(text))

    kinds = [token.type for token in tokens]
    assert kinds == ["paragraph_open", "inline", "paragraph_close"], kinds
    inline = tokens[1].children or []
    assert {child.type for child in inline} <= {"text", "softbreak"}
    shown = "".join("\n" if child.type == "softbreak" else child.content for child in inline)
    assert shown == "\n".join(line.strip() for line in text.splitlines())


@pytest.mark.parametrize("markdown", [True, False])
def test_a_file_name_with_line_breaks_makes_no_heading_in_diff(
    data_folder: DataFolder,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    runner: CliRunner,
    markdown: bool,
) -> None:
    data_folder()
    init(tmp_path)
    commit_all(tmp_path, "first routines")
    arena = tmp_path / "data/arenas/testvik/testteam.yaml"
    (arena.parent / "team\n## Overtatt\n.yaml").write_bytes(arena.read_bytes())
    commit_all(tmp_path, "a file with line breaks in its name")
    monkeypatch.chdir(tmp_path)

    result = runner.invoke(
        app, ["diff", "HEAD~1", "HEAD", *(["--format", "md"] if markdown else [])]
    )

    assert result.exit_code == 0, result.output
    assert "## Overtatt" not in result.stdout.splitlines()
    assert not [line for line in result.stdout.splitlines() if line.startswith("## Overtatt")]
    # The line break written as \n (in Markdown with its backslash escaped, so it shows).
    shown = r"team\\n## Overtatt\\n" if markdown else r"team\n## Overtatt\n"
    name = f"**{shown}**" if markdown else shown
    assert f"{name} ('{shown}'): kunne ikke leses ved `HEAD`" in result.stdout, result.stdout


def test_the_public_site_and_overview_hold_no_assumptions(
    runner: CliRunner, bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The coordinator's working notes on what is still to verify (issue 18) are internal:
    the routine document shows them under their heading, the site and the overview never."""
    monkeypatch.chdir(bundled_copy.parent)
    internal = "the seed gives no start date; 2026-08-28"

    site = runner.invoke(
        app, ["site", "-m", "selbu", "--out", "public"], env={"SOURCE_DATE_EPOCH": "1788220800"}
    )
    overview = runner.invoke(app, ["overview", "-m", "selbu", "-f", "html", "--out", "o.html"])
    routine = runner.invoke(
        app, ["routine", "-m", "selbu", "-a", "samordningsteam-barn-og-unge", "-f", "md"]
    )

    assert (site.exit_code, overview.exit_code, routine.exit_code) == (0, 0, 0), site.output
    pages = list((bundled_copy.parent / "public").rglob("*.html"))
    assert any("samordningsteam-barn-og-unge" in page.name for page in pages)
    for page in [*pages, bundled_copy.parent / "o.html"]:
        html = page.read_text(encoding="utf-8")
        assert internal not in html, page
        assert "Antakelser som må bekreftes" not in html, page
    assert "## Antakelser som må bekreftes" in routine.stdout
    assert internal in routine.stdout

"""The one Jinja setup: every text samarbeid writes in bokmål or nynorsk comes from
`templates/`, sandboxed and with StrictUndefined so that a typo fails instead of printing ''.

The built-in templates ship inside the package; a workspace's own `templates/` folder
overrides any of them by name (`templates/documents/agenda.md.j2`). HTML templates
(`*.html.j2`) are autoescaped. Documents are written once, as Markdown: HTML and Word are
made from that Markdown, so the three formats always hold the same headings.

Markdown templates (`*.md.j2`) escape every value they print for Markdown, as HTML templates
escape for HTML: a mandate holding `[Logg inn](https://evil.example)` or `![](http://...)`
prints those characters, never a link or an image, and only the template's own text is
markup. They render in an environment of their own, autoescaped so that a macro's output is
marked safe and not escaped twice.
"""

from __future__ import annotations

import operator
import os
import re
import stat
import types
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    pass_context,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, safe_range
from markupsafe import Markup

from samarbeid_cli.errors import InputError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading.reading import display
from samarbeid_cli.renderers import document_words

if TYPE_CHECKING:
    from samarbeid_cli.renderers.docx import Properties


def templates_dir() -> Path:
    """`templates/` inside the installed package, or at the root of a source checkout."""
    here = Path(__file__).resolve()
    for candidate in (here.parents[1] / "templates", here.parents[3] / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(_("samarbeid's templates folder is missing from the installation"))


def _table_cell(value: object) -> str:
    """A value safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(str(value).split()).replace("|", "\\|")


# Inline: every character CommonMark (with tables and strikethrough) can start markup with
# inside a line; `&` so that `&#49;` stays those characters instead of becoming a digit.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# At the start of a line: a heading, quote, list item or setext underline, and a numbered item
# (escaped at its `.` or `)`).
_MARKDOWN_LINE_START = re.compile(
    r"(?m)^(?:(?P<mark>#{1,6}(?=\s|$)|>|[-=]+[ \t]*$|[-+](?=\s|$))"
    r"|(?P<number>\d{1,9})(?=[.)](?:\s|$)))"
)
_LEADING_BLANKS = re.compile(r"(?<=\n)[ \t]+")


def _line_start(match: re.Match[str]) -> str:
    if match["number"] is not None:
        return match["number"] + "\\"
    return "\\" + match["mark"]


def markdown_escaped(text: str) -> str:
    """`text` as Markdown that shows exactly these characters and makes no structure.

    Blanks after a line break go too: four of them would make a code block.
    """
    text = _LEADING_BLANKS.sub("", _MARKDOWN_INLINE.sub(r"\\\1", text))
    return _MARKDOWN_LINE_START.sub(_line_start, text)


@pass_context
def _markdown_finalize(context: Context, value: object) -> object:
    """Every value a Markdown template prints, escaped; a macro's output (Markup) is not."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(markdown_escaped(value))


def _markdown_cell(value: object) -> Markup:
    """A value safe inside a Markdown table cell: one line, escaped once."""
    if isinstance(value, Markup):
        return Markup(" ".join(value.split()))
    return Markup(markdown_escaped(" ".join(str(value).split())))


def _markdown_join(values: Iterable[object], separator: str = "") -> Markup:
    """`join` for Markdown templates: each item escaped once (Jinja's own escapes for HTML)."""
    return Markup(separator if isinstance(separator, Markup) else markdown_escaped(separator)).join(
        value if isinstance(value, Markup) else Markup(markdown_escaped(str(value)))
        for value in values
    )


# A template of the workspace's may multiply a string or loop without end: what one render may
# produce and how many loop steps it may take, so it stops with its file and line instead.
MAX_OUTPUT_CHARACTERS = 20_000_000
MAX_LOOP_STEPS = 2_000_000
_budget = [MAX_LOOP_STEPS]


class _WorkspaceTemplates(FileSystemLoader):
    """The workspace's `templates/`, read like its data files: only regular files inside it.

    A template that is a symbolic link (or lies in a linked folder) could print any file the
    user can read, such as `routine.md.j2 -> /etc/passwd`; it is refused by name.
    """

    def get_source(self, environment: Any, template: str) -> tuple[str, str, Callable[[], bool]]:
        root = Path(self.searchpath[0])
        path = root
        for part in template.split("/"):
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except OSError:
                raise TemplateNotFound(template) from None
            if stat.S_ISLNK(mode):
                raise InputError(
                    _(
                        "{path}: is a symbolic link; a template must be a file inside the "
                        "workspace's templates/ folder"
                    ).format(path=display(path))
                )
        if not stat.S_ISREG(mode):
            raise InputError(_("{path}: is not a regular file").format(path=display(path)))
        return super().get_source(environment, template)


class _OverBudget(SecurityError):
    """A render passed what one document may hold or loop."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _BoundedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with `*` and `**` bounded (`"x" * 10**9` would fill the memory)."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**":
            if isinstance(right, int) and abs(right) > 64 and left not in (0, 1, -1):
                raise _OverBudget(
                    _("{left} ** {right} is too large a number").format(
                        left=repr(left), right=repr(right)
                    )
                )
            return operator.pow(left, right)
        for sequence, times in ((left, right), (right, left)):
            if (
                isinstance(sequence, str | list | tuple)
                and isinstance(times, int)
                and len(sequence) * times > MAX_OUTPUT_CHARACTERS
            ):
                raise _OverBudget(
                    _("a text or list of {count} times {times} is too long").format(
                        count=len(sequence), times=times
                    )
                )
        return operator.mul(left, right)


def _bounded_range(*arguments: int) -> Iterator[int]:
    """`range`, counting every step against the render's budget (nested loops multiply)."""
    for number in safe_range(*arguments):
        _budget[0] -= 1
        if _budget[0] < 0:
            raise _OverBudget(
                _("its loops ran more than {MAX_LOOP_STEPS} steps").format(
                    MAX_LOOP_STEPS=MAX_LOOP_STEPS
                )
            )
        yield number


def _is_markdown(name: str) -> bool:
    return ".md." in Path(name).name


@cache
def environment(overrides: Path | None = None, markdown: bool = False) -> SandboxedEnvironment:
    """The sandboxed environment; templates in `overrides` win over the built-in ones.

    Args:
        overrides: The workspace's `templates/` folder, if it has one.
        markdown: The environment of `*.md.j2` templates and the macros they import.
    """
    loader: BaseLoader = FileSystemLoader(templates_dir())
    if overrides is not None:
        loader = ChoiceLoader([_WorkspaceTemplates(overrides), loader])
    env = _BoundedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=True
        if markdown
        else select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2"),
            default_for_string=False,
        ),
        finalize=_markdown_finalize if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        day=document_words.day,
        short_date=document_words.short_date,
        clock=document_words.clock,
        weekday=document_words.weekday,
        and_list=document_words.and_list,
        parties=document_words.parties,
        frequency_words=document_words.frequency_words,
        cell=_markdown_cell if markdown else _table_cell,
    )
    if markdown:
        env.filters["join"] = _markdown_join
    env.globals["range"] = _bounded_range
    return env


def render(name: str, malform: str, **context: Any) -> str:
    """Render `templates/<name>.<malform>.<ext>.j2`, e.g. `ical/description` in nynorsk.

    Args:
        name: Template path without language and extension, e.g. "ical/description".
        malform: "nb" or "nn".
        **context: The template's variables.
    """
    matches = [
        candidate
        for candidate in environment().list_templates()
        if candidate.startswith(f"{name}.{malform}.")
    ]
    if not matches:
        raise FileNotFoundError(
            _("no template {name} for {malform}").format(name=name, malform=malform)
        )
    env = environment(markdown=_is_markdown(matches[0]))
    return _bounded(env.get_template(matches[0]), context)


def _bounded(template: Any, context: dict[str, Any]) -> str:
    """The template rendered, stopped once it passes the output or loop budget."""
    _budget[0] = MAX_LOOP_STEPS
    size = 0
    chunks = []
    generator = template.generate(**context)
    for chunk in generator:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARACTERS:
            frame = generator.gi_frame
            where = template.get_corresponding_lineno(frame.f_lineno) if frame else None
            raise _OverBudget(
                _("it wrote more than {MAX_OUTPUT_CHARACTERS} characters").format(
                    MAX_OUTPUT_CHARACTERS=MAX_OUTPUT_CHARACTERS
                ),
                where,
            )
        chunks.append(chunk)
    return "".join(chunks)


def _template_line(err: BaseException, filename: str | None) -> int | None:
    """The template line an error was raised at: Jinja maps its frames onto the template."""
    line = None
    trace: types.TracebackType | None = err.__traceback__
    while trace is not None:
        if filename is not None and trace.tb_frame.f_code.co_filename == filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _shown(filename: str | None, name: str) -> str:
    if filename is None:
        return name
    path = Path(filename).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def render_template(name: str, overrides: Path | None, **context: Any) -> str:
    """Render one template by its name, e.g. `documents/agenda.md.j2`.

    Raises:
        InputError: The template is missing, malformed, uses a variable it is not given, or
            reaches for Python internals; the message names the template file and line.
    """
    env = environment(overrides, markdown=_is_markdown(name))
    try:
        template = env.get_template(name)
    except TemplateSyntaxError as err:
        raise InputError(
            _("{value}:{lineno}: template error: {message}").format(
                value=_shown(err.filename, name), lineno=err.lineno, message=err.message
            )
        ) from err
    except TemplateNotFound as err:
        raise InputError(
            _(
                "no template {name} (looked in the workspace's templates/ and samarbeid's own)"
            ).format(name=repr(name))
        ) from err
    try:
        return _bounded(template, context)
    except (_OverBudget, OverflowError, MemoryError, RecursionError) as err:
        line = getattr(err, "line", None) or _template_line(err, template.filename)
        raise InputError(
            _(
                "{value}:{line}: stopped: {value2}; a template may write one document, not more"
            ).format(
                value=_shown(template.filename, name), line=line, value2=err or type(err).__name__
            )
        ) from err
    except SecurityError as err:
        line = _template_line(err, template.filename)
        raise InputError(
            _(
                "{value}:{line}: refused: {err}; a template may use the values it is "
                "given, not Python internals"
            ).format(value=_shown(template.filename, name), line=line, err=err)
        ) from err
    except TemplateError as err:
        line = _template_line(err, template.filename)
        raise InputError(
            _("{value}:{line}: template error: {message}").format(
                value=_shown(template.filename, name), line=line, message=err.message
            )
        ) from err


def exists(name: str, overrides: Path | None) -> bool:
    """Whether a template of this name is there (in the workspace or built in)."""
    return name in environment(overrides).list_templates()


def markdown_to_html(text: str) -> Markup:
    """CommonMark with tables; raw HTML in the Markdown is escaped, never passed through."""
    from markdown_it import MarkdownIt

    # Raw HTML is off, so every <table> is a Markdown table's: each scrolls inside a box of
    # its own (focusable, to scroll by keyboard) instead of widening the page on a phone.
    page = MarkdownIt("js-default").render(text)
    return Markup(
        page.replace("<table>", '<div class="table-box" tabindex="0">\n<table>').replace(
            "</table>", "</table>\n</div>"
        )
    )


def document(
    kind: str, output_format: str, lang: str, overrides: Path | None, **context: Any
) -> bytes:
    """One document (`agenda`, `minutes`, `routine`, `overview`) as md, html or docx.

    HTML comes from `documents/<kind>.html.j2` where there is one, else from the Markdown
    inside `documents/page.html.j2`. Word is built from the Markdown.
    """
    words = document_words.WORDS[lang]
    if kind == "agenda" and getattr(context.get("doc"), "case", None) is not None:
        # A meeting about one child's case has an agenda of its own shape.
        kind = "case-agenda"
    html_name = f"documents/{kind}.html.j2"
    if output_format == "html" and exists(html_name, overrides):
        return render_template(html_name, overrides, t=words, lang=lang, **context).encode()
    markdown = render_template(f"documents/{kind}.md.j2", overrides, t=words, lang=lang, **context)
    if output_format == "md":
        return markdown.encode()
    if output_format == "html":
        title = next(
            (line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), kind
        )
        page = render_template(
            "documents/page.html.j2",
            overrides,
            lang=lang,
            title=title,
            body=markdown_to_html(markdown),
        )
        return page.encode()
    from samarbeid_cli.renderers import docx

    return docx.from_markdown(
        markdown, _properties(kind, lang, words, context), docx.reference_document(overrides)
    )


def _properties(
    kind: str, lang: str, words: document_words.Words, context: dict[str, Any]
) -> Properties:
    """The Word properties of a document: the municipality is its author."""
    from samarbeid_cli.renderers import docx

    doc = context.get("doc")
    author = str(getattr(doc, "municipality", ""))
    arena = getattr(doc, "arena", None)
    if kind == "overview":
        subject = f"{words['overview_title']} {author}"
    elif arena is not None:
        subject = arena.name
    else:
        subject = words[kind]
    return docx.Properties(author=author, subject=subject, lang=lang)

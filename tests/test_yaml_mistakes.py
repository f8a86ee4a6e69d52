"""YAML syntax mistakes come out as a sentence that says what to do, at the line where the
mistake is (not where the parser noticed it), with the YAML library's own text after it."""

from __future__ import annotations

import pytest
import yaml
from typer.testing import CliRunner

from samarbeid_cli.loading.yaml_mistakes import explain
from tests.conftest import ARENA, DataFolder, app

ARENA_FILE = "data/arenas/testvik/testteam.yaml"

MISTAKES = [
    pytest.param(
        ARENA.replace("  start: 08:30", "\tstart: 08:30"),
        "11:1: line 11 is indented with a tab; use spaces instead",
        id="tab-indent",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: Drøfte: felles tema."),
        "3:16: line 3: a colon followed by a space inside a text needs quotes around the whole "
        'text: mandate: "Drøfte: felles tema."',
        id="colon-in-text",
    ),
    pytest.param(
        ARENA.replace("  start: 08:30", " start: 08:30"),
        "11:2: line 11 is indented less than the block it belongs to (line 10); indent it like "
        "line 10",
        id="indented-less-than-its-block",
    ),
    pytest.param(
        ARENA.replace("  form: digital\n  start: 08:30\n", "    form: digital\n    start: 08:30\n"),
        "12:3: line 12 is indented less than the block it belongs to (line 11); indent it like "
        "line 11",
        id="block-end-indented-less",
    ),
    pytest.param(
        ARENA.replace("  - service: ppt", " - service: ppt"),
        "6:2: line 6: this list item is indented less than the one on line 5; start every - of "
        "a list in the same column",
        id="list-item-indented-less",
    ),
    pytest.param(
        ARENA.replace("  - service: ppt", "    - service: ppt"),
        "6:5: line 6: this list item is indented more than the one on line 5; start every - of "
        "a list in the same column",
        id="list-item-indented-more",
    ),
    pytest.param(
        ARENA.replace("convener:\n  role: koordinator\n", "convener:\n  role: koordinator\n- x\n"),
        "9:1: line 9: a list item cannot stand among keys; put it under a key ending in a colon "
        "(such as 'participants:') and indent it",
        id="list-item-among-keys",
    ),
    pytest.param(
        ARENA.replace("name: Testteam", 'name: "Testteam'),
        '1:7: line 1: the quote " that starts here is never closed; end the text with " on the '
        "same line",
        id="unclosed-quote",
    ),
    pytest.param(
        ARENA.replace("name: Testteam", 'name: "Testteam').replace(
            "level: system", 'level: "system"'
        ),
        '1:7: line 1: the quote " that starts here is not closed on that line; end the text '
        'with " on line 1',
        id="quote-closed-on-a-later-line",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: [Drøfte felles tema."),
        "3:10: line 3: the [ that starts here is never closed; end the list with ] on the same "
        "line, or put quotes around the whole text if it is not a list",
        id="unclosed-bracket",
    ),
    pytest.param(
        ARENA.replace("convener:\n  role: koordinator", "convener: {role: koordinator"),
        "7:11: line 7: the { that starts here is never closed; end the mapping with } on the "
        "same line, or put quotes around the whole text if it is not a mapping",
        id="unclosed-brace",
    ),
    pytest.param(
        ARENA.replace("  - role: rektor", "  -role: rektor"),
        "5:3: line 5: put a space after - to make it a list item (- role: rektor)",
        id="dash-without-space",
    ),
    pytest.param(
        ARENA.replace("  - role: rektor", "  -- role: rektor"),
        "5:3: line 5 starts with two dashes; a list item starts with one - and a space",
        id="dash-doubled",
    ),
    pytest.param(
        ARENA.replace("participants:\n  - role: rektor", "participants: - role: rektor"),
        "4:15: line 4: a list item (- ...) cannot follow a key on the same line; start it on "
        "the next line, indented under the key",
        id="dash-after-key",
    ),
    pytest.param(
        ARENA.replace("  - role: rektor\n  - service: ppt", "  - role: rektor - service: ppt"),
        "5:27: line 5 holds two list items; start each - on a line of its own",
        id="two-list-items-on-one-line",
    ),
    pytest.param(
        ARENA.replace("  form: digital", "  form:digital"),
        "10:7: line 10: put a space after the colon: form: digital",
        id="key-colon-value-without-space",
    ),
    pytest.param(
        ARENA.replace("level: system", "level:system"),
        "2:6: line 2: put a space after the colon: level: system",
        id="key-colon-value-without-space-at-the-top",
    ),
    pytest.param(
        ARENA.replace("name: Testteam", 'name: "Testteam" (ny)'),
        '1:18: line 1: there is text after the closing quote "; put the whole text inside the '
        "quotes",
        id="text-after-quoted-string",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: 'PPT's rolle'"),
        "3:14: line 3: an apostrophe inside '...' ends the text; write it twice ('') or put the "
        'text in double quotes "..."',
        id="apostrophe-in-single-quotes",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: [PPT] og skole"),
        '3:16: line 3: a text that starts with [ needs quotes around all of it: mandate: "[PPT] '
        'og skole"',
        id="text-after-bracket",
    ),
    pytest.param(
        ARENA.replace("level: system", "  level: system"),
        "2:3: line 2 is indented more than line 1, but line 1 already has a value after its "
        "colon; indent line 2 like line 1",
        id="nested-mapping-indented-under-a-value",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: *Viktig* tema"),
        "3:10: line 3: a text cannot start with *; put quotes around the whole text: mandate: "
        '"*Viktig* tema"',
        id="star",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: & tema"),
        "3:10: line 3: a text cannot start with &; put quotes around the whole text: mandate: "
        '"& tema"',
        id="ampersand",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: @ppt tar saken"),
        "3:10: line 3: a text cannot start with @; put quotes around the whole text: mandate: "
        '"@ppt tar saken"',
        id="at-sign",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: `PPT` tar saken"),
        "3:10: line 3: a text cannot start with `; put quotes around the whole text: mandate: "
        '"`PPT` tar saken"',
        id="backtick",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate Drøfte felles tema."),
        "3:1: line 3 has no colon; write it as 'key: value', or as a list item '- value'",
        id="no-colon",
    ),
    pytest.param(
        ARENA.replace("  form: digital", "  form digital"),
        "10:3: line 10 has no colon; write it as 'key: value', or as a list item '- value'",
        id="no-colon-before-the-next-key",
    ),
    pytest.param(
        ARENA.replace("duration_minutes: 60", "duration_minutes: ]60"),
        "12:21: line 12: a text cannot start with ]; put quotes around the whole text: "
        'duration_minutes: "]60"',
        id="stray-closing-bracket",
    ),
    pytest.param(
        ARENA.replace("mandate: Drøfte felles tema.", "mandate: | Drøfte felles tema."),
        "3:10: line 3: after | the text must start on the next line, indented; or put quotes "
        "around a text that starts with |",
        id="text-after-block-indicator",
    ),
]


@pytest.mark.parametrize(("arena", "expected"), MISTAKES)
def test_yaml_mistake_is_explained_at_its_line(
    runner: CliRunner,
    data_folder: DataFolder,
    monkeypatch: pytest.MonkeyPatch,
    arena: str,
    expected: str,
) -> None:
    """One sentence at the mistake's line, then the library's words in parentheses."""
    monkeypatch.chdir(data_folder(arenas={"testteam": arena}).parent)
    result = runner.invoke(app, ["validate", "data"])

    assert result.exit_code == 1, result.output
    problems = [line for line in result.stderr.splitlines() if not line.startswith("samarbeid:")]
    assert len(problems) == 1, result.stderr
    sentence, library = problems[0].split(" (YAML: ", 1)
    assert sentence == f"{ARENA_FILE}:{expected}"
    assert library.endswith(")") and len(library) > 10
    assert "Traceback" not in result.output


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize(("arena", "expected"), MISTAKES)
def test_libyaml_errors_get_the_same_sentence(arena: str, expected: str) -> None:
    """libyaml (CSafeLoader) words its errors differently; the explanation stays the same."""
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.compose(arena, Loader=yaml.CSafeLoader)
    (line, column), message = explain(caught.value, arena)

    assert f"{line}:{column}: {message.split(' (YAML: ')[0]}" == expected

"""validate and `schedule --municipality all` read a data folder one municipality at a time
(issue 19): their output on a workspace of several municipalities is pinned word for word,
and the loader lets go of each municipality's records and positions before the next.

The goldens were written by the loader that held the whole workspace at once; the streaming
one must print the same, message for message, in the same order, with the same exit code.
Set SAMARBEID_UPDATE_GOLDEN=1 to write them anew (then read the diff).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import weakref
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from samarbeid_cli.cli import app
from tests.decided import DECIDED_DATA
from tests.identity_numbers import identity_number

GOLDEN = Path(__file__).parent / "golden" / "streaming"
TODAY = "2026-06-01"
TOPIC = """\
title: Felles rutine for overgang barnehage-skole
submitted_by: {role: slt-koordinator}
kind: decision
minutes_needed: 20
description: Forslag til felles rutine.
"""


def _copy_municipality(data: Path, slug: str, new: str, number: str) -> None:
    text = (data / "municipalities" / f"{slug}.yaml").read_text(encoding="utf-8")
    old_number = next(line for line in text.splitlines() if line.startswith("kommunenummer:"))
    text = text.replace(old_number, f'kommunenummer: "{number}"')
    (data / "municipalities" / f"{new}.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(data / "arenas" / slug, data / "arenas" / new)


def _workspace(root: Path, *, broken: bool) -> Path:
    """The decided bundled data and a copy of Selbu as `selbu-a` (sorted before `selbu.yaml`
    as a file, after `selbu` as a folder and a slug), with a topic filed for a day its arena
    does not meet. `broken` adds errors in three municipalities and in files of none."""
    data = root / "data"
    shutil.copytree(DECIDED_DATA, data)
    _copy_municipality(data, "selbu", "selbu-a", "9991")
    topics = data / "arenas" / "selbu-a" / "samordningsteam-barn-og-unge" / "topics"
    topics.mkdir(parents=True)
    (topics / "2027-02-11-overgang.yaml").write_text(TOPIC, encoding="utf-8")
    # A weekday not decided: schedule names it and leaves the series out.
    text = (topics.parent.parent / "samordningsteam-barn-og-unge.yaml").read_text(encoding="utf-8")
    undecided = text.replace("weekday: friday", "weekday: not_stated")
    (topics.parent.parent / "samordningsteam-uavklart.yaml").write_text(undecided, encoding="utf-8")
    if not broken:
        return data
    # The same kommunenummer as Selbu: a check across municipalities.
    _copy_municipality(data, "selbu", "selbu-b", "5032")
    arena = data / "arenas" / "aukra" / "bti-team.yaml"
    arena.write_text(
        arena.read_text(encoding="utf-8").replace("role: ", "role: ukjent-", 1), encoding="utf-8"
    )
    (data / "arenas" / "selbu-a" / "tomt.yaml").write_text("name: [\n", encoding="utf-8")
    (data / "arenas" / "ingen-kommune").mkdir()
    (data / "arenas" / "ingen-kommune" / "team.yaml").write_text("name: x\n", encoding="utf-8")
    (data / "municipalities" / "aukra.ekstra.yaml").write_text("milestones: []\n")
    (data / "notat.txt").write_text(f"Ring {identity_number(3, 4, 2015)}.\n", encoding="utf-8")
    return data


def _golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if os.environ.get("SAMARBEID_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path.read_text(encoding="utf-8")


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args, env={"COLUMNS": "120"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return (
        f"exit code: {result.exit_code}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    )


COMMANDS = {
    "validate": ["validate", "data", "--today", TODAY],
    "validate-json": ["validate", "data", "--json", "--today", TODAY],
    # Revisions and milestones overdue, school calendars that end too soon: the audit's warnings.
    "validate-later": ["validate", "data", "--today", "2028-03-01"],
    "schedule-json": ["schedule", "-m", "all", "--period", "2027-H1", "--format", "json"],
    "schedule-table": ["schedule", "-m", "all", "--period", "2027-H1", "--format", "table"],
    "schedule-coming": ["schedule", "-m", "all", "--today", TODAY, "--format", "json"],
}


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "broken"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_on_several_municipalities_is_pinned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, broken: bool
) -> None:
    _workspace(tmp_path, broken=broken)
    monkeypatch.chdir(tmp_path)
    args = COMMANDS[command]
    if command.startswith("schedule"):
        args = [*args, "--data", "data"]
    name = f"{command}-{'broken' if broken else 'valid'}.txt"
    text = _run(args)
    assert text == _golden(name, text)


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "broken"])
def test_schedule_all_out_is_pinned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, broken: bool
) -> None:
    """With --out: the calendars written, municipality by municipality, or none at all."""
    _workspace(tmp_path, broken=broken)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAMARBEID_HISTORY", "history/issued.json")
    output = _run(
        ["schedule", "-m", "all", "--period", "2027-H1", "--data", "data", "--out", "out"]
    )
    written = sorted(
        str(path.relative_to(tmp_path)) for path in (tmp_path / "out").rglob("*") if path.is_file()
    )
    text = output + "\n--- written\n" + "\n".join(written) + "\n"
    name = f"schedule-out-{'broken' if broken else 'valid'}.txt"
    assert text == _golden(name, text)
    assert bool(written) is not broken


def test_the_loader_lets_go_of_each_municipality_before_the_next(tmp_path: Path) -> None:
    """While municipality n is checked, no record, position map or finding holder of the
    municipalities before it is alive: only the next one is read, and a country's worth of
    records is never held at once."""
    from samarbeid_cli.loading.workspace import Stream

    data = _workspace(tmp_path, broken=False)
    stream = Stream(data)
    earlier: list[weakref.ref[object]] = []
    seen = []
    for part in stream:
        gc.collect()
        assert [ref for ref in earlier if ref() is not None] == []
        seen.append(sorted(part.workspace.municipalities))
        earlier += [weakref.ref(record) for record in part.workspace.municipalities.values()]
        earlier += [
            weakref.ref(arena)
            for arenas in part.workspace.arenas.values()
            for arena in arenas.values()
        ]
        earlier += [weakref.ref(source) for source in part.sources.values()]
        earlier.append(weakref.ref(part.workspace))
    assert seen == [["aukra"], ["inderoy"], ["selbu-a"], ["selbu"]]
    assert len(earlier) > 40
    assert stream.findings == []


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(_JSON_VALUES, st.integers(min_value=0, max_value=3))
def test_the_schedule_json_is_what_json_dumps_writes(value: object, depth: int) -> None:
    """`schedule --format json` writes its rows with its own indenting (the json module's is
    pure Python): the text is json.dumps', character for character, at any depth."""
    from samarbeid_cli.renderers.schedule_output import json_text

    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)
    assert json_text(value, depth) == expected

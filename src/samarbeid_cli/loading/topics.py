"""Topics and standing items: the folder beside an arena file.

    data/arenas/<municipality>/<arena>/topics/<YYYY-MM-DD>-<slug>.yaml   a submitted topic
    data/arenas/<municipality>/<arena>/standing-items.yaml              the arena's own items

`<arena>` is the arena file's slug, also for a per-unit arena (one folder for every unit).

Read like every data file: UTF-8 only, the privacy guard over the whole text (comments
included), the positioned YAML parser, the pydantic model, and references checked against the
municipality. The workspace loader leaves an arena's folder to this module, and `validate`
adds `findings` (every problem in it) to its own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from samarbeid_cli.errors import DataError
from samarbeid_cli.i18n import _
from samarbeid_cli.loading import messages, yaml_source
from samarbeid_cli.loading.reading import Folder, display, read_bytes
from samarbeid_cli.loading.references import unknown_ref
from samarbeid_cli.loading.workspace import load, parse_bytes
from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.finding import Finding
from samarbeid_cli.models.municipality import Municipality
from samarbeid_cli.models.topic import StandingItem, StandingItems, SubmittedTopic, Topic
from samarbeid_cli.models.workspace import Workspace

RecordT = TypeVar("RecordT", bound=BaseModel)

TOPICS = "topics"
STANDING_ITEMS = "standing-items.yaml"
_MAX_FILE_BYTES = 100_000
_TOPIC_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)")
# The message workspace.load gives a folder it does not know; see `load_valid`.


@dataclass
class ArenaExtras:
    """What the folders beside the arena files hold, by (municipality, arena)."""

    topics: dict[tuple[str, str], list[SubmittedTopic]] = field(default_factory=dict)
    standing_items: dict[tuple[str, str], list[StandingItem]] = field(default_factory=dict)

    def topics_for(
        self, municipality: str, arena: str, day: dt.date, unit: str | None = None
    ) -> list[SubmittedTopic]:
        """The topics submitted for one meeting, in file-name order.

        `arena` is the arena file's slug; for a per-unit arena, `unit` is the meeting's unit,
        and a topic that names another unit is left out.
        """
        return [t for t in self.topics.get((municipality, arena), []) if t.for_meeting(day, unit)]


def _read(path: Path, findings: list[Finding]) -> yaml_source.Document | None:
    """Read and parse like every data file: regular files inside the data folder only, the
    privacy guard over text and values, the positioned parser."""
    data_dir = next(folder.parent for folder in path.parents if folder.name == "arenas")
    raw = read_bytes(path, Folder.of(data_dir), findings)
    if raw is None:
        return None
    if len(raw) > _MAX_FILE_BYTES:
        findings.append(
            Finding(display(path), 1, 1, "", _("is larger than 100 kB; is it a topic file?"))
        )
        return None
    return parse_bytes(raw, display(path), findings)


def _validate(
    model: type[RecordT], path: Path, findings: list[Finding]
) -> tuple[RecordT, yaml_source.SourceMap] | None:
    document = _read(path, findings)
    if document is None:
        return None
    try:
        return model.model_validate(document.data), document.source
    except ValidationError as err:
        findings.extend(
            messages.findings_from(err, document.data, document.source, display(path), model)
        )
        return None


def _holds(arena: Arena, municipality: Municipality, unit: str) -> bool:
    """Whether `unit` holds its own instance of the per-unit `arena`."""
    per_unit = arena.per_unit
    if per_unit is None or unit not in municipality.units:
        return False
    return (
        unit in per_unit.units
        if per_unit.units
        else municipality.units[unit].kind in per_unit.kinds
    )


def _topic(
    path: Path,
    arena: Arena,
    municipality: Municipality,
    municipality_path: str,
    findings: list[Finding],
) -> SubmittedTopic | None:
    shown = display(path)
    match = _TOPIC_NAME.fullmatch(path.stem)
    day = None
    if match:
        try:
            day = dt.date.fromisoformat(match[1])
        except ValueError:
            day = None
    if match is None or day is None:
        findings.append(
            Finding(
                shown,
                1,
                1,
                "",
                _(
                    "a topic file is named after its meeting date and a slug, such as "
                    "'2027-01-15-rutine-for-overgangar.yaml'"
                ),
            )
        )
        return None
    validated = _validate(Topic, path, findings)
    if validated is None:
        return None
    topic, source = validated
    ref = topic.submitted_by
    known = municipality.roles if ref.kind == "role" else municipality.services
    if ref.slug not in known:
        line, column = source.value(("submitted_by", ref.kind))
        findings.append(
            Finding(
                shown,
                line,
                column,
                f"submitted_by.{ref.kind}",
                unknown_ref(ref.kind, ref.slug, municipality_path=municipality_path),
            )
        )
        return None
    if topic.unit is not None and not _holds(arena, municipality, topic.unit):
        line, column = source.value(("unit",))
        findings.append(
            Finding(shown, line, column, "unit", _unit_problem(arena, municipality, topic.unit))
        )
        return None
    return SubmittedTopic(day, match[2], topic, shown)


def _unit_problem(arena: Arena, municipality: Municipality, unit: str) -> str:
    if arena.per_unit is None:
        return _("{name} is not held per unit; leave 'unit' out").format(name=arena.name)
    held = [slug for slug in municipality.units if _holds(arena, municipality, slug)]
    return _("{unit} does not hold {name}; the units that do: {value}").format(
        unit=repr(unit), name=arena.name, value=", ".join(held)
    )


def _arena_folder(
    folder: Path,
    key: tuple[str, str],
    workspace: Workspace,
    extras: ArenaExtras,
    findings: list[Finding],
) -> None:
    municipality = workspace.municipalities[key[0]]
    municipality_path = workspace.municipality_files[key[0]]
    arena = workspace.arenas_of(key[0])[key[1]]
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.name == STANDING_ITEMS:
            validated = _validate(StandingItems, path, findings)
            if validated is not None:
                extras.standing_items[key] = validated[0].standing_items
        elif path.name == TOPICS and path.is_dir():
            topics = []
            for topic_path in sorted(path.iterdir()):
                if topic_path.name.startswith("."):
                    continue
                if topic_path.suffix != ".yaml" or not topic_path.is_file():
                    findings.append(
                        Finding(display(topic_path), 1, 1, "", _("topics are .yaml files"))
                    )
                    continue
                topic = _topic(topic_path, arena, municipality, municipality_path, findings)
                if topic is not None:
                    topics.append(topic)
            extras.topics[key] = topics
        else:
            findings.append(
                Finding(
                    display(path),
                    1,
                    1,
                    "",
                    _("an arena's folder holds only {TOPICS}/ and {STANDING_ITEMS}").format(
                        TOPICS=TOPICS, STANDING_ITEMS=STANDING_ITEMS
                    ),
                )
            )


def load_extras(data_dir: Path, workspace: Workspace) -> tuple[ArenaExtras, list[Finding]]:
    """Every topic and standing-items file of the arenas `workspace` knows, and every problem.

    Folders of arenas that did not load are left to the arena file's own findings.
    """
    extras = ArenaExtras()
    findings: list[Finding] = []
    for municipality, arenas in workspace.arenas.items():
        for arena in arenas:
            folder = data_dir / "arenas" / municipality / arena
            if folder.is_dir():
                _arena_folder(folder, (municipality, arena), workspace, extras, findings)
    return extras, sorted(findings)


def findings(data_dir: Path, workspace: Workspace) -> list[Finding]:
    """Hook for `validate`: every problem in the arenas' topics and standing items."""
    return load_extras(data_dir, workspace)[1]


def load_valid(data_dir: Path) -> tuple[Workspace, ArenaExtras]:
    """The workspace and its topics, for a command that needs valid data.

    Raises:
        DataError: Any file is invalid; carries every problem found.
    """
    loaded = load(data_dir)
    errors = list(loaded.errors)
    extras, problems = load_extras(data_dir, loaded.workspace)
    errors += [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise DataError(sorted(errors))
    return loaded.workspace, extras

"""`samarbeid schema`: the committed schemas are current, and editors find them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tests.conftest import BUNDLED_DATA, ROOT, app


def test_committed_schemas_match_the_models(runner: CliRunner, tmp_path: Path) -> None:
    """schemas/ is what `samarbeid schema` writes today; regenerate it when a model changes."""
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])

    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["annual-wheel.schema.json", "arena.schema.json", "municipality.schema.json"]
    for name in written:
        assert (tmp_path / name).read_text() == (ROOT / "schemas" / name).read_text(), (
            f"schemas/{name} is stale: run 'samarbeid schema'"
        )


def test_arena_schema_describes_the_frequency_kinds(tmp_path: Path, runner: CliRunner) -> None:
    """Editors offer every frequency kind and forbid unknown keys."""
    runner.invoke(app, ["schema", "--out", str(tmp_path)])
    schema = json.loads((tmp_path / "arena.schema.json").read_text())

    assert schema["additionalProperties"] is False
    kinds = {
        definition["properties"]["kind"]["const"]
        for definition in schema["$defs"].values()
        if "kind" in definition.get("properties", {})
    }
    assert kinds == {
        "every_n_weeks",
        "weekly",
        "monthly",
        "per_term",
        "range",
        "per_year",
        "on_demand",
        "not_stated",
    }
    assert schema["properties"]["meeting"]["$ref"] == "#/$defs/Meeting"


def test_every_bundled_file_points_its_editor_at_the_schema() -> None:
    """Each bundled YAML file starts with a yaml-language-server modeline for its kind."""
    for path in sorted(BUNDLED_DATA.rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if path.parent.name == "municipalities":
            kind = "annual-wheel" if path.stem.count(".") else "municipality"
        else:
            kind = "arena"
        target = (path.parent / first.split("$schema=")[-1]).resolve()
        assert first.startswith("# yaml-language-server: $schema="), path
        assert target == ROOT / "schemas" / f"{kind}.schema.json", path


def test_vscode_maps_the_folders_to_the_schemas() -> None:
    """VS Code's YAML extension picks the schemas up without any modeline too."""
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())

    assert settings["yaml.schemas"]["./schemas/arena.schema.json"] == ["data/arenas/*/*.yaml"]


def test_the_bundled_data_passes_the_exported_schemas_in_another_validator() -> None:
    """check-jsonschema (a YAML 1.2 reader) with our schemas accepts every bundled file,
    shorthands included (`level: system` for a list of one)."""
    tool = Path(sys.executable).with_name("check-jsonschema")
    for schema, files in (
        ("arena", sorted(BUNDLED_DATA.glob("arenas/*/*.yaml"))),
        ("municipality", sorted(BUNDLED_DATA.glob("municipalities/*.yaml"))),
    ):
        files = [path for path in files if path.stem.count(".") == 0]
        done = subprocess.run(
            [
                str(tool),
                "--schemafile",
                str(ROOT / "schemas" / f"{schema}.schema.json"),
                *map(str, files),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr

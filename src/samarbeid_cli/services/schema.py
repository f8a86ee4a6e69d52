"""JSON Schemas of the data files, for editors (yaml-language-server, VS Code)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from samarbeid_cli.models.arena import Arena
from samarbeid_cli.models.municipality import AnnualWheel, Municipality

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "municipality.schema.json": Municipality,
    "arena.schema.json": Arena,
    "annual-wheel.schema.json": AnnualWheel,
}


def schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema (draft 2020-12) of each kind of data file."""
    result: dict[str, dict[str, Any]] = {}
    for file_name, model in SCHEMA_FILES.items():
        schema = model.model_json_schema(mode="validation")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = file_name
        result[file_name] = schema
    wheel = result["municipality.schema.json"]["properties"]["annual_wheel"]
    # The loader also takes the name of a companion file (inderoy.arshjul.yaml) here.
    companion = {"type": "string", "pattern": r"^[a-z0-9-]+\.[a-z0-9.-]+\.yaml$"}
    wheel["anyOf"] = [*wheel.get("anyOf", []), companion]
    return result

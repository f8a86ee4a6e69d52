"""Pydantic's validation errors, turned into findings that point into the file.

Pydantic's own wording ("Input should be greater than or equal to 1") speaks to programmers;
these messages speak to the coordinator editing the file, and the tests pin them.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from samarbeid_cli.i18n import _
from samarbeid_cli.loading.yaml_source import Path_, Position, SourceMap, dotted
from samarbeid_cli.models.finding import Finding


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("nothing")
    return repr(value)


def _models_inside(annotation: Any) -> list[type[BaseModel]]:
    """The records inside `X | None`, `list[X]`, `dict[str, X]` or `Annotated[X, ...]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_inside(arg))
    return found


def _known_keys(root: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys allowed where the last element of `loc` stands, for "did you mean"."""
    candidates = [root]
    for part in loc[:-1]:
        if not isinstance(part, str):
            continue
        holders = [model for model in candidates if part in model.model_fields]
        if holders:
            candidates = _models_inside(holders[0].model_fields[part].annotation)
            continue
        tagged = [
            model
            for model in candidates
            if "kind" in model.model_fields
            and part in typing.get_args(model.model_fields["kind"].annotation)
        ]
        if tagged:
            candidates = tagged
    if len(candidates) != 1:
        return []
    return list(candidates[0].model_fields)


# How coordinators write a frequency kind in Norwegian, for a did-you-mean.
_KIND_WORDS = {
    "månedlig": "monthly",
    "månadleg": "monthly",
    "månedlige": "monthly",
    "ukentlig": "weekly",
    "vekentleg": "weekly",
    "hver uke": "weekly",
    "kvar veke": "weekly",
    "ved behov": "on_demand",
    "etter behov": "on_demand",
    "per termin": "per_term",
    "per semester": "per_term",
}


def _message(error: ErrorDetails, known: list[str]) -> str:
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    if kind == "missing":
        return _("is required but missing")
    if kind == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        if close:
            return _("unknown key {key}, did you mean {close}?").format(
                key=repr(key), close=repr(close[0])
            )
        return _("unknown key {key}; known keys: {known}").format(
            key=repr(key), known=", ".join(known)
        )
    if kind == "greater_than_equal":
        return _("must be {bound} or more (got {value})").format(bound=ctx.get("ge"), value=value)
    if kind == "greater_than":
        return _("must be more than {bound} (got {value})").format(bound=ctx.get("gt"), value=value)
    if kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        return _("must be {bound} or less (got {value})").format(bound=bound, value=value)
    if kind == "int_parsing" or kind == "int_type" or kind == "int_from_float":
        return _("must be a whole number (got {value})").format(value=_shown(value))
    if kind == "bool_parsing" or kind == "bool_type":
        return _("must be true or false (got {value})").format(value=_shown(value))
    if kind in {"string_type", "str_type"}:
        if isinstance(value, dict) and len(value) == 1:
            # `- Drøfte: saker som ...`: YAML read the colon and space as a key and its value.
            (key,) = value
            return _(
                'must be text, but the colon after "{key}" made it a key and a value; put '
                'quotes around the whole text: "{key}: ..."'
            ).format(key=key)
        return _("must be text (got {value})").format(value=_shown(value))
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("must be a mapping of keys to values (got {value})").format(value=_shown(value))
    if kind in {"list_type", "tuple_type"}:
        return _("must be a list (got {value})").format(value=_shown(value))
    if kind == "string_too_short":
        return _("must not be empty")
    if kind == "too_short":
        return _("needs at least {count} item(s)").format(count=ctx.get("min_length", 1))
    if kind in {"literal_error", "enum"}:
        expected = str(ctx.get("expected", "?"))
        if len(_VALUES.findall(expected)) == 1:
            # One allowed value is not "one of" it.
            return _("must be {expected} (got {value})").format(
                expected=expected, value=_shown(value)
            )
        return _("must be one of {expected} (got {value})").format(
            expected=one_of(expected), value=_shown(value)
        )
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        expected_tags = str(ctx.get("expected_tags", ""))
        guess = _KIND_WORDS.get(tag.strip().lower()) or next(
            iter(difflib.get_close_matches(tag, re.findall(r"\w+", expected_tags), n=1)), None
        )
        if guess:
            return _("unknown kind {tag}, did you mean {guess}?").format(
                tag=repr(tag), guess=repr(guess)
            )
        return _("unknown kind {tag}; must be one of {expected}").format(
            tag=repr(tag), expected=expected_tags
        )
    if kind == "union_tag_not_found":
        return _("needs a {key} key").format(key=ctx.get("discriminator", "kind"))
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return _other(kind, ctx, value)


def _other(kind: str, ctx: dict[str, Any], value: Any) -> str:
    """The kinds samarbeid's data meets less often, in our words; pydantic's own sentence
    ("Input should be ...") is English whatever the user speaks, so it is never shown."""
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return _("must be a number (got {value})").format(value=_shown(value))
    if kind in {
        "date_parsing",
        "date_type",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    }:
        return _("must be a date such as 2026-08-21 (got {value})").format(value=_shown(value))
    if kind in {"time_parsing", "time_type"}:
        return _("must be a clock time such as 08:30 (got {value})").format(value=_shown(value))
    if kind in {"datetime_parsing", "datetime_type", "datetime_from_date_parsing"}:
        return _("must be a date and time such as 2026-08-21T08:30 (got {value})").format(
            value=_shown(value)
        )
    if kind == "string_too_long":
        return _("must be at most {count} characters long").format(count=ctx.get("max_length", "?"))
    if kind == "too_long":
        return _("must have at most {count} item(s)").format(count=ctx.get("max_length", "?"))
    if kind == "string_pattern_mismatch":
        return _("does not have the expected form (got {value})").format(value=_shown(value))
    if kind in {"set_type", "frozen_set_type"}:
        return _("must be a list (got {value})").format(value=_shown(value))
    if kind == "multiple_of":
        return _("must be a multiple of {count} (got {value})").format(
            count=ctx.get("multiple_of", "?"), value=value
        )
    if kind in {"frozen_instance", "frozen_field"}:
        return _("cannot be changed")
    return _("is not a value samarbeid can use here (got {value})").format(value=_shown(value))


# The allowed values in pydantic's list of them: quoted texts and numbers.
_VALUES = re.compile(r"'(?:[^'\\]|\\.)*'|\d+")


def one_of(expected: str) -> str:
    """Pydantic's list of allowed values ("'logg' or 'samarbeid'") with our own "or"."""
    values = _VALUES.findall(expected)
    if len(values) < 2:
        return expected
    return _("{first} or {last}").format(first=", ".join(values[:-1]), last=values[-1])


def describe(error: ErrorDetails) -> str:
    """One pydantic error in the coordinator's words and language (no position, no key list)."""
    return _message(error, [])


def _data_path(data: Any, loc: tuple[str | int, ...]) -> tuple[Path_, bool]:
    """Follow pydantic's `loc` through the data, dropping what is not in it (union tags).

    Returns the path in the data and whether the error is about a mapping key.
    """
    path: list[str | int] = []
    current = data
    about_key = False
    for part in loc:
        if part == "[key]":
            about_key = True
        elif isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and part == loc[-1]:
            # A missing or unknown key: it names the field, though it is not in the data.
            path.append(part)
        # Anything else is a union member's name or tag, not part of the data.
    return tuple(path), about_key


def findings_from(
    err: ValidationError,
    data: Any,
    source: SourceMap,
    display_path: str,
    root: type[BaseModel],
) -> list[Finding]:
    """One finding per pydantic error, each at the line and column it is about."""
    findings = []
    for error in err.errors():
        loc = tuple(error["loc"])
        path, about_key = _data_path(data, loc)
        kind = error["type"]
        position: Position
        if kind == "extra_forbidden" or about_key:
            position = source.key(path)
        elif kind == "missing":
            position = source.value(path[:-1])
        else:
            position = source.value(path)
        known = _known_keys(root, loc) if kind == "extra_forbidden" else []
        findings.append(Finding(display_path, *position, dotted(path), _message(error, known)))
    return _unique(findings)


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[Finding] = set()
    result = []
    for finding in findings:
        if finding not in seen:
            seen.add(finding)
            result.append(finding)
    return result

"""The JSON schema every ``views/<lab>/lessons.yaml`` is checked against when it is loaded."""

from __future__ import annotations

from typing import Any

__all__ = ["SCHEMA"]

_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$", "maxLength": 40}
_NAME = {"type": "string", "pattern": "^[a-z_][a-z0-9_]*$"}
_TEXT = {"type": "string", "minLength": 1}
_SCALAR = {"type": ["string", "number", "boolean"]}
_VALUE = {"anyOf": [_SCALAR, {"type": "array", "items": _SCALAR, "maxItems": 4}]}

_OPTION = {
    "type": "object",
    "properties": {
        "label": _TEXT,
        "value": _SCALAR,
        "between": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
    "required": ["label"],
    "oneOf": [{"required": ["value"]}, {"required": ["between"]}],
    "additionalProperties": False,
}

_STEP = {
    "type": "object",
    "properties": {
        "preset": _TEXT,
        "scenario": {"type": "object", "propertyNames": _NAME, "additionalProperties": _VALUE},
        "change": _TEXT,
        "question": _TEXT,
        "kind": {"enum": ["choice", "number"]},
        "options": {"type": "array", "items": _OPTION, "minItems": 2, "maxItems": 6},
        "tolerance": {"type": "number", "minimum": 0},
        "unit": {"type": "string"},
        "answer": {"type": ["object", "number"]},
        "events": {"type": "array", "items": _NAME},
        "explain": _TEXT,
    },
    "required": ["question", "kind", "answer"],
    "allOf": [
        {"if": {"properties": {"kind": {"const": "choice"}}}, "then": {"required": ["options"]}},
        {
            "if": {"properties": {"kind": {"const": "number"}}},
            "then": {"required": ["tolerance", "unit"], "not": {"required": ["options"]}},
        },
    ],
    "additionalProperties": False,
}

_LESSON = {
    "type": "object",
    "properties": {
        "id": _ID,
        "page": _NAME,
        "title": _TEXT,
        "notes": _TEXT,
        "controls": {"type": "array", "items": _NAME, "minItems": 1},
        "editions": {"type": "array", "items": {"enum": ["course", "aws-today"]}, "minItems": 1, "uniqueItems": True},
        "steps": {"type": "array", "items": _STEP, "minItems": 1, "maxItems": 3},
    },
    "required": ["id", "page", "title", "notes", "controls", "steps"],
    "additionalProperties": False,
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "ScaleLab lessons of one lab",
    "type": "object",
    "properties": {"lab": _NAME, "lessons": {"type": "array", "items": _LESSON, "minItems": 1}},
    "required": ["lab", "lessons"],
    "additionalProperties": False,
}
"""One file: its lab and its lessons. A step's scenario is a preset of the page (``preset``, by
name) and/or control values (``scenario``, applied over it). A lesson's ``page`` is a page file stem of that lab;
``controls`` are control names of that page; ``answer`` is an expression of :mod:`engine.query`
(``{max: partitions}``, ``{count: throttle}``, ``{"-": [a, b]}`` …)."""

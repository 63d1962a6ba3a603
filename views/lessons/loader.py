"""Read and check the lessons: one ``views/<lab>/lessons.yaml`` per lab, validated at load.

A file that is not valid YAML or not a lessons file is skipped whole; a lesson with a bad field
is skipped alone. Each problem is one message naming the file, the lesson and the field, kept in
:func:`load_errors` for the pages to show as a notice: the app runs on without that lesson.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from engine import query
from views.catalog import LABS, ROOT
from views.lessons.model import Lesson, Option, Step
from views.lessons.schema import SCHEMA

__all__ = ["FILE", "load", "load_file", "page_path"]

FILE = "lessons.yaml"
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def page_path(lab: str, page: str) -> str | None:
    """The address of page ``page`` (a file stem) of ``lab``, or ``None`` if the lab has no such page."""
    return next((p.url_path for p in LABS if p.lab == lab and p.prefix == page), None)


def _where(path: Iterable[Any]) -> str:
    """A JSON path as a field name: ``steps[0].options[2].label``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(error: jsonschema.ValidationError) -> str:
    """A schema error in the learner-readable form: what is wrong with the field, briefly."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"unknown field(s): {', '.join(map(repr, unknown))}; allowed: {', '.join(error.schema.get('properties', {}))}"
    if error.validator == "required":
        return f"missing field: {error.message.split(' is a required')[0]}"
    if error.validator == "oneOf":  # only an option has one
        return "an option needs exactly one of `value` and `between`"
    if error.validator == "pattern":
        return f"{error.instance!r} is not allowed (lower-case letters, digits, and `-` in ids or `_` in names)"
    return error.message if len(error.message) <= 160 else error.message[:160] + "…"


def _expression_problem(expr: Any) -> str | None:
    """Why ``expr`` is no valid answer expression (:func:`engine.query.validate`), or ``None``."""
    try:
        query.validate(expr, path="answer")
    except ValueError as exc:
        return str(exc)
    return None


def _presets(lab: str, page: str) -> Mapping[str, tuple[str, Mapping[str, Any]]]:
    """The named presets of a page (``views/<lab>/presets.py``), or none."""
    package = next(p.package for p in LABS if p.lab == lab)
    try:
        module = importlib.import_module(f"views.{package}.presets")
    except ImportError:
        return {}
    return module.PRESETS.get(page, {})


def _scenario(step: Mapping[str, Any], presets: Mapping[str, tuple[str, Mapping[str, Any]]]) -> dict[str, Any]:
    """A step's control values: its preset's, then its own (a YAML list is a range slider's tuple)."""
    values = dict(presets[step["preset"]][1]) if "preset" in step else {}
    values.update({k: tuple(v) if isinstance(v, list) else v for k, v in step.get("scenario", {}).items()})
    return values


def _build(doc: Mapping[str, Any], source: str) -> Lesson:
    """A validated lesson mapping as a :class:`Lesson`."""
    presets = _presets(doc["lab"], doc["page"])
    steps = tuple(
        Step(
            question=s["question"],
            kind=s["kind"],
            answer=s["answer"],
            scenario=_scenario(s, presets),
            options=tuple(
                Option(o["label"], o.get("value"), tuple(o["between"]) if "between" in o else None)
                for o in s.get("options", ())
            ),
            tolerance=float(s.get("tolerance", 0.0)),
            unit=s.get("unit", ""),
            events=tuple(s.get("events", ())),
            explain=s.get("explain", ""),
            change=s.get("change", ""),
        )
        for s in doc["steps"]
    )
    return Lesson(
        id=doc["id"],
        lab=doc["lab"],
        page=doc["page"],
        path=doc["path"],
        title=doc["title"],
        notes=" ".join(doc["notes"].split()),
        steps=steps,
        controls=tuple(doc["controls"]),
        editions=tuple(doc.get("editions", ("course",))),
        source=source,
    )


def load_file(path: Path, lab: str, *, root: Path = ROOT) -> tuple[list[Lesson], list[str]]:
    """The valid lessons of one lessons file of ``lab``, and one message per problem (naming the
    file relative to ``root``)."""
    name = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return [], [f"`{name}`: not readable as YAML ({first}); its lessons are skipped."]
    bad: dict[int, list[str]] = {}
    whole: list[str] = []
    for error in sorted(_VALIDATOR.iter_errors(doc), key=lambda e: list(map(str, e.path))):
        path_ = list(error.path)
        if len(path_) >= 2 and path_[0] == "lessons" and isinstance(path_[1], int):
            bad.setdefault(path_[1], []).append(f"`{_where(path_[2:]) or 'the lesson'}`: {_message(error)}")
        else:
            whole.append(f"`{_where(path_) or 'the file'}`: {_message(error)}")
    if whole or not isinstance(doc, dict):
        return [], [f"`{name}` is not a lessons file ({'; '.join(whole)}); its lessons are skipped."]
    if doc["lab"] != lab:
        return [], [f"`{name}`: `lab` is {doc['lab']!r} but the file belongs to the {lab!r} lab; skipped."]
    lessons: list[Lesson] = []
    errors: list[str] = []
    for i, raw in enumerate(doc["lessons"]):
        problems = list(bad.get(i, []))
        label = f"lesson {raw.get('id', i + 1) if isinstance(raw, dict) else i + 1!r}"
        if not problems:
            path_ = page_path(lab, raw["page"])
            if path_ is None:
                pages = ", ".join(p.prefix for p in LABS if p.lab == lab)
                problems.append(f"`page`: {raw['page']!r} is no page of the {lab} lab (its pages: {pages})")
            presets = _presets(lab, raw["page"]) if path_ else {}
            for j, step in enumerate(raw["steps"]):
                if path_ and "preset" in step and step["preset"] not in presets:
                    known = "; ".join(presets) or "none"
                    problems.append(
                        f"`steps[{j}].preset`: {step['preset']!r} is no preset of that page (its presets: {known})"
                    )
                problem = _expression_problem(step["answer"])
                if problem:
                    problems.append(f"`steps[{j}]`: {problem}")
        if problems:
            errors.append(f"`{name}`, {label}: " + "; ".join(problems) + ". This lesson is skipped.")
            continue
        lessons.append(_build({**raw, "lab": lab, "path": path_}, name))
    return lessons, errors


def load(root: Path = ROOT) -> tuple[tuple[Lesson, ...], tuple[str, ...]]:
    """Every lab's lessons under ``root`` (catalogue order) and every problem found; a lesson id
    given twice keeps its first lesson."""
    lessons: list[Lesson] = []
    errors: list[str] = []
    seen: set[str] = set()
    for lab, package in dict.fromkeys((p.lab, p.package) for p in LABS):
        path = root / "views" / package / FILE
        if not path.is_file():
            continue
        found, problems = load_file(path, lab, root=root)
        errors += problems
        for lesson in found:
            if lesson.id in seen:
                errors.append(f"`{lesson.source}`, lesson {lesson.id!r}: the id is already used; skipped.")
                continue
            seen.add(lesson.id)
            lessons.append(lesson)
    return tuple(lessons), tuple(errors)


@functools.cache
def loaded() -> tuple[tuple[Lesson, ...], tuple[str, ...]]:
    """The app's lessons, read once per process (the files ship with the app)."""
    return load()

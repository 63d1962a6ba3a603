"""Guided lessons: predict, play, see the truth computed from the run.

The small API the lesson panel, the lessons page and class rooms use::

    all_lessons()            # every valid lesson, catalogue order
    get("lower-wcu")         # one Lesson (id, lab, page, path, title, notes, steps: [Step]) or None
    link("lower-wcu", 2)     # "/dynamodb?lesson=lower-wcu&step=2"
    truth(lesson, 1, result) # the true answer of step 1, computed from that run's Result

Lessons are data (``views/<lab>/lessons.yaml``, :mod:`views.lessons.loader`); the panel a lesson
page draws is :mod:`views.lessons.panel`.
"""

from __future__ import annotations

from typing import Any

from engine import query
from views.lessons.loader import loaded
from views.lessons.model import Lesson, Option, Step

__all__ = ["Lesson", "Option", "Step", "all_lessons", "for_lab", "get", "link", "load_errors", "truth"]


def all_lessons() -> tuple[Lesson, ...]:
    """Every lesson that loaded, in catalogue order of the labs."""
    return loaded()[0]


def load_errors() -> tuple[str, ...]:
    """One message per lessons file or lesson that was skipped (naming file, lesson and field)."""
    return loaded()[1]


def get(lesson_id: str) -> Lesson | None:
    """The lesson with id ``lesson_id``, or ``None``."""
    return next((lesson for lesson in all_lessons() if lesson.id == lesson_id), None)


def for_lab(lab: str) -> tuple[Lesson, ...]:
    """The lessons of one lab."""
    return tuple(lesson for lesson in all_lessons() if lesson.lab == lab)


def link(lesson_id: str, step: int = 1) -> str:
    """The address of a lesson's step (1-based), relative to the app's root."""
    lesson = get(lesson_id)
    if lesson is None:
        raise KeyError(f"no lesson {lesson_id!r}")
    return lesson.link(step)


def truth(lesson: Lesson, step: int, result: Any) -> Any:
    """The true answer of ``lesson``'s step ``step`` (1-based): its answer expression evaluated
    over ``result``, the Result of the page's run of that step's scenario."""
    value = query.evaluate(lesson.steps[step - 1].answer, result, path="answer")
    return value.item() if hasattr(value, "item") else value

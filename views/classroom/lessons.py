"""The lessons a room can run: the guided lessons (:mod:`views.lessons`) and the interim ones
(:mod:`classroom.interim_lessons`), each as question snapshots, and where a guided step's lab page is.

Every true answer is computed by the server from the lesson itself (:mod:`views.classroom.answers`),
never from an instructor's session.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from classroom import QuestionSpec
from classroom import interim_lessons as interim
from views import lessons as guided

__all__ = ["RoomLesson", "lab_page", "room_lessons"]


@dataclass(frozen=True)
class RoomLesson:
    """A lesson as a room sees it: its questions, and whether it is a guided (lab-page) one."""

    id: str
    title: str
    note: str
    questions: tuple[QuestionSpec, ...]
    guided: bool


def _spec(step: guided.Step) -> QuestionSpec:
    return QuestionSpec(
        text=step.question,
        kind=step.kind,
        options=tuple(o.label for o in step.options),
        tolerance=float(step.tolerance),
        unit=step.unit,
    )


@functools.cache
def room_lessons() -> dict[str, RoomLesson]:
    """Every lesson a room can run, guided lessons first, by id."""
    found: dict[str, RoomLesson] = {}
    for lesson in guided.all_lessons():
        found[lesson.id] = RoomLesson(
            lesson.id, lesson.title, lesson.notes, tuple(_spec(s) for s in lesson.steps), guided=True
        )
    for lesson in interim.lessons().values():
        found.setdefault(
            lesson.id,
            RoomLesson(lesson.id, lesson.title, lesson.note, tuple(s.spec for s in lesson.steps), guided=False),
        )
    return found


def lab_page(lesson_id: str, step: int, **params: str) -> tuple[str, dict[str, str]] | None:
    """Where a guided lesson's step (0-based) runs: its page file and query, or ``None``."""
    lesson = guided.get(lesson_id)
    if lesson is None or not 0 <= step < len(lesson.steps):
        return None
    query = {"lesson": lesson.id, **({"step": str(step + 1)} if step else {}), **params}
    return f"app_pages/{lesson.page}.py", query

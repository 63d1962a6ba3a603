"""The lessons a room can run: the guided lessons (:mod:`views.lessons`) and the interim ones
(:mod:`classroom.interim_lessons`), each as question snapshots, a true answer and a way to play.

A guided lesson's true answer is computed by its lab page from that page's run of the step's
scenario and kept in the session (``views.lessons.panel.truth_key``): the instructor runs the step
on its lab page (the room's screen links there and back) and the reveal takes the answer from
there. An interim lesson's answer is computed here by running its scenario on the engine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import streamlit as st

from classroom import QuestionSpec
from classroom import interim_lessons as interim
from views import lessons as guided
from views.lessons.panel import truth_key

__all__ = ["RoomLesson", "lab_page", "room_lessons", "truth"]


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


def truth(lesson_id: str, step: int) -> Any:
    """The true answer of step ``step`` (0-based) as the room stores it (an option's label, or a
    number), or ``None`` while it is not computed yet (a guided step not yet run in this session)."""
    lesson = guided.get(lesson_id)
    if lesson is not None:
        raw = st.session_state.get(truth_key(lesson.id, step + 1))
        if raw is None:
            return None
        current = lesson.steps[step]
        return current.truth_label(raw) if current.kind == "choice" else float(raw)
    from views.classroom import scenario

    return scenario.true_answer(lesson_id, step)

"""A lesson step's scenario: its engine run (cached, shared by every session), its true answer,
and its figure, played on every page at the reveal."""

from __future__ import annotations

import importlib
import threading

import streamlit as st

from classroom.interim_lessons import LessonStep, compute_answer, lessons, run_step
from views import page

__all__ = ["play", "step_of", "true_answer", "warm"]


def step_of(lesson_id: str, step: int) -> LessonStep | None:
    """Step ``step`` of lesson ``lesson_id``, if this server knows that lesson."""
    lesson = lessons().get(lesson_id)
    return lesson.steps[step] if lesson and 0 <= step < len(lesson.steps) else None


@page.simulation_cache(max_entries=16, show_spinner=False)
def _run(lesson_id: str, step: int, rules: str, seed: int):  # type: ignore[no-untyped-def]
    found = step_of(lesson_id, step)
    assert found is not None
    return run_step(found, seed=seed, rules=rules)


def true_answer(lesson_id: str, step: int) -> float | str:
    """The answer computed from the engine run of the step's scenario (course-notes rules, seed 0:
    the same for every replica)."""
    found = step_of(lesson_id, step)
    if found is None:
        raise LookupError(f"this server does not know lesson {lesson_id!r}")
    return compute_answer(found, _run(lesson_id, step, "course", 0))


def _builder(found: LessonStep):  # type: ignore[no-untyped-def]
    module, name = found.figure.split(":", 1)
    return getattr(importlib.import_module(module), name)


@st.cache_resource(show_spinner=False, max_entries=32)
def warm(lesson_id: str) -> threading.Thread:
    """Run every step's scenario and build its figure in the background, once per process and
    lesson, while the class answers: the reveal then costs no engine run."""

    def work() -> None:
        lesson = lessons().get(lesson_id)
        for i, found in enumerate(lesson.steps if lesson else ()):
            result = _run(lesson_id, i, "course", 0)
            if ":" in found.figure:
                page.figure(_builder(found), result, reduced_motion=False)

    thread = threading.Thread(target=work, name=f"classroom-warm-{lesson_id}", daemon=True)
    thread.start()
    return thread


def play(lesson_id: str, step: int, key: str) -> None:
    """Draw the step's scenario as its lab draws it (animated unless reduced motion is on)."""
    found = step_of(lesson_id, step)
    if found is None or ":" not in found.figure:
        return
    result = _run(lesson_id, step, "course", 0)
    page.chart(page.figure(_builder(found), result, reduced_motion=page.settings().reduced_motion), key)
    lesson = lessons()[lesson_id]
    if lesson.page:
        st.page_link(
            f"app_pages/{lesson.page.strip('/').replace('-', '_')}.py",
            label="Open this scenario in the lab",
            icon=":material/science:",
            query_params=dict(p.split("=", 1) for p in found.link.split("&") if "=" in p) or None,
        )

"""A room question's true answer, computed by the server from the lesson, and stored on the question.

No instructor's session is needed: a guided lesson's step is run through its lab page headless
(:mod:`views.lessons.headless`, a child process), an interim lesson's step on the engine here.
Each lesson step is computed once per server process, in the background while the class answers
(one at a time, so a class room never takes more than one core), and its answer and scene (the
figure, event-log lines and notes a reveal shows) are written to every room asking for it
(:meth:`classroom.RoomService.store_truth`); any replica and every student page then reads them.
"""

from __future__ import annotations

import importlib
import json
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from classroom import RoomService
from classroom import interim_lessons as interim
from views import lessons as guided

__all__ = ["RETRY_S", "ensure", "problem", "room_answer", "scene_of"]

_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="classroom-answer")
_LOCK = threading.Lock()
_JOBS: dict[tuple[str, int], Future] = {}
_STORED: set[tuple[str, int]] = set()  # (room code, step) whose answer this process has stored
_ENDED: dict[int, float] = {}  # id of a finished job -> when it finished
RETRY_S = 60.0


def _interim_scene(lesson_id: str, step: int) -> dict[str, Any]:
    from views.plotly_chart import chart_payload, decode_payload

    lesson = interim.lessons()[lesson_id]
    found = lesson.steps[step]
    result = interim.run_step(found)
    answer = interim.compute_answer(found, result)
    figure = None
    if ":" in found.figure:
        module, name = found.figure.split(":", 1)
        fig = getattr(importlib.import_module(module), name)(result, reduced_motion=False)
        figure = decode_payload(chart_payload(fig, {}))["figure"]
    unit = f" {found.spec.unit}" if found.spec.unit and not isinstance(answer, str) else ""
    shown = answer if isinstance(answer, str) else f"{answer:,.10g}"
    page = lesson.page.strip("/")
    return {
        "truth": answer,
        "answer": answer,
        "label": f"{shown}{unit}",
        "figure": figure,
        "events": [],
        "explain": "",
        "notes": lesson.note,
        "rules": "course",
        "seed": 0,
        "link": f"/{page}?{found.link}" if found.link else f"/{page}",
    }


def room_answer(lesson_id: str, step: int, truth: Any) -> float | str:
    """A computed answer as a room stores it: the option's label, or the number."""
    lesson = guided.get(lesson_id)
    if lesson is None:
        return truth if isinstance(truth, str) else float(truth)
    current = lesson.steps[step]
    return current.truth_label(truth) if current.kind == "choice" else float(truth)


def scene_of(lesson_id: str, step: int) -> dict[str, Any]:
    """Step ``step`` (0-based) of a lesson run on the engine: its scene, ``answer`` included
    (in the lesson's own rules edition, seed 0: the same on every replica)."""
    if guided.get(lesson_id) is not None:
        from views.lessons.headless import compute

        scene = compute(lesson_id, step + 1)
        return {**scene, "answer": room_answer(lesson_id, step, scene["truth"])}
    if lesson_id in interim.lessons():
        return _interim_scene(lesson_id, step)
    raise LookupError(f"this server does not know lesson {lesson_id!r}")


def _job(lesson_id: str, step: int) -> Future:
    """The one computation of this lesson step in this process (a failed one is tried again
    after :data:`RETRY_S`, not on every poll)."""
    with _LOCK:
        job = _JOBS.get((lesson_id, step))
        failed = job is not None and job.done() and job.exception() is not None
        if job is None or (failed and time.monotonic() - _ENDED.get(id(job), 0.0) >= RETRY_S):
            job = _JOBS[(lesson_id, step)] = _POOL.submit(scene_of, lesson_id, step)
            job.add_done_callback(lambda j: _ENDED.__setitem__(id(j), time.monotonic()))
        return job


def ensure(svc: RoomService, code: str, key: str, lesson_id: str, step: int) -> None:
    """Have the answer of question ``step`` of room ``code`` computed and stored (in the
    background; at once if this process has computed it already)."""
    with _LOCK:
        if (code, step) in _STORED:
            return
        _STORED.add((code, step))

    def store(job: Future) -> None:
        if job.exception() is not None:
            with _LOCK:
                _STORED.discard((code, step))  # the next poll asks again
            return
        scene = job.result()
        try:
            svc.store_truth(code, key, step, scene["answer"], json.dumps(scene, default=float))
        except Exception:  # the room is gone or the database is away: the next poll tries again
            with _LOCK:
                _STORED.discard((code, step))

    _job(lesson_id, step).add_done_callback(store)


def problem(lesson_id: str, step: int) -> str | None:
    """Why this step's answer could not be computed, if its computation failed."""
    with _LOCK:
        job = _JOBS.get((lesson_id, step))
    if job is None or not job.done() or job.exception() is None:
        return None
    return str(job.exception())

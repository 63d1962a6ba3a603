"""A room question's answer is computed by the server from the lesson and stored on the question:
an interim lesson's on the engine here, and a failure is named, not retried on every poll."""

from __future__ import annotations

import json
import time

from classroom.service import RoomService
from views.classroom import answers
from views.classroom.lessons import room_lessons


def _wait_computed(svc: RoomService, code: str, step: int) -> None:
    for _ in range(600):
        if svc.snapshot(code, step=step).computed:
            return
        time.sleep(0.1)
    raise AssertionError("never stored")


def test_the_answer_and_scene_are_stored_for_every_room_asking(engine) -> None:  # type: ignore[no-untyped-def]
    """aws-facts: Lambda concurrency ≈ requests/s × duration, capped by the 1 000 account limit."""
    svc = RoomService(engine)
    rooms = [svc.create_room("lambda-concurrency", room_lessons()["lambda-concurrency"].questions) for _ in range(2)]
    for code, key in rooms:
        answers.ensure(svc, code, key, "lambda-concurrency", 0)
    for code, key in rooms:
        _wait_computed(svc, code, 0)
        svc.open_question(code, key, 0)
        svc.reveal(code, key, 0)
        assert svc.snapshot(code).true_answer == "1000"  # 3000 × 0.5 = 1500 needed, capped at 1 000
        scene = json.loads(svc.scene(code, 0))
        assert scene["figure"]["anim"]["cuts"] and scene["notes"] and scene["answer"] == 1000.0


def test_a_lesson_the_server_does_not_know_is_named_and_not_retried_at_once(engine) -> None:  # type: ignore[no-untyped-def]
    svc = RoomService(engine)
    code, key = svc.create_room("no-such-lesson", room_lessons()["lambda-concurrency"].questions)
    answers.ensure(svc, code, key, "no-such-lesson", 0)
    job = answers._job("no-such-lesson", 0)
    job.exception(timeout=60)
    time.sleep(0.2)
    assert "no-such-lesson" in (answers.problem("no-such-lesson", 0) or "")
    answers.ensure(svc, code, key, "no-such-lesson", 0)
    assert answers._job("no-such-lesson", 0) is job  # the next poll does not start it again
    assert not svc.snapshot(code).computed

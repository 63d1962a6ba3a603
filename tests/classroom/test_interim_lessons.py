"""The interim lesson adapter: every lesson a room can run parses, runs on the engine, and its
answer is computed (a choice's answer is one of its options)."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom.interim_lessons import compute_answer, lessons, load_file, run_step


def test_every_lesson_runs_and_answers() -> None:
    found = lessons()
    assert "lambda-concurrency" in found
    for lesson in found.values():
        assert lesson.steps and lesson.title
        for step in lesson.steps:
            answer = compute_answer(step, run_step(step))
            if step.spec.kind == "choice":
                assert list(step.spec.options).count(answer) == 1
            else:
                assert isinstance(answer, float)


def test_lambda_answers_come_from_the_engine() -> None:
    """aws-facts: concurrency ≈ requests/s × duration, capped by the 1 000 account limit."""
    first, second = lessons()["lambda-concurrency"].steps
    assert compute_answer(first, run_step(first)) == 1000.0  # 3000 × 0.5 = 1500 needed, capped
    assert compute_answer(second, run_step(second)) == "No, none are throttled"  # 3000 × 0.2 = 600


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("nothing: here", "top-level 'lessons'"),
        ("lessons: [{id: x, title: t}]", "'steps' is missing"),
        (
            "lessons: [{id: x, title: t, steps: [{question: q, engine: os, config: {class: C}, load: {}, "
            "answer: {summary: s}}]}]",
            "engine lab package",
        ),
        (
            "lessons: [{id: x, title: t, steps: [{question: q, kind: choice, options: [a, b], engine: engine.lambda_, "
            "config: {class: C}, load: {}, answer: {summary: s}}]}]",
            "positive and a zero",
        ),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "lessons.yaml"
    path.write_text(body)
    with pytest.raises(ValueError, match=message):
        load_file(path)

"""Room-only lessons: questions whose scenario a room runs on the engine itself, so the reveal
computes the answer on the server and plays the scenario inline on every page, with no lab page
run in the instructor's session.

The guided lessons (:mod:`views.lessons`, one ``views/<lab>/lessons.yaml`` per lab) are the main
source of a room's questions; these live in ``classroom/interim_lessons.yaml`` in the small schema
below. Each true answer is computed by running the engine on the question's scenario, never typed in.

    lessons:
      - id: lambda-concurrency              # unique
        title: Lambda concurrency = rate x duration
        note: "the course notes' own words"  # the statement the lesson demonstrates
        page: /lambda                        # the lab that plays it
        steps:
          - question: How many environments are busy at the peak?
            kind: number                     # or choice (then: options, a list)
            unit: environments
            tolerance: 50                    # an answer within +-50 counts as right
            engine: engine.lambda_           # an engine lab package
            config: {class: LambdaConfig, duration_s: 0.5, horizon_s: 3600}
            load: {preset: Flat, peak: 3000} # a load preset scaled to this peak
            answer: {summary: peak_concurrency}  # or {summary: col, positive: A, zero: B}
            figure: views.lambda_.figures:lambda_figure
            link: lambda.dur=0.5&lambda.load=Flat&lambda.peak=3000

No Streamlit here: the page caches the runs.
"""

from __future__ import annotations

import functools
import importlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classroom.service import QuestionSpec

__all__ = ["Lesson", "LessonStep", "compute_answer", "lessons", "load_file", "run_step", "trace_for"]

ROOT = Path(__file__).resolve().parent.parent
FILES = ("classroom/interim_lessons.yaml",)


@dataclass(frozen=True)
class LessonStep:
    """One question of a lesson and the scenario whose run answers it."""

    spec: QuestionSpec
    engine: str
    config: tuple[tuple[str, Any], ...]
    load: tuple[tuple[str, Any], ...]
    answer: tuple[tuple[str, Any], ...]
    figure: str = ""
    link: str = ""


@dataclass(frozen=True)
class Lesson:
    """A lesson a room can run: its questions in order."""

    id: str
    title: str
    note: str
    page: str
    steps: tuple[LessonStep, ...] = field(default_factory=tuple)


def _need(d: Mapping[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in d:
        raise ValueError(f"{where}: '{key}' is missing")
    if not isinstance(d[key], kind):
        raise ValueError(f"{where}: '{key}' must be a {getattr(kind, '__name__', kind)}, got {d[key]!r}")
    return d[key]


def _step(raw: Any, where: str) -> LessonStep:
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: a step must be a mapping")
    kind = str(raw.get("kind", "number"))
    spec = QuestionSpec(
        text=_need(raw, "question", where, str),
        kind=kind,
        options=tuple(str(o) for o in raw.get("options", ())),
        tolerance=float(raw.get("tolerance", 0.0)),
        unit=str(raw.get("unit", "")),
    )
    module = _need(raw, "engine", where, str)
    if not module.startswith("engine."):
        raise ValueError(f"{where}: 'engine' must name an engine lab package (engine.<lab>), got {module!r}")
    config = dict(_need(raw, "config", where, dict))
    _need(config, "class", f"{where} config", str)
    load = dict(_need(raw, "load", where, dict))
    answer = dict(_need(raw, "answer", where, dict))
    _need(answer, "summary", f"{where} answer", str)
    if kind == "choice" and not {"positive", "zero"} <= set(answer):
        raise ValueError(f"{where}: a choice answer names the option for a positive and a zero figure")
    return LessonStep(
        spec=spec,
        engine=module,
        config=tuple(sorted(config.items())),
        load=tuple(sorted(load.items())),
        answer=tuple(sorted(answer.items())),
        figure=str(raw.get("figure", "")),
        link=str(raw.get("link", "")),
    )


def load_file(path: Path) -> list[Lesson]:
    """The lessons in one file (``ValueError`` naming the file and what is wrong)."""
    data = yaml.safe_load(path.read_text())
    if not isinstance(data, Mapping) or not isinstance(data.get("lessons"), list):
        raise ValueError(f"{path.name}: expected a top-level 'lessons' list")
    out = []
    for i, raw in enumerate(data["lessons"]):
        where = f"{path.name} lesson {i + 1}"
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where}: a lesson must be a mapping")
        steps = _need(raw, "steps", where, list)
        out.append(
            Lesson(
                id=_need(raw, "id", where, str),
                title=_need(raw, "title", where, str),
                note=str(raw.get("note", "")),
                page=str(raw.get("page", "")),
                steps=tuple(_step(s, f"{where} step {j + 1}") for j, s in enumerate(steps)),
            )
        )
    return out


@functools.cache
def lessons() -> dict[str, Lesson]:
    """The room-only lessons, by id (a file that does not load is skipped)."""
    found: dict[str, Lesson] = {}
    for pattern in FILES:
        for path in sorted(ROOT.glob(pattern)):
            try:
                for lesson in load_file(path):
                    found.setdefault(lesson.id, lesson)
            except (ValueError, yaml.YAMLError):
                continue
    return found


def trace_for(load: Mapping[str, Any], horizon_s: float):  # type: ignore[no-untyped-def]
    """The load trace of a step: a preset scaled to ``peak``, squeezed into the run's horizon
    (as the labs' load controls do)."""
    from engine.load import PRESETS, retimed, scaled

    name = str(load.get("preset", "Flat"))
    if name not in PRESETS:
        raise ValueError(f"unknown load preset {name!r}; choose one of {', '.join(PRESETS)}")
    base = PRESETS[name]
    trace = scaled(base, float(load.get("peak", base.peak_hint)) / max(base.peak_hint, 1e-9))
    return trace if horizon_s == 86_400.0 else retimed(trace, horizon_s / 86_400.0)


def run_step(step: LessonStep, *, seed: int = 0, rules: str = "course"):  # type: ignore[no-untyped-def]
    """Run the step's scenario on the engine: its ``Result``."""
    mod = importlib.import_module(step.engine)
    kwargs = dict(step.config)
    cls = getattr(mod, kwargs.pop("class"))
    cfg = cls(**{"rules": rules, **kwargs})
    return mod.simulate(cfg, trace_for(dict(step.load), float(getattr(cfg, "horizon_s", 86_400.0))), seed=seed)


def compute_answer(step: LessonStep, result: Any) -> float | str:
    """The true answer from the run's summary row."""
    spec = dict(step.answer)
    value = float(result.summary.iloc[0][spec["summary"]])
    if not math.isfinite(value):
        raise ValueError(f"the run's {spec['summary']} is not a finite number")
    if step.spec.kind == "choice":
        return str(spec["positive"] if value > 0 else spec["zero"])
    return value

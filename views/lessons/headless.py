"""A guided lesson's step run on the server with no learner's session: its true answer and the
scene its reveal shows, computed from the lesson alone.

A step's scenario is control values of its lab page, and only the page turns controls into an
engine run, so the step is run *through its page*: Streamlit's headless script runner opens the
page with ``?lesson=<id>&step=<n>`` (the lesson's preset and scenario are applied, the page runs
the engine), and the run's Result, its computed answer and its main chart are read from it. The
page stops after its charts (nothing after them bears on the answer).

The runner replaces Streamlit's runtime while it runs, so it runs in a child process
(:func:`compute` starts ``python -m views.lessons.headless``), never inside the app's server; the
answer is then the one the lesson page would compute, on any replica, for every room.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["SCENE_TIMEOUT_S", "compute", "run_step"]

ROOT = Path(__file__).resolve().parents[2]
SCENE_TIMEOUT_S = 600.0  # a whole lab page run, the engine included, on a busy server


def run_step(lesson_id: str, step: int, rules: str | None = None, seed: int = 0) -> dict[str, Any]:
    """In this process: open step ``step`` (1-based) of the lesson on its page, headless, and
    return its scene: ``truth`` (the raw answer), ``label`` (as the question phrases it),
    ``figure`` (the page's main chart as the browser draws it), ``events`` (the explaining
    event-log lines), ``explain``, ``notes``, ``rules``, ``seed`` and ``link``."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    from views import lessons, page
    from views.catalog import LABS
    from views.lessons import panel
    from views.plotly_chart import chart_payload, decode_payload

    lesson = lessons.get(lesson_id)
    if lesson is None or not 1 <= step <= len(lesson.steps):
        raise LookupError(f"no lesson {lesson_id!r} with a step {step}")
    current = lesson.steps[step - 1]
    rules = rules or lesson.editions[0]
    seen: dict[str, Any] = {"charts": {}}
    chart, events_panel, reveal = page.chart, page.events_panel, panel.Guide.reveal

    def record_chart(fig: Any, key: str, **kw: Any) -> None:
        seen["charts"].setdefault(key, fig)
        chart(fig, key, **kw)

    def stop_at_log(events: Any, **kw: Any) -> None:
        seen["main"] = kw.get("chart")
        st.stop()  # the charts are drawn: the rest of the page bears on nothing a reveal shows

    def record_result(guide: Any, result: Any) -> None:
        seen["result"] = result
        reveal(guide, result)

    page.chart, page.events_panel, panel.Guide.reveal = record_chart, stop_at_log, record_result  # type: ignore[method-assign]
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=SCENE_TIMEOUT_S)
        at.query_params["lesson"] = [lesson.id]
        if step > 1:
            at.query_params["step"] = [str(step)]
        at._page_hash = calc_hash(next(p.url_path for p in LABS if p.prefix == lesson.page))
        at.session_state["rules"] = rules
        at.session_state["seed"] = seed
        at.run()
    finally:
        page.chart, page.events_panel, panel.Guide.reveal = chart, events_panel, reveal  # type: ignore[method-assign]
    if at.exception:
        raise RuntimeError(f"the lesson page failed: {at.exception[0].value}")
    key = panel.truth_key(lesson.id, step)
    if key not in at.session_state or "result" not in seen:
        problems = "; ".join(w.value for w in at.warning) or "no answer computed"
        raise ValueError(f"lesson {lesson.id!r} step {step}: {problems}")
    truth = at.session_state[key]
    charts = seen["charts"]
    main = seen.get("main") if seen.get("main") in charts else next(iter(charts), None)
    figure = decode_payload(chart_payload(charts[main], {}))["figure"] if main else None
    lines = panel._explaining_events(seen["result"].events, current.events)
    return {
        "truth": truth,
        "label": current.truth_label(truth),
        "figure": figure,
        "events": lines.to_dict("records") if len(lines) else [],
        "explain": current.explain,
        "notes": lesson.notes,
        "rules": rules,
        "seed": seed,
        "link": lesson.link(step),
    }


def compute(lesson_id: str, step: int, rules: str | None = None, seed: int = 0) -> dict[str, Any]:
    """:func:`run_step` in a child process (the app's server keeps its own Streamlit runtime);
    ``ValueError`` with the child's last words if it fails."""
    args = [sys.executable, "-m", "views.lessons.headless", lesson_id, str(step), rules or "", str(seed)]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    done = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SCENE_TIMEOUT_S + 60, check=False
    )
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise ValueError(f"computing lesson {lesson_id!r} step {step} failed: {tail[0][:300]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    import logging

    import engine

    logging.disable(logging.WARNING)  # the headless runner warns of its bare mode; the JSON is the output
    engine.warmup = lambda: []  # one page runs here: no need to compile every lab
    lesson_arg, step_arg, rules_arg, seed_arg = sys.argv[1:5]
    scene = run_step(lesson_arg, int(step_arg), rules_arg or None, int(seed_arg))
    print(json.dumps(scene, default=float))

"""The lesson panel of a lab page: the question, the learner's answer, Play, then the reveal.

A page draws it with two lines: ``guide = panel.start(ctrl)`` right after its ``Controls`` (it
sets the lesson's scenario and shows only the lesson's controls, the rest under "All controls"),
and ``guide.reveal(result)`` once it has run (the true answer is computed from that Result).
Without ``?lesson=`` in the address both do nothing.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from engine import query
from engine.core import format_clock
from engine.rules import EDITION_LABELS
from views import lessons, page
from views.controls import Controls, apply_preset
from views.lessons.model import Lesson, Step, shown

__all__ = ["Guide", "start", "truth_key"]

_APPLIED = "__lesson.applied"
_MAX_EVENTS = 8
# Until the reveal, the run's charts, numbers, captions and tables are hidden (a guess made
# looking at the answer teaches nothing); the lesson panel itself stays.
_HIDE_UNTIL_REVEAL = """<style>
.scalelab-chart, [data-testid="stMetric"], [data-testid="stDataFrame"],
[data-testid="stCaptionContainer"]:not(.st-key-lesson_panel *) {visibility: hidden; max-height: 4rem; overflow: hidden}
</style>"""
# The page's own control groups are empty in lesson mode (their controls moved): not drawn. The
# explaining event-log lines use the panel's whole width.
_HIDE_EMPTY_GROUPS = """<style>
[data-testid="stColumn"] [data-testid="stExpander"]:not(:has(input, textarea, [role="slider"])) {display: none}
.st-key-lesson_panel [data-testid="stTable"] td, .st-key-lesson_panel [data-testid="stTable"] td * {max-width: none !important}
</style>"""


def truth_key(lesson_id: str, step: int) -> str:
    """The session key where the page leaves the computed answer of a step (tests, rooms)."""
    return f"__lesson.truth.{lesson_id}.{step}"


def _answer_key(lesson: Lesson, step: int) -> str:
    return f"__lesson.answer.{lesson.id}.{step}"


def _revealed_key(lesson: Lesson, step: int) -> str:
    return f"__lesson.revealed.{lesson.id}.{step}"


@dataclass
class Guide:
    """The open lesson of this run (``lesson is None``: no lesson, nothing to draw)."""

    lesson: Lesson | None = None
    step: int = 1
    box: Any = None

    @property
    def current(self) -> Step:
        assert self.lesson is not None
        return self.lesson.steps[self.step - 1]

    def reveal(self, result: Any) -> None:
        """After the run: the truth computed from ``result``, how far the guess was, the event-log
        lines that explain it and the course-notes statement; then the next step's button."""
        if self.lesson is None:
            return
        lesson, step = self.lesson, self.current
        try:
            truth = page.derived(_truth, result, step.expression)
        except (ImportError, ValueError, KeyError, TypeError, IndexError) as exc:
            st.session_state.pop(truth_key(lesson.id, self.step), None)
            self.box.warning(
                f"This lesson's answer cannot be computed from this run ({exc}).", icon=":material/warning:"
            )
            return
        st.session_state[truth_key(lesson.id, self.step)] = truth
        if not st.session_state.get(_revealed_key(lesson, self.step), False):
            return
        guess = st.session_state.get(_answer_key(lesson, self.step))
        with self.box:
            _verdict(step, truth, guess)
            if step.explain:
                st.markdown(step.explain)
            lines = page.derived(_explaining_events, result.events, step.events)
            if len(lines):
                st.markdown("**What the event log says**")
                st.table(lines, hide_index=True)
            st.markdown(f"> {lesson.notes}\n>\n> — *the course notes*")
            if self.step < len(lesson.steps):
                nxt = lesson.steps[self.step]
                st.markdown(f"**Next:** {nxt.change or 'change the scenario and predict again.'}")
                st.button(
                    "Next question →", key=f"__lesson.next.{lesson.id}.{self.step}", on_click=_go, args=(self.step + 1,)
                )
            else:
                st.success("That was the last question of this lesson.", icon=":material/school:")


def _truth(result: Any, expression: str) -> Any:
    """The answer expression (canonical JSON) evaluated over ``result``."""
    value = query.evaluate(json.loads(expression), result, path="answer")
    return value.item() if hasattr(value, "item") else value


def _explaining_events(events: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    """The first event-log lines of the kinds that explain the answer."""
    if events is None or events.empty or not kinds:
        return pd.DataFrame()
    shown = events[events["kind"].isin(kinds)].head(_MAX_EVENTS)
    return pd.DataFrame(
        {
            "time": [format_clock(t) for t in shown["t_s"]],
            "what": shown["kind"].str.replace("_", " "),
            "why": shown["message"],
        }
    )


def _verdict(step: Step, truth: Any, guess: Any) -> None:
    """The true answer and how far the learner's guess was."""
    label = step.truth_label(truth)
    if guess is None:
        st.info(f"**The answer: {label}.** (You did not answer.)", icon=":material/target:")
    elif step.right(truth, guess):
        st.success(f"**Right: {label}.**", icon=":material/check_circle:")
    elif step.kind == "choice":
        st.warning(f"**The answer: {label}.** You chose *{step.options[int(guess)].label}*.", icon=":material/target:")
    else:
        off = float(guess) - float(truth)
        rel = f" ({abs(off) / abs(float(truth)):.0%})" if float(truth) else ""
        rule = f"within {shown(step.tolerance)} counts as right" if step.tolerance else "only the exact number counts"
        st.warning(
            f"**The answer: {label}.** You said {shown(float(guess))} {step.unit}: "
            f"{'over' if off > 0 else 'under'} by {shown(abs(off))}{rel} ({rule}).",
            icon=":material/target:",
        )


def _go(step: int) -> None:
    st.query_params["step"] = str(step)


def _use(edition: str) -> None:
    st.session_state["rules"] = edition


def _leave() -> None:
    st.session_state.pop(_APPLIED, None)  # coming back sets the lesson's scenario again
    for key in ("lesson", "step"):
        if key in st.query_params:
            del st.query_params[key]


def _reveal(lesson: Lesson, step: int) -> None:
    st.session_state[_revealed_key(lesson, step)] = True
    # a new token: the page's animated charts start playing when they are drawn (views.page.chart)
    st.session_state[page.PLAY_KEY] = (lesson.id, f"{lesson.id}.{step}.{time.time_ns()}")


def _again(lesson: Lesson, step: int) -> None:
    st.session_state[_revealed_key(lesson, step)] = False
    st.session_state.pop(_APPLIED, None)


def _step_of(lesson: Lesson) -> int:
    raw = st.query_params.get("step", "1")
    if raw.isdigit() and 1 <= int(raw) <= len(lesson.steps):
        return int(raw)
    st.warning(
        f"URL parameter `step={raw[:20]}` is not a step of this lesson (1 to {len(lesson.steps)}); step 1 is shown.",
        icon=":material/warning:",
    )
    st.query_params["step"] = "1"
    return 1


def start(ctrl: Controls) -> Guide:
    """Before the page's controls: open the lesson named in the address, if it is one of this page.

    Sets the step's scenario once per visit, draws the question and the answer box, and puts the
    page's controls where the lesson wants them.
    """
    lesson_id = st.query_params.get("lesson")
    if not lesson_id:
        return Guide()
    for problem in lessons.load_errors():
        if f"lesson {lesson_id!r}" in problem:
            st.warning(f"This lesson could not be loaded: {problem}", icon=":material/warning:")
    lesson = lessons.get(lesson_id)
    if lesson is None or lesson.page != ctrl.page:
        here = [x.id for x in lessons.all_lessons() if x.page == ctrl.page]
        st.warning(
            f"URL parameter `lesson={lesson_id[:40]}` is no lesson of this page"
            + (f" (its lessons: {', '.join(here)})" if here else "")
            + "; the page opens without one.",
            icon=":material/warning:",
        )
        del st.query_params["lesson"]
        return Guide()
    step = _step_of(lesson)
    if st.session_state.get(_APPLIED) != (lesson.id, step):
        apply_preset(ctrl.page, lesson.scenario(step))
        st.session_state[_APPLIED] = (lesson.id, step)
    current = lesson.steps[step - 1]
    rules = page.settings().rules
    with st.container(border=True, key="lesson_panel"):
        n = len(lesson.steps)
        st.markdown(f"### :material/school: {lesson.title}" + (f" — question {step} of {n}" if n > 1 else ""))
        if rules not in lesson.editions:
            wanted = lesson.editions[0]
            st.info(
                f"This lesson is written for the **{EDITION_LABELS[wanted]}** rules edition; with "
                f"{EDITION_LABELS.get(rules, rules)} its answer and explanation may differ.",
                icon=":material/menu_book:",
            )
            st.button(
                f"Use {EDITION_LABELS[wanted]}", key=f"__lesson.edition.{lesson.id}", on_click=_use, args=(wanted,)
            )
        if step > 1 and current.change:
            st.markdown(f"*{current.change}*")
        st.caption("The scenario — the controls this question is about (the others are under *All controls*):")
        shown = st.container()
        st.markdown(f"**{current.question}**")
        revealed = st.session_state.get(_revealed_key(lesson, step), False)
        if current.kind == "choice":
            st.radio(
                "Your answer",
                range(len(current.options)),
                index=None,
                format_func=lambda i: current.options[i].label,
                key=_answer_key(lesson, step),
                disabled=revealed,
            )
        else:
            st.number_input(
                f"Your answer ({current.unit})" if current.unit else "Your answer",
                value=None,
                step=1.0,
                key=_answer_key(lesson, step),
                disabled=revealed,
            )
        cols = st.columns(2)
        if revealed:
            cols[0].button(
                "↺ Answer again", key=f"__lesson.again.{lesson.id}.{step}", on_click=_again, args=(lesson, step)
            )
        else:
            cols[0].button(
                ":material/play_arrow: Play and reveal",
                key=f"__lesson.play.{lesson.id}.{step}",
                type="primary",
                on_click=_reveal,
                args=(lesson, step),
            )
            st.caption("Predict first: the charts, numbers and event log appear when you press Play.")
        cols[1].button("✕ Leave the lesson", key=f"__lesson.leave.{lesson.id}", on_click=_leave)
        from views.classroom import lesson_hook  # here, not at the top: class rooms read these lessons

        lesson_hook(lesson.id)
        box = st.container()
    rest = st.expander("All controls", expanded=False)
    ctrl.focus(lesson.controls, shown=shown, rest=rest)
    st.html(_HIDE_EMPTY_GROUPS + ("" if revealed else _HIDE_UNTIL_REVEAL))
    return Guide(lesson, step, box)

"""The student's screen: join with the code (optional nickname), then the open question, one
answer (changeable while open), and at the reveal the true answer beside the class's answers."""

from __future__ import annotations

import streamlit as st

from classroom import BadAnswer, NotAllowed, RoomGone, normalise_code
from classroom.service import NICKNAME_MAX
from views.classroom import reveal
from views.classroom.links import POLL_S, service
from views.classroom.tally import tally_figure, within
from views.page import chart

__all__ = ["join_form", "student_screen"]


def join_form(code: str = "") -> None:
    """The code (prefilled from a scanned link) and an optional nickname; joining puts the
    participant id in the address, so a reload keeps the student in the room."""
    with st.form("classroom.join"):
        typed = st.text_input("Room code", code, max_chars=12, placeholder="e.g. K7QX3M")
        nick = st.text_input("Nickname (optional)", "", max_chars=NICKNAME_MAX, help="Shown to nobody but you.")
        go = st.form_submit_button("Join", type="primary")
    if go:
        try:
            pid = service().join(typed, nick)
        except RoomGone as exc:
            st.warning(f"{exc}. Check the code on the screen.", icon=":material/warning:")
            return
        st.session_state["classroom.nickname"] = nick.strip()
        st.query_params.update({"room": normalise_code(typed), "p": pid})
        st.rerun()


_PROBLEM = "classroom.student.problem"


def _send(code: str, pid: str, step: int, widget: str) -> None:
    """The answer form's callback: store the answer (a refusal is kept for the screen)."""
    value = st.session_state.get(widget)
    if value is None:
        st.session_state[_PROBLEM] = "Pick an answer first."
        return
    try:
        service().answer(code, pid, step, value)
    except (BadAnswer, NotAllowed, LookupError) as exc:
        st.session_state[_PROBLEM] = str(exc)


def _answer_box(snap, code: str, pid: str) -> None:  # type: ignore[no-untyped-def]
    q = snap.question
    widget = f"classroom.answer.{code}.{snap.step}"
    with st.form(f"classroom.form.{snap.step}"):
        if q.kind == "choice":
            now = q.options.index(snap.mine) if snap.mine in q.options else None
            st.radio("Your answer", list(q.options), index=now, key=widget)
        else:
            st.number_input(
                f"Your answer{f' ({q.unit})' if q.unit else ''}",
                value=float(snap.mine) if snap.mine is not None else None,
                step=1.0,
                format="%g",
                key=widget,
            )
        st.form_submit_button(
            "Send my answer" if snap.mine is None else "Change my answer",
            type="primary",
            on_click=_send,
            args=(code, pid, snap.step, widget),
        )
    if problem := st.session_state.pop(_PROBLEM, None):
        st.warning(problem, icon="✋")


@st.fragment(run_every=POLL_S)
def _live(code: str, pid: str) -> None:
    """The room as it is now, from the database every second (no reload)."""
    try:
        snap = service().snapshot(code, pid)
    except RoomGone as exc:
        st.warning(f"{exc}.", icon=":material/timer_off:")
        return
    _follow(snap)
    q = snap.question
    if snap.state == "pending":
        st.info(f"Waiting for your instructor to open question {snap.step + 1}…", icon=":material/hourglass_top:")
        return
    st.subheader(f"Question {snap.step + 1} of {snap.steps}")
    st.markdown(f"### {q.text}")
    if snap.state == "open":
        _answer_box(snap, code, pid)
        if snap.mine is not None:
            st.success(
                f"Your answer: **{snap.mine}**{(' ' + q.unit) if q.unit else ''}. You can change it until the "
                "question closes."
            )
        return
    if snap.state == "closed":
        st.info(
            f"Answers are closed. Yours: **{snap.mine if snap.mine is not None else 'none'}**. Waiting for the reveal…",
            icon=":material/stop_circle:",
        )
        return
    unit = f" {q.unit}" if q.unit else ""
    verdict = within(snap, snap.mine)
    line = f"True answer: **{snap.true_answer}{unit}** (computed by the engine). "
    if snap.mine is None:
        line += "You did not answer."
    elif verdict:
        line += f"Yours, **{snap.mine}{unit}**, is right."
    else:
        gap = "" if q.kind == "choice" else f" ({float(snap.mine) - float(snap.true_answer):+,.4g}{unit})"
        line += f"Yours: **{snap.mine}{unit}**{gap}."
    (st.success if verdict else st.info)(line, icon=":material/lightbulb:")
    chart(tally_figure(snap, mine=snap.mine, height=320), "classroom.student.tally")


_SHOWN = "classroom.student.scene"  # the revealed step whose scene the page draws, or None
_IN_PAGE = "classroom.student.in_page"  # the whole page is running (not only the live fragment)


def _follow(snap) -> None:  # type: ignore[no-untyped-def]
    """Keep the scene below the live fragment in step with the room: a reveal (or the next
    question) seen by a fragment rerun reruns the whole page once, so the scene's chart is drawn
    outside the fragment and not sent again every second."""
    want = snap.step if snap.state == "revealed" else None
    if st.session_state.get(_SHOWN, None) != want:
        st.session_state[_SHOWN] = want
        if not st.session_state.get(_IN_PAGE):
            st.rerun()


def student_screen(code: str, pid: str) -> None:
    """Room ``code`` as participant ``pid`` sees it; an unknown id is asked to join again."""
    try:
        joined = service().is_participant(code, pid)
        service().snapshot(code)
    except RoomGone as exc:
        st.warning(f"{exc}. Check the code on the screen.", icon=":material/warning:")
        join_form()
        return
    if not joined:
        st.info(f"Join room **{normalise_code(code)}**:", icon=":material/waving_hand:")
        join_form(code)
        return
    nick = st.session_state.get("classroom.nickname")
    st.caption(f"Room **{normalise_code(code)}**{f' · you are {nick}' if nick else ''} · your answers are anonymous.")
    st.session_state[_IN_PAGE] = True
    try:
        _live(code, pid)
    finally:
        st.session_state[_IN_PAGE] = False
    step = st.session_state.get(_SHOWN)
    if step is not None and (found := reveal.scene(normalise_code(code), step)) is not None:
        reveal.draw(found, key="classroom.student.play", play=f"{normalise_code(code)}.{step}")
